"""Matrix products: matmul (PyTorch's 1-D, batched and broadcast rules), mm, bmm, dot,
outer, einsum."""

from tinytorch._ops._util import is_tensor
from tinytorch.autograd.node import Op


class MatMul(Op):
    """C = A @ B.  dL/dA = G @ Bᵀ, dL/dB = Aᵀ @ G (1-D operands and broadcast batch dims are
    handled by promoting to 2-D and summing back)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return ctx.backend.matmul(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        a2 = be.expand_dims(a, 0) if a.ndim == 1 else a
        b2 = be.expand_dims(b, -1) if b.ndim == 1 else b
        if a.ndim == 1:
            g = be.expand_dims(g, -2)
        if b.ndim == 1:
            g = be.expand_dims(g, -1)
        ga = gb = None
        if need_a:
            ga = be.sum_to(be.matmul(g, _swap_last(be, b2)), a2.shape)
            ga = be.reshape(ga, a.shape)
        if need_b:
            gb = be.sum_to(be.matmul(_swap_last(be, a2), g), b2.shape)
            gb = be.reshape(gb, b.shape)
        return ga, gb


def _swap_last(be, x):
    axes = list(range(x.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return be.transpose(x, tuple(axes))


def matmul(input, other):
    """Matrix product with PyTorch's rules for 1-D, 2-D and batched (broadcast) operands."""
    if not is_tensor(other):
        raise TypeError(f"matmul(): argument 'other' must be Tensor, not {type(other).__name__}")
    if input.ndim == 0 or other.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{input.ndim}D and {other.ndim}D")
    k1 = input.shape[-1]
    k2 = other.shape[-2] if other.ndim > 1 else other.shape[0]
    if k1 != k2:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({_desc(input)} and {_desc(other)})")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{input.dtype.name} != {other.dtype.name}")
    return MatMul.apply(input, other)


def _desc(t):
    return "x".join(str(s) for s in t.shape)


def rmatmul(input, other):
    raise TypeError(f"matmul(): argument 'input' must be Tensor, not {type(other).__name__}")
