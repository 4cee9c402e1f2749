"""Host arrays in memory that several processes map: the storage behind
``Tensor.share_memory_()`` and ``tinytorch.multiprocessing``.

NOTE [Shared memory]
``share(array)`` copies an array into an anonymous shared-memory file (``memfd_create``; a
file created and at once deleted in /dev/shm where that call is missing) mapped with
``MAP_SHARED``, and returns an array over that mapping. A forked child inherits the
mapping; a spawned child, or a process that receives the tensor through a queue, gets the
file's descriptor (multiprocessing's ``DupFd``) and maps the same pages (:func:`attach`).
The file has no name, so nothing leaks when processes die: the kernel frees the pages when
the last mapping and descriptor are gone. Each mapping keeps its descriptor open (closed when
the mapping is collected) so that it can be passed on again.
"""

import mmap
import os
import tempfile
import weakref

import numpy as np

_descriptors = {}  # id(mapping) -> its file descriptor, while the mapping lives


def _new_file(nbytes):
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("tinytorch-shared", os.MFD_CLOEXEC)
    else:
        folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
        fd, path = tempfile.mkstemp(prefix="tinytorch-shared-", dir=folder)
        os.unlink(path)
    os.ftruncate(fd, nbytes)
    return fd


def _forget(key, fd):
    _descriptors.pop(key, None)
    os.close(fd)


def _map(fd, nbytes):
    mapping = mmap.mmap(fd, nbytes)
    _descriptors[id(mapping)] = fd
    weakref.finalize(mapping, _forget, id(mapping), fd)
    return mapping


def _mapping_of(array):
    """The shared mapping ``array`` views, or None."""
    base = array
    while isinstance(base, np.ndarray):
        base = base.base
    return base if isinstance(base, mmap.mmap) and id(base) in _descriptors else None


def is_shared(array):
    """True when ``array`` lives in a shared mapping made here."""
    return _mapping_of(array) is not None


def share(array):
    """A C-contiguous copy of ``array`` in a new shared mapping."""
    nbytes = max(array.nbytes, 1)  # mmap cannot map 0 bytes
    out = np.ndarray(array.shape, array.dtype, buffer=_map(_new_file(nbytes), nbytes))
    out[...] = array
    return out


def handle(array):
    """``(fd, nbytes, offset, shape, strides, dtype name)`` that :func:`attach` turns back
    into ``array`` in another process; ``array`` must be shared."""
    mapping = _mapping_of(array)
    start = np.frombuffer(mapping, dtype=np.uint8).ctypes.data
    return (_descriptors[id(mapping)], len(mapping), array.ctypes.data - start, array.shape,
            array.strides, array.dtype.name)


def attach(fd, nbytes, offset, shape, strides, dtype):
    """The array that :func:`handle` described, over a new mapping of the same pages; this
    process owns ``fd`` from now on."""
    return np.ndarray(shape, np.dtype(dtype), buffer=_map(fd, nbytes), offset=offset,
                      strides=strides)
