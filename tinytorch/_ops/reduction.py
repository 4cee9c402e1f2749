"""Reductions over ``dim`` (int, tuple, negative, or None for all) with ``keepdim``."""

from tinytorch import _dtype
from tinytorch._ops._util import wrap_dims
from tinytorch.autograd.node import Op


def _expand_back(be, g, shape, axis, keepdim):
    """Broadcast a reduced gradient back to the input's ``shape``."""
    if axis is not None and not keepdim:
        g = be.expand_dims(g, axis)
    return be.broadcast_to(g, shape)


class Sum(Op):
    """y = Σ x over axis.  dL/dx = g broadcast back."""

    @staticmethod
    def forward(ctx, x, axis, keepdim, dtype):
        ctx.meta = (x.shape, axis, keepdim)
        return ctx.backend.sum(x, axis, keepdim, dtype)

    @staticmethod
    def backward(ctx, g):
        shape, axis, keepdim = ctx.meta
        return _expand_back(ctx.backend, g, shape, axis, keepdim), None, None, None


class Mean(Op):
    """y = mean x over axis.  dL/dx = g / n broadcast back."""

    @staticmethod
    def forward(ctx, x, axis, keepdim):
        ctx.meta = (x.shape, axis, keepdim)
        n = 1
        for d in (range(len(x.shape)) if axis is None else axis):
            n *= x.shape[d]
        ctx.n = n
        return ctx.backend.mean(x, axis, keepdim)

    @staticmethod
    def backward(ctx, g):
        shape, axis, keepdim = ctx.meta
        be = ctx.backend
        return _expand_back(be, be.div(g, ctx.n), shape, axis, keepdim), None, None


def _reduce_dtype(input, dtype):
    if dtype is not None:
        return _dtype.to_dtype(dtype)
    if input.dtype is _dtype.bool_ or not input.dtype.is_floating_point:
        return _dtype.int64
    return None


def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over ``dim`` (all dims when None); integer inputs sum in int64 as in PyTorch."""
    axis = wrap_dims(dim, input.ndim, "sum")
    return Sum.apply(input, axis, keepdim, _reduce_dtype(input, dtype))


def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Mean over ``dim``; only floating-point inputs (PyTorch's rule)."""
    if dtype is not None:
        input = input.to(dtype)
    if not input.dtype.is_floating_point:
        raise RuntimeError(
            f"mean(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {input.dtype.name.capitalize()}")
    return Mean.apply(input, wrap_dims(dim, input.ndim, "mean"), keepdim)
