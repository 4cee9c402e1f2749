"""``cupy.cuda`` of the emulator: one device, index 0, whose work is done when queued, with
CuPy's memory pool counting the bytes of the arrays on it (../__init__.py allocates each new
array's memory through the current allocator, as CuPy does)."""

import collections
import itertools
import time

_GIB = 2 ** 30
_TOTAL = 16 * _GIB
_CUDA_VERSION = 12080  # CUDA 12.8, written 1000 * major + 10 * minor as the runtime reports it
_ALLOCATION_UNIT = 512  # CuPy's pool rounds every request up to a multiple of this
_PROPERTIES = {"name": b"tinytorch CUDA emulator", "totalGlobalMem": _TOTAL, "major": 8,
               "minor": 0, "multiProcessorCount": 1, "integrated": 0, "isMultiGpuBoard": 0,
               "maxThreadsPerMultiProcessor": 256, "warpSize": 32,
               "regsPerMultiprocessor": 65536, "sharedMemPerBlock": 49152,
               "sharedMemPerMultiprocessor": 65536, "l2CacheSize": 4 * 2 ** 20, "pciBusID": 0,
               "pciDeviceID": 0, "pciDomainID": 0}


class Device:
    def __init__(self, index=0):
        self.id = index

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def use(self):
        pass


class runtime:
    @staticmethod
    def getDevice():
        return 0

    @staticmethod
    def getDeviceCount():
        return 1

    @staticmethod
    def deviceSynchronize():
        pass

    @staticmethod
    def getDeviceProperties(index):
        return dict(_PROPERTIES)

    @staticmethod
    def memGetInfo():  # what the pools hold is taken from the device, as on a GPU
        return _TOTAL - _default_pool.total_bytes(), _TOTAL

    @staticmethod
    def driverGetVersion():
        return _CUDA_VERSION

    @staticmethod
    def runtimeGetVersion():
        return _CUDA_VERSION


class memory:
    class OutOfMemoryError(MemoryError):
        def __init__(self, size, total, limit=0):
            super().__init__(f"Out of memory allocating {size:,} bytes (allocated so far: "
                             f"{total:,} bytes).")


class nvrtc:
    @staticmethod
    def getSupportedArchs():
        return [75, 80, 86, 90]


_pointers = itertools.count(0x1000)


class Stream:
    """A stream whose work is finished when queued (the emulator runs kernels at once)."""

    def __init__(self, null=False, non_blocking=False, ptds=False, priority=None):
        self.ptr = 0 if null else next(_pointers)
        self.done = True

    def synchronize(self):
        pass

    def use(self):
        _current[0] = self
        return self

    def wait_event(self, event):
        pass

    def record(self, event=None):
        event = Event() if event is None else event
        event.record(self)
        return event


Stream.null = Stream(null=True)
_current = [Stream.null]


def get_current_stream(device_id=-1):
    return _current[0]


class Event:
    def __init__(self, block=False, disable_timing=False, interprocess=False):
        self.done = True
        self.time = None

    def record(self, stream=None):
        self.time = time.perf_counter()

    def synchronize(self):
        pass


def get_elapsed_time(start, end):
    return (end.time - start.time) * 1000.0


class _Block:
    """Device memory from ``MemoryPool.malloc`` (``pool`` None: from the driver, uncounted);
    the emulator frees it when the array owning the NumPy memory behind it is freed."""

    def __init__(self, pool, size):
        self.pool, self.size = pool, size

    def free(self):
        if self.pool is not None:
            self.pool._take_back(self.size)


class MemoryPool:
    """CuPy's device memory pool over the emulated 16 GiB: requests are rounded up to 512
    bytes; a freed block stays reserved (``total_bytes``) for the next request of its size
    until ``free_all_blocks``; when the device is full the pool frees its cached blocks and
    retries, then raises OutOfMemoryError. (CuPy also splits and merges cached blocks.)"""

    def __init__(self):
        self._used = 0
        self._cached = collections.Counter()  # rounded size -> free blocks of that size

    def malloc(self, size):
        size = -(-size // _ALLOCATION_UNIT) * _ALLOCATION_UNIT
        if size == 0:
            return _Block(None, 0)
        if self._cached[size]:
            self._cached[size] -= 1
        elif self.total_bytes() + size > _TOTAL:
            self.free_all_blocks()
            if self._used + size > _TOTAL:
                raise memory.OutOfMemoryError(size, self._used)
        self._used += size
        return _Block(self, size)

    def _take_back(self, size):
        self._used -= size
        self._cached[size] += 1

    def used_bytes(self):
        return self._used

    def free_bytes(self):
        return sum(size * n for size, n in self._cached.items())

    def total_bytes(self):
        return self._used + self.free_bytes()

    def n_free_blocks(self):
        return sum(self._cached.values())

    def free_all_blocks(self, stream=None):
        self._cached.clear()


_default_pool = MemoryPool()
_pinned_pool = MemoryPool()
_allocator = [_default_pool.malloc]


def set_allocator(allocator=None):
    """CuPy's: ``allocator(size)`` gives every new array its memory; None, the driver's."""
    _allocator[0] = allocator if allocator is not None else (lambda size: _Block(None, size))
