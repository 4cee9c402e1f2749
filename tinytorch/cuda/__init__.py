"""``tinytorch.cuda``: PyTorch's ``torch.cuda`` names for device management and properties,
seeding, memory statistics (``memory.py``), and streams and events (``streams.py``).

Nothing here imports CuPy at import time; each function loads it only when it needs the
GPU, through the CUDA backend (``tinytorch/backends/cuda/runtime.py``). Without CuPy or
without a GPU, ``is_available()`` is False, ``device_count()`` is 0, the memory statistics
are 0 (or empty), and a function that needs a GPU raises a RuntimeError that says why.
See NOTE [CUDA memory] in tinytorch/backends/cuda/runtime.py.
"""

from tinytorch import _device
from tinytorch import _random
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


def seed():
    """Seed the current CUDA device's default generator with a non-deterministic random number
    (recorded even when CUDA is unavailable, as PyTorch's lazy call).

    >>> import tinytorch
    >>> tinytorch.cuda.seed()
    >>> s = tinytorch.cuda.initial_seed()  # the new seed
    """
    _random.default_generator(f"cuda:{_current[0]}").seed()


def seed_all():
    """Seed the default generator of every CUDA device with one non-deterministic random
    number (recorded even when CUDA is unavailable).

    >>> import tinytorch
    >>> tinytorch.cuda.seed_all()
    """
    manual_seed_all(_random.default_generator("cuda:0").seed())


def _generator(device):
    index = device if isinstance(device, int) else _index(device)
    return _random.default_generator(f"cuda:{index}")


def get_rng_state(device="cuda"):
    """Return the state of a CUDA device's default generator.

    tinytorch cannot save a cuda generator's state yet (CuPy keeps it in device memory), so
    with a GPU this raises and says to seed with :func:`manual_seed` instead.

    Args:
        device (int, str or tinytorch.device): the device. Default: ``'cuda'`` (the current
            one).

    Returns:
        Tensor: the state (uint8).

    Raises:
        RuntimeError: CUDA is unavailable, or the state cannot be saved.

    >>> import tinytorch
    >>> tinytorch.cuda.get_rng_state()  # doctest: +SKIP
    """
    _require()
    return _generator(device).get_state()


def set_rng_state(new_state, device="cuda"):
    """Set the state of a CUDA device's default generator. Without CUDA it does nothing, as
    PyTorch's lazy call; with a GPU it raises as :func:`get_rng_state` does.

    Args:
        new_state (Tensor): the state, from :func:`get_rng_state`.
        device (int, str or tinytorch.device): the device. Default: ``'cuda'`` (the current
            one).

    Raises:
        RuntimeError: the state cannot be restored (with a GPU).

    >>> import tinytorch
    >>> if not tinytorch.cuda.is_available():
    ...     tinytorch.cuda.set_rng_state(tinytorch.get_rng_state())  # ignored
    """
    if is_available():
        _generator(device).set_state(new_state)


def get_rng_state_all():
    """Return the states of every CUDA device's default generator (see :func:`get_rng_state`).

    Returns:
        list[Tensor]: one state per device; empty without CUDA.

    Raises:
        RuntimeError: the states cannot be saved (with a GPU).

    >>> import tinytorch
    >>> if not tinytorch.cuda.is_available():
    ...     assert tinytorch.cuda.get_rng_state_all() == []
    """
    return [get_rng_state(index) for index in range(device_count())]


def set_rng_state_all(new_states):
    """Set the state of each CUDA device's default generator (see :func:`set_rng_state`).

    Args:
        new_states (Iterable[Tensor]): one state per device, in device order.

    >>> import tinytorch
    >>> tinytorch.cuda.set_rng_state_all([])
    """
    for index, state in enumerate(new_states):
        set_rng_state(state, index)


# --- device properties ---------------------------------------------------------------------
class _CudaDeviceProperties:
    """What :func:`get_device_properties` returns: a CUDA device's properties under
    PyTorch's attribute names (the CUDA runtime's ``cudaDeviceProp``, through CuPy)."""

    _FIELDS = {"name": "name", "major": "major", "minor": "minor",
               "total_memory": "totalGlobalMem", "multi_processor_count": "multiProcessorCount",
               "is_integrated": "integrated", "is_multi_gpu_board": "isMultiGpuBoard",
               "max_threads_per_multi_processor": "maxThreadsPerMultiProcessor",
               "warp_size": "warpSize", "regs_per_multiprocessor": "regsPerMultiprocessor",
               "shared_memory_per_block": "sharedMemPerBlock",
               "shared_memory_per_multiprocessor": "sharedMemPerMultiprocessor",
               "L2_cache_size": "l2CacheSize", "pci_bus_id": "pciBusID",
               "pci_device_id": "pciDeviceID", "pci_domain_id": "pciDomainID"}

    def __init__(self, props):
        for ours, theirs in self._FIELDS.items():
            setattr(self, ours, props.get(theirs))  # None where a CuPy lacks the field
        if isinstance(self.name, bytes):
            self.name = self.name.decode()
        self.is_integrated = int(bool(self.is_integrated))
        self.is_multi_gpu_board = int(bool(self.is_multi_gpu_board))

    def __repr__(self):
        mib = 2 ** 20
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, "
                f"minor={self.minor}, total_memory={self.total_memory // mib}MB, "
                f"multi_processor_count={self.multi_processor_count}, "
                f"pci_bus_id={self.pci_bus_id}, pci_device_id={self.pci_device_id}, "
                f"pci_domain_id={self.pci_domain_id}, "
                f"L2_cache_size={self.L2_cache_size // mib}MB)")


def get_device_properties(device=None):
    """Return the properties of a CUDA device.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        _CudaDeviceProperties: with ``name``, ``major``, ``minor`` (the compute capability),
        ``total_memory`` (bytes), ``multi_processor_count``, ``warp_size``,
        ``max_threads_per_multi_processor``, ``L2_cache_size``, ... as PyTorch's.

    Raises:
        RuntimeError: CUDA is unavailable.
        AssertionError: no such device (PyTorch's ``Invalid device id``).
        ValueError: ``device`` is not a cuda device.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     gib = tinytorch.cuda.get_device_properties(0).total_memory / 2 ** 30
    """
    _require()
    index = _index(device)
    if index < 0 or index >= device_count():
        raise AssertionError("Invalid device id")
    from tinytorch.backends.cuda import runtime
    return _CudaDeviceProperties(runtime.device_properties(index))


def get_device_name(device=None):
    """Return the name of a CUDA device, e.g. ``'NVIDIA H100 80GB HBM3'``.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        str: the device's name.

    Raises:
        RuntimeError: CUDA is unavailable.
        AssertionError: no such device.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     print(tinytorch.cuda.get_device_name())  # doctest: +SKIP
    NVIDIA H100 80GB HBM3
    """
    return get_device_properties(device).name


def get_device_capability(device=None):
    """Return the CUDA compute capability of a device, e.g. ``(9, 0)`` for an H100.

    Args:
        device (int, str or tinytorch.device, optional): the device (default None: the
            current one).

    Returns:
        tuple[int, int]: ``(major, minor)``.

    Raises:
        RuntimeError: CUDA is unavailable.
        AssertionError: no such device.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     use_bf16 = tinytorch.cuda.get_device_capability() >= (8, 0)
    """
    props = get_device_properties(device)
    return props.major, props.minor


def get_arch_list():
    """Return the GPU architectures tinytorch's kernels can be compiled for: the ``sm_XY``
    targets of the NVRTC that CuPy uses (tinytorch compiles its kernels when first run, not
    ahead of time as PyTorch's build does).

    Returns:
        list[str]: e.g. ``['sm_50', ..., 'sm_90']``; empty without CUDA.

    >>> import tinytorch
    >>> tinytorch.cuda.get_arch_list() if tinytorch.cuda.is_available() else []
    []
    """
    if not is_available():
        return []
    from tinytorch.backends.cuda import runtime
    return runtime.arch_list()


from tinytorch.cuda import amp  # noqa: E402,F401  (torch.cuda.amp: deprecated aliases)
from tinytorch import _legacy  # noqa: E402

globals().update(_legacy.tensor_types("tinytorch.cuda", "cuda"))  # cuda.FloatTensor, ...

from tinytorch._errors import OutOfMemoryError  # noqa: E402,F401  (torch.cuda.OutOfMemoryError)
from tinytorch.cuda.memory import empty_cache  # noqa: E402,F401
from tinytorch.cuda.memory import ipc_collect  # noqa: E402,F401
from tinytorch.cuda.memory import max_memory_allocated  # noqa: E402,F401
from tinytorch.cuda.memory import max_memory_reserved  # noqa: E402,F401
from tinytorch.cuda.memory import mem_get_info  # noqa: E402,F401
from tinytorch.cuda.memory import memory_allocated  # noqa: E402,F401
from tinytorch.cuda.memory import memory_reserved  # noqa: E402,F401
from tinytorch.cuda.memory import memory_stats  # noqa: E402,F401
from tinytorch.cuda.memory import memory_summary  # noqa: E402,F401
from tinytorch.cuda.memory import reset_max_memory_allocated  # noqa: E402,F401
from tinytorch.cuda.memory import reset_peak_memory_stats  # noqa: E402,F401
from tinytorch.cuda.streams import Event  # noqa: E402,F401
from tinytorch.cuda.streams import Stream  # noqa: E402,F401
from tinytorch.cuda.streams import StreamContext  # noqa: E402,F401
from tinytorch.cuda.streams import current_stream  # noqa: E402,F401
from tinytorch.cuda.streams import default_stream  # noqa: E402,F401
from tinytorch.cuda.streams import is_current_stream_capturing  # noqa: E402,F401
from tinytorch.cuda.streams import set_stream  # noqa: E402,F401
from tinytorch.cuda.streams import stream  # noqa: E402,F401
