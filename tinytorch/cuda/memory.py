"""``tinytorch.cuda``'s memory statistics (``torch.cuda.memory``): CuPy's memory pool counted
as PyTorch's caching allocator is. See NOTE [CUDA memory] in tinytorch/backends/cuda/runtime.py.
"""

import collections
import gc
import warnings

from tinytorch._ops._op import Node
from tinytorch._tensor import Tensor
from tinytorch.cuda import _index
from tinytorch.cuda import _require
from tinytorch.cuda import is_initialized


def _stat(name, device):
    if not is_initialized():
        return 0
    from tinytorch.backends.cuda import runtime
    return getattr(runtime, name)(_index(device))


def memory_allocated(device=None):
    """Return the bytes in use by tensors and saved autograd values on a CUDA device (the
    blocks of CuPy's pool in use).

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        int: bytes allocated, 0 before CUDA is initialized.

    >>> import tinytorch
    >>> tinytorch.cuda.memory_allocated() >= 0
    True
    """
    return _stat("allocated", device)


def max_memory_allocated(device=None):
    """Return the peak of :func:`memory_allocated` since the process started or the last
    :func:`reset_peak_memory_stats`.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        int: peak bytes allocated, 0 before CUDA is initialized.

    >>> import tinytorch
    >>> tinytorch.cuda.max_memory_allocated() >= tinytorch.cuda.memory_allocated()
    True
    """
    return _stat("max_allocated", device)


def memory_reserved(device=None):
    """Return the bytes CuPy's pool holds from the driver (what nvidia-smi shows), in use or
    cached for reuse.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        int: bytes reserved, 0 before CUDA is initialized.

    >>> import tinytorch
    >>> tinytorch.cuda.memory_reserved() >= tinytorch.cuda.memory_allocated()
    True
    """
    return _stat("reserved", device)


def reset_peak_memory_stats(device=None):
    """Restart the peak that :func:`max_memory_allocated` reports from the current usage.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    >>> import tinytorch
    >>> tinytorch.cuda.reset_peak_memory_stats()
    >>> tinytorch.cuda.max_memory_allocated() == tinytorch.cuda.memory_allocated()
    True
    """
    if is_initialized():
        _stat("reset_peak", device)


def empty_cache():
    """Return the pool's unused cached blocks to the driver (live tensors stay).

    >>> import tinytorch
    >>> tinytorch.cuda.empty_cache()  # does nothing before CUDA is initialized
    """
    if is_initialized():
        from tinytorch.backends.cuda import runtime
        runtime.empty_cache()


def memory_summary(device=None, abbreviated=False):
    """A readable table of the device's memory: live tensors, values the autograd graph keeps
    for backward, and blocks CuPy's pool keeps cached for reuse.

    The cached part is why nvidia-smi shows the card fuller than ``memory_allocated``: freed
    blocks stay in the pool for the next allocation until ``empty_cache()``.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).
        abbreviated (bool): accepted for PyTorch compatibility; the table is always the
            short one (default False).

    Returns:
        str: the table, one line per quantity.

    >>> import tinytorch
    >>> print(tinytorch.cuda.memory_summary())  # doctest: +ELLIPSIS
    CUDA memory summary...
    """
    if not is_initialized():
        return "CUDA memory summary: no CUDA memory has been allocated in this process.\n"
    from tinytorch.backends.cuda import runtime
    tensors, saved = _live_arrays()
    stats = runtime.breakdown(tensors, saved, _index(device))
    rows = [("live tensors", stats["tensors"]),
            ("autograd graph (saved for backward)", stats["autograd_saved"]),
            ("allocated (all blocks in use)", stats["allocated"]),
            ("peak allocated", stats["peak"]),
            ("cached by CuPy's pool, free for reuse", stats["cached_free"]),
            ("reserved from the driver (nvidia-smi)", stats["reserved"])]
    lines = [f"CUDA memory summary, device cuda:{_index(device)}"]
    lines += [f"  {name:<40} {runtime.format_size(value):>12}" for name, value in rows]
    lines.append("  Freed blocks stay cached in the pool (fast reuse), so nvidia-smi shows the "
                 "reserved bytes; empty_cache() returns the free ones to the driver.")
    return "\n".join(lines) + "\n"


def _live_arrays():
    """Arrays of the live tensors and the values saved by live autograd nodes."""
    tensors, saved = [], []
    for obj in gc.get_objects():
        kind = type(obj)  # not isinstance: it reads obj.__class__, which some objects compute
        if issubclass(kind, Tensor):
            tensors.append(obj._data)
        elif issubclass(kind, Node) and obj.saved:
            saved.extend(obj.saved)
    return tensors, saved


def memory_stats(device=None):
    """The statistics of CuPy's memory pool on a CUDA device, under PyTorch's key names
    (``torch.cuda.memory_stats``), sorted by key.

    The keys: ``allocated_bytes.all.current`` / ``.peak`` (blocks in use, as
    :func:`memory_allocated` / :func:`max_memory_allocated`), ``active_bytes.all.current`` /
    ``.peak`` (the same: CuPy has no blocks waiting on other streams),
    ``reserved_bytes.all.current`` / ``.peak`` (held from the driver, as
    :func:`memory_reserved` / :func:`max_memory_reserved`),
    ``inactive_split_bytes.all.current`` (reserved but not in use), ``num_alloc_retries``
    (0) and ``num_ooms`` (allocations that failed). PyTorch's per-pool (``small_pool``,
    ``large_pool``) and cumulative (``.allocated``, ``.freed``) keys are not kept.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        collections.OrderedDict: the statistics; empty before CUDA is initialized.

    >>> import tinytorch
    >>> stats = tinytorch.cuda.memory_stats()
    >>> stats.get("allocated_bytes.all.current", 0) == tinytorch.cuda.memory_allocated()
    True
    """
    if not is_initialized():
        return collections.OrderedDict()
    from tinytorch.backends.cuda import runtime
    return collections.OrderedDict(runtime.memory_stats(_index(device)))


def max_memory_reserved(device=None):
    """Return the peak of :func:`memory_reserved` since the process started or the last
    :func:`reset_peak_memory_stats`.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        int: peak bytes reserved, 0 before CUDA is initialized.

    >>> import tinytorch
    >>> tinytorch.cuda.max_memory_reserved() >= tinytorch.cuda.memory_reserved()
    True
    """
    return memory_stats(device).get("reserved_bytes.all.peak", 0)


def reset_max_memory_allocated(device=None):
    """Deprecated: calls :func:`reset_peak_memory_stats`, which restarts every peak (PyTorch's
    FutureWarning says so).

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    >>> import tinytorch, warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     tinytorch.cuda.reset_max_memory_allocated()
    >>> caught[0].category.__name__
    'FutureWarning'
    """
    warnings.warn("torch.cuda.reset_max_memory_allocated now calls "
                  "torch.cuda.reset_peak_memory_stats, which resets /all/ peak memory stats.",
                  FutureWarning, stacklevel=2)
    reset_peak_memory_stats(device)


def mem_get_info(device=None):
    """Return the free and the total memory of a CUDA device, as the driver reports them
    (``cudaMemGetInfo``): other processes' allocations and CuPy's cached blocks count as
    used.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        tuple[int, int]: ``(free, total)`` in bytes.

    Raises:
        RuntimeError: CUDA is unavailable.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     free, total = tinytorch.cuda.mem_get_info()
    """
    _require()
    from tinytorch.backends.cuda import runtime
    return tuple(runtime.mem_get_info(_index(device)))


def ipc_collect():
    """Free GPU memory that other processes no longer use through CUDA IPC: nothing to do in
    tinytorch, which never shares cuda tensors between processes.

    Raises:
        RuntimeError: CUDA is unavailable.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     tinytorch.cuda.ipc_collect()
    """
    _require()
