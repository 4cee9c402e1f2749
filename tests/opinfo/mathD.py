"""Op database entries for the pointwise math after PyTorch's (tinytorch/_ops/math_unary.py,
math_binary.py, math_composite.py). Samples keep away from the points where a function or its
derivative is singular or jumps (asin at ±1, log at 0, atan2 at the origin, ties of fmax);
tests/_ops/test_math_special_values.py checks those points against PyTorch's values."""

import math
import warnings

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo.core import _err
from tests.opinfo.core import _t
from tests.opinfo.core import _torch
from tests.opinfo.core import away_from_zero
from tests.opinfo.core import binary_of
from tests.opinfo.core import non_integers
from tests.opinfo.core import unary_of
from tests.opinfo.reduction import reduce_sample

_ERF = np.vectorize(math.erf, otypes=[np.float64])
_ERFC = np.vectorize(math.erfc, otypes=[np.float64])


def _erfinv_reference(y):
    """erfinv by bisection on math.erf (an independent reference: NumPy has no erfinv)."""
    y = np.asarray(y, dtype=np.float64)
    lo, hi = np.full(y.shape, -6.0), np.full(y.shape, 6.0)
    for _ in range(60):
        mid = (lo + hi) / 2
        below = _ERF(mid) < y
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return (lo + hi) / 2


def _unary(name, fn, ref, elements=st.floats(-3, 3), **kw):
    return OpInfo(name, fn, ref, unary_of(elements),
                  lambda x: getattr(_torch(), name)(x), gradgrad=True, **kw)


def _binary(name, fn, ref, a=st.floats(-3, 3), b=None, **kw):
    return OpInfo(name, fn, ref, binary_of(a, b),
                  lambda x, y: getattr(_torch(), name)(x, y), gradgrad=True, **kw)


def _np_logit(x, eps=None):
    z = x if eps is None else np.clip(x, eps, 1 - eps)
    return np.log(z / (1 - z))


def _np_xlogy(a, b):
    return np.where(a == 0, 0.0, a * np.log(np.where(a == 0, 1.0, b)))


def _np_sinc(x):
    return np.sinc(x)


# a on the hundredths, b halfway between them: never a tie, where PyTorch's fmax gives a the
# whole gradient and a finite difference half (test_math_special_values checks ties, ±0 too)
_HUNDREDTHS = st.floats(-3, 3).map(lambda v: round(v, 2))
_HALFWAY = _HUNDREDTHS.map(lambda v: v + 0.005)

UNARY = [
    _unary("log2", tinytorch.log2, np.log2, st.floats(0.1, 5)),
    _unary("log10", tinytorch.log10, np.log10, st.floats(0.1, 5)),
    _unary("exp2", tinytorch.exp2, np.exp2),
    _unary("tan", tinytorch.tan, np.tan, st.floats(-1.2, 1.2)),
    _unary("asin", tinytorch.asin, np.arcsin, st.floats(-0.9, 0.9)),
    _unary("arcsin", tinytorch.arcsin, np.arcsin, st.floats(-0.9, 0.9)),
    _unary("acos", tinytorch.acos, np.arccos, st.floats(-0.9, 0.9)),
    _unary("atan", tinytorch.atan, np.arctan),
    _unary("sinh", tinytorch.sinh, np.sinh),
    _unary("cosh", tinytorch.cosh, np.cosh),
    _unary("asinh", tinytorch.asinh, np.arcsinh),
    _unary("acosh", tinytorch.acosh, np.arccosh, st.floats(1.1, 5)),
    _unary("atanh", tinytorch.atanh, np.arctanh, st.floats(-0.9, 0.9)),
    _unary("erf", tinytorch.erf, _ERF),
    _unary("erfc", tinytorch.erfc, _ERFC),
    _unary("erfinv", tinytorch.erfinv, _erfinv_reference, st.floats(-0.95, 0.95)),
    # off 0, where PyTorch's derivative is 0 by a where() and so its second derivative 0, not
    # -π²/3 (the values at 0: test_math_special_values)
    _unary("sinc", tinytorch.sinc, _np_sinc, away_from_zero()),
    _unary("deg2rad", tinytorch.deg2rad, np.deg2rad),
    _unary("rad2deg", tinytorch.rad2deg, np.rad2deg),
    _unary("frac", tinytorch.frac, lambda x: x - np.trunc(x), non_integers(),
           errors=[_err(lambda d: ((tinytorch.tensor([1, 2], device=d),), {}),
                        NotImplementedError, r"\"frac_\w+\" not implemented for 'Long'")]),
    _unary("fix", tinytorch.fix, np.trunc, non_integers()),
    _unary("sgn", tinytorch.sgn, np.sign, away_from_zero()),
    _unary("negative", tinytorch.negative, np.negative),
    _unary("positive", tinytorch.positive, lambda x: x,
           errors=[_err(lambda d: ((tinytorch.tensor([True], device=d),), {}), RuntimeError,
                        "The `\\+` operator, on a bool tensor is not supported.")]),
    _unary("logit", tinytorch.logit, _np_logit, st.floats(0.05, 0.95)),
    # off the eps kinks, and off 0 and 1, where PyTorch's second derivative (which ignores
    # the eps mask) is 0 * inf = NaN
    OpInfo("logit_eps", lambda x: tinytorch.logit(x, eps=0.2),
           lambda x: _np_logit(x, 0.2), unary_of(st.floats(-0.5, 1.5).filter(
               lambda v: min(abs(v - e) for e in (0, 0.2, 0.8, 1)) > 0.01)),
           lambda x: _torch().logit(x, eps=0.2), gradgrad=True),
    OpInfo("log2_int", tinytorch.log2, np.log2, unary_of(st.integers(1, 9), dtype=np.int64),
           lambda x: _torch().log2(x)),
]

BINARY = [
    _binary("atan2", tinytorch.atan2, np.arctan2, away_from_zero(0.2),
            errors=[_err(lambda d: ((_t(2, device=d), 1.0), {}), TypeError,
                         r"atan2\(\): argument 'other' \(position 2\) must be Tensor, not "
                         "float")]),
    _binary("arctan2", tinytorch.arctan2, np.arctan2, away_from_zero(0.2)),
    _binary("hypot", tinytorch.hypot, np.hypot, away_from_zero(0.2),
            errors=[_err(lambda d: ((tinytorch.tensor([1], device=d),
                                     tinytorch.tensor([2], device=d)), {}),
                         NotImplementedError, r"\"hypot_\w+\" not implemented for 'Long'")]),
    _binary("logaddexp", tinytorch.logaddexp, np.logaddexp),
    _binary("logaddexp2", tinytorch.logaddexp2, np.logaddexp2),
    _binary("xlogy", tinytorch.xlogy, _np_xlogy, st.floats(-3, 3), st.floats(0.1, 5)),
    _binary("copysign", tinytorch.copysign, np.copysign, away_from_zero(), away_from_zero()),
    _binary("fmax", tinytorch.fmax, np.fmax, _HUNDREDTHS, _HALFWAY),
    _binary("fmin", tinytorch.fmin, np.fmin, _HUNDREDTHS, _HALFWAY),
    _binary("ldexp", tinytorch.ldexp, lambda a, b: a * 2.0 ** b),
    # float_power computes in float64 whatever the inputs (test_math_special_values checks
    # that); cast back so the shared float32 checks apply. At b = 0 PyTorch's first derivative
    # in a is 0 by fiat, so its derivative in b is not the finite difference: b stays off 0.
    OpInfo("float_power", lambda a, b: tinytorch.float_power(a, b).to(a.dtype), np.float_power,
           binary_of(st.floats(0.5, 2.0), st.floats(-2, 2).filter(lambda v: abs(v) > 0.01)),
           lambda a, b: _torch().float_power(a, b).to(a.dtype), gradgrad=True),
    OpInfo("xlogy_scalar", lambda a: tinytorch.xlogy(a, 2.5), lambda a: a * np.log(2.5),
           unary_of(st.floats(-3, 3)), lambda a: _torch().xlogy(a, 2.5), gradgrad=True),
    OpInfo("heaviside", tinytorch.heaviside,
           lambda a, v: np.where(a == 0, v, (a > 0).astype(a.dtype)),
           binary_of(st.sampled_from([-1.5, 0.0, 2.0, 0.5])),
           lambda a, v: _torch().heaviside(a, v), grad=False,
           errors=[_err(lambda d: ((_t(2, device=d), _t(2, dtype=tinytorch.float64,
                                                        device=d)), {}), RuntimeError,
                        "heaviside is not yet implemented for tensors with different dtypes")]),
    OpInfo("isclose", tinytorch.isclose,
           lambda a, b, **kw: np.isclose(a, b, **kw),
           st.builds(lambda s, kw: Sample(s.args, kw),
                     binary_of(st.sampled_from([1.0, 1.0 + 1e-6, 1.1, np.nan, np.inf, -np.inf])),
                     st.fixed_dictionaries({"equal_nan": st.booleans()})),
           lambda a, b, **kw: _torch().isclose(a, b, **kw), grad=False,
           errors=[_err(lambda d: ((_t(2, device=d), _t(2, device=d)), {"rtol": -1}),
                        RuntimeError, "rtol must be greater than or equal to zero, but got -1"),
                   _err(lambda d: ((_t(2, device=d), _t(2, dtype=tinytorch.float64, device=d)),
                                   {}), RuntimeError, "Float did not match Double")]),
]
for _op in BINARY:
    if _op.name in ("hypot", "fmax", "fmin", "logaddexp", "ldexp"):
        _op.errors.append(_err(lambda d: ((_t(2, device=d), 1.0), {}), TypeError,
                               "argument 'other' \\(position 2\\) must be Tensor, not float"))

_SPECIAL = [1.0, -1.0, 0.0, -0.0, np.inf, -np.inf, np.nan, 2.5]

TESTS = [
    OpInfo(name, getattr(tinytorch, name), ref, unary_of(st.sampled_from(_SPECIAL)),
           lambda x, name=name: getattr(_torch(), name)(x), grad=False)
    for name, ref in (("signbit", np.signbit), ("isposinf", np.isposinf),
                      ("isneginf", np.isneginf), ("isreal", np.isreal))
]


def _nan_sample(min_side=0):
    """reduce_sample's array with some entries NaN."""
    @st.composite
    def draw_sample(draw):
        s = draw(reduce_sample(min_side=min_side))
        x = s.args[0].copy()
        if x.size:
            x.reshape(-1)[draw(st.lists(st.integers(0, x.size - 1), max_size=2))] = np.nan
        return Sample((x,), s.kwargs)
    return draw_sample()


def _np_nan(fn):
    def ref(x, dim=None, keepdim=False):
        axis = None if x.ndim == 0 else dim
        with warnings.catch_warnings():  # NumPy warns of an all-NaN slice; PyTorch does not
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(fn(x, axis=axis, keepdims=keepdim))
    return ref


REDUCTIONS = [
    OpInfo("nansum", tinytorch.nansum, _np_nan(np.nansum), _nan_sample(),
           lambda x, **kw: _torch().nansum(x, **kw), gradgrad=True),
    OpInfo("nanmean", tinytorch.nanmean, _np_nan(np.nanmean), _nan_sample(min_side=1),
           lambda x, **kw: _torch().nanmean(x, **kw), gradgrad=True,
           errors=[_err(lambda d: ((tinytorch.tensor([1, 2], device=d),), {}), RuntimeError,
                        "nanmean\\(\\): expected input to have floating point or complex "
                        "dtype but got Long")]),
]

OPS = UNARY + BINARY + TESTS + REDUCTIONS
