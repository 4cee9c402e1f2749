"""Datasets: the map-style ``Dataset`` and iterable ``IterableDataset`` protocols and the
combinators PyTorch ships (``TensorDataset``, ``Subset``, ``ConcatDataset``, ``ChainDataset``,
``random_split``)."""

import bisect
import collections.abc
import itertools
import math
import warnings

import tinytorch


class Dataset:
    """A map-style dataset: ``__getitem__(index)`` returns one sample, ``__len__`` the count.

    Subclasses implement ``__getitem__`` (and usually ``__len__``). ``a + b`` concatenates.

    >>> class Squares(Dataset):
    ...     def __getitem__(self, i):
    ...         return i * i
    ...     def __len__(self):
    ...         return 4
    >>> [Squares()[i] for i in range(4)]
    [0, 1, 4, 9]
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset, collections.abc.Iterable):
    """A dataset that is an iterable of samples (a stream) rather than indexable.

    With ``num_workers > 0`` every worker iterates its own copy; use
    :func:`tinytorch.utils.data.get_worker_info` inside ``__iter__`` to split the work.

    >>> class Count(IterableDataset):
    ...     def __iter__(self):
    ...         return iter(range(3))
    >>> list(Count())
    [0, 1, 2]
    """

    def __add__(self, other):
        return ChainDataset([self, other])


class TensorDataset(Dataset):
    """Samples are the rows of ``tensors`` along their first dimension.

    Args:
        *tensors (Tensor): tensors with the same size of the first dimension.

    Raises:
        AssertionError: if the first dimensions differ (PyTorch's type and wording).

    >>> ds = TensorDataset(tinytorch.arange(6).reshape(3, 2), tinytorch.tensor([0, 1, 0]))
    >>> len(ds), ds[1]
    (3, (tensor([2, 3]), tensor(1)))
    """

    def __init__(self, *tensors):
        sizes = [t.size(0) for t in tensors]
        if any(s != sizes[0] for s in sizes):
            raise AssertionError(f"Size mismatch between tensors: first dimensions are {sizes}")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices`` (in that order).

    Args:
        dataset (Dataset): the whole dataset.
        indices (sequence): the indices in ``dataset`` that make up the subset.

    >>> Subset(range(10), [7, 2])[1]
    2
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices
        if (type(self).__getitem__ is not Subset.__getitem__
                and type(self).__getitems__ is Subset.__getitems__):
            raise NotImplementedError(
                f"{type(self).__name__} overrides __getitem__ but not __getitems__. "
                "When subclassing Subset and overriding __getitem__, you must also override "
                "__getitems__ to ensure DataLoader works correctly with your custom logic. "
                "A simple implementation:\n\n"
                "def __getitems__(self, indices):\n"
                "    return [self.__getitem__(idx) for idx in indices]")

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices):
        """The samples at positions ``indices`` of the subset, in one batched fetch from the
        dataset's ``__getitems__`` when it has one (as the DataLoader fetches a batch).

        Args:
            indices (list): positions in the subset.

        Returns:
            list: the samples.

        >>> Subset(range(10), [7, 2, 5]).__getitems__([0, 2])
        [7, 5]
        """
        if callable(getattr(self.dataset, "__getitems__", None)):
            return self.dataset.__getitems__([self.indices[i] for i in indices])
        return [self.dataset[self.indices[i]] for i in indices]

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """The samples of several map-style datasets, one after another.

    Args:
        datasets (sequence): the map-style datasets to concatenate.

    Raises:
        AssertionError: ``datasets`` is empty or holds an :class:`IterableDataset`
            (PyTorch's type and wording).
        ValueError: indexing with a negative index past the start.

    >>> ds = ConcatDataset([range(3), range(10, 12)])
    >>> len(ds), ds[3], ds[-1]
    (5, 10, 11)
    """

    @staticmethod
    def cumsum(sequence):
        """Return the running totals of the lengths of ``sequence``'s datasets (the end of
        each one in the concatenation).

        Args:
            sequence (sequence): datasets with ``__len__``.

        Returns:
            list of int: the cumulative lengths.

        >>> ConcatDataset.cumsum([range(3), range(2), range(4)])
        [3, 5, 9]
        """
        return list(itertools.accumulate(len(e) for e in sequence))

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise AssertionError("datasets should not be an empty iterable")
        if any(isinstance(d, IterableDataset) for d in self.datasets):
            raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        dataset_idx = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[dataset_idx - 1] if dataset_idx > 0 else 0
        return self.datasets[dataset_idx][idx - start]


class StackDataset(Dataset):
    """Several map-style datasets of one length side by side: sample ``i`` is the tuple (or,
    from keywords, the dict) of their samples ``i``.

    Args:
        *args (Dataset): datasets whose samples come as a tuple.
        **kwargs (Dataset): datasets whose samples come as a dict (not with ``args``).

    Raises:
        ValueError: both or neither of ``args`` and ``kwargs``, or datasets of different
            lengths (PyTorch's messages).

    >>> images, labels = TensorDataset(tinytorch.ones(3, 2)), TensorDataset(tinytorch.arange(3))
    >>> StackDataset(image=images, label=labels)[1]
    {'image': (tensor([1., 1.]),), 'label': (tensor(1),)}
    """

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via "
                             "``kwargs``) like input/output, but both types are given.")
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        self.datasets = args or kwargs
        parts = list(args or kwargs.values())
        self._length = len(parts[0])
        if any(len(d) != self._length for d in parts):
            raise ValueError("Size mismatch between datasets")

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __len__(self):
        return self._length


class ChainDataset(IterableDataset):
    """Several iterable datasets chained into one stream (chained lazily, as it is iterated).

    Args:
        datasets (iterable): the :class:`IterableDataset` s to chain.

    >>> class Count(IterableDataset):
    ...     def __init__(self, n):
    ...         self.n = n
    ...     def __iter__(self):
    ...         return iter(range(self.n))
    >>> list(ChainDataset([Count(2), Count(3)]))
    [0, 1, 0, 1, 2]
    """

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self):
        return sum(len(d) for d in self.datasets)


def _fraction_lengths(total, fractions):
    lengths = []
    for i, frac in enumerate(fractions):
        if frac < 0 or frac > 1:
            raise ValueError(f"Fraction at index {i} is not between 0 and 1")
        lengths.append(math.floor(total * frac))
    for i in range(total - sum(lengths)):  # the remainder, round-robin
        lengths[i % len(lengths)] += 1
    for i, length in enumerate(lengths):
        if length == 0:
            warnings.warn(f"Length of split at index {i} is 0. "
                          f"This might result in an empty dataset.", stacklevel=3)
    return lengths


def random_split(dataset, lengths, generator=None):
    """Randomly split ``dataset`` into non-overlapping :class:`Subset` s.

    Args:
        dataset (Dataset): the dataset to split.
        lengths (sequence): lengths of the splits, or fractions summing to 1 (each split gets
            ``floor(frac * len(dataset))``, the remainder is handed out round-robin).
        generator (Generator, optional): the generator for the permutation (default: the
            global one, so ``tinytorch.manual_seed`` makes it reproducible).

    Returns:
        list of Subset: one per length, in order.

    Raises:
        ValueError: if the lengths do not add up to ``len(dataset)``.

    >>> a, b = random_split(range(10), [0.3, 0.7], generator=tinytorch.Generator().manual_seed(0))
    >>> len(a), len(b)
    (3, 7)
    """
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        lengths = _fraction_lengths(len(dataset), lengths)
    if sum(lengths) != len(dataset):
        raise ValueError(f"Sum of input lengths does not equal the length of the input dataset! "
                         f"(lengths sum to {sum(lengths)}, the dataset has {len(dataset)})")
    indices = tinytorch.randperm(sum(lengths), generator=generator).tolist()
    return [Subset(dataset, indices[end - length:end])
            for end, length in zip(itertools.accumulate(lengths), lengths)]
