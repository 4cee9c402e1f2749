"""Pointwise-math kernels of the graph backend (see NOTE [Double backward]): the forward
kernels the math ops' backward formulas call, each as the differentiable op, and the NaN /
infinity tests as constants of the recorded backward."""

from tinytorch._ops import compare
from tinytorch._ops import math_bessel
from tinytorch._ops import math_binary
from tinytorch._ops import math_cephes
from tinytorch._ops import math_special
from tinytorch._ops import math_unary
from tinytorch._ops import pointwise


class GraphMathKernels:
    """Mixin: the class it is mixed into provides ``_c`` (a constant as a Tensor)."""

    def sqrt(self, a):
        return pointwise.sqrt(a)

    def rsqrt(self, a):
        return pointwise.rsqrt(a)

    def exp2(self, a):
        return math_unary.exp2(a)

    def sinh(self, a):
        return math_unary.sinh(a)

    def cosh(self, a):
        return math_unary.cosh(a)

    def erfinv(self, a):
        return math_unary.erfinv(a)

    def bessel_i(self, a, order, scaled):
        pairs = ((math_bessel.i0, math_bessel.i0e), (math_bessel.i1, math_bessel.i1e))
        return pairs[order][scaled](a)

    def erfcx(self, a):
        return math_cephes.erfcx(a)

    def zeta(self, a, b):
        return math_cephes.zeta(a, b)

    def lgamma(self, a):
        return math_special.lgamma(a)

    def digamma(self, a):
        return math_special.digamma(a)

    def polygamma(self, n, a):
        return math_special.polygamma(n, a)

    def ndtri(self, a):
        return math_special.ndtri(a)

    def log_ndtr(self, a):
        return math_special.log_ndtr(a)

    def isnan(self, a):
        return compare.isnan(self._c(a).detach())

    def isinf(self, a):
        return compare.isinf(self._c(a).detach())

    def isfinite(self, a):
        return compare.isfinite(self._c(a).detach())

    def logaddexp(self, a, b):
        return math_binary.logaddexp(self._c(a), self._c(b))
