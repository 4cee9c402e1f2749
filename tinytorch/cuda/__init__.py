"""``tinytorch.cuda``: PyTorch's ``torch.cuda`` names for device management, seeding and
memory statistics.

Nothing here imports CuPy at import time; each function loads it only when it needs the
GPU. Without CuPy or without a GPU, ``is_available()`` is False, ``device_count()`` is 0, the
memory statistics are 0, and using a cuda device raises a RuntimeError that says why.
See NOTE [CUDA memory] in tinytorch/backends/cuda/runtime.py.
"""

import gc

from tinytorch import _device
from tinytorch import _random
from tinytorch._ops._op import Node
from tinytorch._tensor import Tensor
from tinytorch.backends import cuda as _backend

_current = [0]


def is_available():
    """Return whether CUDA can be used: CuPy is installed and sees at least one device.

    Returns:
        bool: True when cuda tensors can be made.

    >>> import tinytorch
    >>> isinstance(tinytorch.cuda.is_available(), bool)
    True
    """
    return _backend.cuda_unavailable_reason() is None


def is_bf16_supported(including_emulation=True):
    """Whether cuda tensors can be bfloat16, as ``torch.cuda.is_bf16_supported``: never in
    tinytorch, whose cuda arrays are CuPy's and CuPy has no bfloat16 type (PyTorch says False
    for a GPU without bfloat16, or without CUDA). Use float16 on cuda.

    Args:
        including_emulation (bool): accepted for PyTorch's signature; no effect.

    Returns:
        bool: False.

    >>> tinytorch.cuda.is_bf16_supported()
    False
    """
    return False


def device_count():
    """Return the number of visible CUDA devices.

    Returns:
        int: the device count, 0 when CUDA cannot be used.

    >>> import tinytorch
    >>> n = tinytorch.cuda.device_count()
    >>> n > 0 if tinytorch.cuda.is_available() else n == 0
    True
    """
    return _backend.device_count()


def is_initialized():
    """Return whether CUDA has been initialized in this process.

    Returns:
        bool: True once a cuda tensor has been created.

    >>> import tinytorch
    >>> isinstance(tinytorch.cuda.is_initialized(), bool)
    True
    """
    return _backend.is_initialized()


def _require():
    reason = _backend.cuda_unavailable_reason()
    if reason is not None:
        raise RuntimeError(f"CUDA is not available: {reason}")


def _index(device=None):
    """The device index that ``device`` (None, int, str or tinytorch.device) names."""
    if device is None:
        return _current[0]
    if isinstance(device, int):
        return device
    d = _device.device(device)
    if d.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {d}")
    return _current[0] if d.index is None else d.index


def current_device():
    """Return the index of the current CUDA device.

    Returns:
        int: the index (0 unless :func:`set_device` chose another).

    Raises:
        RuntimeError: CUDA is unavailable.

    >>> import tinytorch
    >>> tinytorch.cuda.current_device() if tinytorch.cuda.is_available() else 0
    0
    """
    _require()
    return _current[0]


def set_device(device):
    """Set the current CUDA device. :class:`device`, a context manager, is usually better.

    Args:
        device (int, str or tinytorch.device): the device, e.g. ``1`` or ``'cuda:1'``; a
            negative int does nothing.

    Raises:
        RuntimeError: CUDA is unavailable or the index is out of range.
        ValueError: ``device`` is not a cuda device.

    >>> import tinytorch
    >>> tinytorch.cuda.set_device(0)  # doctest: +SKIP
    >>> tinytorch.cuda.set_device("cpu")
    Traceback (most recent call last):
    ...
    ValueError: Expected a cuda device, but got: cpu
    """
    index = _index(device)
    if index < 0:
        return
    _require()
    count = device_count()
    if index >= count:
        raise RuntimeError(f"CUDA error: invalid device ordinal: cuda:{index} was requested "
                           f"but {count} device(s) are visible")
    from tinytorch.backends.cuda import runtime
    runtime.set_device(index)
    _current[0] = index


class device:
    """Context manager that changes the current CUDA device (``torch.cuda.device``), and
    restores the previous one on exit.

    Args:
        device (int, str or tinytorch.device): the device to select, e.g. ``1`` or
            ``'cuda:1'``; a negative int or None does nothing.

    >>> import tinytorch
    >>> with tinytorch.cuda.device(1):  # doctest: +SKIP
    ...     x = tinytorch.ones(2, device="cuda")  # on cuda:1
    >>> with tinytorch.cuda.device(None):  # no change: runs without a GPU too
    ...     x = tinytorch.ones(2)
    """

    def __init__(self, device):
        self.index = -1 if device is None else _index(device)
        self.previous = -1

    def __enter__(self):
        if self.index >= 0:
            self.previous = current_device()
            set_device(self.index)
        return self

    def __exit__(self, *exc):
        if self.previous >= 0:
            set_device(self.previous)
        return False


def synchronize(device=None):
    """Wait for every kernel queued on a CUDA device to finish.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     y = tinytorch.ones(1000, device="cuda").sum()  # queued, not yet done
    ...     tinytorch.cuda.synchronize()  # done now (e.g. before reading a timer)
    """
    _require()
    from tinytorch.backends.cuda import runtime
    runtime.synchronize(_index(device))


def manual_seed(seed):
    """Seed the current CUDA device's default generator (lazily, like PyTorch: it is
    recorded even when CUDA is unavailable).

    Args:
        seed (int): the seed.

    >>> import tinytorch
    >>> tinytorch.cuda.manual_seed(42)
    >>> tinytorch.cuda.initial_seed()
    42
    """
    _random.default_generator(f"cuda:{_current[0]}").manual_seed(seed)


def manual_seed_all(seed):
    """Seed the default generator of every CUDA device (recorded even when CUDA is
    unavailable).

    Args:
        seed (int): the seed.

    >>> import tinytorch
    >>> tinytorch.cuda.manual_seed_all(7)
    >>> tinytorch.cuda.initial_seed()
    7
    """
    for index in range(max(device_count(), 1)):
        _random.default_generator(f"cuda:{index}").manual_seed(seed)


def initial_seed():
    """Return the seed of the current CUDA device's default generator.

    Returns:
        int: the seed.

    >>> import tinytorch
    >>> tinytorch.cuda.manual_seed(3)
    >>> tinytorch.cuda.initial_seed()
    3
    """
    return _random.default_generator(f"cuda:{_current[0]}").initial_seed()


# --- memory -----------------------------------------------------------------------------------
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
    lines += [f"  {name:<40} {_fmt(value):>12}" for name, value in rows]
    lines.append("  Freed blocks stay cached in the pool (fast reuse), so nvidia-smi shows the "
                 "reserved bytes; empty_cache() returns the free ones to the driver.")
    return "\n".join(lines) + "\n"


def _live_arrays():
    """Arrays of the live tensors and the values saved by live autograd nodes."""
    tensors, saved = [], []
    for obj in gc.get_objects():
        if isinstance(obj, Tensor):
            tensors.append(obj._data)
        elif isinstance(obj, Node) and obj.saved:
            saved.extend(obj.saved)
    return tensors, saved


def _fmt(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.2f} {unit}"
        n /= 1024

from tinytorch.cuda import amp  # noqa: E402,F401  (torch.cuda.amp: deprecated aliases)
from tinytorch import _legacy  # noqa: E402

globals().update(_legacy.tensor_types("tinytorch.cuda", "cuda"))  # cuda.FloatTensor, ...
