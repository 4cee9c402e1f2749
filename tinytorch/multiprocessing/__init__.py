"""``tinytorch.multiprocessing``: Python's ``multiprocessing`` with tensors shared, not
copied, between processes, as ``torch.multiprocessing``.

Every name of :mod:`multiprocessing` is here (``Process``, ``Queue``, ``Pool``,
``get_context``, ``set_start_method``, ...), plus :func:`spawn` and :func:`start_processes`.
CPU tensors sent to another process (as a ``Process`` argument, through a queue or pipe)
travel as shared memory: both processes then hold the same memory, so after
``model.share_memory()`` several processes can train one model (Hogwild). Forked processes
share what was shared before the fork. CUDA tensors cannot be sent (send ``.cpu()``).

>>> import tinytorch
>>> import tinytorch.multiprocessing as mp
>>> t = tinytorch.zeros(3).share_memory_()
>>> t.is_shared()
True
"""

# Every public name of multiprocessing, as PyTorch re-exports them:
from multiprocessing import Array  # noqa: F401
from multiprocessing import AuthenticationError  # noqa: F401
from multiprocessing import Barrier  # noqa: F401
from multiprocessing import BoundedSemaphore  # noqa: F401
from multiprocessing import BufferTooShort  # noqa: F401
from multiprocessing import Condition  # noqa: F401
from multiprocessing import Event  # noqa: F401
from multiprocessing import JoinableQueue  # noqa: F401
from multiprocessing import Lock  # noqa: F401
from multiprocessing import Manager  # noqa: F401
from multiprocessing import Pipe  # noqa: F401
from multiprocessing import Pool  # noqa: F401
from multiprocessing import Process  # noqa: F401
from multiprocessing import ProcessError  # noqa: F401
from multiprocessing import Queue  # noqa: F401
from multiprocessing import RLock  # noqa: F401
from multiprocessing import RawArray  # noqa: F401
from multiprocessing import RawValue  # noqa: F401
from multiprocessing import Semaphore  # noqa: F401
from multiprocessing import SimpleQueue  # noqa: F401
from multiprocessing import TimeoutError  # noqa: F401
from multiprocessing import Value  # noqa: F401
from multiprocessing import active_children  # noqa: F401
from multiprocessing import allow_connection_pickling  # noqa: F401
from multiprocessing import cpu_count  # noqa: F401
from multiprocessing import current_process  # noqa: F401
from multiprocessing import freeze_support  # noqa: F401
from multiprocessing import get_all_start_methods  # noqa: F401
from multiprocessing import get_context  # noqa: F401
from multiprocessing import get_logger  # noqa: F401
from multiprocessing import get_start_method  # noqa: F401
from multiprocessing import log_to_stderr  # noqa: F401
from multiprocessing import parent_process  # noqa: F401
from multiprocessing import reducer  # noqa: F401
from multiprocessing import set_executable  # noqa: F401
from multiprocessing import set_forkserver_preload  # noqa: F401
from multiprocessing import set_start_method  # noqa: F401

from tinytorch.multiprocessing.reductions import init_reductions
from tinytorch.multiprocessing.spawn import ProcessContext
from tinytorch.multiprocessing.spawn import ProcessException
from tinytorch.multiprocessing.spawn import ProcessExitedException
from tinytorch.multiprocessing.spawn import ProcessRaisedException
from tinytorch.multiprocessing.spawn import spawn
from tinytorch.multiprocessing.spawn import start_processes

__all__ = ["set_sharing_strategy", "get_sharing_strategy", "get_all_sharing_strategies", "spawn",
           "start_processes", "ProcessContext", "ProcessException", "ProcessRaisedException",
           "ProcessExitedException", "Array", "AuthenticationError", "Barrier", "BoundedSemaphore",
           "BufferTooShort", "Condition", "Event", "JoinableQueue", "Lock", "Manager", "Pipe",
           "Pool", "Process", "ProcessError", "Queue", "RLock", "RawArray", "RawValue",
           "Semaphore", "SimpleQueue", "TimeoutError", "Value", "active_children",
           "allow_connection_pickling", "cpu_count", "current_process", "freeze_support",
           "get_all_start_methods", "get_context", "get_logger", "get_start_method",
           "log_to_stderr", "parent_process", "reducer", "set_executable",
           "set_forkserver_preload", "set_start_method"]

_ALL_STRATEGIES = {"file_descriptor", "file_system"}
_strategy = ["file_descriptor"]


def set_sharing_strategy(new_strategy):
    """Choose how CPU tensors are shared: ``'file_descriptor'`` or ``'file_system'``.

    Accepted for PyTorch compatibility; tinytorch always passes anonymous shared memory by
    file descriptor, which leaves nothing behind when processes die.

    Args:
        new_strategy (str): one of :func:`get_all_sharing_strategies`.

    Raises:
        AssertionError: ``new_strategy`` is not one of them (PyTorch's assert).

    >>> import tinytorch.multiprocessing as mp
    >>> mp.set_sharing_strategy("file_system")
    >>> mp.get_sharing_strategy()
    'file_system'
    >>> mp.set_sharing_strategy("file_descriptor")
    """
    if new_strategy not in _ALL_STRATEGIES:
        raise AssertionError(f"invalid sharing strategy {new_strategy!r}, expected one of "
                             f"{_ALL_STRATEGIES}")
    _strategy[0] = new_strategy


def get_sharing_strategy():
    """Return the current strategy for sharing CPU tensors.

    Returns:
        str: the strategy last set (default ``'file_descriptor'``).

    >>> import tinytorch.multiprocessing as mp
    >>> mp.get_sharing_strategy()
    'file_descriptor'
    """
    return _strategy[0]


def get_all_sharing_strategies():
    """Return the sharing strategies :func:`set_sharing_strategy` accepts.

    Returns:
        set of str: ``{'file_descriptor', 'file_system'}``.

    >>> import tinytorch.multiprocessing as mp
    >>> sorted(mp.get_all_sharing_strategies())
    ['file_descriptor', 'file_system']
    """
    return set(_ALL_STRATEGIES)


init_reductions()
