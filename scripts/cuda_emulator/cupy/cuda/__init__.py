"""``cupy.cuda`` of the emulator: one device, index 0, whose work is done when queued."""

import itertools
import time

_GIB = 2 ** 30
_PROPERTIES = {"name": b"tinytorch CUDA emulator", "totalGlobalMem": 16 * _GIB, "major": 8,
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
    def memGetInfo():
        return 15 * _GIB, 16 * _GIB


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


def set_allocator(malloc):
    pass
