"""Anomaly detection: ``detect_anomaly`` / ``set_detect_anomaly`` record each op's forward
stack, so an error in a backward names the op and where its forward ran; with ``check_nan``
the engine also raises on the first backward output holding NaN or inf.

As in PyTorch, the mode is process-wide (``AnomalyMode`` is a global there), unlike grad
mode, which is per thread. Plain module globals also keep the check on every op call cheap:
a ``threading.local`` attribute costs several times a module attribute.
"""

import re
import traceback
import warnings

from tinytorch import _dtype

active = False  # forward stacks are recorded (read directly by Op.apply and the engine)
nan_check = True  # ... and the engine raises on NaN/inf gradients (only while active)


def is_enabled():
    """Returns whether anomaly mode is on (``torch.is_anomaly_enabled``).

    Returns:
        bool: True inside ``detect_anomaly()`` or after ``set_detect_anomaly(True)``.

    >>> tinytorch.is_anomaly_enabled()
    False
    """
    return active


def is_check_nan_enabled():
    """Returns whether anomaly mode also checks backward outputs for NaN and inf
    (``torch.is_anomaly_check_nan_enabled``).

    Returns:
        bool: the ``check_nan`` the mode was last set with (True by default).

    >>> tinytorch.is_anomaly_check_nan_enabled()
    True
    """
    return nan_check


def set_enabled(enabled, check_nan=True):
    """Turns anomaly mode on or off for the whole process (``torch.set_anomaly_enabled``).

    Args:
        enabled (bool): record each op's forward stack for backward errors.
        check_nan (bool): also raise on the first backward output holding NaN or inf.
            Default: ``True``.

    >>> tinytorch.set_anomaly_enabled(True, check_nan=False)
    >>> tinytorch.is_anomaly_enabled(), tinytorch.is_anomaly_check_nan_enabled()
    (True, False)
    >>> tinytorch.set_anomaly_enabled(False)
    """
    global active, nan_check
    active, nan_check = bool(enabled), bool(check_nan)


def capture_trace():
    """The Python stack of the forward call that created a node (for error reports)."""
    return "".join(traceback.format_stack()[:-3])


class set_detect_anomaly:
    """Sets anomaly detection on or off: a plain call, a context manager (restoring the
    previous mode on exit) or a decorator. See :class:`detect_anomaly` for what it does.

    Args:
        mode (bool): ``True`` turns anomaly detection on, ``False`` off.
        check_nan (bool): with ``mode``, also raise on the first backward output holding NaN
            or inf. Default: ``True``.

    >>> with tinytorch.autograd.set_detect_anomaly(True):
    ...     tinytorch.is_anomaly_enabled()
    True
    >>> tinytorch.is_anomaly_enabled()
    False
    """

    def __init__(self, mode, check_nan=True):
        self._prev = (is_enabled(), is_check_nan_enabled())
        set_enabled(mode, check_nan)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        set_enabled(*self._prev)
        return False


class detect_anomaly:
    """Context manager (and decorator) that records forward stacks and, with ``check_nan``
    (the default), checks every backward output for NaN/inf.

    Args:
        check_nan (bool): raise ``RuntimeError`` on the first backward output holding NaN or
            inf. Default: ``True``.

    The error names the backward function and the warning shows where its forward ran:

    >>> import tinytorch
    >>> x = tinytorch.tensor([0.0], requires_grad=True)
    >>> with tinytorch.autograd.detect_anomaly():
    ...     y = x.sqrt() * 0
    ...     y.sum().backward()  # doctest: +SKIP
    """

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        self._prev = (is_enabled(), is_check_nan_enabled())
        set_enabled(True, self.check_nan)
        return self

    def __exit__(self, *exc):
        set_enabled(*self._prev)
        return False

    def __call__(self, func):
        def wrapper(*args, **kwargs):
            with detect_anomaly(self.check_nan):
                return func(*args, **kwargs)
        return wrapper


def warn_forward_trace(node):
    """PyTorch's warning when ``node``'s backward failed in anomaly mode: where the forward
    that created it ran."""
    if node.trace:
        warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused "
                      f"the error:\n{node.trace}", RuntimeWarning, stacklevel=3)


def check_gradient(node, index, grad, backend):
    """Raise RuntimeError when ``grad`` (from ``node``'s backward) holds NaN or inf."""
    data = grad._data if hasattr(grad, "_data") else grad
    if backend.any(backend.logical_not(backend.isfinite(data))):
        warn_forward_trace(node)
        raise RuntimeError(
            f"Function '{node.name()}' returned nan values in its {index}th output.")


def modified_error(value, edge, version, expected):
    """PyTorch's error for a saved ``value`` written in place since: its type, its shape and
    its producer ``edge`` (node, output) as an op ('output 0 of Exp'), none for a leaf or a
    tensor without history. The node saving an output passes itself; for an input, the node
    before it (PyTorch names the input's latest producer: 'Add' after a recorded add_)."""
    producer = "" if edge is None or edge[1] is None else (
        f", which is output {edge[1]} of {re.sub(r'Backward[0-9]*$', '', edge[0].name())},")
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [{_dtype.type_string(value.dtype, value.device.type)} "
        f"{list(value.shape)}]{producer} is at version {version}; expected version {expected} "
        "instead. Hint: enable anomaly detection to find the operation that failed to compute "
        "its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
