"""``DataLoader``: batches from a dataset, in the main process or in worker processes.

The multi-process machinery (``multiprocessing``, queues) is imported on first use, so
``import tinytorch`` stays cheap.
"""

import os
import warnings

from tinytorch import cuda as _cuda
from tinytorch.utils.data._utils.collate import default_collate
from tinytorch.utils.data._utils.collate import default_convert
from tinytorch.utils.data._utils.fetch import create_fetcher
from tinytorch.utils.data._utils.worker import draw_base_seed
from tinytorch.utils.data.dataset import IterableDataset
from tinytorch.utils.data.sampler import BatchSampler
from tinytorch.utils.data.sampler import RandomSampler
from tinytorch.utils.data.sampler import SequentialSampler

_FROZEN = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")


class _InfiniteConstantSampler:
    """The index source for an IterableDataset: ``None`` forever (the stream decides)."""

    def __iter__(self):
        while True:
            yield None


def _check_worker_args(num_workers, timeout, prefetch_factor, persistent_workers):
    """PyTorch's validation of the multi-process arguments; returns the prefetch factor."""
    if num_workers < 0:
        raise ValueError("num_workers option should be non-negative; "
                         "use num_workers=0 to disable multiprocessing.")
    if timeout < 0:
        raise ValueError("timeout option should be non-negative")
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError("prefetch_factor option could only be specified in multiprocessing."
                         "let num_workers > 0 to enable multiprocessing, otherwise set "
                         "prefetch_factor to None.")
    if num_workers > 0 and prefetch_factor is None:
        prefetch_factor = 2
    elif prefetch_factor is not None and prefetch_factor < 0:
        raise ValueError("prefetch_factor option should be non-negative")
    if persistent_workers and num_workers == 0:
        raise ValueError("persistent_workers option needs num_workers > 0")
    return prefetch_factor


def _check_iterable_args(shuffle, sampler, batch_sampler):
    if shuffle not in {False, None}:
        raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle "
                         f"option, but got shuffle={shuffle}")
    if sampler is not None:
        raise ValueError(f"DataLoader with IterableDataset: expected unspecified sampler "
                         f"option, but got sampler={sampler}")
    if batch_sampler is not None:
        raise ValueError(f"DataLoader with IterableDataset: expected unspecified "
                         f"batch_sampler option, but got batch_sampler={batch_sampler}")


def _mp_context(context, num_workers):
    if context is None:
        return None
    if num_workers == 0:
        raise ValueError(f"multiprocessing_context can only be used with multi-process "
                         f"loading (num_workers > 0), but got num_workers={num_workers}")
    import multiprocessing

    if isinstance(context, str):
        methods = multiprocessing.get_all_start_methods()
        if context not in methods:
            raise ValueError(f"multiprocessing_context option should specify a valid start "
                             f"method in {methods!r}, but got "
                             f"multiprocessing_context={context!r}")
        context = multiprocessing.get_context(context)
    if not isinstance(context, multiprocessing.context.BaseContext):
        raise TypeError(f"multiprocessing_context option should be a valid context object or "
                        f"a string specifying the start method, but got "
                        f"multiprocessing_context={context}")
    return context


class DataLoader:
    """Iterates over ``dataset`` in batches, PyTorch's ``torch.utils.data.DataLoader``.

    Args:
        dataset (Dataset): map-style (indexable) or :class:`IterableDataset`.
        batch_size (int, optional): samples per batch; ``None`` turns batching off (default 1).
        shuffle (bool, optional): reshuffle every epoch (default ``False``).
        sampler (Sampler or iterable, optional): where indices come from (excludes ``shuffle``).
        batch_sampler (Sampler or iterable, optional): yields lists of indices (excludes
            ``batch_size``, ``shuffle``, ``sampler`` and ``drop_last``).
        num_workers (int): worker processes (``0``: load in the main process).
        collate_fn (callable, optional): merges a list of samples into a batch
            (default :func:`default_collate`).
        pin_memory (bool): accepted for compatibility; host memory is not pinned. Without a
            GPU each pass warns as PyTorch's does.
        drop_last (bool): drop the last incomplete batch.
        timeout (float): seconds to wait for a batch from the workers (``0``: no limit).
        worker_init_fn (callable, optional): called as ``worker_init_fn(worker_id)`` in each
            worker after seeding.
        multiprocessing_context (str or context, optional): the start method of workers.
        generator (Generator, optional): drives ``RandomSampler`` and the workers' base seed.
        prefetch_factor (int, optional): batches loaded ahead per worker (default 2).
        persistent_workers (bool): keep the workers alive between epochs.
        pin_memory_device (str): accepted for compatibility.
        in_order (bool): return batches in sampler order (default ``True``).

    Every worker seeds Python's ``random``, NumPy's global generator and tinytorch's default
    generator from ``base_seed + worker_id``, where ``base_seed`` is drawn from ``generator``
    (or the global generator) whenever workers start: every epoch, or once with
    ``persistent_workers``.

    >>> import tinytorch
    >>> from tinytorch.utils.data import TensorDataset
    >>> loader = DataLoader(TensorDataset(tinytorch.arange(5)), batch_size=2)
    >>> [b[0].tolist() for b in loader]
    [[0, 1], [2, 3], [4]]
    """

    _initialized = False

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        self.prefetch_factor = _check_worker_args(num_workers, timeout, prefetch_factor,
                                                  persistent_workers)
        self.dataset = dataset
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = _mp_context(multiprocessing_context, num_workers)
        self.in_order = in_order
        self._is_iterable = isinstance(dataset, IterableDataset)
        if self._is_iterable:
            _check_iterable_args(shuffle, sampler, batch_sampler)
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        if sampler is None:
            sampler = self._default_sampler(dataset, shuffle, generator)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._iterator = None
        self._initialized = True
        self._IterableDataset_len_called = None  # len(dataset) once len(self) was asked
        self.check_worker_number_rationality()

    def _default_sampler(self, dataset, shuffle, generator):
        if self._is_iterable:
            return _InfiniteConstantSampler()
        if shuffle:
            return RandomSampler(dataset, generator=generator)
        return SequentialSampler(dataset)

    def __setattr__(self, attr, val):
        if self._initialized and attr in _FROZEN:
            raise ValueError(f"{attr} attribute should not be set after "
                             f"{type(self).__name__} is initialized")
        super().__setattr__(attr, val)

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self):
        if self.pin_memory and not _cuda.is_available():  # PyTorch's warning, on each pass
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, "
                          "then device pinned memory won't be used.", UserWarning, stacklevel=2)
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        from tinytorch.utils.data._utils.multiprocess import MultiProcessingDataLoaderIter
        if not self.persistent_workers:
            self.check_worker_number_rationality()
            return MultiProcessingDataLoaderIter(self)
        if self._iterator is None or self._iterator.is_shut_down:  # e.g. after a worker error
            self.check_worker_number_rationality()
            self._iterator = MultiProcessingDataLoaderIter(self)
        else:
            self._iterator.reset(self)
        return self._iterator

    def __len__(self):
        if not self._is_iterable:
            return len(self._index_sampler)
        length = self._IterableDataset_len_called = len(self.dataset)
        if self.batch_size is not None:
            if self.drop_last:
                return length // self.batch_size
            return -(-length // self.batch_size)
        return length

    def check_worker_number_rationality(self):
        """Warn (PyTorch's UserWarning) when ``num_workers`` exceeds the CPUs this process may
        use (``os.sched_getaffinity`` where there is one, else ``os.cpu_count()``): that many
        worker processes can make loading slow or freeze it. Called on construction and when
        workers are started.

        >>> DataLoader(range(4), num_workers=0).check_worker_number_rationality()
        """
        if not self.num_workers:
            return
        cpuset_checked = hasattr(os, "sched_getaffinity")
        suggest = len(os.sched_getaffinity(0)) if cpuset_checked else os.cpu_count()
        if suggest is not None and self.num_workers <= suggest:
            return
        if suggest is None:
            suggested = ("DataLoader is not able to compute a suggested max number of worker in "
                         "current system.")
        else:
            suggested = (f"Our suggested max number of worker in current system is {suggest}"
                         f"{'' if cpuset_checked else ' (`cpuset` is not taken into account)'}, "
                         "which is smaller than what this DataLoader is going to create.")
        warnings.warn(f"This DataLoader will create {self.num_workers} worker processes in "
                      f"total. {suggested} Please be aware that excessive worker creation might "
                      "get DataLoader running slow or even freeze, lower the worker number to "
                      "avoid potential slowness/freeze if necessary.", stacklevel=2)


def count_yielded(iterator):
    """Count a batch that ``iterator`` yields; past the IterableDataset length that
    ``len(loader)`` reported (before the pass began), warn as PyTorch does, at the line that
    asked for the batch. The iterator holds ``_num_yielded``, ``_IterableDataset_len_called``,
    ``_dataset`` and ``_num_workers``."""
    iterator._num_yielded += 1
    reported = iterator._IterableDataset_len_called
    if reported is None or iterator._num_yielded <= reported:
        return
    message = (f"Length of IterableDataset {iterator._dataset} was reported to be {reported}"
               f"(when accessing len(dataloader)), but {iterator._num_yielded} samples have "
               "been fetched. ")
    if iterator._num_workers > 0:
        message += ("For multiprocessing data-loading, this could be caused by not properly "
                    "configuring the IterableDataset replica at each worker. Please see "
                    "https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset"
                    " for examples.")
    warnings.warn(message, stacklevel=3)


class _SingleProcessDataLoaderIter:
    """Loads each batch in the main process when it is asked for."""

    def __init__(self, loader):
        if loader.timeout != 0:
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")
        self._sampler_iter = iter(loader._index_sampler)
        draw_base_seed(loader.generator)  # keeps the random stream as with workers
        self._fetcher = create_fetcher(loader._is_iterable, loader.dataset,
                                       loader._auto_collation, loader.collate_fn,
                                       loader.drop_last)
        self._length = None if loader._is_iterable else len(loader)
        self._dataset, self._num_workers, self._num_yielded = loader.dataset, 0, 0
        self._IterableDataset_len_called = loader._IterableDataset_len_called

    def __iter__(self):
        return self

    def __next__(self):
        index = next(self._sampler_iter)
        data = self._fetcher.fetch(index)
        count_yielded(self)
        return data

    def __len__(self):
        return self._length

