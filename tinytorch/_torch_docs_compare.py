"""Docstrings of the comparison and logic functions (``tinytorch/_ops/compare.py``), attached
at import as in ``tinytorch/_torch_docs_pointwise.py``; most differ only in their operator,
so one text each for the comparisons, the logical and bitwise functions and the tests.
"""

from tinytorch._ops import compare
from tinytorch._tensor_docs import add_docstr

_COMPARE_DOC = """Computes ``input {op} other`` element-wise.

``other`` may be a number or a tensor that broadcasts with ``input``; the two are compared
after type promotion. Not differentiable.

Args:
    input (Tensor): the tensor to compare.
    other (Tensor or Number): the tensor or value to compare.

Returns:
    Tensor: a bool tensor, True where ``input {op} other``.

>>> tinytorch.{name}(tinytorch.tensor([1, 2, 3]), 2)
{output}
"""
_COMPARE = {"eq": ("==", "tensor([False,  True, False])"),
            "ne": ("!=", "tensor([ True, False,  True])"),
            "lt": ("<", "tensor([ True, False, False])"),
            "le": ("<=", "tensor([ True,  True, False])"),
            "gt": (">", "tensor([False, False,  True])"),
            "ge": (">=", "tensor([False,  True,  True])")}
for _name, (_op, _output) in _COMPARE.items():
    add_docstr(getattr(compare, _name), _COMPARE_DOC.format(op=_op, name=_name, output=_output))

_LOGICAL_DOC = """Computes the element-wise logical {what} of ``input`` and ``other``: zeros count
as False, everything else as True. They broadcast together.

Args:
    input (Tensor): the first operand.
    other (Tensor or Number): the second operand.

Returns:
    Tensor: a bool tensor.

>>> tinytorch.{name}(tinytorch.tensor([True, False, True]), tinytorch.tensor([1, 0, 0]))
{output}
"""
_LOGICAL = {"logical_and": ("AND", "tensor([ True, False, False])"),
            "logical_or": ("OR", "tensor([ True, False,  True])"),
            "logical_xor": ("XOR", "tensor([False, False,  True])")}
for _name, (_what, _output) in _LOGICAL.items():
    add_docstr(getattr(compare, _name), _LOGICAL_DOC.format(what=_what, name=_name,
                                                            output=_output))

add_docstr(compare.logical_not, """Computes the element-wise logical NOT of ``input``: True where
``input`` is zero (or False).

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a bool tensor.

>>> tinytorch.logical_not(tinytorch.tensor([0.0, 1.5]))
tensor([ True, False])
""")

_BITWISE_DOC = """Computes the bitwise {what} of ``input`` and ``other`` (the ``{op}``
operator): bitwise for integer tensors, logical for bool tensors. They broadcast together.
Floating-point operands raise ``TypeError``, as in PyTorch.

Args:
    input (Tensor): an integer or bool tensor.
    other (Tensor or int or bool): the second operand.

Returns:
    Tensor: the result, of the promoted dtype.

>>> tinytorch.{name}(tinytorch.tensor([12, 10]), tinytorch.tensor([10, 6]))
{output}
"""
_BITWISE = {"bitwise_and": ("AND", "&", "tensor([8, 2])"),
            "bitwise_or": ("OR", "|", "tensor([14, 14])"),
            "bitwise_xor": ("XOR", "^", "tensor([ 6, 12])")}
for _name, (_what, _op, _output) in _BITWISE.items():
    add_docstr(getattr(compare, _name), _BITWISE_DOC.format(what=_what, op=_op, name=_name,
                                                            output=_output))

add_docstr(compare.bitwise_not, """Computes the bitwise NOT of ``input`` (the ``~`` operator):
bitwise for integer tensors, logical for bool tensors. Floating-point inputs raise
``TypeError``, as in PyTorch.

Args:
    input (Tensor): an integer or bool tensor.

Returns:
    Tensor: the result, of ``input``'s dtype.

>>> tinytorch.bitwise_not(tinytorch.tensor([0, 5]))
tensor([-1, -6])
>>> tinytorch.bitwise_not(tinytorch.tensor([True, False]))
tensor([False,  True])
""")

_SHIFT_DOC = """Shifts the bits of ``input`` {way} by ``other`` places (the ``{op}`` operator;
{detail}).

Args:
    input (Tensor): an integer or bool tensor.
    other (Tensor or int): the shifts, broadcast against ``input``.

Returns:
    Tensor: the result, of the promoted integer dtype.

Raises:
    NotImplementedError: a floating-point operand (PyTorch's message).

>>> tinytorch.{name}(tinytorch.tensor([-8, 12]), 2)
{output}
"""
for _name, (_way, _op, _detail, _output) in {
        "bitwise_left_shift": ("left", "<<", "``input * 2 ** other``", "tensor([-32,  48])"),
        "bitwise_right_shift": ("right", ">>", "arithmetic: the sign bit is kept",
                                "tensor([-2,  3])")}.items():
    add_docstr(getattr(compare, _name), _SHIFT_DOC.format(way=_way, op=_op, detail=_detail,
                                                          name=_name, output=_output))

_TEST_DOC = """Returns a new bool tensor that is True where ``input`` is {what}.

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: a bool tensor of ``input``'s shape (integers are never NaN or infinite).

>>> tinytorch.{name}(tinytorch.tensor([1.0, float("inf"), float("nan")]))
{output}
"""
_TESTS = {"isnan": ("NaN", "tensor([False, False,  True])"),
          "isinf": ("positive or negative infinity", "tensor([False,  True, False])"),
          "isfinite": ("finite (neither NaN nor infinite)", "tensor([ True, False, False])")}
for _name, (_what, _output) in _TESTS.items():
    add_docstr(getattr(compare, _name), _TEST_DOC.format(what=_what, name=_name, output=_output))
