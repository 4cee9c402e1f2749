"""Every kernel written once over an array namespace ``xp`` (NumPy or CuPy).

Device backends subclass :class:`ArrayAPIBackend`, set ``xp`` and override only the
kernels where their library needs other code (or where a raw kernel is faster).
"""

from tinytorch.backends._array_api.attention import AttentionKernels
from tinytorch.backends._array_api.core import CoreKernels
from tinytorch.backends._array_api.nn import NNKernels
from tinytorch.backends._array_api.nn_conv import ConvKernels
from tinytorch.backends._array_api.nn_norm import NormKernels
from tinytorch.backends._array_api.nn_pool import PoolKernels
from tinytorch.backends._array_api.optim import OptimKernels
from tinytorch.backends._array_api.random import RandomKernels
from tinytorch.backends._array_api.reduction import ReductionKernels
from tinytorch.backends._array_api.shape import ShapeKernels
from tinytorch.backends.base import Backend


class ArrayAPIBackend(CoreKernels, RandomKernels, ReductionKernels, ShapeKernels, NNKernels,
                      ConvKernels, PoolKernels, NormKernels, OptimKernels, AttentionKernels,
                      Backend):
    """The contract implemented over ``xp``; subclasses set ``xp`` and ``device``."""

    def from_dlpack(self, capsule_owner):
        return self.xp.from_dlpack(capsule_owner)
