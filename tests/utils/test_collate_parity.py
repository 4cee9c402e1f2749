"""default_collate/default_convert and PyTorch's collate extension API
(``_utils.collate.collate``, ``default_collate_fn_map``, the ``collate_*_fn`` helpers),
compared with PyTorch 2.13 on the same inputs."""

import collections

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _plain(x):
    """A comparable picture of a collated result: type names, tensors as (dtype, values)."""
    if isinstance(x, (tinytorch.Tensor, torch.Tensor)):
        return ("tensor", str(x.dtype).split(".")[-1], x.tolist())
    if isinstance(x, collections.abc.Mapping):
        extra = x.default_factory if isinstance(x, collections.defaultdict) else None
        return (type(x).__name__, extra, [(k, _plain(v)) for k, v in x.items()])
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [_plain(v) for v in x])
    return (type(x).__name__, repr(x))


def _run(fn):
    try:
        return _plain(fn())
    except Exception as e:  # noqa: BLE001 -- compared
        return type(e).__name__, str(e).replace("tinytorch", "torch")


class Frozen(collections.abc.Mapping):
    """A read-only mapping whose constructor takes a dict."""

    def __init__(self, d):
        self._d = dict(d)

    def __getitem__(self, k):
        return self._d[k]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)


class Keyed(collections.abc.Mapping):
    """A mapping whose constructor does not take a dict (falls back to dict)."""

    def __init__(self, a, b):
        self._d = {"a": a, "b": b}

    def __getitem__(self, k):
        return self._d[k]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return 2


class Tagged(list):
    """A list subclass carrying an attribute that copy.copy keeps."""

    tag = "t"


_BATCHES = {
    "np_str": lambda: [np.str_("a"), np.str_("b")],
    "np_bytes": lambda: [np.bytes_(b"a"), np.bytes_(b"b")],
    "np_str_in_dict": lambda: [{"y": np.str_("a"), "x": np.float32(1)},
                               {"y": np.str_("b"), "x": np.float32(2)}],
    "np_str_array": lambda: [np.array(["a"]), np.array(["b"])],
    "np_scalars": lambda: [np.int16(1), np.int16(2)],
    "np_bool": lambda: [np.bool_(True), np.bool_(False)],
    "np_0d": lambda: [np.array(1.5), np.array(2.5)],
    "defaultdict": lambda: [collections.defaultdict(int, a=1), collections.defaultdict(int, a=2)],
    "ordered": lambda: [collections.OrderedDict(b=1, a=2), collections.OrderedDict(b=3, a=4)],
    "counter": lambda: [collections.Counter(a=1), collections.Counter(a=2)],
    "frozen_mapping": lambda: [Frozen({"a": 1}), Frozen({"a": 2})],
    "keyed_mapping": lambda: [Keyed(1, 2), Keyed(3, 4)],
    "deque": lambda: [collections.deque([1, 2]), collections.deque([3, 4])],
    "tagged_list": lambda: [Tagged([1, 2.0]), Tagged([3, 4.0])],
    "range": lambda: [range(2), range(2)],
    "ragged": lambda: [[1, 2], [3]],
    "object": lambda: [object(), object()],
    "bytes": lambda: [b"a", b"b"],
}


@pytest.mark.parametrize("name", sorted(_BATCHES))
def test_default_collate_matches_torch(name):
    batch = _BATCHES[name]
    ours = _run(lambda: tinytorch.utils.data.default_collate(batch()))
    ref = _run(lambda: torch.utils.data.default_collate(batch()))
    if name == "object":  # the type's repr names the module
        ours, ref = ours[0], ref[0]
    assert ours == ref


_SAMPLES = {
    "defaultdict": lambda: collections.defaultdict(int, a=np.arange(2)),
    "range": lambda: range(3),
    "deque": lambda: collections.deque([np.float32(1), 2]),
    "frozen_mapping": lambda: Frozen({"a": np.arange(2)}),
    "keyed_mapping": lambda: Keyed(np.int8(1), 2),
    "tagged_list": lambda: Tagged([np.arange(2)]),
    "tuple": lambda: (np.arange(2), "s"),
    "np_str": lambda: np.str_("a"),
    "np_scalar": lambda: np.float64(2.5),
    "np_str_array": lambda: np.array(["a", "b"]),
    "tensor": lambda: [tinytorch.ones(1)],
}


@pytest.mark.parametrize("name", sorted(_SAMPLES))
def test_default_convert_matches_torch(name):
    sample = _SAMPLES[name]
    to_lib = (lambda s, lib: [lib.ones(1)]) if name == "tensor" else (lambda s, lib: s)
    ours = _run(lambda: tinytorch.utils.data.default_convert(to_lib(sample(), tinytorch)))
    ref = _run(lambda: torch.utils.data.default_convert(to_lib(sample(), torch)))
    if name == "np_str_array":
        ours, ref = ours[0], ref[0]
    assert ours == ref


def test_default_convert_keeps_the_mutable_container_a_copy():
    from tinytorch.utils.data import default_convert
    d = collections.defaultdict(list, a=np.arange(2))
    out = default_convert(d)
    assert out is not d and out.default_factory is list and isinstance(d["a"], np.ndarray)


def test_collate_module_exposes_torch_names():
    from tinytorch.utils.data._utils import collate as ours
    from torch.utils.data._utils import collate as ref
    names = ["collate", "default_collate", "default_convert", "default_collate_fn_map",
             "default_collate_err_msg_format", "np_str_obj_array_pattern", "collate_tensor_fn",
             "collate_numpy_array_fn", "collate_numpy_scalar_fn", "collate_float_fn",
             "collate_int_fn", "collate_str_fn"]
    assert [hasattr(ours, n) for n in names] == [hasattr(ref, n) for n in names]
    assert ours.np_str_obj_array_pattern.pattern == ref.np_str_obj_array_pattern.pattern
    assert ours.default_collate_err_msg_format == ref.default_collate_err_msg_format
    assert [getattr(f, "__name__", f) for f in ours.default_collate_fn_map.values()] == \
        [f.__name__ for f in ref.default_collate_fn_map.values()]


class Point:
    """A custom element type."""

    def __init__(self, x):
        self.x = x


def _custom(lib):
    from importlib import import_module
    mod = import_module(lib.__name__ + ".utils.data._utils.collate")

    def collate_point_fn(batch, *, collate_fn_map=None):
        return lib.tensor([p.x for p in batch]) * 10

    saved = dict(mod.default_collate_fn_map)
    mod.default_collate_fn_map.update({Point: collate_point_fn})
    try:
        batch = [{"p": Point(1), "n": 1}, {"p": Point(2), "n": 2}]
        via_default = lib.utils.data.default_collate(batch)
        loader = lib.utils.data.DataLoader([Point(3), Point(4)], batch_size=2)
        via_loader = next(iter(loader))
        only_ints = mod.collate([(1, 2), (3, 4)], collate_fn_map={int: mod.collate_int_fn})
    finally:
        mod.default_collate_fn_map.clear()
        mod.default_collate_fn_map.update(saved)
    return _plain(via_default), _plain(via_loader), _plain(only_ints)


def test_default_collate_fn_map_update_customises_collation_as_torch():
    assert _custom(tinytorch) == _custom(torch)


def test_collate_without_a_map_raises_torch_type_error_for_leaves():
    from tinytorch.utils.data._utils.collate import collate as ours
    from torch.utils.data._utils.collate import collate as ref
    assert _run(lambda: ours([1, 2])) == _run(lambda: ref([1, 2]))
    assert _run(lambda: ours([[1], [2]], collate_fn_map={int: lambda b, **k: sum(b)})) == \
        _run(lambda: ref([[1], [2]], collate_fn_map={int: lambda b, **k: sum(b)}))


def test_np_str_labels_pass_through_a_dataloader_as_torch():
    labels = np.array(["cat", "dog", "cow"])

    def run(lib):
        data = [(lib.tensor([float(i)]), labels[i]) for i in range(3)]
        return [_plain(b) for b in lib.utils.data.DataLoader(data, batch_size=2)]

    assert run(tinytorch) == run(torch)
