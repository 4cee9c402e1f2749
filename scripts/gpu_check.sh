#!/usr/bin/env bash
# One command for a machine with a GPU: the whole test suite on cuda, the determinism and
# CUDA-vs-CPU kernel checks, and the PyTorch comparison benchmark (when present), with logs
# and results under benchmarks/results/.
#   usage: scripts/gpu_check.sh            (from anywhere; uses $PYTHON or python3)
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
OUT="benchmarks/results/gpu-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
status=0

"$PY" - <<'PY' 2>&1 | tee "$OUT/machine.txt"
import platform, tinytorch
print("python", platform.python_version(), "tinytorch", tinytorch.__version__)
import cupy
print("cupy", cupy.__version__, "cuda runtime", cupy.cuda.runtime.runtimeGetVersion())
for i in range(cupy.cuda.runtime.getDeviceCount()):
    print("device", i, cupy.cuda.runtime.getDeviceProperties(i)["name"].decode())
assert tinytorch.cuda.is_available(), "no usable GPU: nothing to check"
PY
[ "${PIPESTATUS[0]}" -eq 0 ] || exit 1

echo "== NVRTC compile, kernels vs CPU, determinism"
TINYTORCH_TEST_DEVICES=cuda "$PY" -m pytest -q -p no:cacheprovider \
    tests/backends/test_nvrtc_compile.py tests/backends/test_cuda_kernels.py \
    2>&1 | tee "$OUT/kernels.txt" || status=1

echo "== tinytorch.distributed over NCCL (needs the distributed and nccl extras)"
"$PY" -m pytest -q -p no:cacheprovider -rs tests/distributed/test_nccl.py \
    2>&1 | tee "$OUT/nccl.txt" || status=1

echo "== whole test suite on cuda"
TINYTORCH_TEST_DEVICES=cuda "$PY" -m pytest -q -p no:cacheprovider tests \
    2>&1 | tee "$OUT/suite-cuda.txt" || status=1

if [ -f benchmarks/compare_torch.py ]; then
    echo "== benchmarks/compare_torch.py --device cuda"
    "$PY" benchmarks/compare_torch.py --device cuda 2>&1 | tee "$OUT/compare_torch.txt" \
        || status=1
else
    echo "benchmarks/compare_torch.py not present: benchmark skipped" | tee "$OUT/compare_torch.txt"
fi
echo "results in $OUT (exit $status)"
exit $status
