"""Factorising kernels of the graph backend (see NOTE [Double backward]): each the tinytorch op
that computes it, so a backward that inverts or solves is itself differentiable."""

from tinytorch._ops import linalg_decomp
from tinytorch._ops import linalg_triangular


class GraphLinalgKernels:
    """Mixin: inv, solve, solve_triangular, cholesky_solve and matrix_exp as ops,
    lu_permutation a constant;
    ``info`` is None because the ops raise on failure (NOTE [Factorisation info])."""

    def inv(self, a):
        return linalg_decomp.Inv.apply(a), None

    def solve(self, a, b):
        return linalg_decomp.Solve.apply(a, b), None

    def solve_triangular(self, a, b, upper, unitriangular):
        return linalg_triangular.SolveTriangular.apply(a, b, upper, unitriangular)

    def cholesky_solve(self, b, factor, upper):
        return linalg_triangular.CholeskySolve.apply(b, factor, upper)

    def matrix_exp(self, a):
        return linalg_triangular.MatrixExp.apply(a)

    def lu_permutation(self, pivots, m, dtype):
        return self._c(self.base.lu_permutation(pivots._data, m, dtype))
