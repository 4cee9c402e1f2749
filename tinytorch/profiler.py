"""``tinytorch.profiler``: PyTorch's profiler API on the CPU, so a script that profiles runs and
reads a table of where the time went.

NOTE [Profiler]
While a ``profile`` records, ``Op.apply`` and ``Function.apply`` are replaced by timing
wrappers (so an op costs nothing extra when no profile records) and the backward engine
times each node it runs (one test of ``_profiling.recorder`` per node). An event is a name,
its start and end in nanoseconds and its depth: an op inside another op or inside a
``record_function`` range is its child, and an event's self time is its time less its
children's. Forward ops are named as PyTorch's (``aten::`` and the op's name in snake case:
``aten::addmm``, ``aten::relu``), backward nodes by their node's name (``AddmmBackward0``),
custom Functions by their class; PyTorch's own decompositions (``aten::linear`` calling
``aten::t`` and ``aten::addmm``) and CUDA kernels are not mirrored. ``key_averages()``
groups events by name (and input shapes), ``table()`` prints them as PyTorch does, and
``export_chrome_trace`` writes the Chrome trace format TensorBoard and chrome://tracing read.
"""

import enum
import functools
import json
import os
import re
import socket
import threading
import time
import warnings

from tinytorch import _profiling
from tinytorch._ops._op import Op
from tinytorch._tensor import Tensor
from tinytorch.autograd.function import Function

__all__ = ["EventList", "ProfilerAction", "ProfilerActivity", "profile", "record_function",
           "schedule", "tensorboard_trace_handler"]


class ProfilerActivity(enum.Enum):
    """The devices a :class:`profile` records: ``CPU`` (tinytorch's events); ``CUDA`` is
    accepted and records nothing more (no kernel timings).

    >>> ProfilerActivity.CPU.name
    'CPU'
    """

    CPU = 0
    CUDA = 1


class ProfilerAction(enum.Enum):
    """What a :func:`schedule` asks of the profiler at a step.

    >>> schedule(wait=0, warmup=1, active=1)(1)
    <ProfilerAction.RECORD_AND_SAVE: 3>
    """

    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def schedule(*, wait, warmup, active, repeat=0, skip_first=0):
    """PyTorch's profiling schedule: after ``skip_first`` steps, cycles of ``wait`` idle
    steps, ``warmup`` steps and ``active`` recorded steps (the last saves: ``on_trace_ready``
    runs), ``repeat`` times (0: forever).

    Args:
        wait (int): idle steps at the start of each cycle.
        warmup (int): steps that run the profiler without keeping events.
        active (int): recorded steps.
        repeat (int): cycles, 0 for no limit. Default: 0.
        skip_first (int): steps ignored at the very start. Default: 0.

    Returns:
        callable: ``step -> ProfilerAction``.

    Raises:
        ValueError: a negative count or ``active`` of 0 (PyTorch's message).

    >>> s = schedule(wait=1, warmup=1, active=2)
    >>> [s(i).name for i in range(5)]
    ['NONE', 'WARMUP', 'RECORD', 'RECORD_AND_SAVE', 'NONE']
    """
    if wait < 0 or warmup < 0 or active <= 0 or repeat < 0 or skip_first < 0:
        raise ValueError("Invalid profiler schedule arguments")
    if warmup == 0:
        warnings.warn("Profiler won't be using warmup, this can skew profiler results",
                      UserWarning, stacklevel=2)
    cycle = wait + warmup + active

    def schedule_fn(step):
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if repeat > 0 and step / cycle >= repeat:
            return ProfilerAction.NONE
        at = step % cycle
        if at < wait:
            return ProfilerAction.NONE
        if at < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if at < cycle - 1 else ProfilerAction.RECORD_AND_SAVE
    return schedule_fn


class FunctionEvent:
    """One recorded event: ``name``, ``input_shapes``, its times in microseconds
    (``cpu_time_total``, ``self_cpu_time_total``) and the thread that ran it."""

    def __init__(self, name, start_ns, shapes, thread, depth):
        self.name, self.input_shapes, self.thread, self.depth = name, shapes, thread, depth
        self.start_ns = start_ns
        self.end_ns = start_ns
        self.children_ns = 0
        self.count = 1

    @property
    def cpu_time_total(self):
        return (self.end_ns - self.start_ns) / 1e3

    @property
    def self_cpu_time_total(self):
        return (self.end_ns - self.start_ns - self.children_ns) / 1e3

    @property
    def key(self):
        return self.name

    def __repr__(self):
        return (f"<FunctionEvent name={self.name} cpu_time_total={self.cpu_time_total:.3f}us "
                f"self_cpu_time_total={self.self_cpu_time_total:.3f}us>")


class FunctionEventAvg:
    """Events of one name (and input shapes) together: ``count`` and summed times;
    ``cpu_time`` is the average total time of one."""

    def __init__(self, key, input_shapes):
        self.key, self.input_shapes = key, input_shapes
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0

    def add(self, event):
        self.count += 1
        self.cpu_time_total += event.cpu_time_total
        self.self_cpu_time_total += event.self_cpu_time_total

    @property
    def cpu_time(self):
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total:.3f}"
                f"us cpu_time={self.cpu_time_total:.3f}us count={self.count}>")


def _format_time(us):
    if us >= 1e6:
        return f"{us / 1e6:.3f}s"
    if us >= 1e3:
        return f"{us / 1e3:.3f}ms"
    return f"{us:.3f}us"


class EventList(list):
    """A list of events (:meth:`profile.events`) or of their averages
    (:meth:`profile.key_averages`), printable with :meth:`table`.

    >>> import tinytorch
    >>> with profile() as prof:
    ...     _ = tinytorch.ones(1) + 1
    >>> isinstance(prof.key_averages(), EventList)
    True
    """

    by_shape = False  # averages grouped by input shapes: the table shows them

    def table(self, sort_by=None, row_limit=100, max_name_column_width=55, header=None,
              top_level_events_only=False):
        """PyTorch's table: name, self CPU time and its share, total CPU time and its share,
        the average and the number of calls, and the self CPU time of all events.

        Args:
            sort_by (str, optional): ``"cpu_time_total"``, ``"self_cpu_time_total"``,
                ``"cpu_time"`` or ``"count"`` (descending); None keeps the order.
            row_limit (int): rows at most. Default: 100.
            max_name_column_width (int): the name column's width at most. Default: 55.
            header (str, optional): a line printed first.
            top_level_events_only (bool): only events without a parent. Default: False.

        Returns:
            str: the table.

        >>> import tinytorch
        >>> with profile() as prof:
        ...     _ = tinytorch.ones(1) + 1
        >>> prof.key_averages().table().splitlines()[1].split()[:4]
        ['Name', 'Self', 'CPU', '%']
        """
        rows = [e for e in self if not top_level_events_only or getattr(e, "depth", 0) == 0]
        if sort_by is not None:
            rows.sort(key=lambda e: getattr(e, sort_by), reverse=True)
        total = sum(e.self_cpu_time_total for e in self) or 1.0
        shapes = self.by_shape and any(e.input_shapes for e in rows)
        width = min(max([len(e.key) for e in rows] + [4]) + 4, max_name_column_width)
        columns = ["Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg",
                   "# of Calls"] + (["Input Shapes"] if shapes else [])
        line = "-" * width + "  " + "  ".join("-" * 12 for _ in columns) + "  "
        out = [header] if header else []
        out += [line, f"{'Name':>{width}}  " + "  ".join(f"{c:>12}" for c in columns) + "  ",
                line]
        for e in rows[:row_limit]:
            name = e.key if len(e.key) <= width else e.key[:width - 3] + "..."
            cells = [f"{e.self_cpu_time_total / total * 100:.2f}%",
                     _format_time(e.self_cpu_time_total),
                     f"{e.cpu_time_total / total * 100:.2f}%", _format_time(e.cpu_time_total),
                     _format_time(e.cpu_time_total / e.count), str(e.count)]
            if shapes:
                cells.append(str(e.input_shapes))
            out.append(f"{name:>{width}}  " + "  ".join(f"{c:>12}" for c in cells) + "  ")
        out += [line, f"Self CPU time total: {_format_time(total)}", ""]
        return "\n".join(out)


class _Recorder:
    """The events of one recording (see NOTE [Profiler])."""

    def __init__(self, record_shapes):
        self.record_shapes = record_shapes
        self.events = []
        self.local = threading.local()

    def begin(self, name, args=()):
        stack = self.local.__dict__.setdefault("stack", [])
        shapes = ([list(a.shape) if isinstance(a, Tensor) else [] for a in args]
                  if self.record_shapes else [])
        event = FunctionEvent(name, time.perf_counter_ns(), shapes, threading.get_ident(),
                              len(stack))
        self.events.append(event)
        stack.append(event)
        return event

    def end(self, event):
        event.end_ns = time.perf_counter_ns()
        stack = self.local.stack
        stack.pop()
        if stack:
            stack[-1].children_ns += event.end_ns - event.start_ns

    def timed(self, event_name, args, fn, /, *call_args, **kwargs):
        event = self.begin(event_name, args)
        try:
            return fn(*call_args, **kwargs)
        finally:
            self.end(event)


# Node names whose words PyTorch's op name runs together
_RUN_TOGETHER = {"FMax": "fmax", "MatMul": "matmul", "LogAddExp": "logaddexp"}


@functools.lru_cache(maxsize=None)
def _op_name(cls):
    """``aten::`` and the node's name in snake case, as PyTorch names the op: a word boundary
    before a capital after a lower-case letter, or before a capitalised word after an acronym
    (``KLDiv`` -> ``kl_div``); none after a digit (``MaxPool2DWithIndices`` ->
    ``max_pool2d_with_indices``, ``Log1P`` -> ``log1p``)."""
    base = re.sub(r"Backward\d*$", "", cls.node_name) or cls.__name__
    base = _RUN_TOGETHER.get(base, base)
    return "aten::" + re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", base).lower()


_ORIGINAL_APPLY = (Op.__dict__["apply"], Function.__dict__["apply"])


def _install(recorder):
    op_apply, function_apply = (a.__func__ for a in _ORIGINAL_APPLY)

    def timed_op(cls, *args, **options):
        return recorder.timed(_op_name(cls), args, op_apply, cls, *args, **options)

    def timed_function(cls, *args, **kwargs):
        return recorder.timed(cls.__name__, args, function_apply, cls, *args, **kwargs)
    Op.apply, Function.apply = classmethod(timed_op), classmethod(timed_function)
    _profiling.recorder = recorder


def _uninstall():
    Op.apply, Function.apply = _ORIGINAL_APPLY
    _profiling.recorder = None


class record_function:  # noqa: N801 -- PyTorch's name
    """A named range in the profile (a context manager or a decorator): the ops inside it
    are its children.

    Args:
        name (str): the range's name.
        args (str, optional): accepted, as PyTorch's.

    >>> import tinytorch
    >>> with profile() as prof:
    ...     with record_function("step"):
    ...         y = tinytorch.ones(2) * 2
    >>> [e.name for e in prof.events()]
    ['step', 'aten::mul']
    """

    def __init__(self, name, args=None):
        self.name = name
        self.event = None

    def __enter__(self):
        if _profiling.recorder is not None:
            self.event = _profiling.recorder.begin(self.name)
        return self

    def __exit__(self, *exc):
        if self.event is not None and _profiling.recorder is not None:
            _profiling.recorder.end(self.event)
        self.event = None

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            with record_function(self.name):
                return fn(*args, **kwargs)
        return wrapped


class profile:  # noqa: N801 -- PyTorch's name
    """PyTorch's profiler context: records tinytorch's ops (forward and backward) and
    :class:`record_function` ranges on the CPU while active (see NOTE [Profiler]).

    Args:
        activities (iterable of ProfilerActivity, optional): accepted; CPU events are
            recorded.
        schedule (callable, optional): ``step -> ProfilerAction`` (see :func:`schedule`),
            advanced by :meth:`step`; None records the whole context.
        on_trace_ready (callable, optional): called with the profiler when a recording ends
            (a schedule's RECORD_AND_SAVE step, or the context's exit).
        record_shapes (bool): keep the input shapes of each op. Default: False.
        profile_memory, with_stack, with_flops, with_modules: accepted, as PyTorch's; not
            recorded.
        **kwargs: PyTorch's other options, accepted.

    >>> import tinytorch
    >>> with profile(record_shapes=True) as prof:
    ...     y = (tinytorch.ones(2, 3) * 2).sum()
    >>> [(a.key, a.count) for a in prof.key_averages()]
    [('aten::mul', 1), ('aten::sum', 1)]
    """

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None,
                 record_shapes=False, profile_memory=False, with_stack=False, with_flops=False,
                 with_modules=False, **kwargs):
        self.schedule = schedule
        self.on_trace_ready = on_trace_ready
        self.record_shapes = record_shapes
        self.step_num = 0
        self.recorder = None
        self.finished = None  # the last finished recording's events
        self.action = ProfilerAction.RECORD

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        """Start profiling (step 0 of the schedule): :meth:`__enter__` without a ``with``.

        >>> prof = profile()
        >>> prof.start()
        >>> prof.stop()
        >>> len(prof.events())
        0
        """
        self.step_num = 0
        self.action = ProfilerAction.RECORD if self.schedule is None else self.schedule(0)
        if self.action in (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE):
            self._begin()

    def stop(self):
        """Stop profiling; a recording in progress ends and is handed to ``on_trace_ready``.

        >>> prof = profile(on_trace_ready=lambda p: print("ready"))
        >>> prof.start()
        >>> prof.stop()
        ready
        """
        if self.recorder is not None:
            self._finish()

    def step(self):
        """Tell the schedule a step ended: recording starts, continues or ends (and is
        handed to ``on_trace_ready``) as it says.

        >>> import tinytorch
        >>> with profile(schedule=schedule(wait=1, warmup=1, active=1),
        ...              on_trace_ready=lambda p: print(p.step_num)) as prof:
        ...     for _ in range(4):
        ...         _ = tinytorch.ones(1) * 2
        ...         prof.step()
        3
        """
        if self.schedule is None:
            return
        previous = self.action
        self.step_num += 1
        self.action = self.schedule(self.step_num)
        if previous == ProfilerAction.RECORD_AND_SAVE and self.recorder is not None:
            self._finish()
        recording = (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE)
        if self.action in recording and self.recorder is None:
            self._begin()
        elif self.action not in recording and self.recorder is not None:
            self._finish(save=False)

    def _begin(self):
        if _profiling.recorder is not None:
            raise RuntimeError("Profiler is already enabled on this thread")
        self.recorder = _Recorder(self.record_shapes)
        _install(self.recorder)

    def _finish(self, save=True):
        _uninstall()
        self.finished, self.recorder = EventList(self.recorder.events), None
        if save and self.on_trace_ready is not None:
            self.on_trace_ready(self)

    def events(self):
        """The events of the last finished recording (in start order).

        Returns:
            EventList: the events.

        Raises:
            RuntimeError: nothing was recorded yet.

        >>> import tinytorch
        >>> with profile() as prof:
        ...     _ = tinytorch.ones(1) + 1
        >>> [e.name for e in prof.events()]
        ['aten::add']
        """
        if self.finished is None:
            raise RuntimeError("Profiler didn't finish running")
        return self.finished

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        """The events grouped by name (and, optionally, input shapes), in first-seen order.

        Args:
            group_by_input_shape (bool): one group per name and shapes. Default: False.
            group_by_stack_n (int): accepted, as PyTorch's.

        Returns:
            EventList: the averages, printable with ``.table()``.

        >>> import tinytorch
        >>> with profile() as prof:
        ...     for _ in range(3):
        ...         _ = tinytorch.ones(1) + 1
        >>> [(a.key, a.count) for a in prof.key_averages()]
        [('aten::add', 3)]
        """
        groups = {}
        for event in self.events():
            key = (event.name, str(event.input_shapes) if group_by_input_shape else None)
            if key not in groups:
                groups[key] = FunctionEventAvg(event.name, event.input_shapes
                                               if group_by_input_shape else [])
            groups[key].add(event)
        averages = EventList(groups.values())
        averages.by_shape = group_by_input_shape
        return averages

    def export_chrome_trace(self, path):
        """Write the events in the Chrome trace format (chrome://tracing, TensorBoard).

        Args:
            path (str or PathLike): the JSON file to write.

        >>> import json, os, tempfile, tinytorch
        >>> with profile() as prof:
        ...     _ = tinytorch.ones(1) + 1
        >>> path = os.path.join(tempfile.mkdtemp(), "trace.json")
        >>> prof.export_chrome_trace(path)
        >>> with open(path) as f:
        ...     json.load(f)["traceEvents"][0]["name"]
        'aten::add'
        """
        pid = os.getpid()
        trace = {"traceEvents": [
            {"name": e.name, "ph": "X", "cat": "cpu_op", "ts": e.start_ns / 1e3,
             "dur": (e.end_ns - e.start_ns) / 1e3, "pid": pid, "tid": e.thread,
             "args": {"Input Dims": e.input_shapes} if e.input_shapes else {}}
            for e in self.events()]}
        with open(path, "w") as f:
            json.dump(trace, f)


def tensorboard_trace_handler(dir_name, worker_name=None, use_gzip=False):
    """An ``on_trace_ready`` that writes each recording as
    ``<dir_name>/<worker_name>.<time_ns>.pt.trace.json`` (TensorBoard's profiler plugin reads
    them).

    Args:
        dir_name (str): the directory (created if missing).
        worker_name (str, optional): default ``<hostname>_<pid>``.
        use_gzip (bool): accepted; the file is plain JSON. Default: False.

    Returns:
        callable: the handler.

    >>> import os, tempfile, tinytorch
    >>> folder = tempfile.mkdtemp()
    >>> with profile(on_trace_ready=tensorboard_trace_handler(folder, "worker")):
    ...     _ = tinytorch.ones(1) + 1
    >>> os.listdir(folder)[0].endswith(".pt.trace.json")
    True
    """
    def handler(prof):
        os.makedirs(dir_name, exist_ok=True)
        name = worker_name or f"{socket.gethostname()}_{os.getpid()}"
        prof.export_chrome_trace(os.path.join(dir_name, f"{name}.{time.time_ns()}.pt.trace"
                                                        f".json"))
    return handler
