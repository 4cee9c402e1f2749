"""Thread-local grad mode: ``no_grad``, ``enable_grad``, ``set_grad_enabled``,
``inference_mode``. Each works as a context manager and as a decorator."""

import functools
import threading

class _State(threading.local):
    enabled = True  # a class default: reading it never raises inside a new thread
    inference = False  # inside inference_mode (NOTE [Inference tensors])


_state = _State()
# NOTE [Inference flag]
# Every new tensor asks whether its thread is inside inference_mode, and reading a
# threading.local attribute costs the tiny graph ~1 %. inference_on counts the threads
# inside it now (changed under a lock by _set_inference): while it is 0, which is nearly
# always, the thread-local need not be read.
inference_on = 0
_inference_lock = threading.Lock()


def is_grad_enabled():
    """Returns True if grad mode is currently enabled (the default; per thread).

    Returns:
        bool: whether operations record the graph for autograd.

    >>> tinytorch.is_grad_enabled()
    True
    >>> with tinytorch.no_grad():
    ...     tinytorch.is_grad_enabled()
    False
    """
    return _state.enabled


def _set_enabled(mode):
    _state.enabled = bool(mode)


INPLACE_ERROR = (
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a "
    "clone to get a normal tensor before doing inplace update.See "
    "https://github.com/pytorch/rfcs/pull/17 for more details.")
SAVED_ERROR = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`.")


class InferenceVersion(list):
    """The version counter ``[0, True]`` of a tensor made inside :class:`inference_mode`
    (NOTE [Inference tensors]): a list whose bump (an in-place write, done by then) raises
    PyTorch's error outside inference mode.

    >>> with tinytorch.inference_mode():
    ...     y = tinytorch.ones(2)
    >>> y.add_(1)
    Traceback (most recent call last):
    RuntimeError: Inplace update to inference tensor outside InferenceMode is not allowed...
    """

    __slots__ = ()

    def __setitem__(self, index, value):
        if not _state.inference:
            raise RuntimeError(INPLACE_ERROR)
        list.__setitem__(self, index, value)


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
    """Context manager (and decorator) that enables gradient recording inside a
    ``no_grad`` or ``set_grad_enabled(False)`` block. Thread local.

    >>> x = tinytorch.tensor([1.0], requires_grad=True)
    >>> with tinytorch.no_grad():
    ...     with tinytorch.enable_grad():
    ...         y = x * 2
    >>> y.requires_grad
    True
    """

    mode = True


class set_grad_enabled(_GradModeContext):
    """Sets gradient recording on or off: a plain call, a context manager or a decorator.
    Like PyTorch's, it takes effect when called and is undone on leaving a ``with`` block.
    Thread local.

    Args:
        mode (bool): enable (``True``) or disable (``False``) grad mode.

    >>> x = tinytorch.tensor([1.0], requires_grad=True)
    >>> with tinytorch.set_grad_enabled(False):
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

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
    """Context manager (and decorator) for inference: grad mode off, and the tensors made
    inside are inference tensors (:meth:`Tensor.is_inference`), as in PyTorch.

    NOTE [Inference tensors]
    A tensor records inference mode in its version counter: ``Tensor._make`` gives a tensor
    made inside ``inference_mode`` an :class:`InferenceVersion` ``[0, True]`` instead of
    ``[0]``. Views share their base's counter, so a view of an inference tensor is one and a
    view of a normal tensor made inside is not: PyTorch's rule. Outside inference mode
    PyTorch's restrictions follow from the counter: an in-place write raises when it bumps an
    ``InferenceVersion``, after writing, as PyTorch's version bump does (an in-place op that
    autograd records raises before writing in PyTorch, after it here); reading ``_version``
    and ``requires_grad_()`` raise too, and so does a recorded op that saves one for backward
    (``_record_saved``: at the op, as in PyTorch). ``detach()`` and ``.data`` of one are
    inference tensors with a counter of their own (a plain ``[0, True]``): written in place
    freely, still refused when saved.
    Differences: PyTorch records no op whose tensor inputs are all inference tensors, and
    saves an input only where a gradient needs it; tinytorch's ops save what their backward
    reads whenever recorded, so an inference tensor that requires grad (one made with
    ``requires_grad=True`` inside the mode) is not refused when saved.

    Args:
        mode (bool): ``True`` (the default) disables grad mode and makes inference tensors;
            ``False`` enables grad mode and makes normal tensors, as in PyTorch.

    >>> x = tinytorch.ones(2, requires_grad=True)
    >>> with tinytorch.inference_mode():
    ...     y = x * 2
    >>> y.requires_grad, y.is_inference()
    (False, True)
    """

    def __init__(self, mode=True):
        self.mode = not mode
        self.inference = bool(mode)

    def __enter__(self):
        self._prev_inference = _state.inference
        _set_inference(self.inference)
        return super().__enter__()

    def __exit__(self, *exc):
        _set_inference(self._prev_inference)
        return super().__exit__(*exc)

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with inference_mode(self.inference):
                return func(*args, **kwargs)
        return wrapper


def _set_inference(value):
    """This thread's inference mode, counted in ``inference_on`` (NOTE [Inference flag])."""
    global inference_on
    if _state.inference != value:
        with _inference_lock:
            inference_on += 1 if value else -1
        _state.inference = value


def is_inference_mode_enabled():
    """Returns True inside :class:`inference_mode` (per thread).

    Returns:
        bool: whether inference mode is on.

    >>> with tinytorch.inference_mode():
    ...     tinytorch.is_inference_mode_enabled()
    True
    """
    return _state.inference
