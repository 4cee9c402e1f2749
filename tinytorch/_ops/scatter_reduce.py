"""``scatter_reduce`` (tensG): "sum" and "mean" through ``scatter_add``; "prod", "amax" and
"amin" through a dense gather of the contributions (see NOTE [scatter_reduce gradients] in
index_extra.py). ``index_reduce`` is ``scatter_reduce`` with its index spread over the
source."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch._ops import _util
from tinytorch._ops import arithmetic
from tinytorch._ops import index_extra
from tinytorch._ops import indexing
from tinytorch._ops._op import Op
from tinytorch._ops.indexing import _gather
from tinytorch._ops._util import wrap_dim

_REDUCES = ("sum", "prod", "mean", "amax", "amin")
_INT_LOW = {_dtype.uint8: 0, _dtype.int8: -2 ** 7, _dtype.int16: -2 ** 15,
            _dtype.int32: -2 ** 31, _dtype.int64: -2 ** 63}


def _extreme_fill(dtype, largest):
    """The identity of max (largest) or min for ``dtype``."""
    if dtype.is_floating_point:
        return float("-inf") if largest else float("inf")
    low = _INT_LOW.get(dtype, 0)
    return low if largest else -low - 1 if low else 255


def _reduced(be, x, axis, index, src, reduce, include_self, identity):
    """x with src reduced in at index (backend ``scatter_reduce``); include_self=False
    starts the positions written to from the reduction's ``identity``."""
    base = x if include_self else be.scatter(x, axis, index, identity)
    return be.scatter_reduce(base, axis, index, src, reduce)


class ScatterReduce(Op):
    """y = x with src reduced into the positions ``index`` names along ``axis`` by "prod",
    "amax" or "amin", one value at a time in index order (PyTorch's CPU loop): memory and
    time grow with the index, not with (size of axis) x index. Gradients PyTorch's formulas
    (NOTE [scatter_reduce gradients] in index_extra.py)."""

    @staticmethod
    def forward(ctx, x, src, index, axis, reduce, include_self, identity):
        out = _reduced(ctx.backend, x, axis, index, src, reduce, include_self, identity)
        ctx.meta = (index, axis, reduce, include_self, identity, _dtype.from_native(x.dtype))
        ctx.save_for_backward(x, src, out)
        return out

    @staticmethod
    def backward(ctx, g):
        be, (index, axis, reduce, include_self, identity, dtype) = ctx.backend, ctx.meta
        x, src, out = ctx.saved_tensors
        if reduce == "prod":
            gx, gs = _prod_grads(ctx, g, x, src, out)
        else:  # the gradient split evenly among the elements equal to their result
            x_is = be.astype(be.eq(x, out), dtype)
            src_is = be.astype(be.eq(src, _gather(be, out, axis, index)), dtype)
            spread = be.div(g, be.scatter_add(x_is, axis, index, src_is))
            gx = be.mul(x_is, spread)
            gs = be.mul(src_is, _gather(be, spread, axis, index))
        if not include_self:  # the positions written to took none of x: masked_fill's 0
            gx = be.scatter(gx, axis, index, 0)
        return gx, gs, None, None, None, None, None


def _prod_grads(ctx, g, x, src, out):
    """PyTorch's: x's gradient g r / x with x's zeros taken as ones in both (r the result
    then); src's g out / s gathered, or, for the only zero among a position's values, g
    times the product of the others. Double backward refuses two zeros at a position."""
    be, (index, axis, _, include_self, identity, dtype) = ctx.backend, ctx.meta
    ones_x = be.where(be.eq(x, 0), 1, x)
    gx = be.div(be.mul(g, _reduced(be, ones_x, axis, index, src, "prod", include_self,
                                   identity)), ones_x)
    src_zero = be.eq(src, 0)
    zeros_at = be.scatter_add(be.zeros(x.shape, dtype), axis, index, be.astype(src_zero, dtype))
    zeros_there = _gather(be, zeros_at, axis, index)
    if ctx.graph_mode and bool((zeros_there > 1).any()):  # Tensors there
        raise RuntimeError("scatter_reduce(): Double backward is unsupported for src when >1 "
                           "zeros in src are scattered to the same position in self")
    single = be.logical_and(src_zero, be.eq(zeros_there, 1))
    others = _reduced(be, x, axis, index, be.where(single, 1, src), "prod", include_self,
                      identity)
    gs = be.where(single, _gather(be, be.mul(g, others), axis, index),
                  be.div(_gather(be, be.mul(g, out), axis, index),
                         be.where(src_zero, 1, src)))
    return gx, gs


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """``input`` with each ``src`` element reduced into the position ``index`` names along
    ``dim`` (as ``scatter_add`` places them), by "sum", "prod", "mean", "amax" or "amin";
    ``include_self=False`` leaves the old values of the positions written to out.

    Integer "mean" rounds down, as PyTorch's. Gradients are PyTorch's (NOTE [scatter_reduce
    gradients] in index_extra.py); "amax"/"amin" split the gradient evenly among ties.

    Args:
        input (Tensor): the tensor reduced into.
        dim (int): the dim ``index`` indexes.
        index (Tensor): int64, same number of dims as ``input``, no larger than ``src``.
        src (Tensor): the values, of ``input``'s dtype.
        reduce (str): "sum", "prod", "mean", "amax" or "amin".
        include_self (bool): whether ``input``'s values take part. Default: True.

    Returns:
        Tensor: a new tensor.

    Raises:
        RuntimeError: an unknown ``reduce``, a dtype mismatch, a bad or out-of-range index.

    >>> x = tinytorch.zeros(2)
    >>> x.scatter_reduce(0, tinytorch.tensor([0, 0, 1]), tinytorch.tensor([1., 3., 2.]), "amax")
    tensor([3., 2.])
    """
    if reduce not in _REDUCES:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got "
                           f"{reduce}")
    index = indexing._index_arg(input, index, "scatter_reduce")
    dim = wrap_dim(dim, input.ndim, "scatter_reduce")
    if src.dtype != input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if index.numel() == 0 and reduce in ("sum", "mean"):  # contiguous, as PyTorch's result
        return indexing.untouched(input, src)
    if input.ndim == 0:  # as a one-element tensor
        return scatter_reduce(input.reshape(1), 0, index.reshape(-1), src.reshape(-1), reduce,
                              include_self=include_self).reshape(())
    if index.numel():  # an empty index has no extent checks, as PyTorch's
        indexing._check_extent(input, index, dim, "scatter_reduce", src)
        indexing._check_bounds(input._backend, index._data, input.shape[dim], dim,
                               RuntimeError, False)
    if reduce in ("sum", "mean"):
        return _sum_mean(input, dim, index, src, reduce == "mean", include_self)
    identity = 1 if reduce == "prod" else _extreme_fill(input.dtype, reduce == "amax")
    part = indexing.getitem(src, tuple(slice(0, n) for n in index.shape))
    out = ScatterReduce.apply(input, part, index._data, dim, reduce, include_self, identity)
    return _util.watch(out, index)


def _sum_mean(input, dim, index, src, mean, include_self):
    base = input
    if not include_self:  # the positions written to start from 0 (Where: double backward)
        with _grad_mode.no_grad():
            hit = indexing.scatter(_creation.zeros_like(input, dtype=_dtype.bool_), dim, index,
                                   value=True)
        base = arithmetic.where(hit, _creation.zeros_like(input), input)
    total = indexing.scatter_add(base, dim, index, src)
    if not mean:
        return total
    ones = _creation.ones_like(src)
    start = _creation.ones_like(input) if include_self else _creation.zeros_like(input)
    count = indexing.scatter_add(start, dim, index, ones)
    count = arithmetic.where(count == 0, _creation.ones_like(count), count)
    if input.dtype.is_floating_point:
        return arithmetic.div(total, count)
    return arithmetic.floor_divide(total, count)


_INDEX_REDUCES = ("prod", "mean", "amax", "amin")


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """``input`` with each slice ``source.select(dim, i)`` reduced into the slice
    ``input.select(dim, index[i])`` by "prod", "mean", "amax" or "amin";
    ``include_self=False`` leaves the old values of the slices written to out. It is
    :func:`scatter_reduce` with ``index`` spread over ``source``'s shape, so values and
    gradients are that function's (integer "mean" rounds down; "amax"/"amin" split the
    gradient evenly among ties, as PyTorch's).

    Args:
        input (Tensor): the tensor reduced into.
        dim (int): the dim ``index`` indexes.
        index (Tensor): 1-D, int64 or int32, one entry per slice of ``source`` along ``dim``.
        source (Tensor): the values, of ``input``'s dtype and shape except along ``dim``.
        reduce (str): "prod", "mean", "amax" or "amin".
        include_self (bool): whether ``input``'s values take part. Default: True.

    Returns:
        Tensor: a new tensor.

    Raises:
        RuntimeError: an unknown ``reduce``, a dtype or shape mismatch (PyTorch's messages).
        IndexError: ``index`` not 1-D, an index out of range, or ``dim`` out of range.

    >>> x = tinytorch.ones(3)
    >>> x.index_reduce(0, tinytorch.tensor([0, 0, 2]), tinytorch.tensor([2., 3., 5.]), "prod")
    tensor([6., 1., 5.])
    """
    if reduce not in _INDEX_REDUCES:
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or "
                           f"amin but got {reduce}.")
    dim = wrap_dim(dim, input.ndim, "index_reduce")
    index = index_extra._vector_index(index, "index_reduce_")
    index_extra._check_source(input, dim, index, source, "index_reduce_")
    x = input.reshape(1) if input.ndim == 0 else input
    src = source.reshape(1) if source.ndim == 0 else source
    indexing._check_bounds(x._backend, index._data, x.shape[dim], dim, IndexError, False,
                           "index out of range in self")
    view = [1] * x.ndim
    view[dim] = -1
    spread = index.long().reshape(view).expand(*src.shape)
    out = scatter_reduce(x, dim, spread, src, reduce, include_self=include_self)
    return out.reshape(()) if input.ndim == 0 else out
