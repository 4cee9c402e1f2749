"""Op database entries for order statistics, differences, distances, fused matrix products
and small helpers (tinytorch/_ops/mathops.py)."""

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo.reduction import _dim_error
from tests.opinfo.reduction import _t
from tests.opinfo.reduction import _torch
from tests.opinfo.reduction import reduce_sample


def _pair(name):
    """``tuple(x.<name>(**kwargs))`` for tinytorch and torch alike."""
    return lambda x, *args, **kw: tuple(getattr(x, name)(*args, **kw))


@st.composite
def kth_sample(draw, median=False):
    """Distinct values (ties would let PyTorch pick either index), one dim, ``keepdim`` and
    (for kthvalue) ``k``."""
    s = draw(reduce_sample(min_side=1, tuples=False, allow_none=False, unique=True))
    x = s.args[0]
    if not median:
        s.kwargs["k"] = draw(st.integers(1, x.shape[s.kwargs["dim"]] if x.ndim else 1))
    return s


def _np_kthvalue(x, k, dim=-1, keepdim=False):
    if x.ndim == 0:
        return x.copy(), np.zeros((), np.int64)
    idx = np.take(np.argsort(x, axis=dim, kind="stable"), [k - 1], axis=dim)
    values = np.take_along_axis(x, idx, dim)
    if not keepdim:
        values, idx = np.squeeze(values, dim), np.squeeze(idx, dim)
    return values, idx


def _np_median_dim(x, dim, keepdim=False):
    k = (x.shape[dim] - 1) // 2 + 1 if x.ndim else 1
    return _np_kthvalue(x, k, dim, keepdim)


def _np_median(x):
    return np.asarray(np.sort(x.reshape(-1))[(x.size - 1) // 2])


OPS = [
    OpInfo("kthvalue", _pair("kthvalue"), _np_kthvalue, kth_sample(), _pair("kthvalue"),
           errors=[ErrorCase(lambda d: ((_t(2, 3, device=d), 4), {}), RuntimeError,
                             r"kthvalue\(\): selected number k out of range for dimension 1"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d), 0), {"dim": 0}), RuntimeError,
                             r"kthvalue\(\): selected number k out of range for dimension 0"),
                   _dim_error(_pair("kthvalue"), 1)]),
    OpInfo("median_dim", _pair("median"), _np_median_dim, kth_sample(median=True),
           _pair("median"),
           errors=[_dim_error(_pair("median")),
                   ErrorCase(lambda d: ((_t(2, 0, device=d),), {"dim": -1}), IndexError,
                             r"median\(\): Expected reduction dim 1 to have non-zero size\.")]),
    OpInfo("median", tinytorch.median, _np_median,
           st.builds(lambda s: Sample(s.args), kth_sample(median=True)),
           lambda x: _torch().median(x)),
]
