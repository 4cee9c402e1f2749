"""``tinytorch.amp``: automatic mixed precision (bfloat16 and float16), as ``torch.amp``.

>>> import tinytorch
>>> scaler = tinytorch.amp.GradScaler("cpu")
>>> with tinytorch.amp.autocast("cpu", dtype=tinytorch.float16):
...     pass
"""

from tinytorch.amp._autocast import autocast
from tinytorch.amp._custom import custom_bwd
from tinytorch.amp._custom import custom_fwd
from tinytorch.amp.autocast_mode import get_autocast_dtype
from tinytorch.amp.autocast_mode import is_autocast_enabled
from tinytorch.amp.grad_scaler import GradScaler


def is_autocast_available(device_type):
    """Return whether autocast is available on ``device_type``.

    Args:
        device_type (str): the device type, e.g. ``'cpu'`` or ``'cuda'``.

    Returns:
        bool: True for the device types tinytorch's autocast knows, ``'cpu'`` and
        ``'cuda'`` (whether or not a GPU is present).

    >>> import tinytorch
    >>> tinytorch.amp.is_autocast_available("cpu"), tinytorch.amp.is_autocast_available("mps")
    (True, False)
    """
    return device_type in ("cpu", "cuda")
