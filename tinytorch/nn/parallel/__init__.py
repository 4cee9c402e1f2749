"""``tinytorch.nn.parallel``: ``DistributedDataParallel``."""

from tinytorch.nn.parallel.distributed import DistributedDataParallel

__all__ = ["DistributedDataParallel"]
