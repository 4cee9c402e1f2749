"""Op database entries for counting and search: unique, bincount, repeat_interleave,
searchsorted, bucketize, isin, count_nonzero and argwhere."""

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import shapes
from tests.opinfo.core import array
from tests.opinfo.reduction import reduce_sample

# few distinct values, so that draws repeat some (ties for unique, searchsorted's side)
_FEW = st.sampled_from([-2.0, -0.5, 0.0, 1.0, 2.5])
_SMALL_INTS = st.integers(0, 6)


def _torch():
    import torch
    return torch


def _t(values, dtype=None, device="cpu"):
    return tinytorch.tensor(values, dtype=dtype, device=device)


def _err(make, exc, match):
    """An ErrorCase whose args are built by ``make(device)`` with no kwargs."""
    return ErrorCase(lambda d: (make(d), {}), exc, match)


# --- unique --------------------------------------------------------------------------------------
@st.composite
def unique_sample(draw):
    x = draw(array(draw(shapes(0, 3)), st.one_of(_FEW, st.just(np.nan))))
    return Sample((x,), {"return_inverse": draw(st.booleans()),
                         "return_counts": draw(st.booleans())})


def _np_unique(x, return_inverse=False, return_counts=False):
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True,
                                        equal_nan=False)
    extra = (inverse.reshape(x.shape),) * return_inverse + (counts,) * return_counts
    return (values, *extra) if extra else values


def _unique_of(lib):
    return lambda x, **kw: lib.unique(x, **kw)


@st.composite
def unique_dim_sample(draw, consecutive=False):
    """An array of few distinct values (repeated slices), a dim, and (one time in four) that
    dim empty; no NaN: PyTorch orders slices holding one as its sort happens to leave them."""
    shape = list(draw(shapes(1, 3, min_side=1, max_side=3)))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    if draw(st.integers(0, 3)) == 0:
        shape[dim] = 0
    x = draw(array(tuple(shape), st.sampled_from([0.0, 1.0, -2.5] if consecutive else
                                                  [0.0, 1.0])))
    return Sample((x,), {"dim": dim, "return_inverse": draw(st.booleans()),
                         "return_counts": draw(st.booleans())})


def _np_unique_dim(x, dim, return_inverse=False, return_counts=False):
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True, axis=dim)
    extra = (inverse.reshape(-1),) * return_inverse + (counts,) * return_counts
    return (values, *extra) if extra else values


def _np_unique_consecutive_dim(x, dim, return_inverse=False, return_counts=False):
    lines = np.moveaxis(x, dim, 0)
    lines = lines.reshape(len(lines), int(np.prod(lines.shape[1:])))
    starts = np.r_[np.ones(min(len(lines), 1), bool), (lines[1:] != lines[:-1]).any(1)]
    first = np.flatnonzero(starts)
    values = np.take(x, first, axis=dim)
    extra = ((np.cumsum(starts) - 1,) * return_inverse
             + (np.diff(np.r_[first, len(lines)]),) * return_counts)
    return (values, *extra) if extra else values


def _unique_dim_errors(name):
    where = r" \(position 2\)" if name == "unique_dim" else ""
    return [
        ErrorCase(lambda d: ((tinytorch.ones(2, 3, device=d),), {"dim": 2}), IndexError,
                  r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)"),
        ErrorCase(lambda d: ((tinytorch.ones(2, 3, device=d),), {"dim": -3}), IndexError,
                  r"Dimension out of range \(expected to be in range of \[-2, 1\], but got -3\)"),
        ErrorCase(lambda d: ((tinytorch.tensor(3.0, device=d),), {"dim": 0}), IndexError,
                  "^Dimension specified as 0 but tensor has no dimensions$"),
        ErrorCase(lambda d: ((tinytorch.tensor(3.0, device=d),), {"dim": -1}), IndexError,
                  "^Dimension specified as -1 but tensor has no dimensions$"),
        ErrorCase(lambda d: ((tinytorch.ones(0, 3, device=d),), {"dim": 1}), RuntimeError,
                  "^There are 0 sized dimensions, and they aren't selected, so unique cannot be "
                  "applied$"),
        ErrorCase(lambda d: ((tinytorch.ones(0, 0, 2, device=d),), {"dim": 0}), RuntimeError,
                  "^Number of zero sized dimensions is more than one, so unique cannot be "
                  "applied $"),
        ErrorCase(lambda d: ((tinytorch.ones(2, 3, device=d),), {"dim": 1.0}), TypeError,
                  rf"^{name}\(\): argument 'dim'{where} must be int, not float$"),
        ErrorCase(lambda d: ((tinytorch.ones(2, 3, device=d),), {"dim": True}), TypeError,
                  "must be int, not bool$"),
    ]


# --- bincount ------------------------------------------------------------------------------------
@st.composite
def bincount_sample(draw):
    x = draw(array((draw(st.integers(0, 6)),), _SMALL_INTS, np.int64))
    args = (x, draw(array(x.shape, _FEW))) if draw(st.booleans()) else (x,)
    return Sample(args, {"minlength": draw(st.integers(0, 9))})


def _np_bincount(x, weights=None, minlength=0):
    counted = weights is None or not x.size  # an empty input gives int64 zeros
    return np.bincount(x, weights, minlength).astype(np.int64 if counted else np.float64)


def _bincount_errors():
    ints = lambda d, v: _t(v, device=d)  # noqa: E731
    msg = r"bincount only supports 1-d non-negative integral inputs\."
    return [
        _err(lambda d: (ints(d, [1, -1]),), RuntimeError, msg),
        _err(lambda d: (ints(d, [[1, 2]]),), RuntimeError, msg),
        _err(lambda d: (_t([1.0], device=d),), NotImplementedError, "not implemented for 'Float'"),
        _err(lambda d: (_t([True], device=d),), NotImplementedError, "not implemented for 'Bool'"),
        ErrorCase(lambda d: ((ints(d, [1]),), {"minlength": -1}), RuntimeError,
                  "minlength should be >= 0"),
        _err(lambda d: (ints(d, [1, 2]), _t([1.0], device=d)), RuntimeError,
             "weights should be 1-d and have the same length as input"),
    ]


# --- repeat_interleave ---------------------------------------------------------------------------
@st.composite
def repeat_sample(draw):
    x = draw(array(draw(shapes(0, 3)), st.floats(-3, 3).map(lambda v: round(v, 2))))
    dim = draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1))) if x.ndim else None
    n = x.size if dim is None else x.shape[dim]
    repeats = draw(st.one_of(st.integers(0, 3),
                             array((draw(st.sampled_from([1, n])),), st.integers(0, 3),
                                   np.int64)))
    return Sample((x, repeats), {"dim": dim})


def _np_repeat(x, repeats, dim=None):
    return np.repeat(x, repeats, axis=dim)


def _repeat_errors():
    x = lambda d: tinytorch.ones(3, device=d)  # noqa: E731
    return [
        _err(lambda d: (x(d), -1), RuntimeError, "Repeats must be non-negative"),
        _err(lambda d: (x(d), _t([1, -2, 1], device=d)), RuntimeError,
             "repeats can not be negative"),
        _err(lambda d: (x(d), _t([[1]], device=d)), RuntimeError,
             "repeats must be 0-dim or 1-dim tensor"),
        _err(lambda d: (x(d), _t([1.0, 2.0, 3.0], device=d)), NotImplementedError,
             "not implemented for 'Float'"),
        _err(lambda d: (x(d), _t([True, False, True], device=d)), NotImplementedError,
             "not implemented for 'Bool'"),
        _err(lambda d: (x(d), _t([1, 2], device=d)), RuntimeError,
             r"repeats must have the same size as input along dim, but got repeats.size\(0\) = "
             r"2 and input.size\(0\) = 3"),
        ErrorCase(lambda d: ((x(d), 2), {"output_size": 5}), RuntimeError,
                  "repeat_interleave: Invalid output_size, expected 6 but got 5"),
        ErrorCase(lambda d: ((x(d), _t([1, 2, 1], device=d)), {"output_size": 5}),
                  RuntimeError, "allocated size does not match required size"),
        ErrorCase(lambda d: ((x(d), 2), {"dim": 3}), IndexError,
                  r"Dimension out of range \(expected to be in range of \[-1, 0\], but got 3\)"),
    ]


# --- searchsorted / bucketize --------------------------------------------------------------------
@st.composite
def search_sample(draw, batched=True):
    """A sorted sequence (1-D, or sharing ``values``' leading dims) and values to look up."""
    lead = draw(shapes(0, 2, max_side=3)) if batched and draw(st.booleans()) else ()
    seq = np.sort(draw(array(lead + (draw(st.integers(1, 5)),), _FEW)), axis=-1)
    if lead:
        values = draw(array(lead + (draw(st.integers(0, 4)),), _FEW))
    else:
        values = draw(array(draw(shapes(0, 3)), _FEW))
    return Sample((seq, values), {"right": draw(st.booleans())})


def _np_searchsorted(seq, values, right=False):
    side = "right" if right else "left"
    if seq.ndim == 1:
        return np.searchsorted(seq, values, side)
    b = int(np.prod(seq.shape[:-1]))
    rows, vals = seq.reshape(b, seq.shape[-1]), values.reshape(b, values.shape[-1])
    out = [np.searchsorted(r, v, side) for r, v in zip(rows, vals)]
    return np.array(out, dtype=np.int64).reshape(values.shape)


@st.composite
def sorter_sample(draw):
    """An unsorted 1-D sequence, the permutation that sorts it, values and a side."""
    seq = draw(array((draw(st.integers(1, 5)),), _FEW))
    values = draw(array(draw(shapes(0, 2)), _FEW))
    side = draw(st.sampled_from(["left", "right"]))
    return Sample((seq, values, np.argsort(seq, kind="stable")), {"side": side})


def _searchsorted_errors():
    s = lambda d: _t([1.0, 3.0, 5.0, 7.0], device=d)  # noqa: E731
    v = lambda d: tinytorch.ones(2, 2, device=d)  # noqa: E731
    pre = r"torch\.searchsorted\(\): "
    return [
        _err(lambda d: (tinytorch.ones(2, 3, device=d), tinytorch.ones(3, 3, device=d)),
             RuntimeError, pre + r"boundaries tensor should be 1 dimension or the first N-1 "
             r"dimensions of boundaries tensor and input value tensor must match, but we got "
             r"boundaries tensor \[2, 3\] and input value tensor \[3, 3\]"),
        ErrorCase(lambda d: ((s(d), v(d)), {"side": "left", "right": True}), RuntimeError,
                  pre + "side and right can't be set to opposites, got side of left while "
                  "right was True"),
        ErrorCase(lambda d: ((s(d), v(d)), {"side": "foo"}), RuntimeError,
                  pre + "side can only be 'left' or 'right' but got foo"),
        _err(lambda d: (_t(1.0, device=d), v(d)), RuntimeError,
             pre + "boundaries tensor should have positive dimension, but got 0 dimension"),
        _err(lambda d: (tinytorch.ones(2, 3, device=d), _t(1.0, device=d)), RuntimeError,
             pre + r"input value can be a scalar only when boundaries tensor dimension is 1, "
             r"but we got boundaries tensor dim\(2\) and input value's dim\(0\) numel\(1\)"),
        ErrorCase(lambda d: ((s(d), v(d)), {"sorter": _t([0, 1], device=d)}), RuntimeError,
                  pre + r"boundary and sorter must have the same size, but got boundary "
                  r"tensor \[4\]and got sorter tensor \[2\]"),
        ErrorCase(lambda d: ((s(d), v(d)), {"sorter": _t([0.0, 1, 2, 3], device=d)}),
                  RuntimeError, pre + "sorter must be a tensor of long dtype but got dtype "
                  "Float"),
        ErrorCase(lambda d: ((s(d), v(d)), {"sorter": _t([0, 1, 2, 9], device=d)}),
                  RuntimeError, pre + "sorter index out of range"),
    ]


def _bucketize_of(lib):
    return lambda seq, values, **kw: lib.bucketize(values, seq, **kw)


# --- isin, count_nonzero, argwhere ---------------------------------------------------------------
@st.composite
def isin_sample(draw):
    a = draw(array(draw(shapes(0, 3)), _SMALL_INTS, np.int64))
    b = draw(array(draw(shapes(0, 2)), _SMALL_INTS, np.int64))
    return Sample((a, b), {"invert": draw(st.booleans())})


def _np_count_nonzero(x, dim=None):
    if x.ndim == 0:
        return np.asarray(np.count_nonzero(x))
    return np.asarray(np.count_nonzero(x, axis=dim), dtype=np.int64)


_DIM_ERROR = r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 5\)"

OPS = [
    OpInfo("unique", _unique_of(tinytorch), _np_unique, unique_sample(),
           lambda x, **kw: _unique_of(_torch())(x, **kw), grad=False),
    OpInfo("unique_dim", _unique_of(tinytorch), _np_unique_dim, unique_dim_sample(),
           lambda x, **kw: _unique_of(_torch())(x, **kw), grad=False,
           errors=_unique_dim_errors("unique_dim")),
    OpInfo("unique_consecutive_dim", tinytorch.unique_consecutive, _np_unique_consecutive_dim,
           unique_dim_sample(consecutive=True),
           lambda x, **kw: _torch().unique_consecutive(x, **kw), grad=False,
           errors=_unique_dim_errors("unique_consecutive")),
    OpInfo("bincount", tinytorch.bincount, _np_bincount, bincount_sample(),
           lambda *a, **kw: _torch().bincount(*a, **kw), grad=False, errors=_bincount_errors()),
    OpInfo("repeat_interleave", tinytorch.repeat_interleave, _np_repeat, repeat_sample(),
           lambda *a, **kw: _torch().repeat_interleave(*a, **kw), gradgrad=True,
           errors=_repeat_errors()),
    OpInfo("searchsorted", tinytorch.searchsorted, _np_searchsorted, search_sample(),
           lambda *a, **kw: _torch().searchsorted(*a, **kw), grad=False,
           errors=_searchsorted_errors()),
    OpInfo("searchsorted_sorter",
           lambda s, v, sorter, **kw: tinytorch.searchsorted(s, v, sorter=sorter, **kw),
           lambda s, v, sorter, side: np.searchsorted(s, v, side, sorter),
           sorter_sample(),
           lambda s, v, sorter, **kw: _torch().searchsorted(s, v, sorter=sorter, **kw),
           grad=False),
    OpInfo("bucketize", _bucketize_of(tinytorch),
           lambda seq, values, right=False: np.searchsorted(seq, values, "right" if right
                                                            else "left"),
           search_sample(batched=False), lambda *a, **kw: _bucketize_of(_torch())(*a, **kw),
           grad=False,
           errors=[_err(lambda d: (tinytorch.ones(2, 2, device=d), tinytorch.ones(2, device=d)),
                        RuntimeError, r"boundaries tensor must be 1 dimension, but got dim\(2\)")]),
    OpInfo("isin", tinytorch.isin, lambda a, b, invert=False: np.isin(a, b, invert=invert),
           isin_sample(), lambda *a, **kw: _torch().isin(*a, **kw), grad=False),
    OpInfo("count_nonzero", tinytorch.count_nonzero, _np_count_nonzero,
           reduce_sample(elements=_FEW, keepdim=False),
           lambda *a, **kw: _torch().count_nonzero(*a, **kw), grad=False,
           errors=[ErrorCase(lambda d: ((tinytorch.ones(2, 3, device=d),), {"dim": 5}),
                             IndexError, _DIM_ERROR),
                   ErrorCase(lambda d: ((tinytorch.ones(2, 3, device=d),), {"dim": (0, 0)}),
                             RuntimeError, "dim 0 appears multiple times in the list of dims")]),
    OpInfo("argwhere", tinytorch.argwhere, np.argwhere,
           reduce_sample(elements=_FEW).map(lambda s: Sample(s.args)),
           lambda x: _torch().argwhere(x), grad=False),
]
