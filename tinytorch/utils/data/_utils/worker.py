"""The worker-process side of multi-process loading: seeding, ``get_worker_info``, the loop
that fetches batches, and how errors and tensors cross the process boundary.

NOTE [Worker transport]
Batches travel from worker to main process through ``multiprocessing`` queues. A tensor is
sent as its host array (``conversion.host_array``: bfloat16 too) and rebuilt with
``tinytorch.from_numpy`` on arrival, so no backend object crosses the boundary; workers
produce CPU data, as in PyTorch.
Only our own worker's output is read from the queue, never a file.
"""

import collections.abc
import os
import queue
import random
import signal
import sys
import traceback

import tinytorch
from tinytorch._ops import conversion
from tinytorch.backends.host_rng import seed_numpy_global
from tinytorch.utils.data._utils.fetch import create_fetcher

POLL_INTERVAL = 1.0  # seconds between liveness checks while waiting on a queue

_worker_info = None


class WorkerInfo:
    """What :func:`get_worker_info` returns inside a worker: ``id``, ``num_workers``,
    ``seed`` and ``dataset`` (this worker's copy). The DataLoader makes it.

    Args:
        id (int): this worker's index, from 0 to ``num_workers - 1``.
        num_workers (int): the number of workers.
        seed (int): the seed of this worker's random state (the loader's base seed + ``id``).
        dataset (Dataset): this worker's copy of the dataset.

    >>> WorkerInfo(id=0, num_workers=2, seed=1234, dataset=range(4))
    WorkerInfo(id=0, num_workers=2, seed=1234, dataset=range(0, 4))
    """

    def __init__(self, id, num_workers, seed, dataset):
        self.id = id
        self.num_workers = num_workers
        self.seed = seed
        self.dataset = dataset

    def __repr__(self):
        return (f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, "
                f"dataset={self.dataset!r})")


def get_worker_info():
    """The :class:`WorkerInfo` of the current DataLoader worker, or ``None`` in the main
    process. Use it in ``IterableDataset.__iter__`` or ``worker_init_fn`` to split work.

    Returns:
        WorkerInfo or None: this worker's information, None outside a worker.

    >>> import tinytorch
    >>> class Shards(tinytorch.utils.data.IterableDataset):
    ...     def __iter__(self):
    ...         info = get_worker_info()  # worker k of n reads k, k + n, k + 2n, ...
    ...         start, step = (0, 1) if info is None else (info.id, info.num_workers)
    ...         return iter(range(start, 6, step))
    >>> list(Shards())  # in the main process: all of it
    [0, 1, 2, 3, 4, 5]
    """
    return _worker_info


class KeyErrorMessage(str):
    """A str that is its own repr: a KeyError re-raised from a worker shows its message (the
    worker's traceback) over several lines, not as a quoted one-line repr (PyTorch's class).

    >>> print(KeyError(KeyErrorMessage("line 1\\nline 2")))
    line 1
    line 2
    """

    __slots__ = ()

    def __repr__(self):
        return self


class ExceptionWrapper:
    """An exception raised in a worker, carried to the main process with its traceback."""

    def __init__(self, where):
        exc_type, exc, tb = sys.exc_info()
        self.exc_type = exc_type
        self.exc_msg = "".join(traceback.format_exception(exc_type, exc, tb))
        self.where = where

    def reraise(self):
        msg = f"Caught {self.exc_type.__name__} {self.where}.\nOriginal {self.exc_msg}"
        if self.exc_type is KeyError:  # KeyError shows repr(arg), unreadable for a traceback
            msg = KeyErrorMessage(msg)
        elif getattr(self.exc_type, "message", None):  # a type taking its message by keyword
            raise self.exc_type(message=msg)
        try:
            exception = self.exc_type(msg)
        except Exception:  # an exception type whose constructor wants other arguments
            raise RuntimeError(msg) from None
        raise exception


class IterableDatasetStopIteration:
    """A worker's report that its copy of an iterable dataset is exhausted."""

    def __init__(self, worker_id):
        self.worker_id = worker_id


class ResumeIteration:
    """Sent to persistent workers at the start of a new epoch (and echoed back)."""


class WorkerSpec:
    """Everything a worker needs to build its fetcher (sent once, at start)."""

    def __init__(self, loader):
        self.dataset = loader.dataset
        self.is_iterable = loader._is_iterable
        self.auto_collation = loader._auto_collation
        self.collate_fn = loader.collate_fn
        self.drop_last = loader.drop_last
        self.worker_init_fn = loader.worker_init_fn


def to_transport(data):
    """Replace tensors in ``data`` (recursively) by host arrays. See NOTE [Worker transport]."""
    if isinstance(data, tinytorch.Tensor):
        return _HostTensor(conversion.host_array(data.detach()))  # bfloat16 too
    return _map_structure(to_transport, data)


def from_transport(data):
    """Undo :func:`to_transport` in the main process."""
    if isinstance(data, _HostTensor):
        return tinytorch.from_numpy(data.array)
    return _map_structure(from_transport, data)


class _HostTensor:
    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array

    def __getstate__(self):
        return self.array

    def __setstate__(self, array):
        self.array = array


def _map_structure(fn, data):
    if isinstance(data, (str, bytes)):
        return data
    if isinstance(data, collections.abc.Mapping):
        return type(data)({k: fn(v) for k, v in data.items()})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(fn(d) for d in data))
    if isinstance(data, (list, tuple)):
        return type(data)(fn(d) for d in data)
    return data


def draw_base_seed(generator):
    """The seed an iterator's workers derive theirs from, drawn from ``generator`` (or the
    global generator) when an iterator starts. Iterators without workers draw it too, as
    PyTorch's do, so the shuffle order does not depend on ``num_workers``."""
    return int(tinytorch.randint(0, 2 ** 62, (1,), generator=generator).item())


def _seed_worker(base_seed, worker_id):
    """Seed Python's ``random``, NumPy's global RNG and tinytorch's default generator, each
    differently per worker and reproducibly from the loader's ``base_seed``."""

    seed = (base_seed + worker_id) & ((1 << 63) - 1)
    random.seed(seed)
    tinytorch.manual_seed(seed)
    seed_numpy_global(base_seed, worker_id)
    return seed


def _fetch(fetcher, spec, worker_id, index):
    try:
        return to_transport(fetcher.fetch(index)), False
    except StopIteration:
        if spec.is_iterable:
            return IterableDatasetStopIteration(worker_id), True
        return ExceptionWrapper(f"in DataLoader worker process {worker_id}"), False
    except Exception:
        return ExceptionWrapper(f"in DataLoader worker process {worker_id}"), False


def _start(spec, worker_id, num_workers, base_seed):
    """Seed, publish the WorkerInfo, run ``worker_init_fn``: (fetcher, error or None)."""
    global _worker_info
    seed = _seed_worker(base_seed, worker_id)
    _worker_info = WorkerInfo(worker_id, num_workers, seed, spec.dataset)
    try:
        if spec.worker_init_fn is not None:
            spec.worker_init_fn(worker_id)
        return _new_fetcher(spec), None
    except Exception:
        return None, ExceptionWrapper(f"in DataLoader worker process {worker_id}")


def _new_fetcher(spec):
    return create_fetcher(spec.is_iterable, spec.dataset, spec.auto_collation,
                          spec.collate_fn, spec.drop_last)


def worker_loop(spec, index_queue, data_queue, done_event, worker_id, num_workers, base_seed):
    """The body of a worker process: fetch each ``(task_idx, index)`` it is sent, put
    ``(task_idx, batch)`` on ``data_queue``; ``None`` means stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    parent = os.getppid()
    fetcher, init_error = _start(spec, worker_id, num_workers, base_seed)
    exhausted = False
    while not done_event.is_set() and os.getppid() == parent:
        try:
            task = index_queue.get(timeout=POLL_INTERVAL)
        except queue.Empty:
            continue
        if task is None:
            break
        if isinstance(task, ResumeIteration):
            data_queue.put((None, task))
            exhausted = False
            if init_error is None:
                fetcher = _new_fetcher(spec)
            continue
        if exhausted:
            continue  # an exhausted iterable worker ignores stray requests
        idx, index = task
        if init_error is not None:
            data, init_error = init_error, None
        else:
            data, exhausted = _fetch(fetcher, spec, worker_id, index)
        data_queue.put((idx, data))
    if done_event.is_set():
        data_queue.cancel_join_thread()
    data_queue.close()
