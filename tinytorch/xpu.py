"""``tinytorch.xpu``: Intel's XPU devices, which tinytorch does not support.

Device-picking code such as ``"xpu" if torch.xpu.is_available() else "cpu"`` (PyTorch's own
examples carry it) runs unchanged and picks another device; what needs a device raises
PyTorch's error for a build without XPU.

>>> import tinytorch
>>> tinytorch.xpu.is_available(), tinytorch.xpu.device_count()
(False, 0)
"""


def is_available():
    """Returns False: tinytorch has no XPU backend.

    Returns:
        bool: False.

    >>> tinytorch.xpu.is_available()
    False
    """
    return False


def device_count():
    """Returns 0: there are no XPU devices for tinytorch.

    Returns:
        int: 0.

    >>> tinytorch.xpu.device_count()
    0
    """
    return 0


def is_initialized():
    """Returns False, as PyTorch's build without XPU answers.

    Returns:
        bool: False.

    >>> tinytorch.xpu.is_initialized()
    False
    """
    return False


def manual_seed(seed):
    """Does nothing (no XPU generators), as PyTorch's build without XPU.

    Args:
        seed (int): ignored.

    >>> tinytorch.xpu.manual_seed(0)
    """


manual_seed_all = manual_seed


def empty_cache():
    """Does nothing (no XPU memory), as PyTorch's build without XPU.

    >>> tinytorch.xpu.empty_cache()
    """


def synchronize(device=None):
    """Raises PyTorch's AssertionError for a build without XPU.

    Args:
        device (optional): ignored.

    Raises:
        AssertionError: always.

    >>> tinytorch.xpu.synchronize()
    Traceback (most recent call last):
    AssertionError: Torch not compiled with XPU enabled
    """
    raise AssertionError("Torch not compiled with XPU enabled")


def current_device():
    """Raises PyTorch's AssertionError for a build without XPU.

    Raises:
        AssertionError: always.

    >>> tinytorch.xpu.current_device()
    Traceback (most recent call last):
    AssertionError: Torch not compiled with XPU enabled
    """
    raise AssertionError("Torch not compiled with XPU enabled")
