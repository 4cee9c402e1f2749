"""The CUDA backend (CuPy and our raw kernels). Loaded on first use of a cuda device."""


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
        return f"the CUDA driver could not be used: {exc}"
    if count == 0:
        return "no CUDA device is visible (torch.cuda.is_available() is False)"
    return None


def get_cuda_backend(index):
    """The backend for ``cuda:index``; raises RuntimeError saying why CUDA is unusable."""
    reason = cuda_unavailable_reason()
    if reason is not None:
        raise RuntimeError(f"cannot use device 'cuda:{index}': {reason}")
    raise RuntimeError("the CUDA backend is not implemented yet")
