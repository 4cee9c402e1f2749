"""``DistributedSampler``: each rank's share of a dataset (PyTorch's exact assignment)."""

import math

import tinytorch
from tinytorch.utils.data.sampler import Sampler


class DistributedSampler(Sampler):
    """The indices rank ``rank`` of ``num_replicas`` reads: the whole index list (shuffled with
    seed ``seed + epoch`` if ``shuffle``) padded by repeating its start to a multiple of
    ``num_replicas`` (or cut to one with ``drop_last``), then every ``num_replicas``-th item
    from position ``rank``; the same rule as PyTorch's, so each rank gets the same indices as
    there for the same permutation. Call ``set_epoch`` before each epoch to reshuffle.

    Args:
        dataset (Dataset): the dataset to share out (its ``len`` is used).
        num_replicas (int, optional): how many ranks (default: the default group's size).
        rank (int, optional): this rank (default: the default group's rank).
        shuffle (bool): permute the indices each epoch (default ``True``).
        seed (int): the permutation's seed, the same on every rank (default 0).
        drop_last (bool): drop the tail instead of padding (default ``False``).

    Raises:
        ValueError: ``rank`` outside ``[0, num_replicas - 1]``.

    >>> list(DistributedSampler(range(5), num_replicas=2, rank=1, shuffle=False))
    [1, 3, 0]
    """

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0,
                 drop_last=False):
        from tinytorch import distributed as dist
        if num_replicas is None:
            num_replicas = dist.get_world_size()
        if rank is None:
            rank = dist.get_rank()
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval "
                             f"[0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        if self.drop_last and len(self.dataset) % self.num_replicas != 0:
            self.num_samples = math.ceil((len(self.dataset) - self.num_replicas)
                                         / self.num_replicas)
        else:
            self.num_samples = math.ceil(len(self.dataset) / self.num_replicas)
        self.total_size = self.num_samples * self.num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self):
        if self.shuffle:
            g = tinytorch.Generator()
            g.manual_seed(self.seed + self.epoch)
            indices = tinytorch.randperm(len(self.dataset), generator=g).tolist()
        else:
            indices = list(range(len(self.dataset)))
        if not self.drop_last:
            padding_size = self.total_size - len(indices)
            if padding_size <= len(indices):
                indices += indices[:padding_size]
            else:
                indices += (indices * math.ceil(padding_size / len(indices)))[:padding_size]
        else:
            indices = indices[:self.total_size]
        return iter(indices[self.rank:self.total_size:self.num_replicas])

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        """Set the epoch: the next pass permutes with seed ``seed + epoch``, the same on
        every rank, so that each epoch the ranks share out a new order. Without it, every
        epoch repeats the first one's order.

        Args:
            epoch (int): the epoch number.

        >>> sampler = DistributedSampler(range(8), num_replicas=2, rank=0)
        >>> sampler.set_epoch(1)
        >>> rank1 = DistributedSampler(range(8), num_replicas=2, rank=1)
        >>> rank1.set_epoch(1)
        >>> sorted(list(sampler) + list(rank1))  # together, each index once
        [0, 1, 2, 3, 4, 5, 6, 7]
        """
        self.epoch = epoch
