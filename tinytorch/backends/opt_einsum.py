"""``tinytorch.backends.opt_einsum``: the opt_einsum package, which tinytorch does not use.

``tinytorch.einsum`` needs no package to choose its contraction order: NumPy's (or CuPy's)
``einsum`` picks one itself (``optimize=True``). So, as PyTorch without opt-einsum installed:
``is_available()`` is False, ``get_opt_einsum()`` None, ``enabled`` False, ``strategy`` None,
and asking :func:`set_flags` to enable it or set a strategy raises ``ValueError``.

>>> import tinytorch
>>> tinytorch.backends.opt_einsum.is_available()
False
"""

import contextlib

enabled = False
strategy = None


def is_available():
    """False: tinytorch does not use the opt_einsum package.

    Returns:
        bool: False.

    >>> tinytorch.backends.opt_einsum.is_available()
    False
    """
    return False


def get_opt_einsum():
    """The opt_einsum package if tinytorch used it: None.

    Returns:
        None: no package is used.

    >>> tinytorch.backends.opt_einsum.get_opt_einsum() is None
    True
    """
    return None


def set_flags(_enabled=None, _strategy=None):
    """Check the switches as PyTorch without opt-einsum does; return the current ones.

    Args:
        _enabled (bool, optional): only False (or None) is accepted.
        _strategy (str, optional): only None is accepted.

    Returns:
        tuple: ``(enabled, None)`` as they were.

    Raises:
        ValueError: ``_enabled`` is True, or a ``_strategy`` is given.

    >>> tinytorch.backends.opt_einsum.set_flags(False)
    (False, None)
    """
    if _enabled:
        raise ValueError(
            f"opt_einsum is not available, so setting `enabled` to {_enabled} will not reap the "
            "benefits of calculating an optimal path for einsum. torch.einsum will fall back to "
            "contracting from left to right. To enable this optimal path calculation, please "
            "install opt-einsum.")
    if _strategy is not None:
        raise ValueError(
            f"opt_einsum is not available, so setting `strategy` to {_strategy} will not be "
            "meaningful. torch.einsum will bypass path calculation and simply contract from "
            "left to right. Please install opt_einsum or unset `strategy`.")
    return enabled, None


@contextlib.contextmanager
def flags(enabled=None, strategy=None):
    """Check the switches for a ``with`` block (see :func:`set_flags`).

    Args:
        enabled (bool, optional): only False (or None) is accepted.
        strategy (str, optional): only None is accepted.

    Returns:
        contextlib.AbstractContextManager: the context manager.

    >>> with tinytorch.backends.opt_einsum.flags(enabled=False):
    ...     pass
    """
    set_flags(enabled, strategy)
    yield
