"""CUDA streams and events (``torch.cuda.Stream``, ``torch.cuda.Event``) over CuPy's.

tinytorch queues every kernel on CuPy's current stream, so work inside
``with tinytorch.cuda.stream(s):`` runs on ``s``. The default stream is CUDA's legacy null
stream, which waits for (and is waited for by) blocking streams; :class:`Stream` makes
non-blocking ones, as PyTorch does, so order work across them with :meth:`Stream.wait_stream`
or events.
"""

from tinytorch import _device
from tinytorch.cuda import _index
from tinytorch.cuda import _require


def _runtime():
    from tinytorch.backends.cuda import runtime
    return runtime


class Stream:
    """A CUDA stream: a queue of kernels that run in order, concurrently with other streams'.

    Args:
        device (int, str or tinytorch.device, optional): its device (default None: the
            current one).
        priority (int): lower numbers run first when both are ready; 0 is the default.

    Raises:
        RuntimeError: CUDA is unavailable.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     s = tinytorch.cuda.Stream()
    ...     with tinytorch.cuda.stream(s):
    ...         y = tinytorch.ones(4, device="cuda") * 2  # queued on s
    ...     tinytorch.cuda.current_stream().wait_stream(s)
    """

    def __init__(self, device=None, priority=0, **kwargs):
        _require()
        index = _index(device)
        native = kwargs.get("_native")
        self._native = _runtime().new_stream(index, priority) if native is None else native
        self.device = _device.device("cuda", index)
        self.priority = priority

    @property
    def cuda_stream(self):
        """int: the ``cudaStream_t`` handle (0 for the default stream)."""
        return self._native.ptr

    def query(self):
        """Check whether all work queued on this stream has finished.

        Returns:
            bool: True when it has.

        >>> if tinytorch.cuda.is_available():
        ...     idle = tinytorch.cuda.current_stream().query()
        """
        return self._native.done

    def synchronize(self):
        """Wait until all work queued on this stream has finished.

        >>> if tinytorch.cuda.is_available():
        ...     tinytorch.cuda.current_stream().synchronize()
        """
        self._native.synchronize()

    def wait_event(self, event):
        """Make work queued on this stream from now on wait for ``event``.

        Args:
            event (Event): the event to wait for.

        >>> if tinytorch.cuda.is_available():
        ...     e = tinytorch.cuda.Event()
        ...     e.record()
        ...     tinytorch.cuda.Stream().wait_event(e)
        """
        event.wait(self)

    def wait_stream(self, stream):
        """Make work queued on this stream from now on wait for all work queued on
        ``stream`` so far.

        Args:
            stream (Stream): the stream to wait for.

        >>> if tinytorch.cuda.is_available():
        ...     tinytorch.cuda.Stream().wait_stream(tinytorch.cuda.current_stream())
        """
        self.wait_event(stream.record_event())

    def record_event(self, event=None):
        """Record an event on this stream.

        Args:
            event (Event, optional): the event to record (default None: a new one).

        Returns:
            Event: the recorded event.

        >>> if tinytorch.cuda.is_available():
        ...     done = tinytorch.cuda.current_stream().record_event()
        """
        event = Event() if event is None else event
        event.record(self)
        return event

    def __eq__(self, other):
        return isinstance(other, Stream) and (self.device, self.cuda_stream) == (
            other.device, other.cuda_stream)

    def __hash__(self):
        return hash((self.cuda_stream, self.device))

    def __repr__(self):
        return f"<torch.cuda.Stream device={self.device} cuda_stream={self.cuda_stream:#x}>"


class Event:
    """A CUDA event: a marker in a stream, to wait for or to time work between two.

    Args:
        enable_timing (bool): whether :meth:`elapsed_time` can use it. Default: False.
        blocking (bool): whether :meth:`synchronize` blocks the thread instead of spinning.
        interprocess (bool): whether it can be shared between processes.
        external (bool): accepted for PyTorch's signature.

    Raises:
        RuntimeError: CUDA is unavailable.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     start = tinytorch.cuda.Event(enable_timing=True)
    ...     end = tinytorch.cuda.Event(enable_timing=True)
    ...     start.record()
    ...     a = tinytorch.ones(1000, 1000, device="cuda")
    ...     y = a @ a
    ...     end.record()
    ...     end.synchronize()
    ...     ms = start.elapsed_time(end)
    """

    def __init__(self, enable_timing=False, blocking=False, interprocess=False, external=False):
        _require()
        self.enable_timing, self.blocking, self.interprocess = (
            enable_timing, blocking, interprocess)
        self._native = None  # created on its first record, as PyTorch's

    def record(self, stream=None):
        """Record the event on a stream: it completes when the work queued there so far does.

        Args:
            stream (Stream, optional): the stream (default None: the current one).

        >>> if tinytorch.cuda.is_available():
        ...     tinytorch.cuda.Event().record()
        """
        stream = current_stream() if stream is None else stream
        if self._native is None:
            self._native = _runtime().new_event(self.enable_timing, self.blocking,
                                                self.interprocess)
        self._native.record(stream._native)

    def wait(self, stream=None):
        """Make work queued on a stream from now on wait for this event.

        Args:
            stream (Stream, optional): the stream (default None: the current one).

        >>> if tinytorch.cuda.is_available():
        ...     tinytorch.cuda.Event().wait()  # a never-recorded event: nothing to wait for
        """
        if self._native is not None:
            stream = current_stream() if stream is None else stream
            stream._native.wait_event(self._native)

    def query(self):
        """Check whether the work before the event's record has finished.

        Returns:
            bool: True when it has (or the event was never recorded).

        >>> if tinytorch.cuda.is_available():
        ...     assert tinytorch.cuda.Event().query()
        """
        return self._native is None or self._native.done

    def synchronize(self):
        """Wait until the work before the event's record has finished.

        >>> if tinytorch.cuda.is_available():
        ...     tinytorch.cuda.Event().synchronize()
        """
        if self._native is not None:
            self._native.synchronize()

    def elapsed_time(self, end_event):
        """Milliseconds between this event's record and ``end_event``'s.

        Args:
            end_event (Event): the later event.

        Returns:
            float: the time in milliseconds.

        Raises:
            RuntimeError: either event was never recorded.

        >>> if tinytorch.cuda.is_available():
        ...     a, b = tinytorch.cuda.Event(True), tinytorch.cuda.Event(True)
        ...     a.record(); b.record(); b.synchronize()
        ...     assert a.elapsed_time(b) >= 0
        """
        if self._native is None or end_event._native is None:
            raise RuntimeError("Both events must be recorded before calculating elapsed time.")
        return _runtime().elapsed_ms(self._native, end_event._native)


def current_stream(device=None):
    """Return the stream that kernels on a CUDA device are queued on now.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        Stream: the current stream.

    Raises:
        RuntimeError: CUDA is unavailable.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     tinytorch.cuda.current_stream().synchronize()
    """
    _require()
    index = _index(device)
    return Stream(index, _native=_runtime().current_stream(index))


def default_stream(device=None):
    """Return the default (null) stream of a CUDA device.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        Stream: the default stream (``cuda_stream`` 0).

    Raises:
        RuntimeError: CUDA is unavailable.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     assert tinytorch.cuda.default_stream().cuda_stream == 0
    """
    _require()
    return Stream(device, _native=_runtime().default_stream())


def set_stream(stream):
    """Make ``stream`` the current stream of its device (prefer :func:`stream`, which restores
    the previous one).

    Args:
        stream (Stream): the stream; None does nothing.

    >>> import tinytorch
    >>> tinytorch.cuda.set_stream(None)
    """
    if stream is not None:
        stream._native.use()


class StreamContext:
    """Context manager that makes a stream current for its block (``torch.cuda.StreamContext``)
    and restores the previous one on exit; with None, or without CUDA, it does nothing.

    Args:
        stream (Stream, optional): the stream to select.

    >>> import tinytorch
    >>> with tinytorch.cuda.StreamContext(None):  # does nothing: runs without a GPU too
    ...     x = tinytorch.ones(2)
    """

    def __init__(self, stream):
        self.stream = stream
        self.previous = None

    def __enter__(self):
        if self.stream is not None:
            self.previous = current_stream(self.stream.device)
            set_stream(self.stream)

    def __exit__(self, *exc):
        if self.stream is not None:
            set_stream(self.previous)


def stream(stream):
    """Select a stream for the block of a ``with`` statement: the kernels queued inside run on
    it (:class:`StreamContext`).

    Args:
        stream (Stream, optional): the stream; None selects nothing.

    Returns:
        StreamContext: the context manager.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     with tinytorch.cuda.stream(tinytorch.cuda.Stream()):
    ...         y = tinytorch.ones(3, device="cuda") + 1
    """
    return StreamContext(stream)


def is_current_stream_capturing():
    """Whether the current stream is capturing a CUDA graph: never in tinytorch, which does
    not capture CUDA graphs.

    Returns:
        bool: False.

    Raises:
        RuntimeError: CUDA is unavailable.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     assert tinytorch.cuda.is_current_stream_capturing() is False
    """
    _require()
    return False
