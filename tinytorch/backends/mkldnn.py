"""``tinytorch.backends.mkldnn``: oneDNN (formerly MKL-DNN), which tinytorch does not use.

``is_available()`` is False; the switches (``enabled``, ``deterministic``, ``allow_tf32``)
are accepted and have no effect, as ``torch.backends.cudnn``'s.

>>> import tinytorch
>>> tinytorch.backends.mkldnn.is_available()
False
"""

import contextlib
import sys

enabled = True
deterministic = False
allow_tf32 = True
VERBOSE_OFF = 0
VERBOSE_ON = 1
VERBOSE_ON_CREATION = 2


def is_available():
    """False: tinytorch is not built with oneDNN.

    Returns:
        bool: False.

    >>> tinytorch.backends.mkldnn.is_available()
    False
    """
    return False


def is_acl_available():
    """False: tinytorch is not built with oneDNN (nor Arm's Compute Library).

    Returns:
        bool: False.

    >>> tinytorch.backends.mkldnn.is_acl_available()
    False
    """
    return False


def set_flags(_enabled=None, _deterministic=None, _allow_tf32=None, _fp32_precision="none"):
    """Set the switches given (not None) and return the previous ones, as PyTorch's.

    Args:
        _enabled (bool, optional): the new ``enabled``.
        _deterministic (bool, optional): the new ``deterministic``.
        _allow_tf32 (bool, optional): the new ``allow_tf32``.
        _fp32_precision (str): accepted; no effect.

    Returns:
        tuple: the previous ``(enabled, deterministic, allow_tf32, 'none')``.

    >>> before = tinytorch.backends.mkldnn.set_flags(False)
    >>> _ = tinytorch.backends.mkldnn.set_flags(*before[:3])
    """
    module = sys.modules[__name__]
    before = (module.enabled, module.deterministic, module.allow_tf32, "none")
    for name, value in (("enabled", _enabled), ("deterministic", _deterministic),
                        ("allow_tf32", _allow_tf32)):
        if value is not None:
            setattr(module, name, value)
    return before


@contextlib.contextmanager
def flags(enabled=False, deterministic=False, allow_tf32=True, fp32_precision="none"):
    """Set the switches for a ``with`` block and restore them after it.

    Args:
        enabled (bool): ``enabled`` inside the block. Default: False.
        deterministic (bool): ``deterministic`` inside the block. Default: False.
        allow_tf32 (bool): ``allow_tf32`` inside the block. Default: True.
        fp32_precision (str): accepted; no effect.

    Returns:
        contextlib.AbstractContextManager: the context manager.

    >>> with tinytorch.backends.mkldnn.flags(enabled=False):
    ...     pass
    """
    before = set_flags(enabled, deterministic, allow_tf32, fp32_precision)
    try:
        yield
    finally:
        set_flags(*before)


class verbose:  # noqa: N801 (PyTorch's name)
    """PyTorch's on-demand oneDNN verbose region; accepted, prints nothing (no oneDNN is used).

    Args:
        level (int): ``VERBOSE_OFF``, ``VERBOSE_ON`` or ``VERBOSE_ON_CREATION``.

    >>> with tinytorch.backends.mkldnn.verbose(tinytorch.backends.mkldnn.VERBOSE_ON):
    ...     pass
    """

    def __init__(self, level):
        self.level = level

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
