"""Docstrings of the elementwise functions (``tinytorch/_ops/arithmetic.py`` and
``tinytorch/_ops/pointwise.py``), kept here so that the op modules stay one screen per op, as
PyTorch keeps ``torch/_torch_docs.py``. Each is attached once, at import; ``Tensor.add`` and
the other methods that are these functions carry the same text.
"""

from tinytorch._ops import arithmetic
from tinytorch._ops import pointwise
from tinytorch._tensor_docs import add_docstr

_FLOAT_NOTE = "Integer and bool inputs compute in the default float dtype, as in PyTorch."
_ROUND_NOTE = ("Its gradient is zero; an integer input is returned as a copy, as in "
               "PyTorch.")

_UNARY_DOC = """Returns a new tensor with {what} of the elements of ``input``{formula}.{note}

Args:
    input (Tensor): the input tensor.

Returns:
    Tensor: the result, of ``input``'s shape.
{raises}
>>> tinytorch.{name}(tinytorch.tensor({example}))
{output}
"""

_UNARY = {  # name: (what, formula, note, example input, output)
    "abs": ("the absolute value", ": ``|input|``", "",
            "[-1.5, 0.0, 2.0]", "tensor([1.5000, 0.0000, 2.0000])"),
    "neg": ("the negative", ": ``-input``", "",
            "[1.0, -2.0]", "tensor([-1.,  2.])"),
    "exp": ("the exponential", ": ``e ** input``", _FLOAT_NOTE,
            "[0.0, 1.0]", "tensor([1.0000, 2.7183])"),
    "expm1": ("the exponential minus 1", ": ``e ** input - 1``, accurate for small inputs",
              _FLOAT_NOTE, "[0.0, 1e-10]", "tensor([0.0000e+00, 1.0000e-10])"),
    "log": ("the natural logarithm", ": ``ln(input)``", _FLOAT_NOTE,
            "[1.0, 2.7183]", "tensor([0.0000, 1.0000])"),
    "log1p": ("the natural logarithm of (1 + input)", ", accurate for small inputs",
              _FLOAT_NOTE, "[0.0, 1e-10]", "tensor([0.0000e+00, 1.0000e-10])"),
    "sqrt": ("the square root", "", _FLOAT_NOTE, "[4.0, 9.0]", "tensor([2., 3.])"),
    "rsqrt": ("the reciprocal of the square root", ": ``1 / sqrt(input)``", _FLOAT_NOTE,
              "[4.0, 0.25]", "tensor([0.5000, 2.0000])"),
    "square": ("the square", ": ``input * input``", "", "[-2, 3]", "tensor([4, 9])"),
    "reciprocal": ("the reciprocal", ": ``1 / input``", _FLOAT_NOTE,
                   "[2.0, -4.0]", "tensor([ 0.5000, -0.2500])"),
    "sin": ("the sine", "", _FLOAT_NOTE, "[0.0, 1.5708]", "tensor([0., 1.])"),
    "cos": ("the cosine", "", _FLOAT_NOTE, "[0.0, 3.1416]", "tensor([ 1., -1.])"),
    "tanh": ("the hyperbolic tangent", "", _FLOAT_NOTE, "[0.0, 1.0]", "tensor([0.0000, 0.7616])"),
    "sigmoid": ("the logistic sigmoid", ": ``1 / (1 + e ** -input)``", _FLOAT_NOTE,
                "[0.0, 2.0]", "tensor([0.5000, 0.8808])"),
    "relu": ("the rectified linear unit", ": ``max(input, 0)``", "",
             "[-1.0, 2.0]", "tensor([0., 2.])"),
    "sign": ("the sign", ": -1, 0 or 1", "Its gradient is zero.",
             "[-2.5, 0.0, 3.0]", "tensor([-1.,  0.,  1.])"),
    "floor": ("the floor", ", the largest integer not above each element", _ROUND_NOTE,
              "[-1.5, 1.5]", "tensor([-2.,  1.])"),
    "ceil": ("the ceil", ", the smallest integer not below each element", _ROUND_NOTE,
             "[-1.5, 1.5]", "tensor([-1.,  2.])"),
    "trunc": ("the truncated integer values", " (rounded toward zero)", _ROUND_NOTE,
              "[-1.5, 1.5]", "tensor([-1.,  1.])"),
}
for _name, (_what, _formula, _note, _example, _output) in _UNARY.items():
    _module = arithmetic if _name in ("abs", "neg") else pointwise
    _raises = {"neg": "\nRaises:\n    RuntimeError: ``input`` is a bool tensor (use ``~`` or"
                      " :func:`logical_not` to invert a mask).\n",
               "relu": "\nRaises:\n    RuntimeError: ``input`` is a bool tensor (PyTorch's "
                       "message).\n"}.get(_name, "")
    add_docstr(getattr(_module, _name), _UNARY_DOC.format(
        what=_what, formula=_formula, note=_note and " " + _note, raises=_raises, name=_name,
        example=_example, output=_output))

add_docstr(pointwise.round, """Rounds the elements of ``input`` to the closest integer, halves to
even, or to ``decimals`` decimal places. """ + _ROUND_NOTE + """

Args:
    input (Tensor): the input tensor.
    decimals (int): the number of decimal places to round to. Default: 0.

Returns:
    Tensor: the rounded values, of ``input``'s shape.

>>> tinytorch.round(tinytorch.tensor([0.5, 1.5, 2.25]), decimals=1)
tensor([0.5000, 1.5000, 2.2000])
""")

_ALPHA = "    alpha (Number): the multiplier for ``other``. Default: 1.\n"
_BINARY_DOC = """{summary}

Supports broadcasting and PyTorch's type promotion; either operand may be a Python number
(``input`` must be a Tensor when called as a method).{note}

Args:
    input (Tensor or Number): the first operand.
    other (Tensor or Number): the second operand.
{args}
Returns:
    Tensor: the result, of the broadcast shape and the promoted dtype.
{raises}
>>> tinytorch.{name}(tinytorch.tensor({a}), {b})
{output}
"""

_BINARY = {  # name: (summary, note, extra args, raises, a, b, output)
    "add": ("Adds ``other``, scaled by ``alpha``, to ``input``: ``input + alpha * other``.",
            "", _ALPHA, "", "[1.0, 2.0]", "10, alpha=2", "tensor([21., 22.])"),
    "sub": ("Subtracts ``other``, scaled by ``alpha``, from ``input``: "
            "``input - alpha * other``.", "", _ALPHA,
            "\nRaises:\n    RuntimeError: an operand is a bool tensor (use ``^`` or"
            " :func:`logical_not`).\n", "[1.0, 2.0]", "tinytorch.tensor([0.5, 0.5])",
            "tensor([0.5000, 1.5000])"),
    "mul": ("Multiplies ``input`` by ``other``: ``input * other``.", "", "", "",
            "[1.0, 2.0]", "3", "tensor([3., 6.])"),
    "floor_divide": ("Divides ``input`` by ``other`` and rounds toward minus infinity "
                     "(Python's and PyTorch's ``//``).", " Its gradient is zero.", "", "",
                     "[7, -7]", "2", "tensor([ 3, -4])"),
    "remainder": ("Python's modulus ``input % other``: the result has the sign of ``other``.",
                  " The gradient is 1 for ``input`` and 0 for ``other``.", "", "",
                  "[-3, 3]", "2", "tensor([1, 1])"),
    "fmod": ("C's ``fmod``: the remainder of ``input / other`` rounded toward zero; the "
             "result has the sign of ``input``.", "", "", "", "[-3, 3]", "2",
             "tensor([-1,  1])"),
    "maximum": ("Computes the elementwise maximum of ``input`` and ``other``.",
                " NaN propagates; the gradient of a tie is split evenly.", "", "",
                "[1.0, 5.0]", "tinytorch.tensor([3.0, 2.0])", "tensor([3., 5.])"),
    "minimum": ("Computes the elementwise minimum of ``input`` and ``other``.",
                " NaN propagates; the gradient of a tie is split evenly.", "", "",
                "[1.0, 5.0]", "tinytorch.tensor([3.0, 2.0])", "tensor([1., 2.])"),
}
for _name, (_summary, _note, _args, _raises, _a, _b, _output) in _BINARY.items():
    add_docstr(getattr(arithmetic, _name), _BINARY_DOC.format(
        summary=_summary, note=_note, args=_args, raises=_raises, name=_name, a=_a, b=_b,
        output=_output))

add_docstr(arithmetic.div, _BINARY_DOC.format(
    summary="Divides ``input`` by ``other``: true division (integers give floats), or "
            "rounded by ``rounding_mode``.", note="",
    args="    rounding_mode (str, optional): None (the default) for true division,"
         " ``'trunc'`` to round\n        toward zero, ``'floor'`` toward minus infinity"
         " (these keep integer dtypes).\n",
    raises="\nRaises:\n    RuntimeError: an unknown ``rounding_mode`` (PyTorch's message).\n",
    name="div", a="[7, -7]", b="2", output="tensor([ 3.5000, -3.5000])"))

add_docstr(arithmetic.pow, """Raises each element of ``input`` to the power ``exponent``.

Supports broadcasting and type promotion; either operand may be a Python number, not both.

Args:
    input (Tensor or Number): the base.
    exponent (Tensor or Number): the exponent.

Returns:
    Tensor: ``input ** exponent``.

Raises:
    TypeError: neither argument is a Tensor.
    RuntimeError: an integer tensor to a negative integer power (PyTorch's message).

>>> tinytorch.pow(tinytorch.tensor([2.0, 3.0]), 2)
tensor([4., 9.])
>>> tinytorch.pow(2, tinytorch.tensor([1, 3]))
tensor([2, 8])
""")

add_docstr(arithmetic.where, """Returns a tensor of elements chosen from ``input`` where
``condition`` is True and from ``other`` elsewhere.

The three arguments broadcast together; ``input`` and ``other`` are type-promoted and may be
Python numbers. ``where(condition)`` alone is ``condition.nonzero(as_tuple=True)``.

Args:
    condition (Tensor): a bool tensor: where True, take ``input``.
    input (Tensor or Number): the values where ``condition`` is True.
    other (Tensor or Number): the values where ``condition`` is False.

Returns:
    Tensor: the chosen values, of the broadcast shape (a tuple of index tensors for
    ``where(condition)``).

Raises:
    RuntimeError: ``condition`` is not a bool tensor (PyTorch's message).

>>> x = tinytorch.tensor([-1.0, 2.0, -3.0])
>>> tinytorch.where(x > 0, x, 0.0)
tensor([0., 2., 0.])
""")

add_docstr(arithmetic.lerp, """Linear interpolation: ``input + weight * (end - input)``, computed
as PyTorch does: ``end - (end - input) * (1 - weight)`` where ``|weight| >= 0.5``, so a
weight of 1 gives ``end`` exactly.

Args:
    input (Tensor): the start points.
    end (Tensor): the end points, of ``input``'s dtype.
    weight (float or Tensor): the interpolation weight; a Tensor of ``input``'s dtype.

Returns:
    Tensor: the interpolated values, of the broadcast shape.

Raises:
    TypeError: ``end`` is not a Tensor.
    RuntimeError: ``end`` or ``weight`` has another dtype than ``input`` (PyTorch's message).

>>> tinytorch.lerp(tinytorch.tensor([0.0, 10.0]), tinytorch.tensor([10.0, 20.0]), 0.5)
tensor([ 5., 15.])
""")

add_docstr(pointwise.clamp, """Clamps all elements of ``input`` into the range ``[min, max]``.

``min(max(input, min), max)``: with ``min`` greater than ``max`` every element becomes
``max``, as in PyTorch. A float bound makes an integer input float. :func:`clip` is an alias.

Args:
    input (Tensor): the input tensor.
    min (Number or Tensor, optional): the lower bound; None for none.
    max (Number or Tensor, optional): the upper bound; None for none.

Returns:
    Tensor: the clamped values.

Raises:
    RuntimeError: both bounds are None (PyTorch's message).
    TypeError: a bound is a Tensor but ``input`` is not.

>>> tinytorch.clamp(tinytorch.tensor([-2.0, 0.5, 2.0]), min=-1.0, max=1.0)
tensor([-1.0000,  0.5000,  1.0000])
""")

_SOFTMAX_DOC = """{summary} along ``dim`` (the same as
:func:`tinytorch.nn.functional.{name}`).

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to compute it along.
    dtype (tinytorch.dtype, optional): cast ``input`` to this dtype first.

Returns:
    Tensor: the result, of ``input``'s shape.

>>> tinytorch.{name}(tinytorch.tensor([1.0, 1.0]), dim=0)
{output}
"""
add_docstr(pointwise.softmax, _SOFTMAX_DOC.format(
    summary="Softmax ``exp(input) / sum(exp(input))``", name="softmax",
    output="tensor([0.5000, 0.5000])"))
add_docstr(pointwise.log_softmax, _SOFTMAX_DOC.format(
    summary="Log-softmax ``input - log(sum(exp(input)))``", name="log_softmax",
    output="tensor([-0.6931, -0.6931])"))
