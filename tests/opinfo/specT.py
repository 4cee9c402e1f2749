"""Op database entries for torch.special's Cephes functions and orthogonal polynomials
(tinytorch/_ops/math_cephes.py, math_polynomial.py). The references are independent of the
ports: mpmath (its default 15 digits, with its own guard digits) for the functions, NumPy's
polynomial module (and U_n ∓ U_{n-1} for Chebyshev's V and W) for the polynomials. PyTorch's
J0, J1, Y0, Y1 beyond |x| = 5 and Ai below -2.09 are off by up to 1e-6 and 3e-6 absolute and
tinytorch's are PyTorch's (NOTE [Cephes special functions as PyTorch's]): those entries' atol.
Differentiable where PyTorch is: erfcx, zeta in q and the incomplete gammas in x (those
entries fix the other argument); the rest are grad=False. tests/_ops/test_special_cephes.py
compares with PyTorch on wide ranges and special points."""

import numpy as np
import pytest
from hypothesis import strategies as st
from numpy.polynomial import chebyshev
from numpy.polynomial import hermite
from numpy.polynomial import hermite_e
from numpy.polynomial import laguerre
from numpy.polynomial import legendre

import tinytorch
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo.core import _err
from tests.opinfo.core import _t
from tests.opinfo.core import _torch
from tests.opinfo.core import binary_of
from tests.opinfo.core import unary_of


class _LazyMpmath:
    """mpmath, imported at first use: it comes with torch, not with the test extra, so without
    it the comparisons with it skip instead of breaking the op database's import."""

    def __getattr__(self, name):
        module = pytest.importorskip("mpmath")
        vars(self).update(vars(module))  # later lookups find the module's names directly
        return getattr(module, name)


mpmath = _LazyMpmath()


def _vectorized(fn):
    """np.vectorize(fn) to float64, mpmath imported before the loop (importing it raises
    NumPy's invalid flag, which a vectorised loop reports as a RuntimeWarning)."""
    def ref(*arrays):
        mpmath.mpf  # noqa: B018 (the import)
        return np.vectorize(fn, otypes=[np.float64])(*arrays)
    return ref


def _mp(fn):
    return _vectorized(lambda v: float(fn(mpmath.mpf(float(v)))))


def _special(name, ref, low, high, **kw):
    return OpInfo(f"special.{name}", getattr(tinytorch.special, name), ref,
                  unary_of(st.floats(low, high)), lambda x: getattr(_torch().special, name)(x),
                  grad=False, **kw)


_HALF_INPUT = _err(lambda d: ((_t(2, dtype=tinytorch.float16, device=d),), {}),
                   NotImplementedError, r"\"bessel_j0_c\w+\" not implemented for 'Half'")
_NOT_TENSOR = _err(lambda d: ((1.0,), {}), TypeError,
                   r"special_bessel_j0\(\): argument 'input' \(position 1\) must be Tensor, "
                   r"not float")

_FUNCTIONS = [
    _special("bessel_j0", _mp(lambda v: mpmath.besselj(0, v)), -30, 30, atol=1e-6,
             errors=[_HALF_INPUT, _NOT_TENSOR]),
    _special("bessel_j1", _mp(lambda v: mpmath.besselj(1, v)), -30, 30, atol=1e-6),
    _special("bessel_y0", _mp(lambda v: mpmath.bessely(0, v)), 0.05, 30, atol=1e-6),
    _special("bessel_y1", _mp(lambda v: mpmath.bessely(1, v)), 0.05, 30, atol=1e-6),
    _special("modified_bessel_i0", _mp(lambda v: mpmath.besseli(0, v)), -20, 20),
    _special("modified_bessel_i1", _mp(lambda v: mpmath.besseli(1, v)), -20, 20),
    _special("modified_bessel_k0", _mp(lambda v: mpmath.besselk(0, v)), 0.05, 20),
    _special("modified_bessel_k1", _mp(lambda v: mpmath.besselk(1, v)), 0.05, 20),
    _special("scaled_modified_bessel_k0",
             _mp(lambda v: mpmath.exp(v) * mpmath.besselk(0, v)), 0.05, 100),
    _special("scaled_modified_bessel_k1",
             _mp(lambda v: mpmath.exp(v) * mpmath.besselk(1, v)), 0.05, 100),
    _special("airy_ai", _mp(lambda v: mpmath.airyai(v)), -10, 10, atol=1e-5),
    _special("spherical_bessel_j0", _mp(lambda v: mpmath.sinc(v)), -20, 20, atol=1e-9),
    OpInfo("special.erfcx", tinytorch.special.erfcx,
           _mp(lambda v: mpmath.exp(v * v) * mpmath.erfc(v)), unary_of(st.floats(-3, 10)),
           lambda x: _torch().special.erfcx(x), gradgrad=True),
    OpInfo("special.zeta", lambda q: tinytorch.special.zeta(3.0, q),
           _mp(lambda v: mpmath.zeta(3, v)), unary_of(st.floats(0.5, 10)),
           lambda q: _torch().special.zeta(3.0, q), gradgrad=True),
    OpInfo("special.zeta_tensors", tinytorch.special.zeta,
           _vectorized(lambda s, q: float(mpmath.zeta(s, q))),
           binary_of(st.floats(1.5, 8), st.floats(0.5, 10)),
           lambda s, q: _torch().special.zeta(s, q), grad=False,
           errors=[_err(lambda d: ((2.0, 3.0), {}), TypeError,
                        r"special_zeta\(\) received an invalid combination of arguments - "
                        r"got \(float, float\)")]),
]


def _igamma(name, fn, torch_name, upper):
    def ref(x):
        p = _mp(lambda v: mpmath.gammainc(2.5, 0, v, regularized=True))(x)
        return 1 - p if upper else p
    return OpInfo(name, lambda x: fn(tinytorch.full_like(x, 2.5), x), ref,
                  unary_of(st.floats(0.05, 12)),
                  lambda x: getattr(_torch(), torch_name)(_torch().full_like(x, 2.5), x),
                  gradgrad=True)


def _gamma_tensors(name, ref, kernel, **kw):
    return OpInfo(f"special.{name}_tensors", getattr(tinytorch.special, name),
                  _vectorized(ref),
                  binary_of(st.floats(0.1, 40), st.floats(0, 60)),
                  lambda a, x: getattr(_torch().special, name)(a, x), grad=False,
                  errors=[_err(lambda d: ((_t(2, device=d), 1.0), {}), TypeError,
                               rf"special_{name}\(\): argument 'other' \(position 2\) must "
                               rf"be Tensor, not float"),
                          _err(lambda d: ((_t(2, dtype=tinytorch.int64, device=d),
                                           _t(2, dtype=tinytorch.int64, device=d)), {}),
                               NotImplementedError,
                               rf"\"{kernel}_c\w+\" not implemented for 'Long'")], **kw)


_GAMMAS = [
    _igamma("igamma", tinytorch.igamma, "igamma", False),
    _igamma("igammac", tinytorch.igammac, "igammac", True),
    _gamma_tensors("gammainc", lambda a, x: float(mpmath.gammainc(a, 0, x, regularized=True)),
                   "igamma"),
    _gamma_tensors("gammaincc",
                   lambda a, x: float(mpmath.gammainc(a, x, mpmath.inf, regularized=True)),
                   "igammac", atol=1e-9),
]


def _u_of(x, n):
    """U_n(x) from its definition as a T series (U_n = 2 Σ_{odd/even k <= n} T_k - [n even])."""
    if n < 0:
        return np.zeros_like(x)
    c = np.zeros(n + 1)
    c[n % 2::2] = 2.0
    if n % 2 == 0:
        c[0] = 1.0
    return chebyshev.chebval(x, c)


_CHEBYSHEV = {"t": lambda x, n: chebyshev.chebval(x, np.eye(n + 1)[n]),
              "u": _u_of,
              "v": lambda x, n: _u_of(x, n) - _u_of(x, n - 1),
              "w": lambda x, n: _u_of(x, n) + _u_of(x, n - 1)}
_OTHERS = {"hermite_polynomial_h": hermite.hermval, "hermite_polynomial_he": hermite_e.hermeval,
           "laguerre_polynomial_l": laguerre.lagval, "legendre_polynomial_p": legendre.legval}


@st.composite
def _x_and_degree(draw, low, high):
    return Sample(draw(unary_of(st.floats(low, high))).args, {"n": draw(st.integers(0, 12))})


def _polynomial(name, ref, low, high):
    return OpInfo(f"special.{name}", getattr(tinytorch.special, name), ref,
                  _x_and_degree(low, high),
                  lambda x, n: getattr(_torch().special, name)(x, n), grad=False,
                  rtol=1e-9, atol=1e-9)


_POLYNOMIALS = (
    [_polynomial(f"chebyshev_polynomial_{k}", f, -1.5, 1.5) for k, f in _CHEBYSHEV.items()]
    + [_polynomial(f"shifted_chebyshev_polynomial_{k}",
                   (lambda f: lambda x, n: f(2 * x - 1, n))(f), -0.25, 1.25)
       for k, f in _CHEBYSHEV.items()]
    + [_polynomial(name, (lambda f: lambda x, n: f(x, np.eye(n + 1)[n]))(f), -3, 3)
       for name, f in _OTHERS.items()])
_POLYNOMIALS[0].errors = [
    _err(lambda d: ((2.0, 3), {}), TypeError,
         r"special_chebyshev_polynomial_t\(\) received an invalid combination of arguments"),
    _err(lambda d: ((_t(2, dtype=tinytorch.float16, device=d), 3), {}), NotImplementedError,
         r"\"chebyshev_polynomial_t_c\w+\" not implemented for 'Half'")]

OPS = _FUNCTIONS + _GAMMAS + _POLYNOMIALS
