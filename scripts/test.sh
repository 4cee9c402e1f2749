#!/usr/bin/env bash
# Run the whole tinytorch test suite on a fresh machine: creates .venv, installs tinytorch with
# its test extras (PyTorch CPU for parity tests, CuPy + NVRTC to compile the CUDA kernels,
# mpi4py + MPICH's wheel for the 2-process tinytorch.distributed tests, Sphinx for the docs build
# test), then runs pytest on both cores. Extra arguments go to pytest (e.g. -m "not slow").
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
# The parity reference is PyTorch 2.13's CPU wheel (a local file on these machines; elsewhere
# PyPI's 2.13.0). Unpinned, pip takes the newest release, whose Linux wheel is the CUDA build:
# gigabytes of NVIDIA libraries downloaded on every fresh CI machine for CPU-only tests.
"$VENV/bin/python" -m pip install -q -e ".[test,torch,plot,yaml,tensorboard,nvrtc,distributed,bench,docs]" \
    "torch==2.13.*"
exec "$VENV/bin/python" -m pytest -n 2 "$@"
