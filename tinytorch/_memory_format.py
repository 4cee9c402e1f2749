"""PyTorch's memory formats and layout: ``contiguous_format``, ``preserve_format``,
``channels_last`` (4-D, NHWC strides) and ``channels_last_3d`` (5-D, NDHWC), and ``strided``,
the one layout tinytorch has. ``Tensor.contiguous``, ``to``, ``clone`` and ``is_contiguous``
take a ``memory_format``; a channels-last tensor is a real NHWC-strided view over its own
storage, as PyTorch's (every kernel accepts any strides)."""

from tinytorch._ops import shape


class memory_format:
    """A memory format (``tinytorch.channels_last`` ...): how a tensor's elements are laid out
    in its storage. Use the module's instances; there is no reason to make others.

    Args:
        name (str): its name (``"channels_last"``).
        rank (int, optional): the number of dims it applies to (None: any).
        order (tuple of int, optional): the dims from outermost to innermost in storage.

    >>> import tinytorch
    >>> tinytorch.channels_last
    tinytorch.channels_last
    """

    __slots__ = {"name": "Its name.", "rank": "The number of dims it applies to, or None.",
                 "order": "The dims from outermost to innermost in storage, or None."}

    def __init__(self, name, rank=None, order=None):
        self.name, self.rank, self.order = name, rank, order

    def __repr__(self):
        return f"tinytorch.{self.name}"


class layout:
    """A tensor layout; tinytorch has one, ``tinytorch.strided`` (dense, any strides).

    Args:
        name (str): its name.

    >>> tinytorch.zeros(2).layout
    tinytorch.strided
    """

    __slots__ = {"name": "Its name."}

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"tinytorch.{self.name}"


contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last", 4, (0, 2, 3, 1))
channels_last_3d = memory_format("channels_last_3d", 5, (0, 2, 3, 4, 1))
strided = layout("strided")


def _check(fmt):
    if not isinstance(fmt, memory_format):
        raise TypeError(f"memory_format must be tinytorch.memory_format, not "
                        f"{type(fmt).__name__}")


def is_contiguous(x, fmt=contiguous_format):
    """Whether ``x``'s strides are those ``fmt`` gives a tensor of its shape."""
    _check(fmt)
    if fmt.order is None:
        return x._backend.is_contiguous(x._data)
    return x.ndim == fmt.rank and x._backend.is_contiguous(x._data.transpose(fmt.order))


def contiguous(x, fmt=contiguous_format):
    """``x`` itself when it is laid out as ``fmt`` (or ``fmt`` is preserve_format), else a
    copy that is (gradients flow back to ``x``)."""
    _check(fmt)
    if fmt is preserve_format:
        return x
    if fmt.order is None:
        return shape.contiguous(x)
    if x.ndim != fmt.rank:
        raise RuntimeError(f"required rank {fmt.rank} tensor to use {fmt.name} format")
    if is_contiguous(x, fmt):
        return x
    inverse = tuple(sorted(range(fmt.rank), key=fmt.order.__getitem__))
    return shape.permute(shape.contiguous(shape.permute(x, fmt.order)), inverse)


def new_contiguous(x):
    """x in C order and no view: x itself when it is so, else a contiguous copy (gradients
    flow back to x). For a result PyTorch writes into a new tensor, where the reshapes that
    compute it here may leave a view of the input."""
    if x._view_src is None and is_contiguous(x):
        return x
    return clone(x, memory_format=contiguous_format)


def clone(input, *, memory_format=preserve_format):
    """Returns a copy of ``input`` with its own storage; gradients flow back to ``input``.

    Args:
        input (Tensor): the tensor (``self``).
        memory_format (tinytorch.memory_format): the copy's layout; ``preserve_format``
            (default) keeps ``input``'s strides.

    Returns:
        Tensor: the copy.

    Raises:
        RuntimeError: a channels-last format for a tensor of another rank.

    >>> x = tinytorch.ones(2)
    >>> y = tinytorch.clone(x)
    >>> y[0] = 5.0
    >>> x
    tensor([1., 1.])
    """
    _check(memory_format)
    if memory_format is preserve_format:
        return shape.clone(input)
    copy = contiguous(input, memory_format)
    return shape.clone(copy) if copy is input else copy
