"""Op database entries for arithmetic, pointwise math, rounding, comparisons and logic."""

import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import bool_refused
from tests.opinfo import binary
from tests.opinfo import floats
from tests.opinfo import shapes
from tests.opinfo import unary


# --- element strategies ---------------------------------------------------------------------
def away_from_zero(low=0.1, high=3.0):
    """Floats with low <= |v| <= high and either sign (keeps kinks at 0 out of gradcheck)."""
    return st.tuples(st.booleans(), st.floats(low, high)).map(lambda t: t[1] if t[0] else -t[1])


def non_integers(low=-3, high=3):
    """Floats whose fractional part is in [0.1, 0.4]: far from the jumps of floor, ceil,
    round and trunc."""
    return st.tuples(st.integers(low, high - 1), st.floats(0.1, 0.4)).map(lambda t: t[0] + t[1])


def small_integers_as_floats(low=-3, high=3):
    """Integer-valued floats: comparisons get ties, and float32 rounding changes nothing."""
    return st.integers(low, high).map(float)


def array(shape, elements, dtype=np.float64, unique=False):
    return hnp.arrays(dtype, shape, elements=elements, unique=unique)


@st.composite
def unary_of(draw, elements, min_dims=0, min_side=0, dtype=np.float64):
    return Sample((draw(array(draw(shapes(min_dims, 3, min_side)), elements, dtype)),))


@st.composite
def binary_of(draw, elements_a, elements_b=None, dtype_a=np.float64, dtype_b=None):
    """Two mutually broadcastable arrays (0-d and size-0 dims included)."""
    bs = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3,
                                                min_side=0, max_side=4))
    a = draw(array(bs.input_shapes[0], elements_a, dtype_a))
    b = draw(array(bs.input_shapes[1], elements_a if elements_b is None else elements_b,
                   dtype_b or dtype_a))
    return Sample((a, b))


@st.composite
def with_scalar(draw, elements, scalars, reflected=False, dtype=np.float64):
    """An array and a Python number (``scalar op array`` when ``reflected``)."""
    x = draw(array(draw(shapes(0, 3, 0)), elements, dtype))
    s = draw(scalars)
    return Sample((s, x) if reflected else (x, s))


@st.composite
def ternary(draw, first=None, weight_scalar=False):
    """Three mutually broadcastable arrays; ``first`` draws the first one's elements
    (``st.booleans()`` for where's condition)."""
    bs = draw(hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3,
                                                min_side=0, max_side=4))
    x0 = draw(array(bs.input_shapes[0], first, bool) if first is not None
              else floats(bs.input_shapes[0]))
    x1 = draw(floats(bs.input_shapes[1]))
    x2 = draw(st.floats(0, 1)) if weight_scalar else draw(floats(bs.input_shapes[2], 0, 1))
    return Sample((x0, x1, x2))


@st.composite
def clamp_sample(draw):
    x = draw(array(draw(shapes(0, 3, 0)), st.floats(-3, 3)))
    kind = draw(st.sampled_from(["both", "min", "max"]))
    lo, hi = -1.13, 0.87  # bounds hypothesis does not draw as inputs
    kwargs = {"both": {"min": lo, "max": hi}, "min": {"min": lo}, "max": {"max": hi}}[kind]
    return Sample((x,), kwargs)


# Exact in float32, so floor/remainder boundaries agree between float32 and float64.
_QUARTERS = st.integers(-12, 12).map(lambda v: v / 4)
# Two of these tie exactly or differ by at least 0.01: finite differences never straddle a
# near-tie of maximum/minimum (where the gradient jumps).
_HUNDREDTHS = st.floats(-3, 3).map(lambda v: round(v, 2))
_DIVISORS = st.sampled_from([0.5, 1.5, 2.0, -0.5, -1.5, -2.5])


@st.composite
def clamp_tensor_sample(draw):
    """x, min and max all tensors, on grids that never tie (at a tie clamp's gradient jumps
    from one to another)."""
    shape = draw(shapes(0, 3, 0))
    x = draw(array(shape, _HUNDREDTHS))
    lo = draw(array(shape, _HUNDREDTHS.map(lambda v: v + 0.005)))
    hi = draw(array(shape, _HUNDREDTHS.map(lambda v: v + 0.0025)))
    return Sample((x, lo, hi))


@st.composite
def div_rounding_sample(draw):
    a, b = draw(binary_of(_QUARTERS, _DIVISORS)).args
    if draw(st.booleans()):
        a, b = np.asarray(a * 4, dtype=np.int64), np.asarray(b * 2, dtype=np.int64)
    return Sample((a, b), {"rounding_mode": draw(st.sampled_from([None, "trunc", "floor"]))})


def _np_div(a, b, rounding_mode=None):
    q = a / b
    if rounding_mode is None:
        return q
    q = np.trunc(q) if rounding_mode == "trunc" else np.floor(q)
    return q.astype(np.result_type(a, b))


def _torch():
    import torch
    return torch


def _t(*shape, dtype=None, device="cpu"):
    return tinytorch.ones(*shape, dtype=dtype, device=device)


def _bools(device):
    return tinytorch.tensor([True, False], device=device)


def _err(make, exc, match):
    return ErrorCase(make, exc, match)


_BROADCAST_ERROR = _err(lambda d: ((_t(2, 3, device=d), _t(4, device=d)), {}), RuntimeError,
                        r"size of tensor a \(3\) must match the size of tensor b \(4\)")


def _pointwise(name, fn, np_fn, elements=None, **kw):
    samples = unary() if elements is None else unary_of(elements)
    return OpInfo(name, fn, np_fn, samples, lambda x: getattr(_torch(), name)(x), **kw)


ARITHMETIC = [
    OpInfo("add", lambda a, b: a + b, np.add, binary(), lambda a, b: a + b,
           errors=[_BROADCAST_ERROR]),
    OpInfo("add_alpha", lambda a, b: tinytorch.add(a, b, alpha=2.5),
           lambda a, b: a + 2.5 * b, binary(), lambda a, b: _torch().add(a, b, alpha=2.5)),
    OpInfo("add_scalar", lambda a, s: a + s, np.add, with_scalar(st.floats(-3, 3),
                                                               st.floats(-3, 3)),
           lambda a, s: a + s),
    OpInfo("radd_scalar", lambda s, a: s + a, np.add,
           with_scalar(st.floats(-3, 3), st.integers(-3, 3), reflected=True),
           lambda s, a: s + a),
    OpInfo("sub", lambda a, b: a - b, np.subtract, binary(), lambda a, b: a - b,
           errors=[_BROADCAST_ERROR,
                   _err(lambda d: ((_bools(d), _bools(d)), {}), RuntimeError,
                        "Subtraction, the `-` operator, with two bool tensors")]),
    OpInfo("rsub_scalar", lambda s, a: s - a, np.subtract,
           with_scalar(st.floats(-3, 3), st.floats(-3, 3), reflected=True), lambda s, a: s - a),
    OpInfo("mul", lambda a, b: a * b, np.multiply, binary(), lambda a, b: a * b),
    OpInfo("mul_scalar", lambda a, s: a * s, np.multiply,
           with_scalar(st.floats(-3, 3), st.floats(-3, 3)), lambda a, s: a * s),
    OpInfo("div", lambda a, b: a / b, np.divide,
           binary_of(st.floats(-3, 3), away_from_zero(0.5)), lambda a, b: a / b),
    OpInfo("rdiv_scalar", lambda s, a: s / a, np.divide,
           with_scalar(away_from_zero(0.5), st.floats(-3, 3), reflected=True),
           lambda s, a: s / a),
    OpInfo("div_int", lambda a, b: a / b, np.divide,
           binary_of(st.integers(-5, 5), st.integers(1, 4), np.int64), lambda a, b: a / b),
    # grad=False: the samples hit the jumps of floor/trunc on purpose (exact quarters), where
    # finite differences are meaningless; 'div' checks the gradient of plain division.
    OpInfo("div_rounding", tinytorch.div, _np_div, div_rounding_sample(),
           lambda a, b, **kw: _torch().div(a, b, **kw), grad=False,
           errors=[_err(lambda d: ((_t(2, device=d), 1.0), {"rounding_mode": "up"}),
                        RuntimeError, "div expected rounding_mode to be one of None, 'trunc', "
                        "or 'floor' but found 'up'")]),
    OpInfo("floor_divide", lambda a, b: a // b, np.floor_divide,
           binary_of(st.integers(-9, 9), away_from_zero(1, 4).map(round), np.int64),
           lambda a, b: a // b, errors=[bool_refused("div_floor", n=2),
                                        bool_refused("div_floor", True)]),
    OpInfo("floor_divide_float", lambda a, b: a // b, np.floor_divide,
           binary_of(_QUARTERS, _DIVISORS), lambda a, b: a // b, grad=False),
    OpInfo("remainder", lambda a, b: a % b, np.remainder, binary_of(_QUARTERS, _DIVISORS),
           lambda a, b: a % b, grad=False, errors=[bool_refused("remainder", n=2)]),
    OpInfo("remainder_scalar", lambda a, s: a % s, np.remainder,
           with_scalar(non_integers().map(lambda v: 1.5 * v), st.just(1.5)),
           lambda a, s: a % s),
    OpInfo("remainder_int", lambda a, b: a % b, np.remainder,
           binary_of(st.integers(-9, 9), away_from_zero(1, 4).map(round), np.int64),
           lambda a, b: a % b),
    OpInfo("rremainder_scalar", lambda s, a: s % a, np.remainder,
           with_scalar(_DIVISORS, _QUARTERS, reflected=True), lambda s, a: s % a, grad=False),
    OpInfo("fmod", tinytorch.fmod, np.fmod, binary_of(_QUARTERS, _DIVISORS),
           lambda a, b: _torch().fmod(a, b), grad=False, errors=[bool_refused("fmod", n=2)]),
    OpInfo("pow", lambda a, b: a ** b, np.power,
           binary_of(st.floats(0.5, 2.0), st.floats(-2, 2)), lambda a, b: a ** b,
           errors=[bool_refused("pow", n=2)],
           gradgrad=False),  # x <= 0: second-order finite differences fail at the log
    OpInfo("pow_scalar", lambda a, s: a ** s, np.power,
           with_scalar(st.floats(-2, 2), st.sampled_from([1, 2, 3, 2.0])), lambda a, s: a ** s,
           errors=[_err(lambda d: ((tinytorch.arange(3, device=d), -1), {}), RuntimeError,
                        "Integers to negative integer powers are not allowed")]),
    OpInfo("pow_fractional", lambda a, s: a ** s, np.power,
           with_scalar(st.floats(0.2, 3), st.sampled_from([0.5, -1.5, 0.0, 2.7])),
           lambda a, s: a ** s),
    OpInfo("rpow_scalar", lambda s, a: s ** a, np.power,
           with_scalar(st.floats(-2, 2), st.sampled_from([2.0, 0.5, 3]), reflected=True),
           lambda s, a: s ** a),
    OpInfo("pow_int", lambda a, s: a ** s, np.power,
           with_scalar(st.integers(-4, 4), st.integers(0, 3), dtype=np.int64),
           lambda a, s: a ** s),
    OpInfo("neg", lambda x: -x, np.negative, unary(), lambda x: -x,
           errors=[_err(lambda d: ((_bools(d),), {}), RuntimeError,
                        "Negation, the `-` operator, on a bool tensor is not supported")]),
    OpInfo("abs", tinytorch.abs, np.abs, unary_of(away_from_zero()), lambda x: x.abs(),
           errors=[bool_refused("abs")]),
    OpInfo("maximum", tinytorch.maximum, np.maximum, binary_of(_HUNDREDTHS),
           lambda a, b: _torch().maximum(a, b), gradgrad=False),  # ties: a kink
    OpInfo("minimum", tinytorch.minimum, np.minimum, binary_of(_HUNDREDTHS),
           lambda a, b: _torch().minimum(a, b), gradgrad=False),  # ties: a kink
    OpInfo("where", tinytorch.where, np.where, ternary(st.booleans()),
           lambda c, a, b: _torch().where(c, a, b),
           errors=[_err(lambda d: ((_t(2, device=d), _t(2, device=d), _t(2, device=d)), {}),
                        RuntimeError, "where expected condition to be a boolean tensor")]),
    OpInfo("lerp", tinytorch.lerp, lambda a, b, w: a + w * (b - a), ternary(),
           lambda a, b, w: _torch().lerp(a, b, w),
           errors=[_err(lambda d: ((_t(2, device=d), _t(2, dtype=tinytorch.float64, device=d),
                                    0.5), {}),
                        RuntimeError, "expected dtype float for `end` but got dtype double")]),
    OpInfo("lerp_scalar", tinytorch.lerp, lambda a, b, w: a + w * (b - a),
           ternary(weight_scalar=True), lambda a, b, w: _torch().lerp(a, b, w)),
    OpInfo("clip", tinytorch.clip, lambda x, min=None, max=None: np.clip(x, min, max),
           clamp_sample(), lambda x, **kw: _torch().clip(x, **kw)),
    OpInfo("clamp_tensor_bounds", tinytorch.clamp, np.clip, clamp_tensor_sample(),
           lambda x, lo, hi: _torch().clamp(x, lo, hi)),
    OpInfo("clamp", tinytorch.clamp, lambda x, min=None, max=None: np.clip(x, min, max),
           clamp_sample(), lambda x, **kw: _torch().clamp(x, **kw),
           errors=[_err(lambda d: ((_t(2, device=d),), {}), RuntimeError,
                        "At least one of 'min' or 'max' must not be None")]),
]


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


POINTWISE = [
    _pointwise("exp", tinytorch.exp, np.exp),
    _pointwise("log", tinytorch.log, np.log, st.floats(0.1, 5)),
    _pointwise("log1p", tinytorch.log1p, np.log1p, st.floats(-0.9, 5)),
    _pointwise("expm1", tinytorch.expm1, np.expm1),
    _pointwise("sqrt", tinytorch.sqrt, np.sqrt, st.floats(0.1, 5)),
    _pointwise("rsqrt", tinytorch.rsqrt, lambda x: 1 / np.sqrt(x), st.floats(0.1, 5)),
    _pointwise("square", tinytorch.square, np.square),
    _pointwise("reciprocal", tinytorch.reciprocal, np.reciprocal, away_from_zero(0.2)),
    _pointwise("sin", tinytorch.sin, np.sin),
    _pointwise("cos", tinytorch.cos, np.cos),
    _pointwise("tanh", tinytorch.tanh, np.tanh),
    _pointwise("sigmoid", tinytorch.sigmoid, _sigmoid, st.floats(-30, 30)),
    _pointwise("relu", tinytorch.relu, lambda x: np.maximum(x, 0), away_from_zero(),
               errors=[bool_refused("relu", exc=RuntimeError,
                                    match="Boolean inputs not supported for relu")]),
    _pointwise("sign", tinytorch.sign, np.sign, away_from_zero()),
    _pointwise("floor", tinytorch.floor, np.floor, non_integers(),
               errors=[bool_refused("floor")]),
    _pointwise("ceil", tinytorch.ceil, np.ceil, non_integers(), errors=[bool_refused("ceil")]),
    _pointwise("round", tinytorch.round, np.round, non_integers(),
               errors=[bool_refused("round")]),
    _pointwise("trunc", tinytorch.trunc, np.trunc, non_integers(),
               errors=[bool_refused("trunc")]),
    OpInfo("round_half_even", tinytorch.round, np.round,
           unary_of(st.integers(-6, 6).map(lambda v: v + 0.5)), lambda x: _torch().round(x),
           grad=False),
    OpInfo("floor_int", tinytorch.floor, np.floor, unary_of(st.integers(-3, 3), dtype=np.int64),
           lambda x: _torch().floor(x)),
    OpInfo("exp_int", tinytorch.exp, np.exp, unary_of(st.integers(-3, 3), dtype=np.int64),
           lambda x: _torch().exp(x)),
]


def _cmp(name, symbol_fn, np_fn):
    ints = small_integers_as_floats()
    return [
        OpInfo(name, symbol_fn, np_fn, binary_of(ints), symbol_fn, grad=False,
               errors=[_BROADCAST_ERROR]),
        OpInfo(f"{name}_scalar", symbol_fn, np_fn, with_scalar(ints, st.sampled_from([0, 1.5, -2])),
               symbol_fn, grad=False),
        OpInfo(f"{name}_int_vs_float", symbol_fn, np_fn,
               binary_of(st.integers(-3, 3), ints, np.int64, np.float64), symbol_fn, grad=False),
    ]


def _logic(name):
    fn = getattr(tinytorch, name)
    return OpInfo(name, fn, getattr(np, name), binary_of(st.booleans(), dtype_a=bool),
                  lambda a, b: getattr(_torch(), name)(a, b), grad=False)


_SPECIALS = st.sampled_from([math.nan, math.inf, -math.inf, 0.0, 1.5, -2.0])

COMPARISON = (
    _cmp("eq", lambda a, b: a == b, np.equal) + _cmp("ne", lambda a, b: a != b, np.not_equal)
    + _cmp("lt", lambda a, b: a < b, np.less) + _cmp("le", lambda a, b: a <= b, np.less_equal)
    + _cmp("gt", lambda a, b: a > b, np.greater)
    + _cmp("ge", lambda a, b: a >= b, np.greater_equal)
    + [_logic(n) for n in ("logical_and", "logical_or", "logical_xor")]
    + [
        OpInfo("logical_and_float", tinytorch.logical_and, np.logical_and,
               binary_of(small_integers_as_floats(0, 1)),
               lambda a, b: _torch().logical_and(a, b), grad=False),
        OpInfo("logical_not", tinytorch.logical_not, np.logical_not,
               unary_of(st.booleans(), dtype=bool), lambda x: _torch().logical_not(x),
               grad=False),
        OpInfo("invert_bool", lambda x: ~x, np.invert, unary_of(st.booleans(), dtype=bool),
               lambda x: ~x, grad=False,
               errors=[_err(lambda d: ((_t(2, device=d),), {}), TypeError,
                            r"only implemented on integer and Boolean")]),
        OpInfo("invert_int", lambda x: ~x, np.invert,
               unary_of(st.integers(-5, 5), dtype=np.int64), lambda x: ~x, grad=False),
        OpInfo("and_or_xor", lambda a, b: (a & b) ^ (a | b), lambda a, b: (a & b) ^ (a | b),
               binary_of(st.integers(0, 7), dtype_a=np.int64),
               lambda a, b: (a & b) ^ (a | b), grad=False),
        OpInfo("isnan", tinytorch.isnan, np.isnan, unary_of(_SPECIALS),
               lambda x: _torch().isnan(x), grad=False),
        OpInfo("isinf", tinytorch.isinf, np.isinf, unary_of(_SPECIALS),
               lambda x: _torch().isinf(x), grad=False),
        OpInfo("isfinite", tinytorch.isfinite, np.isfinite, unary_of(_SPECIALS),
               lambda x: _torch().isfinite(x), grad=False),
        OpInfo("allclose", tinytorch.allclose, np.allclose,
               binary_of(small_integers_as_floats(0, 1)), lambda a, b: _torch().allclose(a, b),
               grad=False,
               errors=[_err(lambda d: ((_t(2, device=d), _t(2, dtype=tinytorch.float64,
                                                              device=d)), {}),
                            RuntimeError, "Float did not match Double")]),
        OpInfo("equal", tinytorch.equal, np.array_equal,
               binary_of(small_integers_as_floats(0, 1)), lambda a, b: _torch().equal(a, b),
               grad=False),
    ]
)

OPS = ARITHMETIC + POINTWISE + COMPARISON
