"""The classical orthogonal polynomials of ``torch.special`` (Chebyshev T, U, V, W and their
shifted forms on [0, 1], Hermite H and He, Laguerre L, Legendre P) at x for degree n, written
over ``xp``.

NOTE [Orthogonal polynomials as PyTorch's]
PyTorch's (ATen/native/Math.h) case for case: n is truncated to an integer (NaN and ±inf count
as negative), n < 0 gives 0, the endpoints (x = ±1; 0 and 1 for the shifted forms, 0 for
Laguerre) their exact values, Chebyshev's trigonometric form (T_n = cos(n acos x), ...) where
|x| < 1 past a small degree, and otherwise the three-term recurrence, stopped where it turns
NaN; Hermite's degree above 512 (128 in float32) gives NaN. The recurrence runs over the
whole array to the largest degree that needs it, each element frozen past its own n. Float32
computes in float64 and rounds: PyTorch's float32 kernel (fused multiply-adds) keeps more
digits through a long recurrence than plain float32 steps do (T_36(-1.005): 18.02999 exact,
18.03001 PyTorch's, 18.02992 in float32 steps), so rounding the float64 result is what agrees.
"""

import math

import numpy

_KINDS = ("t", "u", "v", "w")
_TRIG_FROM = {False: (6, 8, 8, 8), True: (6, 6, 6, 4)}  # Chebyshev: the trig form from n > this
_HERMITE_LIMIT = {4: 128, 8: 512}


def _prepare(xp, x, n):
    """x in float64 and n as int64 degrees, broadcast together."""
    return xp.broadcast_arrays(x.astype(xp.float64), _degree(xp, n))


def _degree(xp, n):
    """The int64 degree of float n as C's cast gives it, -1 for NaN, ±inf and beyond int64."""
    finite = xp.abs(n) < 9.2e18  # False for NaN too
    return xp.where(finite, xp.trunc(xp.where(finite, n, -1)), -1).astype(xp.int64)


def _recurrence(xp, p, q, n, step):
    """q_n of q_k = step(q_{k-1}, q_{k-2}, k-1) from q_0 = p, q_1 = q, for n >= 1 (elements
    with larger n keep going; an element stops once its q is NaN)."""
    active = n >= 2
    top = int(n[active].max()) if bool(active.any()) else 1
    for i in range(1, top):
        active &= (n > i) & ~xp.isnan(q)
        if not bool(active.any()):
            break
        p, q = xp.where(active, q, p), xp.where(active, step(q, p, i), q)
    return q


def _by_degree(xp, n, out, n1):
    """``out`` with n = 0, 1 and negative n set."""
    out = xp.where(n == 1, n1, out)
    out = xp.where(n == 0, 1, out)
    return xp.where(n < 0, 0, out)


def chebyshev(xp, x, n, kind, shifted):
    """Chebyshev's polynomial of ``kind`` ('t', 'u', 'v', 'w') of degree n at x, or at 2x - 1
    when ``shifted`` (NOTE [Orthogonal polynomials as PyTorch's])."""
    k = _KINDS.index(kind)
    dtype = x.dtype
    x, n = _prepare(xp, x, n)
    with numpy.errstate(all="ignore"):
        y = x + x - 1 if shifted else x
        first = y + y if kind == "u" else y + y - 1 if kind == "v" else y + y + 1 if kind == "w" \
            else y
        out = _recurrence(xp, xp.ones_like(y), first, n, lambda q, p, i: (y + y) * q - p)
        theta = xp.arccos(xp.where(xp.abs(y) < 1, y, 0))
        trig, two_n1 = _chebyshev_trig(xp, theta, y, n, k), (n + n + 1).astype(x.dtype)
        even = n % 2 == 0
        out = xp.where((n > _TRIG_FROM[shifted][k]) & (xp.abs(y) < 1), trig, out)
        top, bottom = _chebyshev_ends(xp, n, k, even, two_n1, x.dtype)
        if shifted:
            out = xp.where(x == 0, bottom, xp.where(x == 1, top, out))
        else:
            out = xp.where(x == -1, bottom, xp.where(x == 1, top, out))
        return _by_degree(xp, n, out, first).astype(dtype, copy=False)


def _chebyshev_ends(xp, n, k, even, two_n1, dtype):
    """The values at y = 1 and y = -1."""
    sign = xp.where(even, 1, -1).astype(dtype)
    n1 = (n + 1).astype(dtype)
    return ((1, n1, 1, two_n1)[k], (sign, sign * n1, sign * two_n1, sign)[k])


def _chebyshev_trig(xp, theta, y, n, k):
    """The trigonometric forms at y = cos θ, |y| < 1."""
    m = n.astype(y.dtype)
    even = n % 2 == 0
    if k == 0:
        return xp.cos(m * theta)
    if k == 1:
        s = xp.sin(theta)
        return xp.where(s != 0, xp.sin((m + 1) * theta) / s, (m + 1) * xp.cos((m + 1) * theta) / y)
    if k == 2:
        half = theta / 2
        return xp.where(xp.sin(half) != 1, xp.cos((m + 0.5) * theta) / xp.cos(half),
                        xp.where(even, m + m + 1, -(m + m + 1)))
    half = theta / 2
    ends = xp.where(y > 0, m + m + 1, xp.where(even, 1, -1))
    return xp.where(xp.cos(half) != 1, xp.sin((m + 0.5) * theta) / xp.sin(half), ends)


def hermite(xp, x, n, probabilists):
    """Hermite's polynomial H_n(x) (He_n(x) when ``probabilists``); NaN past degree 512
    (128 in float32)."""
    dtype = x.dtype
    x, n = _prepare(xp, x, n)
    with numpy.errstate(all="ignore"):
        limit = _HERMITE_LIMIT[dtype.itemsize]
        first = x if probabilists else x + x
        if probabilists:
            out = _recurrence(xp, xp.ones_like(x), first, xp.minimum(n, limit),
                              lambda q, p, i: x * q - i * p)
        else:
            out = _recurrence(xp, xp.ones_like(x), first, xp.minimum(n, limit),
                              lambda q, p, i: (x + x) * q - (2 * i) * p)
        out = xp.where(n > limit, math.nan, out)
        return _by_degree(xp, n, out, first).astype(dtype, copy=False)


def laguerre(xp, x, n):
    """Laguerre's polynomial L_n(x); 1 at x = 0."""
    dtype = x.dtype
    x, n = _prepare(xp, x, n)
    with numpy.errstate(all="ignore"):
        first = 1 - x
        out = _recurrence(xp, xp.ones_like(x), first, n,
                          lambda q, p, i: (((i + i) + (1 - x)) * q - i * p) / (i + 1))
        out = xp.where(x == 0, 1, out)
        return _by_degree(xp, n, out, first).astype(dtype, copy=False)


def legendre(xp, x, n):
    """Legendre's polynomial P_n(x); ±1 at x = ±1."""
    dtype = x.dtype
    x, n = _prepare(xp, x, n)
    with numpy.errstate(all="ignore"):
        out = _recurrence(xp, xp.ones_like(x), x, n,
                          lambda q, p, i: ((i + i + 1) * x * q - i * p) / (i + 1))
        sign = xp.where(n % 2 == 0, 1, -1).astype(x.dtype)
        out = xp.where(x == 1, 1, xp.where(x == -1, sign, out))
        return _by_degree(xp, n, out, x).astype(dtype, copy=False)
