"""Comparisons and logic: eq/ne/lt/le/gt/ge, logical_*, bitwise_*, isnan/isinf/isfinite,
allclose and equal. None of them has a gradient; results are bool tensors (or Python bools).
The docstrings of the element-wise ones are in ``tinytorch/_torch_docs_compare.py``."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops._op import Op
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import promote
from tinytorch._ops._util import host_operand


class Elementwise(Op):
    """z = kernel(be, *inputs), a bool (or integer, for bitwise ops) tensor, where ``kernel``
    calls the backend's kernel.  Not differentiable: the result is piecewise constant."""

    broadcasts = True
    differentiable = False

    @staticmethod
    def forward(ctx, *args, kernel):
        return kernel(ctx.backend, *args)


def _check_operands(name, input, other):
    if not is_tensor(input):
        raise TypeError(f"{name}(): argument 'input' must be Tensor, not {type(input).__name__}")
    if not is_tensor(other) and not isinstance(other, (int, float, bool)):
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"(Tensor, {type(other).__name__}); 'other' must be a Tensor or a number")


def _binary(kernel, input, other, name):
    _check_operands(name, input, other)
    a, b = promote(input, other)
    return Elementwise.apply(a, b, kernel=kernel)


def operator(fn, input, other):
    """The ``==`` ``<`` … forms: NotImplemented for operands that are neither Tensors nor
    numbers, so Python falls back as it does for PyTorch (``t == None`` is False)."""
    if not is_tensor(other) and type(other) not in (int, float, bool):
        other = host_operand(other, input)  # PyTorch compares with NumPy's as with its own
        if not (is_tensor(other) or isinstance(other, (int, float, bool))):
            return NotImplemented
    return fn(input, other)


def eq(input, other):
    return _binary(lambda be, a, b: be.eq(a, b), input, other, "eq")


def ne(input, other):
    return _binary(lambda be, a, b: be.ne(a, b), input, other, "ne")


def lt(input, other):
    return _binary(lambda be, a, b: be.lt(a, b), input, other, "lt")


def le(input, other):
    return _binary(lambda be, a, b: be.le(a, b), input, other, "le")


def gt(input, other):
    return _binary(lambda be, a, b: be.gt(a, b), input, other, "gt")


def ge(input, other):
    return _binary(lambda be, a, b: be.ge(a, b), input, other, "ge")


def logical_and(input, other):
    return _binary(lambda be, a, b: be.logical_and(a, b), input, other, "logical_and")


def logical_or(input, other):
    return _binary(lambda be, a, b: be.logical_or(a, b), input, other, "logical_or")


def logical_xor(input, other):
    return _binary(lambda be, a, b: be.logical_xor(a, b), input, other, "logical_xor")


def logical_not(input):
    return Elementwise.apply(input, kernel=lambda be, x: be.logical_not(x))


def _check_integral(name, input, other=0):
    """PyTorch's refusal of a floating result dtype in a bitwise op (``~`` on a float tensor
    is Tensor.__invert__'s TypeError instead), after the operands' TypeError, as PyTorch's
    argument parser comes first."""
    _check_operands(name, input, other)
    dtypes = [t.dtype for t in (input, other) if is_tensor(t)]
    result = dtypes[0] if len(dtypes) == 1 else _dtype.promote_types(*dtypes)
    if not is_tensor(other) and isinstance(other, float) and not result.is_floating_point:
        result = _dtype.get_default_dtype()
    if result.is_floating_point:
        raise NotImplementedError(f'"{name}_{input.device.type}" not implemented for '
                                  f"'{_dtype.SCALAR_TYPE_NAMES[result]}'")


def invert(input):
    if is_tensor(input) and input.dtype.is_floating_point:
        raise TypeError(f"~ (operator.invert) is only implemented on integer and Boolean-type "
                        f"tensors, got {input.dtype!r}")
    return bitwise_not(input)


def bitwise_not(input):
    _check_integral("bitwise_not", input)
    return Elementwise.apply(input, kernel=lambda be, x: be.bitwise_not(x))


def bitwise_and(input, other):
    _check_integral("bitwise_and", input, other)
    return _binary(lambda be, a, b: be.bitwise_and(a, b), input, other, "bitwise_and")


def bitwise_or(input, other):
    _check_integral("bitwise_or", input, other)
    return _binary(lambda be, a, b: be.bitwise_or(a, b), input, other, "bitwise_or")


def bitwise_xor(input, other):
    _check_integral("bitwise_xor", input, other)
    return _binary(lambda be, a, b: be.bitwise_xor(a, b), input, other, "bitwise_xor")


def gcd(input, other):
    """The elementwise greatest common divisor of ``input`` and ``other`` (non-negative;
    ``gcd(0, 0) = 0``).

    Args:
        input (Tensor): integers.
        other (Tensor): integers, broadcast with ``input``.

    Returns:
        Tensor: of the promoted integer dtype.

    Raises:
        TypeError: an operand is not a tensor.
        NotImplementedError: the promoted dtype is bool or floating-point.

    >>> import tinytorch
    >>> tinytorch.gcd(tinytorch.tensor([12, -18, 0]), tinytorch.tensor([8, 12, 0]))
    tensor([4, 6, 0])
    """
    return _integer_binary("gcd", input, other)


def lcm(input, other):
    """The elementwise least common multiple of ``input`` and ``other`` (non-negative;
    0 when either is 0).

    Args:
        input (Tensor): integers.
        other (Tensor): integers, broadcast with ``input``.

    Returns:
        Tensor: of the promoted integer dtype.

    Raises:
        TypeError: an operand is not a tensor.
        NotImplementedError: the promoted dtype is bool or floating-point.

    >>> tinytorch.lcm(tinytorch.tensor([4, -6, 0]), tinytorch.tensor([6, 4, 3]))
    tensor([12, 12,  0])
    """
    return _integer_binary("lcm", input, other)


def _integer_binary(name, input, other):
    """gcd and lcm: two tensors of integer dtypes (PyTorch refuses numbers, bool and floats)."""
    for position, (arg, value) in enumerate((("input", input), ("other", other)), 1):
        if not is_tensor(value):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, "
                            f"not {type(value).__name__}")
    result = _dtype.promote_types(input.dtype, other.dtype)
    if result.is_floating_point or result is _dtype.bool_:
        raise NotImplementedError(f'"{name}_{input.device.type}" not implemented for '
                                  f"'{_dtype.SCALAR_TYPE_NAMES[result]}'")
    return _binary(lambda be, a, b: getattr(be, name)(a, b), input, other, name)


def bitwise_left_shift(input, other):
    _check_integral("lshift", input, other)
    return _binary(lambda be, a, b: be.left_shift(a, b), input, other, "bitwise_left_shift")


def bitwise_right_shift(input, other):
    _check_integral("rshift", input, other)
    return _binary(lambda be, a, b: be.right_shift(a, b), input, other, "bitwise_right_shift")


def reflected(fn):
    """``number <op> tensor`` for the bitwise operators: the number becomes a 0-d tensor on
    the tensor's device, so it takes the tensor's dtype as a Python number would."""
    def op(self, other):
        if not isinstance(other, (int, float, bool)):
            return NotImplemented
        return fn(_creation.tensor(other, device=self.device), self)
    return op


def isnan(input):
    return Elementwise.apply(input, kernel=lambda be, x: be.isnan(x))


def isinf(input):
    return Elementwise.apply(input, kernel=lambda be, x: be.isinf(x))


def isfinite(input):
    return Elementwise.apply(input, kernel=lambda be, x: be.isfinite(x))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when ``|input - other| <= atol + rtol * |other|`` everywhere (broadcast).

    Both tensors must have the same dtype, as in PyTorch.

    Args:
        input (Tensor): the first tensor to compare.
        other (Tensor): the second tensor to compare.
        rtol (float): the relative tolerance. Default: 1e-05.
        atol (float): the absolute tolerance. Default: 1e-08.
        equal_nan (bool): count two NaNs as equal. Default: ``False``.

    Returns:
        bool: whether all elements are close.

    Raises:
        RuntimeError: the dtypes or devices differ, or the shapes do not broadcast.

    >>> import tinytorch
    >>> tinytorch.allclose(tinytorch.tensor([1.0, 2.0]), tinytorch.tensor([1.0, 2.0 + 1e-9]))
    True
    """
    if input.dtype is not other.dtype:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"{names[input.dtype]} did not match {names[other.dtype]} "
                           f"(allclose of {input.dtype!r} and {other.dtype!r}); cast one with "
                           ".to(other.dtype)")
    if input.device != other.device:
        raise RuntimeError(f"Expected all tensors to be on the same device, but found "
                           f"{input.device} and {other.device} (allclose)")
    broadcast_shapes(input.shape, other.shape, op="allclose")
    return input._backend.allclose(input._data, other._data, rtol, atol, equal_nan)


def equal(input, other):
    """True when both tensors have the same shape and the same values (dtypes may differ).

    Args:
        input (Tensor): the first tensor to compare.
        other (Tensor): the second tensor to compare.

    Returns:
        bool: whether shapes and values are equal.

    Raises:
        RuntimeError: the tensors are on different devices.

    >>> tinytorch.equal(tinytorch.tensor([1, 2]), tinytorch.tensor([1.0, 2.0]))
    True
    >>> tinytorch.equal(tinytorch.tensor([1, 2]), tinytorch.tensor([1, 2, 3]))
    False
    """
    if input.device != other.device:
        raise RuntimeError(f"Expected all tensors to be on the same device, but found "
                           f"{input.device} and {other.device} (equal)")
    if tuple(input.shape) != tuple(other.shape):
        return False
    return input._backend.array_equal(input._data, other._data)


