"""tinytorch.utils.data: datasets, samplers, default_collate and the DataLoader."""

import collections
import gc
import random
import time
import warnings

import numpy as np
import pytest

import tinytorch
from tinytorch.utils.data import BatchSampler
from tinytorch.utils.data import ChainDataset
from tinytorch.utils.data import ConcatDataset
from tinytorch.utils.data import DataLoader
from tinytorch.utils.data import Dataset
from tinytorch.utils.data import IterableDataset
from tinytorch.utils.data import RandomSampler
from tinytorch.utils.data import SequentialSampler
from tinytorch.utils.data import Subset
from tinytorch.utils.data import SubsetRandomSampler
from tinytorch.utils.data import TensorDataset
from tinytorch.utils.data import WeightedRandomSampler
from tinytorch.utils.data import default_collate
from tinytorch.utils.data import default_convert
from tinytorch.utils.data import get_worker_info
from tinytorch.utils.data import random_split

Point = collections.namedtuple("Point", "x y")


# --- datasets used by worker tests live at module level so workers can import them ----------
class NumpyRandomDataset(Dataset):
    """Each sample is a fresh draw from NumPy's *global* generator."""

    def __len__(self):
        return 8

    def __getitem__(self, i):
        return np.random.rand()


class PythonRandomDataset(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return random.random()


class TinytorchRandomDataset(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return tinytorch.rand(()).item()


class WorkerIdDataset(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return get_worker_info().id


class FailingDataset(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        if i == 5:
            raise ValueError(f"bad sample {i}")
        return i


class RangeStream(IterableDataset):
    """0 … n-1, split between workers by get_worker_info()."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))


class OffsetDataset(Dataset):
    """Returns ``offset + i``; worker_init_fn sets a per-worker offset on the worker's copy."""

    offset = 0

    def __len__(self):
        return 8

    def __getitem__(self, i):
        return self.offset + i


class SlowDataset(Dataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        time.sleep(1.5)
        return i


class HungDataset(Dataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        time.sleep(600)  # a worker stuck for good
        return i


class RecordDataset(Dataset):
    """Samples mixing tensors, NumPy arrays, numbers, strings and a namedtuple."""

    def __len__(self):
        return 5

    def __getitem__(self, i):
        return {"x": tinytorch.full((2,), float(i)), "img": np.full((2, 2), i, np.uint8),
                "name": f"s{i}", "p": Point(i, 0.5 * i)}


class MixDataset(Dataset):
    """Combines a stored tensor with a tensor made in the worker."""

    def __init__(self):
        self.x = tinytorch.arange(6.0)

    def __len__(self):
        return 6

    def __getitem__(self, i):
        return self.x[i] + tinytorch.ones(())


def set_offset(worker_id):
    get_worker_info().dataset.offset = 100 * (worker_id + 1)


def failing_init(worker_id):
    raise KeyError(f"init of worker {worker_id}")


def _flat(batches):
    return [v for b in batches for v in b.tolist()]


# --- datasets -----------------------------------------------------------------------------------
def test_tensor_dataset_returns_rows_of_every_tensor(device):
    x = tinytorch.arange(12, device=device).reshape(4, 3)
    y = tinytorch.tensor([0, 1, 0, 1], device=device)
    ds = TensorDataset(x, y)
    assert len(ds) == 4
    xi, yi = ds[2]
    assert xi.tolist() == [6, 7, 8] and yi.item() == 0
    assert xi.device.type == tinytorch.device(device).type


def test_tensor_dataset_size_mismatch_raises():
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        TensorDataset(tinytorch.zeros(3, 2), tinytorch.zeros(4))


def test_subset_and_concat_index_through():
    sub = Subset(list(range(10, 20)), [3, 1])
    assert len(sub) == 2 and sub[0] == 13 and sub[1] == 11
    cat = ConcatDataset([range(3), range(10, 12)])
    assert [cat[i] for i in range(len(cat))] == [0, 1, 2, 10, 11]
    assert cat[-1] == 11
    with pytest.raises(ValueError, match="should not exceed dataset length"):
        cat[-6]


def test_dataset_add_concatenates():
    class Three(Dataset):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return i

    both = Three() + Three()
    assert isinstance(both, ConcatDataset) and len(both) == 6 and both[4] == 1


def test_iterable_datasets_chain():
    both = RangeStream(2) + RangeStream(3)
    assert isinstance(both, ChainDataset) and list(both) == [0, 1, 0, 1, 2] and len(both) == 5
    with pytest.raises(AssertionError, match="ChainDataset only supports IterableDataset"):
        list(ChainDataset([range(2)]))


def test_subset_of_tensor_dataset_takes_index_lists():
    ds = TensorDataset(tinytorch.arange(10) * 10)
    (rows,) = Subset(ds, [9, 4, 2])[[0, 2]]
    assert rows.tolist() == [90, 20]


def test_random_split_lengths_and_fractions_cover_dataset():
    g = tinytorch.Generator().manual_seed(1)
    parts = random_split(range(10), [3, 7], generator=g)
    assert [len(p) for p in parts] == [3, 7]
    assert sorted(parts[0].indices + parts[1].indices) == list(range(10))
    parts = random_split(range(10), [0.33, 0.33, 0.34], generator=g)
    assert [len(p) for p in parts] == [4, 3, 3]


def test_random_split_is_reproducible_with_generator_and_manual_seed():
    a = random_split(range(20), [10, 10], generator=tinytorch.Generator().manual_seed(3))
    b = random_split(range(20), [10, 10], generator=tinytorch.Generator().manual_seed(3))
    assert a[0].indices == b[0].indices
    tinytorch.manual_seed(5)
    c = random_split(range(20), [10, 10])
    tinytorch.manual_seed(5)
    d = random_split(range(20), [10, 10])
    assert c[0].indices == d[0].indices


def test_random_split_bad_lengths_raise():
    with pytest.raises(ValueError, match="Sum of input lengths does not equal"):
        random_split(range(10), [3, 3])
    with pytest.raises(ValueError, match="Fraction at index 0 is not between 0 and 1"):
        random_split(range(10), [1.5, -0.5])


# --- samplers -----------------------------------------------------------------------------------
def test_sequential_and_random_sampler_cover_indices():
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3]
    g = tinytorch.Generator().manual_seed(0)
    perm = list(RandomSampler(range(50), generator=g))
    assert sorted(perm) == list(range(50)) and perm != list(range(50))


def test_random_sampler_reproducible_and_fresh_each_epoch():
    s1 = RandomSampler(range(30), generator=tinytorch.Generator().manual_seed(7))
    s2 = RandomSampler(range(30), generator=tinytorch.Generator().manual_seed(7))
    e1, e2 = list(s1), list(s1)
    assert e1 == list(s2) and e1 != e2


def test_random_sampler_replacement_and_num_samples():
    s = RandomSampler(range(3), replacement=True, num_samples=100,
                      generator=tinytorch.Generator().manual_seed(0))
    draws = list(s)
    assert len(draws) == len(s) == 100 and set(draws) == {0, 1, 2}
    s = RandomSampler(range(4), num_samples=10, generator=tinytorch.Generator().manual_seed(0))
    draws = list(s)
    assert len(draws) == 10 and sorted(draws[:4]) == [0, 1, 2, 3]


def test_random_sampler_validates_arguments():
    with pytest.raises(TypeError, match="replacement should be a boolean value"):
        RandomSampler(range(3), replacement=1)
    with pytest.raises(ValueError, match="num_samples should be a positive integer value"):
        RandomSampler(range(3), num_samples=0)


def test_subset_random_sampler_permutes_given_indices():
    s = SubsetRandomSampler([5, 9, 11, 2], generator=tinytorch.Generator().manual_seed(0))
    assert sorted(s) == [2, 5, 9, 11] and len(s) == 4


def test_weighted_random_sampler_respects_weights():
    g = tinytorch.Generator().manual_seed(0)
    draws = list(WeightedRandomSampler([0.0, 1.0, 0.0, 3.0], 400, generator=g))
    assert set(draws) == {1, 3}
    assert 0.65 < draws.count(3) / 400 < 0.85
    draws = list(WeightedRandomSampler([1.0, 1.0, 0.0, 5.0], 3, replacement=False, generator=g))
    assert sorted(draws) == [0, 1, 3]


def test_weighted_random_sampler_validates_arguments():
    with pytest.raises(ValueError, match="weights should be a 1d sequence"):
        WeightedRandomSampler([[1.0, 2.0]], 2)
    with pytest.raises(ValueError, match="num_samples should be a positive integer"):
        WeightedRandomSampler([1.0], True)
    with pytest.raises(ValueError, match="replacement should be a boolean"):
        WeightedRandomSampler([1.0], 1, replacement="yes")


def test_batch_sampler_groups_and_drops_last():
    assert list(BatchSampler(range(5), 2, False)) == [[0, 1], [2, 3], [4]]
    assert list(BatchSampler(range(5), 2, True)) == [[0, 1], [2, 3]]
    assert len(BatchSampler(range(5), 2, False)) == 3 and len(BatchSampler(range(5), 2, True)) == 2
    with pytest.raises(ValueError, match="batch_size should be a positive integer value"):
        BatchSampler(range(5), 0, False)
    with pytest.raises(ValueError, match="drop_last should be a boolean value"):
        BatchSampler(range(5), 2, None)


# --- default_collate ----------------------------------------------------------------------------
def test_default_collate_stacks_tensors(device):
    batch = [tinytorch.ones(2, 3, device=device) * i for i in range(4)]
    out = default_collate(batch)
    assert out.shape == (4, 2, 3) and out.device.type == tinytorch.device(device).type
    assert out[:, 0, 0].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_default_collate_numbers_bools_strings_numpy():
    assert default_collate([1, 2]).dtype == tinytorch.int64
    assert default_collate([1.0, 2.5]).dtype == tinytorch.float64
    assert default_collate([True, False]).dtype == tinytorch.bool
    assert default_collate(["a", "b"]) == ["a", "b"]
    arrays = default_collate([np.zeros((2, 2), np.float32), np.ones((2, 2), np.float32)])
    assert arrays.shape == (2, 2, 2) and arrays.dtype == tinytorch.float32
    assert default_collate([np.int32(3), np.int32(4)]).dtype == tinytorch.int32


def test_default_collate_structures():
    tup = default_collate([(1, "a"), (2, "b")])
    assert isinstance(tup, list) and tup[0].tolist() == [1, 2] and tup[1] == ("a", "b")
    d = default_collate([{"x": 1.0, "y": [1, 2]}, {"x": 2.0, "y": [3, 4]}])
    assert d["x"].tolist() == [1.0, 2.0] and [t.tolist() for t in d["y"]] == [[1, 3], [2, 4]]
    p = default_collate([Point(1, 2), Point(3, 4)])
    assert isinstance(p, Point) and p.x.tolist() == [1, 3] and p.y.tolist() == [2, 4]


def test_default_collate_errors_match_pytorch():
    with pytest.raises(RuntimeError, match="each element in list of batch should be of equal"):
        default_collate([[1, 2], [3]])
    with pytest.raises(TypeError, match="batch must contain tensors, numpy arrays, numbers"):
        default_collate([object(), object()])
    with pytest.raises(TypeError, match="found <U1"):
        default_collate([np.array(["a"]), np.array(["b"])])


def test_default_convert_turns_arrays_into_tensors_recursively():
    out = default_convert({"a": np.zeros(2, np.float32), "p": Point(np.ones(1), "s"), "n": 3})
    assert isinstance(out["a"], tinytorch.Tensor) and out["a"].dtype == tinytorch.float32
    assert isinstance(out["p"], Point) and isinstance(out["p"].x, tinytorch.Tensor)
    assert out["p"].y == "s" and out["n"] == 3
    assert default_convert(np.float32(2.0)).item() == 2.0


def test_default_collate_matches_pytorch():
    torch = pytest.importorskip("torch")
    from torch.utils.data import default_collate as torch_collate
    batch = [{"img": np.full((2, 2), i, np.float32), "label": i, "w": 0.5 * i,
              "p": Point(i, float(i))} for i in range(3)]
    ours, theirs = default_collate(batch), torch_collate(batch)
    for key in ("img", "label", "w"):
        assert ours[key].tolist() == theirs[key].tolist()
        assert ours[key].dtype.name == str(theirs[key].dtype).removeprefix("torch.")
    assert ours["p"].y.tolist() == theirs["p"].y.tolist()
    assert isinstance(theirs["p"].x, torch.Tensor)


# --- DataLoader, main process -------------------------------------------------------------------
def test_dataloader_batches_and_len(device):
    ds = TensorDataset(tinytorch.arange(10, device=device), tinytorch.arange(10, device=device))
    loader = DataLoader(ds, batch_size=4)
    batches = list(loader)
    assert len(loader) == 3 and [len(x) for x, _ in batches] == [4, 4, 2]
    assert batches[0][0].device.type == tinytorch.device(device).type
    assert len(DataLoader(ds, batch_size=4, drop_last=True)) == 2
    assert [x.tolist() for x, _ in DataLoader(ds, batch_size=4, drop_last=True)][-1] == [4, 5, 6, 7]


def test_dataloader_shuffle_reproducible_with_generator_and_manual_seed():
    ds = TensorDataset(tinytorch.arange(20))

    def epoch(**kw):
        return _flat(x for (x,) in DataLoader(ds, batch_size=6, shuffle=True, **kw))

    a = epoch(generator=tinytorch.Generator().manual_seed(4))
    assert a == epoch(generator=tinytorch.Generator().manual_seed(4))
    assert sorted(a) == list(range(20)) and a != list(range(20))
    tinytorch.manual_seed(11)
    b = epoch()
    tinytorch.manual_seed(11)
    assert b == epoch()


def test_dataloader_batch_size_none_converts_samples():
    out = list(DataLoader([np.ones(2, np.float32), np.zeros(2, np.float32)], batch_size=None))
    assert isinstance(out[0], tinytorch.Tensor) and out[1].tolist() == [0.0, 0.0]


def test_dataloader_custom_sampler_batch_sampler_and_collate():
    ds = list(range(10))
    assert _flat(DataLoader(ds, sampler=[9, 8, 7], batch_size=2)) == [9, 8, 7]
    loader = DataLoader(ds, batch_sampler=[[0, 5], [7]])
    assert [b.tolist() for b in loader] == [[0, 5], [7]] and len(loader) == 2
    assert list(DataLoader(ds, batch_size=3, collate_fn=sum)) == [3, 12, 21, 9]


CONFLICTS = [
    (dict(sampler=[0, 1], shuffle=True), "sampler option is mutually exclusive with shuffle"),
    (dict(batch_sampler=[[0]], batch_size=2), "batch_sampler option is mutually exclusive"),
    (dict(batch_sampler=[[0]], drop_last=True), "batch_sampler option is mutually exclusive"),
    (dict(batch_size=None, drop_last=True), "batch_size=None option disables auto-batching"),
    (dict(num_workers=-1), "num_workers option should be non-negative"),
    (dict(timeout=-1), "timeout option should be non-negative"),
    (dict(prefetch_factor=2), "prefetch_factor option could only be specified"),
    (dict(persistent_workers=True), "persistent_workers option needs num_workers > 0"),
    (dict(multiprocessing_context="fork"), "multiprocessing_context can only be used"),
    (dict(num_workers=1, multiprocessing_context="nope"), "should specify a valid start method"),
]


@pytest.mark.parametrize("kwargs, message", CONFLICTS)
def test_dataloader_rejects_conflicting_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DataLoader(list(range(4)), **kwargs)


@pytest.mark.parametrize("kwargs", [kw for kw, _ in CONFLICTS])
def test_dataloader_error_messages_match_pytorch(kwargs):
    torch_data = pytest.importorskip("torch.utils.data")
    with pytest.raises(ValueError) as theirs:
        torch_data.DataLoader(list(range(4)), **kwargs)
    with pytest.raises(ValueError) as ours:
        DataLoader(list(range(4)), **kwargs)
    assert str(ours.value) == str(theirs.value)


def test_dataloader_iterable_dataset_rejects_shuffle_and_sampler():
    with pytest.raises(ValueError, match="expected unspecified shuffle option"):
        DataLoader(RangeStream(4), shuffle=True)
    with pytest.raises(ValueError, match="expected unspecified sampler option"):
        DataLoader(RangeStream(4), sampler=[0])


def test_dataloader_attributes_frozen_after_init():
    loader = DataLoader(list(range(4)))
    with pytest.raises(ValueError, match="batch_size attribute should not be set"):
        loader.batch_size = 3


def test_dataloader_iterable_dataset_batches_and_len():
    loader = DataLoader(RangeStream(7), batch_size=3)
    assert [b.tolist() for b in loader] == [[0, 1, 2], [3, 4, 5], [6]] and len(loader) == 3
    assert len(DataLoader(RangeStream(7), batch_size=3, drop_last=True)) == 2


# --- DataLoader, worker processes ---------------------------------------------------------------
def test_workers_return_batches_in_order():
    ds = TensorDataset(tinytorch.arange(23), tinytorch.arange(23) * 2)
    single = [(x.tolist(), y.tolist()) for x, y in DataLoader(ds, batch_size=4)]
    multi = [(x.tolist(), y.tolist()) for x, y in DataLoader(ds, batch_size=4, num_workers=2)]
    assert multi == single


def test_workers_carry_bfloat16_batches():
    """A worker sends its batch's host arrays (NOTE [Worker transport]), bfloat16 ones too,
    though ``numpy()`` refuses bfloat16 as PyTorch's does."""
    ds = TensorDataset(tinytorch.arange(6.0).to(tinytorch.bfloat16), tinytorch.arange(6))
    for x, y in DataLoader(ds, batch_size=3, num_workers=1):
        assert x.dtype is tinytorch.bfloat16 and x.float().tolist() == (y * 1.0).tolist()


def test_workers_carry_nested_batches_like_the_main_process():
    def run(workers):
        with warnings.catch_warnings():  # pin_memory without a GPU warns (tested below)
            warnings.simplefilter("ignore", UserWarning)
            return list(DataLoader(RecordDataset(), batch_size=2, num_workers=workers,
                                   pin_memory=True))

    for ours, ref in zip(run(2), run(0)):
        assert ours["name"] == ref["name"] and isinstance(ours["p"], Point)
        for a, b in ((ours["x"], ref["x"]), (ours["img"], ref["img"]), (ours["p"].y, ref["p"].y)):
            assert isinstance(a, tinytorch.Tensor) and a.dtype == b.dtype
            assert a.tolist() == b.tolist()


def test_shuffle_order_does_not_depend_on_num_workers():
    ds = TensorDataset(tinytorch.arange(30))

    def order(workers):
        g = tinytorch.Generator().manual_seed(8)
        loader = DataLoader(ds, batch_size=4, shuffle=True, num_workers=workers, generator=g)
        return [_flat(x for (x,) in loader) for _ in range(2)]

    assert order(0) == order(2)


def test_spawned_workers_receive_a_working_dataset():
    loader = DataLoader(MixDataset(), batch_size=3, num_workers=1, multiprocessing_context="spawn")
    assert [b.tolist() for b in loader] == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def test_workers_seed_numpy_python_and_tinytorch_differently_and_reproducibly():
    def draws(ds):
        g = tinytorch.Generator().manual_seed(123)
        loader = DataLoader(ds, batch_size=2, num_workers=2, generator=g)
        return [b.tolist() for b in loader]

    first = draws(NumpyRandomDataset())
    # batch 0 comes from worker 0, batch 1 from worker 1: their NumPy streams must differ
    assert first[0] != first[1]
    assert first == draws(NumpyRandomDataset())
    for ds in (PythonRandomDataset(), TinytorchRandomDataset()):
        batches = draws(ds)
        assert batches[0] != batches[1] and batches == draws(ds)


def test_workers_draw_new_numpy_numbers_each_epoch():
    loader = DataLoader(NumpyRandomDataset(), batch_size=4, num_workers=2,
                        generator=tinytorch.Generator().manual_seed(0))
    first, second = ([b.tolist() for b in loader] for _ in range(2))
    assert first != second


def test_workers_see_their_worker_info():
    loader = DataLoader(WorkerIdDataset(), batch_size=2, num_workers=2)
    assert [b.tolist() for b in loader] == [[0, 0], [1, 1], [0, 0], [1, 1]]
    assert get_worker_info() is None


def test_worker_init_fn_runs_in_each_worker():
    loader = DataLoader(OffsetDataset(), batch_size=2, num_workers=2, worker_init_fn=set_offset)
    assert [b.tolist() for b in loader] == [[100, 101], [202, 203], [104, 105], [206, 207]]
    assert OffsetDataset.offset == 0


def test_worker_init_fn_error_is_reraised():
    loader = DataLoader(OffsetDataset(), batch_size=2, num_workers=1, worker_init_fn=failing_init)
    with pytest.raises(KeyError, match="Caught KeyError in DataLoader worker process 0"):
        next(iter(loader))


def test_worker_timeout_raises_runtime_error():
    loader = DataLoader(SlowDataset(), batch_size=1, num_workers=1, timeout=0.2)
    with pytest.raises(RuntimeError, match="DataLoader timed out after 0.2 seconds"):
        next(iter(loader))


def test_worker_stuck_in_getitem_times_out_at_the_timeout_and_is_terminated():
    # The error comes at the timeout, and shutting the stuck worker down terminates it
    # rather than waiting on it (it took the timeout plus a 5 s join).
    it = iter(DataLoader(HungDataset(), batch_size=1, num_workers=1, timeout=1))
    start = time.monotonic()
    with pytest.raises(RuntimeError, match=r"^DataLoader timed out after 1 seconds$"):
        next(it)
    assert time.monotonic() - start < 4.0  # a hang guard, not a speed claim
    assert not any(w.is_alive() for w in it._workers)


def test_out_of_order_loading_returns_every_batch():
    loader = DataLoader(TensorDataset(tinytorch.arange(12)), batch_size=3, num_workers=2,
                        in_order=False)
    assert sorted(_flat(x for (x,) in loader)) == list(range(12))


def test_worker_exception_is_reraised_naming_the_worker_and_workers_stop():
    it = iter(DataLoader(FailingDataset(), batch_size=2, num_workers=2))
    workers = it._workers
    with pytest.raises(ValueError, match=r"(?s)Caught ValueError in DataLoader worker process 0"
                                         r".*bad sample 5"):
        list(it)
    assert not any(w.is_alive() for w in workers)


def test_persistent_loader_recovers_after_a_worker_error():
    loader = DataLoader(FailingDataset(), batch_size=2, num_workers=2, persistent_workers=True)
    for _ in range(2):
        it = iter(loader)
        assert next(it).tolist() == [0, 1]
        with pytest.raises(ValueError, match="bad sample 5"):
            list(it)
        assert list(it) == []  # an iterator stays finished after the error
    loader._iterator._shutdown_workers()


def test_workers_shut_down_when_loop_breaks():
    loader = DataLoader(TensorDataset(tinytorch.arange(40)), batch_size=2, num_workers=2)
    it = iter(loader)
    next(it)
    workers = it._workers
    del it
    gc.collect()
    assert not any(w.is_alive() for w in workers)


def test_workers_with_iterable_dataset_split_by_worker_info():
    loader = DataLoader(RangeStream(10), batch_size=2, num_workers=2)
    assert sorted(_flat(loader)) == list(range(10))


def test_persistent_workers_restart_iterable_streams_each_epoch():
    loader = DataLoader(RangeStream(7), batch_size=2, num_workers=2, persistent_workers=True)
    epochs = [sorted(_flat(loader)) for _ in range(2)]
    assert epochs == [list(range(7))] * 2
    loader._iterator._shutdown_workers()


def test_persistent_workers_serve_several_epochs():
    ds = TensorDataset(tinytorch.arange(9))
    loader = DataLoader(ds, batch_size=2, num_workers=2, persistent_workers=True)
    first = _flat(x for (x,) in loader)
    it = iter(loader)
    next(it)  # a broken-off epoch must not leak into the next one
    assert _flat(x for (x,) in loader) == first == list(range(9))
    workers = loader._iterator._workers
    loader._iterator._shutdown_workers()
    assert not any(w.is_alive() for w in workers)


def test_pin_memory_without_a_gpu_warns_as_pytorch():
    loader = DataLoader(TensorDataset(tinytorch.ones(4, 2)), batch_size=2, pin_memory=True)
    if tinytorch.cuda.is_available():
        assert len(list(loader)) == 2
        return
    with pytest.warns(UserWarning, match="'pin_memory' argument is set as true but no "
                                         "accelerator is found"):
        assert len(list(loader)) == 2
