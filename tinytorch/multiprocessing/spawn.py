"""``spawn`` / ``start_processes``: run ``fn(i, *args)`` in ``nprocs`` processes, as
``torch.multiprocessing.spawn`` does, and raise the first failure in the parent."""

import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import tempfile
import traceback
import warnings


class ProcessException(Exception):
    """A spawned process failed; ``error_index`` and ``error_pid`` say which.

    Args:
        msg (str): the message.
        error_index (int): the failed process's index (its ``i`` in ``fn(i, *args)``).
        error_pid (int): the failed process's id.

    >>> import tinytorch.multiprocessing as mp
    >>> error = mp.ProcessException("process 1 failed", error_index=1, error_pid=4321)
    >>> error.error_index, error.error_pid, str(error)
    (1, 4321, 'process 1 failed')
    """

    def __init__(self, msg, error_index, error_pid):
        super().__init__(msg)
        self.msg, self.error_index, self.error_pid = msg, error_index, error_pid

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.error_pid)


class ProcessRaisedException(ProcessException):
    """A spawned process raised an exception; the message holds its traceback.

    Args:
        msg (str): the message, with the process's traceback.
        error_index (int): the failed process's index.
        error_pid (int): the failed process's id.

    >>> import tinytorch.multiprocessing as mp
    >>> try:
    ...     mp.spawn(train, nprocs=2)  # train(i) raised in process 1  # doctest: +SKIP
    ... except mp.ProcessRaisedException as error:
    ...     print(error.error_index)
    1
    >>> issubclass(mp.ProcessRaisedException, mp.ProcessException)
    True
    """


class ProcessExitedException(ProcessException):
    """A spawned process was killed by a signal or exited with a non-zero code.

    Args:
        msg (str): the message.
        error_index (int): the failed process's index.
        error_pid (int): the failed process's id.
        exit_code (int): its exit code (minus the signal number if a signal killed it).
        signal_name (str, optional): the signal's name, e.g. ``'SIGKILL'`` (default None).

    >>> import tinytorch.multiprocessing as mp
    >>> error = mp.ProcessExitedException("process 0 terminated with signal SIGKILL", 0,
    ...                                   4321, exit_code=-9, signal_name="SIGKILL")
    >>> error.exit_code, error.signal_name
    (-9, 'SIGKILL')
    """

    def __init__(self, msg, error_index, error_pid, exit_code, signal_name=None):
        super().__init__(msg, error_index, error_pid)
        self.exit_code, self.signal_name = exit_code, signal_name

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.error_pid, self.exit_code,
                            self.signal_name)


def _wrap(fn, i, args, error_file):
    try:
        fn(i, *args)
    except KeyboardInterrupt:
        pass  # the parent stopped us
    except Exception:  # noqa: BLE001 (any failure goes to the parent, with its traceback)
        with open(error_file, "w", encoding="utf-8") as f:  # text: the parent never unpickles
            f.write(traceback.format_exc())
        sys.exit(1)


class ProcessContext:
    """The processes ``start_processes(..., join=False)`` started; :meth:`join` waits.

    Args:
        processes (list of multiprocessing.Process): the started processes, by index.
        error_files (list of str): per process, the file its traceback is written to.

    >>> import tinytorch.multiprocessing as mp
    >>> context = mp.start_processes(print, nprocs=0, join=False)  # none, to run it here
    >>> type(context).__name__, context.pids()
    ('ProcessContext', [])
    """

    def __init__(self, processes, error_files):
        self.processes, self.error_files = processes, error_files
        self.sentinels = {p.sentinel: i for i, p in enumerate(processes)}

    def pids(self):
        """Return the processes' ids.

        Returns:
            list of int: one id per process, by index.

        >>> import tinytorch.multiprocessing as mp
        >>> context = mp.start_processes(print, nprocs=2, join=False)  # doctest: +SKIP
        >>> len(context.pids())  # doctest: +SKIP
        2
        >>> mp.start_processes(print, nprocs=0, join=False).pids()
        []
        """
        return [p.pid for p in self.processes]

    def join(self, timeout=None):
        """Wait for the processes (or until ``timeout``). When one fails, the others are
        stopped and its failure is raised.

        Args:
            timeout (float, optional): seconds to wait at most (default None: until a
                process exits).

        Returns:
            bool: True once all have exited cleanly, False if some still run.

        Raises:
            ProcessRaisedException: a process raised (its traceback is in the message).
            ProcessExitedException: a process died by a signal or with a non-zero exit code.

        >>> import tinytorch.multiprocessing as mp
        >>> context = mp.start_processes(print, nprocs=2, join=False)  # doctest: +SKIP
        >>> while not context.join():  # doctest: +SKIP
        ...     pass
        >>> mp.start_processes(print, nprocs=0, join=False).join(timeout=1.0)
        True
        """
        if not self.sentinels:
            return True
        ready = multiprocessing.connection.wait(self.sentinels.keys(), timeout=timeout)
        for sentinel in ready:
            index = self.sentinels.pop(sentinel)
            self.processes[index].join()
            if self.processes[index].exitcode != 0:
                self._stop_all()
                raise self._failure(index)
        return not self.sentinels

    def _stop_all(self):
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()

    def _failure(self, index):
        process = self.processes[index]
        try:
            with open(self.error_files[index], encoding="utf-8") as f:
                trace = f.read()
        except FileNotFoundError:
            trace = None
        if trace:
            return ProcessRaisedException(f"\n\n-- Process {index:d} terminated with the "
                                          f"following error:\n{trace}", index, process.pid)
        code = process.exitcode
        if code < 0:
            name = signal.Signals(-code).name
            return ProcessExitedException(f"process {index:d} terminated with signal {name}",
                                          index, process.pid, code, name)
        return ProcessExitedException(f"process {index:d} terminated with exit code {code:d}",
                                      index, process.pid, code)


def start_processes(fn, args=(), nprocs=1, join=True, daemon=False, start_method="spawn"):
    """Start ``nprocs`` processes running ``fn(i, *args)`` with ``start_method``.

    If a process raises, the others are stopped and the parent raises
    :class:`ProcessRaisedException` holding the child's traceback.

    Args:
        fn (callable): the function each process runs; with ``'spawn'`` or
            ``'forkserver'``, defined at the top level of a module (so it can be pickled).
        args (tuple): passed after the process index. Tensors in it are shared, not copied.
        nprocs (int): how many processes (default 1).
        join (bool): wait for them (default True) or return a :class:`ProcessContext`.
        daemon (bool): the processes' daemon flag (default False).
        start_method (str): ``'spawn'`` (default), ``'fork'`` or ``'forkserver'``.

    Returns:
        None after joining them (``join=True``), else their :class:`ProcessContext`.

    >>> import tinytorch.multiprocessing as mp
    >>> mp.start_processes(print, args=("hi",), nprocs=2, start_method="fork")  # doctest: +SKIP
    0 hi
    1 hi
    >>> mp.start_processes(print, nprocs=0) is None  # no process, to run it here
    True
    """
    ctx = multiprocessing.get_context(start_method)
    folder = tempfile.mkdtemp(prefix="tinytorch-spawn-")
    error_files = [os.path.join(folder, f"error-{i}.txt") for i in range(nprocs)]
    processes = []
    for i in range(nprocs):
        process = ctx.Process(target=_wrap, args=(fn, i, args, error_files[i]), daemon=daemon)
        process.start()
        processes.append(process)
    context = ProcessContext(processes, error_files)
    if not join:
        return context
    while not context.join():
        pass
    return None


def spawn(fn, args=(), nprocs=1, join=True, daemon=False, start_method="spawn"):
    """Run ``fn(i, *args)`` for ``i`` in ``range(nprocs)``, each in a new spawned process.

    If a process raises, the others are stopped and the parent raises
    :class:`ProcessRaisedException` holding the child's traceback.

    Args:
        fn (callable): defined at the top level of a module (so that it can be pickled).
        args (tuple): passed after the process index. Tensors in it are shared, not copied.
        nprocs (int): how many processes.
        join (bool): wait for them (default) or return a :class:`ProcessContext`.
        daemon (bool): the processes' daemon flag.
        start_method (str): deprecated in PyTorch; anything but ``'spawn'`` warns.

    Returns:
        None, or the :class:`ProcessContext` when ``join=False``.

    >>> import tinytorch.multiprocessing as mp
    >>> mp.spawn(print, args=("hi",), nprocs=2)  # doctest: +SKIP
    0 hi
    1 hi
    >>> mp.spawn(print, nprocs=0) is None  # no process, to run it here
    True
    """
    if start_method != "spawn":
        warnings.warn(f"This method only supports start_method=spawn (got: {start_method}).\n"
                      "To use a different start_method use:\n\t\t"
                      " torch.multiprocessing.start_processes(...)", FutureWarning,
                      stacklevel=2)
    return start_processes(fn, args, nprocs, join, daemon, start_method="spawn")
