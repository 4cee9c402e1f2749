"""``detect_anomaly``: record each op's forward stack and name the op whose backward
produced NaN or inf."""

import threading
import traceback
import warnings

class _State(threading.local):
    enabled = False


_state = _State()


def is_enabled():
    """True inside ``detect_anomaly()``."""
    return _state.enabled


def capture_trace():
    """The Python stack of the forward call that created a node (for error reports)."""
    return "".join(traceback.format_stack()[:-3])


class detect_anomaly:
    """Context manager (and decorator) that checks every backward output for NaN/inf.

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
        self._prev = is_enabled()
        _state.enabled = self.check_nan
        return self

    def __exit__(self, *exc):
        _state.enabled = self._prev
        return False

    def __call__(self, func):
        def wrapper(*args, **kwargs):
            with detect_anomaly(self.check_nan):
                return func(*args, **kwargs)
        return wrapper


def check_gradient(node, index, grad, backend):
    """Raise RuntimeError when ``grad`` (from ``node``'s backward) holds NaN or inf."""
    data = grad._data if hasattr(grad, "_data") else grad
    if backend.any(backend.logical_not(backend.isfinite(data))):
        if node.trace:
            warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that "
                          f"caused the error:\n{node.trace}", RuntimeWarning, stacklevel=2)
        raise RuntimeError(
            f"Function '{node.name()}' returned nan values in its {index}th output.")
