"""Op database entries for the gamma family (tinytorch/_ops/math_special.py). Samples keep off
the poles (0 and the negative integers); tests/_ops/test_special_gamma.py checks the special
points, accuracy and torch.special against PyTorch. NumPy has none of these functions: the
references are Python's math.lgamma, its central difference for digamma, and PyTorch's
polygamma (itself a series independent of ours); for torch.special's normal CDF functions,
math.erfc and bisection on it."""

import math

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import OpInfo
from tests.opinfo.core import _err
from tests.opinfo.core import _t
from tests.opinfo.core import _torch
from tests.opinfo.core import binary_of
from tests.opinfo.core import non_integers
from tests.opinfo.core import unary_of

_LGAMMA = np.vectorize(math.lgamma, otypes=[np.float64])
_NDTR = np.vectorize(lambda v: math.erfc(-v / math.sqrt(2)) / 2, otypes=[np.float64])


def _np_ndtri(p):
    """Φ⁻¹ by bisection on math.erfc (an independent reference)."""
    lo, hi = np.full(np.shape(p), -40.0), np.full(np.shape(p), 40.0)
    for _ in range(80):
        mid = (lo + hi) / 2
        below = _NDTR(mid) < p
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return (lo + hi) / 2
_OFF_POLES = st.one_of(st.floats(0.1, 8), non_integers(-3, 0))


def _np_digamma(x):
    h = 1e-5  # truncation error h² ψ''' / 6 and rounding 1e-16 / h: both below 1e-9 here
    return (_LGAMMA(x + h) - _LGAMMA(x - h)) / (2 * h)


def _torch_polygamma(n):
    def ref(x):
        return _torch().polygamma(n, _torch().from_numpy(np.asarray(x))).numpy()
    return ref


def _np_mvlgamma(x, p=3):
    return p * (p - 1) / 4 * math.log(math.pi) + sum(_LGAMMA(x - i / 2) for i in range(p))


def _polygamma(n):
    return OpInfo(f"polygamma_{n}", lambda x: tinytorch.polygamma(n, x), _torch_polygamma(n),
                  unary_of(_OFF_POLES), lambda x: _torch().polygamma(n, x), gradgrad=True)


OPS = [
    OpInfo("lgamma", tinytorch.lgamma, _LGAMMA, unary_of(_OFF_POLES),
           lambda x: _torch().lgamma(x), gradgrad=True),
    OpInfo("digamma", tinytorch.digamma, _np_digamma, unary_of(_OFF_POLES),
           lambda x: _torch().digamma(x), gradgrad=True),
    _polygamma(0),
    _polygamma(1),
    OpInfo("polygamma_2", lambda x, n=2: tinytorch.polygamma(n, x), _torch_polygamma(2),
           unary_of(_OFF_POLES), lambda x: _torch().polygamma(2, x), gradgrad=True,
           errors=[_err(lambda d: ((_t(2, device=d),), {"n": -1}), RuntimeError,
                        r"polygamma\(n, x\) does not support negative n\."),
                   _err(lambda d: ((_t(2, device=d),), {"n": 1.5}), TypeError,
                        r"polygamma\(\): argument 'n' \(position 1\) must be int, not float")]),
    OpInfo("mvlgamma", lambda x, p=3: tinytorch.mvlgamma(x, p), _np_mvlgamma,
           unary_of(st.floats(1.1, 6)), lambda x: _torch().mvlgamma(x, p=3), gradgrad=True,
           errors=[_err(lambda d: ((_t(2, device=d),), {"p": 0}), RuntimeError,
                        "p has to be greater than or equal to 1")]),
    OpInfo("special.ndtr", tinytorch.special.ndtr, _NDTR, unary_of(st.floats(-5, 5)),
           lambda x: _torch().special.ndtr(x), gradgrad=True),
    OpInfo("special.ndtri", tinytorch.special.ndtri, _np_ndtri, unary_of(st.floats(0.02, 0.98)),
           lambda x: _torch().special.ndtri(x), gradgrad=True),
    OpInfo("special.log_ndtr", tinytorch.special.log_ndtr, lambda x: np.log(_NDTR(x)),
           unary_of(st.floats(-8, 5)), lambda x: _torch().special.log_ndtr(x), gradgrad=True),
    OpInfo("special.entr", tinytorch.special.entr, lambda x: -x * np.log(x),
           unary_of(st.floats(0.1, 3)), lambda x: _torch().special.entr(x), gradgrad=True),
    OpInfo("special.xlog1py", tinytorch.special.xlog1py,
           lambda a, b: np.where(a == 0, 0.0, a * np.log1p(b)),
           binary_of(st.floats(-3, 3), st.floats(-0.9, 3)),
           lambda a, b: _torch().special.xlog1py(a, b), gradgrad=True,
           errors=[_err(lambda d: ((1.0, 2.0), {}), TypeError,
                        r"special_xlog1py\(\) received an invalid combination of arguments - "
                        r"got \(float, float\)")]),
    OpInfo("lgamma_int", tinytorch.lgamma, _LGAMMA, unary_of(st.integers(1, 9), dtype=np.int64),
           lambda x: _torch().lgamma(x)),
    OpInfo("digamma_int", tinytorch.digamma, _np_digamma,
           unary_of(st.integers(1, 9), dtype=np.int64), lambda x: _torch().digamma(x)),
]
