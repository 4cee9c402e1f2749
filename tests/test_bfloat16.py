"""tinytorch.bfloat16 as PyTorch's: the dtype and its limits, creation, conversion and
printing, float32 accumulation where PyTorch accumulates in float32 (long sums, GEMMs,
softmax and norm rows), autograd, safetensors files both ways, and a clear refusal on cuda.
Op-by-op parity lives in the op database (``test_low_precision_is_as_good_as_torch`` in
tests/test_ops.py), autocast in tests/amp/test_autocast.py."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")
F = tinytorch.nn.functional
_rng = np.random.default_rng(0)


def test_dtype_attributes_match_torch():
    ours, theirs = tinytorch.bfloat16, torch.bfloat16
    for name in ("is_floating_point", "is_signed", "is_complex", "itemsize"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert repr(ours) == "tinytorch.bfloat16" and ours.name == "bfloat16"
    assert tinytorch.ones(2, dtype=ours).element_size() == 2


@pytest.mark.parametrize("name", ["float16", "bfloat16", "float32", "float64"])
def test_finfo_matches_torch(name):
    ours, theirs = tinytorch.finfo(getattr(tinytorch, name)), torch.finfo(getattr(torch, name))
    assert repr(ours) == repr(theirs)
    for attr in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"):
        assert getattr(ours, attr) == getattr(theirs, attr), attr


def test_finfo_defaults_and_errors_match_torch():
    assert repr(tinytorch.finfo()) == repr(torch.finfo())
    for lib in (torch, tinytorch):
        with pytest.raises(TypeError, match=r"requires a floating point input type. Use "
                                            r"torch.iinfo"):
            lib.finfo(lib.int32)
        with pytest.raises(TypeError, match=r"argument 'type' \(position 1\) must be "
                                            r"torch.dtype, not str"):
            lib.finfo("float32")


def test_creation_and_conversion_match_torch():
    values = [1.5, -2.25, 3.1, 1e10, 1 / 3]
    for make in (lambda lib: lib.tensor(values, dtype=lib.bfloat16),
                 lambda lib: lib.tensor(values).to(lib.bfloat16),
                 lambda lib: lib.tensor(values).bfloat16(),
                 lambda lib: lib.tensor(values, dtype=lib.float64).to(dtype=lib.bfloat16)):
        ours, theirs = make(tinytorch), make(torch)
        assert ours.dtype is tinytorch.bfloat16
        assert ours.tolist() == theirs.tolist()
    x = tinytorch.tensor(values, dtype=tinytorch.bfloat16)
    assert x.bfloat16() is x and x.type() == "torch.BFloat16Tensor" == torch.ones(
        1, dtype=torch.bfloat16).type()
    assert x[0].item() == 1.5 and isinstance(x[0].item(), float)
    for kind in ("zeros", "ones", "empty", "rand", "randn"):
        assert getattr(tinytorch, kind)(2, 3, dtype=tinytorch.bfloat16).dtype is x.dtype
    assert tinytorch.arange(0, 300, 7, dtype=tinytorch.bfloat16).tolist() == torch.arange(
        0, 300, 7, dtype=torch.bfloat16).tolist()
    assert tinytorch.full((2,), 0.1, dtype=tinytorch.bfloat16).tolist() == [0.10009765625] * 2
    assert tinytorch.nn.Linear(2, 3).bfloat16().weight.dtype is tinytorch.bfloat16


@pytest.mark.parametrize("make", [
    lambda lib: lib.tensor([1.5, 2.25, 3.1], dtype=lib.bfloat16),
    lambda lib: lib.tensor([[1e10, 2.0], [-3.0, 0.5]], dtype=lib.bfloat16),
    lambda lib: lib.tensor(3.14159, dtype=lib.bfloat16),
    lambda lib: lib.tensor([[1.0, 2.0]], dtype=lib.bfloat16, requires_grad=True),
    lambda lib: lib.arange(2000, dtype=lib.bfloat16),
    lambda lib: lib.tensor([float("nan"), float("inf"), 1e-5], dtype=lib.bfloat16)])
def test_printing_matches_torch(make):
    assert repr(make(tinytorch)) == repr(make(torch)).replace("torch.", "tinytorch.")


def test_numpy_refuses_bfloat16_as_torch():  # more cases: tests/test_numpy_conversion.py
    for lib in (tinytorch, torch):
        with pytest.raises(TypeError, match="^Got unsupported ScalarType BFloat16$"):
            lib.tensor([1.5, 2.0], dtype=lib.bfloat16).numpy()


def _both(fn, *arrays, low="bfloat16"):
    """fn over the same ``low`` (bfloat16 or float16) values in tinytorch and PyTorch: (ours,
    theirs) as float64, plus the float32 result of the same values (what float32 accumulation
    gives)."""
    out = []
    for lib, dtype in ((tinytorch, low), (torch, low), (torch, "float32")):
        ts = [lib.tensor(torch.tensor(a).to(getattr(torch, low)).float().numpy())
              .to(getattr(lib, dtype)) for a in arrays]
        out.append(fn(lib, *ts).double().detach().numpy())
    return out


LONG = {
    "sum": (lambda lib, x: x.sum(), [(4096,)]),
    "sum_rows": (lambda lib, x: x.sum(1), [(8, 4096)]),
    "mean": (lambda lib, x: x.mean(0), [(4096, 3)]),
    "cumsum": (lambda lib, x: x.cumsum(0)[-1], [(4096,)]),
    "var": (lambda lib, x: x.var(), [(4096,)]),
    "logsumexp": (lambda lib, x: x.logsumexp(0), [(4096,)]),
    "softmax": (lambda lib, x: lib.nn.functional.softmax(x, 0)[:8] * 4096, [(4096,)]),
    "matmul": (lambda lib, a, b: a @ b, [(4, 2048), (2048, 3)]),
    "linear": (lambda lib, x, w: lib.nn.functional.linear(x, w), [(4, 2048), (3, 2048)]),
    "conv2d": (lambda lib, x, w: lib.nn.functional.conv2d(x, w), [(1, 64, 9, 9), (2, 64, 5, 5)]),
    "layer_norm": (lambda lib, x: lib.nn.functional.layer_norm(x, (4096,))[:, :8], [(2, 4096)]),
}


@pytest.mark.parametrize("name", sorted(LONG))
@pytest.mark.parametrize("low, eps", [("bfloat16", 2 ** -7), ("float16", 2 ** -10)])
def test_long_reductions_accumulate_in_float32_as_torch(name, low, eps):
    """NumPy's bfloat16 loops would accumulate in bfloat16 (4096 ones sum to 256), its float16
    cumsum and layer norm in float16, its float16 GEMMs without BLAS; these results stay within
    a rounding of the float32 result, as PyTorch's do."""
    fn, shapes = LONG[name]
    arrays = [_rng.random(s).astype(np.float32) + 0.5 for s in shapes]
    ours, theirs, float32 = _both(fn, *arrays, low=low)
    np.testing.assert_allclose(ours, float32, rtol=eps, atol=1e-3, err_msg=name)
    np.testing.assert_allclose(theirs, float32, rtol=eps, atol=1e-3, err_msg=name)


def test_gradients_of_bfloat16_leaves_are_bfloat16_and_match_torch():
    x0, w0 = _rng.standard_normal((16, 64)), _rng.standard_normal((8, 64)) / 8
    grads = []
    for lib in (tinytorch, torch):
        x = lib.tensor(x0, dtype=lib.bfloat16, requires_grad=True)
        w = lib.tensor(w0, dtype=lib.bfloat16, requires_grad=True)
        loss = lib.nn.functional.cross_entropy(lib.tanh(x @ w.t()), lib.arange(16) % 8)
        loss.backward()
        assert loss.dtype is lib.bfloat16 and x.grad.dtype is w.grad.dtype is lib.bfloat16
        grads.append([g.double().numpy() for g in (x.grad, w.grad)])
    for ours, theirs in zip(*grads):
        np.testing.assert_allclose(ours, theirs, rtol=2e-2, atol=2e-3)


def test_a_bfloat16_model_trains():
    tinytorch.manual_seed(0)
    model = tinytorch.nn.Sequential(tinytorch.nn.Linear(4, 16), tinytorch.nn.ReLU(),
                                    tinytorch.nn.Linear(16, 1)).bfloat16()
    opt = tinytorch.optim.Adam(model.parameters(), lr=0.01)
    x = tinytorch.tensor(_rng.standard_normal((64, 4)), dtype=tinytorch.bfloat16)
    y = x.sum(1, keepdim=True)
    losses = []
    for _ in range(60):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert all(p.dtype is tinytorch.bfloat16 for p in model.parameters())
    assert losses[-1] < 0.1 * losses[0]


def test_save_load_round_trip_and_pytorch_reads_it(tmp_path):
    from safetensors.torch import load_file
    sd = tinytorch.nn.Linear(3, 2).bfloat16().state_dict()
    tinytorch.save(sd, tmp_path / "bf16.safetensors")
    back = tinytorch.load(tmp_path / "bf16.safetensors")
    theirs = load_file(str(tmp_path / "bf16.safetensors"))
    for k, v in sd.items():
        assert back[k].dtype is tinytorch.bfloat16 and back[k].tolist() == v.tolist()
        assert theirs[k].dtype is torch.bfloat16 and theirs[k].tolist() == v.tolist()


def test_a_file_pytorch_writes_loads_as_bfloat16(tmp_path):
    from safetensors.torch import save_file
    w = torch.randn(4, 3).bfloat16()
    save_file({"w": w, "b": torch.zeros(2)}, str(tmp_path / "torch.safetensors"))
    ours = tinytorch.load(tmp_path / "torch.safetensors")
    assert ours["w"].dtype is tinytorch.bfloat16 and ours["w"].tolist() == w.tolist()
    assert ours["b"].dtype is tinytorch.float32


def test_bfloat16_is_a_cpu_dtype(device):
    if device == "cpu":
        assert tinytorch.ones(2, dtype=tinytorch.bfloat16, device=device).sum().item() == 2
        return
    assert tinytorch.cuda.is_bf16_supported() is False
    cpu = tinytorch.ones(2, dtype=tinytorch.bfloat16)
    for make in (lambda: tinytorch.ones(2, dtype=tinytorch.bfloat16, device=device),
                 lambda: cpu.to(device),
                 lambda: tinytorch.ones(2, device=device).to(tinytorch.bfloat16),
                 lambda: tinytorch.tensor([1.5], dtype=tinytorch.bfloat16, device=device)):
        with pytest.raises(TypeError, match="bfloat16 tensors are not supported on cuda: CuPy "
                                            "has no bfloat16 type"):
            make()


@pytest.mark.parametrize("dtype", ["bfloat16", "float16", "float32"])
def test_rand_and_uniform_stay_below_their_upper_bound_as_in_torch(device, dtype):
    dtype = getattr(tinytorch, dtype)
    tinytorch.manual_seed(0)
    assert tinytorch.rand(100_000, dtype=dtype, device=device).max().item() < 1
    x = tinytorch.empty(100_000, dtype=dtype, device=device).uniform_(-9, 9)
    assert -9 <= x.min().item() and x.max().item() < 9
