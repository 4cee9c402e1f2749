"""The CUDA backend (CuPy and our raw kernels). Loaded on first use of a cuda device; nothing
here imports CuPy until a function needs it, so ``import tinytorch`` never does."""

import importlib.util

_created = {}


class _MatmulSettings:
    """``torch.backends.cuda.matmul``'s switches, accepted with no effect: tinytorch's cuda
    matmuls run through CuPy, which keeps full float32 precision (no TF32) by default."""

    allow_tf32 = False
    allow_fp16_reduced_precision_reduction = True
    allow_bf16_reduced_precision_reduction = True


matmul = _MatmulSettings()


def is_built():
    """True when CuPy is installed, as ``torch.backends.cuda.is_built()`` is for a CUDA
    build; whether a GPU can be used is ``tinytorch.cuda.is_available()``."""
    return importlib.util.find_spec("cupy") is not None


def cuda_unavailable_reason():
    """Why CUDA cannot be used here, or None when it can."""
    try:
        import cupy
    except ImportError:
        return ("CuPy is not installed: install tinytorch[cuda12] or tinytorch[cuda13] "
                "to use cuda devices")
    runtime = cupy.cuda.runtime
    try:
        count = runtime.getDeviceCount()
    except Exception as exc:  # CuPy raises its own runtime errors for driver problems
        return _driver_problem(runtime, exc)
    if count == 0:
        return "no NVIDIA GPU was found (the NVIDIA driver sees no device)"
    return None


def _driver_problem(runtime, exc):
    """Say what a failed device query means: the CUDA runtime reports a missing driver as an
    'insufficient' one, which sends users after driver updates on machines with no GPU."""
    try:
        driver = runtime.driverGetVersion()
    except Exception:  # a broken driver library: report the original error below
        driver = None
    if driver == 0:
        return ("no NVIDIA GPU was found: this machine has no NVIDIA driver (run on the CPU "
                "with device='cpu', or on a machine with an NVIDIA GPU and its driver)")
    if "NoDevice" in str(exc):
        return "no NVIDIA GPU was found (the NVIDIA driver sees no device)"
    if "InsufficientDriver" in str(exc):
        return (f"the NVIDIA driver (CUDA {_version(driver)}) is older than the CUDA runtime "
                f"CuPy was built for (CUDA {_version(runtime.runtimeGetVersion())}): update "
                f"the driver, or install the CuPy package for your CUDA version")
    return f"the CUDA driver could not be used: {exc}"


def _version(number):
    return f"{number // 1000}.{number % 1000 // 10}" if number else "unknown"


def device_count():
    """Number of visible CUDA devices (0 when CUDA is unusable)."""
    if cuda_unavailable_reason() is not None:
        return 0
    import cupy
    return cupy.cuda.runtime.getDeviceCount()


def is_initialized():
    """True once a cuda backend has been created in this process."""
    return bool(_created)


def get_cuda_backend(index):
    """The backend for ``cuda:index``; raises RuntimeError saying why CUDA is unusable."""
    backend = _created.get(index)
    if backend is not None:
        return backend
    reason = cuda_unavailable_reason()
    if reason is not None:
        raise RuntimeError(f"cannot use device 'cuda:{index}': {reason}")
    count = device_count()
    if index >= count:
        raise RuntimeError(f"CUDA error: invalid device ordinal: cuda:{index} was requested "
                           f"but {count} device(s) are visible")
    from tinytorch.backends.cuda.backend import CUDABackend
    backend = _created[index] = CUDABackend(index)
    return backend
