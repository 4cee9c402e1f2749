"""Thread-local grad mode: ``no_grad``, ``enable_grad``, ``set_grad_enabled``,
``inference_mode``. Each works as a context manager and as a decorator."""

import functools
import threading

class _State(threading.local):
    enabled = True  # a class default: reading it never raises inside a new thread


_state = _State()


def is_grad_enabled():
    """True when operations record the graph for autograd (the default, per thread)."""
    return _state.enabled


def _set_enabled(mode):
    _state.enabled = bool(mode)


class _GradModeContext:
    """Base: set grad mode to ``self.mode`` on enter, restore on exit; also a decorator."""

    mode = True

    def __enter__(self):
        self._prev = is_grad_enabled()
        _set_enabled(self.mode)
        return self

    def __exit__(self, *exc):
        _set_enabled(self._prev)
        return False

    def __call__(self, func):
        mode = self.mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            prev = is_grad_enabled()
            _set_enabled(mode)
            try:
                return func(*args, **kwargs)
            finally:
                _set_enabled(prev)
        return wrapper


class no_grad(_GradModeContext):
    """Disable gradient recording (inference, optimizer updates).

    >>> import tinytorch
    >>> x = tinytorch.ones(2, requires_grad=True)
    >>> with tinytorch.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    mode = False


class enable_grad(_GradModeContext):
    """Enable gradient recording inside a ``no_grad`` block."""

    mode = True


class set_grad_enabled(_GradModeContext):
    """Set grad mode to ``mode``; takes effect immediately, like PyTorch's, and is undone
    on leaving a ``with`` block."""

    def __init__(self, mode):
        self._prev = is_grad_enabled()
        self.mode = bool(mode)
        _set_enabled(self.mode)

    def __enter__(self):
        return self

    def __call__(self, func):
        _set_enabled(self._prev)
        return super().__call__(func)


class inference_mode(_GradModeContext):
    """Like ``no_grad`` (tinytorch has no separate inference tensors)."""

    def __init__(self, mode=True):
        self.mode = not mode
