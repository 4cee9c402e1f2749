"""CuPy-side support for ``tinytorch.cuda``: device selection, synchronisation, and memory
accounting (CuPy's memory pool plus a peak counter).

NOTE [CUDA memory]
CuPy allocates through a caching pool: a freed array's block goes back to the pool, not to
the driver, so the next allocation of that size is fast. nvidia-smi therefore shows the
pool's *reserved* bytes (``memory_reserved``), which only grow until ``empty_cache()``
returns the unused blocks. ``memory_allocated`` counts the blocks in use: live tensors and
the values the autograd graph saved for backward (``memory_summary`` separates the two).
"""

import cupy

from tinytorch._errors import OutOfMemoryError

_peak = {}
_peak_reserved = {}
_ooms = {}
_installed = [False]


def _pool():
    return cupy.get_default_memory_pool()


def _tracking_malloc(size):
    dev = cupy.cuda.runtime.getDevice()
    try:
        mem = _pool().malloc(size)
    except cupy.cuda.memory.OutOfMemoryError as exc:
        _ooms[dev] = _ooms.get(dev, 0) + 1
        raise OutOfMemoryError(out_of_memory_message(size, dev)) from exc
    used, held = _pool().used_bytes(), _pool().total_bytes()
    if used > _peak.get(dev, 0):
        _peak[dev] = used
    if held > _peak_reserved.get(dev, 0):
        _peak_reserved[dev] = held
    return mem


def format_size(n):
    """Bytes as PyTorch's allocator writes them (``c10::format_size``)."""
    if n <= 1024:
        return f"{n} bytes"
    for unit, scale in (("KiB", 2 ** 10), ("MiB", 2 ** 20), ("GiB", 2 ** 30)):
        if n <= scale * 1024 or unit == "GiB":
            return f"{n / scale:.2f} {unit}"


def out_of_memory_message(size, index):
    """PyTorch's out-of-memory message for a failed allocation of ``size`` bytes on device
    ``index``, with CuPy's pool in the place of PyTorch's caching allocator."""
    free, total = mem_get_info(index)
    used, held = allocated(index), reserved(index)
    return (f"CUDA out of memory. Tried to allocate {format_size(size)}. GPU {index} has a total "
            f"capacity of {format_size(total)} of which {format_size(free)} is free. Of the "
            f"allocated memory {format_size(used)} is allocated by tinytorch, and "
            f"{format_size(held - used)} is reserved by tinytorch but unallocated. If reserved "
            f"but unallocated memory is large, tinytorch.cuda.empty_cache() returns it to the "
            f"driver.")


def install_allocator():
    """Route CuPy's allocations through the pool with a peak counter (once per process)."""
    if not _installed[0]:
        cupy.cuda.set_allocator(_tracking_malloc)
        _installed[0] = True


def allocated(index):
    with cupy.cuda.Device(index):
        return _pool().used_bytes()


def max_allocated(index):
    return max(_peak.get(index, 0), allocated(index))


def reset_peak(index):
    _peak[index] = allocated(index)
    _peak_reserved[index] = reserved(index)


def reserved(index):
    with cupy.cuda.Device(index):
        return _pool().total_bytes()


def memory_stats(index):
    """PyTorch's ``memory_stats`` keys that CuPy's pool can answer (for the "all" pool)."""
    used, held = allocated(index), reserved(index)
    stats = {"allocated_bytes.all.current": used,
             "allocated_bytes.all.peak": max_allocated(index),
             "active_bytes.all.current": used,
             "active_bytes.all.peak": max_allocated(index),
             "reserved_bytes.all.current": held,
             "reserved_bytes.all.peak": max(_peak_reserved.get(index, 0), held),
             "inactive_split_bytes.all.current": held - used,
             "num_alloc_retries": 0,
             "num_ooms": _ooms.get(index, 0)}
    return dict(sorted(stats.items()))


def mem_get_info(index):
    """(free, total) bytes of device ``index``, as the driver reports them."""
    with cupy.cuda.Device(index):
        return cupy.cuda.runtime.memGetInfo()


def device_properties(index):
    """CuPy's property dict of device ``index`` (the CUDA runtime's ``cudaDeviceProp``)."""
    return cupy.cuda.runtime.getDeviceProperties(index)


def arch_list():
    """The ``sm_XY`` targets NVRTC can compile tinytorch's kernels for."""
    return [f"sm_{arch}" for arch in cupy.cuda.nvrtc.getSupportedArchs()]


def new_stream(index, priority):
    with cupy.cuda.Device(index):
        return cupy.cuda.Stream(non_blocking=True, priority=priority)


def current_stream(index):
    return cupy.cuda.get_current_stream(index)


def default_stream():
    return cupy.cuda.Stream.null


def new_event(enable_timing, blocking, interprocess):
    return cupy.cuda.Event(block=blocking, disable_timing=not enable_timing,
                           interprocess=interprocess)


def elapsed_ms(start, end):
    return cupy.cuda.get_elapsed_time(start, end)


def empty_cache():
    _pool().free_all_blocks()
    cupy.get_default_pinned_memory_pool().free_all_blocks()


def set_device(index):
    cupy.cuda.Device(index).use()


def synchronize(index):
    with cupy.cuda.Device(index):
        cupy.cuda.runtime.deviceSynchronize()


def _allocations(values, index):
    """{base pointer: bytes} of the allocations behind the CuPy arrays among ``values``."""
    out = {}
    for v in values:
        if isinstance(v, cupy.ndarray) and v.device.id == index and v.data.mem is not None:
            out[v.data.mem.ptr] = v.data.mem.size
    return out


def breakdown(tensor_arrays, saved_values, index):
    """Bytes of live tensors, bytes the autograd graph alone keeps alive, and pool bytes
    that are reserved but hold nothing."""
    live = _allocations(tensor_arrays, index)
    saved = _allocations(saved_values, index)
    graph_only = sum(size for ptr, size in saved.items() if ptr not in live)
    return {"tensors": sum(live.values()), "autograd_saved": graph_only,
            "allocated": allocated(index), "reserved": reserved(index),
            "cached_free": reserved(index) - allocated(index), "peak": max_allocated(index)}
