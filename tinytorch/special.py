"""``tinytorch.special``: PyTorch's ``torch.special`` (see docs/pytorch_drop_in.md,
"torch.special"). Many are the top-level functions under SciPy's names; ``ndtr``, ``ndtri``,
``log_ndtr``, ``entr``, ``xlog1py``, ``erfcx``, ``zeta``, the Bessel and Airy functions and the
orthogonal polynomials live only here, as in PyTorch."""

import math

from tinytorch._ops import math_unary
from tinytorch._ops.math_bessel import i0
from tinytorch._ops.math_bessel import i0e
from tinytorch._ops.math_bessel import i1
from tinytorch._ops.math_bessel import i1e
from tinytorch._ops.math_binary import xlog1py
from tinytorch._ops.math_cephes import airy_ai
from tinytorch._ops.math_cephes import bessel_j0
from tinytorch._ops.math_cephes import bessel_j1
from tinytorch._ops.math_cephes import bessel_y0
from tinytorch._ops.math_cephes import bessel_y1
from tinytorch._ops.math_cephes import erfcx
from tinytorch._ops.math_cephes import gammainc
from tinytorch._ops.math_cephes import gammaincc
from tinytorch._ops.math_cephes import modified_bessel_i0
from tinytorch._ops.math_cephes import modified_bessel_i1
from tinytorch._ops.math_cephes import modified_bessel_k0
from tinytorch._ops.math_cephes import modified_bessel_k1
from tinytorch._ops.math_cephes import scaled_modified_bessel_k0
from tinytorch._ops.math_cephes import scaled_modified_bessel_k1
from tinytorch._ops.math_cephes import spherical_bessel_j0
from tinytorch._ops.math_cephes import zeta
from tinytorch._ops.math_polynomial import chebyshev_polynomial_t
from tinytorch._ops.math_polynomial import chebyshev_polynomial_u
from tinytorch._ops.math_polynomial import chebyshev_polynomial_v
from tinytorch._ops.math_polynomial import chebyshev_polynomial_w
from tinytorch._ops.math_polynomial import hermite_polynomial_h
from tinytorch._ops.math_polynomial import hermite_polynomial_he
from tinytorch._ops.math_polynomial import laguerre_polynomial_l
from tinytorch._ops.math_polynomial import legendre_polynomial_p
from tinytorch._ops.math_polynomial import shifted_chebyshev_polynomial_t
from tinytorch._ops.math_polynomial import shifted_chebyshev_polynomial_u
from tinytorch._ops.math_polynomial import shifted_chebyshev_polynomial_v
from tinytorch._ops.math_polynomial import shifted_chebyshev_polynomial_w
from tinytorch._ops.math_binary import xlogy
from tinytorch._ops.math_special import digamma
from tinytorch._ops.math_special import digamma as psi
from tinytorch._ops.math_special import entr
from tinytorch._ops.math_special import lgamma as gammaln
from tinytorch._ops.math_special import log_ndtr
from tinytorch._ops.math_special import mvlgamma as multigammaln
from tinytorch._ops.math_special import ndtri
from tinytorch._ops.math_special import polygamma
from tinytorch._ops.math_unary import erf
from tinytorch._ops.math_unary import erfc
from tinytorch._ops.math_unary import erfinv
from tinytorch._ops.math_unary import exp2
from tinytorch._ops.math_unary import logit
from tinytorch._ops.math_unary import sinc
from tinytorch._ops.pointwise import expm1
from tinytorch._ops.pointwise import log1p
from tinytorch._ops.pointwise import log_softmax
from tinytorch._ops.pointwise import round  # noqa: A004 (torch.special.round, as PyTorch)
from tinytorch._ops.pointwise import sigmoid as expit
from tinytorch._ops.pointwise import softmax
from tinytorch._ops.reduction import logsumexp

__all__ = ["airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "chebyshev_polynomial_t",
           "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w", "digamma",
           "entr", "erf", "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1", "gammainc",
           "gammaincc", "gammaln", "hermite_polynomial_h", "hermite_polynomial_he", "i0", "i0e",
           "i1", "i1e", "laguerre_polynomial_l", "legendre_polynomial_p", "log1p", "log_ndtr",
           "log_softmax", "logit", "logsumexp", "modified_bessel_i0", "modified_bessel_i1",
           "modified_bessel_k0", "modified_bessel_k1", "multigammaln", "ndtr", "ndtri", "polygamma",
           "psi", "round", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
           "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u",
           "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w", "sinc", "softmax",
           "spherical_bessel_j0", "xlog1py", "xlogy", "zeta"]

_SQRT_HALF = math.sqrt(0.5)


def ndtr(input):
    """Returns the standard normal CDF of the elements of ``input``,
    ``(1 + erf(x / √2)) / 2``, computed as ``erfc(-x / √2) / 2`` so the left tail keeps its
    digits (``ndtr(-10) = 7.6e-24``, not 0).

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape.

    >>> tinytorch.special.ndtr(tinytorch.tensor([0.0, 1.0]))
    tensor([0.5000, 0.8413])
    """
    return math_unary.erfc(input * -_SQRT_HALF) * 0.5
