"""``tinytorch.cuda.amp``: PyTorch's deprecated spellings of ``tinytorch.amp``'s names, kept
so older scripts run; each warns as PyTorch's does."""

import warnings

from tinytorch import amp as _amp


class autocast(_amp.autocast):  # noqa: N801 (PyTorch's name)
    """``tinytorch.amp.autocast('cuda', ...)`` (deprecated spelling)."""

    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        warnings.warn("`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)
        super().__init__("cuda", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


class GradScaler(_amp.GradScaler):
    """``tinytorch.amp.GradScaler('cuda', ...)`` (deprecated spelling)."""

    def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        warnings.warn("`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
                      "`torch.amp.GradScaler('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)
        super().__init__("cuda", init_scale, growth_factor, backoff_factor, growth_interval,
                         enabled)
