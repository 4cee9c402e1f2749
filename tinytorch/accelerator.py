"""``tinytorch.accelerator``: PyTorch's device-agnostic names for the current accelerator.

tinytorch's only accelerator is CUDA (through CuPy). It counts as built when CuPy is
installed and as available when a GPU can be used, as a CUDA build of PyTorch reports.

>>> import tinytorch
>>> device = (tinytorch.accelerator.current_accelerator().type
...           if tinytorch.accelerator.is_available() else "cpu")
"""

from tinytorch import cuda
from tinytorch._device import device as _device
from tinytorch.backends.cuda import is_built as _built

_NONE = "Cannot access accelerator device when none is available."


def is_available():
    """Checks whether an accelerator (a CUDA GPU) can be used now.

    Returns:
        bool: True when CuPy is installed and a GPU can be used.

    >>> tinytorch.accelerator.is_available() == tinytorch.cuda.is_available()
    True
    """
    return _built() and cuda.is_available()


def current_accelerator(check_available=False):
    """The accelerator's device type, ``tinytorch.device('cuda')``, or None.

    Args:
        check_available (bool): also require that it can be used now.

    Returns:
        tinytorch.device or None: None when CuPy is not installed (or, with
        ``check_available``, when no GPU can be used).

    >>> acc = tinytorch.accelerator.current_accelerator()
    >>> acc is None or acc.type == "cuda"
    True
    """
    if not _built() or (check_available and not cuda.is_available()):
        return None
    return _device("cuda")


def device_count():
    """Returns the number of accelerator devices that can be used.

    Returns:
        int: the number of CUDA GPUs (0 without CuPy or a GPU).

    >>> tinytorch.accelerator.device_count() >= 0
    True
    """
    return cuda.device_count() if _built() else 0


def _require():
    if not is_available():
        raise RuntimeError(_NONE)


def current_device_index():
    """Returns the index of the current accelerator device.

    Returns:
        int: the current CUDA device's index.

    Raises:
        RuntimeError: no accelerator is available (PyTorch's message).

    >>> if tinytorch.accelerator.is_available():
    ...     index = tinytorch.accelerator.current_device_index()
    """
    _require()
    return cuda.current_device()


def set_device_index(device, /):
    """Make ``device`` the current accelerator device.

    Args:
        device (tinytorch.device, str or int): the device: an index, ``'cuda:N'`` or a
            device.

    Raises:
        RuntimeError: no accelerator is available (PyTorch's message).

    >>> if tinytorch.accelerator.is_available():
    ...     tinytorch.accelerator.set_device_index(0)
    """
    _require()
    cuda.set_device(device)


def synchronize(device=None, /):
    """Wait for every kernel queued on ``device`` to finish.

    Args:
        device (tinytorch.device, str or int, optional): the device; the current one when
            None (the default).

    Raises:
        RuntimeError: no accelerator is available (PyTorch's message).

    >>> if tinytorch.accelerator.is_available():
    ...     tinytorch.accelerator.synchronize()
    """
    _require()
    cuda.synchronize(device)
