#!/usr/bin/env bash
# Run the CUDA backend without a GPU: our raw kernels compiled as host C++ (build.py) behind a
# NumPy stand-in for CuPy (cupy/), so the backend's Python code and every kernel's logic can
# be checked against the CPU backend here. A development aid, not a GPU test: it says nothing
# about races, memory coalescing, CuPy's real API or speed (scripts/gpu_check.sh does that).
#   usage: scripts/cuda_emulator/run.sh [pytest args]
#   (default: tests/backends/test_cuda_kernels.py)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PY="${PYTHON:-python3}"
build="${TT_CUDA_EMU_BUILD:-${TMPDIR:-/tmp}/tinytorch-cuda-emu}"
export TT_CUDA_EMU_LIB="$build/libttemu.so"
export PYTHONPATH="$here:$root${PYTHONPATH:+:$PYTHONPATH}"
"$PY" "$here/build.py" "$build"
cd "$root"
if [ $# -eq 0 ]; then set -- tests/backends/test_cuda_kernels.py; fi
TINYTORCH_TEST_DEVICES=cuda "$PY" -m pytest -q -p no:cacheprovider "$@"
