"""Index ops added for the PyTorch API (tensG): ``index_add``, ``index_copy``, ``index_fill``,
``masked_select``, ``masked_scatter``, ``take``, ``select_scatter``, ``slice_scatter``. Each is
a composition of the indexing ops (``IndexAdd``, ``IndexPut``, ``Index``,
``Scatter``/``ScatterAdd``), so gradients and double backward come from theirs. The note below
is scatter_reduce.py's.

NOTE [scatter_reduce gradients]
PyTorch's formulas (its ``scatter_reduce_backward``): "sum" and "mean" as the sum (divided by
the count), through ``scatter_add``. "prod", "amax" and "amin" are one op, ``ScatterReduce``
in scatter_reduce.py, over the backend's ``scatter_reduce`` kernel, which folds each value
into its position one at a time in index order (NumPy's ``ufunc.at``; on CUDA the sorted
segments of ``kernels/indexing.cu``), so memory and time grow with the index alone (they
grew with (size of dim) x index when the contributions were gathered densely, 640 MB for a
graph network's scatter-max over 20,000 edges). "prod": x's gradient g r / x with x's zeros
taken as ones (r the product then), src's g out / s gathered, and for the only zero among a
position's values g times the product of the others; double backward refuses two zeros at
a position, as PyTorch's. "amax"/"amin": the gradient g / N to every element equal to its
position's result (self included when it took part), N their number, inf or NaN where
PyTorch's is; with ``include_self=False`` a self element equal to the result still counts
in N (PyTorch's count) though it gets none. Values and gradients match PyTorch's bit for bit
on zeros, infinities and NaN (tests/_ops/test_scatter_reduce.py).
"""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import conversion
from tinytorch._ops import diagonal
from tinytorch._ops import indexing
from tinytorch._ops import inplace
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops import stacking
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import checked_scalar
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import watch
from tinytorch._ops._util import wrap_dim

_NAMES = _dtype.SCALAR_TYPE_NAMES


def _vector_index(index, op, kinds=(_dtype.int64, _dtype.int32)):
    if index.dtype not in kinds:
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index but got: "
                           f"{_NAMES[index.dtype]}")
    if index.ndim > 1:
        raise IndexError(f"{op}(): Index is supposed to be a vector, but got dim: {index.ndim} "
                         f"with type: {_NAMES[index.dtype]} and size: {list(index.shape)}")
    return index.reshape(-1)


def _at(input, dim, index, negative=True, message=None):
    """The index tuple selecting ``index`` along ``dim``, its bounds checked (see
    ``indexing._check_bounds``)."""
    dim = wrap_dim(dim, input.ndim, "index")
    index = index.to(input.device)
    size = input.shape[dim] if input.ndim else 1
    indexing._check_bounds(input._backend, index._data, size, dim, IndexError, negative,
                           message)
    if not input.ndim:  # every index names the one element (a 0-d array takes no array)
        return (Ellipsis if index.numel() else False,), dim
    return (slice(None),) * dim + (index._data,), dim


def _slices(input, dim, source):
    """How many slices ``source`` has along ``dim`` (1 for a 0-d source)."""
    return source.shape[wrap_dim(dim, input.ndim, "index")] if source.ndim else 1


def _check_source(input, dim, index, source, op):
    """PyTorch's checks of ``source``'s dtype, slice count and shape in index_add_ and
    index_reduce_ (a source that would broadcast is refused: it is no slice of input's)."""
    if source.dtype != input.dtype:
        raise RuntimeError(f"{op}(): self ({_NAMES[input.dtype]}) and source "
                           f"({_NAMES[source.dtype]}) must have the same scalar type")
    n = _slices(input, dim, source)
    if index.numel() != n:
        raise RuntimeError(f"{op}(): Number of indices ({index.numel()}) should be equal "
                           f"to source.size(dim): ({n}), for dim: {dim}")
    if _sliced(input, dim, source, input) != _sliced(input, dim, source, source):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(input.shape)} "
                           f"source.shape = {list(source.shape)}")


def _sliced(input, dim, source, t):
    """t's sizes without ``dim`` (all of them when input or source is 0-d), as PyTorch
    compares a source's slices with input's."""
    sizes = list(t.shape)
    if input.ndim and source.ndim:
        del sizes[wrap_dim(dim, input.ndim, "index")]
    return sizes


def index_add(input, dim, index, source, *, alpha=1):
    """``input`` with ``alpha * source`` added at ``index`` along ``dim`` (repeated indices
    add up).

    Args:
        input (Tensor): the tensor added to.
        dim (int): the dim ``index`` indexes.
        index (Tensor): 1-D int64/int32, one entry per slice of ``source`` along ``dim``.
        source (Tensor): the values, of ``input``'s dtype.
        alpha (Number): scale of ``source``. Default: 1.

    Returns:
        Tensor: a new tensor.

    Raises:
        RuntimeError: a bad index dtype, dtype mismatch or count mismatch.
        IndexError: ``index`` is not a vector, or an index out of range (negative ones
            included, as PyTorch's).

    >>> tinytorch.zeros(3).index_add(0, tinytorch.tensor([0, 0, 2]), tinytorch.ones(3))
    tensor([2., 0., 1.])
    """
    index = _vector_index(index, "index_add_")
    _check_source(input, dim, index, source, "index_add_")
    at, _ = _at(input, dim, index, False, "index out of range in self")
    scaled = source if alpha == 1 else arithmetic.mul(source, alpha)
    added = indexing.IndexAdd.apply(scaled, tuple(input.shape), at, input.dtype, source)
    return watch(arithmetic.add(input, added), index)


def index_copy(input, dim, index, source):
    """``input`` with the slices of ``source`` written at ``index`` along ``dim``.

    Args:
        input (Tensor): the tensor written to.
        dim (int): the dim ``index`` indexes.
        index (Tensor): 1-D int64, one entry per slice of ``source`` along ``dim``.
        source (Tensor): the values, of ``input``'s dtype.

    Returns:
        Tensor: a new tensor.

    Raises:
        RuntimeError: a dtype mismatch.
        IndexError: a count mismatch or an out-of-range index.

    >>> tinytorch.zeros(3).index_copy(0, tinytorch.tensor([2]), tinytorch.ones(1))
    tensor([0., 0., 1.])
    """
    index = _vector_index(index, "index_copy_")
    if source.ndim != input.ndim and source.ndim and input.ndim:
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their "
                         f"dimensionality must match. Source dimensionality ({source.ndim}), "
                         f"destination dimensionality ({input.ndim})")
    if source.dtype != input.dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, "
                           f"but got (self) {_NAMES[input.dtype]} and (source) "
                           f"{_NAMES[source.dtype]}")
    mine, theirs = (_sliced(input, dim, source, t) for t in (input, source))
    if source.ndim and input.ndim and mine != theirs:
        raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice "
                           f"shapes. Destination slice shape: {' '.join(map(str, mine))} at "
                           f"dimension {dim} and source slice shape: "
                           f"{' '.join(map(str, theirs))} at dimension 0.")
    n = _slices(input, dim, source)
    if index.numel() != n:
        raise IndexError(f"index_copy_(): Number of indices ({index.numel()}) should be equal "
                         f"to source.size(dim) ({n})")
    try:
        at, _ = _at(input, dim, index, False)
    except IndexError as e:
        raise IndexError(f"index_copy_(): {e}") from None
    return watch(indexing.IndexPut.apply(input, source, at, keep=True,  # kept, as PyTorch's
                                         name="IndexCopyBackward0", contiguous=True), index)


def index_fill(input, dim, index, value):
    """``input`` with the slices at ``index`` along ``dim`` set to ``value``.

    Args:
        input (Tensor): the tensor written to.
        dim (int): the dim ``index`` indexes.
        index (Tensor): 1-D int64.
        value (Number or Tensor): a number or a 0-d tensor (which gets the gradient).

    Returns:
        Tensor: a new tensor.

    Raises:
        IndexError: a non-int64 or out-of-range index.
        RuntimeError: ``value`` is a tensor of more than 0 dims.

    >>> tinytorch.zeros(2, 2).index_fill(1, tinytorch.tensor([0]), 5.0)
    tensor([[5., 0.],
            [5., 0.]])
    """
    if index.dtype is not _dtype.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if is_tensor(value):
        if value.ndim:
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value.ndim} dimension(s).")
        value = conversion.to(value, input.device, input.dtype)
    else:
        value = checked_scalar(value, input.dtype)
    at, _ = _at(input, dim, index.reshape(-1))
    return watch(indexing.IndexPut.apply(input, value, at), index)


def index_fill_(input, dim, index, value):  # Tensor.index_fill_ (its docstring: tensG)
    # also into an expanded tensor, with a warning: NOTE [Writes into repeated elements]
    def written():
        none = _creation.zeros(input.shape, dtype=_dtype.bool_, device=input.device)
        return index_fill(none, dim, index, True)
    return inplace.fill_where(input, index_fill, written, "index_fill", dim, index, value)


def masked_select(input, mask):
    """The elements of ``input`` where ``mask`` is True (the two broadcast), as 1-D.

    Args:
        input (Tensor): the input.
        mask (Tensor): bool, broadcastable with ``input``.

    Returns:
        Tensor: 1-D, a copy.

    Raises:
        RuntimeError: ``mask`` is not bool.

    >>> tinytorch.tensor([1, 2, 3]).masked_select(tinytorch.tensor([True, False, True]))
    tensor([1, 3])
    """
    if mask.dtype is not _dtype.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    input, mask = shape.broadcast_tensors(input, mask.to(input.device))
    return indexing.getitem(input, mask, keep=True)  # kept, as by PyTorch


def masked_scatter(input, mask, source):
    """``input`` (broadcast with ``mask``) with the positions where ``mask`` is True filled,
    in order, from the first elements of ``source``.

    Args:
        input (Tensor): the tensor written to.
        mask (Tensor): bool, broadcastable with ``input``.
        source (Tensor): of ``input``'s dtype, with at least as many elements as ``mask``
            has True entries.

    Returns:
        Tensor: a new tensor.

    Raises:
        RuntimeError: a non-bool mask, a dtype mismatch, or too few elements in ``source``.

    >>> tinytorch.zeros(3).masked_scatter(tinytorch.tensor([True, False, True]),
    ...                                   tinytorch.tensor([1.0, 2.0]))
    tensor([1., 0., 2.])
    """
    if mask.dtype is not _dtype.bool_:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with "
                           f"dtype {_NAMES[mask.dtype]}")
    if source.dtype != input.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but "
                           f"got{_NAMES[input.dtype]} and {_NAMES[source.dtype]}")
    input, mask = shape.broadcast_tensors(input, mask.to(input.device))
    n = int(reduction.sum(mask).item())
    if n > source.numel():
        raise RuntimeError("Number of elements of source < number of ones in mask")
    values = indexing.getitem(shape.reshape(source, (-1,)), slice(0, n))
    return watch(indexing.IndexPut.apply(input, values, (mask._data,), contiguous=True), mask)


def take(input, index):
    """``input`` read as 1-D at ``index`` (negative indices count from the end).

    Args:
        input (Tensor): the input.
        index (Tensor): int64 indices, any shape.

    Returns:
        Tensor: shaped as ``index``.

    Raises:
        RuntimeError: ``index`` is not int64.
        IndexError: an index out of range.

    >>> tinytorch.tensor([[1, 2], [3, 4]]).take(tinytorch.tensor([0, 3]))
    tensor([1, 4])
    """
    if index.dtype is not _dtype.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got "
                           f"{_NAMES[index.dtype]}")
    index, n = index.to(input.device), input.numel()
    if index.numel():
        lo, hi = int(index.min().item()), int(index.max().item())
        if lo < -n or hi >= n:
            raise IndexError(f"out of range: tried to access index {hi if hi >= n else lo} on "
                             f"a tensor of {n} elements.")
    return watch(indexing.Index.apply(shape.reshape(input, (-1,)), (index._data,),
                                      name="TakeBackward0", keep=True), index)  # kept, as PyTorch's


def select_scatter(input, src, dim, index):
    """``input`` with its slice at ``index`` along ``dim`` (as :func:`select` takes it)
    replaced by ``src``.

    Args:
        input (Tensor): at least 1-D.
        src (Tensor): shaped as ``input.select(dim, index)``.
        dim (int): the dim.
        index (int): the position.

    Returns:
        Tensor: a new tensor.

    >>> tinytorch.select_scatter(tinytorch.zeros(2, 2), tinytorch.ones(2), 0, 0)
    tensor([[1., 1.],
            [0., 0.]])
    """
    target = stacking.select(input, dim, index).shape
    diagonal.check_src(src, target)
    d = wrap_dim(dim, input.ndim, "select_scatter")
    return indexing.IndexPut.apply(input, src, (slice(None),) * d + (int(index),))


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """``input`` with its slice ``start:end:step`` along ``dim`` replaced by ``src``.

    Args:
        input (Tensor): the input.
        src (Tensor): shaped as that slice.
        dim (int): the dim. Default: 0.
        start (int, optional): first index. Default: 0.
        end (int, optional): end (excluded). Default: the dim's size.
        step (int): positive step. Default: 1.

    Returns:
        Tensor: a new tensor.

    Raises:
        RuntimeError: a non-positive step, or ``src`` shaped otherwise than the slice.

    >>> tinytorch.slice_scatter(tinytorch.zeros(4), tinytorch.ones(2), start=2)
    tensor([0., 0., 1., 1.])
    """
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    d = wrap_dim(dim, input.ndim, "slice_scatter")
    at = (slice(None),) * d + (slice(start, end, step),)
    diagonal.check_src(src, indexing.getitem(input.detach(), at).shape)
    return indexing.IndexPut.apply(input, src, at)


def take_along_dim(input, indices, dim=None):
    if not is_tensor(indices) or indices.dtype is not _dtype.int64:
        got = (_dtype.SCALAR_TYPE_NAMES[indices.dtype] if is_tensor(indices)
               else type(indices).__name__)
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{got}")
    if dim is None:  # PyTorch's: the flattened input gathered at the flattened indices
        return indexing.gather(input.reshape(-1), 0, indices.reshape(-1))
    if input.ndim != indices.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {input.ndim} dimensions for input, "
                           f"and {indices.ndim} dimensions for indices")
    dim = wrap_dim(dim, input.ndim, "take_along_dim")
    # input and indices broadcast against each other apart from dim, as PyTorch's
    broadcast_shapes(_with(input.shape, dim, indices.shape[dim]), tuple(indices.shape))
    broadcast_shapes(_with(indices.shape, dim, input.shape[dim]), tuple(input.shape))
    indices = indices.to(input.device)
    indexing._check_bounds(input._backend, indices._data, input.shape[dim], dim)
    # PyTorch's gathers at a broadcast copy of the indices: a later write into them does not
    # reach the gradient
    return indexing.Gather.apply(input, input._backend.copy(indices._data), dim)


def _with(shape, dim, n):
    """``shape`` with dim ``dim`` of size n."""
    return tuple(n if d == dim else m for d, m in enumerate(shape))
