"""The backend that backward formulas see when ``create_graph=True``.

NOTE [Double backward]
Every backward formula is written once, against ``ctx.backend``'s kernels. For an ordinary
backward the kernels are the device's (arrays in, arrays out). With ``create_graph=True``
the engine swaps in ``GraphBackend``: the same kernel names, implemented with tinytorch
ops on Tensors, so the backward pass is itself recorded and can be differentiated again.
A formula that uses a kernel not listed here raises a clear error naming the op.

The kernels are grouped as the device kernels are: ``core`` (arithmetic, reductions, shapes,
indexing), ``nn`` (activations, softmax, losses, normalisation) and ``nn_conv`` (convolution,
pooling, upsampling). A backward kernel with no tinytorch-op form of its own (pooling's
scatter, GELU's erf) runs as an op in ``tinytorch/_ops/nn_backward.py`` whose backward is
again written with kernels, so every order of derivative stays available.
"""

from tinytorch.autograd.graph_backend.core import CoreKernels
from tinytorch.autograd.graph_backend.nn import NNKernels
from tinytorch.autograd.graph_backend.nn_conv import ConvKernels
from tinytorch.autograd.graph_backend.nn_rnn import RNNKernels


class GraphBackend(CoreKernels, NNKernels, ConvKernels, RNNKernels):
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
