"""``scatter_reduce`` (tensG): "sum" and "mean" through ``scatter_add``; "prod", "amax" and
"amin" through a dense gather of the contributions (see NOTE [scatter_reduce gradients] in
index_extra.py). ``index_reduce`` is ``scatter_reduce`` with its index spread over the
source."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch._ops import arithmetic
from tinytorch._ops import index_extra
from tinytorch._ops import indexing
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._op import Op
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


def _gathered(input, dim, index, src, fill):
    """(q, hit, s, idx): s is src's part that index covers and idx the index, dim moved to 0
    (k, *o); q[j, i, o] = s[i, o] where idx (i, o) is j, else fill; hit: where it is."""
    n = input.shape[dim]
    part = tuple(slice(0, m) for m in index.shape)
    s = shape.movedim(indexing.getitem(src, part), dim, 0)
    idx = shape.movedim(index, dim, 0)
    j = _creation.arange(n, device=input.device).reshape((n,) + (1,) * index.ndim)
    hit = shape.unsqueeze(idx, 0) == j
    full = _creation.full(tuple(hit.shape), fill, dtype=input.dtype, device=input.device)
    return arithmetic.where(hit, shape.unsqueeze(s, 0), full), hit, s, idx


def _placed(r, full_shape, fill, dtype, device):
    """r (n, *o) at the start of a tensor of ``full_shape`` filled with ``fill``."""
    base = _creation.full(full_shape, fill, dtype=dtype, device=device)
    return indexing.IndexPut.apply(base, r, tuple(slice(0, m) for m in r.shape))


def _prod(x, q, hit, include_self):
    has = _placed(hit.any(1), x.shape, False, _dtype.bool_, x.device)
    r = _placed(reduction.prod(q, 1).to(x.dtype), x.shape, 1, x.dtype, x.device)
    return arithmetic.mul(x, r) if include_self else arithmetic.where(has, r, x)


class TiedExtremes(Op):
    """amax/amin's result ``res``, computed without a graph, with PyTorch's gradient (NOTE
    [scatter_reduce gradients]): g / count to each element of x and of s equal to its
    position's result (``tie``, ``src_is``), count the number of them; x's where
    include_self=False left it out (``left_out``) get 0 however they compare. A value that
    does not depend on x's and s's values, so an inf or NaN among them reaches no other
    position (as ``res + w (x - x.detach())`` did: inf - inf)."""

    node_name = "ScatterReduceBackward0"

    @staticmethod
    def forward(ctx, x, s, res, tie, count, src_is, idx, left_out, o_part):
        ctx.o_part = o_part
        ctx.save_for_backward(tie, count, src_is, idx, left_out)
        return res

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        tie, count, src_is, idx, left_out = ctx.saved_tensors
        spread = be.div(g, count)  # count 0 (a NaN result): inf, NaN where it meets 0, as PyTorch's
        gx = gs = None
        if ctx.needs_input_grad[0]:
            gx = be.mul(tie, spread)
            gx = gx if left_out is None else be.where(left_out, 0, gx)  # masked_fill's exact 0
        if ctx.needs_input_grad[1]:
            gs = be.mul(src_is, be.take_along_axis(be.getitem(spread, ctx.o_part), idx, 0))
        return gx, gs, None, None, None, None, None, None, None


def _extreme(x, q, hit, s, idx, include_self, largest):
    """amax/amin: the value computed without a graph, its gradient PyTorch's even split among
    the elements equal to it (TiedExtremes)."""
    dev = x.device
    with _grad_mode.no_grad():
        fill = _extreme_fill(x.dtype, largest)
        r = (reduction.amax if largest else reduction.amin)(q, 1)
        r = _placed(r, x.shape, fill, x.dtype, dev)
        has = _placed(hit.any(1), x.shape, False, _dtype.bool_, dev)
        pick = arithmetic.maximum if largest else arithmetic.minimum
        res = pick(x, r) if include_self else arithmetic.where(has, r, x)
    if not (_grad_mode.is_grad_enabled() and (x.requires_grad or s.requires_grad)):
        return res
    with _grad_mode.no_grad():
        o_part = (slice(None),) + tuple(slice(0, m) for m in q.shape[2:])
        theirs = hit & (q == shape.unsqueeze(indexing.getitem(res, o_part), 1))
        tie = (x == res).to(x.dtype)  # counted even where include_self=False leaves x out
        count = arithmetic.add(tie, _placed(reduction.sum(theirs, 1).to(x.dtype), x.shape, 0,
                                            x.dtype, dev))
        src_is = theirs.any(0).to(x.dtype)
    return TiedExtremes.apply(x, s, res, tie, count, src_is, idx,
                              None if include_self else has, o_part)


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
    if index.numel() == 0:  # no extent checks then, as PyTorch's; contiguous, as its result
        return indexing.untouched(input, src)
    indexing._check_extent(input, index, dim, "scatter_reduce", src)
    indexing._check_bounds(input._backend, index._data, input.shape[dim], dim, RuntimeError)
    if reduce in ("sum", "mean"):
        return _sum_mean(input, dim, index, src, reduce == "mean", include_self)
    fill = 1 if reduce == "prod" else _extreme_fill(input.dtype, reduce == "amax")
    q, hit, s, idx = _gathered(input, dim, index, src, fill)
    x = shape.movedim(input, dim, 0)
    out = (_prod(x, q, hit, include_self) if reduce == "prod"
           else _extreme(x, q, hit, s, idx, include_self, reduce == "amax"))
    return shape.contiguous(shape.movedim(out, 0, dim))


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
    if src.ndim != x.ndim or any(a != b for d, (a, b) in enumerate(zip(x.shape, src.shape))
                                 if d != dim):
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(input.shape)} "
                           f"source.shape = {list(source.shape)}")
    if index.numel() and not 0 <= int(index.min()) <= int(index.max()) < x.shape[dim]:
        raise IndexError("index out of range in self")
    view = [1] * x.ndim
    view[dim] = -1
    spread = index.long().reshape(view).expand(*src.shape)
    out = scatter_reduce(x, dim, spread, src, reduce, include_self=include_self)
    return out.reshape(()) if input.ndim == 0 else out
