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
``MALLOC_TRIM_THRESHOLD_`` settings win. Keras' ``fit`` hands the kept heap back when training
ends (``trim``): evaluation, prediction and plotting after it then do not stack on top of the
training steps' freed buffers (the main job's peak memory, ``benchmarks/peak_rss.py``).
"""

import ctypes
import os
import platform

_M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's malloc.h
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 256 << 20
_configured = [False]  # set by configure()


def configure():
    """Apply NOTE [Heap reuse] once per process; True when glibc accepted the settings."""
    if os.environ.get("TINYTORCH_HEAP_REUSE", "1") == "0" or platform.libc_ver()[0] != "glibc":
        return False
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    mallopt = ctypes.CDLL(None).mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    _configured[0] = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                          and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return _configured[0]


def trim():
    """Hand the freed heap that NOTE [Heap reuse] keeps back to the OS (glibc's
    ``malloc_trim``); nothing when heap reuse is off."""
    if _configured[0]:
        ctypes.CDLL(None).malloc_trim(0)
