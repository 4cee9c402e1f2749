"""``tinytorch.autograd.profiler``: PyTorch's older profiler spelling, ``profile(enabled=True)``
and ``record_function``, over :mod:`tinytorch.profiler` (see NOTE [Profiler] there)."""

from tinytorch import profiler as _profiler
from tinytorch.profiler import record_function

__all__ = ["profile", "record_function"]


class profile(_profiler.profile):  # noqa: N801 -- PyTorch's name
    """``torch.autograd.profiler.profile``: records while active unless ``enabled`` is
    False; its events are ``function_events``, printable with :meth:`table`.

    Args:
        enabled (bool): record at all. Default: True.
        record_shapes (bool): keep each op's input shapes. Default: False.
        **kwargs: PyTorch's other options (``use_cuda``, ``profile_memory``, ...), accepted.

    >>> import tinytorch
    >>> with profile() as prof:
    ...     _ = tinytorch.ones(2) * 3
    >>> [e.name for e in prof.function_events]
    ['aten::mul']
    """

    def __init__(self, enabled=True, *, record_shapes=False, **kwargs):
        super().__init__(record_shapes=record_shapes)
        self.enabled = enabled

    def start(self):
        """Start recording (nothing when ``enabled`` is False).

        >>> prof = profile(enabled=False)
        >>> prof.start()
        >>> prof.stop()
        >>> prof.function_events
        []
        """
        if self.enabled:
            super().start()
        else:
            self.finished = _profiler.EventList()

    @property
    def function_events(self):
        """The recorded events (:meth:`tinytorch.profiler.profile.events`)."""
        return self.events()

    @property
    def self_cpu_time_total(self):
        """The self CPU time of all events, in microseconds."""
        return sum(e.self_cpu_time_total for e in self.events())

    def table(self, sort_by=None, row_limit=100, **kwargs):
        """The events' table (each event a row), as ``function_events.table``.

        Args:
            sort_by (str, optional): as :meth:`tinytorch.profiler.EventList.table`.
            row_limit (int): rows at most. Default: 100.
            **kwargs: the table's other options.

        Returns:
            str: the table.

        >>> import tinytorch
        >>> with profile() as prof:
        ...     _ = tinytorch.ones(2) * 3
        >>> prof.table().splitlines()[-1].startswith("Self CPU time total")
        True
        """
        return self.events().table(sort_by=sort_by, row_limit=row_limit, **kwargs)
