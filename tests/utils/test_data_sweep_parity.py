"""utils.data and clip_grad details found by a differential sweep against PyTorch 2.13:
abstract IterableDataset, argument-free Sampler, Subset.__getitems__, the length and
worker-count warnings, the worker KeyError message, and multinomial's weight errors."""

import os
import re
import warnings

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _raised(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 -- compared
        return type(e).__name__, str(e)
    return None


def _caught(fn):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        fn()
    here = os.path.basename(__file__)
    return [(w.category.__name__, re.sub(r" at 0x[0-9a-f]+", "", str(w.message)),
             os.path.basename(w.filename) == here) for w in seen]


def test_iterable_dataset_is_abstract_as_in_torch():
    def make(lib, subclass):
        base = lib.utils.data.IterableDataset
        cls = type("IterableDataset" if not subclass else "NoIter", (base,), {})
        return _raised(lambda: (base if not subclass else cls)())

    for subclass in (False, True):
        assert make(tinytorch, subclass) == make(torch, subclass)
        assert make(tinytorch, subclass)[0] == "TypeError"


def test_sampler_takes_no_arguments_and_random_sampler_takes_bool_num_samples():
    for lib in (tinytorch, torch):
        assert _raised(lambda: lib.utils.data.Sampler(range(3))) == \
            ("TypeError", "Sampler() takes no arguments")
    assert len(tinytorch.utils.data.RandomSampler(range(4), num_samples=True)) == \
        len(torch.utils.data.RandomSampler(range(4), num_samples=True)) == 1
    for bad in (True, 0, 1.5):
        assert _raised(lambda: tinytorch.utils.data.WeightedRandomSampler([1.0], bad)) == \
            _raised(lambda: torch.utils.data.WeightedRandomSampler([1.0], bad))


def test_subset_forwards_batched_fetches_as_torch():
    def run(lib):
        class Batched(lib.utils.data.Dataset):
            calls = []

            def __getitems__(self, indices):
                self.calls.append(list(indices))
                return [i * 10 for i in indices]

            def __len__(self):
                return 10

        subset = lib.utils.data.Subset(Batched(), [9, 3, 5, 1])
        batches = [b.tolist() for b in lib.utils.data.DataLoader(subset, batch_size=3)]
        plain = lib.utils.data.Subset(list(range(100, 110)), [2, 4]).__getitems__([1, 0])
        return batches, Batched.calls, plain

    assert run(tinytorch) == run(torch)


def test_subset_subclass_overriding_only_getitem_raises_as_torch():
    def run(lib):
        cls = type("MySubset", (lib.utils.data.Subset,), {"__getitem__": lambda s, i: i})
        return _raised(lambda: cls(range(3), [0]))

    assert run(tinytorch) == run(torch)
    assert run(tinytorch)[0] == "NotImplementedError"


def _stream(lib, num_workers=0):
    class Stream(lib.utils.data.IterableDataset):
        def __iter__(self):
            return iter(range(3))

        def __len__(self):
            return 2

        def __repr__(self):
            return "Stream()"

    loader = lib.utils.data.DataLoader(Stream(), batch_size=None, num_workers=num_workers)
    len(loader)
    return [int(x) for x in loader]


def test_iterable_dataset_length_warning_matches_torch():
    assert _caught(lambda: _stream(tinytorch)) == _caught(lambda: _stream(torch))
    assert len(_caught(lambda: _stream(tinytorch))) == 1


def test_too_many_workers_warning_matches_torch():
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def make(lib):
        return lib.utils.data.DataLoader(range(4), num_workers=count + 3)

    ours, ref = _caught(lambda: make(tinytorch)), _caught(lambda: make(torch))
    assert ours == ref and len(ours) == 1
    assert _caught(lambda: tinytorch.utils.data.DataLoader(range(4), num_workers=1)) == []


def test_worker_key_error_is_reraised_readably_as_torch():
    from torch._utils import ExceptionWrapper as TorchWrapper

    from tinytorch.utils.data._utils.worker import ExceptionWrapper
    where = "in DataLoader worker process 0"
    try:
        {}["missing"]
    except KeyError:
        ours, ref = ExceptionWrapper(where), TorchWrapper(where=where)
    texts = []
    for wrapper in (ours, ref):
        with pytest.raises(KeyError) as info:
            wrapper.reraise()
        texts.append(str(info.value))
    for text in texts:  # printed over several lines, not as a quoted repr
        lines = text.split("\n")
        assert lines[0] == "Caught KeyError in DataLoader worker process 0."
        assert lines[-2:] == ["KeyError: 'missing'", ""]


def test_clip_grad_norm_empty_generator_warns_as_torch():
    def run(lib):
        return lib.nn.utils.clip_grad_norm_((p for p in []), 1.0)

    assert _caught(lambda: run(tinytorch)) == _caught(lambda: run(torch))
    assert _caught(lambda: run(tinytorch))[0][2]  # attributed to the caller's line
    assert _caught(lambda: tinytorch.nn.utils.clip_grad_norm_([], 1.0)) == []


@pytest.mark.parametrize("weights", [[1.0, -1.0], [1.0, float("nan")], [float("inf"), -1.0],
                                     [[1.0, 1.0], [1.0, float("inf")]], [0.0, 0.0]], ids=str)
@pytest.mark.parametrize("replacement,k", [(True, 2), (True, 1), (False, 1), (False, 2)])
def test_multinomial_weight_errors_match_torch(weights, replacement, k):
    assert _raised(lambda: tinytorch.multinomial(tinytorch.tensor(weights), k, replacement)) == \
        _raised(lambda: torch.multinomial(torch.tensor(weights), k, replacement))


def test_weighted_random_sampler_negative_weight_message_matches_torch():
    def run(lib):
        return _raised(lambda: list(lib.utils.data.WeightedRandomSampler([1.0, -1.0], 2)))

    assert run(tinytorch) == run(torch)
