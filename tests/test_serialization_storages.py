"""tinytorch.save / load (format version 2): shared storage, strides, Parameters and tuple keys
kept as PyTorch's torch.save / torch.load keep them; version-1 files still load."""

import base64
import io
import json

import numpy as np
import pytest
import safetensors
import safetensors.numpy

import tinytorch
from tinytorch import nn


def _round_trip(lib, obj, **load_kwargs):
    buf = io.BytesIO()
    lib.save(obj, buf)
    buf.seek(0)
    return lib.load(buf, **load_kwargs)


def _entries(obj):
    """{safetensors entry: shape} and the tinytorch metadata of what tinytorch.save wrote."""
    buf = io.BytesIO()
    tinytorch.save(obj, buf)
    data = buf.getvalue()
    meta = json.loads(_header(data)["__metadata__"]["tinytorch"])
    return {name: tuple(view["shape"]) for name, view in safetensors.deserialize(data)}, meta


def _header(data):
    size = int.from_bytes(data[:8], "little")
    return json.loads(data[8:8 + size])


def _values(t):
    return t.detach().cpu().tolist()


def test_a_view_saved_with_its_base_shares_its_memory_after_load(device):
    torch = pytest.importorskip("torch")
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        b = lib.zeros(2, 2, device=dev)
        back = _round_trip(lib, {"base": b, "row": b[1]})
        back["row"].fill_(1)
        assert _values(back["base"]) == [[0.0, 0.0], [1.0, 1.0]], lib.__name__
        assert back["row"].device == b.device and back["row"].stride() == (1,)
    entries, meta = _entries({"base": tinytorch.zeros(2, 2), "row": tinytorch.zeros(2, 2)[1]})
    assert entries == {"base": (2, 2), "row": (2,)}  # different memory: two entries
    b = tinytorch.zeros(2, 2)
    entries, meta = _entries({"base": b, "row": b[1]})
    assert entries == {"base": (2, 2)}  # one storage, under the base's own key and shape
    assert meta["tensors"]["row"] == {"device": "cpu", "requires_grad": False,
                                      "storage": "base", "offset": 2, "size": [2],
                                      "stride": [1]}


def test_overlapping_views_without_their_base_save_only_their_span():
    torch = pytest.importorskip("torch")
    for lib in (tinytorch, torch):
        x = lib.arange(10.0)
        back = _round_trip(lib, {"a": x[1:3], "b": x[2:5]})
        back["a"].fill_(9)
        assert back["b"].tolist() == [9.0, 3.0, 4.0], lib.__name__
    x = tinytorch.arange(10.0)
    entries, meta = _entries({"a": x[1:3], "b": x[2:5]})
    assert entries == {"a.storage": (4,)}  # elements 1..4, not PyTorch's whole storage
    assert [meta["tensors"][k]["offset"] for k in "ab"] == [0, 1]


def test_tensors_keep_their_strides_as_in_pytorch():
    torch = pytest.importorskip("torch")

    def cases(lib):
        x = lib.arange(12.0).reshape(3, 4)
        return [x.t(), x[:, 1], x[::2, 1::2], lib.ones(1, 3).expand(4, 3), x.t()[1:],
                x.reshape(2, 6)[1], x[1, 1]]

    for ours, theirs in zip(cases(tinytorch), cases(torch)):
        got, want = _round_trip(tinytorch, ours), _round_trip(torch, theirs)
        assert got.stride() == want.stride() == ours.stride()
        assert got.shape == want.shape and got.tolist() == want.tolist()
        assert got.is_contiguous() == want.is_contiguous()


def test_same_tensor_twice_loads_as_one_object_and_parameters_stay_parameters():
    torch = pytest.importorskip("torch")
    for lib in (tinytorch, torch):
        w = lib.nn.Parameter(lib.zeros(3))
        back = _round_trip(lib, {"a": w, "b": w, "c": w.detach(), "in_list": [w]})
        assert back["a"] is back["b"] is back["in_list"][0], lib.__name__
        assert type(back["a"]) is lib.nn.Parameter and back["a"].requires_grad
        assert type(back["c"]) is lib.Tensor and not back["c"].requires_grad
        back["c"].add_(1)  # a detached alias shares the parameter's memory
        assert back["a"].tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("requires_grad", [True, False])
def test_parameter_type_and_requires_grad_are_kept(device, requires_grad):
    torch = pytest.importorskip("torch")
    want = _round_trip(torch, torch.nn.Parameter(torch.ones(2), requires_grad=requires_grad))
    got = _round_trip(tinytorch, nn.Parameter(tinytorch.ones(2, device=device),
                                              requires_grad=requires_grad))
    assert type(got) is nn.Parameter and type(want) is torch.nn.Parameter
    assert got.requires_grad == want.requires_grad == requires_grad
    assert got.is_leaf and got.device.type == tinytorch.device(device).type
    y = tinytorch.ones(2, device=device, requires_grad=True) * 2  # a non-leaf: loads as a leaf
    back = _round_trip(tinytorch, y)
    assert type(back) is tinytorch.Tensor and back.requires_grad and back.is_leaf


def test_tied_weights_of_a_model_stay_tied(tmp_path):
    model = nn.Sequential(nn.Embedding(5, 4), nn.Linear(4, 5, bias=False))
    model[1].weight = model[0].weight
    tinytorch.save(model.state_dict(), tmp_path / "tied.tt")
    back = tinytorch.load(tmp_path / "tied.tt")
    assert list(back) == ["0.weight", "1.weight"]
    back["0.weight"].zero_()
    assert back["1.weight"].abs().sum().item() == 0
    fresh = nn.Sequential(nn.Embedding(5, 4), nn.Linear(4, 5, bias=False))
    fresh.load_state_dict(back)
    assert fresh[1].weight.abs().sum().item() == 0


def test_sharing_is_kept_on_the_device_map_location_names(device):
    b = tinytorch.arange(6.0, device=device).reshape(2, 3)
    buf = io.BytesIO()
    tinytorch.save({"base": b, "col": b[:, 2], "flat": b.view(-1)}, buf)
    for location in (None, "cpu", {str(b.device): "cpu"}):
        buf.seek(0)
        back = tinytorch.load(buf, map_location=location)
        expected = tinytorch.device("cpu") if location else b.device
        assert {t.device for t in back.values()} == {expected}
        back["col"].fill_(-1)
        assert _values(back["base"]) == [[0.0, 1.0, -1.0], [3.0, 4.0, -1.0]]
        assert back["flat"].tolist()[2] == -1.0 and back["col"].stride() == (3,)


@pytest.mark.parametrize("dtype", ["float64", "int64", "bool", "uint8", "bfloat16"])
def test_views_of_every_dtype_and_degenerate_shapes(dtype):
    x = tinytorch.arange(6).reshape(2, 3).to(getattr(tinytorch, dtype))
    empty = tinytorch.zeros(0, 3, dtype=x.dtype)
    saved = [x, x.t(), x[1, 2], empty, empty.t(), x[:, 3:]]
    back = _round_trip(tinytorch, saved)
    assert [t.stride() for t in back] == [t.stride() for t in saved]
    assert [t.stride() for t in back][:3] == [(3, 1), (1, 3), ()]
    assert [t.shape for t in back][3:] == [(0, 3), (3, 0), (2, 0)]
    assert all(t.dtype == x.dtype for t in back)
    assert _values(back[1]) == _values(x.t()) and back[2].item() == x[1, 2].item()


def test_tuple_float_bool_and_none_keys_round_trip_as_in_pytorch():
    torch = pytest.importorskip("torch")
    obj = {(1, "a"): 1, 2.5: 2, None: 3, True: 4, (1, (2, None)): [5], "s": {(0, 1): "x"},
           (): 6, -1: 7}
    got, want = _round_trip(tinytorch, obj), _round_trip(torch, obj)
    assert got == want == obj
    assert list(got) == list(want) and [type(k) for k in got] == [type(k) for k in obj]


@pytest.mark.parametrize("key, kind", [(tinytorch.ones(1), "Tensor"),
                                       (frozenset({1}), "frozenset"),
                                       ((1, (2, b"x")), "bytes")])
def test_unsupported_dict_keys_raise_naming_them(key, kind):
    with pytest.raises(TypeError) as raised:
        tinytorch.save({"outer": {key: 1}}, io.BytesIO())
    assert str(raised.value) == (
        f"tinytorch.save: dict key {key!r} at outer is or holds a {kind}; keys must be str, "
        f"int, float, bool, None or tuples of these")


def test_whole_modules_and_optimizers_are_refused_with_the_fix():
    model = nn.Linear(2, 2)
    for obj, name in ((model, "Linear"),
                      (tinytorch.optim.SGD(model.parameters(), lr=0.1), "SGD")):
        with pytest.raises(TypeError) as raised:
            tinytorch.save({"m": obj}, io.BytesIO())
        assert str(raised.value) == (
            f"tinytorch.save: cannot save a whole {name} object at m: saving objects needs "
            f"pickle, which tinytorch never uses; save model.state_dict() instead, and restore "
            f"it with model.load_state_dict(tinytorch.load(f))")


# Written by tinytorch.save at format version 1 (commit 17eaef0), from
#   w = arange(6.).reshape(2, 3)
#   {'model': OrderedDict(w=w, b=tensor([1, 2])), 'view': w.t(),
#    'p': ones(2, requires_grad=True), 'again': w, 'opt': {0: {'step': 3}}, 'lr': (0.1, None)}
_VERSION_1_FILE = "".join("""
iAMAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJ0aW55dG9yY2giOiJ7XCJmb3JtYXRcIjogXCJ0aW55dG9yY2hcIiwgXCJ2ZX
JzaW9uXCI6IDEsIFwic3RydWN0dXJlXCI6IHtcImRpY3RcIjogW1tcIm1vZGVsXCIsIHtcIm9kaWN0XCI6IFtbXCJ3XCIs
IHtcInRlbnNvclwiOiBcIm1vZGVsLndcIn1dLCBbXCJiXCIsIHtcInRlbnNvclwiOiBcIm1vZGVsLmJcIn1dXX1dLCBbXC
J2aWV3XCIsIHtcInRlbnNvclwiOiBcInZpZXdcIn1dLCBbXCJwXCIsIHtcInRlbnNvclwiOiBcInBcIn1dLCBbXCJhZ2Fp
blwiLCB7XCJ0ZW5zb3JcIjogXCJtb2RlbC53XCJ9XSwgW1wib3B0XCIsIHtcImRpY3RcIjogW1swLCB7XCJkaWN0XCI6IF
tbXCJzdGVwXCIsIDNdXX1dXX1dLCBbXCJsclwiLCB7XCJ0dXBsZVwiOiBbMC4xLCBudWxsXX1dXX0sIFwidGVuc29yc1wi
OiB7XCJtb2RlbC53XCI6IHtcImRldmljZVwiOiBcImNwdVwiLCBcInJlcXVpcmVzX2dyYWRcIjogZmFsc2V9LCBcIm1vZG
VsLmJcIjoge1wiZGV2aWNlXCI6IFwiY3B1XCIsIFwicmVxdWlyZXNfZ3JhZFwiOiBmYWxzZX0sIFwidmlld1wiOiB7XCJk
ZXZpY2VcIjogXCJjcHVcIiwgXCJyZXF1aXJlc19ncmFkXCI6IGZhbHNlfSwgXCJwXCI6IHtcImRldmljZVwiOiBcImNwdV
wiLCBcInJlcXVpcmVzX2dyYWRcIjogdHJ1ZX19fSJ9LCJtb2RlbC5iIjp7ImR0eXBlIjoiSTY0Iiwic2hhcGUiOlsyXSwi
ZGF0YV9vZmZzZXRzIjpbMCwxNl19LCJtb2RlbC53Ijp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyLDNdLCJkYXRhX29mZn
NldHMiOlsxNiw0MF19LCJwIjp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbNDAsNDhdfSwi
dmlldyI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMywyXSwiZGF0YV9vZmZzZXRzIjpbNDgsNzJdfX0gICAgICAgAQAAAA
AAAAACAAAAAAAAAAAAAAAAAIA/AAAAQAAAQEAAAIBAAACgQAAAgD8AAIA/AAAAAAAAQEAAAIA/AACAQAAAAEAAAKBA
""".split())


def test_version_1_files_still_load():
    back = tinytorch.load(io.BytesIO(base64.b64decode(_VERSION_1_FILE)))
    assert list(back) == ["model", "view", "p", "again", "opt", "lr"]
    assert list(back["model"]) == ["w", "b"] and back["again"] is back["model"]["w"]
    assert back["model"]["w"].tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert back["model"]["b"].dtype == tinytorch.int64 and back["model"]["b"].tolist() == [1, 2]
    assert back["view"].tolist() == back["model"]["w"].t().tolist()
    assert back["view"].stride() == (2, 1)  # version 1 kept no strides
    assert back["p"].requires_grad and type(back["p"]) is tinytorch.Tensor
    assert back["opt"] == {0: {"step": 3}} and back["lr"] == (0.1, None)


def _with_metadata(meta, arrays):
    return io.BytesIO(safetensors.numpy.save(arrays, metadata={"tinytorch": json.dumps(meta)}))


def test_a_newer_format_version_is_refused_naming_it():
    meta = {"format": "tinytorch", "version": 3, "structure": None, "tensors": {}}
    with pytest.raises(RuntimeError) as raised:
        tinytorch.load(_with_metadata(meta, {}))
    assert "written by a newer tinytorch (checkpoint format version 3; this tinytorch reads " \
           "versions 1 to 2); upgrade tinytorch to load it" in str(raised.value)


@pytest.mark.parametrize("layout", [
    {"offset": 3, "size": [2], "stride": [1]},        # past the end of the 4-element storage
    {"offset": 0, "size": [3], "stride": [2]},
    {"offset": 1, "size": [2], "stride": [-2]},       # before its start
    {"offset": 0, "size": [-1], "stride": [1]},
    {"offset": 0, "size": [2], "stride": [1, 1]},
    {"offset": 0.5, "size": [2], "stride": [1]},
    {"offset": 0, "size": [2], "stride": [True]},
    {"offset": 0, "size": [2], "stride": [1], "storage": "missing"},
])
def test_a_layout_outside_its_storage_is_refused_as_corrupted(layout):
    info = {"device": "cpu", "requires_grad": False, "storage": "s", **layout}
    meta = {"format": "tinytorch", "version": 2, "structure": {"tensor": "v"},
            "tensors": {"v": info}}
    file = _with_metadata(meta, {"s": np.arange(4, dtype=np.float32)})
    with pytest.raises(RuntimeError, match="its tinytorch metadata is corrupted"):
        tinytorch.load(file)


def test_a_layout_inside_its_storage_loads():
    meta = {"format": "tinytorch", "version": 2, "structure": [{"tensor": "v"}, {"tensor": "s"}],
            "tensors": {"v": {"device": "cpu", "requires_grad": False, "storage": "s",
                              "offset": 3, "size": [2, 2], "stride": [-1, -2]},
                        "s": {"device": "cpu", "requires_grad": False}}}
    v, s = tinytorch.load(_with_metadata(meta, {"s": np.arange(4, dtype=np.float32)}))
    assert v.tolist() == [[3.0, 1.0], [2.0, 0.0]]
    v.zero_()
    assert s.tolist() == [0.0, 0.0, 0.0, 0.0]


def test_state_dict_metadata_survives_a_round_trip(tmp_path):
    """A state dict's module versions come back, so an older layout still converts on load
    and a current one missing a key is still refused (BatchNorm's num_batches_tracked)."""
    sd = tinytorch.nn.Sequential(tinytorch.nn.BatchNorm2d(3)).state_dict()
    tinytorch.save(sd, tmp_path / "bn.pt")
    loaded = tinytorch.load(tmp_path / "bn.pt")
    assert loaded._metadata == sd._metadata == {"": {"version": 1}, "0": {"version": 2}}
    del loaded["0.num_batches_tracked"]
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "0.num_batches'):
        tinytorch.nn.Sequential(tinytorch.nn.BatchNorm2d(3)).load_state_dict(loaded)
    loaded._metadata["0"] = {"version": 1}  # an older BatchNorm: the key is filled in
    tinytorch.nn.Sequential(tinytorch.nn.BatchNorm2d(3)).load_state_dict(loaded)
