"""Special functions NumPy lacks (erf, erfc, erfinv), written over ``xp``.

NOTE [erf by Chebyshev interpolation]
erf(x) = x * h(x²) with h(u) = erf(√u)/√u, analytic in u. h is interpolated once, at import,
by a degree-40 Chebyshev series on u in [0, 36] from Python's ``math.erf`` (absolute error
about 2e-14, relative accuracy kept near 0); |x| >= 6 rounds to ±1 in float64, and is set to
exactly ±1 (so GELU(-inf) = -inf * 0 = NaN, as PyTorch's). Float32 arrays use the first 24
terms of a degree-24 series: its error (4e-9) is already below what float32 arithmetic gives
with all 40 (3.6e-7 on [-7, 7]), and GELU in a float32 model spends most of its time here
(half of a small Vision Transformer's training step before this).

NOTE [erfc without cancellation]
1 - erf(x) loses every digit once erf(x) rounds to 1 (erfc(6) = 2e-17). For x >= 0,
erfc(x) = e^(-x²) erfcx(x): erfcx is interpolated on [0, 6] like h above (a degree-40
Chebyshev series from ``math.erfc``, relative error about 2e-14), and for x >= 6 is the
continued fraction 1 / (√π (x + (1/2) / (x + 1 / (x + (3/2) / ...)))), cut after 20 terms
(relative error under 3e-16 there). erfc(-x) = 2 - erfc(x).

NOTE [erfinv by Giles' guess and Halley steps]
erfinv(y) starts from M. Giles' single-precision approximation ("Approximating the erfinv
function", GPU Computing Gems, 2011: two polynomials in w = -log(1 - y²)), then Halley
steps on f(x) = erf(x) - y (f'' = -2x f', so the step is d / (1 + x d) with d = f / f'), which
take its 1e-7 relative error below float64's. For |y| >= 1/2 the residual is written
(1 - |y|) - erfc(|x|): 1 - |y| is exact there and erfc keeps the digits erf rounds away near
|y| = 1. Past w = 16 (1 - |y| < 1e-7, float64 only) the guess is the asymptote of
erfc(x) ~ e^(-x²) / (x √π) instead, x² = L - log(π L) / 2 with L = -log(1 - |y|) (0.1 % off
at |y| = 1 - 1e-16), and three Halley steps reach float64 rounding everywhere.
erfinv(±1) = ±inf; |y| > 1 and NaN give NaN.
"""

import math

import numpy

_U_MAX = 36.0
_ERFCX_X_MAX = 6.0
_CF_TERMS = 20
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_HALLEY_STEPS = 3
_W_TAIL = 16.0  # beyond float32's range Giles' tail polynomial drifts; erfc's asymptote


def _h(t):
    u = (t + 1.0) * (_U_MAX / 2)
    return numpy.array([math.erf(math.sqrt(v)) / math.sqrt(v) if v > 0
                        else 2 / math.sqrt(math.pi) for v in u])


def _erfcx(t):
    x = (t + 1.0) * (_ERFCX_X_MAX / 2)
    return numpy.array([math.exp(v * v) * math.erfc(v) for v in x])


_COEFFS = tuple(float(c) for c in numpy.polynomial.chebyshev.chebinterpolate(_h, 40))
_COEFFS_32 = tuple(float(c) for c in numpy.polynomial.chebyshev.chebinterpolate(_h, 24))
_ERFCX_COEFFS = tuple(float(c) for c in numpy.polynomial.chebyshev.chebinterpolate(_erfcx, 40))


def _chebyshev(xp, t2, coeffs):
    """The Chebyshev series ``coeffs`` at t = t2 / 2 (Clenshaw recurrence; t2 is overwritten
    with the result)."""
    b1 = xp.full_like(t2, coeffs[-1])
    b2 = xp.zeros_like(t2)
    for c in coeffs[-2:0:-1]:
        b2 *= -1.0
        b2 += t2 * b1
        b2 += c
        b1, b2 = b2, b1
    t2 *= 0.5
    t2 *= b1
    t2 -= b2
    t2 += coeffs[0]
    return t2


def erf(xp, x):
    """erf of a float array, in its own dtype (see NOTE [erf by Chebyshev interpolation])."""
    coeffs = _COEFFS_32 if x.dtype.itemsize <= 4 else _COEFFS
    x = xp.clip(x, -6.0, 6.0)
    t2 = x * x
    t2 *= 4 / _U_MAX
    t2 -= 2.0  # 2t, t = x² / 18 - 1 in [-1, 1]
    t2 = _chebyshev(xp, t2, coeffs)
    t2 *= x
    return xp.where(xp.abs(x) < 6.0, t2, x * (1 / 6))  # ±6 (clipped): exactly ±1


def erfc(xp, x):
    """erfc of a float array, in its own dtype (see NOTE [erfc without cancellation])."""
    a = xp.abs(x)
    near = xp.minimum(a, _ERFCX_X_MAX)
    near *= 4 / _ERFCX_X_MAX
    near -= 2.0  # 2t, t = a / 3 - 1 in [-1, 1]
    near = _chebyshev(xp, near, _ERFCX_COEFFS)
    far = xp.maximum(a, _ERFCX_X_MAX)
    f = far.copy()
    for k in range(_CF_TERMS, 0, -1):
        f = far + (k / 2) / f
    f *= math.sqrt(math.pi)
    erfcx = xp.where(a < _ERFCX_X_MAX, near, 1 / f)
    y = xp.exp(-(a * a)) * erfcx
    return xp.where(x < 0, 2 - y, y)


_GILES_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06,
                  0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_GILES_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844,
               0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)


def _horner(xp, w, coeffs):
    p = xp.full_like(w, coeffs[0])
    for c in coeffs[1:]:
        p = p * w + c
    return p


def erfinv(xp, y):
    """erfinv of a float array, in its own dtype (see NOTE [erfinv by Giles' guess and Halley
    steps])."""
    a = xp.abs(y)
    inside = a < 1
    one_minus = xp.where(inside, 1 - a, 0.5)  # 1 - |y|, exact for |y| >= 1/2
    w = -xp.log(one_minus * (2 - one_minus))
    x = xp.where(w < 5, _horner(xp, w - 2.5, _GILES_CENTRAL),
                 _horner(xp, xp.sqrt(w) - 3, _GILES_TAIL)) * xp.where(inside, a, 0.5)
    log_t = -xp.log(xp.minimum(one_minus, 1e-7))  # used past _W_TAIL only; no log(0) warning
    x = xp.where(w < _W_TAIL, x, xp.sqrt(log_t - 0.5 * xp.log(math.pi * log_t)))
    near_one = a >= 0.5
    for _ in range(_HALLEY_STEPS):
        residual = xp.where(near_one, one_minus - erfc(xp, x), erf(xp, x) - a)
        d = residual / (_TWO_OVER_SQRT_PI * xp.exp(-(x * x)))
        x = x - d / (1 + x * d)
    x = xp.where(a == 1, math.inf, xp.where(inside, x, math.nan))
    return xp.copysign(x, y).astype(y.dtype, copy=False)
