"""``custom_fwd`` / ``custom_bwd``: decorators for a custom autograd Function's ``forward`` and
``backward`` under autocast, as ``torch.amp``'s."""

import collections.abc
import functools

from tinytorch import _tensor  # the module: amp is imported while _tensor is
from tinytorch.amp._autocast import autocast
from tinytorch.amp.autocast_mode import _eligible
from tinytorch.amp.autocast_mode import get_autocast_dtype
from tinytorch.amp.autocast_mode import is_autocast_enabled


def _cast(value, device_type, dtype):
    """Floating-point tensors on ``device_type`` (not float64) cast to ``dtype``, through
    containers, as PyTorch's ``torch.amp.autocast_mode._cast``."""
    if isinstance(value, _tensor.Tensor):
        return value.to(dtype) if _eligible(value, device_type) else value
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, collections.abc.Mapping):
        return {_cast(k, device_type, dtype): _cast(v, device_type, dtype)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cast(v, device_type, dtype) for v in value)
    return value


def _check_device_type(device_type):
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorate a custom Function's ``forward`` for autocast: it records the autocast state
    for :func:`custom_bwd`; with ``cast_inputs``, inside an autocast region, its floating-point
    tensor arguments (not float64) are cast to that dtype and it runs with autocast off.
    Outside an autocast region it changes nothing.

    Args:
        fwd (callable, optional): the ``forward`` (else a decorator is returned).
        device_type (str): the autocast device type, ``'cpu'`` or ``'cuda'``.
        cast_inputs (tinytorch.dtype, optional): the dtype of the inputs. Default: None
            (``forward`` runs with the current autocast state).

    Returns:
        callable: the decorated ``forward``.

    Raises:
        ValueError: ``device_type`` is not a string.

    >>> import tinytorch
    >>> class Double(tinytorch.autograd.Function):
    ...     @staticmethod
    ...     @tinytorch.amp.custom_fwd(device_type="cpu", cast_inputs=tinytorch.float32)
    ...     def forward(ctx, x):
    ...         return x * 2
    ...     @staticmethod
    ...     @tinytorch.amp.custom_bwd(device_type="cpu")
    ...     def backward(ctx, g):
    ...         return g * 2
    >>> with tinytorch.autocast("cpu"):
    ...     Double.apply(tinytorch.ones(1, dtype=tinytorch.bfloat16)).dtype
    tinytorch.float32
    """
    _check_device_type(device_type)
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        ctx = args[0]
        ctx._dtype = get_autocast_dtype(device_type)
        enabled = is_autocast_enabled(device_type)
        if cast_inputs is None or not enabled:
            ctx._fwd_used_autocast = enabled and cast_inputs is None
            return fwd(*args, **kwargs)
        ctx._fwd_used_autocast = False
        with autocast(device_type, enabled=False):
            return fwd(*_cast(args, device_type, cast_inputs),
                       **_cast(kwargs, device_type, cast_inputs))
    return decorate_fwd


def custom_bwd(bwd=None, *, device_type):
    """Decorate a custom Function's ``backward`` to run with the autocast state its
    :func:`custom_fwd`-decorated ``forward`` ran with.

    Args:
        bwd (callable, optional): the ``backward`` (else a decorator is returned).
        device_type (str): the autocast device type, ``'cpu'`` or ``'cuda'``.

    Returns:
        callable: the decorated ``backward``.

    Raises:
        ValueError: ``device_type`` is not a string.

    >>> import tinytorch
    >>> backward = tinytorch.amp.custom_bwd(lambda ctx, g: g, device_type="cpu")
    """
    _check_device_type(device_type)
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorate_bwd(*args, **kwargs):
        ctx = args[0]
        with autocast(device_type, enabled=ctx._fwd_used_autocast, dtype=ctx._dtype):
            return bwd(*args, **kwargs)
    return decorate_bwd
