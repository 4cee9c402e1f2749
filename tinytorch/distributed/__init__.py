"""``tinytorch.distributed``: PyTorch's ``torch.distributed`` over MPI (CPU tensors) and NCCL
(CUDA tensors). See docs/distributed.md; start ranks with ``python -m
tinytorch.distributed.run --nproc-per-node N script.py`` or ``mpiexec -n N python script.py``.
"""

from tinytorch.backends.distributed.errors import DistBackendError
from tinytorch.backends.distributed.errors import DistError
from tinytorch.distributed._collectives import Work
from tinytorch.distributed._collectives import all_gather
from tinytorch.distributed._collectives import all_gather_into_tensor
from tinytorch.distributed._collectives import all_gather_object
from tinytorch.distributed._collectives import all_reduce
from tinytorch.distributed._collectives import barrier
from tinytorch.distributed._collectives import broadcast
from tinytorch.distributed._collectives import broadcast_object_list
from tinytorch.distributed._collectives import gather
from tinytorch.distributed._collectives import irecv
from tinytorch.distributed._collectives import isend
from tinytorch.distributed._collectives import recv
from tinytorch.distributed._collectives import reduce
from tinytorch.distributed._collectives import reduce_scatter_tensor
from tinytorch.distributed._collectives import scatter
from tinytorch.distributed._collectives import send
from tinytorch.distributed._group import Backend
from tinytorch.distributed._group import GroupMember
from tinytorch.distributed._group import ProcessGroup
from tinytorch.distributed._group import ReduceOp
from tinytorch.distributed._group import default_pg_timeout
from tinytorch.distributed._group import destroy_process_group
from tinytorch.distributed._group import get_backend
from tinytorch.distributed._group import get_global_rank
from tinytorch.distributed._group import get_rank
from tinytorch.distributed._group import get_world_size
from tinytorch.distributed._group import group
from tinytorch.distributed._group import init_process_group
from tinytorch.distributed._group import is_available
from tinytorch.distributed._group import is_initialized
from tinytorch.distributed._group import is_mpi_available
from tinytorch.distributed._group import is_nccl_available
from tinytorch.distributed._group import new_group
from tinytorch.distributed import _collectives_docs  # noqa: F401  (attaches docstrings)
from tinytorch.distributed import _group_docs  # noqa: F401  (attaches docstrings)

__all__ = ["Backend", "DistBackendError", "DistError", "GroupMember", "ProcessGroup",
           "ReduceOp", "Work", "all_gather", "all_gather_into_tensor", "all_gather_object",
           "all_reduce", "barrier", "broadcast", "broadcast_object_list", "default_pg_timeout",
           "destroy_process_group", "gather", "get_backend", "get_global_rank", "get_rank",
           "get_world_size", "group", "init_process_group", "irecv", "is_available",
           "is_initialized", "is_mpi_available", "is_nccl_available", "isend", "new_group",
           "recv", "reduce", "reduce_scatter_tensor", "scatter", "send"]
