"""Transports for ``tinytorch.distributed``: MPI (mpi4py) for CPU arrays, NCCL (CuPy) for CUDA
arrays. ``mpi4py`` and ``cupy`` are imported only when a process group is created, so
``import tinytorch`` never loads an MPI library."""

from tinytorch.backends.distributed.errors import DistBackendError
from tinytorch.backends.distributed.errors import DistError

__all__ = ["DistBackendError", "DistError"]
