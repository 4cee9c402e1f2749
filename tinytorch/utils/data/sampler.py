"""Samplers: iterables of dataset indices (or of index batches, for ``BatchSampler``)."""

import itertools

import tinytorch


class Sampler:
    """Base class of the samplers: ``__iter__`` yields dataset indices (or lists of them);
    ``__len__`` (optional) counts them. A :class:`~tinytorch.utils.data.DataLoader` takes one
    as ``sampler`` or ``batch_sampler``.

    It takes no arguments (as PyTorch 2.13's, which dropped the deprecated ``data_source``);
    subclasses keep what they need themselves.

    >>> class Backwards(Sampler):
    ...     def __init__(self, data_source):
    ...         self.data_source = data_source
    ...     def __iter__(self):
    ...         return iter(range(len(self.data_source) - 1, -1, -1))
    ...     def __len__(self):
    ...         return len(self.data_source)
    >>> list(Backwards(range(4)))
    [3, 2, 1, 0]
    """

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """Indices ``0 … len(data_source) - 1`` in order.

    Args:
        data_source (Dataset): the dataset to sample from.

    >>> list(SequentialSampler(range(3)))
    [0, 1, 2]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


def _check_num_samples(num_samples, bool_ok=False):
    """PyTorch's check; RandomSampler's (``bool_ok``) lets a bool through as an int."""
    if (not isinstance(num_samples, int) or (isinstance(num_samples, bool) and not bool_ok)
            or num_samples <= 0):
        raise ValueError(f"num_samples should be a positive integer value, "
                         f"but got num_samples={num_samples}")


class RandomSampler(Sampler):
    """Random indices: a fresh permutation per pass, or draws with replacement.

    Args:
        data_source (Dataset): the dataset to sample from.
        replacement (bool): draw with replacement (default ``False``).
        num_samples (int, optional): how many indices per pass (default ``len(data_source)``;
            without replacement, more than that concatenates several permutations).
        generator (Generator, optional): the source of randomness (default: the global
            generator, so ``tinytorch.manual_seed`` makes it reproducible).

    >>> g = tinytorch.Generator().manual_seed(0)
    >>> sorted(RandomSampler(range(5), generator=g))
    [0, 1, 2, 3, 4]
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(f"replacement should be a boolean value, "
                            f"but got replacement={self.replacement}")
        _check_num_samples(self.num_samples, bool_ok=True)

    @property
    def num_samples(self):
        """The number of indices per pass: ``num_samples``, or ``len(data_source)``."""
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        if self.replacement:
            draws = tinytorch.randint(0, n, (self.num_samples,), generator=self.generator)
            yield from draws.tolist()
            return
        for _ in range(self.num_samples // n):
            yield from tinytorch.randperm(n, generator=self.generator).tolist()
        rest = self.num_samples % n
        if rest:
            yield from tinytorch.randperm(n, generator=self.generator).tolist()[:rest]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given ``indices`` in a random order (a fresh permutation per pass).

    Args:
        indices (sequence): the indices to sample from.
        generator (Generator, optional): the source of randomness (default: the global
            generator).

    >>> sorted(SubsetRandomSampler([4, 8, 9]))
    [4, 8, 9]
    """

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in tinytorch.randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """Indices ``0 … len(weights) - 1`` drawn with probabilities proportional to ``weights``.

    Args:
        weights (sequence): non-negative weights, one per index (need not sum to one).
        num_samples (int): how many indices per pass.
        replacement (bool): draw with replacement (default ``True``).
        generator (Generator, optional): the source of randomness.

    >>> list(WeightedRandomSampler([0.0, 1.0, 0.0], 3))
    [1, 1, 1]
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        _check_num_samples(num_samples)
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, "
                             f"but got replacement={replacement}")
        weights_tensor = tinytorch.as_tensor(weights, dtype=tinytorch.float64)
        if len(weights_tensor.shape) != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape "
                             f"{tuple(weights_tensor.shape)}")
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        drawn = tinytorch.multinomial(self.weights, self.num_samples, self.replacement,
                                      generator=self.generator)
        yield from drawn.tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Groups the indices of ``sampler`` into lists of ``batch_size``.

    Args:
        sampler (Sampler or iterable): the source of indices.
        batch_size (int): size of each batch.
        drop_last (bool): drop the last batch when it is smaller than ``batch_size``.

    >>> list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=False))
    [[0, 1], [2, 3], [4]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, "
                             f"but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        it = iter(self.sampler)
        while batch := list(itertools.islice(it, self.batch_size)):
            if self.drop_last and len(batch) < self.batch_size:
                return
            yield batch

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
