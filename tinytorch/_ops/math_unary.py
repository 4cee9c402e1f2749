"""Unary pointwise math after PyTorch's: log2, log10, exp2, tan, the inverse trigonometric and
the hyperbolic functions, erf, erfc, erfinv, sinc and logit. Each backward is PyTorch's formula
(``derivatives.yaml``), so the values at the domain's edges (an infinite or NaN gradient)
are PyTorch's too. Integer and bool inputs compute in the default float dtype. The public
functions' docstrings are in ``tinytorch/_torch_docs_math.py``."""

import math

from tinytorch._ops._op import Op
from tinytorch._ops.pointwise import _float

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_PI_OVER_TWO = math.sqrt(math.pi) / 2.0


class Log2(Op):
    """y = log2 x.  dL/dx = g / (x ln 2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.log2(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.div(g, ctx.backend.mul(x, _LN2))


class Log10(Op):
    """y = log10 x.  dL/dx = g / (x ln 10)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.log10(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.div(g, ctx.backend.mul(x, _LN10))


class Exp2(Op):
    """y = 2^x.  dL/dx = g y ln 2."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.exp2(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.mul(y, _LN2))


class Tan(Op):
    """y = tan x.  dL/dx = g (1 + y²)."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.tan(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (y,) = ctx.saved_tensors
        return be.mul(g, be.add(be.mul(y, y), 1))


class Asin(Op):
    """y = asin x.  dL/dx = g / √(1 - x²) (inf at ±1, NaN outside [-1, 1])."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.asin(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return be.mul(g, be.rsqrt(be.sub(1, be.mul(x, x))))


class Acos(Op):
    """y = acos x.  dL/dx = -g / √(1 - x²)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.acos(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return be.neg(be.mul(g, be.rsqrt(be.sub(1, be.mul(x, x)))))


class Atan(Op):
    """y = atan x.  dL/dx = g / (1 + x²)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.atan(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return be.div(g, be.add(be.mul(x, x), 1))


class Sinh(Op):
    """y = sinh x.  dL/dx = g cosh x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.sinh(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.cosh(x))


class Cosh(Op):
    """y = cosh x.  dL/dx = g sinh x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.cosh(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.sinh(x))


class Asinh(Op):
    """y = asinh x.  dL/dx = g / √(x² + 1)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.asinh(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return be.mul(g, be.rsqrt(be.add(be.mul(x, x), 1)))


class Acosh(Op):
    """y = acosh x.  dL/dx = g / √(x² - 1) (inf at 1, NaN below)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.acosh(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return be.mul(g, be.rsqrt(be.sub(be.mul(x, x), 1)))


class Atanh(Op):
    """y = atanh x.  dL/dx = g / (1 - x²)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.atanh(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return be.div(g, be.sub(1, be.mul(x, x)))


class Erf(Op):
    """y = erf x (``complement``: erfc x = 1 - erf x).  dL/dx = ±g 2/√π e^(-x²)."""

    @staticmethod
    def forward(ctx, x, complement):
        ctx.save_for_backward(x)
        ctx.complement = complement
        if complement:
            ctx.node_name = "ErfcBackward0"
        return ctx.backend.erfc(x) if complement else ctx.backend.erf(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        scale = -_TWO_OVER_SQRT_PI if ctx.complement else _TWO_OVER_SQRT_PI
        return be.mul(g, be.mul(be.exp(be.neg(be.mul(x, x))), scale))


class Erfinv(Op):
    """y = erfinv x (erf y = x).  dL/dx = g √π/2 e^(y²), y recomputed from the saved input as
    PyTorch's (so an in-place write to y leaves the backward valid, one to x does not)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.erfinv(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        y = be.erfinv(x)
        return be.mul(g, be.mul(be.exp(be.mul(y, y)), _SQRT_PI_OVER_TWO))


class Sinc(Op):
    """y = sin(πx) / (πx), 1 at 0.  dL/dx = g (πx cos πx - sin πx) / (πx²), 0 where πx² is 0
    (x = 0, or x² underflows: PyTorch's)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.sinc(x)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        pix = be.mul(x, math.pi)
        pix2 = be.mul(pix, x)
        zero = be.eq(pix2, 0)
        slope = be.mul(g, be.sub(be.mul(pix, be.cos(pix)), be.sin(pix)))
        return be.where(zero, 0, be.div(slope, be.where(zero, 1, pix2)))  # no 0 / 0 there


class Logit(Op):
    """y = log(z / (1 - z)), z = x clamped to [eps, 1 - eps] (eps None: z = x).
    dL/dx = g / (x (1 - x)); 0 outside [eps, 1 - eps] (and at a NaN x: PyTorch's vectorised
    kernel; its scalar tail gives NaN), or NaN outside [0, 1] without eps."""

    @staticmethod
    def forward(ctx, x, eps):
        be = ctx.backend
        ctx.save_for_backward(x)
        ctx.eps = eps
        if eps is None:
            z = x
        elif eps <= 0.5:
            z = be.clip(x, eps, 1 - eps)
        else:  # crossed bounds: PyTorch's x < eps ? eps : (x > 1 - eps ? 1 - eps : x)
            z = be.where(be.lt(x, eps), eps, be.where(be.gt(x, 1 - eps), 1 - eps, x))
        return be.log(be.div(z, be.sub(1, z)))

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        if ctx.eps is None:  # NaN outside [0, 1]
            grad = be.div(g, be.mul(x, be.sub(1, x)))
            outside = be.logical_or(be.lt(x, 0), be.gt(x, 1))
            return be.where(outside, be.add(be.mul(grad, 0), math.nan), grad)  # dtype kept
        inside = be.logical_and(be.ge(x, ctx.eps), be.le(x, 1 - ctx.eps))  # NaN x: 0
        z = be.where(inside, x, 2)  # outside, where the gradient is 0, no 1 / 0
        return be.where(inside, be.div(g, be.mul(z, be.sub(1, z))), 0)


# --- public functions --------------------------------------------------------------------------
def log2(input):
    return Log2.apply(_float(input))


def log10(input):
    return Log10.apply(_float(input))


def exp2(input):
    return Exp2.apply(_float(input))


def tan(input):
    return Tan.apply(_float(input))


def asin(input):
    return Asin.apply(_float(input))


def acos(input):
    return Acos.apply(_float(input))


def atan(input):
    return Atan.apply(_float(input))


def sinh(input):
    return Sinh.apply(_float(input))


def cosh(input):
    return Cosh.apply(_float(input))


def asinh(input):
    return Asinh.apply(_float(input))


def acosh(input):
    return Acosh.apply(_float(input))


def atanh(input):
    return Atanh.apply(_float(input))


def erf(input):
    return Erf.apply(_float(input), complement=False)


def erfc(input):
    return Erf.apply(_float(input), complement=True)


def erfinv(input):
    return Erfinv.apply(_float(input))


def sinc(input):
    return Sinc.apply(_float(input))


def logit(input, eps=None):
    return Logit.apply(_float(input), eps=None if eps is None else float(eps))
