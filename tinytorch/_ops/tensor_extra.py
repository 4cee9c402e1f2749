"""Pointwise helpers and Tensor conveniences added for the PyTorch API (tensG): ``addcmul``,
``addcdiv``, ``clamp_min``/``clamp_max``, ``logspace``, and what ``Tensor.stride()``,
``storage_offset()``, ``is_nonzero()``, ``get_device()``, ``sum_to_size()`` report. Tensors are
NumPy/CuPy arrays, views included, so strides and offsets are those of the real layout."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import pointwise
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import refuse_bool
from tinytorch._ops._util import wrap_dim


def _scaled(t, value, integral):
    """t * value (value truncated when the result is integral, as PyTorch's kernel)."""
    return t if value == 1 else arithmetic.mul(t, int(value) if integral else value)


def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2`` (broadcast; an integer result truncates
    ``value``, as PyTorch).

    Args:
        input (Tensor): the tensor added to.
        tensor1 (Tensor): first factor.
        tensor2 (Tensor): second factor.
        value (Number): scale of the product. Default: 1.

    Returns:
        Tensor: the result, of the three tensors' promoted dtype.

    >>> tinytorch.addcmul(tinytorch.ones(2), tinytorch.tensor([1., 2.]),
    ...                   tinytorch.tensor([3., 4.]), value=0.5)
    tensor([2.5000, 5.0000])
    """
    if all(t.dtype is _dtype.bool_ for t in (input, tensor1, tensor2)):
        refuse_bool("addcmul_cpu_out", input)  # NOTE [Bool refusals]
    integral = not any(t.dtype.is_floating_point for t in (input, tensor1, tensor2))
    return arithmetic.add(input, arithmetic.mul(_scaled(tensor1, value, integral), tensor2))


def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2`` (broadcast).

    Args:
        input (Tensor): the tensor added to.
        tensor1 (Tensor): the numerator.
        tensor2 (Tensor): the denominator.
        value (Number): scale of the quotient. Default: 1.

    Returns:
        Tensor: the result.

    Raises:
        RuntimeError: ``tensor1`` and ``tensor2`` are both integer (PyTorch's message).

    >>> tinytorch.addcdiv(tinytorch.zeros(2), tinytorch.tensor([1., 2.]),
    ...                   tinytorch.tensor([4., 4.]), value=2)
    tensor([0.5000, 1.0000])
    """
    if not (tensor1.dtype.is_floating_point or tensor2.dtype.is_floating_point):
        raise RuntimeError(
            "Integer division with addcdiv is no longer supported, and in a future  release "
            "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
            "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))."
            "to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
            "float inputs. The future addcdiv behavior is just the latter implementation: "
            "(input + value * tensor1 / tensor2), for all dtypes.")
    return arithmetic.add(input, arithmetic.div(_scaled(tensor1, value, False), tensor2))


def clamp_min(input, min):
    """``clamp(input, min=min)``: each element at least ``min``.

    Args:
        input (Tensor): the input.
        min (Number or Tensor): the lower bound.

    Returns:
        Tensor: the clamped tensor.

    >>> tinytorch.clamp_min(tinytorch.tensor([-1.0, 2.0]), 0)
    tensor([0., 2.])
    """
    return pointwise.clamp_named(input, min, None, "ClampMinBackward1" if is_tensor(min)
                                 else "ClampMinBackward0")


def clamp_max(input, max):
    """``clamp(input, max=max)``: each element at most ``max``.

    Args:
        input (Tensor): the input.
        max (Number or Tensor): the upper bound.

    Returns:
        Tensor: the clamped tensor.

    >>> tinytorch.clamp_max(tinytorch.tensor([-1.0, 2.0]), 0)
    tensor([-1.,  0.])
    """
    return pointwise.clamp_named(input, None, max, "ClampMaxBackward1" if is_tensor(max)
                                 else "ClampMaxBackward0")


def logspace(start, end, steps, base=10.0, *, dtype=None, layout=None, device=None,
             requires_grad=False):
    """``steps`` values ``base ** e`` with ``e`` evenly spaced from ``start`` to ``end``.

    Args:
        start (float): the first exponent.
        end (float): the last exponent.
        steps (int): how many values.
        base (float): the base. Default: 10.0.
        dtype (tinytorch.dtype, optional): default: the default float dtype.
        layout: PyTorch's layout argument (only strided exists).
        device (str or tinytorch.device, optional): where to create it.
        requires_grad (bool): whether autograd records it. Default: False.

    Returns:
        Tensor: 1-D of ``steps`` values.

    Raises:
        RuntimeError: ``steps`` is negative.

    >>> tinytorch.logspace(0, 2, 3)
    tensor([  1.,  10., 100.])
    """
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dtype = _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype, "logspace")
    return _creation.logspace(start, end, steps, base, dtype, device, requires_grad)


# --- Tensor conveniences ------------------------------------------------------------------
def stride(input, dim=None):
    """The step in elements between neighbours along each dim (of the real layout: a view's
    are its base's, an expanded dim's is 0).

    Args:
        input (Tensor): the tensor.
        dim (int, optional): one dim's stride only.

    Returns:
        tuple of ints, or int: the strides, or the one asked for.

    >>> tinytorch.zeros(2, 3).t().stride()
    (1, 3)
    """
    strides = input._backend.strides(input._data)
    return strides if dim is None else strides[wrap_dim(dim, input.ndim, "stride")]


def storage_offset(input):
    """Where the tensor's first element lies in its memory, in elements: from the first
    element of the tensor it is a view of (0 unless it is a view that starts later).

    Args:
        input (Tensor): the tensor.

    Returns:
        int: the offset.

    >>> tinytorch.arange(6)[2:].storage_offset()
    2
    """
    root = shape.view_base(input)
    return input._backend.storage_offset(input._data, (input if root is None else root)._data)


def is_nonzero(input):
    """Whether a one-element tensor's value is not zero.

    Args:
        input (Tensor): exactly one element.

    Returns:
        bool: its truth.

    Raises:
        RuntimeError: no element or more than one.

    >>> tinytorch.tensor([0.5]).is_nonzero()
    True
    """
    n = input.numel()
    if n != 1:
        raise RuntimeError("Boolean value of Tensor with "
                           f"{'no values' if n == 0 else 'more than one value'} is ambiguous")
    return bool(input.item())


def get_device(input):
    """The CUDA device index holding the tensor, -1 on the CPU.

    Args:
        input (Tensor): the tensor.

    Returns:
        int: the index, or -1.

    >>> tinytorch.zeros(1).get_device()
    -1
    """
    device = input.device
    return -1 if device.type == "cpu" else (device.index or 0)


def sum_to_size(input, *size):
    """``input`` summed down to ``size``, which must expand to ``input``'s shape (the
    reverse of broadcasting).

    Args:
        input (Tensor): the tensor.
        *size (int or sequence of ints): the target shape.

    Returns:
        Tensor: of shape ``size``.

    Raises:
        RuntimeError: ``size`` does not expand to ``input``'s shape.

    >>> tinytorch.ones(2, 3).sum_to_size(1, 3)
    tensor([[2., 2., 2.]])
    """
    if len(size) == 1 and not isinstance(size[0], int):
        size = size[0]
    size = tuple(int(s) for s in size)
    sizes = tuple(input.shape)
    lead = len(sizes) - len(size)
    if lead < 0 or any(s not in (n, 1) for s, n in zip(size, sizes[lead:])):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(sizes)}}}.")
    if not size:  # PyTorch's sum_to of a scalar shape: a plain sum(), a 0-d input's too
        return reduction.sum(input)
    dims = tuple(range(lead)) + tuple(i for i in range(lead, len(sizes))
                                      if size[i - lead] == 1 and sizes[i] != 1)
    if not dims:
        return input
    out = reduction.sum(input, dims, keepdim=True)
    return shape.view(out, size) if lead else out  # PyTorch's view of its keepdim sum
