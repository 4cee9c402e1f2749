"""Factorising kernels of the graph backend (see NOTE [Double backward]): each the tinytorch op
that computes it, so a backward that inverts or solves is itself differentiable."""

from tinytorch._ops import linalg_decomp


class GraphLinalgKernels:
    """Mixin: inv and solve as ops; ``info`` is None because the ops raise on failure (NOTE
    [Factorisation info])."""

    def inv(self, a):
        return linalg_decomp.Inv.apply(a), None

    def solve(self, a, b):
        return linalg_decomp.Solve.apply(a, b), None
