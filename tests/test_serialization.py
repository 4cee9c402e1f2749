"""tinytorch.save / tinytorch.load: safetensors + JSON structure, never pickle."""

import collections
import io
import os
import pathlib
import pickle

import numpy as np
import pytest

import tinytorch


def _assert_same_tensor(a, b):
    assert isinstance(b, tinytorch.Tensor)
    assert a.dtype == b.dtype and a.shape == b.shape and a.device == b.device
    assert np.array_equal(a.detach().cpu().numpy(), b.detach().cpu().numpy())


def test_save_load_roundtrips_nested_structure(tmp_path, device):
    w = tinytorch.randn(3, 4, device=device)
    obj = {
        "model": collections.OrderedDict(weight=w, bias=tinytorch.zeros(3, device=device)),
        "optimizer": {"state": {0: {"step": tinytorch.tensor(7.0), "buf": w * 2}},
                      "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "params": [0],
                                        "nesterov": False, "foreach": None, "name": "g"}]},
        "epoch": 3,
        "ints": tinytorch.arange(5, device=device),
        "mask": tinytorch.tensor([True, False], device=device),
        "pixels": tinytorch.tensor([[0, 255]], dtype=tinytorch.uint8),
        "view": w.t(),
    }
    tinytorch.save(obj, tmp_path / "ckpt.tt")
    back = tinytorch.load(tmp_path / "ckpt.tt")
    assert isinstance(back["model"], collections.OrderedDict)
    assert list(back["model"]) == ["weight", "bias"]
    _assert_same_tensor(w, back["model"]["weight"])
    _assert_same_tensor(obj["view"], back["view"])
    for key in ("ints", "mask", "pixels"):
        _assert_same_tensor(obj[key], back[key])
    state = back["optimizer"]["state"]
    assert list(state) == [0] and state[0]["step"].shape == () and state[0]["step"].item() == 7.0
    assert back["optimizer"]["param_groups"] == [{"lr": 0.1, "betas": (0.9, 0.999),
                                                  "params": [0], "nesterov": False,
                                                  "foreach": None, "name": "g"}]
    assert back["epoch"] == 3


def test_load_map_location_moves_tensors(tmp_path, device):
    tinytorch.save({"w": tinytorch.ones(2, device=device)}, tmp_path / "a.tt")
    assert tinytorch.load(tmp_path / "a.tt", map_location="cpu")["w"].device.type == "cpu"
    moved = tinytorch.load(tmp_path / "a.tt", map_location=tinytorch.device(device))
    assert moved["w"].device.type == tinytorch.device(device).type
    mapped = tinytorch.load(tmp_path / "a.tt", map_location={str(moved["w"].device): "cpu"})
    assert mapped["w"].device.type == "cpu"


def test_save_load_file_objects_and_shared_tensors():
    w = tinytorch.arange(4.0)
    buf = io.BytesIO()
    tinytorch.save([w, w, {"again": w}], buf)
    buf.seek(0)
    a, b, d = tinytorch.load(buf)
    assert a is b and d["again"] is a and a.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_requires_grad_is_kept():
    buf = io.BytesIO()
    tinytorch.save({"p": tinytorch.ones(2, requires_grad=True)}, buf)
    buf.seek(0)
    assert tinytorch.load(buf)["p"].requires_grad


def test_save_rejects_unsupported_objects_naming_where():
    class Model:
        def state_dict(self):
            return {}

    with pytest.raises(TypeError, match=r"cannot save a set at a\.b"):
        tinytorch.save({"a": {"b": {1, 2}}}, io.BytesIO())
    with pytest.raises(TypeError, match=r"save model\.state_dict\(\) instead"):
        tinytorch.save(Model(), io.BytesIO())


def test_truncated_and_corrupted_files_raise_naming_the_file(tmp_path):
    path = tmp_path / "good.tt"
    tinytorch.save({"w": tinytorch.randn(100)}, path)
    data = path.read_bytes()
    (tmp_path / "cut.tt").write_bytes(data[: len(data) - 50])
    with pytest.raises(RuntimeError, match=r"cut\.tt.*not a valid"):
        tinytorch.load(tmp_path / "cut.tt")
    (tmp_path / "junk.tt").write_bytes(data[:9] + b"\xff" * (len(data) - 9))
    with pytest.raises(RuntimeError, match=r"junk\.tt.*header is not valid JSON"):
        tinytorch.load(tmp_path / "junk.tt")


@pytest.mark.parametrize("content", [b"", b"12345", b"hello, these are my notes\n",
                                     b"\x00" * 64])
def test_a_file_that_is_no_checkpoint_is_called_so(tmp_path, content):
    (tmp_path / "notes.txt").write_bytes(content)
    with pytest.raises(RuntimeError) as raised:
        tinytorch.load(tmp_path / "notes.txt")
    message = str(raised.value)
    assert message.startswith("tinytorch.load: cannot read ")
    assert "notes.txt': it is not a tinytorch/safetensors checkpoint: tinytorch.load reads " \
           "files written by tinytorch.save or safetensors" in message
    assert message.endswith(f"this one begins {content[:24]!r}")


@pytest.mark.parametrize("structure", ['{"tensor": "missing"}', '{"what": 1}', "[" * 100000,
                                       '{"dict": 5}'])
def test_corrupted_metadata_raises_naming_the_file(tmp_path, structure):
    from safetensors.numpy import save_file
    meta = '{"format": "tinytorch", "version": 1, "tensors": {}, "structure": %s}' % structure
    save_file({}, str(tmp_path / "meta.tt"), metadata={"tinytorch": meta})
    with pytest.raises(RuntimeError, match=r"meta\.tt.*tinytorch metadata is corrupted"):
        tinytorch.load(tmp_path / "meta.tt")


class _TouchMarker:
    """Unpickling this would create the marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


def test_pickle_file_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    with open(path, "wb") as f:
        pickle.dump({"w": _TouchMarker(str(marker))}, f)
    with pytest.raises(RuntimeError, match=r"evil\.pt.*pickle file.*never unpickles"):
        tinytorch.load(path, weights_only=False)
    assert not marker.exists()


def test_torch_save_file_is_refused(tmp_path):
    torch = pytest.importorskip("torch")
    torch.save({"w": torch.ones(2)}, tmp_path / "t.pt")
    with pytest.raises(RuntimeError, match="pickle file"):
        tinytorch.load(tmp_path / "t.pt")


def test_writes_are_atomic(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.tt"
    tinytorch.save({"v": tinytorch.tensor([1.0])}, path)
    assert os.listdir(tmp_path) == ["ckpt.tt"]

    def crash(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk on fire"):
        tinytorch.save({"v": tinytorch.tensor([2.0])}, path)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["ckpt.tt"]
    assert tinytorch.load(path)["v"].tolist() == [1.0]


def test_flat_state_dict_loads_in_pytorch_via_safetensors(tmp_path):
    torch = pytest.importorskip("torch")
    from safetensors.torch import load_file
    sd = {"fc.weight": tinytorch.randn(3, 2), "fc.bias": tinytorch.randn(3),
          "steps": tinytorch.arange(4)}
    tinytorch.save(sd, tmp_path / "sd.safetensors")
    theirs = load_file(str(tmp_path / "sd.safetensors"))
    assert set(theirs) == set(sd)
    for k, v in sd.items():
        assert torch.equal(theirs[k], torch.from_numpy(v.numpy()))


def test_pytorch_safetensors_file_loads_in_tinytorch(tmp_path):
    torch = pytest.importorskip("torch")
    from safetensors.torch import save_file
    sd = {"conv.weight": torch.randn(4, 1, 3, 3), "idx": torch.arange(3), "flag": torch.ones(2) > 0}
    save_file(sd, str(tmp_path / "torch.safetensors"))
    ours = tinytorch.load(tmp_path / "torch.safetensors")
    assert set(ours) == set(sd)
    for k, v in sd.items():
        assert np.array_equal(ours[k].numpy(), v.numpy()) and ours[k].dtype.name == \
            str(v.dtype).removeprefix("torch.")


def _sgd_steps(state, steps, lr=0.05, momentum=0.9):
    """Manual SGD with momentum on a fixed least-squares problem (no optim needed)."""
    gen = tinytorch.Generator().manual_seed(1)
    x, y = tinytorch.randn(8, 3, generator=gen), tinytorch.randn(8, 1, generator=gen)
    for _ in range(steps):
        w = state["w"]
        w.grad = None
        ((x @ w - y) ** 2).mean().backward()
        with tinytorch.no_grad():
            state["buf"].mul_(momentum).add_(w.grad)
            w.sub_(state["buf"] * lr)
        state["step"] += 1
    return state


def _fresh_state():
    w = tinytorch.randn(3, 1, generator=tinytorch.Generator().manual_seed(0)).requires_grad_()
    return {"w": w, "buf": tinytorch.zeros(3, 1), "step": 0}


def test_exact_resume_after_save_load(tmp_path):
    straight = _sgd_steps(_fresh_state(), 10)
    tinytorch.save(_sgd_steps(_fresh_state(), 5), tmp_path / "half.tt")
    resumed = tinytorch.load(tmp_path / "half.tt")
    assert resumed["w"].requires_grad and resumed["step"] == 5
    _sgd_steps(resumed, 5)
    assert resumed["step"] == 10
    assert np.array_equal(resumed["w"].detach().numpy(), straight["w"].detach().numpy())


def _make_training(seed=0):
    import tinytorch.nn as nn
    import tinytorch.optim as optim
    tinytorch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    optimizer = optim.Adam(model.parameters(), lr=0.05)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    return model, optimizer, scheduler


def _train(model, optimizer, scheduler, steps, start):
    import tinytorch.nn.functional as F
    for step in range(start, start + steps):
        gen = tinytorch.Generator().manual_seed(100 + step)  # the batch depends on the step only
        x, y = tinytorch.randn(16, 4, generator=gen), tinytorch.randint(0, 3, (16,), generator=gen)
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
        scheduler.step()


def test_exact_resume_of_model_optimizer_and_scheduler(tmp_path):
    straight = _make_training()
    _train(*straight, steps=8, start=0)

    first = _make_training()
    _train(*first, steps=3, start=0)
    model, optimizer, scheduler = first
    tinytorch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "step": 3}, tmp_path / "ckpt.tt")

    resumed = _make_training(seed=1)  # fresh objects with other initial weights
    ckpt = tinytorch.load(tmp_path / "ckpt.tt")
    resumed[0].load_state_dict(ckpt["model"])
    resumed[1].load_state_dict(ckpt["optimizer"])
    resumed[2].load_state_dict(ckpt["scheduler"])
    _train(*resumed, steps=8 - ckpt["step"], start=ckpt["step"])

    assert resumed[2].get_last_lr() == straight[2].get_last_lr()
    for (name, a), (_, b) in zip(straight[0].named_parameters(), resumed[0].named_parameters()):
        assert np.array_equal(a.detach().numpy(), b.detach().numpy()), name


def test_counter_loads_as_counter_as_in_torch(tmp_path):
    """MultiStepLR keeps its milestones in a Counter; PyTorch's pickle keeps the type."""
    torch = pytest.importorskip("torch")

    def roundtrip(lib):
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=1.0)
        sched = lib.optim.lr_scheduler.MultiStepLR(opt, milestones=[3, 1, 3], gamma=0.5)
        path = tmp_path / f"{lib.__name__}.pt"
        lib.save({"sched": sched.state_dict(), "c": collections.Counter({(1, "a"): 2, 0: -1})},
                 path)
        loaded = lib.load(path)
        milestones = loaded["sched"]["milestones"]
        resumed = lib.optim.lr_scheduler.MultiStepLR(opt, milestones=[9])
        resumed.load_state_dict(loaded["sched"])
        lrs = []
        for _ in range(4):
            opt.step()
            resumed.step()
            lrs.append(resumed.get_last_lr())
        return (type(milestones), dict(milestones), sorted(milestones.elements()),
                type(loaded["c"]), list(loaded["c"].items()), lrs)

    assert roundtrip(tinytorch) == roundtrip(torch)
    assert roundtrip(tinytorch)[0] is collections.Counter
