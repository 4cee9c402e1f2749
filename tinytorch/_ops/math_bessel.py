"""The modified Bessel functions of the first kind of orders 0 and 1 (``i0``,
``special.i0e``, ``special.i1``, ``special.i1e``), with PyTorch's derivatives. One kernel,
``bessel_i``, computes all four (NOTE [Bessel functions by Cephes' Chebyshev series]); each
derivative is written with the family's own functions, recomputed from x, so every order of
derivative is available. Integer and bool inputs compute in the default float dtype."""

from tinytorch import _dtype
from tinytorch import _finfo
from tinytorch._ops._op import Op
from tinytorch._ops.pointwise import _float


class I0(Op):
    """y = I0(x).  dL/dx = g I1(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.bessel_i(x, 0, False)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.bessel_i(x, 1, False))


class I0e(Op):
    """y = e^-|x| I0(x).  dL/dx = g (I1e(x) - sgn(x) y)."""

    node_name = "SpecialI0EBackward0"

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.bessel_i(x, 0, True)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, y = ctx.saved_tensors
        return be.mul(g, be.sub(be.bessel_i(x, 1, True), be.mul(be.sign(x), y)))


class I1(Op):
    """y = I1(x) (``scaled``: e^-|x| I1(x)).  dL/dx = g (I0(x) - y / x), or for the scaled
    form g (I0e(x) - y / x - sgn(x) y); 1/2 where |x| <= eps (PyTorch's)."""

    node_name = "SpecialI1Backward0"

    @staticmethod
    def forward(ctx, x, scaled):
        y = ctx.backend.bessel_i(x, 1, scaled)
        ctx.save_for_backward(x, y)
        ctx.scaled = scaled
        if scaled:
            ctx.node_name = "SpecialI1EBackward0"
        ctx.eps = _finfo.finfo(_dtype.from_native(x.dtype)).eps
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, y = ctx.saved_tensors
        not_tiny = be.gt(be.abs(x), ctx.eps)
        safe = be.where(not_tiny, x, ctx.eps)
        dydx = be.sub(be.bessel_i(safe, 0, ctx.scaled), be.div(y, safe))
        if ctx.scaled:
            dydx = be.sub(dydx, be.mul(be.sign(safe), y))
        return be.mul(g, be.where(not_tiny, dydx, 0.5))


def i0(input):
    """Returns the zeroth-order modified Bessel function of the first kind of each element of
    ``input``, ``I0(x) = Σ_k (x² / 4)^k / (k!)²`` (alias ``tinytorch.special.i0``); +inf where
    it passes the dtype's range, NaN at ±inf (PyTorch's values).

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.i0(tinytorch.tensor([0.0, 1.0, -2.0]))
    tensor([1.0000, 1.2661, 2.2796])
    """
    return I0.apply(_float(input))


def i0e(input):
    """Returns the exponentially scaled zeroth-order modified Bessel function of the first
    kind of each element of ``input``, ``e^-|x| I0(x)``, finite for every finite ``x``.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.i0e(tinytorch.tensor([0.0, 1.0, 100.0]))
    tensor([1.0000, 0.4658, 0.0399])
    """
    return I0e.apply(_float(input))


def i1(input):
    """Returns the first-order modified Bessel function of the first kind of each element of
    ``input``, ``I1(x) = (x / 2) Σ_k (x² / 4)^k / (k! (k + 1)!)`` (odd in ``x``).

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.i1(tinytorch.tensor([0.0, 1.0, -2.0]))
    tensor([ 0.0000,  0.5652, -1.5906])
    """
    return I1.apply(_float(input), scaled=False)


def i1e(input):
    """Returns the exponentially scaled first-order modified Bessel function of the first
    kind of each element of ``input``, ``e^-|x| I1(x)``.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.i1e(tinytorch.tensor([0.0, 1.0, -100.0]))
    tensor([ 0.0000,  0.2079, -0.0397])
    """
    return I1.apply(_float(input), scaled=True)
