"""``tinytorch.cpu.amp``: PyTorch's deprecated spellings of ``tinytorch.amp``'s names for the
CPU, kept so older scripts run; each warns as PyTorch's does."""

from tinytorch.cuda import amp as _cuda_amp


class autocast(_cuda_amp.autocast):  # noqa: N801 (PyTorch's name)
    """``tinytorch.amp.autocast('cpu', ...)`` (deprecated spelling: warns FutureWarning).

    Args:
        enabled (bool): whether autocasting is on in the region (default True).
        dtype (tinytorch.dtype, optional): the lower precision dtype (default None: the
            CPU's autocast dtype, bfloat16).
        cache_enabled (bool): accepted; tinytorch keeps no cast cache (default True).

    >>> import tinytorch, warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     region = tinytorch.cpu.amp.autocast(enabled=False)
    >>> caught[0].category.__name__
    'FutureWarning'
    """

    _device_type = "cpu"


class GradScaler(_cuda_amp.GradScaler):
    """``tinytorch.amp.GradScaler('cpu', ...)`` (deprecated spelling: warns FutureWarning).

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
    ...     scaler = tinytorch.cpu.amp.GradScaler()
    >>> caught[0].category.__name__, scaler.is_enabled()
    ('FutureWarning', True)
    """

    _device_type = "cpu"
