"""``as_strided`` (a view of a tensor's storage in any layout), ``empty_strided`` and
``new_empty_strided``.

A tensor's storage here is the memory of its root base (the tensor it is a view of, through
every view), which must be contiguous: sizes, strides and the storage offset count elements
from the root's first, as ``Tensor.stride()`` and ``storage_offset()`` report them. The
gradient is PyTorch's ``as_strided_backward``: the incoming gradient is added into a zero
storage at the view's positions, then read back in the input's layout, each position divided
by how many of the input's elements share it (an expanded input)."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import conversion as _conversion
from tinytorch import _grad_mode
from tinytorch import _memory_format
from tinytorch._ops import shape
from tinytorch._ops import tensor_extra
from tinytorch._ops._op import Op
from tinytorch._ops._util import int_argument


def _positions(be, shape, strides, offset):
    """int64 array of ``shape``: offset + Σ i_k strides_k, the storage position of each
    element of that layout."""
    pos = be.full((), offset, _dtype.int64)
    for axis, (n, s) in enumerate(zip(shape, strides)):
        view = [1] * len(shape)
        view[axis] = n
        pos = be.add(pos, be.reshape(be.mul(be.arange(0, n, 1, _dtype.int64), s), tuple(view)))
    return pos


class AsStrided(Op):
    """y[i] = storage[offset + Σ i_k stride_k], a view.  dL/dx = the gradient added into a
    zero storage at y's positions, read at x's positions, divided by how many of x's elements
    share each position (PyTorch's as_strided_backward)."""

    view = True

    @staticmethod
    def forward(ctx, x, size, stride, offset, start, storage_size):
        be = ctx.backend
        ctx.meta = (size, stride, offset, x.shape, be.strides(x), start, storage_size,
                    _dtype.from_native(x.dtype))
        return be.as_strided(x, size, stride, offset - start)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        size, stride, offset, in_shape, in_strides, start, storage_size, dtype = ctx.meta
        flat = (be.reshape(_positions(be, size, stride, offset), (-1,)),)
        storage = be.index_add((storage_size,), flat, be.reshape(g, (-1,)), dtype)
        pos = _positions(be, in_shape, in_strides, start)
        count = be.bincount(be.reshape(pos, (-1,)), storage_size)
        storage = be.div(storage, be.astype(be.maximum(count, 1), dtype))
        return be.getitem(storage, (pos,)), None, None, None, None, None


def _storage(input):
    """The root base whose memory is ``input``'s storage."""
    root = shape.view_base(input)
    root = input if root is None else root
    if not root.is_contiguous():
        raise RuntimeError("as_strided: tinytorch needs the tensor's storage (the tensor it is "
                           "a view of) to be contiguous; call .contiguous() first")
    return root


def _check_layout(size, stride, offset):
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, "
                           f"got strides: {list(stride)}")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and "
                           f"strides={list(stride)}")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if 0 in size:
        return 0
    return offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1


def as_strided(input, size, stride, storage_offset=None):
    """Returns a view of ``input``'s storage with the given sizes, strides and storage offset
    (all in elements; the offset defaults to ``input``'s own). Elements may overlap; writes
    through the view reach ``input``. The storage is the memory of the tensor ``input`` is a
    view of, which must be contiguous.

    Args:
        input (Tensor): the tensor whose storage is viewed.
        size (tuple of ints): the view's shape.
        stride (tuple of ints): the view's strides, >= 0.
        storage_offset (int, optional): where the view's first element lies in the storage.
            Default: ``input.storage_offset()``.

    Returns:
        Tensor: the view.

    Raises:
        RuntimeError: sizes and strides of different lengths, a negative stride, size or
            offset, a view reaching past the storage (PyTorch's messages), or a storage that
            is not contiguous.
        TypeError: ``storage_offset`` is not an int.

    >>> x = tinytorch.arange(6.)
    >>> tinytorch.as_strided(x, (2, 2), (1, 2))
    tensor([[0., 2.],
            [1., 3.]])
    >>> x.as_strided((3, 2), (1, 1), 1)
    tensor([[1., 2.],
            [2., 3.],
            [3., 4.]])
    """
    if storage_offset is not None:
        storage_offset = int_argument(storage_offset, "as_strided", "storage_offset", 4)
    size, stride = tuple(size), tuple(stride)
    root = _storage(input)
    start = tensor_extra.storage_offset(input)
    offset = start if storage_offset is None else storage_offset
    need = _check_layout(size, stride, offset)
    if need > root.numel():
        item = input.element_size()
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, "
            f"and itemsize {item} requiring a storage size of {need * item} are out of bounds "
            f"for storage of size {root.numel() * item}")
    return AsStrided.apply(input, size, stride, offset, start, root.numel())


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                  pin_memory=False):
    """Returns an uninitialised tensor with the given sizes and strides (a view of a fresh
    storage just large enough).

    Args:
        size (tuple of ints): the shape.
        stride (tuple of ints): the strides, in elements.
        dtype (tinytorch.dtype, optional): Default: the default dtype.
        layout (tinytorch.layout, optional): only ``tinytorch.strided``.
        device (str or tinytorch.device, optional): the device.
        requires_grad (bool): whether the result requires grad. Default: False.
        pin_memory (bool): accepted; memory is never pinned.

    Returns:
        Tensor: the tensor, its ``stride()`` the given strides.

    Raises:
        RuntimeError: sizes and strides of different lengths, or a negative stride or size.

    >>> tinytorch.empty_strided((2, 3), (1, 2)).stride()
    (1, 2)
    """
    size, stride = tuple(size), tuple(stride)
    storage = _creation.empty(_check_layout(size, stride, 0), dtype=dtype, device=device)
    with _grad_mode.no_grad():
        out = AsStrided.apply(storage, size, stride, 0, 0, storage.numel())
    return _conversion.created_requiring_grad(out, requires_grad)


def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None,
                      requires_grad=False, pin_memory=False):
    """Returns an uninitialised tensor with the given sizes and strides, of ``self``'s dtype
    and device unless given (:func:`tinytorch.empty_strided`).

    Args:
        size (tuple of ints): the shape.
        stride (tuple of ints): the strides, in elements.
        dtype (tinytorch.dtype, optional): Default: ``self.dtype``.
        layout (tinytorch.layout, optional): only ``tinytorch.strided``.
        device (str or tinytorch.device, optional): Default: ``self.device``.
        requires_grad (bool): whether the result requires grad. Default: False.
        pin_memory (bool): accepted; memory is never pinned.

    Returns:
        Tensor: the tensor.

    Raises:
        RuntimeError: sizes and strides of different lengths, or a negative stride or size.

    >>> tinytorch.ones(2, dtype=tinytorch.float64).new_empty_strided((2, 2), (1, 2)).dtype
    tinytorch.float64
    """
    return empty_strided(size, stride, dtype=self.dtype if dtype is None else dtype,
                         device=self.device if device is None else device,
                         requires_grad=requires_grad)


def dim_order(input, *, ambiguity_check=False):
    """The dims from the outermost in memory to the innermost, as PyTorch's
    ``Tensor.dim_order``: ``range(ndim)`` for a contiguous tensor, ``(0, 2, ..., 1)`` for a
    channels-last one, else by stride (PyTorch's insertion sort: a 0 stride is no evidence, a
    tie goes to the larger size).

    Args:
        input (Tensor): the tensor.
        ambiguity_check (bool or list of memory formats): raise when the order is not unique
            (a size-1 dim or two equal strides), unless the tensor is contiguous in exactly
            one of the given formats. Default: False.

    Returns:
        tuple of ints: the order.

    Raises:
        TypeError: ``ambiguity_check`` is neither a bool nor a list of memory formats.
        RuntimeError: the order is ambiguous and ``ambiguity_check`` asks (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.ones(2, 3, 4).permute(2, 0, 1).dim_order()
    (1, 2, 0)
    """
    formats = ambiguity_check if isinstance(ambiguity_check, list) else []
    if not isinstance(ambiguity_check, bool) and (
            not isinstance(ambiguity_check, list)
            or not all(isinstance(f, _memory_format.memory_format) for f in formats)):
        raise TypeError("The ambiguity_check argument must be a bool or a list of memory "
                        "formats.")
    sizes, strides = tuple(input.shape), input.stride()
    ambiguous = any(a == b for a, b in zip(strides, strides[1:])) or 1 in sizes
    if ambiguity_check is not False and ambiguous and \
            sum(input.is_contiguous(memory_format=f) for f in formats) != 1:
        raise RuntimeError("The tensor does not have unique dim order, or cannot map to exact "
                           "one of the given memory formats.")
    ndim = input.ndim
    if ndim < 2:
        return tuple(range(ndim))
    last = _memory_format.channels_last
    channels_last = ndim == 4 and input.is_contiguous(memory_format=last)
    if input.is_contiguous() != channels_last:
        return tuple(range(ndim)) if not channels_last else (0, *range(2, ndim), 1)

    def should_swap(a, b):
        if strides[a] == 0 or strides[b] == 0:
            return 0
        if strides[a] == strides[b]:
            return 0 if sizes[b] >= sizes[a] else 1
        return -1 if strides[b] >= strides[a] else 1
    perm = list(reversed(range(ndim)))
    for i in range(1, ndim):  # PyTorch's insertion sort, back to front
        moving = i
        for j in reversed(range(i)):
            order = should_swap(perm[j], perm[moving])
            if order > 0:
                perm[j], perm[moving] = perm[moving], perm[j]
                moving = j
            elif order < 0:
                break
    if ambiguity_check and any(should_swap(a, b) != -1 for a, b in zip(perm, perm[1:])):
        raise RuntimeError("The tensor does not have unique dim order.")
    return tuple(reversed(perm))
