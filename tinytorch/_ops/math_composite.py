"""Pointwise math that PyTorch itself composes from other ops (deg2rad, frac, float_power,
nansum, nanmean, isclose ...), written the same way so values and gradients follow;
the bool tests (signbit, isposinf, isneginf, isreal, isclose) have no gradient. The
public functions' docstrings are in ``tinytorch/_torch_docs_math.py``."""

import math

from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import compare
from tinytorch._ops import conversion
from tinytorch._ops import inplace as _inplace
from tinytorch._ops import pointwise
from tinytorch._ops import reduction
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops.arithmetic import _dt
from tinytorch._ops.compare import Elementwise
from tinytorch._ops.pointwise import _float


def deg2rad(input):
    return arithmetic.mul(_float(input), math.pi / 180)


def rad2deg(input):
    return arithmetic.mul(_float(input), 180 / math.pi)


def frac(input):
    if not input.dtype.is_floating_point:
        not_implemented_for("frac_cpu", input)
    return arithmetic.sub(input, pointwise.trunc(input))


def positive(input):
    if input.dtype is _dtype.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def float_power(input, exponent):
    if not is_tensor(input) and not is_tensor(exponent):
        raise TypeError("float_power() expects at least one Tensor argument")
    base = conversion.cast(input, _dtype.float64) if is_tensor(input) else float(input)
    power = conversion.cast(exponent, _dtype.float64) if is_tensor(exponent) else exponent
    return arithmetic.pow(base, power)


def signbit(input):
    return Elementwise.apply(input, kernel=lambda be, x: be.signbit(x))


def isposinf(input):
    return Elementwise.apply(input, kernel=lambda be, x: be.logical_and(be.isinf(x),
                                                                          be.gt(x, 0)))


def isneginf(input):
    return Elementwise.apply(input, kernel=lambda be, x: be.logical_and(be.isinf(x),
                                                                          be.lt(x, 0)))


def isreal(input):
    return Elementwise.apply(input, kernel=lambda be, x: be.preserve_format(  # ones_like's
        be.full(x.shape, True, _dtype.bool_), x, True))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    if not is_tensor(other):
        raise TypeError("isclose(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")
    if input.dtype is not other.dtype:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"{names[input.dtype]} did not match {names[other.dtype]}")
    for name, tol in (("rtol", rtol), ("atol", atol)):
        if tol < 0:
            raise RuntimeError(f"{name} must be greater than or equal to zero, but got {tol}")
    floating = input.dtype.is_floating_point
    return Elementwise.apply(input, other, kernel=lambda be, a, b: _isclose(
        be, a, b, rtol, atol, equal_nan and floating))


def _isclose(be, a, b, rtol, atol, equal_nan):
    """PyTorch's rule: a == b, or both NaN (``equal_nan``), or a finite |a - b| within
    atol + |rtol b| (bool operands compare as floats)."""
    close = be.eq(a, b)
    if equal_nan:
        close = be.logical_or(close, be.logical_and(be.isnan(a), be.isnan(b)))
    if rtol == 0 and atol == 0:
        return close
    if a.dtype.kind == "b":
        default = _dtype.get_default_dtype()
        a, b = be.astype(a, default), be.astype(b, default)
    finite = be.logical_and(be.isfinite(a), be.isfinite(b))  # the rest: only a == b
    a, b = be.where(finite, a, 0), be.where(finite, b, 0)  # no inf - inf, inf * 0 warnings
    error = be.abs(be.sub(a, b))
    within = be.logical_and(be.isfinite(error), be.le(error, be.add(be.abs(be.mul(b, rtol)),
                                                                    atol)))
    return be.logical_or(close, be.logical_and(finite, within))


class NanToZero(Op):
    """y = x with NaN as 0 (nansum's summands).  dL/dx = g (x == x): PyTorch's nansum
    multiplies by the mask, so a NaN or infinite g stays NaN at a NaN x (an all-NaN nanmean)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.where(ctx.backend.isnan(x), 0, x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return be.mul(g, be.astype(be.eq(x, x), _dt(g)))


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    if input.dtype.is_floating_point:
        input = NanToZero.apply(input)
    return reduction.sum(input, dim, keepdim, dtype=dtype)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    if not input.dtype.is_floating_point:
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype "
                           f"but got {_dtype.SCALAR_TYPE_NAMES[input.dtype]}")
    dtype = None if dtype is None else _dtype.to_dtype(dtype, "nanmean")
    if dtype is not None and not dtype.is_floating_point:
        raise RuntimeError("nanmean(): could not infer output dtype. Optional dtype must be "
                           "either a floating point or complex dtype. Got: "
                           f"{_dtype.SCALAR_TYPE_NAMES[dtype]}")
    total = nansum(input, dim, keepdim, dtype=dtype)
    count = reduction.sum(compare.logical_not(compare.isnan(input)), dim, keepdim)
    count = conversion.cast(count, total.dtype)  # PyTorch's division casts it so
    # an all-NaN slice: total / NaN, a NaN value and gradient as PyTorch's 0 / 0, without
    # NumPy's warning
    return arithmetic.div(total, arithmetic.where(compare.eq(count, 0), math.nan, count))


def float_power_(input, exponent):
    if input.dtype is not _dtype.float64:
        raise RuntimeError(f"the base given to float_power_ has dtype "
                           f"{_dtype.SCALAR_TYPE_NAMES[input.dtype]} but the operation's result "
                           "requires dtype Double")
    return _inplace.inplace(input, float_power, exponent)
