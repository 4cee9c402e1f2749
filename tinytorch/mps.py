"""``tinytorch.mps``: Apple's Metal devices, which tinytorch does not support (see also
``tinytorch.backends.mps``); what needs a device raises PyTorch's error for a build without
MPS.

>>> import tinytorch
>>> tinytorch.mps.is_available(), tinytorch.mps.device_count()
(False, 0)
"""

from tinytorch.backends import mps as _backend


def is_available():
    """Returns False: tinytorch has no MPS (Apple Metal) backend.

    Returns:
        bool: False.

    >>> tinytorch.mps.is_available()
    False
    """
    return _backend.is_available()


def device_count():
    """Returns 0: there are no MPS devices for tinytorch.

    Returns:
        int: 0.

    >>> tinytorch.mps.device_count()
    0
    """
    return 0


def manual_seed(seed):
    """Does nothing (no MPS generator), as PyTorch's build without MPS.

    Args:
        seed (int): ignored.

    >>> tinytorch.mps.manual_seed(0)
    """


def empty_cache():
    """Raises PyTorch's RuntimeError for a build without MPS.

    Raises:
        RuntimeError: always.

    >>> tinytorch.mps.empty_cache()
    Traceback (most recent call last):
    RuntimeError: Cannot execute emptyCache() without MPS backend.
    """
    raise RuntimeError("Cannot execute emptyCache() without MPS backend.")


def synchronize():
    """Raises PyTorch's RuntimeError for a build without MPS.

    Raises:
        RuntimeError: always.

    >>> tinytorch.mps.synchronize()
    Traceback (most recent call last):
    RuntimeError: Cannot execute deviceSynchronize() without MPS backend.
    """
    raise RuntimeError("Cannot execute deviceSynchronize() without MPS backend.")
