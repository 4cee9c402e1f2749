"""Sorting along one dimension: sort, argsort, msort and topk."""

from tinytorch import _dtype
from tinytorch._ops import shape
from tinytorch._ops._util import wrap_dim
from tinytorch._ops.reduction import ExtremeDim
from tinytorch._ops.reduction import named_pair
from tinytorch._ops.reduction import select_along


class Sort(ExtremeDim):
    """(values, indices) = the first ``k`` entries of x sorted along ``axis`` (all of them
    when k is None), NaN counted as the largest.  dL/dx = g scattered back to ``indices``
    (ExtremeDim's backward, with the axis kept: distinct positions, a permutation or part of
    one)."""

    @staticmethod
    def forward(ctx, x, axis, keepdim, descending, k):
        be = ctx.backend
        idx = be.argsort(x, axis, descending)
        if k is not None:  # contiguous, as PyTorch's
            idx = be.ascontiguous(be.getitem(idx, (slice(None),) * axis + (slice(0, k),)))
            ctx.node_name = "TopkBackward0"
            return select_along(ctx, x, idx, axis, keepdim)
        # PyTorch's sort results are laid out as its empty_like(x): x's strides if x is dense
        values, idx = select_along(ctx, x, be.preserve_format(idx, x, True), axis, keepdim)
        return be.preserve_format(values, x, True), idx


return_types_sort = named_pair("sort")
return_types_topk = named_pair("topk")


def _sorted(input, dim, descending, k, op):
    """Sort.apply on ``input`` along ``dim``; a 0-d tensor sorts as its one entry."""
    axis = wrap_dim(dim, input.ndim, op)
    if input.ndim:  # keepdim: the sorted axis stays
        return Sort.apply(input, axis, True, descending=bool(descending), k=k)
    values, indices = Sort.apply(shape.reshape(input, (1,)), 0, True,
                                 descending=bool(descending), k=k)
    name = "TopkBackward0" if op == "topk" else None  # (k is None here: see topk)
    return shape.scalar_result(values, name), shape.scalar_result(indices)


def sort(input, dim=-1, descending=False, stable=False):
    """Sorts the elements of ``input`` along ``dim``.

    The sort is always stable (equal elements keep their order), which PyTorch guarantees
    only with ``stable=True``; NaN sorts as the largest value. The values' gradient flows
    back to the positions they came from.

    Args:
        input (Tensor): the tensor to sort.
        dim (int): the dimension to sort along. Default: the last.
        descending (bool): largest first. Default: False.
        stable (bool): accepted for PyTorch's signature; every sort here is stable.

    Returns:
        torch.return_types.sort: ``(values, indices)``, both of ``input``'s shape; indices
        are int64 positions along ``dim``.

    Raises:
        IndexError: ``dim`` is out of range (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.sort(tinytorch.tensor([3.0, 1.0, 2.0]), descending=True).indices
    tensor([0, 2, 1])
    """
    return return_types_sort(*_sorted(input, dim, descending, None, "sort"))


def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort ``input`` along ``dim`` (:func:`sort`'s ``indices``).

    Args:
        input (Tensor): the tensor to sort.
        dim (int): the dimension to sort along. Default: the last.
        descending (bool): largest first. Default: False.
        stable (bool): accepted for PyTorch's signature; every sort here is stable.

    Returns:
        Tensor: int64 positions along ``dim``, of ``input``'s shape.

    Raises:
        IndexError: ``dim`` is out of range (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.argsort(tinytorch.tensor([[2, 1], [0, 5]]), dim=1)
    tensor([[1, 0],
            [0, 1]])
    """
    return _sorted(input, dim, descending, None, "argsort")[1]


def msort(input):
    """``input`` sorted along its first dimension (``sort(input, dim=0).values``).

    Args:
        input (Tensor): the tensor to sort.

    Returns:
        Tensor: the sorted values (a 0-d tensor sorts as its one entry).

    >>> import tinytorch
    >>> tinytorch.msort(tinytorch.tensor([[2.0, 1.0], [0.0, 5.0]]))
    tensor([[0., 1.],
            [2., 5.]])
    """
    return _sorted(input, 0, False, None, "msort")[0]


def topk(input, k, dim=-1, largest=True, sorted=True):
    """The ``k`` largest (or smallest) elements of ``input`` along ``dim``.

    Ties go to the earlier position; NaN counts as the largest value. The values' gradient
    flows back to the positions they came from.

    Args:
        input (Tensor): the tensor to search.
        k (int): how many elements, ``0 <= k <= input.size(dim)``.
        dim (int): the dimension to search along. Default: the last.
        largest (bool): the largest (True, the default) or the smallest.
        sorted (bool): accepted for PyTorch's signature; the elements always come sorted
            (largest first, or smallest first when ``largest=False``).

    Returns:
        torch.return_types.topk: ``(values, indices)``, ``input``'s shape with ``k`` along
        ``dim``; indices are int64 positions along ``dim``.

    Raises:
        RuntimeError: ``k`` is out of range ("selected index k out of range").
        IndexError: ``dim`` is out of range (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.topk(tinytorch.tensor([1.0, 5.0, 3.0, 4.0]), 2)
    torch.return_types.topk(
    values=tensor([5., 4.]),
    indices=tensor([1, 3]))
    """
    if input.dtype is _dtype.bool_:  # NOTE [Bool refusals]
        raise RuntimeError(f"topk does not support bool dtypes on {input.device.type.upper()}")
    axis = wrap_dim(dim, input.ndim, "topk")
    size = input.shape[axis] if input.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    # a 0-d input gives itself for k = 0 as for k = 1, as PyTorch's does
    return return_types_topk(*_sorted(input, axis, largest, k if input.ndim else None, "topk"))
