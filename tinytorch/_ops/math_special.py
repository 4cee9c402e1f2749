"""The gamma family after PyTorch's (lgamma, digamma, polygamma, mvlgamma) and the special
functions of ``tinytorch.special`` that need kernels or an Op of their own (ndtri, log_ndtr,
entr). The kernels are in ``tinytorch/backends/_array_api/_special.py`` (NOTE [lgamma, digamma
and polygamma]); each gamma-family derivative is the next function of the family, so every
order of derivative is available. Integer and bool inputs compute in the default float dtype,
as in PyTorch."""

import math

from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import int_argument
from tinytorch._ops.pointwise import _float

_SQRT_2PI = math.sqrt(2 * math.pi)


class Lgamma(Op):
    """y = log|Γ(x)|.  dL/dx = g ψ(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.lgamma(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.digamma(x))


class Polygamma(Op):
    """y = ψ⁽ⁿ⁾(x) (n = 0: digamma).  dL/dx = g ψ⁽ⁿ⁺¹⁾(x)."""

    @staticmethod
    def forward(ctx, x, n, name=None):
        ctx.save_for_backward(x)
        ctx.n = n
        if name is not None:  # digamma (NOTE [Node names])
            ctx.node_name = name
        return ctx.backend.polygamma(n, x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.polygamma(ctx.n + 1, x))


class Ndtri(Op):
    """y = Φ⁻¹(x), Φ the standard normal CDF.  dL/dx = g √(2π) e^(y²/2), y recomputed from x
    (as Erfinv, so the second derivative is taken through it)."""

    node_name = "SpecialNdtriBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.ndtri(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        y = be.ndtri(x)
        return be.mul(g, be.mul(be.exp(be.mul(be.mul(y, y), 0.5)), _SQRT_2PI))


class LogNdtr(Op):
    """y = log Φ(x).  dL/dx = g e^(-x²/2 - y) / √(2π) (PyTorch's), y recomputed from x."""

    node_name = "SpecialLogNdtrBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.log_ndtr(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        exponent = be.sub(be.mul(be.mul(x, x), -0.5), be.log_ndtr(x))
        return be.mul(g, be.div(be.exp(exponent), _SQRT_2PI))


class Entr(Op):
    """y = -x log x for x > 0, 0 at 0, -inf below, NaN at NaN.  dL/dx = -g (1 + log x)
    (PyTorch's: inf at 0, NaN below)."""

    node_name = "SpecialEntrBackward0"

    @staticmethod
    def forward(ctx, x):
        be = ctx.backend
        ctx.save_for_backward(x)
        positive = be.gt(x, 0)
        y = be.where(positive, be.neg(be.mul(x, be.log(be.where(positive, x, 1)))), 0)
        return be.where(be.lt(x, 0), -math.inf, be.where(be.isnan(x), x, y))  # x's dtype

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return be.neg(be.mul(g, be.add(be.log(x), 1)))


def lgamma(input):
    """Returns a new tensor with the natural logarithm of the absolute value of the gamma
    function of the elements of ``input``: ``log|Γ(input)|``, +inf at 0 and the negative
    integers. Integer and bool inputs compute in the default float dtype, as in PyTorch.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape.

    >>> tinytorch.lgamma(tinytorch.tensor([0.5, 3.0]))
    tensor([0.5724, 0.6931])
    """
    return Lgamma.apply(_float(input))


def digamma(input):
    """Returns a new tensor with the logarithmic derivative of the gamma function,
    ``ψ(x) = Γ'(x) / Γ(x)``, of the elements of ``input``: -inf at 0, +inf at -0, NaN at the
    negative integers and at -inf (PyTorch's values). Integer and bool inputs compute in the
    default float dtype.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape.

    >>> tinytorch.digamma(tinytorch.tensor([1.0, 0.5]))
    tensor([-0.5772, -1.9635])
    """
    return Polygamma.apply(_float(input), n=0, name="DigammaBackward0")


def polygamma(n, input):
    """Returns a new tensor with the ``n``-th derivative of the digamma function of the
    elements of ``input`` (``n = 0``: digamma). Integer and bool inputs compute in the default
    float dtype.

    Args:
        n (int): the order of the derivative, ``n >= 0``.
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape.

    Raises:
        TypeError: ``n`` is not an int.
        RuntimeError: ``n`` is negative.

    >>> tinytorch.polygamma(1, tinytorch.tensor([1.0, 0.5]))
    tensor([1.6449, 4.9348])
    """
    n = int_argument(n, "polygamma", "n", 1)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return Polygamma.apply(_float(input), n=n)


def mvlgamma(input, p):
    """Returns the multivariate log-gamma function of dimension ``p`` of the elements of
    ``input``: ``p (p - 1) / 4 log(π) + Σ_{i=0}^{p-1} lgamma(input - i / 2)`` (alias
    ``tinytorch.special.multigammaln``). Elements at or below ``(p - 1) / 2`` give +inf where
    a term is at a pole, as in PyTorch, which no longer refuses them.

    Args:
        input (Tensor): the input tensor.
        p (int): the number of dimensions, ``p >= 1``.

    Returns:
        Tensor: the result, of ``input``'s shape.

    Raises:
        RuntimeError: ``p`` is below 1.

    >>> tinytorch.mvlgamma(tinytorch.tensor([2.0, 3.0]), p=2)
    tensor([0.4516, 1.5502])
    """
    if input.dtype is _dtype.bool_:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    x = _float(input)
    total = Lgamma.apply(x)
    for i in range(1, p):
        total = arithmetic.add(total, Lgamma.apply(arithmetic.sub(x, i / 2)))
    # contiguous, as PyTorch's (a sum over a last dim of the terms)
    return shape.contiguous(arithmetic.add(total, p * (p - 1) / 4 * math.log(math.pi)))


def ndtri(input):
    """Returns the inverse of the standard normal CDF (the quantile function) of the elements
    of ``input``: ``x`` with ``ndtr(x) = input``; -inf at 0, +inf at 1, NaN outside [0, 1].
    Accurate to a few ulp down to the smallest positive ``input`` (not ``√2 erfinv(2p - 1)``,
    whose ``2p - 1`` rounds to -1 below 1e-17).

    Args:
        input (Tensor): probabilities.

    Returns:
        Tensor: the result, of ``input``'s shape.

    >>> tinytorch.special.ndtri(tinytorch.tensor([0.5, 0.975]))
    tensor([0.0000, 1.9600])
    """
    return Ndtri.apply(_float(input))


def log_ndtr(input):
    """Returns the logarithm of the standard normal CDF of the elements of ``input``, finite
    far into the left tail (``log_ndtr(-40) = -804.6``), where ``log(ndtr(x))`` is -inf.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape.

    >>> tinytorch.special.log_ndtr(tinytorch.tensor([0.0, -40.0]))
    tensor([-6.9315e-01, -8.0461e+02])
    """
    return LogNdtr.apply(_float(input))


def entr(input):
    """Returns the elementwise entropy ``-x log x`` of ``input``: 0 at 0, -inf for negative
    elements, as in PyTorch.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape.

    >>> tinytorch.special.entr(tinytorch.tensor([0.0, 0.5, -1.0]))
    tensor([0.0000, 0.3466,   -inf])
    """
    return Entr.apply(_float(input))
