"""Fused in-place optimizer updates written once over ``xp``."""


class OptimKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None
