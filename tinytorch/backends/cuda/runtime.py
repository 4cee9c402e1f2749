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

_peak = {}
_installed = [False]


def _pool():
    return cupy.get_default_memory_pool()


def _tracking_malloc(size):
    mem = _pool().malloc(size)
    dev = cupy.cuda.runtime.getDevice()
    used = _pool().used_bytes()
    if used > _peak.get(dev, 0):
        _peak[dev] = used
    return mem


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


def reserved(index):
    with cupy.cuda.Device(index):
        return _pool().total_bytes()


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
