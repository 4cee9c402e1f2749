"""Op database entries for mode, cummax/cummin, quantile/nanquantile and histc
(tinytorch/_ops/statistics.py) and kron and rot90 (tinytorch/_ops/mathops_misc.py)."""

import warnings

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo import shapes
from tests.opinfo.core import array
from tests.opinfo.reduction import _dim_error
from tests.opinfo.reduction import _t
from tests.opinfo.reduction import _torch
from tests.opinfo.reduction import reduce_sample

# few distinct values, so that lines hold ties (mode's counts, cummax's equal maxima)
_FEW = st.sampled_from([-1.0, 0.0, 0.5, 2.0])


def _pair(name):
    """``tuple(x.<name>(*args, **kwargs))`` for tinytorch and torch alike."""
    return lambda x, *args, **kw: tuple(getattr(x, name)(*args, **kw))


def _err(make, exc, match, **kwargs):
    """An ErrorCase whose args are built by ``make(device)``."""
    return ErrorCase(lambda d: (make(d), kwargs), exc, match)


# --- mode ----------------------------------------------------------------------------------------
def _line_sample(elements=None, unique=False):
    """An array with one ``dim`` (each line at least one entry) and ``keepdim``."""
    return reduce_sample(min_side=1, tuples=False, allow_none=False, elements=elements,
                         unique=unique)


def _np_mode(x, dim=-1, keepdim=False):
    """Of the most frequent values of each line the smallest, at its last position."""
    if x.ndim == 0:
        return x.copy(), np.zeros((), np.int64)
    lines = np.moveaxis(x, dim, -1).reshape(-1, x.shape[dim])
    values, indices = [], []
    for line in lines:
        distinct, counts = np.unique(line, return_counts=True)
        best = distinct[np.argmax(counts)]
        values.append(best)
        indices.append(np.flatnonzero(line == best)[-1])
    out_shape = np.moveaxis(x, dim, -1).shape[:-1]
    values = np.array(values, x.dtype).reshape(out_shape)
    indices = np.array(indices, np.int64).reshape(out_shape)
    if keepdim:
        values, indices = np.expand_dims(values, dim), np.expand_dims(indices, dim)
    return values, indices


# --- cummax / cummin -----------------------------------------------------------------------------
@st.composite
def cum_sample(draw, elements=_FEW, nan=True):
    """An array (ties, NaN now and then) and ``dim``."""
    s = draw(reduce_sample(tuples=False, allow_none=False, keepdim=False, elements=elements,
                           unique=elements is None))
    x = s.args[0]
    if nan and x.size and draw(st.booleans()):
        x.reshape(-1)[draw(st.integers(0, x.size - 1))] = np.nan
    return s


def _np_cum(largest):
    """PyTorch's loop: an entry that is NaN, or not below (above) the running extreme when
    that is a number, becomes it."""
    def ref(x, dim):
        if x.ndim == 0:
            return x.copy(), np.zeros((), np.int64)
        lines = np.moveaxis(x, dim, -1)
        values, indices = np.empty_like(lines), np.zeros(lines.shape, np.int64)
        for pos in np.ndindex(lines.shape[:-1]):
            best, where = None, 0
            for i, v in enumerate(lines[pos]):
                if best is None or np.isnan(v) or (not np.isnan(best) and (
                        v >= best if largest else v <= best)):
                    best, where = v, i
                values[pos + (i,)], indices[pos + (i,)] = best, where
        return np.moveaxis(values, -1, dim), np.moveaxis(indices, -1, dim)
    return ref


def _cum_errors(name):
    return [_err(lambda d: (_t(device=d), 1), IndexError,
                 rf"{name}\(\): Expected reduction dim -1 or 0 for scalar but got 1"),
            _err(lambda d: (_t(2, 3, device=d), 5), IndexError,
                 r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 5\)")]


OPS = [
    OpInfo("mode", _pair("mode"), _np_mode, _line_sample(_FEW), _pair("mode"), gradcheck=False,
           errors=[_dim_error(_pair("mode")),
                   ErrorCase(lambda d: ((_t(2, 0, device=d),), {}), IndexError,
                             r"mode\(\): Expected reduction dim 1 to have non-zero size\.")]),
    # distinct values: the mode is the smallest, and finite differences hold
    OpInfo("mode_distinct", _pair("mode"), _np_mode, _line_sample(unique=True), _pair("mode")),
    OpInfo("cummax", _pair("cummax"), _np_cum(True), cum_sample(), _pair("cummax"),
           gradcheck=False, errors=_cum_errors("cummax")),
    OpInfo("cummin", _pair("cummin"), _np_cum(False), cum_sample(), _pair("cummin"),
           gradcheck=False, errors=_cum_errors("cummin")),
    OpInfo("cummax_distinct", _pair("cummax"), _np_cum(True), cum_sample(None, nan=False),
           _pair("cummax"), gradgrad=True),
    OpInfo("cummin_distinct", _pair("cummin"), _np_cum(False), cum_sample(None, nan=False),
           _pair("cummin"), gradgrad=True),
]


# --- kron, rot90 ---------------------------------------------------------------------------------
@st.composite
def kron_sample(draw):
    return Sample((draw(floats(draw(shapes(0, 3, max_side=3)))),
                   draw(floats(draw(shapes(0, 3, max_side=3))))))


@st.composite
def rot90_sample(draw):
    """An array of 2 or more dims, ``k`` (any sign, past a full turn) and two dims."""
    x = draw(floats(draw(shapes(2, 4, max_side=3))))
    d0, d1 = draw(st.lists(st.integers(0, x.ndim - 1), min_size=2, max_size=2, unique=True))
    dims = [d - x.ndim if draw(st.booleans()) else d for d in (d0, d1)]
    return Sample((x,), {"k": draw(st.integers(-5, 5)), "dims": dims})


def _rot90_errors():
    x = lambda d: _t(2, 3, device=d)  # noqa: E731
    return [
        _err(lambda d: (x(d),), RuntimeError, "expected total rotation dims == 2, but got "
                                              "dims = 3", dims=[0, 1, 2]),
        _err(lambda d: (_t(3, device=d),), RuntimeError,
             "expected total dims >= 2, but got total dims = 1"),
        _err(lambda d: (x(d),), RuntimeError, "expected rotation dims to be different, but "
                                              "got dim0 = 0 and dim1 = -2", dims=[0, -2]),
        _err(lambda d: (x(d),), IndexError, r"Dimension out of range \(expected to be in "
                                            r"range of \[-2, 1\], but got 2\)", dims=[0, 2]),
        _err(lambda d: (x(d),), TypeError, r"rot90\(\): argument 'k' \(position 2\) must be "
                                           "int, not float", k=1.5),
    ]


OPS += [
    OpInfo("kron", tinytorch.kron, np.kron, kron_sample(),
           lambda a, b: _torch().kron(a, b), gradgrad=True),
    OpInfo("rot90", tinytorch.rot90, lambda x, k, dims: np.rot90(x, k, dims).copy(),
           rot90_sample(), lambda x, **kw: _torch().rot90(x, **kw), gradgrad=True,
           errors=_rot90_errors()),
]


# --- quantile / nanquantile ----------------------------------------------------------------------
_MODES = ["linear", "lower", "higher", "midpoint", "nearest"]


@st.composite
def quantile_sample(draw, nan=False):
    """Distinct values (sort's gradient is defined), ``q`` a number or a tuple (the op makes
    it a tensor of the input's dtype), ``dim``, ``keepdim`` and ``interpolation``. With
    ``nan``, some entries past the first of each line are NaN."""
    s = draw(reduce_sample(min_side=1, tuples=False, unique=True))
    x, dim = s.args[0], s.kwargs["dim"]
    if nan and x.ndim:
        lines = np.moveaxis(x, dim, -1) if dim is not None else x.reshape(-1)
        first = np.zeros(lines.shape, bool)
        first[..., 0] = True
        hole = draw(hnp.arrays(bool, lines.shape)) & ~first
        lines[hole] = np.nan
    # fractions whose ranks q * (n - 1) round the same in float32 and float64 for the line
    # lengths drawn; NaNs leave any count of values in a line, and 0.1 * 5 is 0.5 in float64
    # but 0.50000001 in float32 ("nearest" then picks another value, as PyTorch's float32
    # ranks do), so with NaNs only fractions exact in binary
    fractions = [0.0, 0.25, 0.5, 0.75, 1.0] + ([] if nan else [0.1, 0.4, 0.6, 0.9])
    q = st.sampled_from(fractions)
    s.kwargs["q"] = draw(st.one_of(q, st.lists(q, max_size=3).map(tuple)))
    s.kwargs["interpolation"] = draw(st.sampled_from(_MODES))
    return s


def _quantile_of(lib, name):
    """``lib.<name>(x, q, ...)`` with a tuple ``q`` made a tensor of ``x``'s dtype."""
    def call(x, q, **kw):
        if isinstance(q, tuple):
            q = lib.tensor(q, dtype=x.dtype, device=x.device)
        return getattr(lib, name)(x, q, **kw)
    return call


def _np_quantile(fn):
    def ref(x, q, dim=None, keepdim=False, interpolation="linear"):
        axis = None if x.ndim == 0 else dim
        with warnings.catch_warnings():  # np.nanquantile warns on a line of NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(fn(x, np.array(q), axis=axis, keepdims=keepdim,
                                 method=interpolation))
    return ref


def _quantile_errors(name):
    op = _quantile_of(tinytorch, name)
    x = lambda d, *shape: _t(*(shape or (2, 3)), device=d)  # noqa: E731
    pre = r"quantile\(\) "
    return [
        _err(lambda d: (x(d), 1.5), RuntimeError, pre + r"q must be in the range \[0, 1\] but "
                                                        "got 1.5"),
        _err(lambda d: (x(d), (0.5, -0.5)), RuntimeError,
             pre + r"q values must be in the range \[0, 1\]"),
        _err(lambda d: (x(d), tinytorch.ones(1, 1, device=d)), RuntimeError,
             pre + "q must be a scalar or 1D tensor"),
        _err(lambda d: (x(d).long(), 0.5), RuntimeError,
             pre + "input tensor must be either float or double dtype"),
        _err(lambda d: (x(d), tinytorch.ones(1, dtype=tinytorch.float64, device=d)),
             RuntimeError, pre + "q tensor must be same dtype as the input tensor"),
        _err(lambda d: (x(d), 0.5), RuntimeError, pre + "interpolation must be one of linear, "
             "lower, higher, midpoint or nearest, but got foo", interpolation="foo"),
        _err(lambda d: (x(d, 0), 0.5), RuntimeError, pre + "input tensor must be non-empty"),
        _err(lambda d: (x(d, 1).expand(2 ** 24 + 1), 0.5), RuntimeError,
             pre + "input tensor is too large"),
        _err(lambda d: (x(d), 0.5), IndexError, r"Dimension out of range \(expected to be in "
             r"range of \[-2, 1\], but got 5\)", dim=5),
    ], op


def _quantile_info(name, np_fn, nan):
    errors, op = _quantile_errors(name)
    return OpInfo(name, op, _np_quantile(np_fn), quantile_sample(nan),
                  lambda x, q, **kw: _quantile_of(_torch(), name)(x, q, **kw), errors=errors)


# --- histc ---------------------------------------------------------------------------------------
@st.composite
def histc_sample(draw):
    """Quarters (bin positions come out exact in float32 and float64), ``bins`` and a range:
    the data's (0, 0), or one that leaves some entries out."""
    x = draw(array(draw(shapes(0, 3)), st.integers(-8, 8).map(lambda v: v / 4)))
    lo, hi = draw(st.sampled_from([(0, 0), (-1.0, 1.0), (-0.5, 1.5), (0.25, 0.75)]))
    return Sample((x,), {"bins": draw(st.sampled_from([1, 2, 3, 4, 8])), "min": lo, "max": hi})


def _np_histc(x, bins, min, max):
    """PyTorch's binning: ``(x - min) * bins / (max - min)`` truncated, ``max`` in the last
    bin, entries outside the range left out."""
    lo, hi = float(min), float(max)
    if lo == hi and x.size:
        lo, hi = float(x.min()), float(x.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    flat = x.reshape(-1)
    flat = flat[(flat >= lo) & (flat <= hi)]
    pos = np.minimum(((flat - lo) * bins / (hi - lo)).astype(np.int64), bins - 1)
    return np.bincount(pos, minlength=bins).astype(x.dtype)


def _histc_errors():
    x = lambda d: tinytorch.tensor([1.0, 2.0], device=d)  # noqa: E731
    return [
        _err(lambda d: (x(d),), RuntimeError, "torch.histogram\\(\\): bins must be > 0, but "
                                              "got 0 for dimension 0", bins=0),
        _err(lambda d: (x(d),), RuntimeError, "torch.histc: max must be larger than min",
             min=3, max=1),
        _err(lambda d: (x(d),), RuntimeError,
             r"torch.histc: range of \[-inf, 1.25\] is not finite", min=-np.inf, max=1.25),
        _err(lambda d: (x(d).long(),), NotImplementedError,
             "\"histogram_cpu\" not implemented for 'Long'"),
        _err(lambda d: (x(d),), TypeError, "histc\\(\\): argument 'bins' must be int, not "
                                           "float", bins=4.0),
    ]


OPS += [
    _quantile_info("quantile", np.quantile, nan=False),
    _quantile_info("nanquantile", np.nanquantile, nan=True),
    OpInfo("histc", tinytorch.histc, _np_histc, histc_sample(),
           lambda x, **kw: _torch().histc(x, **kw), grad=False, errors=_histc_errors()),
]
