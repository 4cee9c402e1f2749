"""Pointwise math kernels written once over ``xp`` (NumPy or CuPy): logarithms and
exponentials to other bases, trigonometric and hyperbolic functions and their inverses,
erf/erfc/erfcx/erfinv, the Bessel functions (I, J, Y, K), Airy's Ai, lgamma/digamma/polygamma,
ndtri/log_ndtr, the incomplete gamma and Hurwitz zeta functions, the orthogonal polynomials,
and the binary atan2, hypot, logaddexp, nextafter, copysign, fmax/fmin."""

from tinytorch.backends._array_api import _bessel
from tinytorch.backends._array_api import _cephes
from tinytorch.backends._array_api import _igamma
from tinytorch.backends._array_api import _polynomials
from tinytorch.backends._array_api import _special


class ArrayMathKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None  # the kernels built of several calls end in pointwise_layout: PyTorch's layout

    # --- unary ---------------------------------------------------------------------------
    def log2(self, a):
        return self.xp.log2(a)

    def log10(self, a):
        return self.xp.log10(a)

    def exp2(self, a):
        return self.xp.exp2(a)

    def tan(self, a):
        return self.xp.tan(a)

    def asin(self, a):
        return self.xp.arcsin(a)

    def acos(self, a):
        return self.xp.arccos(a)

    def atan(self, a):
        return self.xp.arctan(a)

    def sinh(self, a):
        return self.xp.sinh(a)

    def cosh(self, a):
        return self.xp.cosh(a)

    def asinh(self, a):
        return self.xp.arcsinh(a)

    def acosh(self, a):
        return self.xp.arccosh(a)

    def atanh(self, a):
        return self.xp.arctanh(a)

    def erf(self, a):
        return _special.erf(self.xp, a)

    def erfc(self, a):
        return self.pointwise_layout(_special.erfc(self.xp, a), a)

    def erfinv(self, a):
        return self.pointwise_layout(_special.erfinv(self.xp, a), a)

    def lgamma(self, a):
        return _special.lgamma(self.xp, a)

    def digamma(self, a):
        return _special.digamma(self.xp, a)

    def standard_gamma_grad(self, alpha, x):
        return _special.standard_gamma_grad(self.xp, alpha, x)

    def dirichlet_grad(self, x, alpha, total):
        return _special.dirichlet_grad(self.xp, x, alpha, total)

    def polygamma(self, n, a):
        return _special.polygamma(self.xp, n, a)

    def ndtri(self, a):
        return self.pointwise_layout(_special.ndtri(self.xp, a), a)

    def log_ndtr(self, a):
        return self.pointwise_layout(_special.log_ndtr(self.xp, a), a)

    def bessel_i(self, a, order, scaled):
        return _bessel.bessel_i(self.xp, a, order, scaled)

    def erfcx(self, a):
        return self.pointwise_layout(_special.erfcx(self.xp, a), a)

    def bessel_j(self, a, order):
        return _cephes.bessel_j(self.xp, a, order)

    def bessel_y(self, a, order):
        return _cephes.bessel_y(self.xp, a, order)

    def bessel_k(self, a, order, scaled):
        return _cephes.bessel_k(self.xp, a, order, scaled)

    def airy_ai(self, a):
        return self.pointwise_layout(_cephes.airy_ai(self.xp, a), a)

    def spherical_bessel_j0(self, a):
        return _cephes.spherical_bessel_j0(self.xp, a)

    def zeta(self, a, b):
        return self.pointwise_layout(_cephes.zeta(self.xp, a, b), a, b)

    def igamma(self, a, b, upper):
        return self.pointwise_layout(_igamma.igamma(self.xp, a, b, upper), a, b)

    def chebyshev_polynomial(self, a, n, kind, shifted):
        return self.pointwise_layout(_polynomials.chebyshev(self.xp, a, n, kind, shifted), a, n)

    def hermite_polynomial(self, a, n, probabilists):
        return self.pointwise_layout(_polynomials.hermite(self.xp, a, n, probabilists), a, n)

    def laguerre_polynomial(self, a, n):
        return self.pointwise_layout(_polynomials.laguerre(self.xp, a, n), a, n)

    def legendre_polynomial(self, a, n):
        return self.pointwise_layout(_polynomials.legendre(self.xp, a, n), a, n)

    def sinc(self, a):
        return self.xp.sinc(a)

    def signbit(self, a):
        return self.xp.signbit(a)

    # --- binary (broadcasting) -----------------------------------------------------------
    def atan2(self, a, b):
        return self.xp.arctan2(a, b)

    def hypot(self, a, b):
        return self.xp.hypot(a, b)

    def logaddexp(self, a, b):
        return self.xp.logaddexp(a, b)

    def logaddexp2(self, a, b):
        return self.xp.logaddexp2(a, b)

    def nextafter(self, a, b):
        return self.xp.nextafter(a, b)

    def copysign(self, a, b):
        return self.xp.copysign(a, b)

    # PyTorch's rule, not NumPy's fmax: a on a tie (NumPy's vector loop returns b for fmax(0.0,
    # -0.0)) and where b is NaN; the ops' backward sends the gradient by the same test
    def fmax(self, a, b):
        return self.xp.where((a >= b) | self.xp.isnan(b), a, b)

    def fmin(self, a, b):
        return self.xp.where((a <= b) | self.xp.isnan(b), a, b)
