"""``tinytorch.nn.parallel``: ``DistributedDataParallel``, ``DataParallel`` and its functional
form ``data_parallel``."""

from tinytorch.nn.parallel.data_parallel import DataParallel
from tinytorch.nn.parallel.data_parallel import data_parallel  # the function, as PyTorch's
from tinytorch.nn.parallel.distributed import DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]
