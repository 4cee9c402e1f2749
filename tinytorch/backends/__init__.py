"""Device backends. ``get_backend(device)`` returns the backend serving a device.

The CPU backend is always there; the CUDA backend (CuPy) is imported on first use, so
``import tinytorch`` never imports CuPy.

PyTorch's ``torch.backends`` names are here too: ``cudnn``, ``mps``, ``mkldnn``, ``mkl``,
``openmp``, ``opt_einsum`` (each says what tinytorch uses), ``cuda`` (the CUDA backend, with
``matmul``'s switches) and ``cpu`` (the CPU backend, with ``get_cpu_capability``).
"""

import importlib

from tinytorch._device import device as _device
from tinytorch.backends import cudnn  # noqa: F401  (torch.backends.cudnn's switches)
from tinytorch.backends import mkl  # noqa: F401
from tinytorch.backends import mkldnn  # noqa: F401
from tinytorch.backends import mps  # noqa: F401  (torch.backends.mps.is_available())
from tinytorch.backends import openmp  # noqa: F401
from tinytorch.backends import opt_einsum  # noqa: F401

_backends = {}


def get_backend(dev):
    """Return the backend for ``dev`` (a ``tinytorch.device``, a string like ``"cuda:0"`` or a
    device ordinal)."""
    backend = _backends.get(dev)
    if backend is not None:
        return backend
    d = _device(dev)
    canonical = "cpu" if d.type == "cpu" else f"cuda:{d.index or 0}"  # one backend per device
    backend = _backends.get(canonical)
    if backend is None:
        if d.type == "cpu":
            from tinytorch.backends.cpu import CPUBackend
            backend = CPUBackend()
        else:
            from tinytorch.backends.cuda import get_cuda_backend
            backend = get_cuda_backend(0 if d.index is None else d.index)
        _backends[canonical] = backend
    if isinstance(dev, str):  # not an ordinal: True == 1 would find device 1's backend
        _backends[dev] = backend
    _backends[d] = backend
    return backend


def __getattr__(name):
    """``tinytorch.backends.cpu`` before the CPU backend's first use (it loads then)."""
    if name == "cpu":
        return importlib.import_module(f"tinytorch.backends.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
