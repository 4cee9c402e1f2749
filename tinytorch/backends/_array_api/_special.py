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
_SQRT_HALF = math.sqrt(0.5)
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


def _erfcx(xp, a):
    """e^(a²) erfc(a) for a >= 0 (see NOTE [erfc without cancellation])."""
    near = xp.minimum(a, _ERFCX_X_MAX)
    near *= 4 / _ERFCX_X_MAX
    near -= 2.0  # 2t, t = a / 3 - 1 in [-1, 1]
    near = _chebyshev(xp, near, _ERFCX_COEFFS)
    far = xp.maximum(a, _ERFCX_X_MAX)
    f = far.copy()
    for k in range(_CF_TERMS, 0, -1):
        f = far + (k / 2) / f
    f *= math.sqrt(math.pi)
    return xp.where(a < _ERFCX_X_MAX, near, 1 / f)


def erfcx(xp, x):
    """e^(x²) erfc(x) of a float array, in its own dtype: NOTE [erfc without cancellation]'s
    series for x >= 0, 2 e^(x²) - erfcx(-x) below (+inf past x = -26.6, as PyTorch's)."""
    neg = x < 0
    y = _erfcx(xp, xp.abs(x))
    with numpy.errstate(over="ignore"):
        return xp.where(neg, 2 * xp.exp(x * x) - y, y)


def erfc(xp, x):
    """erfc of a float array, in its own dtype (see NOTE [erfc without cancellation])."""
    a = xp.abs(x)
    y = xp.exp(-(a * a)) * _erfcx(xp, a)
    return xp.where(x < 0, 2 - y, y)


def log_ndtr(xp, x):
    """log Φ(x), Φ the standard normal CDF: log(erfcx(z) / 2) - z², z = -x/√2, for x < -1
    (NOTE [erfc without cancellation]: finite down to -1e154, where Φ underflows at -38), and
    log1p(-erfc(x/√2) / 2) above (no log of a Φ rounded to 1)."""
    z = x * -_SQRT_HALF
    left = z > _SQRT_HALF
    zl = xp.where(left, z, 1.0)
    tail = xp.log(0.5 * _erfcx(xp, zl)) - zl * zl
    return xp.where(left, tail, xp.log1p(-0.5 * erfc(xp, xp.where(left, 0.0, -z))))


_GILES_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06,
                  0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_GILES_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844,
               0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)


def _horner(xp, w, coeffs):
    p = xp.full_like(w, coeffs[0])
    for c in coeffs[1:]:
        p = p * w + c
    return p


def _erfinv_magnitude(xp, a, one_minus):
    """erfinv(a) for a = |y|, given one_minus = 1 - a exactly where a >= 1/2 (erfinv computes
    it; ndtri passes 2p, whose 1 - 2p rounds to 1 for tiny p); inf where it is 0, NaN where it
    is negative or NaN."""
    inside = one_minus > 0
    edge = one_minus == 0
    one_minus = xp.where(inside, one_minus, 0.5)
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
    return xp.where(edge, math.inf, xp.where(inside, x, math.nan))


def erfinv(xp, y):
    """erfinv of a float array, in its own dtype (see NOTE [erfinv by Giles' guess and Halley
    steps])."""
    a = xp.abs(y)
    x = _erfinv_magnitude(xp, a, 1 - a)  # 1 - |y|, exact for |y| >= 1/2
    return xp.copysign(x, y).astype(y.dtype, copy=False)


def ndtri(xp, p):
    """Φ⁻¹(p): √2 erfinv(2p - 1) for p >= 1/2 (2p - 1 exact there), and -√2 erfcinv(2p) below,
    erfinv's Halley steps fed 2p itself as 1 - |2p - 1| (accurate down to the smallest p)."""
    q = xp.where(p < 0.5, 2 * p, 2 - 2 * p)  # 1 - |2p - 1|, exact
    x = _erfinv_magnitude(xp, 1 - q, q) * math.sqrt(2)
    return xp.where(p < 0.5, -x, x).astype(p.dtype, copy=False)


# NOTE [lgamma, digamma and polygamma]
# All three reduce their argument into a range where a series converges fast, with no
# per-element Python loop: each loop below runs a fixed number of masked steps over the array.
# - polygamma(n, x) = (-1)^(n+1) n! ζ(n+1, x) (n >= 1), ζ the Hurwitz zeta (as PyTorch's).
#   ζ(s, q) sums (q+k)^-s while q+k < 10 + s, then adds the Euler-Maclaurin tail
#   w^(1-s)/(s-1) + w^-s/2 + Σ_j B_2j/(2j)! (s)_(2j-1) w^(1-s-2j), 12 terms: at w >= 10 + s
#   the last is below 1e-18 of the sum. x < 0 reflects: differentiating ψ(1-x) - ψ(x) =
#   π cot(πx) n times gives ψ⁽ⁿ⁾(x) = (-1)^n ψ⁽ⁿ⁾(1-x) - π^(n+1) P_n(cot πx), P_0(c) = c,
#   P_(k+1) = -(1 + c²) P_k'(c); cot(πx) is taken of x - round(x), exact, so no digit of x
#   is lost to π x. PyTorch sums (x+k)^-s up from x instead, |x| terms for x < 0.
# - digamma: ψ(y) = ψ(y + 1) - 1/y up to y >= 10, then log y - 1/(2y) - Σ B_2k/(2k y^2k)
#   (8 terms, last < 1e-17), as PyTorch's; x < 0: ψ(x) = ψ(1-x) - π cot(πx).
# - lgamma: log|Γ| has zeros at 1 and 2, where Lanczos' or Stirling's forms lose all relative
#   accuracy (they compute ~13 - 13). Instead, around 2: lgamma(2+z) = (1-γ)z +
#   Σ_(k>=2) (-1)^k (ζ(k)-1)/k z^k, |z| <= 1/2 (28 terms: 4^-28), with ζ(k)-1 = ζ(k, 2) from
#   the zeta above at import; lgamma(1+z) = lgamma(2+z) - log1p(z) for y in [1/2, 3/2);
#   y in (5/2, 10): lgamma(y) = log((y-1)...(y-m)) + lgamma(y-m), m steps down to (3/2, 5/2]
#   (no cancellation: both terms positive); y >= 10: Stirling's series (8 terms). x < 1/2:
#   lgamma(x) = log(π / |sin πx|) - lgamma(1 - x).
# Measured against mpmath (40 digits; 9,000 float64 points in (-50, 1e13), off the poles;
# scripts/special_accuracy.py): lgamma max relative error 7e-16 for x > 0 (PyTorch's,
# glibc's, 2e-16), 6e-14 at x < 0 near lgamma's zeros (-2.4575...), where the reflection's
# difference cancels; digamma median 1e-16, worst 3e-11 beside its zero at 1.4616 (PyTorch's
# 9e-11, the same recurrence); polygamma(1, ·) 6e-16 (PyTorch's trigamma 5e-10), polygamma(3, ·)
# 1.1e-15. Float32 computes in float32: within 4e-7 for x > 0 except beside digamma's zero;
# lgamma at x < 0 beside its zeros 1e-4 (PyTorch's 3e-7).
# Special points are PyTorch's (poles +inf for lgamma; digamma(±0) = ∓inf, NaN at negative
# integers and -inf; polygamma's inf, NaN and signs as PyTorch's zeta), except polygamma(1, x)
# at negative integers: +inf here, where PyTorch returns π²/sin²(π x) of a rounded sin (6.6e32).

_EULER_GAMMA = 0.5772156649015329
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510,
              43867 / 798, -174611 / 330, 854513 / 138, -236364091 / 2730)  # B_2 ... B_24
_SHIFT_TO = 10.0  # digamma's and lgamma's recurrences move y up to here


def _tail_coefficients(s):
    """c_j = B_2j / (2j)! s (s+1) ... (s+2j-2), Euler-Maclaurin's tail of ζ(s, ·), j = 1..12."""
    coeffs, rising, factorial = [], 1.0, 1.0
    for j, b in enumerate(_BERNOULLI, start=1):
        rising *= s + 2 * j - 2 if j == 1 else (s + 2 * j - 3) * (s + 2 * j - 2)
        factorial *= (2 * j - 1) * (2 * j)
        coeffs.append(b / factorial * rising)
    return coeffs[::-1]


def hurwitz_zeta(xp, s, q):
    """ζ(s, q) = Σ_k (q + k)^-s for an integer s >= 2 and q > 0 (NOTE [lgamma, digamma and
    polygamma])."""
    shift = 10 + s
    total = xp.zeros_like(q)
    w = q
    for _ in range(shift):
        below = w < shift
        total += xp.where(below, w, 1.0) ** -s * below
        w = xp.where(below, w + 1, w)
    w_s = w ** -s
    tail = _horner(xp, 1 / (w * w), _tail_coefficients(s)) * w_s / w
    return total + w * w_s / (s - 1) + 0.5 * w_s + tail


def _sin_cos_pi(xp, x):
    """sin(πr) and cos(πr), r = x - round(x) (exact: cot(πx) = cot(πr), |sin πx| = |sin πr|),
    and the mask of integers x, where r is replaced by 1/4 (and ±inf, NaN by 0) so no 1/0
    is taken."""
    x = xp.where(xp.isfinite(x), x, 0.25)
    r = x - xp.round(x)
    pole = r == 0
    r = xp.where(pole, 0.25, r)
    # cos(πr) = sin(π(1/2 - |r|)): 1/2 - |r| is exact, so cot is exactly 0 at half-integers
    return xp.sin(r * math.pi), xp.sin((0.5 - xp.abs(r)) * math.pi), pole


def _cot_pi(xp, x):
    sin, cos, pole = _sin_cos_pi(xp, x)
    return cos / sin, pole


def digamma(xp, x):
    """ψ(x) = Γ'(x)/Γ(x) of a float array, in its own dtype (NOTE [lgamma, digamma and
    polygamma])."""
    neg = x < 0
    y = xp.where(neg, 1 - x, x)
    usable = (y > 0) & (y < math.inf)
    y = xp.where(usable, y, 1.0)
    total = xp.zeros_like(y)
    for _ in range(int(_SHIFT_TO)):
        below = y < _SHIFT_TO
        total -= below / y
        y = xp.where(below, y + 1, y)
    u = 1 / (y * y)
    series = _horner(xp, u, [b / (2 * k) for k, b in enumerate(_BERNOULLI[:8], 1)][::-1])
    psi = xp.log(y) - 0.5 / y - u * series + total
    cot, pole = _cot_pi(xp, x)
    psi = xp.where(neg, psi - math.pi * cot, psi)
    psi = xp.where(x == 0, xp.copysign(math.inf, -x), psi)
    psi = xp.where(x == math.inf, math.inf, psi)
    psi = xp.where((neg & pole) | xp.isnan(x) | (x == -math.inf), math.nan, psi)
    return psi.astype(x.dtype, copy=False)


def _cot_derivative(n):
    """P_n's coefficients, highest first: d^n/dx^n cot(πx) = π^n P_n(cot πx)."""
    p = numpy.array([0.0, 1.0])  # lowest first
    for _ in range(n):
        p = -numpy.polynomial.polynomial.polymul([1.0, 0.0, 1.0],
                                                 numpy.polynomial.polynomial.polyder(p))
    return [float(c) for c in p[::-1]]


def polygamma(xp, n, x):
    """ψ⁽ⁿ⁾(x), the n-th derivative of digamma (n >= 0), of a float array in its own dtype
    (NOTE [lgamma, digamma and polygamma])."""
    if n == 0:
        return digamma(xp, x)
    sign = -1.0 if n % 2 == 0 else 1.0  # (-1)^(n+1)
    neg = x < 0
    q = xp.where(neg, 1 - x, x)
    usable = (q > 0) & (q < math.inf)
    factorial = float(math.factorial(n)) if n <= 170 else math.inf  # n! overflows past 170
    psi = hurwitz_zeta(xp, n + 1, xp.where(usable, q, 1.0)) * (sign * factorial)
    cot, pole = _cot_pi(xp, x)
    reflected = -sign * psi - math.pi ** (n + 1) * _horner(xp, cot, _cot_derivative(n))
    psi = xp.where(neg, reflected, psi)
    psi = xp.where((x == 0) | (neg & pole) | ((x == -math.inf) & (n > 1)), sign * math.inf, psi)
    psi = xp.where(x == math.inf, math.nan if n > 1 else 0.0, psi)
    psi = xp.where(xp.isnan(x) | ((x == -math.inf) & (n == 1)), math.nan, psi)
    return psi.astype(x.dtype, copy=False)


_LGAMMA_TERMS = 28
_ZETA_MINUS_ONE = [float(hurwitz_zeta(numpy, k, numpy.array([2.0]))[0])
                   for k in range(2, _LGAMMA_TERMS + 1)]
_AROUND_TWO = ([(-1) ** k * z / k for k, z in enumerate(_ZETA_MINUS_ONE, start=2)][::-1]
               + [1 - _EULER_GAMMA])  # lgamma(2 + z) / z, highest power first
_STIRLING = [b / (2 * k * (2 * k - 1)) for k, b in enumerate(_BERNOULLI[:8], 1)][::-1]
_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def lgamma(xp, x):
    """log|Γ(x)| of a float array, in its own dtype (NOTE [lgamma, digamma and polygamma])."""
    neg = x < 0.5
    y = xp.where(neg, 1 - x, x)
    finite = xp.isfinite(y)
    big = xp.where(finite & (y >= _SHIFT_TO), y, _SHIFT_TO)
    u = 1 / big
    stirling = (big - 0.5) * xp.log(big) - big + _HALF_LOG_2PI + u * _horner(xp, u * u,
                                                                             _STIRLING)
    w = xp.where(finite & (y < _SHIFT_TO), y, 2.0)
    product = xp.ones_like(w)
    for _ in range(int(_SHIFT_TO) - 2):  # Γ(w) = (w - 1) Γ(w - 1) down to w <= 5/2
        above = w > 2.5
        w = xp.where(above, w - 1, w)
        product = xp.where(above, product * w, product)
    low = w < 1.5
    z = xp.where(low, w - 1, w - 2)  # exact (Sterbenz)
    mid = z * _horner(xp, z, _AROUND_TWO) - xp.where(low, xp.log1p(z), 0.0) + xp.log(product)
    result = xp.where(y < _SHIFT_TO, mid, stirling)
    sin, _, pole = _sin_cos_pi(xp, x)
    result = xp.where(neg, xp.log(math.pi / xp.abs(sin)) - result, result)
    result = xp.where((neg & pole) | ~finite, math.inf, result)
    return xp.where(xp.isnan(x), math.nan, result).astype(x.dtype, copy=False)


# The reparameterised gradient dx/dalpha = -(d/dalpha cdf(x; alpha)) / pdf(x; alpha) of a draw
# x ~ Gamma(alpha, 1), after PyTorch's standard_gamma_grad_one (Distributions.h): a Taylor
# series for x < 0.8, Rice's saddle-point expansion for alpha > 8, else a bivariate rational
# approximation in u = log(x / alpha), v = log(alpha). Every branch is evaluated; the
# invalid values of the branches not taken are masked out.
_GAMMA_GRAD_UV = (
    (0.16009398, -0.094634809, 0.025146376, -0.0030648343,
     1, 0.32668115, 0.10406089, 0.0014179084),
    (0.53487893, 0.1298071, 0.065735949, -0.0015649758,
     0.16639465, 0.020070113, -0.0035938915, -0.00058392623),
    (0.040121004, -0.0065914022, -0.0026286047, -0.0013441777,
     0.017050642, -0.0021309326, 0.00085092367, -1.5247877e-07),
)


def standard_gamma_grad(xp, alpha, x):
    """d x / d alpha for Gamma(alpha, 1) draws ``x`` (arrays of one float dtype), computed in
    float64 as PyTorch's CPU kernel accumulates."""
    dtype = x.dtype
    alpha, x = alpha.astype(xp.float64), x.astype(xp.float64)
    with numpy.errstate(all="ignore"):
        # Taylor series in x
        numer, denom = xp.ones_like(x), alpha
        series1, series2 = numer / denom, numer / (denom * denom)
        for i in range(1, 6):
            numer = numer * (-x / i)
            denom = denom + 1
            series1 = series1 + numer / denom
            series2 = series2 + numer / (denom * denom)
        pow_x_alpha = x ** alpha
        pdf = x ** (alpha - 1) * xp.exp(-x)
        cdf_alpha = (xp.log(x) - digamma(xp, alpha)) * pow_x_alpha * series1 \
            - pow_x_alpha * series2
        taylor = -cdf_alpha / pdf
        taylor = xp.where(xp.isnan(taylor), 0.0, taylor)
        # Rice saddle point, near the mode and away from it
        near = (1 + 24 * alpha * (1 + 12 * alpha)) * (
            1440 * alpha * alpha + 6 * x * (53 - 120 * x) - 65 * x * x / alpha
            + alpha * (107 + 3600 * x)) / (1244160 * alpha ** 4)
        root = xp.sqrt(8 * alpha)
        term2 = root / (alpha - x)
        term3 = (x - alpha - alpha * xp.log(x / alpha)) ** -1.5
        term23 = xp.where(x < alpha, term2 - term3, term2 + term3)
        term1 = xp.log(x / alpha) * term23 - xp.sqrt(2 / alpha) * (alpha + x) / (alpha - x) ** 2
        stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
        far = -stirling * x * term1 / root
        rice = xp.where((0.9 * alpha <= x) & (x <= 1.1 * alpha), near, far)
        # rational approximation
        u, v = xp.log(x / alpha), xp.log(alpha)
        c = [a + u * (b + u * d) for a, b, d in zip(*_GAMMA_GRAD_UV)]
        p = c[0] + v * (c[1] + v * (c[2] + v * c[3]))
        q = c[4] + v * (c[5] + v * (c[6] + v * c[7]))
        rational = xp.exp(p / q)
        result = xp.where(x < 0.8, taylor, xp.where(alpha > 8.0, rice, rational))
    return result.astype(dtype)


# The reparameterised gradient of a Beta(alpha, total - alpha) draw x with respect to alpha,
# scaled by 1 / (1 - x): -(d/dalpha cdf(x; alpha, beta)) / pdf(x; alpha, beta) / (1 - x),
# after PyTorch's dirichlet_grad_one (Distributions.h), from which the Dirichlet gradient is
# built. Taylor series near x = 0 and x = 1, Rice's saddle point for large alpha and beta,
# else a rational correction to an analytic approximation in u = log x, a = log alpha - u,
# b = log total - a. Every branch is evaluated and the others masked out.
_DIRICHLET_GRAD_C = numpy.array([
    [[[1.003668233, -0.01061107488, -0.0657888334, 0.01201642863],
      [0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033],
      [-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013]],
     [[0.221950385, -0.3187676331, 0.01799915743, 0.01074823814],
      [-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057],
      [0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05]],
     [[-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565],
      [0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181],
      [0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05]]],
    [[[1, -0.02924021934, -0.04438342661, 0.007285809825],
      [0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521],
      [-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149]],
     [[0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273],
      [0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956],
      [-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05]],
     [[0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05],
      [0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05],
      [-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06]]],
]).tolist()


def _beta_grad_alpha_small(xp, x, alpha, beta):
    factor = digamma(xp, alpha) - digamma(xp, alpha + beta) - xp.log(x)
    numer = xp.ones_like(x)
    series = numer / alpha * (factor + 1 / alpha)
    for i in range(1, 11):
        numer = numer * ((i - beta) * x / i)
        denom = alpha + i
        series = series + numer / denom * (factor + 1 / denom)
    result = x * (1 - x) ** -beta * series
    return xp.where(xp.isnan(result), 0.0, result)


def _beta_grad_beta_small(xp, x, alpha, beta):
    factor = digamma(xp, alpha + beta) - digamma(xp, beta)
    numer, betas, dbetas = xp.ones_like(x), xp.ones_like(x), xp.zeros_like(x)
    series = factor / alpha
    for i in range(1, 9):
        numer = numer * (-x / i)
        dbetas = dbetas * (beta - i) + betas
        betas = betas * (beta - i)
        series = series + numer / (alpha + i) * (dbetas + factor * betas)
    result = -(1 - x) ** (1 - beta) * series
    return xp.where(xp.isnan(result), 0.0, result)


def _beta_grad_alpha_mid(xp, x, alpha, beta):
    total = alpha + beta
    mean = alpha / total
    std = xp.sqrt(alpha * beta / (total + 1)) / total
    poly = 47 * x * beta ** 4 + alpha * (
        (43 + 20 * (16 + 27 * beta) * x) * beta ** 3 + alpha * (
            3 * (59 + 180 * beta - 90 * x) * beta ** 2 + alpha * (
                (453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (
                    8 * (1 - x) * (135 * beta - 11)))))
    prefactor_num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total)
    prefactor_den = 12960 * alpha ** 3 * beta ** 2 * (1 + 12 * total)
    near = prefactor_num / (1 - x) * poly / prefactor_den
    prefactor = -x / xp.sqrt(2 * alpha * beta / total)
    stirling = (1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha)) \
        * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta)) \
        / (1 + 1 / (12 * total) + 1 / (288 * total * total))
    term1_num = 2 * alpha * alpha * (x - 1) + alpha * beta * (x - 1) - x * beta * beta
    axbx = alpha * (x - 1) + beta * x
    term1 = term1_num / (xp.sqrt(2 * alpha / beta) * total ** 1.5 * axbx * axbx)
    term2 = 0.5 * xp.log(alpha / (total * x))
    term3 = xp.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1))
    term4 = (beta * xp.log(beta / (total * (1 - x)))
             + alpha * xp.log(alpha / (total * x))) ** -1.5
    far = stirling * prefactor * (term1 + term2 * (term3 + xp.where(x < mean, term4, -term4)))
    return xp.where((mean - 0.1 * std <= x) & (x <= mean + 0.1 * std), near, far)


def dirichlet_grad(xp, x, alpha, total):
    """The scaled Beta gradient above for draws ``x`` (arrays of one float dtype), computed
    in float64 as PyTorch's CPU kernel accumulates."""
    dtype = x.dtype
    x, alpha, total = (v.astype(xp.float64) for v in (x, alpha, total))
    beta = total - alpha
    boundary = total * x * (1 - x)
    with numpy.errstate(all="ignore"):
        u = xp.log(x)
        a = xp.log(alpha) - u
        b = xp.log(total) - a
        pow_u, pow_a = (1, u, u * u), (1, a, a * a)
        p = q = 0.0
        c = _DIRICHLET_GRAD_C
        for i in range(3):
            for j in range(3):
                ua = pow_u[i] * pow_a[j]
                p = p + ua * (c[0][i][j][0] + b * (c[0][i][j][1] + b * (
                    c[0][i][j][2] + b * c[0][i][j][3])))
                q = q + ua * (c[1][i][j][0] + b * (c[1][i][j][1] + b * (
                    c[1][i][j][2] + b * c[1][i][j][3])))
        approx = x * (digamma(xp, total) - digamma(xp, alpha)) / beta
        result = xp.where(
            (x <= 0.5) & (boundary < 2.5), _beta_grad_alpha_small(xp, x, alpha, beta),
            xp.where((x >= 0.5) & (boundary < 0.75),
                     -_beta_grad_beta_small(xp, 1 - x, beta, alpha),
                     xp.where((alpha > 6) & (beta > 6), _beta_grad_alpha_mid(xp, x, alpha, beta),
                              p / q * approx)))
    return result.astype(dtype)
