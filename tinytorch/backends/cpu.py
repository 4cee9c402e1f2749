"""The CPU backend: NumPy arrays, float32 kept float32 (never silently upcast)."""

import functools
import warnings

import numpy as np

from tinytorch import _dtype
from tinytorch._device import device
from tinytorch.backends import _heap
from tinytorch.backends import cpu_bfloat16
from tinytorch.backends import threads
from tinytorch.backends._array_api import ArrayAPIBackend
from tinytorch.backends.cpu_bfloat16 import CPUBFloat16Kernels
from tinytorch.backends.cpu_parallel import CPUParallelKernels


# NOTE [Quiet floating-point results]
# NumPy reports an IEEE special result (log(0) = -inf, 1/0 = inf, 0/0 = nan, exp overflow) with
# a RuntimeWarning attributed to the calling line, here one of our kernels; PyTorch returns the
# same values silently, so a script that runs quietly under PyTorch would print warnings here.
# np.errstate around each kernel costs ~2.7 us a call (a tiny-graph step is ~90 us), and
# np.seterr would also silence the user's own NumPy code; a warnings filter that matches only
# these messages from tinytorch's modules costs nothing until a warning fires. Not only the
# backend's: a kernel that is a C function (``add_`` is ``operator.iadd``) is attributed to its
# caller in tinytorch._ops (param.add_(d) with inf - inf warned there).
# pytest's ``filterwarnings = error`` (setup.cfg) takes precedence over it: in the test suite an
# unexpected inf or nan still fails, and tests that expect one say so.
warnings.filterwarnings("ignore", r"(divide by zero|invalid value|overflow|underflow) encountered",
                        RuntimeWarning, r"tinytorch\.")

_WHOLE_SUM_GEMV = 1 << 16  # elements from which a whole-array sum is a GEMV (NOTE [Row reductions])


def _ones(shape, dtype):
    """np.ones without its two Python-level calls (it runs in every row sum)."""
    out = np.empty(shape, dtype)
    out.fill(1)
    return out


class CPUBackend(CPUBFloat16Kernels, CPUParallelKernels, ArrayAPIBackend):
    """NumPy implementation of the backend contract."""

    xp = np
    device = device("cpu")
    to_array = staticmethod(np.asarray)  # every 0-d result passes here: no Python frame

    def __init__(self):
        self.heap_reuse = _heap.configure()  # see NOTE [Heap reuse]
        threads.pin_blas()  # see NOTE [CPU threads]

    # NOTE [Row reductions]
    # NumPy reduces a short contiguous last axis with one small inner loop per row: the max
    # of a (100, 10) float32 array takes ~5.5 us, a gather at its argmax ~1.9 us (argmax finds
    # the first NaN, so NaN still propagates), and a product with a ones vector (one GEMV)
    # sums the rows in 1.8 us instead of 2.7 (17 vs 6 us at (100, 1000)). Softmax and
    # log-softmax over the classes of (N, C) logits run these on every training step.
    # Summing the rows of a 2-D array (a bias gradient) is a GEMV too: 1.6 vs 2.1 us at
    # (100, 10), 4.0 vs 5.7 at (128, 512), 2.8 vs 14 at (1000, 10). A convolution's bias
    # gradient, the sum of (N, O, H, W) over N, H and W, is two: each sample's (O, H*W) rows
    # times ones, then the samples' sum (~3x faster than the multi-axis reduction).
    # Summing a whole large array (a loss over big activations) is its rows' GEMV, then a
    # pairwise sum of the row sums: 47 vs 188 us at (1000, 1000) float32, 6 vs 11 at
    # (64, 1024). Its error against a float64 sum stayed within ~2x of NumPy's pairwise sum
    # and of PyTorch's over (1000, 1000), (100, 10000), (10000, 100), (65536, 16), (32, 64, 64).
    def sum(self, a, axis=None, keepdims=False, dtype=None):
        if dtype is not None:
            return _c_order(super().sum(a, axis, keepdims, dtype))
        if axis == 0 and a.ndim == 2 and not keepdims and a.dtype.char in "fd":
            return _ones(a.shape[0], a.dtype) @ a
        if (axis is None and a.size >= _WHOLE_SUM_GEMV and not keepdims and a.ndim > 1
                and a.shape[-1] >= 16 and a.dtype.char in "fd" and a.flags.c_contiguous):
            n = a.shape[-1]
            return np.add.reduce(a.reshape(-1, n) @ _ones(n, a.dtype))
        if axis == (0, 2, 3) and a.ndim == 4 and not keepdims and a.dtype.char in "fd":
            n, o, h, w = a.shape
            return _ones(n, a.dtype) @ (a.reshape(n, o, h * w) @ _ones(h * w, a.dtype))
        if a.dtype.char in cpu_bfloat16.LOW:  # see NOTE [bfloat16 on the CPU]
            return _c_order(cpu_bfloat16.sum(a, axis, keepdims))
        out = np.add.reduce(a, axis, None, None, keepdims)  # a.sum() without its Python layer
        return out if axis is None else _c_order(out)  # a whole sum (the common loss) is 0-d

    def _max_keepdims(self, x, axis):
        if x.ndim != 2 or axis not in (1, -1) or not x.shape[1]:
            return super()._max_keepdims(x, axis)
        return x[np.arange(x.shape[0]), x.argmax(axis=1)][:, None]

    def _sum_keepdims(self, x, axis):
        if x.ndim != 2 or axis not in (1, -1) or x.dtype.char not in "fd":
            return super()._sum_keepdims(x, axis)
        return x @ _ones((x.shape[1], 1), x.dtype)

    def _new_native(self, dtype):
        if dtype is _dtype.bfloat16:
            return cpu_bfloat16.native()
        return super()._new_native(dtype)

    # The state of a PCG64 Generator (NumPy's default_rng) as 37 bytes: its 128-bit state and
    # increment, whether a 32-bit half of the last draw is buffered, and that half.
    def rng_state(self, rng):
        state = rng.bit_generator.state
        return (state["state"]["state"].to_bytes(16, "little")
                + state["state"]["inc"].to_bytes(16, "little")
                + bytes([state["has_uint32"]]) + state["uinteger"].to_bytes(4, "little"))

    def rng_from_state(self, state):
        if len(state) != 37 or state[32] > 1:
            raise ValueError("not a CPU generator state")
        rng = np.random.Generator(np.random.PCG64())
        rng.bit_generator.state = {
            "bit_generator": "PCG64",
            "state": {"state": int.from_bytes(state[:16], "little"),
                      "inc": int.from_bytes(state[16:32], "little")},
            "has_uint32": state[32], "uinteger": int.from_bytes(state[33:], "little")}
        return rng

    def from_host(self, array):
        return array

    def to_host(self, a):
        return a


# NOTE [Contiguous reductions]
# NumPy's reductions keep their input's memory order: the sum over dim 1 of a permuted array is
# itself permuted, so a .view() of it raised here where PyTorch's works. PyTorch's reductions
# return contiguous results (for channels-last inputs too), so the CPU backend copies a result
# that is not contiguous: a copy of the reduced array, made only then. CuPy's reductions
# allocate contiguous results already. ``sum`` checks its own result (in the hot path).
_REDUCTIONS = ("mean", "prod", "var", "amax", "amin", "argmax", "argmin", "logsumexp",
               "all", "any")


def _c_order(out):
    """``out`` itself when C-contiguous, else a C-contiguous copy (NOTE [Contiguous
    reductions])."""
    return out if out.flags.c_contiguous else np.ascontiguousarray(out)


def _contiguous_result(kernel):
    """``kernel`` with its array result made C-contiguous (NOTE [Contiguous reductions])."""
    return functools.update_wrapper(lambda self, *args, **kwargs: _c_order(
        kernel(self, *args, **kwargs)), kernel)


for _name in _REDUCTIONS:
    setattr(CPUBackend, _name, _contiguous_result(getattr(CPUBackend, _name)))


def get_cpu_capability():
    """The widest SIMD level the CPU kernels use, under PyTorch's names
    (``torch.backends.cpu.get_cpu_capability``): tinytorch's CPU kernels are NumPy's, so this
    is the level NumPy dispatches to on this CPU.

    Returns:
        str: ``'AVX512'`` (AVX-512 F/CD/BW/DQ/VL), ``'AVX2'`` (AVX2 with FMA) or
        ``'DEFAULT'``.

    >>> import tinytorch
    >>> tinytorch.backends.cpu.get_cpu_capability() in ("AVX512", "AVX2", "DEFAULT")
    True
    """
    features = np._core._multiarray_umath.__cpu_features__
    if features.get("AVX512_SKX"):
        return "AVX512"
    if features.get("AVX2") and features.get("FMA3"):
        return "AVX2"
    return "DEFAULT"
