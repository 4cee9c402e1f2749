"""Counting and search: unique, bincount, repeat_interleave, searchsorted, bucketize, isin,
count_nonzero and argwhere."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _memory_format
from tinytorch._ops import compare
from tinytorch._ops import indexing
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._util import int_argument
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops._util import refuse_bools
from tinytorch._ops._util import wrap_dim


def _unique(be, a):
    return be.unique(a)


def _unique_dim(be, a, axis):
    return be.unique_dim(a, axis)


def _isin(invert):
    return lambda be, a, b: be.isin(a, b, invert)


def _searchsorted(right):
    return lambda be, seq, values: be.searchsorted(seq, values, right)


def _repeat_index(be, repeats):
    return be.repeat(be.arange(0, repeats.shape[0], 1, _dtype.int64), repeats)


def _bincount(minlength):
    return lambda be, a, *weights: be.bincount(a, minlength, *weights)


def _integral(x):
    return not x.dtype.is_floating_point and x.dtype is not _dtype.bool_


def _as_tensor(x, like):
    return x if is_tensor(x) else _creation.tensor(x, device=like.device)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements of ``input``, sorted; or, with ``dim``, its distinct slices
    along ``dim`` (``input.select(dim, i)``), sorted lexicographically.

    The values carry no gradient (PyTorch's carry a ``grad_fn`` whose backward raises). A NaN
    differs from every value, so each NaN (each slice holding one) is its own entry.

    Args:
        input (Tensor): the input tensor (flattened when ``dim`` is None).
        sorted (bool): accepted for PyTorch's signature; the values always come sorted.
        return_inverse (bool): also return where each element (each slice) of ``input`` went.
        return_counts (bool): also return how often each distinct value (slice) occurs.
        dim (int, optional): compare slices along this dimension instead of elements.

    Returns:
        Tensor or tuple: the distinct values (1-D, or ``input``'s shape but along ``dim``),
        then (if asked) the int64 inverse (``input``'s shape, or ``(input.size(dim),)``) and
        the int64 counts.

    Raises:
        IndexError: ``dim`` out of range, or any ``dim`` for a 0-d ``input``.
        RuntimeError: an empty ``input`` whose empty dimension is not ``dim`` alone
            (PyTorch's messages).
        TypeError: ``dim`` is not an int.

    >>> import tinytorch
    >>> tinytorch.unique(tinytorch.tensor([3, 1, 3, 2]), return_counts=True)
    (tensor([1, 2, 3]), tensor([1, 1, 2]))
    >>> tinytorch.unique(tinytorch.tensor([[1, 2], [0, 5], [1, 2]]), dim=0, return_inverse=True)
    (tensor([[0, 5],
            [1, 2]]), tensor([1, 0, 1]))
    """
    if dim is None:
        values, inverse, counts = reduction.NoGrad.apply(input, kernel=_unique)
    else:
        axis = slices_axis(input, int_argument(dim, "unique_dim", "dim", 2))
        values, inverse, counts = reduction.NoGrad.apply(input, axis, kernel=_unique_dim)
    extra = (inverse,) * bool(return_inverse) + (counts,) * bool(return_counts)
    return (values, *extra) if extra else values


def slices_axis(input, dim):
    """``dim`` wrapped for ``unique``/``unique_consecutive`` over slices, checked as
    PyTorch's ``unique_dim`` checks it: a 0-d input has no dim; an empty input only the one
    empty dimension."""
    if input.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    axis = wrap_dim(dim, input.ndim, "unique")
    if input.numel() == 0:
        if sum(n == 0 for n in input.shape) > 1:
            raise RuntimeError("Number of zero sized dimensions is more than one, so unique "
                               "cannot be applied ")
        if input.shape[axis] != 0:
            raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so "
                               "unique cannot be applied")
    return axis


def bincount(input, weights=None, minlength=0):
    """Counts how often each non-negative integer occurs in ``input`` (or sums ``weights``).

    Args:
        input (Tensor): 1-D tensor of non-negative integers.
        weights (Tensor, optional): one weight per element of ``input``.
        minlength (int): the least length of the result. Default: 0.

    Returns:
        Tensor: of length ``max(input.max() + 1, minlength)``: int64 counts, or the sums of
        the weights (float32 for float32 weights, else float64; int64 zeros for an empty
        ``input``, as PyTorch's).

    Raises:
        RuntimeError: ``input`` is not 1-D or has a negative value, ``minlength`` is negative,
            or ``weights`` does not match ``input`` (PyTorch's messages).
        NotImplementedError: ``input`` is not an integer tensor (bool included).

    >>> import tinytorch
    >>> tinytorch.bincount(tinytorch.tensor([0, 2, 2, 3]))
    tensor([1, 0, 2, 1])
    """
    if not _integral(input):
        raise NotImplementedError(
            f'"bincount" not implemented for \'{_dtype.SCALAR_TYPE_NAMES[input.dtype]}\'')
    if input.ndim != 1 or (input.numel() and input.min().item() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if weights is not None and (weights.ndim != 1 or weights.shape != input.shape):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    if weights is None or not input.numel():  # an empty input counts (int64), as PyTorch's
        return reduction.NoGrad.apply(input, kernel=_bincount(minlength))
    out = reduction.NoGrad.apply(input, weights, kernel=_bincount(minlength))
    return out.to(_dtype.float32 if weights.dtype is _dtype.float32 else _dtype.float64)


def _check_repeats_dtype(repeats):
    if repeats.dtype not in (_dtype.int32, _dtype.int64):  # PyTorch's kernel takes these two
        not_implemented_for("repeat_interleave_cpu", repeats)


def _repeats_tensor(repeats, n, device):
    """``repeats`` as a 1-D int64 tensor of length n, checked as PyTorch checks it."""
    if not is_tensor(repeats):
        if repeats < 0:
            raise RuntimeError("Repeats must be non-negative")
        return _creation.full((n,), repeats, dtype=_dtype.int64, device=device)
    if repeats.ndim > 1:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    _check_repeats_dtype(repeats)
    if repeats.numel() == 1:
        repeats = repeats.reshape(1).expand(n)
    if repeats.shape[0] != n:
        raise RuntimeError(f"repeats must have the same size as input along dim, but got "
                           f"repeats.size(0) = {repeats.shape[0]} and input.size(0) = {n}")
    if n and repeats.min().item() < 0:
        raise RuntimeError("repeats can not be negative")
    return repeats.to(device, _dtype.int64)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Repeats each element (or each slice along ``dim``) of ``input`` ``repeats`` times.

    ``repeat_interleave(repeats)`` alone repeats ``0, 1, ...`` by the 1-D ``repeats``. The
    gradient sums the repeated slices back.

    Args:
        input (Tensor): the input tensor.
        repeats (int or Tensor): how often to repeat each element: one count for all, or one
            per element along ``dim``.
        dim (int, optional): the dimension to repeat along. Default: the flattened input.
        output_size (int, optional): the total length along ``dim``, checked if given.

    Returns:
        Tensor: ``input`` with its elements repeated (1-D when ``dim`` is None).

    Raises:
        RuntimeError: a repeat count is negative, ``repeats`` does not match ``input`` along
            ``dim``, or ``output_size`` is wrong (PyTorch's messages).
        IndexError: ``dim`` is out of range.

    >>> import tinytorch
    >>> tinytorch.repeat_interleave(tinytorch.tensor([[1, 2], [3, 4]]), 2, dim=1)
    tensor([[1, 1, 2, 2],
            [3, 3, 4, 4]])
    """
    if repeats is None:  # the positions 0, 1, ... repeated, in the repeats' dtype
        if input.ndim != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        _check_repeats_dtype(input)
        input, repeats = _creation.arange(input.shape[0], dtype=input.dtype,
                                          device=input.device), input
    if dim is None:
        input, dim = input.reshape(-1), 0
    dim = wrap_dim(dim, input.ndim, "repeat_interleave")
    n = input.shape[dim] if input.ndim else 1
    index = reduction.NoGrad.apply(_repeats_tensor(repeats, n, input.device), kernel=_repeat_index)
    if output_size is not None and output_size != index.shape[0]:
        if isinstance(repeats, int):  # PyTorch's check of a number of repeats comes first
            raise RuntimeError(f"repeat_interleave: Invalid output_size, expected "
                               f"{index.shape[0]} but got {output_size}")
        raise RuntimeError("allocated size does not match required size")
    if isinstance(repeats, int) and input.ndim:  # PyTorch's: a view of an expand's copy
        sizes = tuple(input.shape)
        wide = shape.expand(shape.unsqueeze(input, dim + 1),
                            sizes[:dim + 1] + (repeats,) + sizes[dim + 1:])
        copy = _memory_format.clone(wide, memory_format=_memory_format.contiguous_format)
        return shape.reshape(copy, sizes[:dim] + (index.shape[0],) + sizes[dim + 1:])
    return indexing.index_select(input, dim, index)


def _check_sorter(sorted_sequence, sorter):
    if sorter.dtype is not _dtype.int64:
        raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but "
                           f"got dtype {_dtype.SCALAR_TYPE_NAMES[sorter.dtype]}")
    if sorter.shape != sorted_sequence.shape:
        raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, "
                           f"but got boundary tensor {list(sorted_sequence.shape)}and got "
                           f"sorter tensor {list(sorter.shape)}")
    n = sorted_sequence.shape[-1]
    if sorter.numel() and not 0 <= sorter.min().item() <= sorter.max().item() < n:
        raise RuntimeError("torch.searchsorted(): sorter index out of range")
    return sorted_sequence.gather(-1, sorter)


def _check_search_shapes(sorted_sequence, values):
    if sorted_sequence.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive "
                           "dimension, but got 0 dimension")
    if sorted_sequence.ndim == 1:
        return
    if values.ndim == 0:
        raise RuntimeError(f"torch.searchsorted(): input value can be a scalar only when "
                           f"boundaries tensor dimension is 1, but we got boundaries tensor "
                           f"dim({sorted_sequence.ndim}) and input value's dim(0) numel(1)")
    if sorted_sequence.shape[:-1] != values.shape[:-1]:
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or "
                           f"the first N-1 dimensions of boundaries tensor and input value "
                           f"tensor must match, but we got boundaries tensor "
                           f"{list(sorted_sequence.shape)} and input value tensor "
                           f"{list(values.shape)}")


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None,
                 sorter=None):
    """Where each value of ``input`` would go in ``sorted_sequence`` to keep it sorted.

    Args:
        sorted_sequence (Tensor): sorted along its last dim; 1-D, or with the leading dims
            of ``input`` (one sequence per row of ``input``).
        input (Tensor or number): the values to look up.
        out_int32 (bool): int32 indices instead of int64.
        right (bool): after equal entries (``side="right"``) instead of before.
        side (str, optional): ``"left"`` or ``"right"``; must agree with ``right``.
        sorter (Tensor, optional): int64 indices that sort an unsorted ``sorted_sequence``
            along its last dim.

    Returns:
        Tensor: the insertion indices, of ``input``'s shape.

    Raises:
        RuntimeError: bad shapes, ``side`` or ``sorter`` (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.searchsorted(tinytorch.tensor([1, 3, 5, 7]), tinytorch.tensor([3, 6, 9]))
    tensor([1, 3, 4])
    """
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but "
                               f"got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to "
                               "opposites, got side of left while right was True")
        right = side == "right"
    refuse_bools("searchsorted_out_cpu", sorted_sequence, input)  # NOTE [Bool refusals]
    values = _as_tensor(input, sorted_sequence)
    _check_search_shapes(sorted_sequence, values)
    if sorter is not None:
        sorted_sequence = _check_sorter(sorted_sequence, sorter)
    out = reduction.NoGrad.apply(sorted_sequence, values, kernel=_searchsorted(bool(right)))
    return out.to(_dtype.int32) if out_int32 else out


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The index of the bucket of each value of ``input``: ``boundaries[i-1] < x <=
    boundaries[i]`` (``<=`` / ``<`` swapped when ``right``), i.e. :func:`searchsorted`.

    Args:
        input (Tensor or number): the values to bucket.
        boundaries (Tensor): 1-D, increasing.
        out_int32 (bool): int32 indices instead of int64.
        right (bool): as :func:`searchsorted`'s ``right``.

    Returns:
        Tensor: the bucket indices, of ``input``'s shape.

    Raises:
        RuntimeError: ``boundaries`` is not 1-D (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.bucketize(tinytorch.tensor([0.5, 3.0, 9.0]), tinytorch.tensor([1.0, 3.0, 5.0]))
    tensor([0, 1, 3])
    """
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Whether each element of ``elements`` is in ``test_elements``.

    Args:
        elements (Tensor or number): the values to test.
        test_elements (Tensor or number): the values to test against.
        assume_unique (bool): accepted for PyTorch's signature (a speed hint).
        invert (bool): "not in" instead of "in".

    Returns:
        Tensor: bool, of ``elements``' shape.

    Raises:
        RuntimeError: a bool tensor operand (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.isin(tinytorch.tensor([1, 2, 3]), tinytorch.tensor([2, 5]))
    tensor([False,  True, False])
    """
    for t in (elements, test_elements):
        if is_tensor(t) and t.dtype is _dtype.bool_:  # NOTE [Bool refusals]
            raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    like = elements if is_tensor(elements) else test_elements
    return reduction.NoGrad.apply(_as_tensor(elements, like), _as_tensor(test_elements, like),
                         kernel=_isin(bool(invert)))


def count_nonzero(input, dim=None):
    """The number of non-zero elements of ``input``, over all of it or along ``dim``.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dims to count over. Default: all.

    Returns:
        Tensor: int64 counts, ``input``'s shape without ``dim``.

    Raises:
        IndexError: a dim is out of range.
        RuntimeError: a dim appears twice.

    >>> import tinytorch
    >>> tinytorch.count_nonzero(tinytorch.tensor([[0, 1], [2, 3]]), dim=1)
    tensor([1, 2])
    """
    return reduction.sum(compare.ne(input.detach(), 0), dim)


def argwhere(input):
    """The indices of the non-zero elements of ``input`` (``nonzero(input)``).

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: int64, shape ``(number of non-zeros, input.ndim)``.

    >>> import tinytorch
    >>> tinytorch.argwhere(tinytorch.tensor([[0, 1], [2, 0]]))
    tensor([[0, 1],
            [1, 0]])
    """
    return indexing.nonzero(input)
