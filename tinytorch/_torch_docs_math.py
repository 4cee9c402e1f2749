"""Docstrings of the pointwise math added after PyTorch's (``tinytorch/_ops/math_unary.py``,
``math_binary.py`` and ``math_composite.py``) and of their in-place Tensor methods, attached
once at import (see ``tinytorch/_torch_docs_pointwise.py``)."""

from tinytorch._ops import math_binary
from tinytorch._ops import math_composite
from tinytorch._ops import math_unary
from tinytorch._tensor import Tensor
from tinytorch._tensor_docs import add_docstr
from tinytorch._tensor_docs_ops import _INPLACE

_FLOAT = " Integer and bool inputs compute in the default float dtype, as in PyTorch."

_UNARY_DOC = """Returns a new tensor with {what} of the elements of ``input``.{note}

Args:
    input (Tensor): the input tensor.{args}

Returns:
    Tensor: the result, of ``input``'s shape.
{raises}
>>> tinytorch.{name}(tinytorch.tensor({example}))
{output}
"""

_UNARY = {  # name: (what, note, extra args, raises, example, output)
    (math_unary, "log2"): ("the base-2 logarithm", _FLOAT, "", "", "[1.0, 8.0]",
                           "tensor([0., 3.])"),
    (math_unary, "log10"): ("the base-10 logarithm", _FLOAT, "", "", "[1.0, 10.0]",
                            "tensor([0., 1.])"),
    (math_unary, "exp2"): ("2 raised to the power", _FLOAT, "", "", "[3.0, -1.0]",
                           "tensor([8.0000, 0.5000])"),
    (math_unary, "tan"): ("the tangent", _FLOAT, "", "", "[0.0, 0.7854]",
                          "tensor([0.0000, 1.0000])"),
    (math_unary, "asin"): ("the arcsine (alias ``arcsin``); the gradient is inf at ±1",
                           _FLOAT, "", "", "[0.0, 1.0]", "tensor([0.0000, 1.5708])"),
    (math_unary, "acos"): ("the arccosine (alias ``arccos``)", _FLOAT, "", "", "[1.0, 0.0]",
                           "tensor([0.0000, 1.5708])"),
    (math_unary, "atan"): ("the arctangent (alias ``arctan``)", _FLOAT, "", "", "[0.0, 1.0]",
                           "tensor([0.0000, 0.7854])"),
    (math_unary, "sinh"): ("the hyperbolic sine", _FLOAT, "", "", "[0.0, 1.0]",
                           "tensor([0.0000, 1.1752])"),
    (math_unary, "cosh"): ("the hyperbolic cosine", _FLOAT, "", "", "[0.0, 1.0]",
                           "tensor([1.0000, 1.5431])"),
    (math_unary, "asinh"): ("the inverse hyperbolic sine (alias ``arcsinh``)", _FLOAT, "", "",
                            "[0.0, 1.0]", "tensor([0.0000, 0.8814])"),
    (math_unary, "acosh"): ("the inverse hyperbolic cosine (alias ``arccosh``)", _FLOAT, "",
                            "", "[1.0, 2.0]", "tensor([0.0000, 1.3170])"),
    (math_unary, "atanh"): ("the inverse hyperbolic tangent (alias ``arctanh``)", _FLOAT, "",
                            "", "[0.0, 0.5]", "tensor([0.0000, 0.5493])"),
    (math_unary, "erf"): ("the error function", _FLOAT, "", "", "[0.0, 1.0]",
                          "tensor([0.0000, 0.8427])"),
    (math_unary, "erfc"): ("the complementary error function ``1 - erf(input)``, accurate "
                           "where erf rounds to 1", _FLOAT, "", "", "[0.0, 6.0]",
                           "tensor([1.0000e+00, 2.1520e-17])"),
    (math_unary, "erfinv"): ("the inverse error function (``erf(erfinv(x)) = x``; ±inf at ±1, "
                             "NaN outside [-1, 1])", _FLOAT, "", "", "[0.0, 0.5]",
                             "tensor([0.0000, 0.4769])"),
    (math_unary, "sinc"): ("the normalized sinc ``sin(pi x) / (pi x)`` (1 at 0, where the "
                           "gradient is 0)", _FLOAT, "", "", "[0.0, 0.5]",
                           "tensor([1.0000, 0.6366])"),
    (math_unary, "logit"): ("the logit ``log(z / (1 - z))``, z the input clamped to "
                            "``[eps, 1 - eps]``; the gradient is 0 outside that range (NaN "
                            "outside [0, 1] without ``eps``), as PyTorch's", _FLOAT,
                            "\n    eps (float, optional): the clamp bound. Default: None (no "
                            "clamp).", "", "[0.5, 0.75]", "tensor([0.0000, 1.0986])"),
    (math_composite, "deg2rad"): ("the angles converted from degrees to radians", _FLOAT, "",
                                  "", "[180.0, 90.0]", "tensor([3.1416, 1.5708])"),
    (math_composite, "rad2deg"): ("the angles converted from radians to degrees", _FLOAT, "",
                                  "", "[3.1416]", "tensor([180.0004])"),
    (math_composite, "frac"): ("the fractional part ``input - trunc(input)``", "", "",
                               "\nRaises:\n    NotImplementedError: an integer or bool input "
                               "(PyTorch's message).\n", "[-1.5, 2.25]",
                               "tensor([-0.5000,  0.2500])"),
    (math_composite, "positive"): ("``input`` itself (the tensor is returned)", "", "",
                                   "\nRaises:\n    RuntimeError: a bool input.\n", "[1.0]",
                                   "tensor([1.])"),
    (math_composite, "signbit"): ("whether the sign bit is set (True for -0.0); a bool "
                                  "tensor without gradient", "", "", "", "[-0.0, 1.0, -2.0]",
                                  "tensor([ True, False,  True])"),
    (math_composite, "isposinf"): ("whether each element is +inf (a bool tensor)", "", "", "",
                                   "[float('inf'), -float('inf'), 1.0]",
                                   "tensor([ True, False, False])"),
    (math_composite, "isneginf"): ("whether each element is -inf (a bool tensor)", "", "", "",
                                   "[float('inf'), -float('inf'), 1.0]",
                                   "tensor([False,  True, False])"),
    (math_composite, "isreal"): ("whether each element is real: all True, as tinytorch has "
                                 "no complex dtypes", "", "", "", "[1.0, 2.0]",
                                 "tensor([True, True])"),
}
for (_module, _name), (_what, _note, _args, _raises, _example, _output) in _UNARY.items():
    add_docstr(getattr(_module, _name), _UNARY_DOC.format(
        what=_what, note=_note, args=_args, raises=_raises, name=_name, example=_example,
        output=_output))

_BINARY_DOC = """{summary}

Broadcasts and promotes dtypes as PyTorch does.{note}

Args:
    input (Tensor{input_kinds}): the first operand.
    {other} (Tensor{other_kinds}): the second operand.

Returns:
    Tensor: the result, of the broadcast shape.
{raises}
>>> tinytorch.{name}(tinytorch.tensor({a}), {b})
{output}
"""
_TENSOR_ONLY = "\nRaises:\n    TypeError: an operand is not a Tensor (PyTorch's message).{more}\n"
_INTS = "\n    NotImplementedError: integer or bool operands (PyTorch's message)."
_B = "tinytorch.tensor({})"

_BINARY = {  # name: (summary, note, other's name, scalars allowed, raises extra, a, b, out)
    (math_binary, "atan2"): ("The angle of the point (``other``, ``input``): "
                             "``atan2(input, other)`` (alias ``arctan2``).",
                             " The gradient is 0 where both are 0, as PyTorch's." + _FLOAT,
                             "other", False, "", "[1.0, -1.0]", _B.format("[1.0, 0.0]"),
                             "tensor([ 0.7854, -1.5708])"),
    (math_binary, "hypot"): ("The hypotenuse ``sqrt(input ** 2 + other ** 2)``, without "
                             "overflow.", " The gradient at (0, 0) is NaN, as PyTorch's.",
                             "other", False, _INTS, "[3.0]", _B.format("[4.0]"),
                             "tensor([5.])"),
    (math_binary, "logaddexp"): ("``log(exp(input) + exp(other))`` without overflow.", "",
                                 "other", False, _INTS, "[0.0, 1.0]",
                                 _B.format("[0.0, 1.0]"), "tensor([0.6931, 1.6931])"),
    (math_binary, "logaddexp2"): ("``log2(2 ** input + 2 ** other)`` without overflow.", "",
                                  "other", False, _INTS, "[1.0]", _B.format("[1.0]"),
                                  "tensor([2.])"),
    (math_binary, "fmax"): ("The elementwise maximum, taking the other operand where one is "
                            "NaN.", " A tie gives ``input`` the gradient, as PyTorch's.",
                            "other", False, "", "[1.0, float('nan')]",
                            _B.format("[float('nan'), 2.0]"), "tensor([1., 2.])"),
    (math_binary, "fmin"): ("The elementwise minimum, taking the other operand where one is "
                            "NaN.", " A tie gives ``input`` the gradient, as PyTorch's.",
                            "other", False, "", "[1.0, float('nan')]",
                            _B.format("[float('nan'), 2.0]"), "tensor([1., 2.])"),
    (math_binary, "heaviside"): ("The Heaviside step: 0 where ``input < 0``, ``values`` where "
                                 "``input == 0``, 1 where ``input > 0``.",
                                 " It has no derivative: backward raises, as PyTorch's.",
                                 "values", False, "\n    RuntimeError: the dtypes differ.",
                                 "[-1.0, 0.0, 2.0]", _B.format("[0.5]"),
                                 "tensor([0.0000, 0.5000, 1.0000])"),
    (math_binary, "xlogy"): ("``input * log(other)``, 0 where ``input == 0`` (NaN where "
                             "``other`` is NaN).", _FLOAT, "other", True, "", "[0.0, 2.0]",
                             _B.format("[0.0, 3.0]"), "tensor([0.0000, 2.1972])"),
    (math_binary, "copysign"): ("The magnitude of ``input`` with the sign of ``other``.",
                                " Its gradient is 0 for ``other`` and where ``input`` is 0."
                                + _FLOAT, "other", True, "", "[1.0, -2.0]", "-1.0",
                                "tensor([-1., -2.])"),
    (math_composite, "float_power"): ("``input ** exponent`` in float64 (the result is always "
                                      "float64).", "", "exponent", True, "", "[2, 3]", "2",
                                      "tensor([4., 9.], dtype=tinytorch.float64)"),
    (math_binary, "ldexp"): ("``input * 2 ** other``.", _FLOAT, "other", False, "",
                                "[1.0, 3.0]", _B.format("[3, -1]"),
                                "tensor([8.0000, 1.5000])"),
}
for (_module, _name), (_summary, _note, _other, _scalars, _more, _a, _b, _output) in \
        _BINARY.items():
    if _scalars:
        _raises = ("\nRaises:\n    TypeError: neither operand is a Tensor.\n"
                   if _name in ("xlogy", "float_power") else
                   "\nRaises:\n    TypeError: ``input`` is not a Tensor.\n")
    else:
        _raises = _TENSOR_ONLY.format(other=_other, more=_more)
    add_docstr(getattr(_module, _name), _BINARY_DOC.format(
        summary=_summary, note=_note, other=_other, raises=_raises, name=_name, a=_a, b=_b,
        output=_output, input_kinds=" or Number" if _name in ("xlogy", "float_power") else "",
        other_kinds=" or Number" if _scalars else ""))

add_docstr(math_composite.isclose, """Whether each element of ``input`` is close to ``other``:
``|input - other| <= atol + rtol * |other|``, or equal (infinities of one sign, and NaNs with
``equal_nan``). A bool tensor without gradient.

Args:
    input (Tensor): the first tensor.
    other (Tensor): the second tensor, of ``input``'s dtype (broadcastable).
    rtol (float): the relative tolerance. Default: 1e-05.
    atol (float): the absolute tolerance. Default: 1e-08.
    equal_nan (bool): count two NaNs as equal. Default: False.

Returns:
    Tensor: a bool tensor of the broadcast shape.

Raises:
    TypeError: ``other`` is not a Tensor.
    RuntimeError: the dtypes differ, or a tolerance is negative (PyTorch's messages).

>>> tinytorch.isclose(tinytorch.tensor([1.0, float('nan')]),
...                   tinytorch.tensor([1.0 + 1e-9, float('nan')]), equal_nan=True)
tensor([True, True])
""")

_NAN_REDUCE = """{summary}

NaN elements count as {nan}; their gradient is 0.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints, optional): the dimensions to reduce. Default: all.
    keepdim (bool): keep the reduced dimensions with size 1. Default: False.
    dtype (tinytorch.dtype, optional): compute and return in this dtype.

Returns:
    Tensor: the reduction.
{raises}
>>> tinytorch.{name}(tinytorch.tensor([1.0, float('nan'), 3.0]))
{output}
"""
add_docstr(math_composite.nansum, _NAN_REDUCE.format(
    summary="The sum of the elements of ``input``, treating NaN as zero.", nan="zero",
    raises="", name="nansum", output="tensor(4.)"))
add_docstr(math_composite.nanmean, _NAN_REDUCE.format(
    summary="The mean of the elements of ``input`` that are not NaN (NaN where all are).",
    nan="absent", name="nanmean", output="tensor(2.)",
    raises="\nRaises:\n    RuntimeError: an integer input or ``dtype`` (PyTorch's messages).\n"))
add_docstr(math_composite.float_power_, """In-place version of :meth:`float_power`:
``self = self ** exponent``, computed in float64.

Args:
    exponent (Tensor or number): the power.

Returns:
    Tensor: ``self``.

Raises:
    RuntimeError: ``self`` is not float64 (PyTorch's message).

>>> x = tinytorch.tensor([2.0, 3.0], dtype=tinytorch.float64)
>>> x.float_power_(2)
tensor([4., 9.], dtype=tinytorch.float64)
""")

_INPLACE_UNARY = {  # name: (what, input, output)
    "log2": ("``self = log2(self)``", "[8.0]", "tensor([3.])"),
    "log10": ("``self = log10(self)``", "[10.0]", "tensor([1.])"),
    "exp2": ("``self = 2 ** self``", "[3.0]", "tensor([8.])"),
    "tan": ("``self = tan(self)``", "[0.0]", "tensor([0.])"),
    "asin": ("``self = asin(self)`` (alias ``arcsin_``)", "[0.0]", "tensor([0.])"),
    "acos": ("``self = acos(self)`` (alias ``arccos_``)", "[1.0]", "tensor([0.])"),
    "atan": ("``self = atan(self)`` (alias ``arctan_``)", "[0.0]", "tensor([0.])"),
    "sinh": ("``self = sinh(self)``", "[0.0]", "tensor([0.])"),
    "cosh": ("``self = cosh(self)``", "[0.0]", "tensor([1.])"),
    "asinh": ("``self = asinh(self)`` (alias ``arcsinh_``)", "[0.0]", "tensor([0.])"),
    "acosh": ("``self = acosh(self)`` (alias ``arccosh_``)", "[1.0]", "tensor([0.])"),
    "atanh": ("``self = atanh(self)`` (alias ``arctanh_``)", "[0.0]", "tensor([0.])"),
    "erf": ("``self = erf(self)``", "[0.0]", "tensor([0.])"),
    "erfc": ("``self = erfc(self)``", "[0.0]", "tensor([1.])"),
    "erfinv": ("``self = erfinv(self)``", "[0.0]", "tensor([0.])"),
    "sinc": ("``self = sinc(self)``", "[0.0]", "tensor([1.])"),
    "deg2rad": ("``self = self * pi / 180``", "[180.0]", "tensor([3.1416])"),
    "rad2deg": ("``self = self * 180 / pi``", "[0.0]", "tensor([0.])"),
    "frac": ("``self = self - trunc(self)``", "[1.5]", "tensor([0.5000])"),
    "trunc": ("``self = trunc(self)`` (alias ``fix_``)", "[-1.5]", "tensor([-1.])"),
    "sgn": ("``self = sign(self)``", "[-2.0]", "tensor([-1.])"),
}
_RAISES_CAST = ("Raises:\n    RuntimeError: the result's dtype cannot be cast to ``self``'s "
                "(a float result into an integer tensor).\n\n")
for _name, (_what, _before, _after) in _INPLACE_UNARY.items():
    add_docstr(getattr(Tensor, _name + "_"), _INPLACE.format(
        name=_name, what=_what, args=_RAISES_CAST, before=_before, call="", after=_after))

_INPLACE_BINARY = {  # name: (what, Args section, input, call, output)
    "logit": ("``self = logit(self, eps)``",
              "    eps (float, optional): the clamp bound. Default: None.\n", "[0.5]", "",
              "tensor([0.])"),
    "atan2": ("``self = atan2(self, other)`` (alias ``arctan2_``)",
              "    other (Tensor): the second operand.\n", "[0.0]", "tinytorch.tensor([1.0])",
              "tensor([0.])"),
    "hypot": ("``self = hypot(self, other)``", "    other (Tensor): the second operand.\n",
              "[3.0]", "tinytorch.tensor([4.0])", "tensor([5.])"),
    "xlogy": ("``self = xlogy(self, other)``",
              "    other (Tensor or number): the second operand.\n", "[0.0]", "0.0",
              "tensor([0.])"),
    "copysign": ("``self = copysign(self, other)``",
                 "    other (Tensor or number): gives the sign.\n", "[2.0]", "-1.0",
                 "tensor([-2.])"),
    "heaviside": ("``self = heaviside(self, values)``",
                  "    values (Tensor): the value at 0.\n", "[0.0]", "tinytorch.tensor([0.5])",
                  "tensor([0.5000])"),
    "ldexp": ("``self = self * 2 ** other``", "    other (Tensor): the exponent.\n",
              "[1.0]", "tinytorch.tensor([3])", "tensor([8.])"),
    "true_divide": ("``self /= other``", "    other (Tensor or number): the divisor.\n",
                    "[3.0]", "2", "tensor([1.5000])"),
    "gt": ("``self = self > other`` (1 or 0; alias ``greater_``)",
           "    other (Tensor or number): compared with.\n", "[1.0, 2.0]", "1.5",
           "tensor([0., 1.])"),
    "lt": ("``self = self < other`` (alias ``less_``)",
           "    other (Tensor or number): compared with.\n", "[1.0, 2.0]", "1.5",
           "tensor([1., 0.])"),
    "ge": ("``self = self >= other`` (alias ``greater_equal_``)",
           "    other (Tensor or number): compared with.\n", "[1.0, 2.0]", "2",
           "tensor([0., 1.])"),
    "le": ("``self = self <= other`` (alias ``less_equal_``)",
           "    other (Tensor or number): compared with.\n", "[1.0, 2.0]", "1",
           "tensor([1., 0.])"),
    "ne": ("``self = self != other`` (alias ``not_equal_``)",
           "    other (Tensor or number): compared with.\n", "[1.0, 2.0]", "1",
           "tensor([0., 1.])"),
}
for _name, (_what, _args, _before, _call, _after) in _INPLACE_BINARY.items():
    add_docstr(getattr(Tensor, _name + "_"), _INPLACE.format(
        name=_name, what=_what, args="Args:\n" + _args + "\n" + _RAISES_CAST, before=_before,
        call=_call, after=_after))
