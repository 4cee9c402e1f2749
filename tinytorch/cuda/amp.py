"""``tinytorch.cuda.amp``: PyTorch's deprecated spellings of ``tinytorch.amp``'s names, kept
so older scripts run; each warns as PyTorch's does."""

import warnings

from tinytorch import amp as _amp


def _warn(device_type, name, replacement=None):
    replacement = replacement or f"torch.amp.{name}('{device_type}', args...)"
    warnings.warn(f"`torch.{device_type}.amp.{name}(args...)` is deprecated. Please use "
                  f"`{replacement}` instead.", FutureWarning, stacklevel=3)


class autocast(_amp.autocast):  # noqa: N801 (PyTorch's name)
    """``tinytorch.amp.autocast('cuda', ...)`` (deprecated spelling: warns FutureWarning).

    Args:
        enabled (bool): whether autocasting is on in the region (default True).
        dtype (tinytorch.dtype, optional): the lower precision dtype (default None: cuda's
            autocast dtype, float16).
        cache_enabled (bool): accepted; tinytorch keeps no cast cache (default True).

    >>> import tinytorch, warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     region = tinytorch.cuda.amp.autocast(enabled=False)
    >>> caught[0].category.__name__
    'FutureWarning'
    """

    _device_type = "cuda"  # tinytorch.cpu.amp's subclass says "cpu"

    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        _warn(self._device_type, "autocast")
        super().__init__(self._device_type, dtype=dtype, enabled=enabled,
                         cache_enabled=cache_enabled)


class GradScaler(_amp.GradScaler):
    """``tinytorch.amp.GradScaler('cuda', ...)`` (deprecated spelling: warns FutureWarning).

    Args:
        init_scale (float): the first scale (default 2**16).
        growth_factor (float): the factor the scale grows by (default 2.0).
        backoff_factor (float): the factor the scale shrinks by after non-finite gradients
            (default 0.5).
        growth_interval (int): finite iterations in a row before the scale grows (default
            2000).
        enabled (bool): when False every method passes through (default True).

    >>> import tinytorch, warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     scaler = tinytorch.cuda.amp.GradScaler(enabled=False)
    >>> caught[0].category.__name__, scaler.is_enabled()
    ('FutureWarning', False)
    """

    _device_type = "cuda"  # tinytorch.cpu.amp's subclass says "cpu"

    def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        _warn(self._device_type, "GradScaler")
        super().__init__(self._device_type, init_scale, growth_factor, backoff_factor,
                         growth_interval, enabled)


def custom_fwd(fwd=None, *, cast_inputs=None):
    """``tinytorch.amp.custom_fwd(..., device_type='cuda')`` (deprecated spelling: warns
    FutureWarning).

    Args:
        fwd (callable, optional): the ``forward`` (else a decorator is returned).
        cast_inputs (tinytorch.dtype, optional): as :func:`tinytorch.amp.custom_fwd`'s.

    Returns:
        callable: the decorated ``forward``.

    >>> import tinytorch, warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     forward = tinytorch.cuda.amp.custom_fwd(lambda ctx, x: x)
    >>> caught[0].category.__name__
    'FutureWarning'
    """
    _warn("cuda", "custom_fwd", "torch.amp.custom_fwd(args..., device_type='cuda')")
    return _amp.custom_fwd(fwd, device_type="cuda", cast_inputs=cast_inputs)


def custom_bwd(bwd):
    """``tinytorch.amp.custom_bwd(..., device_type='cuda')`` (deprecated spelling: warns
    FutureWarning).

    Args:
        bwd (callable): the ``backward``.

    Returns:
        callable: the decorated ``backward``.

    >>> import tinytorch, warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     backward = tinytorch.cuda.amp.custom_bwd(lambda ctx, g: g)
    >>> caught[0].category.__name__
    'FutureWarning'
    """
    _warn("cuda", "custom_bwd", "torch.amp.custom_bwd(args..., device_type='cuda')")
    return _amp.custom_bwd(bwd, device_type="cuda")
