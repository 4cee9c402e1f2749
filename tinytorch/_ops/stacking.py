"""Stacks, splits and selections (tensG), composed of existing ops so their gradients and
views follow: ``atleast_1d/2d/3d``, ``hstack``/``vstack``/``row_stack``/``dstack``/
``column_stack``, ``tensor_split``/``hsplit``/``vsplit``/``dsplit`` (views), ``block_diag``,
``cartesian_prod``, ``combinations``, ``ravel``, ``select`` (a view), ``narrow_copy``,
``unravel_index``."""

import itertools

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import indexing
from tinytorch._ops import join
from tinytorch._ops import mathops_misc
from tinytorch._ops import shape
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import wrap_dim


def _atleast(tensors, ndim, grow):
    if len(tensors) == 1 and not is_tensor(tensors[0]):
        return tuple(grow(t) if t.ndim < ndim else t for t in tensors[0])
    out = tuple(grow(t) if t.ndim < ndim else t for t in tensors)
    return out[0] if len(out) == 1 else out


def atleast_1d(*tensors):
    """Each input viewed with at least one dim (a 0-d tensor becomes shape (1,)).

    Args:
        *tensors (Tensor): tensors, or one list or tuple of them.

    Returns:
        Tensor or tuple of Tensors: one tensor for one tensor given, else a tuple.

    >>> tinytorch.atleast_1d(tinytorch.tensor(1.0))
    tensor([1.])
    """
    return _atleast(tensors, 1, lambda t: shape.reshape(t, (1,)))


def atleast_2d(*tensors):
    """Each input viewed with at least two dims: (n,) becomes (1, n), a 0-d one (1, 1).

    Args:
        *tensors (Tensor): tensors, or one list or tuple of them.

    Returns:
        Tensor or tuple of Tensors: one tensor for one tensor given, else a tuple.

    >>> tinytorch.atleast_2d(tinytorch.tensor([1, 2])).shape
    torch.Size([1, 2])
    """
    return _atleast(tensors, 2, lambda t: shape.reshape(t, (1,) * (2 - t.ndim) + t.shape))


def _grow3(t):
    return shape.reshape(t, {0: (1, 1, 1), 1: (1,) + t.shape + (1,), 2: t.shape + (1,)}[t.ndim])


def atleast_3d(*tensors):
    """Each input viewed with at least three dims: (n,) becomes (1, n, 1), (m, n) becomes
    (m, n, 1), a 0-d one (1, 1, 1).

    Args:
        *tensors (Tensor): tensors, or one list or tuple of them.

    Returns:
        Tensor or tuple of Tensors: one tensor for one tensor given, else a tuple.

    >>> tinytorch.atleast_3d(tinytorch.ones(2, 3)).shape
    torch.Size([2, 3, 1])
    """
    return _atleast(tensors, 3, _grow3)


def _nonempty(tensors, op):
    join.tensor_sequence(tensors, op)
    if not tensors:
        raise RuntimeError(f"{op} expects a non-empty TensorList")
    return tensors


def hstack(tensors):
    """Concatenates along dim 1 (dim 0 for 1-D tensors), after :func:`atleast_1d`.

    Args:
        tensors (sequence of Tensors): the tensors.

    Returns:
        Tensor: the concatenation.

    Raises:
        RuntimeError: ``tensors`` is empty.

    >>> tinytorch.hstack([tinytorch.tensor([1]), tinytorch.tensor([2, 3])])
    tensor([1, 2, 3])
    """
    tensors = atleast_1d(_nonempty(tensors, "hstack"))
    return join.cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    """Concatenates along dim 0, after :func:`atleast_2d`.

    Args:
        tensors (sequence of Tensors): the tensors.

    Returns:
        Tensor: the concatenation.

    Raises:
        RuntimeError: ``tensors`` is empty.

    >>> tinytorch.vstack([tinytorch.tensor([1, 2]), tinytorch.tensor([3, 4])])
    tensor([[1, 2],
            [3, 4]])
    """
    return join.cat(atleast_2d(_nonempty(tensors, "vstack")), 0)


row_stack = vstack


def dstack(tensors):
    """Concatenates along dim 2, after :func:`atleast_3d`.

    Args:
        tensors (sequence of Tensors): the tensors.

    Returns:
        Tensor: the concatenation.

    Raises:
        RuntimeError: ``tensors`` is empty.

    >>> tinytorch.dstack([tinytorch.tensor([1, 2]), tinytorch.tensor([3, 4])]).shape
    torch.Size([1, 2, 2])
    """
    return join.cat(atleast_3d(_nonempty(tensors, "dstack")), 2)


def column_stack(tensors):
    """Concatenates along dim 1; 0-d and 1-D tensors first become columns (n, 1).

    Args:
        tensors (sequence of Tensors): the tensors.

    Returns:
        Tensor: the concatenation.

    Raises:
        RuntimeError: ``tensors`` is empty.

    >>> tinytorch.column_stack([tinytorch.tensor([1, 2]), tinytorch.tensor([3, 4])])
    tensor([[1, 3],
            [2, 4]])
    """
    tensors = _nonempty(tensors, "column_stack")
    return join.cat([shape.reshape(t, (t.numel(), 1)) if t.ndim <= 1 else t
                     for t in tensors], 1)


def tensor_split(input, indices_or_sections, dim=0):
    """Splits into ``n`` nearly equal pieces (the first ``size % n`` one longer) or at the
    given indices (Python slicing between them); every piece is a view.

    Args:
        input (Tensor): at least 1-D.
        indices_or_sections (int, sequence of ints, or int Tensor): the number of pieces,
            or the indices to split before.
        dim (int): the dim to split. Default: 0.

    Returns:
        tuple of Tensors: the pieces.

    Raises:
        RuntimeError: a 0-d ``input`` or a non-positive number of sections.

    >>> [p.tolist() for p in tinytorch.arange(7).tensor_split(3)]
    [[0, 1, 2], [3, 4], [5, 6]]
    """
    if input.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    dim = wrap_dim(dim, input.ndim, "tensor_split")
    spec = indices_or_sections
    if is_tensor(spec):
        spec = spec.item() if spec.ndim == 0 else spec.tolist()
    n = input.shape[dim]
    if isinstance(spec, int):
        if spec <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {spec}")
        q, r = divmod(n, spec)
        bounds = list(itertools.accumulate([0] + [q + 1] * r + [q] * (spec - r)))
        pieces = zip(bounds, bounds[1:])
    else:
        cuts = [int(i) for i in spec]
        pieces = zip([0] + cuts, cuts + [None])
    return tuple(indexing.slice_along(input, dim, a, b) for a, b in pieces)


def _split_dim(input, spec, dim, op, min_dims):
    if input.ndim < min_dims:
        raise RuntimeError(f"torch.{op} requires a tensor with at least {min_dims} dimension, "
                           f"but got a tensor with {input.ndim} dimensions!")
    if isinstance(spec, int) and (spec == 0 or input.shape[dim] % spec):
        raise RuntimeError(f"torch.{op} attempted to split along dimension {dim}, but the size "
                           f"of the dimension {input.shape[dim]} is not divisible by the "
                           f"split_size {spec}!")
    return tensor_split(input, spec, dim)


def hsplit(input, indices_or_sections):
    """:func:`tensor_split` along dim 1 (dim 0 for a 1-D ``input``); sections must divide
    the dim exactly.

    Args:
        input (Tensor): at least 1-D.
        indices_or_sections (int or sequence of ints): sections, or split indices.

    Returns:
        tuple of Tensors: the pieces (views).

    >>> [p.shape for p in tinytorch.ones(2, 4).hsplit(2)]
    [torch.Size([2, 2]), torch.Size([2, 2])]
    """
    dim = 0 if input.ndim == 1 else 1
    return _split_dim(input, indices_or_sections, dim, "hsplit", 1)


def vsplit(input, indices_or_sections):
    """:func:`tensor_split` along dim 0 of an at least 2-D ``input``; sections must divide
    the dim exactly.

    Args:
        input (Tensor): at least 2-D.
        indices_or_sections (int or sequence of ints): sections, or split indices.

    Returns:
        tuple of Tensors: the pieces (views).

    >>> [p.shape for p in tinytorch.ones(4, 2).vsplit([1])]
    [torch.Size([1, 2]), torch.Size([3, 2])]
    """
    return _split_dim(input, indices_or_sections, 0, "vsplit", 2)


def dsplit(input, indices_or_sections):
    """:func:`tensor_split` along dim 2 of an at least 3-D ``input``; sections must divide
    the dim exactly.

    Args:
        input (Tensor): at least 3-D.
        indices_or_sections (int or sequence of ints): sections, or split indices.

    Returns:
        tuple of Tensors: the pieces (views).

    >>> [p.shape for p in tinytorch.ones(1, 1, 4).dsplit(2)]
    [torch.Size([1, 1, 2]), torch.Size([1, 1, 2])]
    """
    return _split_dim(input, indices_or_sections, 2, "dsplit", 3)


def block_diag(*tensors):
    """A block-diagonal matrix of the inputs (0-d is 1x1, 1-D (n,) is 1 x n), of their
    promoted dtype.

    Args:
        *tensors (Tensor): at most 2-D each.

    Returns:
        Tensor: 2-D, of shape (sum of rows, sum of columns).

    Raises:
        RuntimeError: an input with more than 2 dims.

    >>> tinytorch.block_diag(tinytorch.tensor([[1]]), tinytorch.tensor([2, 3]))
    tensor([[1, 0, 0],
            [0, 2, 3]])
    """
    for i, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer "
                               f"dimensions. Input {i} has {t.ndim} dimensions")
    blocks = [shape.reshape(t, (1,) * (2 - t.ndim) + t.shape) for t in tensors]
    dtype = blocks[0].dtype if blocks else _dtype.float32
    for b in blocks[1:]:
        dtype = _dtype.promote_types(dtype, b.dtype)
    device = blocks[0].device if blocks else None
    cols = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        r, c = b.shape
        rows.append(join.cat([_creation.zeros(r, left, dtype=dtype, device=device), b.to(dtype),
                              _creation.zeros(r, cols - left - c, dtype=dtype, device=device)],
                             1))
        left += c
    if not rows:
        return _creation.zeros(1, 0)
    return join.cat(rows, 0)


def _vector(t):
    if t.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    return t


def cartesian_prod(*tensors):
    """The Cartesian product of 1-D tensors, one row per combination (like
    ``itertools.product``); one input is returned as is.

    Args:
        *tensors (Tensor): 1-D tensors.

    Returns:
        Tensor: shape (N, len(tensors)), or the one input.

    Raises:
        RuntimeError: an input that is not 1-D.

    >>> tinytorch.cartesian_prod(tinytorch.tensor([1, 2]), tinytorch.tensor([3, 4]))
    tensor([[1, 3],
            [1, 4],
            [2, 3],
            [2, 4]])
    """
    tensors = [_vector(t) for t in tensors]
    if len(tensors) == 1:
        return tensors[0]
    grids = mathops_misc.meshgrid(*tensors, indexing="ij")
    return join.stack([shape.reshape(g, (-1,)) for g in grids], 1)


def combinations(input, r=2, with_replacement=False):
    """The length-``r`` combinations of a 1-D tensor's elements (like
    ``itertools.combinations``, or ``combinations_with_replacement``), one per row.

    Args:
        input (Tensor): 1-D.
        r (int): elements per combination. Default: 2.
        with_replacement (bool): allow an element more than once. Default: False.

    Returns:
        Tensor: shape (N, r); an empty 1-D tensor when ``r`` is 0.

    Raises:
        RuntimeError: ``input`` is not 1-D.

    >>> tinytorch.combinations(tinytorch.tensor([1, 2, 3]))
    tensor([[1, 2],
            [1, 3],
            [2, 3]])
    """
    _vector(input)
    if r == 0:
        return _creation.empty(0, dtype=input.dtype, device=input.device)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    rows = list(pick(range(input.shape[0]), r))
    index = _creation.tensor(rows, dtype=_dtype.int64, device=input.device).reshape(-1, r)
    return indexing.getitem(input, index, keep=True)  # kept, as by PyTorch


def ravel(input):
    """``input`` flattened to 1-D and contiguous: a view when it already is contiguous.

    Args:
        input (Tensor): the input.

    Returns:
        Tensor: 1-D.

    >>> tinytorch.ravel(tinytorch.tensor([[1, 2], [3, 4]]))
    tensor([1, 2, 3, 4])
    """
    return shape.reshape(shape.contiguous(input), (-1,))


def select(input, dim, index):
    """The slice of ``input`` at ``index`` along ``dim``, that dim removed (a view):
    ``input[..., index, ...]``.

    Args:
        input (Tensor): at least 1-D.
        dim (int): the dim to index.
        index (int): the position (negative counts from the end).

    Returns:
        Tensor: a view of ``input``.

    Raises:
        IndexError: ``input`` is 0-d or ``index`` is out of range.

    >>> tinytorch.tensor([[1, 2], [3, 4]]).select(1, 0)
    tensor([1, 3])
    """
    if input.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = wrap_dim(dim, input.ndim, "select")
    index = int(index)
    if not -input.shape[dim] <= index < input.shape[dim]:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(input.shape)} at dimension {dim}")
    return indexing.getitem(input, (slice(None),) * dim + (index,))


def narrow_copy(input, dim, start, length):
    """:func:`narrow` as a new contiguous tensor rather than a view.

    Args:
        input (Tensor): at least 1-D.
        dim (int): the dim to narrow.
        start (int): the first entry kept.
        length (int): how many entries.

    Returns:
        Tensor: a copy.

    >>> tinytorch.arange(5).narrow_copy(0, 1, 2)
    tensor([1, 2])
    """
    return shape.Copy.apply(join.narrow(input, dim, start, length), False)


def unravel_index(indices, shape):
    """Flat indices into a tensor of ``shape`` as one coordinate tensor per dim (out-of-range
    and negative indices wrap around, as in PyTorch).

    Args:
        indices (Tensor or int): integer flat indices.
        shape (int or sequence of ints): the shape indexed.

    Returns:
        tuple of Tensors: int64, each shaped as ``indices``.

    Raises:
        TypeError: ``indices`` is not an integer tensor.
        ValueError: ``shape`` has a negative size.

    >>> tinytorch.unravel_index(tinytorch.tensor(4), (2, 3))
    (tensor(1), tensor(1))
    """
    if not is_tensor(indices) or indices.dtype.is_floating_point or indices.dtype is _dtype.bool_:
        got = indices.dtype if is_tensor(indices) else type(indices).__name__
        raise TypeError(f"expected 'indices' to be integer dtype, but got {got}")
    sizes = (shape,) if isinstance(shape, int) else tuple(int(s) for s in shape)
    if any(s < 0 for s in sizes):
        raise ValueError(f"'shape' cannot have negative values, but got {tuple(sizes)}")
    rest, coords = indices.to(_dtype.int64), []
    for s in reversed(sizes):
        coords.append(arithmetic.remainder(rest, s))
        rest = arithmetic.floor_divide(rest, s)
    # views of one (..., ndim) tensor, as PyTorch's (its results are that tensor unbound)
    return join.unbind(join.stack(coords[::-1], -1), -1) if coords else ()
