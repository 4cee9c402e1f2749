"""Keep freed multi-megabyte host buffers mapped for reuse (glibc only).

NOTE [Heap reuse]
A training step allocates and frees the same multi-megabyte temporaries every step. With
glibc's defaults those buffers come from mmap, or from a heap whose free top is handed back
to the OS on each free past M_TRIM_THRESHOLD, so each step touches fresh pages again and
every page faults: ~3000 faults per book-CNN step, about 15 % of its time (NumPy arrays and
PyTorch's CPU tensors alike; ``MALLOC_*`` environment variables showed it). When the CPU
backend starts it raises both thresholds once, as PyTorch's CUDA caching allocator keeps
freed blocks: requests up to 32 MiB (glibc's own largest dynamic threshold) come from the
heap, and up to 256 MiB of freed heap stays mapped for the next step. Larger requests are
still mmapped and returned on free. The process keeps that much memory after a peak;
``TINYTORCH_HEAP_REUSE=0`` leaves glibc's defaults, and explicit ``MALLOC_MMAP_THRESHOLD_`` /
``MALLOC_TRIM_THRESHOLD_`` settings win.
"""

import ctypes
import os
import platform

_M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's malloc.h
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 256 << 20


def configure():
    """Apply NOTE [Heap reuse] once per process; True when glibc accepted the settings."""
    if os.environ.get("TINYTORCH_HEAP_REUSE", "1") == "0" or platform.libc_ver()[0] != "glibc":
        return False
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    mallopt = ctypes.CDLL(None).mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
