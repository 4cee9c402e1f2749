"""Reductions over ``dim`` (int, tuple, negative, or None for all) with ``keepdim``: sum, mean,
prod, var/std, max/min, amax/amin, argmax/argmin, logsumexp, cumsum, norm, all, any. Their
docstrings are in ``tinytorch/_torch_docs_reduce.py``."""

import math
import warnings

from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import pointwise
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import return_type
from tinytorch._ops._util import wrap_dim
from tinytorch._ops._util import wrap_dims
from tinytorch._ops._util import zero_gradient
from tinytorch.amp import autocast_mode as _autocast


def _expand_back(be, g, shape, axis, keepdim):
    """Broadcast a reduced gradient back to the input's ``shape``."""
    if axis is not None and not keepdim:
        g = be.expand_dims(g, axis)
    return be.broadcast_to(g, shape)


def _count(shape, axis):
    n = 1
    for d in (range(len(shape)) if axis is None else axis):
        n *= shape[d]
    return n


class Sum(Op):
    """y = Σ x over axis.  dL/dx = g broadcast back."""

    # axis, keepdim and dtype are options, not inputs: nothing to record or check for them
    @staticmethod
    def forward(ctx, x, *, axis, keepdim, dtype):
        ctx.meta = (x.shape, axis, keepdim)
        if axis is not None:  # NOTE [Node names]
            ctx.node_name = "SumBackward1"
        return ctx.backend.sum(x, axis, keepdim, dtype)

    @staticmethod
    def backward(ctx, g):
        shape, axis, keepdim = ctx.meta
        return _expand_back(ctx.backend, g, shape, axis, keepdim)


class Mean(Op):
    """y = mean x over axis.  dL/dx = g / n broadcast back."""

    @staticmethod
    def forward(ctx, x, *, axis, keepdim):
        ctx.meta = (x.shape, axis, keepdim)
        ctx.n = _count(x.shape, axis)
        if axis is not None:
            ctx.node_name = "MeanBackward1"
        return ctx.backend.mean(x, axis, keepdim)

    @staticmethod
    def backward(ctx, g):
        shape, axis, keepdim = ctx.meta
        be = ctx.backend
        return _expand_back(be, be.div(g, ctx.n), shape, axis, keepdim)


class Prod(Op):
    """y = Π x over one axis (or all).  dL/dx_i = g Π_{j≠i} x_j, built from exclusive
    cumulative products from both sides, so inputs containing zeros get exact gradients."""

    @staticmethod
    def forward(ctx, x, axis, keepdim):
        y = ctx.backend.prod(x, axis, keepdim)
        ctx.save_for_backward(x, y)  # y unused, saved as by PyTorch: writing it in place raises
        ctx.meta = (axis, keepdim)
        if axis is not None:
            ctx.node_name = "ProdBackward1"
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, _ = ctx.saved_tensors
        axis, keepdim = ctx.meta
        flat = be.reshape(x, (-1,)) if axis is None else x
        ax = 0 if axis is None else axis
        others = be.mul(exclusive_cumprod(be, flat, ax, False),
                        exclusive_cumprod(be, flat, ax, True))
        g = _expand_back(be, g, x.shape, axis, keepdim)
        return be.mul(g, be.reshape(others, x.shape)), None, None


def exclusive_cumprod(be, x, axis, reverse):
    """out[i] = Π_{j<i} x[j] along ``axis`` (Π_{j>i} when ``reverse``)."""
    if reverse:
        x = be.flip(x, (axis,))
    width = [(0, 0)] * x.ndim
    width[axis] = (1, 0)
    index = [slice(None)] * x.ndim
    index[axis] = slice(0, -1)
    out = be.getitem(be.cumprod(be.pad(x, tuple(width), 1), axis), tuple(index))
    return be.flip(out, (axis,)) if reverse else out


class Var(Op):
    """v = Σ (x - x̄)² / (N - c).  dL/dx = 2 g (x - x̄) / (N - c).
    With ``root``, y = √v (std) and g becomes g / (2y), taken as 0 where y = 0 (PyTorch)."""

    @staticmethod
    def forward(ctx, x, axis, correction, keepdim, root):
        y = ctx.backend.var(x, axis, correction, keepdim)
        if root:
            y = ctx.backend.sqrt(y)
            ctx.save_for_backward(x, y)
            ctx.node_name = "StdBackward0"
        else:  # var's backward needs only x: an in-place write to v must not break it
            ctx.save_for_backward(x)
        ctx.meta = (axis, correction, keepdim, root)
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, *y = ctx.saved_tensors
        axis, correction, keepdim, root = ctx.meta
        if root:
            y, = y
            zero = be.eq(y, 0)
            g = be.where(zero, 0, be.div(g, be.mul(be.where(zero, 1, y), 2)))
        dof = _count(x.shape, axis) - correction
        centered = be.sub(x, be.mean(x, axis, True))
        scale = 2.0 / dof if dof > 0 else math.nan
        g = _expand_back(be, g, x.shape, axis, keepdim)
        return be.mul(g, be.mul(centered, scale)), None, None, None, None


# PyTorch's names: amin, min() of everything; amax, max() (NOTE [Node names])
_EXTREME_NAMES = (("AminBackward0", "MinBackward1"), ("AmaxBackward0", "MaxBackward1"))


class Extreme(Op):
    """y = max (or min) of x over axis.  The gradient is split evenly among tied extremes:
    dL/dx = g (x == y) / count(x == y) (amax/amin: a NaN result gives NaN, as PyTorch's).
    ``evenly`` (max()/min() of everything, PyTorch's evenly_distribute_backward): a NaN
    result shares g among the NaNs, and without a match nothing gets any."""

    @staticmethod
    def forward(ctx, x, axis, keepdim, largest, evenly=False):
        be = ctx.backend
        y = be.amax(x, axis, keepdim) if largest else be.amin(x, axis, keepdim)
        ctx.save_for_backward(x, y)
        ctx.meta = (axis, keepdim, evenly)
        ctx.node_name = _EXTREME_NAMES[largest][evenly]
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, y = ctx.saved_tensors
        axis, keepdim, evenly = ctx.meta
        dtype = _dtype.from_native(x.dtype)
        y = _expand_back(be, y, x.shape, axis, keepdim)
        g = _expand_back(be, g, x.shape, axis, keepdim)
        if not evenly:  # a NaN result matches nothing: NaN for its whole slice, as PyTorch's
            mask = be.astype(be.eq(x, y), dtype)
            count = be.sum(mask, axis, True)
            share = be.where(be.eq(count, 0), math.nan, be.div(g, be.maximum(count, 1)))
            return be.mul(share, mask), None, None
        mask = be.logical_or(be.eq(x, y), be.logical_and(be.isnan(x), be.isnan(y)))
        count = be.maximum(be.sum(be.astype(mask, dtype), axis, True), 1)
        return be.where(mask, be.div(g, count), 0), None, None


def select_along(ctx, x, idx, axis, keepdim):
    """(values, indices): x at the int64 positions ``idx`` (``axis`` kept, size 1), kept for
    :class:`ExtremeDim`'s backward (shared by the ops that pick one entry per line)."""
    be = ctx.backend
    values = be.take_along_axis(x, idx, axis)
    ctx.save_for_backward(idx)
    ctx.meta = (x.shape, _dtype.from_native(x.dtype), axis, keepdim)
    if not keepdim:
        values, idx = be.squeeze(values, (axis,)), be.squeeze(idx, (axis,))
    ctx.mark_non_differentiable(idx)
    return values, idx


class ExtremeDim(Op):
    """(values, indices) = max (or min) of x along one axis.  dL/dx = g scattered to the
    positions in ``indices`` (the first extreme of each slice)."""

    @staticmethod
    def forward(ctx, x, axis, keepdim, largest):
        be = ctx.backend
        idx = be.argmax(x, axis, True) if largest else be.argmin(x, axis, True)
        ctx.node_name = "MaxBackward0" if largest else "MinBackward0"
        return select_along(ctx, x, idx, axis, keepdim)

    @staticmethod
    def backward(ctx, g, g_indices):
        be = ctx.backend
        (idx,) = ctx.saved_tensors
        shape, dtype, axis, keepdim = ctx.meta
        if not keepdim:
            g = be.expand_dims(g, axis)
        return be.scatter(be.zeros(shape, dtype), axis, idx, g), None, None


class NoGrad(Op):
    """argmax/argmin/all/any and the counting ops (unique, bincount, searchsorted, isin):
    integer or bool results (or distinct values picked out), so no gradient.
    ``kernel(be, *args)`` calls the backend's kernel on the positional arguments."""

    differentiable = False

    @staticmethod
    def forward(ctx, *args, kernel):
        return kernel(ctx.backend, *args)


class LogSumExp(Op):
    """y = log Σ e^x over axis (max-shifted).  dL/dx = g e^(x - y)."""

    node_name = "LogsumexpBackward0"

    @staticmethod
    def forward(ctx, x, axis, keepdim):
        y = ctx.backend.logsumexp(x, axis, keepdim)
        ctx.save_for_backward(x, y)
        ctx.meta = (axis, keepdim)
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, y = ctx.saved_tensors
        axis, keepdim = ctx.meta
        weights = be.exp(be.sub(x, _expand_back(be, y, x.shape, axis, keepdim)))
        return be.mul(_expand_back(be, g, x.shape, axis, keepdim), weights), None, None


class CumSum(Op):
    """y_i = Σ_{j<=i} x_j along axis.  dL/dx_i = Σ_{j>=i} g_j (reverse cumulative sum)."""

    node_name = "CumsumBackward0"

    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        return ctx.backend.cumsum(x, axis)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.flip_cumsum(g, ctx.axis), None


class Norm(Op):
    """y = (Σ |x|^p)^(1/p) over axis; p = ±inf: max/min |x|; p = 0: count of nonzeros; p < 0:
    y = 0 where an x is 0. dL/dx = g sign(x) |x|^(p-1) / y^(p-1) (0 where y = 0); ±inf: split
    among tied extremes; p = 0: no gradient."""

    node_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, x, axis, keepdim, p):
        be = ctx.backend
        ax = be.abs(x)
        if p == 2:
            y = be.sqrt(be.sum(be.mul(x, x), axis, keepdim))
        elif p == 1:
            y = be.sum(ax, axis, keepdim)
        elif math.isinf(p):
            y = (be.amax if p > 0 else be.amin)(ax, axis, keepdim)
        elif p == 0:
            y = be.sum(be.astype(be.ne(x, 0), _dtype.from_native(x.dtype)), axis, keepdim)
        elif p < 0:  # a zero makes |x|^p infinite and y zero (without NumPy's warning)
            zero = be.eq(ax, 0)
            powers = be.where(zero, math.inf, be.pow(be.where(zero, 1, ax), p))
            y = be.pow(be.sum(powers, axis, keepdim), 1.0 / p)
        else:
            y = be.pow(be.sum(be.pow(ax, p), axis, keepdim), 1.0 / p)
        ctx.save_for_backward(x, y)
        ctx.meta = (axis, keepdim, p)
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, y = ctx.saved_tensors
        axis, keepdim, p = ctx.meta
        g = _expand_back(be, g, x.shape, axis, keepdim)
        y = _expand_back(be, y, x.shape, axis, keepdim)
        if p == 0:
            return zero_gradient(be, g), None, None
        if p == 1:
            return be.mul(g, be.sign(x)), None, None
        if math.isinf(p):
            mask = be.astype(be.eq(be.abs(x), y), _dtype.from_native(x.dtype))
            share = be.div(mask, _expand_back(be, be.sum(mask, axis, True), x.shape, None, True))
            return be.mul(be.mul(g, be.sign(x)), share), None, None
        safe_y = be.where(be.eq(y, 0), 1, y)
        if p == 2:
            return be.mul(g, be.div(x, safe_y)), None, None
        safe_x = be.where(be.eq(x, 0), 1, be.abs(x))  # sign(x) = 0 there anyway
        ratio = be.div(be.mul(be.sign(x), be.pow(safe_x, p - 1)), be.pow(safe_y, p - 1))
        # y = 0: every x is 0 (p > 0) or one is (p < 0, where y^(1-p) = 0): no gradient
        return be.mul(g, be.where(be.eq(y, 0), 0, ratio)), None, None


# --- argument handling --------------------------------------------------------------------------
def _dims(dim, ndim, op):
    """Like wrap_dims, but ``()`` / ``[]`` mean every dim (PyTorch's reading)."""
    if dim is not None and not hasattr(dim, "__index__") and len(dim) == 0:
        return None
    return wrap_dims(dim, ndim, op)


def _reduce_dtype(input, dtype, op):
    if dtype is not None:
        return _dtype.to_dtype(dtype, op)
    if input._data.dtype.kind not in "fV":  # bool and integers sum in int64 (V: bfloat16)
        return _dtype.int64
    return None


def _float_input(input, op):
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. "
                           f"Got {_dtype.SCALAR_TYPE_NAMES[input.dtype]}")


def _check_nonempty(input, axis, op, exc=IndexError):
    """PyTorch refuses max-like reductions with no identity over empty dims."""
    if axis is None:
        if input.numel() == 0:
            raise exc(f"{op}(): Expected reduction dim to be specified for input.numel() == 0. "
                      "Specify the reduction dim with the 'dim' argument.")
        return
    for d in axis:
        if input.shape[d] == 0:
            raise IndexError(f"{op}(): Expected reduction dim {d} to have non-zero size.")


def named_pair(name):
    """A (values, indices) named tuple printed like ``torch.return_types.<name>``."""
    return return_type(name, ["values", "indices"])


return_types_max = named_pair("max")
return_types_min = named_pair("min")


# --- public functions --------------------------------------------------------------------------
def sum(input, dim=None, keepdim=False, *, dtype=None):
    if _autocast.on:
        dtype = _autocast.opt_dtype("sum", input, dtype)
    axis = None if dim is None else _dims(dim, input.ndim, "sum")
    if dtype is not None or input._data.dtype.kind not in "fV":
        dtype = _reduce_dtype(input, dtype, "sum")
    return Sum.apply(input, axis=axis, keepdim=keepdim, dtype=dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        input = input.to(dtype)
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            f"mean(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {_dtype.SCALAR_TYPE_NAMES[input.dtype]}")
    return Mean.apply(input, axis=_dims(dim, input.ndim, "mean"), keepdim=keepdim)


def prod(input, dim=None, keepdim=False, *, dtype=None):
    if _autocast.on:
        (input,) = _autocast.cast("prod", input)
        dtype = _autocast.opt_dtype("prod", input, dtype)
    target = _reduce_dtype(input, dtype, "prod")
    if target is not None:
        input = input.to(target)
    axis = None if dim is None or input.ndim == 0 else wrap_dim(dim, input.ndim, "prod")
    return Prod.apply(input, axis, keepdim)


def _correction(dim, unbiased, correction, op):
    if isinstance(dim, bool):  # the old signature var(input, unbiased)
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{op}() received an invalid combination of arguments: pass either "
                        f"unbiased={unbiased} or correction={correction}, not both")
    if correction is None:
        correction = 0 if unbiased is False else 1
    return dim, correction


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _var(input, dim, unbiased, keepdim, correction, "var")


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _var(input, dim, unbiased, keepdim, correction, "std")


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _with_mean(input, dim, unbiased, keepdim, correction, "var")


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _with_mean(input, dim, unbiased, keepdim, correction, "std")


def _with_mean(input, dim, unbiased, keepdim, correction, op):
    spread = _var(input, dim, unbiased, keepdim, correction, op + "_mean")
    return spread, mean(input, None if isinstance(dim, bool) else dim, keepdim)


def _var(input, dim, unbiased, keepdim, correction, op):
    dim, correction = _correction(dim, unbiased, correction, op)
    if not input.dtype.is_floating_point:
        names = op if op.endswith("_mean") else "std and var"
        raise RuntimeError(f"{names} only support floating point and complex dtypes")
    axis = _dims(dim, input.ndim, op)
    if _count(input.shape, axis) - correction <= 0:
        warnings.warn(f"{op}(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the reduction factor (input numel divided by output numel).",
                      UserWarning, stacklevel=3)
    return Var.apply(input, axis, correction, keepdim, op.startswith("std"))


def _max_min(input, dim, keepdim, op):
    if is_tensor(dim):
        return (arithmetic.maximum if op == "max" else arithmetic.minimum)(input, dim)
    if dim is None:
        _check_nonempty(input, None, op, RuntimeError)
        return Extreme.apply(input, None, False, largest=op == "max", evenly=True)
    axis = wrap_dim(dim, input.ndim, op)
    pair = return_types_max if op == "max" else return_types_min
    if input.ndim == 0:
        values, indices = ExtremeDim.apply(shape.reshape(input, (1,)), 0, False,
                                           largest=op == "max")
        return pair(values, indices)
    _check_nonempty(input, (axis,), op)
    return pair(*ExtremeDim.apply(input, axis, keepdim, largest=op == "max"))


def max(input, dim=None, keepdim=False):
    return _max_min(input, dim, keepdim, "max")


def min(input, dim=None, keepdim=False):
    return _max_min(input, dim, keepdim, "min")


def _amax_amin(input, dim, keepdim, op):
    axis = _dims(dim, input.ndim, op)
    _check_nonempty(input, axis, op, RuntimeError)
    return Extreme.apply(input, axis, keepdim, largest=op == "amax")


def amax(input, dim=(), keepdim=False):
    return _amax_amin(input, dim, keepdim, "amax")


def amin(input, dim=(), keepdim=False):
    return _amax_amin(input, dim, keepdim, "amin")


def _arg(input, dim, keepdim, op, kernel):
    if input.dtype is _dtype.bool_:  # NOTE [Bool refusals]
        raise RuntimeError(f"{op}(): does not support bool input")
    if dim is None or input.ndim == 0:
        if dim is not None:
            wrap_dim(dim, 0, op)
        _check_nonempty(input, None, op)
        return NoGrad.apply(input, None, keepdim and input.ndim > 0, kernel=kernel)
    axis = wrap_dim(dim, input.ndim, op)
    _check_nonempty(input, (axis,), op)
    return NoGrad.apply(input, axis, keepdim, kernel=kernel)


def argmax(input, dim=None, keepdim=False):
    return _arg(input, dim, keepdim, "argmax",
                lambda be, x, axis, keepdim: be.argmax(x, axis, keepdim))


def argmin(input, dim=None, keepdim=False):
    return _arg(input, dim, keepdim, "argmin",
                lambda be, x, axis, keepdim: be.argmin(x, axis, keepdim))


def logsumexp(input, dim, keepdim=False):
    if _autocast.on:
        (input,) = _autocast.cast("logsumexp", input)
    input = pointwise._float(input)
    axis = _dims(dim, input.ndim, "logsumexp")
    return LogSumExp.apply(input, axis, keepdim)


def cumsum(input, dim, *, dtype=None):
    if _autocast.on:
        dtype = _autocast.opt_dtype("cumsum", input, dtype)
    target = _reduce_dtype(input, dtype, "cumsum")
    if target is not None:
        input = input.to(target)
    axis = wrap_dim(dim, input.ndim, "cumsum")
    if input.ndim == 0:
        return shape.scalar_result(CumSum.apply(shape.reshape(input, (1,)), 0))
    return CumSum.apply(input, axis)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    if _autocast.on:
        dtype = _autocast.opt_dtype("norm", input, dtype)
    if dtype is not None:
        input = input.to(dtype)
    _float_input(input, "linalg.vector_norm")
    if isinstance(p, str):
        if p != "fro":
            raise RuntimeError(f"norm(): p={p!r} is not supported; use 'fro', a number, inf "
                               "or -inf")
        if isinstance(dim, (tuple, list)) and len(dim) > 2:
            raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got "
                               f"{' '.join(str(d) for d in dim)} (norm with p='fro')")
        p = 2
    if p is None:
        p = 2
    axis = _dims(dim, input.ndim, "norm")
    reduced = input.shape if axis is None else [input.shape[a] for a in axis]
    if math.isinf(p) and 0 in reduced:
        raise RuntimeError(f"linalg.vector_norm cannot compute the {p} norm on an empty tensor "
                           "because the operation does not have an identity")
    return Norm.apply(input, axis, keepdim, p=float(p))


def _truth(input, result):
    """all's and any's result: bool, but uint8 for a uint8 input (PyTorch's)."""
    return result.to(_dtype.uint8) if input.dtype is _dtype.uint8 else result


def _truth_dims(dim, ndim, name):
    """all's and any's dims: an empty tuple or list reduces none (PyTorch's; sum's all)."""
    return () if isinstance(dim, (tuple, list)) and not dim else _dims(dim, ndim, name)


def all(input, dim=None, keepdim=False):
    return _truth(input, NoGrad.apply(input, _truth_dims(dim, input.ndim, "all"), keepdim,
                                      kernel=lambda be, x, axis, keepdim: be.all(x, axis,
                                                                                 keepdim)))


def any(input, dim=None, keepdim=False):
    return _truth(input, NoGrad.apply(input, _truth_dims(dim, input.ndim, "any"), keepdim,
                                      kernel=lambda be, x, axis, keepdim: be.any(x, axis,
                                                                                 keepdim)))
