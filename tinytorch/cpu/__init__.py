"""``tinytorch.cpu``: ``torch.cuda``'s device names for the CPU, as ``torch.cpu``, so that
device-agnostic code (``getattr(torch, device_type).synchronize()``) runs on the CPU too.

The CPU is one device, always available; its kernels finish before an op returns, so there
is nothing to synchronize and streams and events are placeholders.

>>> import tinytorch
>>> device_type = "cuda" if tinytorch.cuda.is_available() else "cpu"
>>> getattr(tinytorch, device_type).synchronize()
"""

from tinytorch.cpu import amp  # noqa: F401  (torch.cpu.amp: deprecated aliases)


def is_available():
    """True: the CPU is always available.

    Returns:
        bool: True.

    >>> tinytorch.cpu.is_available()
    True
    """
    return True


def is_initialized():
    """True: the CPU needs no initialization.

    Returns:
        bool: True.

    >>> tinytorch.cpu.is_initialized()
    True
    """
    return True


def device_count():
    """The number of CPU devices (not cores): 1.

    Returns:
        int: 1.

    >>> tinytorch.cpu.device_count()
    1
    """
    return 1


def current_device():
    """The current CPU device: ``'cpu'``.

    Returns:
        str: ``'cpu'``.

    >>> tinytorch.cpu.current_device()
    'cpu'
    """
    return "cpu"


def set_device(device):
    """Set the current CPU device: nothing to do, there is one.

    Args:
        device (tinytorch.device, str or int): ignored.

    >>> tinytorch.cpu.set_device("cpu")
    """


def synchronize(device=None):
    """Wait for the CPU's kernels: they have all finished already.

    Args:
        device (tinytorch.device, str or int, optional): ignored.

    >>> tinytorch.cpu.synchronize()
    """


class Stream:
    """A placeholder for ``torch.cuda.Stream`` on the CPU: work runs in order anyway.

    Args:
        priority (int): ignored. Default: -1.

    >>> with tinytorch.cpu.stream(tinytorch.cpu.Stream()):
    ...     y = tinytorch.ones(2) + 1
    """

    def __init__(self, priority=-1):
        pass

    def wait_stream(self, stream):
        """Nothing to wait for.

        Args:
            stream (Stream): ignored.

        >>> tinytorch.cpu.Stream().wait_stream(tinytorch.cpu.current_stream())
        """

    def record_event(self):
        """Nothing to record.

        >>> tinytorch.cpu.Stream().record_event()
        """

    def wait_event(self, event):
        """Nothing to wait for.

        Args:
            event (Event): ignored.

        >>> tinytorch.cpu.Stream().wait_event(tinytorch.cpu.Event())
        """


class Event:
    """A placeholder for ``torch.cuda.Event`` on the CPU: always complete.

    >>> e = tinytorch.cpu.Event()
    >>> e.record(); e.synchronize(); e.query()
    True
    """

    def query(self):
        """Whether the work before the event has finished: always.

        Returns:
            bool: True.

        >>> tinytorch.cpu.Event().query()
        True
        """
        return True

    def record(self, stream=None):
        """Nothing to record.

        Args:
            stream (Stream, optional): ignored.

        >>> tinytorch.cpu.Event().record()
        """

    def synchronize(self):
        """Nothing to wait for.

        >>> tinytorch.cpu.Event().synchronize()
        """

    def wait(self, stream=None):
        """Nothing to wait for.

        Args:
            stream (Stream, optional): ignored.

        >>> tinytorch.cpu.Event().wait()
        """


_default_stream = Stream()
_current = [_default_stream]


def current_stream(device=None):
    """The current CPU stream (placeholder).

    Args:
        device (tinytorch.device, str or int, optional): ignored.

    Returns:
        Stream: the stream selected by the innermost :func:`stream` block, else the default.

    >>> isinstance(tinytorch.cpu.current_stream(), tinytorch.cpu.Stream)
    True
    """
    return _current[0]


class StreamContext:
    """Context manager that selects a CPU stream for its block (placeholder, as PyTorch's).

    Args:
        stream (Stream, optional): the stream; None selects nothing.

    >>> s = tinytorch.cpu.Stream()
    >>> with tinytorch.cpu.StreamContext(s):
    ...     assert tinytorch.cpu.current_stream() is s
    """

    def __init__(self, stream):
        self.stream = stream
        self.prev_stream = _default_stream

    def __enter__(self):
        if self.stream is not None:
            self.prev_stream = _current[0]
            _current[0] = self.stream

    def __exit__(self, *exc):
        if self.stream is not None:
            _current[0] = self.prev_stream


def stream(stream):
    """Select a CPU stream for a ``with`` block (placeholder, as PyTorch's).

    Args:
        stream (Stream, optional): the stream.

    Returns:
        StreamContext: the context manager.

    >>> with tinytorch.cpu.stream(tinytorch.cpu.Stream()):
    ...     pass
    """
    return StreamContext(stream)
