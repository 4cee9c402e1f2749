"""Every kernel written once over an array namespace ``xp`` (NumPy or CuPy).

Device backends subclass :class:`ArrayAPIBackend`, set ``xp`` and override only the
kernels where their library needs other code (or where a raw kernel is faster).
"""

from tinytorch.backends._array_api.core import ArrayCoreKernels
from tinytorch.backends._array_api.counting import ArrayCountingKernels
from tinytorch.backends._array_api.image import ArrayImageKernels
from tinytorch.backends._array_api.linalg import ArrayLinalgKernels
from tinytorch.backends._array_api.math import ArrayMathKernels
from tinytorch.backends._array_api.nn import ArrayNNKernels
from tinytorch.backends._array_api.nn_attention import ArrayAttentionKernels
from tinytorch.backends._array_api.nn_conv import ArrayConvKernels
from tinytorch.backends._array_api.nn_grid import ArrayGridKernels
from tinytorch.backends._array_api.nn_ctc import ArrayCTCKernels
from tinytorch.backends._array_api.nn_norm import ArrayNormKernels
from tinytorch.backends._array_api.nn_pool import ArrayPoolKernels
from tinytorch.backends._array_api.nn_resample import ArrayResampleKernels
from tinytorch.backends._array_api.nn_rnn import ArrayRNNKernels
from tinytorch.backends._array_api.optim import ArrayOptimKernels
from tinytorch.backends._array_api.optim_extra import ArrayOptimExtraKernels
from tinytorch.backends._array_api.random import ArrayRandomKernels
from tinytorch.backends._array_api.reduction import ArrayReductionKernels
from tinytorch.backends._array_api.shape import ArrayShapeKernels
from tinytorch.backends._array_api.views import ArrayViewKernels  # tensG
from tinytorch.backends.base import Backend
from tinytorch.backends.composite import CompositeKernels


class ArrayAPIBackend(ArrayCoreKernels, ArrayRandomKernels, ArrayReductionKernels,
                      ArrayShapeKernels, ArrayNNKernels, ArrayConvKernels, ArrayPoolKernels,
                      ArrayNormKernels, ArrayRNNKernels, ArrayAttentionKernels,
                      ArrayOptimKernels, ArrayImageKernels, ArrayCountingKernels, ArrayViewKernels,
                      CompositeKernels,
                      ArrayMathKernels,  # mathD
                      ArrayLinalgKernels, ArrayOptimExtraKernels, ArrayResampleKernels,
                      ArrayCTCKernels, ArrayGridKernels, Backend):
    """The contract implemented over ``xp`` (the composite kernels over the others, see NOTE
    [Composite kernels]); subclasses set ``xp`` and ``device``."""

    def from_dlpack(self, capsule_owner):
        return self.xp.from_dlpack(capsule_owner)
