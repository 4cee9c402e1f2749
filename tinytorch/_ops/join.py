"""Joins and splits: cat/concat, stack, split, chunk, narrow, unbind.

Split-like ops return views of their input; every piece shares the input's version counter.
"""

from tinytorch import _dtype
from tinytorch._ops._op import Op
from tinytorch._ops._util import int_argument
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import wrap_dim
from tinytorch._ops.conversion import cast
from tinytorch._ops.indexing import slice_along


class Cat(Op):
    """y = the inputs joined along ``axis``.  dL/dx_i = the slice of g that x_i filled.
    A legacy empty input (shape [0]) beside higher-dim ones is skipped, as in PyTorch, and
    still gets its (empty) gradient."""

    @staticmethod
    def forward(ctx, *xs, axis):
        skip = any(x.ndim > 1 for x in xs)
        sizes = [None if skip and x.shape == (0,) else x.shape[axis] for x in xs]
        ctx.meta = (sizes, axis)
        return ctx.backend.concatenate([x for x, n in zip(xs, sizes) if n is not None], axis)

    @staticmethod
    def backward(ctx, g):
        be, (sizes, axis) = ctx.backend, ctx.meta
        pieces = iter(be.split(g, _offsets([n for n in sizes if n is not None]), axis))
        return tuple(be.getitem(be.reshape(g, (-1,)), (slice(0, 0),)) if n is None
                     else next(pieces) for n in sizes)


class Stack(Op):
    """y = the inputs stacked along a new dim ``axis``.  dL/dx_i = g[..., i, ...]."""

    @staticmethod
    def forward(ctx, *xs, axis):
        ctx.axis = axis
        return ctx.backend.stack(xs, axis)

    @staticmethod
    def backward(ctx, g):
        be, axis = ctx.backend, ctx.axis
        return tuple(be.squeeze(p, (axis,)) for p in be.split(g, g.shape[axis], axis))


class Split(Op):
    """(y_0, y_1, …) = consecutive pieces of x along ``axis`` (views).  dL/dx = the pieces'
    gradients joined back (zeros for unused pieces)."""

    view = True
    multiple_views = True

    @staticmethod
    def forward(ctx, x, sizes, axis, name=None):
        ctx.axis = axis
        if name is not None:  # split with a list of sizes (NOTE [Node names])
            ctx.node_name = name
        return tuple(ctx.backend.split(x, _offsets(sizes), axis))

    @staticmethod
    def backward(ctx, *grads):
        return ctx.backend.concatenate(grads, ctx.axis), None, None


class Unbind(Op):
    """(y_0, …, y_{n-1}) = x[..., i, ...] along ``axis`` (views).  dL/dx = the gradients
    stacked."""

    view = True
    multiple_views = True

    @staticmethod
    def forward(ctx, x, axis):
        ctx.axis = axis
        be = ctx.backend
        return tuple(be.squeeze(p, (axis,)) for p in be.split(x, x.shape[axis], axis))

    @staticmethod
    def backward(ctx, *grads):
        return ctx.backend.stack(grads, ctx.axis), None


def _offsets(sizes):
    out, total = [], 0
    for s in sizes[:-1]:
        total += s
        out.append(total)
    return out


def tensor_sequence(tensors, op):
    """PyTorch's TypeError unless ``tensors`` is a list or tuple of Tensors (a tensor or a
    generator is refused, as PyTorch's argument parser does)."""
    if is_tensor(tensors) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    for i, t in enumerate(tensors):
        if not is_tensor(t):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")


def _tensor_list(tensors, op):
    tensor_sequence(tensors, op)
    if not tensors:
        raise (ValueError(f"torch.{op}(): expected a non-empty list of Tensors") if op == "cat"
               else RuntimeError(f"{op} expects a non-empty TensorList"))
    dtype = tensors[0].dtype
    for t in tensors[1:]:
        dtype = _dtype.promote_types(dtype, t.dtype)
    return [cast(t, dtype) for t in tensors]


def cat(tensors, dim=0):
    """Join ``tensors`` along an existing dim ``dim``; all other sizes must match.

    Legacy empty 1-D tensors (shape ``[0]``) are skipped, as in PyTorch. :func:`concat` is an
    alias.

    Args:
        tensors (sequence of Tensors): tensors of one number of dims, on one device.
        dim (int): the dimension to join along. Default: 0.

    Returns:
        Tensor: the joined tensor, of the promoted dtype.

    Raises:
        RuntimeError: a 0-d tensor, or mismatching numbers of dims or sizes (naming the sizes,
            the dim and the tensor's position).

    >>> import tinytorch
    >>> tinytorch.cat([tinytorch.zeros(2, 3), tinytorch.ones(1, 3)]).shape
    torch.Size([3, 3])
    """
    tensors = _tensor_list(tensors, "cat")
    # PyTorch skips legacy empty 1-D tensors (shape [0]) when joining higher-dim tensors.
    kept = [t for t in tensors if tuple(t.shape) != (0,)] or tensors[:1]
    ref = kept[0]
    if ref.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    axis = wrap_dim(dim, ref.ndim, "cat")
    for i, t in enumerate(kept[1:], 1):
        if t.ndim != ref.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.ndim} "
                               f"and {t.ndim} (shapes {list(ref.shape)} and {list(t.shape)})")
        for d in range(ref.ndim):
            if d != axis and t.shape[d] != ref.shape[d]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {axis}. Expected size "
                    f"{ref.shape[d]} but got size {t.shape[d]} for tensor number {i} in the list "
                    f"(shapes {list(ref.shape)} and {list(t.shape)}).")
    return Cat.apply(*tensors, axis=axis)


def concat(tensors, dim=0):
    """Alias of :func:`cat`: join ``tensors`` along an existing dim ``dim``.

    Args:
        tensors (sequence of Tensors): tensors of one number of dims, on one device.
        dim (int): the dimension to join along. Default: 0.

    Returns:
        Tensor: the joined tensor.

    >>> tinytorch.concat([tinytorch.zeros(2, 1), tinytorch.ones(2, 2)], dim=1).shape
    torch.Size([2, 3])
    """
    return cat(tensors, dim)


def stack(tensors, dim=0):
    """Join equally-shaped ``tensors`` along a new dim ``dim``.

    Args:
        tensors (sequence of Tensors): tensors of one shape.
        dim (int): where the new dimension goes, in ``[-ndim - 1, ndim]``. Default: 0.

    Returns:
        Tensor: the stacked tensor, with one more dimension.

    Raises:
        RuntimeError: the shapes differ (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.stack([tinytorch.zeros(2), tinytorch.ones(2)], dim=1).shape
    torch.Size([2, 2])
    """
    tensors = _tensor_list(tensors, "stack")
    shape = tuple(tensors[0].shape)
    for i, t in enumerate(tensors[1:], 1):
        if tuple(t.shape) != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(shape)} at entry 0 and {list(t.shape)} at entry {i}")
    return Stack.apply(*tensors, axis=wrap_dim(dim, len(shape) + 1, "stack"))


def _as_views(pieces, input, op, args):
    """Mark every piece as a view of input (version counter, view source), not just the first."""
    for i, p in enumerate(pieces):
        p._vc = input._vc
        p._view_src = (input, op, args, {}, i)
        p._view_version = input._vc[0]
    return pieces


def split(tensor, split_size_or_sections, dim=0):
    """Split into pieces of ``split_size_or_sections`` along ``dim`` (an int: equal pieces,
    the last smaller; a list: those sizes). The pieces are views.

    Args:
        tensor (Tensor): the tensor to split.
        split_size_or_sections (int or list of ints): the size of each piece, or the sizes
            of all pieces.
        dim (int): the dimension to split along. Default: 0.

    Returns:
        tuple of Tensors: the pieces.

    Raises:
        RuntimeError: a negative size, a zero size for a non-empty dim, or sizes that do not
            sum to the dim's size (PyTorch's messages).

    >>> import tinytorch
    >>> [p.shape[0] for p in tinytorch.arange(5).split(2)]
    [2, 2, 1]
    """
    axis = wrap_dim(dim, tensor.ndim, "split")
    n = tensor.shape[axis] if tensor.ndim else 1
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        if size < 0 or (size == 0 and n != 0):
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {n}" if size == 0 else
                               f"split expects split_size be non-negative, but got {size}")
        sizes = [size] * (n // size) + ([n % size] if n % size else []) if size else [0]
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != n or any(s < 0 for s in sizes):
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {axis}), but got "
                               f"split_sizes={sizes}")
    sizes = tuple(sizes)
    name = None if isinstance(split_size_or_sections, int) else "SplitWithSizesBackward0"
    return _as_views(Split.apply(tensor, sizes, axis, name=name), tensor, Split, (sizes, axis))


def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces of ``ceil(size / chunks)`` (fewer when it divides
    unevenly, as in PyTorch); the pieces are views.

    Args:
        input (Tensor): the tensor to split.
        chunks (int): the number of pieces wanted.
        dim (int): the dimension to split along. Default: 0.

    Returns:
        tuple of Tensors: the pieces.

    Raises:
        RuntimeError: ``chunks`` is not positive.

    >>> import tinytorch
    >>> [p.tolist() for p in tinytorch.arange(5).chunk(3)]
    [[0, 1], [2, 3], [4]]
    """
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    axis = wrap_dim(dim, input.ndim, "chunk")
    n = input.shape[axis]
    if n == 0:
        return split(input, [0] * chunks, axis)
    return split(input, -(-n // chunks), axis)


def narrow(input, dim, start, length):
    """The ``length`` entries of ``input`` from ``start`` along ``dim``, as a view.

    Args:
        input (Tensor): the tensor to narrow (at least 1-D).
        dim (int): the dimension to narrow (negative counts from the end).
        start (int or Tensor): the first entry kept; negative counts from the end; a 0-d
            integer tensor is accepted, as in PyTorch.
        length (int): how many entries to keep.

    Returns:
        Tensor: a view of ``input`` sharing its memory.

    Raises:
        RuntimeError: ``input`` is 0-d, ``length`` is negative, or ``start + length`` runs
            past the end of ``dim`` (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.arange(10).view(2, 5).narrow(1, 1, 2).tolist()
    [[1, 2], [6, 7]]
    """
    start, length = (int_argument(v, "narrow", n, i) for n, v, i in (("start", start, 2),
                                                                     ("length", length, 3)))
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    dim = wrap_dim(dim, input.ndim, "narrow")
    size = input.shape[dim]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], "
                         f"but got {start})")
    start += size if start < 0 else 0
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({size}).")
    return slice_along(input, dim, start, start + length)


def unbind(input, dim=0):
    """The slices of ``input`` along ``dim``, as a tuple of views without that dim.

    Args:
        input (Tensor): the tensor to unbind.
        dim (int): the dimension to remove. Default: 0.

    Returns:
        tuple of Tensors: one slice per index of ``dim``.

    Raises:
        IndexError: ``input`` is 0-d (PyTorch's message).

    >>> import tinytorch
    >>> [t.tolist() for t in tinytorch.arange(4).reshape(2, 2).unbind(1)]
    [[0, 2], [1, 3]]
    """
    axis = wrap_dim(dim, input.ndim, "unbind")
    if input.ndim == 0:
        raise IndexError(f"Dimension specified as {axis} but tensor has no dimensions")
    if input.shape[axis] == 0:
        return ()
    return _as_views(Unbind.apply(input, axis), input, Unbind, (axis,))
