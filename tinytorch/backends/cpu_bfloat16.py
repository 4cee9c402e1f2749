"""bfloat16 and float16 on the CPU: NumPy arrays of ml_dtypes' ``bfloat16`` and NumPy's
``float16``.

NOTE [bfloat16 on the CPU]
NumPy has no bfloat16; ml_dtypes (the JAX project's) registers one with NumPy: casts, and
ufunc loops that compute each element in float32 and round it to bfloat16, which is what
PyTorch's CPU kernels do, so the elementwise kernels need nothing here. NumPy's own float16
loops do the same. What does (for both dtypes, the "low" ones; an array's ``dtype.char`` is
"E" or "e"):
- reductions: ml_dtypes' ``add.reduce`` accumulates in bfloat16 (a thousand ones sum to 256);
  PyTorch accumulates in float32 and rounds the result once, and so do sum, mean, prod, var,
  cumsum … here;
- ``matmul`` of two bfloat16 arrays returns float32, ``einsum`` has no bfloat16 loop and
  NumPy's float16 GEMM is a loop without BLAS (~50x slower than float32's): all run as float32
  GEMMs rounded once, PyTorch's result (its low-precision GEMMs accumulate in float32);
- the kernels PyTorch runs as one native kernel with float32 arithmetic inside (softmax,
  cross entropy, the norms, convolution, pooling, resampling) run in float32 here and round
  their results once.
Each of those kernels converts its low arrays to float32, runs the float32 kernel and rounds
the float32 results to the low dtype (:func:`_in_float32`; a float16 overflow gives inf
without NumPy's warning, as PyTorch's); the norms keep their saved mean and inverse standard
deviation in float32, as PyTorch does.

NOTE [bfloat16 arrays]
ml_dtypes' types are NumPy "void"-kind dtypes, and bfloat16 is the only one tinytorch admits
(``_dtype.from_native`` knows no other name), so ``array.dtype.kind == "V"`` is the cheap test
for a bfloat16 array, in the kernels here and where op code reads an array's kind ("fV":
floating point).

ml_dtypes is imported on the first bfloat16 use (:func:`native`), not with tinytorch: importing
version 0.7.0 took 1.5-2 s of CPU time on a loaded 2-core machine (0.5.4 and 0.6.0: 25-95 ms
of wall time there).
"""

import functools

import numpy as np

from tinytorch.backends.base import Backend


@functools.cache
def native():
    """NumPy's bfloat16 dtype (ml_dtypes'), importing ml_dtypes on the first call."""
    import ml_dtypes  # first bfloat16 use only: see NOTE [bfloat16 arrays]
    return np.dtype(ml_dtypes.bfloat16)


LOW = "Ee"  # the dtype.char of bfloat16 and of float16


def _low(a):
    return isinstance(a, (np.ndarray, np.generic)) and a.dtype.char in LOW  # a 0-d result's


def _up(a):
    """A low array as float32; anything else as it is."""
    return a.astype(np.float32) if _low(a) else a


def _in_float32(kernel, *args):
    """``kernel(*args)`` with each low array argument as float32, its float32 results rounded
    to the first low argument's dtype."""
    low = next(a.dtype for a in args if _low(a))
    return _rounded(kernel(*[_up(a) for a in args]), low)


def _rounded(out, low):
    if isinstance(out, tuple):
        return tuple(_rounded(o, low) for o in out)
    if isinstance(out, (np.ndarray, np.generic)) and out.dtype == np.float32:
        return _down(out, low)  # a NumPy scalar (1-D @ 1-D) stays one
    return out


def _down(a, low):
    """float32 ``a`` rounded to ``low``: beyond float16's range inf, quietly (PyTorch's)."""
    with np.errstate(over="ignore"):
        return a.astype(low)


# sum and matmul are called from the CPU backend's own kernels, which test the dtype only where
# they already branch on it: a method here would cost every float32 call a Python frame.
def sum(a, axis, keepdims):  # noqa: A001 (the kernel's name)
    """The sum of a low array, accumulated in float32 and rounded once."""
    return _down(np.asarray(np.add.reduce(a, axis, np.float32, None, keepdims)), a.dtype)


def matmul(backend, a, b):
    """``a @ b`` of low arrays: the backend's float32 GEMM, rounded once."""
    return _in_float32(backend.matmul, a, b)


class CPUBFloat16Kernels:
    """Mixin of the CPU backend: the kernels of NOTE [bfloat16 on the CPU]. Each passes any
    other dtype straight to the next implementation."""

    def where(self, cond, a, b):  # the next kernel, plus one type test
        if type(a) is float and isinstance(b, (np.ndarray, np.generic)) and b.dtype.kind == "V":
            a = b.dtype.type(a)  # np.where makes (Python float, bfloat16 array or scalar) float32
        return super().where(cond, a, b)

    # --- reductions ----------------------------------------------------------------------
    def mean(self, a, axis=None, keepdims=False):
        if a.dtype.char not in LOW or not a.size:  # an empty one: NumPy's warning (see mean)
            return super().mean(a, axis, keepdims)
        return _down(np.mean(a, axis, np.float32, keepdims=keepdims), a.dtype)

    def prod(self, a, axis=None, keepdims=False):
        if a.dtype.char not in LOW:
            return super().prod(a, axis, keepdims)
        return _down(np.prod(a, axis, np.float32, keepdims=keepdims), a.dtype)

    def cumsum(self, a, axis):
        if a.dtype.char not in LOW:
            return super().cumsum(a, axis)
        return _down(np.cumsum(a, axis, np.float32), a.dtype)

    def cumprod(self, a, axis):
        if a.dtype.char not in LOW:
            return super().cumprod(a, axis)
        return _down(np.cumprod(a, axis, np.float32), a.dtype)

    # --- linear algebra (matmul: CPUParallelKernels.matmul calls :func:`matmul`) -----------
    def addmm(self, c, a, b):  # PyTorch's: the bias added in float32, one rounding
        if not _low(a):
            return super().addmm(c, a, b)
        return _in_float32(super().addmm, c, a, b)

    def einsum(self, subscripts, *operands):
        if not any(a.dtype.char in LOW for a in operands):
            return super().einsum(subscripts, *operands)
        return _in_float32(functools.partial(super().einsum, subscripts), *operands)

    # --- kernels with their own bfloat16 path (the rest: _IN_FLOAT32 below) ---------------
    def hardtanh(self, x, min_val, max_val):
        if x.dtype.kind != "V":
            return super().hardtanh(x, min_val, max_val)
        return self.clip(x, min_val, max_val)

    def attention_softmax_(self, scores, scale, bias, safe):
        if scores.dtype.char not in LOW:
            return super().attention_softmax_(scores, scale, bias, safe)
        scores[...] = super().attention_softmax_(_up(scores), scale, _up(bias), safe)
        return scores

    def batch_norm(self, x, weight, bias, running_mean, running_var, training, momentum, eps):
        kernel = super().batch_norm
        if x.dtype.char not in LOW:
            return kernel(x, weight, bias, running_mean, running_var, training, momentum, eps)
        # the running statistics, updated in place, pass as they are
        y, mean, invstd = kernel(_up(x), _up(weight), _up(bias), running_mean, running_var,
                                 training, momentum, eps)
        return _down(y, x.dtype), mean, invstd

    def layer_norm(self, x, normalized_ndim, weight, bias, eps):
        if x.dtype.char not in LOW:
            return super().layer_norm(x, normalized_ndim, weight, bias, eps)
        y, mean, invstd = super().layer_norm(_up(x), normalized_ndim, _up(weight), _up(bias), eps)
        return _down(y, x.dtype), mean, invstd

    def rms_norm(self, x, normalized_ndim, weight, eps):
        if x.dtype.char not in LOW:
            return super().rms_norm(x, normalized_ndim, weight, eps)
        y, invrms = super().rms_norm(_up(x), normalized_ndim, _up(weight), eps)
        return _down(y, x.dtype), invrms

    def affine_sample(self, x, matrices, interpolation, fill_mode, fill_value):
        kernel = super().affine_sample
        if x.dtype.char not in LOW:
            return kernel(x, matrices, interpolation, fill_mode, fill_value)
        # the output has x's dtype whatever the matrices' (float32 or float64) is
        return _down(kernel(x.astype(np.float32), matrices, interpolation, fill_mode,
                            fill_value), x.dtype)


def _via_float32(name, probe):
    """The kernel ``name`` of the CPU backend: the next implementation's as it is, or, when its
    argument ``probe`` is a low array, run on float32 copies and rounded once."""
    def kernel(self, *args):
        next_kernel = getattr(super(CPUBFloat16Kernels, self), name)
        if args[probe].dtype.char not in LOW:
            return next_kernel(*args)
        return _in_float32(next_kernel, *args)
    # The contract's name, docstring and signature (through __wrapped__), which
    # tests/backends/test_contract.py checks every kernel against.
    functools.update_wrapper(kernel, getattr(Backend, name))
    kernel.__qualname__ = f"{CPUBFloat16Kernels.__name__}.{name}"
    return kernel


# The kernels PyTorch runs in float32 inside (reductions, activations, the softmax family and
# cross entropy, the norms' backward, convolution, pooling, resampling), with the argument whose
# dtype decides.
_IN_FLOAT32 = {
    "var": 0, "logsumexp": 0, "flip_cumsum": 0,
    "sigmoid": 0, "silu": 0, "silu_backward": 1, "mish": 0, "mish_backward": 1,
    "elu": 0, "elu_backward": 1, "gelu": 0, "gelu_backward": 1,
    "softmax": 0, "softmax_backward": 0, "log_softmax": 0, "log_softmax_backward": 0,
    "cross_entropy": 0, "cross_entropy_backward": 1,
    "batch_norm_backward": 1, "layer_norm_backward": 1, "rms_norm_backward": 1,
    "conv2d": 0, "conv2d_backward_input": 0, "conv2d_backward_weight": 0,
    "avg_pool2d": 0, "avg_pool2d_backward": 0,
    "adaptive_avg_pool2d": 0, "adaptive_avg_pool2d_backward": 0,
    "upsample_nearest2d": 0, "upsample_nearest2d_backward": 0,
    "upsample_bilinear2d": 0, "upsample_bilinear2d_backward": 0,
    "interpolate": 0, "interpolate_backward": 0,
    "grid_sample": 0, "grid_sample_backward": 1,
    "erf": 0, "erfc": 0, "erfinv": 0, "sinc": 0,  # mathD: series and NumPy's Python-level sinc
    "lgamma": 0, "digamma": 0, "polygamma": 1, "ndtri": 0, "log_ndtr": 0,  # specialE: series
}
for _name, _probe in _IN_FLOAT32.items():
    setattr(CPUBFloat16Kernels, _name, _via_float32(_name, _probe))
