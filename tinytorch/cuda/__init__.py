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
    """True when CuPy is installed and can see at least one CUDA device.

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
    """Number of visible CUDA devices (0 when CUDA cannot be used)."""
    return _backend.device_count()


def is_initialized():
    """True once a cuda tensor has been created in this process."""
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
    """Index of the current CUDA device."""
    _require()
    return _current[0]


def set_device(device):
    """Make ``device`` the current CUDA device (an int, 'cuda:N' or a tinytorch.device).

    Raises:
        RuntimeError: CUDA is unavailable or the index is out of range.
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
    """Context manager that changes the current CUDA device (``torch.cuda.device``).

    Args:
        device: an int, 'cuda:N' or a tinytorch.device; a negative int or None does nothing.
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
    """Wait for every kernel queued on ``device`` (the current one by default) to finish."""
    _require()
    from tinytorch.backends.cuda import runtime
    runtime.synchronize(_index(device))


def manual_seed(seed):
    """Seed the current CUDA device's default generator (lazily, like PyTorch: it is
    recorded even when CUDA is unavailable)."""
    _random.default_generator(f"cuda:{_current[0]}").manual_seed(seed)


def manual_seed_all(seed):
    """Seed the default generator of every CUDA device."""
    for index in range(max(device_count(), 1)):
        _random.default_generator(f"cuda:{index}").manual_seed(seed)


def initial_seed():
    """The seed of the current CUDA device's default generator."""
    return _random.default_generator(f"cuda:{_current[0]}").initial_seed()


# --- memory -----------------------------------------------------------------------------------
def _stat(name, device):
    if not is_initialized():
        return 0
    from tinytorch.backends.cuda import runtime
    return getattr(runtime, name)(_index(device))


def memory_allocated(device=None):
    """Bytes in use by tensors and saved autograd values on ``device`` (CuPy pool blocks)."""
    return _stat("allocated", device)


def max_memory_allocated(device=None):
    """Peak of ``memory_allocated`` since start or ``reset_peak_memory_stats``."""
    return _stat("max_allocated", device)


def memory_reserved(device=None):
    """Bytes CuPy's pool holds from the driver (what nvidia-smi shows), used or cached."""
    return _stat("reserved", device)


def reset_peak_memory_stats(device=None):
    """Restart the peak that ``max_memory_allocated`` reports from the current usage."""
    if is_initialized():
        _stat("reset_peak", device)


def empty_cache():
    """Return the pool's unused cached blocks to the driver (live tensors stay)."""
    if is_initialized():
        from tinytorch.backends.cuda import runtime
        runtime.empty_cache()


def memory_summary(device=None, abbreviated=False):
    """A readable table of the device's memory: live tensors, values the autograd graph keeps
    for backward, and blocks CuPy's pool keeps cached for reuse.

    The cached part is why nvidia-smi shows the card fuller than ``memory_allocated``: freed
    blocks stay in the pool for the next allocation until ``empty_cache()``.
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
