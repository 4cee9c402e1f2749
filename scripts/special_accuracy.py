"""Measures tinytorch's special functions against mpmath (40 digits) and prints the worst
relative errors next to PyTorch's, float64 and float32: lgamma, digamma and polygamma (NOTE
[lgamma, digamma and polygamma] quotes its figures), and torch.special's Cephes functions,
incomplete gamma, zeta and orthogonal polynomials (NOTE [Cephes special functions as
PyTorch's]; a few parameters fixed, so each is a function of x). Where both are far off (J
and Y beyond |x| = 5, Ai below -2.09) it is PyTorch's formula, which tinytorch keeps. Needs
mpmath and torch (both come with the test extras' torch).

    python scripts/special_accuracy.py
"""

import warnings

import mpmath
import numpy as np
import torch

from tinytorch.backends._array_api import _cephes
from tinytorch.backends._array_api import _igamma
from tinytorch.backends._array_api import _polynomials
from tinytorch.backends._array_api import _special

mpmath.mp.dps = 40


def _points():
    rng = np.random.default_rng(0)
    xs = np.concatenate([rng.uniform(-50, 50, 3000), rng.uniform(0, 3, 3000),
                         rng.uniform(3, 1e3, 2000), np.exp(rng.uniform(-30, 30, 1000)),
                         rng.uniform(0.999, 1.001, 500), rng.uniform(1.999, 2.001, 500)])
    return xs[np.abs(xs - np.round(xs)) > 1e-9]  # off the poles


def _anywhere(x):
    return np.ones(x.shape, dtype=bool)


def _positive(x):
    return (x > 0) & (x < 1e4)  # mpmath's K and incomplete gamma crawl at 1e13


def _below_underflow(x):
    return (x > 0) & (x < 750)  # K underflows to 0 past 745


def _moderate(x):
    return np.abs(x) < 200


def _unit(x):
    return np.abs(x) < 1.5


S = torch.special
# name, ours, PyTorch's, mpmath's, the points kept (x > 0 for Y and K: real values only).
# Maxima beside a function's zeros are large for both (relative error); the medians say more
CASES = [
    ("lgamma", lambda x: _special.lgamma(np, x), torch.lgamma,
     lambda v: mpmath.log(abs(mpmath.gamma(v))), _anywhere),
    ("digamma", lambda x: _special.digamma(np, x), torch.digamma, mpmath.digamma, _anywhere),
    ("polygamma(1, x)", lambda x: _special.polygamma(np, 1, x),
     lambda t: torch.polygamma(1, t), lambda v: mpmath.polygamma(1, v), _anywhere),
    ("polygamma(3, x)", lambda x: _special.polygamma(np, 3, x),
     lambda t: torch.polygamma(3, t), lambda v: mpmath.polygamma(3, v),
     lambda x: np.abs(x) < 1e6),  # PyTorch loops |x| times
    ("erfcx", lambda x: _special.erfcx(np, x), S.erfcx,
     lambda v: mpmath.exp(v * v) * mpmath.erfc(v), lambda x: x > -9),  # float32 overflows
    ("bessel_j0", lambda x: _cephes.bessel_j(np, x, 0), S.bessel_j0,
     lambda v: mpmath.besselj(0, v), _moderate),
    ("bessel_j1", lambda x: _cephes.bessel_j(np, x, 1), S.bessel_j1,
     lambda v: mpmath.besselj(1, v), _moderate),
    ("bessel_y0", lambda x: _cephes.bessel_y(np, x, 0), S.bessel_y0,
     lambda v: mpmath.bessely(0, v), lambda x: (x > 0) & (x < 200)),
    ("bessel_y1", lambda x: _cephes.bessel_y(np, x, 1), S.bessel_y1,
     lambda v: mpmath.bessely(1, v), lambda x: (x > 0) & (x < 200)),
    ("modified_bessel_k0", lambda x: _cephes.bessel_k(np, x, 0, False), S.modified_bessel_k0,
     lambda v: mpmath.besselk(0, v), _below_underflow),
    ("modified_bessel_k1", lambda x: _cephes.bessel_k(np, x, 1, False), S.modified_bessel_k1,
     lambda v: mpmath.besselk(1, v), _below_underflow),
    ("scaled_modified_bessel_k1", lambda x: _cephes.bessel_k(np, x, 1, True),
     S.scaled_modified_bessel_k1, lambda v: mpmath.exp(v) * mpmath.besselk(1, v), _positive),
    ("airy_ai", lambda x: _cephes.airy_ai(np, x), S.airy_ai, mpmath.airyai, _moderate),
    ("spherical_bessel_j0", lambda x: _cephes.spherical_bessel_j0(np, x),
     S.spherical_bessel_j0, mpmath.sinc, _moderate),
    ("zeta(3, q)", lambda q: _cephes.zeta(np, np.full_like(q, 3.0), q),
     lambda t: S.zeta(3.0, t), lambda v: mpmath.zeta(3, v), _positive),
    ("gammainc(2.5, x)", lambda x: _igamma.igamma(np, np.full_like(x, 2.5), x, False),
     lambda t: S.gammainc(torch.full_like(t, 2.5), t),
     lambda v: mpmath.gammainc(2.5, 0, v, regularized=True), _positive),
    ("gammaincc(30, x)", lambda x: _igamma.igamma(np, np.full_like(x, 30.0), x, True),
     lambda t: S.gammaincc(torch.full_like(t, 30.0), t),
     lambda v: mpmath.gammainc(30, v, mpmath.inf, regularized=True), _positive),
    ("chebyshev_t(x, 20)", lambda x: _polynomials.chebyshev(np, x, np.full_like(x, 20), "t",
                                                              False),
     lambda t: S.chebyshev_polynomial_t(t, 20), lambda v: mpmath.chebyt(20, v), _unit),
    ("hermite_h(x, 10)", lambda x: _polynomials.hermite(np, x, np.full_like(x, 10), False),
     lambda t: S.hermite_polynomial_h(t, 10), lambda v: mpmath.hermite(10, v), _moderate),
    ("laguerre_l(x, 20)", lambda x: _polynomials.laguerre(np, x, np.full_like(x, 20)),
     lambda t: S.laguerre_polynomial_l(t, 20), lambda v: mpmath.laguerre(20, 0, v), _moderate),
    ("legendre_p(x, 20)", lambda x: _polynomials.legendre(np, x, np.full_like(x, 20)),
     lambda t: S.legendre_polynomial_p(t, 20), lambda v: mpmath.legendre(20, v), _unit),
]


def _relative(got, want):
    return np.abs(got - want) / np.maximum(np.abs(want), 1e-300)


def main():
    xs = _points()
    for name, ours, theirs, exact, keep in CASES:
        x = xs[keep(xs)]
        want = np.array([float(exact(mpmath.mpf(float(v)))) for v in x])
        for dtype in (np.float64, np.float32):
            xd = x.astype(dtype)
            want_d = want if dtype is np.float64 else np.array(
                [float(exact(mpmath.mpf(float(v)))) for v in xd])
            finite = np.isfinite(want_d)
            got = _relative(ours(xd).astype(np.float64), want_d)[finite]
            ref = _relative(theirs(torch.from_numpy(xd)).double().numpy(), want_d)[finite]
            positive = (xd > 0)[finite]
            print(f"{name:26} {np.dtype(dtype).name:8} tinytorch max {got.max():.1e} "
                  f"(x > 0: {got[positive].max():.1e}, median {np.median(got):.1e}); "
                  f"PyTorch max {ref.max():.1e} (x > 0: {ref[positive].max():.1e})")


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        main()
