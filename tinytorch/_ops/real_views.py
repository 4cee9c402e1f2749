"""PyTorch's complex-number API on real tensors, which scripts written for both call:
``conj`` and ``resolve_conj``/``resolve_neg`` return the tensor itself, ``adjoint`` (``mH``,
``H``) is the transpose, ``real`` is the tensor and ``imag`` raises; and the functional
spellings ``split_with_sizes``, ``unsafe_split``, ``unsafe_chunk``, ``rsub``,
``scalar_tensor``, ``detach``."""

import math
import warnings

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _tensor
from tinytorch._ops import arithmetic
from tinytorch._ops import compare
from tinytorch._ops import indexing
from tinytorch._ops import join
from tinytorch._ops import shape
from tinytorch._ops._util import user_stacklevel


def conj(input):
    """Returns ``input`` with its conjugate bit flipped: tinytorch's tensors are real, so
    ``input`` itself. ``resolve_conj`` and ``resolve_neg`` (which materialise a lazy
    conjugation or negation, which tinytorch never has) are this function too.

    Args:
        input (Tensor): the tensor.

    Returns:
        Tensor: ``input``.

    >>> import tinytorch
    >>> x = tinytorch.ones(2)
    >>> tinytorch.conj(x) is x, tinytorch.resolve_conj(x) is x, tinytorch.resolve_neg(x) is x
    (True, True, True)
    """
    return input


resolve_conj = resolve_neg = conj_physical = conj


def angle(input):
    """The argument of each element as a complex number: for a real tensor pi where it is
    negative, 0 elsewhere (NaN stays NaN), in a floating-point dtype (integers and bools give
    the default one); its gradient is 0, as PyTorch's.

    Args:
        input (Tensor): the tensor.

    Returns:
        Tensor: the angles.

    >>> import tinytorch
    >>> tinytorch.angle(tinytorch.tensor([-2.0, 0.0, 3.0]))
    tensor([3.1416, 0.0000, 0.0000])
    """
    if not input.dtype.is_floating_point:
        input = input.to(_dtype.get_default_dtype())
    base = arithmetic.where(compare.lt(input, 0), math.pi, _creation.zeros_like(input))
    return arithmetic.where(compare.isnan(input), input * 0, base)  # NaN kept, gradient 0


def nonzero_static(input, *, size, fill_value=-1):
    """:func:`tinytorch.nonzero` with a fixed number of rows: the first ``size`` indices of
    the nonzero elements, then rows of ``fill_value`` (a shape that does not depend on the
    data, as PyTorch's).

    Args:
        input (Tensor): the tensor.
        size (int): the rows of the result.
        fill_value (int): the padding rows' value. Default: -1.

    Returns:
        Tensor: int64 of shape ``(size, input.ndim)``.

    >>> import tinytorch
    >>> tinytorch.nonzero_static(tinytorch.tensor([0, 3, 4]), size=3, fill_value=9)
    tensor([[1],
            [2],
            [9]])
    """
    found = indexing.nonzero(input)
    if found.shape[0] >= size:
        return found[:size]
    pad = _creation.full((size - found.shape[0], found.shape[1]), fill_value,
                         dtype=found.dtype, device=found.device)
    return join.cat([found, pad])


def is_conj(input):
    """Whether ``input``'s conjugate bit is set: never, for a real tensor.

    Args:
        input (Tensor): the tensor.

    Returns:
        bool: False.

    >>> tinytorch.is_conj(tinytorch.ones(2))
    False
    """
    return False


def is_neg(input):
    """Whether ``input``'s negative bit is set: tinytorch has none.

    Args:
        input (Tensor): the tensor.

    Returns:
        bool: False.

    >>> tinytorch.is_neg(tinytorch.ones(2))
    False
    """
    return False


def _deprecated_scalar(input, what, hint="Consider using x.conj()."):
    """PyTorch's identity for a 0-d tensor (the tensor itself), with its warning."""
    warnings.warn(f"{what} is deprecated on 0-D tensors. {hint}", UserWarning,
                  stacklevel=user_stacklevel())
    return input


def _matrices(input, what, scalar_what):
    if input.ndim == 0:
        return _deprecated_scalar(input, scalar_what)
    if input.ndim < 2:
        raise RuntimeError(f"tensor.{what} is only supported on matrices or batches of "
                           f"matrices. Got {input.ndim}-D tensor.")
    return shape.transpose(input, -2, -1)


def adjoint(input):
    """The conjugate transpose of the last two dims: for a real tensor, their transpose (a
    view).

    Args:
        input (Tensor): at least 2-D.

    Returns:
        Tensor: ``input.transpose(-2, -1)``.

    Raises:
        RuntimeError: ``input`` is 1-D (a 0-d one is returned as it is, with PyTorch's
            deprecation warning).

    >>> tinytorch.adjoint(tinytorch.ones(2, 3)).shape
    torch.Size([3, 2])
    """
    return _matrices(input, "adjoint()", "adjoint()")


def m_h(input):
    """``Tensor.mH``: :func:`adjoint` with PyTorch's message."""
    return _matrices(input, "mH", "Tensor.mH")


def m_t(input):
    """``Tensor.mT``: the last two dims swapped (a 0-d tensor is returned as it is, with
    PyTorch's deprecation warning; a 1-D one raises)."""
    if input.ndim == 0:
        return _deprecated_scalar(input, "Tensor.mT", "This function is the identity in "
                                  "these cases.")
    return _matrices(input, "mT", None)


def h(input):
    """``Tensor.H``: the conjugate transpose of a matrix (2-D only; a 0-d tensor is returned
    as it is, with PyTorch's deprecation warning)."""
    if input.ndim == 0:
        return _deprecated_scalar(input, "Tensor.H")
    if input.ndim != 2:
        hint = " For batches of matrices, consider using tensor.mH" if input.ndim > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got "
                           f"{input.ndim}-D tensor.{hint}")
    return shape.transpose(input, 0, 1)


def imag(input):
    """``Tensor.imag``: PyTorch's error, as tinytorch's tensors are real."""
    raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")


def split_with_sizes(input, split_sizes, dim=0):
    """Splits ``input`` along ``dim`` into pieces of the given sizes (which must add up to
    its size there): :func:`split` with a list.

    Args:
        input (Tensor): the tensor.
        split_sizes (list of int): the pieces' sizes.
        dim (int): the dim to split. Default: 0.

    Returns:
        tuple of Tensor: views of ``input``.

    Raises:
        RuntimeError: the sizes do not add up to the dim's size.

    >>> [t.shape for t in tinytorch.split_with_sizes(tinytorch.ones(5), [2, 3])]
    [torch.Size([2]), torch.Size([3])]
    """
    sizes = [int(s) for s in split_sizes]
    length = input.shape[dim]
    if sum(sizes) != length:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {length} "
                           f"(input tensor's size at dimension {dim}), but got "
                           f"split_sizes={sizes}")
    return join.split(input, sizes, dim)


def unsafe_split(tensor, split_size_or_sections, dim=0):
    """:func:`split` (PyTorch's unsafe variant skips version checks of the views; tinytorch's
    views are safe).

    Args:
        tensor (Tensor): the tensor.
        split_size_or_sections (int or list of int): a piece's size, or each piece's.
        dim (int): the dim to split. Default: 0.

    Returns:
        tuple of Tensor: the pieces.

    >>> len(tinytorch.unsafe_split(tinytorch.ones(5), 2))
    3
    """
    return join.split(tensor, split_size_or_sections, dim)


def unsafe_chunk(input, chunks, dim=0):
    """:func:`chunk` (PyTorch's unsafe variant skips version checks of the views).

    Args:
        input (Tensor): the tensor.
        chunks (int): the number of pieces.
        dim (int): the dim to split. Default: 0.

    Returns:
        tuple of Tensor: the pieces.

    >>> len(tinytorch.unsafe_chunk(tinytorch.ones(6), 3))
    3
    """
    return join.chunk(input, chunks, dim)


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``, broadcast (the reflected :func:`sub`).

    Args:
        input (Tensor): the subtrahend.
        other (Tensor or number): the minuend.
        alpha (number): the factor of ``input``. Default: 1.

    Returns:
        Tensor: ``other - alpha * input``.

    >>> tinytorch.rsub(tinytorch.tensor([1.0, 2.0]), 5, alpha=2)
    tensor([3., 1.])
    """
    return arithmetic.rsub(input if alpha == 1 else arithmetic.mul(input, alpha), other)


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    """A 0-d tensor holding the number ``s``, in the default floating-point dtype unless
    ``dtype`` says otherwise.

    Args:
        s (number): the value.
        dtype (tinytorch.dtype, optional): the dtype. Default: the default dtype.
        device (str or tinytorch.device, optional): the device.
        requires_grad (bool): whether it requires grad. Default: False.

    Returns:
        Tensor: 0-d.

    Raises:
        TypeError: ``s`` is a tensor of one or more dims (PyTorch's message; a 0-d one is a
            number).

    >>> tinytorch.scalar_tensor(3)
    tensor(3.)
    """
    if isinstance(s, _tensor.Tensor) and s.ndim:  # a 0-d tensor is a number, as PyTorch's
        raise TypeError("scalar_tensor(): argument 's' (position 1) must be Number, not Tensor")
    dtype = _dtype.get_default_dtype() if dtype is None else dtype
    return _creation.tensor(s, dtype=dtype, device=device, requires_grad=requires_grad)


def detach(input):
    """A new tensor sharing ``input``'s storage, outside the graph (``input.detach()``).

    Args:
        input (Tensor): the tensor.

    Returns:
        Tensor: the detached tensor.

    >>> x = tinytorch.ones(2, requires_grad=True)
    >>> tinytorch.detach(x * 2).requires_grad
    False
    """
    return input.detach()


