"""tinytorch's CPU threads: the setting behind ``tinytorch.set_num_threads`` /
``get_num_threads`` and the worker threads the CPU backend splits large kernels over.

NOTE [CPU threads]
The CPU backend runs every large kernel as a few independent parts, one per thread: a GEMM
split by rows, columns or batch, an elementwise kernel or a copy split by blocks of elements
(tinytorch/backends/cpu_parallel.py). The caller's thread runs the first part and
``get_num_threads() - 1`` worker threads the others; NumPy drops the GIL inside its loops and
BLAS calls, so the parts run at once. The BLAS library under NumPy (OpenBLAS, MKL or BLIS) is
pinned to one thread when the CPU backend starts (threadpoolctl), as PyTorch runs its GEMMs
inside its own intra-op pool: a BLAS pool beside ours would put two threads on each core, and
OpenBLAS's threads spin for a while after each call, taking the cores the next kernel needs.
Two halves of a GEMM on one thread each run as fast as the whole GEMM on two BLAS threads.

Each part of a split kernel computes a fixed block of the result with the same arithmetic
whatever the timing, so results are the same bits run to run. A kernel called while the
workers are busy (from a worker, or from a second user thread) runs its parts one after the
other on the calling thread. The workers start at the first split kernel, not at import;
after ``fork`` the child starts its own. DataLoader worker processes are separate:
``num_workers`` counts those.
"""

import contextlib
import os
import threading

_count = [None]  # the thread count; None until set or first asked for
_workers = []  # get_num_threads() - 1 started workers
_busy = threading.Lock()  # held while the workers run one kernel's parts
_local = threading.local()  # .depth: how many one_thread() regions this thread is inside


def _blas_controller():
    import numpy  # noqa: F401  (loads the BLAS library threadpoolctl must find)
    from threadpoolctl import ThreadpoolController
    return ThreadpoolController().select(user_api="blas")


def pin_blas():
    """One BLAS thread for the whole process (see NOTE [CPU threads]), its buffer for the
    calling thread warmed (NOTE [Warm BLAS buffers])."""
    _blas_controller().limit(limits=1)
    _warm_blas()


# NOTE [Warm BLAS buffers]
# OpenBLAS packs a GEMM's operands into a buffer of its own, one per caller running at once
# (a slot taken for each call, the first free one). On the 2-core EPYC KVM guest a slot whose
# first GEMMs were all small stays slow at mid-size GEMMs for the rest of the process: float32
# (128, 784) @ (784, 256) ran at 6 GMAC/s instead of 17.5, the book CNN's convolution GEMM
# (100, 3200) @ (3200, 64) at 6.2 instead of 17, the MLP's 784-512 layer split over two
# threads at 4.3 ms instead of 1.5 -- until one GEMM with at least ~384 output columns and
# ~64 rows had run in that slot; from then on every shape ran at full speed. The kernel's
# profile is the same both ways, so the time goes to memory (most likely its prefetches into
# never-written pages of the buffer, a failed page walk each time, which a virtual machine's
# nested paging makes costly). NumPy's default BLAS threads hide it: their first large GEMM
# runs threaded and fills every slot. With BLAS pinned to one thread tinytorch fills them
# itself, with one 384x384x384 float32 GEMM (~3.5 ms on that machine) on each thread that may
# call BLAS at once: the caller when the CPU backend starts, and the caller and every worker
# together when workers start (so each takes its own slot). It changes no result; other
# BLAS libraries just run one GEMM more.
_WARM_SIDE = 384


def _warm_blas():
    import numpy as np
    a = np.ones((_WARM_SIDE, _WARM_SIDE), np.float32)
    np.matmul(a, a)


def _default_count():
    env = os.environ.get("OMP_NUM_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return cpu_count()


def cpu_count():
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def get_num_threads():
    """The number of threads used for intra-op parallelism on the CPU.

    Returns:
        int: the count given to :func:`set_num_threads`, or before that ``OMP_NUM_THREADS``
        when set, else the number of cores this process may run on.

    >>> import tinytorch
    >>> tinytorch.get_num_threads() >= 1
    True
    """
    if _count[0] is None:
        _count[0] = _default_count()
    return _count[0]


def set_num_threads(num):
    """Set the number of threads used for intra-op parallelism on the CPU.

    tinytorch splits each large CPU kernel (GEMMs, elementwise kernels, copies) into ``num``
    parts run on ``num`` threads, as ``torch.set_num_threads`` sets PyTorch's intra-op pool.
    See NOTE [CPU threads] in ``tinytorch/backends/threads.py``.

    Args:
        num (int): a positive number of threads.

    Raises:
        RuntimeError: ``num`` is not a positive ``int`` (PyTorch's messages).

    >>> import tinytorch
    >>> before = tinytorch.get_num_threads()
    >>> tinytorch.set_num_threads(1)
    >>> tinytorch.get_num_threads()
    1
    >>> tinytorch.set_num_threads(before)
    """
    if isinstance(num, bool) or not isinstance(num, int):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    pin_blas()
    with _busy:
        _count[0] = num
        while len(_workers) > num - 1:
            _workers.pop().stop()


# NOTE [Loops of small kernels]
# Handing a part to a worker costs a wake-up of the worker's core and, when the caller waits,
# of the caller's: on the 2-core EPYC KVM guest (whose guest_halt_poll_ns is 0, so a waiting
# vCPU halts and every wake-up is a VM exit) a round trip of two empty parts took 90-150 us on
# 2026-12-06 (50-80 us on other days). A large kernel pays it once; a loop of small dependent
# kernels pays it at every kernel it splits. An LSTM step of batch 100, hidden 128, has a
# (100, 128) @ (128, 512) GEMM (0.17 ms on one thread) and an exp of 51,200 elements (0.11 ms)
# per time step in each direction: above the split sizes, yet each split saved less than a
# hand-off cost (the benchmark's LSTM step: 47 ms on two threads, 41 ms on one). Such a loop
# runs inside ``one_thread()``: its kernels run whole on the calling thread, and the large
# kernels around the loop (the input projection, the weight gradients over all steps) still
# split. Running the loop itself as batch blocks on the threads (one hand-off in all) lost too:
# a block's dozens of short NumPy calls per step pass the GIL back and forth, each pass a
# wake-up of the same cost (the backward loop: 9.8 ms on one thread, 16.9 ms on two).


def available():
    """How many threads a kernel may split over now: 1 inside ``one_thread()`` (NOTE [Loops
    of small kernels]), else ``get_num_threads()``."""
    return 1 if getattr(_local, "depth", 0) else get_num_threads()


@contextlib.contextmanager
def one_thread():
    """Within it, the calling thread's kernels run whole on that thread (NOTE [Loops of small
    kernels]); other threads are not affected."""
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1


class _Worker:
    """A thread that runs one task at a time; ``go`` and ``done`` are handed back and forth
    (a lock pair wakes a thread in a few microseconds, a Condition or a queue in ~10)."""

    def __init__(self):
        self.go, self.done = threading.Lock(), threading.Lock()
        self.go.acquire()
        self.done.acquire()
        self.task = self.error = None
        threading.Thread(target=self._loop, name="tinytorch-cpu", daemon=True).start()

    def _loop(self):
        while True:
            self.go.acquire()
            if self.task is None:
                return
            try:
                self.task()
            except BaseException as e:  # handed to the caller, which raises it
                self.error = e
            self.done.release()

    def start(self, task):
        self.task, self.error = task, None
        self.go.release()

    def join(self):
        self.done.acquire()
        error, self.task, self.error = self.error, None, None
        return error

    def stop(self):
        self.task = None
        self.go.release()


def parallel(tasks):
    """Run the callables ``tasks`` (at most get_num_threads() of them) at once: the caller runs
    the first, the workers the others; the first exception raised is raised here."""
    if len(tasks) <= 1 or not _busy.acquire(blocking=False):
        for task in tasks:
            task()
        return
    try:
        _start_workers(len(tasks) - 1)
        _run_parts(tasks, _workers[:len(tasks) - 1])
    finally:
        _busy.release()


def beside(task):
    """Start ``task()`` on a worker thread while the caller goes on; return a function that
    waits for it and returns its result (or raises its exception). Call that exactly once:
    the workers are this task's until then (a split kernel meanwhile runs its parts on its
    caller). With one thread, or while the workers are busy, ``task`` runs at once on the
    caller (see NOTE [Weight gradients beside the loop] in composite.py)."""
    if get_num_threads() < 2 or not _busy.acquire(blocking=False):
        try:
            result, failed = task(), None
        except BaseException as error:  # raised at the join, as a worker's is
            result, failed = None, error
        return lambda: _result(result, failed)
    try:
        _start_workers(1)
    except BaseException:
        _busy.release()
        raise
    box = [None]
    _workers[0].start(lambda: box.__setitem__(0, task()))

    def join():
        try:
            failed = _workers[0].join()
        finally:
            _busy.release()
        return _result(box[0], failed)
    return join


def _result(value, error):
    if error is not None:
        raise error
    return value


def _start_workers(n):
    """At least ``n`` workers, new ones with their BLAS buffers warmed (NOTE [Warm BLAS
    buffers]); the caller holds _busy."""
    if len(_workers) < n:
        while len(_workers) < n:
            _workers.append(_Worker())
        _run_parts([_warm_blas] * (len(_workers) + 1), _workers)


def _run_parts(tasks, started):
    """tasks[0] on the caller, the others on the workers ``started``; the first exception raised
    is raised here."""
    for worker, task in zip(started, tasks[1:]):
        worker.start(task)
    error = None
    try:
        tasks[0]()
    except BaseException as e:
        error = e
    for worker in started:
        failed = worker.join()
        error = error or failed
    if error is not None:
        raise error


def _after_fork_in_child():
    global _busy
    _workers.clear()  # their threads do not exist in the child
    _busy = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
