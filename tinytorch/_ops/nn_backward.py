"""Backward kernels with no form in other tinytorch ops, as ops of their own, so that a
backward pass recorded under ``create_graph=True`` can be differentiated again (see NOTE
[Double backward]). Only the graph backend calls them; the first-order path never does.

A linear backward kernel gx = Aᵀ g (pooling, upsampling) has as its own backward the
forward kernel A it is the adjoint of, so each pair stays differentiable to every order.
An activation a fused forward already computed (the recurrent cells' gates) comes back as
``SavedActivation``: its derivatives are functions of its output alone.
"""

import math

from tinytorch._ops._op import Op

_GELU_A = 0.044715
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


class GeluBackward(Op):
    """gx = gelu_backward(g, x) = g f'(x).
    dL/dg = gelu_backward(gg, x),  dL/dx = gg g f''(x)."""

    @staticmethod
    def forward(ctx, g, x, approximate):
        ctx.approximate = approximate
        ctx.save_for_backward(g, x)
        return ctx.backend.gelu_backward(g, x, approximate)

    @staticmethod
    def backward(ctx, gg):
        be = ctx.backend
        g, x = ctx.saved_tensors
        need_g, need_x = ctx.needs_input_grad[:2]
        grad_g = be.gelu_backward(gg, x, ctx.approximate) if need_g else None
        grad_x = be.mul(be.mul(gg, g), _gelu_second(be, x, ctx.approximate)) if need_x else None
        return grad_g, grad_x, None


def _gelu_second(be, x, approximate):
    """f''(x) of GELU: φ(x) (2 - x²); for the tanh form, with u = c (x + a x³) and t = tanh u,
    (1 - t²) (u' - x t u'² + x u''/2), where u' = c (1 + 3a x²) and x u''/2 = 3ac x²."""
    x2 = be.mul(x, x)
    if approximate == "tanh":
        t = be.tanh(be.mul(be.add(x, be.mul(be.mul(x2, x), _GELU_A)), _SQRT_2_OVER_PI))
        du = be.mul(be.add(be.mul(x2, 3 * _GELU_A), 1), _SQRT_2_OVER_PI)
        inner = be.sub(du, be.mul(be.mul(x, t), be.mul(du, du)))
        inner = be.add(inner, be.mul(x2, 3 * _GELU_A * _SQRT_2_OVER_PI))
        return be.mul(be.sub(1, be.mul(t, t)), inner)
    pdf = be.mul(be.exp(be.mul(x2, -0.5)), 1 / math.sqrt(2 * math.pi))
    return be.mul(pdf, be.sub(2, x2))


class LinearBackward(Op):
    """gx = adjoint(g) = Aᵀ g, the backward kernel of a linear kernel K(x) = A x (pooling,
    upsampling).  dL/dg = K(gg) = A gg: the forward kernel is the backward kernel's own
    derivative. ``adjoint`` and ``kernel`` are called with the backend: ``(be, g)``."""

    @staticmethod
    def forward(ctx, g, *, adjoint, kernel):
        ctx.kernel = kernel
        return adjoint(ctx.backend, g)

    @staticmethod
    def backward(ctx, gg):
        return ctx.kernel(ctx.backend, gg)


class SavedActivation(Op):
    """y = σ(x) or tanh(x) for a y that a fused forward computed and saved; x's value is never
    read. ``like`` is ``Sigmoid`` or ``Tanh``, whose backward reads only y:
    dL/dx = g y (1 - y) or g (1 - y²)."""

    @staticmethod
    def forward(ctx, x, *, y, like):
        ctx.like = like
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        return ctx.like.backward(ctx, g)
