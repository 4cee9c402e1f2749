"""Order statistics (kthvalue, median), differences (diff), distances (cdist, dist), fused
matrix products (addmm, baddbmm, addmv) and small helpers (nan_to_num, meshgrid,
tensordot)."""

import math

from tinytorch import _dtype
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import wrap_dim
from tinytorch._ops.reduction import _check_nonempty
from tinytorch._ops.reduction import named_pair


def _kth_index(be, x, axis, k):
    """int64 positions (``axis`` kept, size 1) of the ``k``-th smallest entries of x along
    ``axis`` (NaN largest, ties to the earlier position); k None: the lower median, or the
    first NaN where the line has one."""
    idx = be.argsort(x, axis, False)
    n = x.shape[axis]
    if k is None:
        numbers = be.sum(be.logical_not(be.isnan(x)), axis, keepdims=True)
        pos = be.astype(be.where(be.lt(numbers, n), numbers, (n - 1) // 2), _dtype.int64)
    else:
        pos = be.full(x.shape[:axis] + (1,) + x.shape[axis + 1:], k - 1, _dtype.int64)
    return be.take_along_axis(idx, pos, axis)


class KthValue(Op):
    """(values, indices) = the ``k``-th smallest entry of x along ``axis`` and its position
    (k None: the lower median, NaN if the line has one).  dL/dx = g scattered back to
    ``indices``."""

    @staticmethod
    def forward(ctx, x, axis, k, keepdim):
        be = ctx.backend
        idx = _kth_index(be, x, axis, k)
        values = be.take_along_axis(x, idx, axis)
        if not keepdim:
            values, idx = be.squeeze(values, (axis,)), be.squeeze(idx, (axis,))
        ctx.save_for_backward(idx)
        ctx.meta = (x.shape, _dtype.from_native(x.dtype), axis, keepdim)
        ctx.mark_non_differentiable(idx)
        return values, idx

    @staticmethod
    def backward(ctx, g, g_indices):
        be = ctx.backend
        (idx,) = ctx.saved_tensors
        x_shape, dtype, axis, keepdim = ctx.meta
        if not keepdim:
            g, idx = be.expand_dims(g, axis), be.expand_dims(idx, axis)
        return (be.scatter(be.zeros(x_shape, dtype), axis, idx, g),)


class Median(Op):
    """m = the lower median of all entries of x (NaN if any is NaN).  dL/dx = g / c on the
    c entries equal to m (all NaN entries when m is NaN), 0 elsewhere."""

    @staticmethod
    def forward(ctx, x):
        be = ctx.backend
        flat = be.reshape(x, (-1,))
        if flat.shape[0] == 0:
            m = be.full((), math.nan, _dtype.from_native(x.dtype))
        else:
            m = be.reshape(be.take_along_axis(flat, _kth_index(be, flat, 0, None), 0), ())
        ctx.save_for_backward(x, m)
        return m

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, m = ctx.saved_tensors
        dtype = _dtype.from_native(x.dtype)
        hit = be.logical_or(be.eq(x, m), be.logical_and(be.isnan(x), be.isnan(m)))
        hit = be.astype(hit, dtype)
        return (be.mul(hit, be.div(g, be.sum(hit))),)


return_types_kthvalue = named_pair("kthvalue")
return_types_median = named_pair("median")


def _kth(input, axis, k, keepdim):
    """KthValue.apply on ``input`` along ``axis``; a 0-d tensor is its own line."""
    if input.ndim:
        return KthValue.apply(input, axis=axis, k=k, keepdim=bool(keepdim))
    values, indices = KthValue.apply(shape.reshape(input, (1,)), axis=0, k=k, keepdim=False)
    return shape.reshape(values, ()), shape.reshape(indices, ())


def kthvalue(input, k, dim=-1, keepdim=False):
    """The ``k``-th smallest element of ``input`` along ``dim``, and its position.

    NaN counts as the largest value; among equal elements the earliest is taken (PyTorch
    leaves that choice open). The value's gradient flows back to its position.

    Args:
        input (Tensor): the tensor to search.
        k (int): which smallest, ``1 <= k <= input.size(dim)``.
        dim (int): the dimension to search along. Default: the last.
        keepdim (bool): keep ``dim`` with size 1. Default: False.

    Returns:
        torch.return_types.kthvalue: ``(values, indices)``; indices are int64 positions
        along ``dim``.

    Raises:
        RuntimeError: ``k`` is out of range (PyTorch's message).
        IndexError: ``dim`` is out of range (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.kthvalue(tinytorch.tensor([4.0, 1.0, 3.0, 2.0]), 2)
    torch.return_types.kthvalue(
    values=tensor(2.),
    indices=tensor(3))
    """
    axis = wrap_dim(dim, input.ndim, "kthvalue")
    size = input.shape[axis] if input.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    return return_types_kthvalue(*_kth(input, axis, k, keepdim))


def median(input, dim=None, keepdim=False):
    """The lower median of ``input`` (of all its elements, or along ``dim``).

    With an even count the lower of the two middle values is returned. A NaN makes the
    median NaN (along ``dim``: the line's first NaN and its position). Without ``dim`` the
    gradient is shared evenly by the elements equal to the median, as PyTorch's; with
    ``dim`` it flows back to the returned position.

    Args:
        input (Tensor): the tensor to reduce.
        dim (int, optional): the dimension to reduce; None (the default) reduces all and
            returns only the value.
        keepdim (bool): keep ``dim`` with size 1. Default: False.

    Returns:
        Tensor: the median, without ``dim``; else torch.return_types.median
        ``(values, indices)`` with int64 positions along ``dim``.

    Raises:
        IndexError: ``dim`` is out of range, or it has size 0 (PyTorch's messages).

    >>> import tinytorch
    >>> x = tinytorch.tensor([[1.0, 5.0, 2.0, 4.0], [3.0, 0.0, 7.0, 6.0]])
    >>> tinytorch.median(x)
    tensor(3.)
    >>> tinytorch.median(x, dim=1).indices
    tensor([2, 0])
    """
    if dim is None:
        return Median.apply(input)
    axis = wrap_dim(dim, input.ndim, "median")
    if input.ndim:
        _check_nonempty(input, (axis,), "median")
    return return_types_median(*_kth(input, axis, None, keepdim))
