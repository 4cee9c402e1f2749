"""Differentiable triangular solve, LU factorisation and matrix exponential (``torch.linalg``'s
maths; the public wrappers are in ``tinytorch/_ops/linalg_lu.py`` and ``linalg_more.py``)."""

from tinytorch import _dtype
from tinytorch._ops._op import Op
from tinytorch._ops.linalg_decomp import _columns
from tinytorch._ops.linalg_decomp import _mT
from tinytorch._ops.linalg_decomp import _rows


class SolveTriangular(Op):
    """X = A⁻¹ B, A (..., n, n) upper (lower) triangular, B (..., n, k) of one batch shape.
    dL/dB = A⁻ᵀ G (a solve with the other triangle), dL/dA = -dL/dB Xᵀ on A's triangle (its
    diagonal excluded when unitriangular)."""

    node_name = "LinalgSolveTriangularBackward0"

    @staticmethod
    def forward(ctx, a, b, upper, unitriangular):
        x = ctx.backend.solve_triangular(a, b, upper, unitriangular)
        ctx.save_for_backward(a, x)
        ctx.meta = (upper, unitriangular)
        return x

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, x = ctx.saved_tensors
        upper, unit = ctx.meta
        gb = be.solve_triangular(_mT(be, a), g, not upper, unit)
        ga = None
        if ctx.needs_input_grad[0]:
            ga = be.neg(be.matmul(gb, _mT(be, x)))
            ga = be.triu(ga, int(unit)) if upper else be.tril(ga, -int(unit))
        return ga, gb, None, None


def _left_solve_upper_t(be, u, m):
    """M U⁻ᵀ for U upper triangular: (U⁻¹ Mᵀ)ᵀ."""
    return _mT(be, be.solve_triangular(u, _mT(be, m), True, False))


def _square_lu_backward(be, l, u, g_l, g_u):
    """dL/dA for A = L U square (P = I): L⁻ᵀ (tril(Lᵀ g_L, -1) + triu(g_U Uᵀ)) U⁻ᵀ."""
    m = be.add(be.tril(be.matmul(_mT(be, l), g_l), -1), be.triu(be.matmul(g_u, _mT(be, u)), 0))
    return _left_solve_upper_t(be, u, be.solve_triangular(_mT(be, l), m, True, True))


class LuFactor(Op):
    """P L U = A (m, n), k = min(m, n): packed LU, pivots, info.  With g_L, g_U the strict lower
    and the upper part of G: square, dL/dA = P L⁻ᵀ (tril(Lᵀ g_L, -1) + triu(g_U Uᵀ)) U⁻ᵀ; wide
    (U = [U₁ | U₂]), the last n - m columns get P L⁻ᵀ g_U₂ and g_L takes -L⁻ᵀ g_U₂ U₂ᵀ; tall
    (L = [L₁; L₂]), the last m - n rows of PᵀdL/dA get g_L₂ U⁻ᵀ and g_U takes -L₂ᵀ g_L₂ U⁻ᵀ."""

    node_name = "LinalgLuFactorExBackward0"

    @staticmethod
    def forward(ctx, a):
        lu, pivots, info = ctx.backend.lu_factor(a)
        ctx.save_for_backward(lu, pivots)
        return lu, pivots, info

    @staticmethod
    def backward(ctx, g, g_pivots, g_info):
        be = ctx.backend
        lu, pivots = ctx.saved_tensors
        m, n = lu.shape[-2:]
        k = min(m, n)
        dtype = _dtype.from_native(lu.dtype)
        l = be.add(_columns(be, be.tril(lu, -1), 0, k), be.eye(m, k, dtype))
        u = _rows(be, be.triu(lu, 0), 0, k)
        g_l, g_u = _columns(be, be.tril(g, -1), 0, k), _rows(be, be.triu(g, 0), 0, k)
        if m < n:
            g_rest = be.solve_triangular(_mT(be, l), _columns(be, g_u, m, n), True, True)
            g_l = be.sub(g_l, be.matmul(g_rest, _mT(be, _columns(be, u, m, n))))
            ga = be.concatenate([_square_lu_backward(
                be, l, _columns(be, u, 0, m), g_l, _columns(be, g_u, 0, m)), g_rest], -1)
        elif m > n:
            g_rest = _left_solve_upper_t(be, u, _rows(be, g_l, n, m))
            g_u = be.sub(g_u, be.matmul(_mT(be, _rows(be, l, n, m)), g_rest))
            ga = be.concatenate([_square_lu_backward(
                be, _rows(be, l, 0, n), u, _rows(be, g_l, 0, n), g_u), g_rest], -2)
        else:
            ga = _square_lu_backward(be, l, u, g_l, g_u)
        return be.matmul(be.lu_permutation(pivots, m, dtype), ga)


class MatrixExp(Op):
    """E = exp(A).  dL/dA = the top-right block of exp([[Aᵀ, G], [0, Aᵀ]]) (the Fréchet
    derivative of exp at Aᵀ in the direction G)."""

    node_name = "LinalgMatrixExpBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return ctx.backend.matrix_exp(a)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (a,) = ctx.saved_tensors
        n = a.shape[-1]
        at = _mT(be, a)
        zero = be.zeros(tuple(a.shape), _dtype.from_native(a.dtype))
        block = be.concatenate([be.concatenate([at, g], -1), be.concatenate([zero, at], -1)], -2)
        return _columns(be, _rows(be, be.matrix_exp(block), 0, n), n, 2 * n)


class CholeskySolve(Op):
    """X = (L Lᵀ)⁻¹ B (A = Uᵀ U when upper), the factor read on its triangle.  PyTorch's
    gradient, which treats the factor as a full matrix: dL/dB = A⁻¹ G, S = dL/dB Xᵀ + X dL/dBᵀ,
    dL/dL = -S L (dL/dU = -U S)."""

    @staticmethod
    def forward(ctx, b, factor, upper):
        x = ctx.backend.cholesky_solve(b, factor, upper)
        ctx.save_for_backward(factor, x)
        ctx.meta = upper
        return x

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        factor, x = ctx.saved_tensors
        gb = be.cholesky_solve(g, factor, ctx.meta)
        gf = None
        if ctx.needs_input_grad[1]:
            s = be.matmul(gb, _mT(be, x))
            s = be.add(s, _mT(be, s))
            gf = be.neg(be.matmul(factor, s) if ctx.meta else be.matmul(s, factor))
        return gb, gf, None
