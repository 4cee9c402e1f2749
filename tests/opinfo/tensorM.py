"""Op database entries for the Tensor methods added in tensorM (tinytorch/_ops/tensor_more.py,
math_more.py, mathops.nanmedian)."""

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo.shape import _err
from tests.opinfo.shape import _long
from tests.opinfo.shape import _z
from tests.opinfo.shape import array


def _torch():
    import torch
    return torch


@st.composite
def unfold_sample(draw):
    x = draw(array(min_dims=1))
    axis = draw(st.integers(0, x.ndim - 1))
    size = draw(st.integers(0, x.shape[axis]))
    return Sample((x,), {"dimension": axis - x.ndim * draw(st.booleans()), "size": size,
                         "step": draw(st.integers(1, 3))})


def np_unfold(x, dimension, size, step):
    axis = dimension % x.ndim
    windows = np.lib.stride_tricks.sliding_window_view(x, size, axis=axis)
    index = [slice(None)] * windows.ndim
    index[axis] = slice(None, None, step)
    return windows[tuple(index)]


@st.composite
def renorm_sample(draw):
    x = draw(array(min_dims=2))
    return Sample((x,), {"p": draw(st.sampled_from([2.0, 3.0])),  # |x|^1: a kink at 0
                         "dim": draw(st.integers(-x.ndim, x.ndim - 1)),
                         "maxnorm": draw(st.sampled_from([0.5, 2.0]))})


def np_renorm(x, p, dim, maxnorm):
    others = tuple(d for d in range(x.ndim) if d != dim % x.ndim)
    norm = np.sum(np.abs(x) ** p, axis=others, keepdims=True) ** (1 / p)
    return x * np.where(norm > maxnorm, maxnorm / (norm + 1e-7), 1.0)


@st.composite
def vdot_sample(draw):
    n = draw(st.integers(0, 5))
    return Sample((draw(array(1, 1, n, n)), draw(array(1, 1, n, n))))


@st.composite
def distinct_sample(draw, min_dims=0):
    """Distinct values (the median's gradient goes to one element), some NaN."""
    x = draw(array(min_dims=min_dims, min_side=1))
    x = (np.arange(x.size, dtype=np.float64) * 0.37 + x.reshape(-1) * 1e-3)
    x = draw(st.permutations(list(x))) if x.size else x
    x = np.asarray(x, dtype=np.float64)
    if x.size > 2 and draw(st.booleans()):
        x[0] = np.nan
    return Sample((x,))


def np_nanmedian(x):
    finite = np.sort(x[~np.isnan(x)])
    return np.asarray(finite[(finite.size - 1) // 2] if finite.size else np.nan)


@st.composite
def index_put_sample(draw):
    x = draw(array(min_dims=1, min_side=1))
    accumulate = draw(st.booleans())  # without it, a repeated index's winner is unspecified
    n = draw(st.integers(0, 4 if accumulate else x.shape[0]))
    index = np.asarray(draw(st.lists(st.integers(0, x.shape[0] - 1), min_size=n, max_size=n,
                                     unique=not accumulate)), dtype=np.int64)
    values = draw(array(1, 1, n, n)).reshape((n,) + (1,) * (x.ndim - 1))
    return Sample((x, index, values), {"accumulate": accumulate})


def np_index_put(x, index, values, accumulate):
    out = x.copy()
    if accumulate:
        np.add.at(out, index, np.broadcast_to(values, (len(index),) + x.shape[1:]))
    else:
        out[index] = values
    return out


def _index_put(x, index, values, accumulate=False):
    return tinytorch.index_put(x, (index,), values, accumulate)


def _torch_index_put(x, index, values, accumulate):
    return x.index_put((index,), values, accumulate)


OPS = [
    OpInfo("unfold", lambda x, **kw: x.unfold(**kw), np_unfold, unfold_sample(),
           lambda x, **kw: x.unfold(**kw),
           errors=[_err(lambda d: ((_z(d, 3),), {"dimension": 0, "size": 4, "step": 1}),
                        RuntimeError, "maximum size for tensor at dimension 0 is 3 but size is 4"),
                   _err(lambda d: ((_z(d, 3),), {"dimension": 0, "size": 2, "step": 0}),
                        RuntimeError, "step is 0 but must be > 0"),
                   _err(lambda d: ((_z(d, 3),), {"dimension": 1, "size": 2, "step": 1}),
                        IndexError, "Dimension out of range")],
           gradgrad=False),  # its backward kernel has no differentiable form
    OpInfo("fliplr", tinytorch.fliplr, np.fliplr, array(min_dims=2).map(lambda x: Sample((x,))),
           lambda x: _torch().fliplr(x),
           errors=[_err(lambda d: ((_z(d, 3),), {}), RuntimeError, r"Input must be >= 2-d\.")]),
    OpInfo("flipud", tinytorch.flipud, np.flipud, array(min_dims=1).map(lambda x: Sample((x,))),
           lambda x: _torch().flipud(x),
           errors=[_err(lambda d: ((_z(d),), {}), RuntimeError, r"Input must be >= 1-d\.")]),
    OpInfo("vdot", tinytorch.vdot, np.vdot, vdot_sample(), lambda a, b: _torch().vdot(a, b),
           errors=[_err(lambda d: ((_z(d, 2, 3), _z(d, 3)), {}), RuntimeError,
                        "1D tensors expected, but got 2D and 1D tensors")]),
    OpInfo("renorm", tinytorch.renorm, np_renorm, renorm_sample(),
           lambda x, **kw: _torch().renorm(x, **kw),
           errors=[_err(lambda d: ((_z(d, 2, 2),), {"p": 2, "dim": 0, "maxnorm": -1}),
                        RuntimeError, "renorm: expected maxnorm to be >= 0 but got -1"),
                   _err(lambda d: ((_z(d, 2, 2),), {"p": 0, "dim": 0, "maxnorm": 1}),
                        RuntimeError, "renorm: non-positive-norm not supported"),
                   _err(lambda d: ((_z(d, 2),), {"p": 2, "dim": 0, "maxnorm": 1}),
                        RuntimeError, "renorm: input needs at least 2 dimensions, got 1")]),
    OpInfo("nanmedian", tinytorch.nanmedian, np_nanmedian, distinct_sample(),
           lambda x: _torch().nanmedian(x)),
    OpInfo("index_put", _index_put, np_index_put, index_put_sample(), _torch_index_put,
           errors=[_err(lambda d: ((_z(d, 3), _long(d, [5]), _z(d, 1)), {}), IndexError,
                        "index 5 is out of bounds for dimension 0 with size 3")]),
    OpInfo("put", lambda x, index, source, accumulate=False: x.put(index, source, accumulate),
           lambda x, index, source, accumulate: np_index_put(
               x.reshape(-1), index, source.reshape(-1), accumulate).reshape(x.shape),
           index_put_sample().map(lambda s: Sample(
               (s.args[0], s.args[1], s.args[2].reshape(-1)), s.kwargs)),
           lambda x, index, source, accumulate: x.put(index, source, accumulate),
           errors=[_err(lambda d: ((_z(d, 3), _long(d, [5]), _z(d, 1)), {}), IndexError,
                        "out of range: tried to access index 5 on a tensor of 3 elements."),
                   _err(lambda d: ((_z(d, 3), _z(d, 1), _z(d, 1)), {}), RuntimeError,
                        "put_\\(\\): Expected a long tensor for index, but got Float")]),
]
