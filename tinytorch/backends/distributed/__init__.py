"""Transports for ``tinytorch.distributed``: MPI (mpi4py) for CPU arrays, NCCL (CuPy) for CUDA
arrays. ``mpi4py`` and ``cupy`` are imported only when a process group is created, so
``import tinytorch`` never loads an MPI library."""

import warnings

from tinytorch.backends.distributed.errors import DistBackendError
from tinytorch.backends.distributed.errors import DistError

__all__ = ["DistBackendError", "DistError", "nccl_available"]


def nccl_available():
    """True when CuPy imports and its NCCL library loads (CuPy warns when it does not)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from cupy.cuda import nccl
    except Exception:  # ImportError, or CUDA libraries missing at load time
        return False
    return bool(nccl.available)
