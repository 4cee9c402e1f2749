#!/usr/bin/env bash
# Build the API reference (Sphinx: docs/api/conf.py, sources docs/) into docs/_build/html,
# offline, with every warning an error. Installs the `docs` extra into the venv first.
# Open docs/_build/html/api/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q -e ".[docs]"
rm -rf docs/_build/html docs/_build/doctrees
exec "$VENV/bin/python" -m sphinx -b html -W --keep-going -q -c docs/api \
    -d docs/_build/doctrees docs docs/_build/html "$@"
