"""``tinytorch.special``: PyTorch's ``torch.special`` names for the special functions
tinytorch has (see docs/pytorch_drop_in.md, "torch.special"). Most are the top-level
functions under SciPy's names; ``ndtr``, ``ndtri``, ``log_ndtr``, ``entr`` and ``xlog1py``
live only here, as in PyTorch."""

import math

from tinytorch._ops import math_unary
from tinytorch._ops.math_bessel import i0
from tinytorch._ops.math_bessel import i0e
from tinytorch._ops.math_bessel import i1
from tinytorch._ops.math_bessel import i1e
from tinytorch._ops.math_binary import xlog1py
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

__all__ = ["digamma", "entr", "erf", "erfc", "erfinv", "exp2", "expit", "expm1", "gammaln",
           "i0", "i0e", "i1", "i1e", "log1p", "log_ndtr", "log_softmax", "logit", "logsumexp",
           "multigammaln", "ndtr", "ndtri", "polygamma", "psi", "round", "sinc", "softmax",
           "xlog1py", "xlogy"]

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
