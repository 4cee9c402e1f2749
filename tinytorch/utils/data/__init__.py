"""``tinytorch.utils.data``: datasets, samplers and the ``DataLoader`` (PyTorch's layout)."""

from tinytorch.utils.data._utils.collate import default_collate
from tinytorch.utils.data._utils.collate import default_convert
from tinytorch.utils.data._utils.worker import WorkerInfo
from tinytorch.utils.data._utils.worker import get_worker_info
from tinytorch.utils.data.dataloader import DataLoader
from tinytorch.utils.data.dataset import ChainDataset
from tinytorch.utils.data.dataset import ConcatDataset
from tinytorch.utils.data.dataset import Dataset
from tinytorch.utils.data.dataset import IterableDataset
from tinytorch.utils.data.dataset import StackDataset
from tinytorch.utils.data.dataset import Subset
from tinytorch.utils.data.dataset import TensorDataset
from tinytorch.utils.data.dataset import random_split
from tinytorch.utils.data import distributed
from tinytorch.utils.data.distributed import DistributedSampler
from tinytorch.utils.data.sampler import BatchSampler
from tinytorch.utils.data.sampler import RandomSampler
from tinytorch.utils.data.sampler import Sampler
from tinytorch.utils.data.sampler import SequentialSampler
from tinytorch.utils.data.sampler import SubsetRandomSampler
from tinytorch.utils.data.sampler import WeightedRandomSampler

__all__ = ["BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset",
           "DistributedSampler",
           "IterableDataset", "RandomSampler", "Sampler", "SequentialSampler", "StackDataset",
           "Subset",
           "SubsetRandomSampler", "TensorDataset", "WeightedRandomSampler", "WorkerInfo",
           "default_collate", "default_convert", "get_worker_info", "random_split"]
