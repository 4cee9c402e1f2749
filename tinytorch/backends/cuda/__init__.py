"""The CUDA backend (CuPy and our raw kernels). Loaded on first use of a cuda device; nothing
here imports CuPy until a function needs it, so ``import tinytorch`` never does."""

_created = {}


def cuda_unavailable_reason():
    """Why CUDA cannot be used here, or None when it can."""
    try:
        import cupy
    except ImportError:
        return ("CuPy is not installed: install tinytorch[cuda12] or tinytorch[cuda13] "
                "to use cuda devices")
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:  # CuPy raises its own runtime errors for driver problems
        if "InsufficientDriver" in str(exc) or "NoDevice" in str(exc):
            return f"no NVIDIA driver or GPU was found ({exc})"
        return f"the CUDA driver could not be used: {exc}"
    if count == 0:
        return "no CUDA device is visible (torch.cuda.is_available() is False)"
    return None


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
