"""``tinytorch.nn.parallel``: ``DistributedDataParallel`` and ``DataParallel``."""

from tinytorch.nn.parallel.data_parallel import DataParallel
from tinytorch.nn.parallel.distributed import DistributedDataParallel

__all__ = ["DataParallel", "DistributedDataParallel"]
