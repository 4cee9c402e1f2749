"""Neural-network kernels (activations, softmax, losses, convolution, pooling,
normalisation) written once over ``xp``."""


class NNKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None
