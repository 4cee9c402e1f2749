#!/usr/bin/env bash
# The main job: set up a fresh machine (virtual environment, pip, Debian's Fashion-MNIST
# package) and train the book's CNN on the real data, printing progress, the test accuracy
# and the confusion matrix and saving its plots under runs/main_job-<date>-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
DATA=/usr/share/datasets/fashion-mnist
if [ ! -d "$DATA" ] && command -v apt-get >/dev/null; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq dataset-fashion-mnist
fi
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[plot]"
exec "$VENV/bin/python" examples/main_job.py "$@"
