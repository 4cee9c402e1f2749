"""Statistics along a dimension after PyTorch's: mode, cummax/cummin, quantile/nanquantile
and histc."""

import math

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import compare
from tinytorch._ops import indexing
from tinytorch._ops import pointwise
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops import sorting
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import wrap_dim
from tinytorch._ops.reduction import ExtremeDim
from tinytorch._ops.reduction import _check_nonempty
from tinytorch._ops.reduction import named_pair
from tinytorch._ops.reduction import select_along
from tinytorch.amp import autocast_mode as _autocast


def _mode_index(be, x, axis):
    """int64 positions (``axis`` kept, size 1) of the mode of x along ``axis``: of the most
    frequent values the smallest (NaNs counted as one value, as PyTorch's), at its last
    position."""
    idx = be.argsort(x, axis, False)
    s = be.take_along_axis(x, idx, axis)
    n = x.shape[axis]
    lead = (slice(None),) * axis
    after, before = (be.getitem(s, lead + (part,)) for part in (slice(1, None), slice(0, n - 1)))
    differs = be.logical_and(be.ne(after, before), be.logical_not(
        be.logical_and(be.isnan(after), be.isnan(before))))
    edge = be.full(x.shape[:axis] + (1,) + x.shape[axis + 1:], True, _dtype.bool_)
    starts = be.concatenate([edge, differs], axis)  # a run of equal sorted values starts here
    ends = be.concatenate([differs, edge], axis)  # ... or ends here
    positions = be.reshape(be.arange(0, n, 1, _dtype.int64), (n,) + (1,) * (x.ndim - axis - 1))
    start, _ = be.cumextreme(be.where(starts, positions, 0), axis, True)
    counts = be.where(ends, be.sub(positions, start), -1)  # run length - 1, at each run's end
    # argmax takes the first longest run: the smallest value; a stable sort puts its last
    # position at the run's end
    return be.take_along_axis(idx, be.argmax(counts, axis, True), axis)


class Mode(ExtremeDim):
    """(values, indices) = the most frequent entry of x along ``axis`` and a position of it.
    dL/dx = g scattered back to ``indices`` (ExtremeDim's backward)."""

    @staticmethod
    def forward(ctx, x, axis, keepdim):
        return select_along(ctx, x, _mode_index(ctx.backend, x, axis), axis, keepdim)


class CumExtreme(Op):
    """(values, indices) = the running max (or min) of x along ``axis`` and where it is.
    dL/dx_j = Σ g_i over the i with indices_i = j (a scatter-add)."""

    @staticmethod
    def forward(ctx, x, axis, largest):
        values, idx = ctx.backend.cumextreme(x, axis, largest)
        ctx.save_for_backward(x, idx)  # x only for its shape, but kept as PyTorch's keeps it
        ctx.axis = axis
        ctx.node_name = "CummaxBackward0" if largest else "CumminBackward0"
        ctx.mark_non_differentiable(idx)
        return values, idx

    @staticmethod
    def backward(ctx, g, g_indices):
        be = ctx.backend
        x, idx = ctx.saved_tensors
        zeros = be.zeros(x.shape, _dtype.from_native(x.dtype))
        return be.scatter_add(zeros, ctx.axis, idx, g), None


return_types_mode = named_pair("mode")
return_types_cummax = named_pair("cummax")
return_types_cummin = named_pair("cummin")


def _on_lines(op, input, axis, *args, **kwargs):
    """``op.apply(input, axis, ...)``; a 0-d tensor is a line of one entry."""
    if input.ndim:
        return op.apply(input, axis, *args, **kwargs)
    values, indices = op.apply(shape.reshape(input, (1,)), 0, *args, **kwargs)
    return shape.scalar_result(values), shape.scalar_result(indices)


def mode(input, dim=-1, keepdim=False):
    """The most frequent value of ``input`` along ``dim``, and a position of it.

    Of equally frequent values the smallest is taken, at its last position (PyTorch's CPU
    gives that position for lines of up to 16 elements; on longer lines its unstable sort
    may give another position of the same value, and on a line with NaN its sort orders
    ties erratically). NaNs count as one value, as in PyTorch, which sorts as the largest.
    The value's gradient flows back to its position.

    Args:
        input (Tensor): the tensor to search.
        dim (int): the dimension to search along. Default: the last.
        keepdim (bool): keep ``dim`` with size 1. Default: False.

    Returns:
        torch.return_types.mode: ``(values, indices)``; indices are int64 positions along
        ``dim``.

    Raises:
        IndexError: ``dim`` is out of range, or it has size 0 (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.mode(tinytorch.tensor([3.0, 1.0, 3.0, 2.0, 1.0]))
    torch.return_types.mode(
    values=tensor(1.),
    indices=tensor(4))
    """
    axis = wrap_dim(dim, input.ndim, "mode")
    if input.ndim:
        _check_nonempty(input, (axis,), "mode")
    return return_types_mode(*_on_lines(Mode, input, axis, bool(keepdim)))


def _cumulative(input, dim, largest, name):
    if input.ndim == 0 and dim not in (-1, 0):
        raise IndexError(f"{name}(): Expected reduction dim -1 or 0 for scalar but got {dim}")
    return _on_lines(CumExtreme, input, wrap_dim(dim, input.ndim, name), largest=largest)


def cummax(input, dim):
    """The running maximum of ``input`` along ``dim``, and where it was found.

    Of equal maxima the later position is taken; once a NaN is met the values stay NaN and
    the index is that of the latest NaN, as in PyTorch. The gradient of each value flows back
    to its position (summed where several values share one).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to accumulate along.

    Returns:
        torch.return_types.cummax: ``(values, indices)``, both of ``input``'s shape; indices
        are int64 positions along ``dim``.

    Raises:
        IndexError: ``dim`` is out of range (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.cummax(tinytorch.tensor([1.0, 3.0, 2.0, 3.0]), 0)
    torch.return_types.cummax(
    values=tensor([1., 3., 3., 3.]),
    indices=tensor([0, 1, 1, 3]))
    """
    return return_types_cummax(*_cumulative(input, dim, True, "cummax"))


def cummin(input, dim):
    """The running minimum of ``input`` along ``dim``, and where it was found.

    As :func:`cummax`, for the minimum: of equal minima the later position is taken, and a
    NaN propagates.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to accumulate along.

    Returns:
        torch.return_types.cummin: ``(values, indices)``, both of ``input``'s shape; indices
        are int64 positions along ``dim``.

    Raises:
        IndexError: ``dim`` is out of range (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.cummin(tinytorch.tensor([2.0, 3.0, 1.0, 1.0]), 0).indices
    tensor([0, 0, 2, 3])
    """
    return return_types_cummin(*_cumulative(input, dim, False, "cummin"))


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _check_quantile(input, q, interpolation):
    """PyTorch's checks, in its order; ``q`` as a tensor of ``input``'s dtype."""
    if not is_tensor(q):
        if isinstance(q, bool) or not isinstance(q, (int, float)):
            raise TypeError(f"quantile() received an invalid combination of arguments - got "
                            f"(Tensor, {type(q).__name__}), but expected q a Tensor or float")
        if not 0 <= q <= 1:
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {q:g}")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    if input.numel() == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if is_tensor(q) and q.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if input.dtype not in (_dtype.float32, _dtype.float64):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if not is_tensor(q):
        return _creation.tensor(q, dtype=input.dtype, device=input.device)
    if q.dtype is not input.dtype:
        raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
    if q.device != input.device:
        raise RuntimeError("quantile() q tensor must be on the same device as the input tensor")
    return q


def _sorted_lines(input, axis, keepdim):
    """``input`` sorted along ``axis`` (all of it when None), that axis moved last and the
    others shaped as the result's (size 1 where ``keepdim`` keeps a reduced one)."""
    if axis is None or input.ndim == 0:
        lines = shape.reshape(input, (-1,))
        kept = (1,) * input.ndim if keepdim else ()
    else:
        lines = shape.movedim(input, axis, -1)
        kept = list(input.shape)
        kept[axis:axis + 1] = [1] if keepdim else []
    if lines.shape[-1] > 2 ** 24:  # ranks are float32 in float32 inputs
        raise RuntimeError("quantile() input tensor is too large")
    return shape.reshape(sorting.sort(lines, -1).values, tuple(kept) + (lines.shape[-1],))


def _ranks(lines, q, interpolation, ignore_nan):
    """The fractional positions of the quantiles on each sorted line (last axis: one per q),
    rounded as ``interpolation`` says, as PyTorch computes them."""
    nans = compare.isnan(lines)
    if ignore_nan:  # over the numbers only; a line of NaN reads position 0, a NaN
        numbers = reduction.sum(compare.logical_not(nans), -1, keepdim=True)
        ranks = q * (numbers - 1)
        ranks = arithmetic.where(ranks < 0, 0.0, ranks)
    else:  # a line holding NaN reads its last position, a NaN
        last = lines.shape[-1] - 1
        ranks = arithmetic.where(reduction.any(nans, -1, keepdim=True), float(last), q * last)
    rounding = {"lower": pointwise.floor, "higher": pointwise.ceil, "nearest": pointwise.round}
    return rounding[interpolation](ranks) if interpolation in rounding else ranks


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan):
    q = _check_quantile(input, q, interpolation)
    axis = None if dim is None else wrap_dim(dim, input.ndim, "quantile")
    if q.numel() and not bool(reduction.all((q >= 0) & (q <= 1))):
        raise RuntimeError("quantile() q values must be in the range [0, 1]")
    lines = _sorted_lines(input, axis, keepdim)
    ranks = _ranks(lines, q.reshape(-1) if q.ndim else q, interpolation, ignore_nan)
    below = ranks.to(_dtype.int64)
    values = indexing.gather(lines, -1, below)
    if interpolation in ("linear", "midpoint"):
        if interpolation == "linear":
            weights = ranks - below
        else:
            weights = arithmetic.where(compare.eq(ranks, below), 0.0, 0.5).to(input.dtype)
        above = indexing.gather(lines, -1, pointwise.ceil(ranks).to(_dtype.int64))
        values = arithmetic.lerp(values, above, weights)
    # PyTorch reshapes its result in place (squeeze_): one of its own (see shape.own)
    return shape.own(shape.movedim(values, -1, 0) if q.ndim else shape.squeeze(values, -1),
                     "SqueezeBackward4")


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The ``q``-th quantiles of ``input`` (of all its elements, or along ``dim``).

    As PyTorch's: each line is sorted and the quantile read at the fractional position
    ``q * (n - 1)``, interpolated as ``interpolation`` says; a line holding NaN gives NaN. A
    composition of sort, gather and lerp, so it is differentiable in ``input`` (and in a
    ``q`` tensor, through the linear weights). Linear and midpoint results can differ from
    PyTorch's in the last bit (its lerp switches formula at weight 0.5 and fuses the
    multiply-add).

    Args:
        input (Tensor): a float32 or float64 tensor, not empty.
        q (float or Tensor): the quantile(s) in [0, 1]: a number, or a 0-D or 1-D tensor of
            ``input``'s dtype.
        dim (int, optional): the dimension to reduce. Default: None, all elements.
        keepdim (bool): keep the reduced dimension(s) with size 1. Default: False.
        interpolation (str): between the two nearest entries ``a <= b`` at positions
            ``i <= j``: ``"linear"`` (``a + (b - a) * fraction``, the default), ``"lower"``
            (a), ``"higher"`` (b), ``"nearest"`` (the nearer; halves to the even position)
            or ``"midpoint"`` (``(a + b) / 2``).

    Returns:
        Tensor: the quantiles; with a 1-D ``q`` its entries run along a new first dimension.

    Raises:
        RuntimeError: ``q`` is out of [0, 1], over 1-D or of another dtype; ``input`` is
            empty, not float32/float64, or has over 2**24 entries per line; or
            ``interpolation`` is unknown (PyTorch's messages).
        IndexError: ``dim`` is out of range.

    >>> import tinytorch
    >>> x = tinytorch.tensor([[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 8.0]])
    >>> tinytorch.quantile(x, 0.5, dim=1)
    tensor([1.5000, 5.5000])
    >>> tinytorch.quantile(x, tinytorch.tensor([0.25, 1.0]), dim=1, interpolation="lower")
    tensor([[0., 4.],
            [3., 8.]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("quantile", quantile,
                             input, q, dim, keepdim, interpolation=interpolation)
    return _quantile(input, q, dim, keepdim, interpolation, False)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """:func:`quantile` over the numbers only: NaN entries are left out of each line (a line
    of NaN only gives NaN).

    Args:
        input (Tensor): a float32 or float64 tensor, not empty.
        q (float or Tensor): the quantile(s) in [0, 1], as in :func:`quantile`.
        dim (int, optional): the dimension to reduce. Default: None, all elements.
        keepdim (bool): keep the reduced dimension(s) with size 1. Default: False.
        interpolation (str): as in :func:`quantile`. Default: ``"linear"``.

    Returns:
        Tensor: the quantiles, shaped as :func:`quantile`'s.

    Raises:
        RuntimeError: as :func:`quantile` (PyTorch's messages).
        IndexError: ``dim`` is out of range.

    >>> import tinytorch
    >>> tinytorch.nanquantile(tinytorch.tensor([1.0, float("nan"), 3.0]), 0.5)
    tensor(2.)
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("quantile", nanquantile,
                             input, q, dim, keepdim, interpolation=interpolation)
    return _quantile(input, q, dim, keepdim, interpolation, True)


def _histc(bins, lo, hi):
    """The histogram kernel: PyTorch's bin of x, ``(x - lo) * bins / (hi - lo)`` truncated in
    x's dtype, the last bin taking ``hi``; counted by ``bincount`` with entries outside
    ``[lo, hi]`` (and NaN) weighted 0."""
    def kernel(be, x):
        dtype = _dtype.from_native(x.dtype)
        flat = be.reshape(x, (-1,))
        left, right = be.full((), lo, dtype), be.full((), hi, dtype)
        inside = be.logical_and(be.ge(flat, left), be.le(flat, right))
        scaled = be.div(be.mul(be.sub(flat, left), bins), be.sub(right, left))
        pos = be.clip(be.astype(be.where(inside, scaled, 0), _dtype.int64), 0, bins - 1)
        counts = be.bincount(pos, bins, be.astype(inside, _dtype.float64))
        return be.astype(counts, dtype)
    return kernel


def histc(input, bins=100, min=0, max=0):
    """A histogram of ``input``: ``bins`` equal-width bins from ``min`` to ``max``.

    With ``min == max`` the data's smallest and largest values are the range (widened by 1 on
    each side if they are equal too). Elements outside the range and NaN are left out; the
    last bin includes ``max``. Bins are found as PyTorch's, by ``(x - min) * bins / (max -
    min)`` in ``input``'s dtype. Not differentiable, as in PyTorch.

    Args:
        input (Tensor): a floating-point tensor (flattened).
        bins (int): the number of bins. Default: 100.
        min (Number): the lower end of the range (inclusive). Default: 0.
        max (Number): the upper end of the range (inclusive). Default: 0.

    Returns:
        Tensor: the ``bins`` counts, of ``input``'s dtype.

    Raises:
        RuntimeError: ``bins`` is not positive, or the range is not finite or empty
            (PyTorch's messages).
        NotImplementedError: ``input`` is not floating point.

    >>> import tinytorch
    >>> tinytorch.histc(tinytorch.tensor([1.0, 2.0, 1.0]), bins=4, min=0, max=3)
    tensor([0., 2., 1., 0.])
    """
    if not isinstance(bins, int) or isinstance(bins, bool):
        raise TypeError(f"histc(): argument 'bins' must be int, not {type(bins).__name__}")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                           "dimension 0")
    lo, hi = float(min), float(max)
    if lo == hi and input.numel():
        lo, hi = float(input.min().item()), float(input.max().item())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{lo:g}, {hi:g}] is not finite")
    if not lo < hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    if not input.dtype.is_floating_point:
        raise NotImplementedError(
            f'"histogram_cpu" not implemented for \'{_dtype.SCALAR_TYPE_NAMES[input.dtype]}\'')
    return reduction.NoGrad.apply(input, kernel=_histc(bins, lo, hi))
