"""The backend that backward formulas see when ``create_graph=True``.

NOTE [Double backward]
Every backward formula is written once, against ``ctx.backend``'s kernels. For an ordinary
backward the kernels are the device's (arrays in, arrays out). With ``create_graph=True``
the engine swaps in ``GraphBackend``: the same kernel names, implemented with tinytorch
ops on Tensors, so the backward pass is itself recorded and can be differentiated again.
A formula that uses a kernel not listed here raises a clear error naming the op.

What is here is what is truly graph-specific: each primitive kernel as the op that computes
it (``core``: arithmetic, reductions, shapes, indexing; ``nn``; ``nn_conv``; ``nn_pool``), and
the saved values re-derived for the composite kernels (NOTE [Log-probabilities for logits],
NOTE [Statistics for double backward]). The composite kernels themselves (the nn backward
formulas, ``sum_to``) come from ``CompositeKernels``, shared with the array backends (NOTE
[Composite kernels]). A backward kernel with no tinytorch-op form of its own (pooling's
linear adjoints, GELU's erf) runs as an op in ``tinytorch/_ops/nn_backward.py`` whose
backward is again written with kernels, so every order of derivative stays available.
"""

from tinytorch.autograd.graph_backend.core import GraphCoreKernels
from tinytorch.autograd.graph_backend.linalg import GraphLinalgKernels
from tinytorch.autograd.graph_backend.math import GraphMathKernels
from tinytorch.autograd.graph_backend.nn import GraphNNKernels
from tinytorch.autograd.graph_backend.nn_conv import GraphConvKernels
from tinytorch.autograd.graph_backend.nn_pool import GraphPoolKernels
from tinytorch.backends.composite import CompositeKernels


class GraphBackend(GraphCoreKernels, GraphNNKernels, GraphConvKernels, GraphPoolKernels,
                   GraphLinalgKernels, CompositeKernels, GraphMathKernels):
    """Kernels over Tensors for the backward formulas that support double backward, for the
    backward of ``node`` (whose device backend is ``base``)."""

    def __init__(self, base, node):
        self.base = base
        self.node = node
        self.op = node.op
        self.device = base.device

    def __getattr__(self, name):
        raise RuntimeError(
            f"double backward (create_graph=True) is not supported for {self.op.__name__}: its "
            f"backward uses the kernel '{name}', which has no differentiable form yet")


__all__ = ["GraphBackend"]
