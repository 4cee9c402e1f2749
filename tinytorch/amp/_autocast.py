"""The ``autocast`` context manager and decorator (see NOTE [Autocast] in autocast_mode.py)."""

import functools
import warnings

from tinytorch import _dtype
from tinytorch.amp import autocast_mode as _mode

_NO_CUDA_BFLOAT16 = ("Current CUDA Device does not support bfloat16. Please switch dtype to "
                     "float16.")
_UNSUPPORTED = {
    "cpu": ("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
            "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently."),
    "cuda": ("In CUDA autocast, but the target dtype is not supported. Disabling autocast.\n"
             "CUDA Autocast only supports dtypes of torch.float16, torch.bfloat16 currently.")}


class autocast:  # noqa: N801 (PyTorch's name)
    """Run the ops of a region in mixed precision, as ``torch.autocast`` does.

    Matmuls and convolutions cast their floating-point inputs to the autocast dtype, losses to
    float32, everything else runs in its inputs' dtype (see NOTE [Autocast]). Use it as a
    context manager or a decorator; regions nest, and ``enabled=False`` turns autocast off
    inside. Parameters stay float32; no ``GradScaler`` is needed for bfloat16.

    Args:
        device_type (str): ``'cpu'`` or ``'cuda'``.
        dtype (tinytorch.dtype, optional): the lower-precision dtype: ``tinytorch.bfloat16``
            or ``tinytorch.float16`` on the CPU, ``tinytorch.float16`` on cuda. Default:
            :func:`get_autocast_dtype` (bfloat16 on the CPU, float16 on cuda, as PyTorch).
        enabled (bool): whether casting happens in the region. Default: True.
        cache_enabled (bool, optional): accepted; tinytorch keeps no cast cache.

    Raises:
        RuntimeError: an unknown ``device_type``; ``dtype=bfloat16`` on cuda, which CuPy
            cannot hold (PyTorch's error for a GPU without bfloat16).
        ValueError: ``device_type`` is not a string.

    Other dtypes, and cuda without a usable GPU, warn and disable the region, as PyTorch does.

    >>> import tinytorch
    >>> a, b = tinytorch.ones(2, 3), tinytorch.ones(3, 2)
    >>> with tinytorch.autocast("cpu"):
    ...     (a @ b).dtype
    tinytorch.bfloat16
    >>> with tinytorch.autocast("cpu", dtype=tinytorch.float16):
    ...     (a @ b).dtype
    tinytorch.float16
    """

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        if device_type not in ("cpu", "cuda"):
            raise RuntimeError(f"User specified an unsupported autocast device_type "
                               f"'{device_type}'")
        self.device = device_type
        self.fast_dtype = (_mode.get_autocast_dtype(device_type) if dtype is None
                           else _dtype.to_dtype(dtype, "autocast"))
        self._enabled = bool(enabled)
        if self._enabled and device_type == "cuda":
            from tinytorch import cuda
            if not cuda.is_available():
                warnings.warn("CUDA is not available or torch_xla is imported. Disabling "
                              "autocast.", UserWarning, stacklevel=2)
                self._enabled = False
            elif self.fast_dtype is _dtype.bfloat16:
                raise RuntimeError(_NO_CUDA_BFLOAT16)
        if self._enabled and self.fast_dtype not in (_dtype.float16, _dtype.bfloat16):
            warnings.warn(_UNSUPPORTED[device_type], UserWarning, stacklevel=2)
            self._enabled = False

    def __enter__(self):
        state = _mode._state
        self._previous = (state.enabled[self.device], state.dtype[self.device])
        _mode._set_enabled(self.device, self._enabled)
        state.dtype[self.device] = self.fast_dtype
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        enabled, _mode._state.dtype[self.device] = self._previous
        _mode._set_enabled(self.device, enabled)
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def decorated(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return decorated
