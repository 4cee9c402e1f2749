"""autocast follows PyTorch 2.13's CPU autocast op for op (output dtypes and values, from
float32 and from float16 inputs), its gradients, nesting and errors; the cuda op lists are
checked on a fake cuda device."""

import warnings

import numpy as np
import pytest

import tinytorch
from tinytorch import _tensor
from tinytorch.amp import autocast_mode
from tinytorch.backends.cpu import CPUBackend

torch = pytest.importorskip("torch")

_rng = np.random.default_rng(0)
ARRAYS = {"a": (4, 6), "b": (6, 5), "v": (6,), "img": (2, 3, 8, 8), "w": (4, 3, 3, 3),
          "seq": (2, 3, 10), "w1": (4, 3, 3), "bias": (4,), "logits": (4, 5), "p": (4, 5),
          "wt": (3, 2, 3, 3)}
ARRAYS = {k: _rng.random(shape).astype("float32") + 0.1 for k, shape in ARRAYS.items()}
TARGET = [0, 1, 2, 3]

OPS = {
    "matmul": lambda t, F, x: x["a"] @ x["b"],
    "mm": lambda t, F, x: t.mm(x["a"], x["b"]),
    "bmm": lambda t, F, x: t.bmm(x["a"][None], x["b"][None]),
    "mv": lambda t, F, x: x["a"] @ x["v"],
    "dot": lambda t, F, x: t.dot(x["v"], x["v"]),
    "einsum": lambda t, F, x: t.einsum("ij,jk->ik", x["a"], x["b"]),
    "linear": lambda t, F, x: F.linear(x["a"], x["b"].t(), x["v"][:5]),
    "conv1d": lambda t, F, x: F.conv1d(x["seq"], x["w1"]),
    "conv2d": lambda t, F, x: F.conv2d(x["img"], x["w"], x["bias"]),
    "conv_transpose2d": lambda t, F, x: F.conv_transpose2d(x["img"], x["wt"]),
    "relu": lambda t, F, x: F.relu(x["a"]),
    "softmax": lambda t, F, x: F.softmax(x["a"], 1),
    "log_softmax": lambda t, F, x: F.log_softmax(x["a"], 1),
    "exp": lambda t, F, x: t.exp(x["a"]),
    "log": lambda t, F, x: t.log(x["a"]),
    "pow": lambda t, F, x: x["a"] ** 2,
    "sum": lambda t, F, x: x["a"].sum(),
    "prod": lambda t, F, x: x["a"].prod(),
    "cumsum": lambda t, F, x: x["a"].cumsum(0),
    "logsumexp": lambda t, F, x: x["a"].logsumexp(1),
    "layer_norm": lambda t, F, x: F.layer_norm(x["a"], (6,)),
    "group_norm": lambda t, F, x: F.group_norm(x["img"], 3),
    "softplus": lambda t, F, x: F.softplus(x["a"]),
    "cosine_similarity": lambda t, F, x: F.cosine_similarity(x["a"], x["a"]),
    "cross_entropy": lambda t, F, x: F.cross_entropy(x["logits"], t.tensor(TARGET)),
    "nll_loss": lambda t, F, x: F.nll_loss(x["logits"], t.tensor(TARGET)),
    "mse_loss": lambda t, F, x: F.mse_loss(x["a"], x["a"] * 2),
    "l1_loss": lambda t, F, x: F.l1_loss(x["a"], x["a"] * 2),
    "smooth_l1_loss": lambda t, F, x: F.smooth_l1_loss(x["a"], x["a"] * 2),
    "huber_loss": lambda t, F, x: F.huber_loss(x["a"], x["a"] * 2),
    "kl_div": lambda t, F, x: F.kl_div(x["logits"], x["p"], reduction="batchmean"),
    "binary_cross_entropy": lambda t, F, x: F.binary_cross_entropy(x["p"] / 2, x["p"] / 2),
    "bce_with_logits": lambda t, F, x: F.binary_cross_entropy_with_logits(x["a"], x["a"] / 2),
    "max_pool2d": lambda t, F, x: F.max_pool2d(x["img"], 2),
    "interpolate": lambda t, F, x: F.interpolate(x["img"], scale_factor=2),
    "norm": lambda t, F, x: x["a"].norm(),
    "linear_then_add": lambda t, F, x: F.linear(x["a"], x["b"].t()) + x["a"][:, :5],
    "float64_mm": lambda t, F, x: t.mm(x["a"].double(), x["b"].double()),
    "half_and_float_mm": lambda t, F, x: t.mm(x["a"].half(), x["b"]),
    "cat": lambda t, F, x: t.cat([x["a"], x["a"].half()]),
}


def run(lib, op, half):
    inputs = {k: lib.tensor(v) for k, v in ARRAYS.items()}
    if half:
        inputs = {k: v.half() for k, v in inputs.items()}
    with lib.autocast("cpu", dtype=lib.float16):
        return OPS[op](lib, lib.nn.functional, inputs)


@pytest.mark.parametrize("half", [False, True], ids=["float32_inputs", "float16_inputs"])
@pytest.mark.parametrize("op", sorted(OPS))
def test_cpu_autocast_matches_pytorch(op, half):
    expected, got = run(torch, op, half), run(tinytorch, op, half)
    assert got.dtype.name == str(expected.dtype).split(".")[1]
    np.testing.assert_allclose(got.double().numpy(), expected.double().numpy(), rtol=2e-2,
                               atol=2e-3)


def test_gradients_flow_back_in_each_inputs_dtype():
    grads = []
    for lib in (torch, tinytorch):
        w = lib.tensor(ARRAYS["b"].T.copy(), requires_grad=True)
        x = lib.tensor(ARRAYS["a"])
        with lib.autocast("cpu", dtype=lib.float16):
            out = lib.nn.functional.linear(x, w)
            loss = lib.nn.functional.mse_loss(out, lib.zeros(4, 5))
        loss.backward()
        assert out.dtype is lib.float16 and loss.dtype is lib.float32
        grads.append(w.grad)
    assert grads[1].dtype is tinytorch.float32
    np.testing.assert_allclose(grads[1].numpy(), grads[0].numpy(), rtol=1e-2, atol=1e-3)


def test_regions_nest_and_decorate():
    a, b = tinytorch.ones(2, 2), tinytorch.ones(2, 2)

    @tinytorch.autocast("cpu", dtype=tinytorch.float16)
    def product():
        return a @ b
    assert product().dtype is tinytorch.float16
    with tinytorch.autocast("cpu", dtype=tinytorch.float16):
        assert tinytorch.is_autocast_enabled("cpu") and not tinytorch.is_autocast_enabled()
        assert tinytorch.get_autocast_dtype("cpu") is tinytorch.float16
        with tinytorch.autocast("cpu", enabled=False):
            assert (a @ b).dtype is tinytorch.float32
        assert (a @ b).dtype is tinytorch.float16
    assert (a @ b).dtype is tinytorch.float32 and autocast_mode.on is False


def test_bfloat16_which_tinytorch_lacks_is_refused_by_name():
    with pytest.raises(NotImplementedError, match=r"no bfloat16 dtype.*PyTorch's default for "
                                                  r"autocast\('cpu'\).*dtype=tinytorch\.float16"):
        tinytorch.autocast("cpu")


def warning_texts(lib, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        region = lib.autocast(*args, **kwargs)
    return [str(w.message) for w in caught], region


@pytest.mark.parametrize("args", [("cpu", "float64"), ("cuda", "float16")])
def test_unusable_regions_warn_and_disable_as_pytorch_does(args):
    device_type, dtype = args
    if device_type == "cuda" and tinytorch.cuda.is_available():
        pytest.skip("a GPU is usable here")
    expected, _ = warning_texts(torch, device_type, dtype=getattr(torch, dtype))
    got, region = warning_texts(tinytorch, device_type, dtype=getattr(tinytorch, dtype))
    assert got == expected and region._enabled is False


def test_unknown_device_type_is_refused():
    with pytest.raises(RuntimeError, match="unsupported autocast device_type 'tpu'"):
        tinytorch.autocast("tpu")


class FakeCudaBackend(CPUBackend):
    """NumPy arrays that claim to live on cuda:0, to exercise the cuda op lists."""

    device = tinytorch.device("cuda", 0)


@pytest.fixture
def fake_cuda_autocast(monkeypatch):
    monkeypatch.setattr(autocast_mode._state, "enabled", {"cpu": False, "cuda": True})
    monkeypatch.setattr(autocast_mode, "on", True)
    backend = FakeCudaBackend()
    return lambda name: _tensor.Tensor._make(ARRAYS[name].astype("float16"), backend)


@pytest.mark.parametrize("op, expected", [
    ("matmul", "float16"), ("linear", "float16"), ("softmax", "float32"),
    ("log_softmax", "float32"), ("exp", "float32"), ("log", "float32"), ("pow", "float32"),
    ("sum", "float32"), ("cumsum", "float32"), ("prod", "float32"), ("norm", "float32"),
    ("layer_norm", "float32"), ("softplus", "float32"), ("logsumexp", "float32"),
    ("cross_entropy", "float32"), ("mse_loss", "float32"), ("relu", "float16"),
    ("max_pool2d", "float16")])
def test_cuda_lists_on_a_fake_cuda_device(fake_cuda_autocast, op, expected):
    inputs = {k: fake_cuda_autocast(k) for k in ARRAYS}
    if op == "cross_entropy":
        out = tinytorch.nn.functional.cross_entropy(inputs["logits"], inputs["p"])
    else:
        out = OPS[op](tinytorch, tinytorch.nn.functional, inputs)
    assert out.dtype.name == expected


def test_cuda_autocast_refuses_binary_cross_entropy(fake_cuda_autocast):
    p = fake_cuda_autocast("p") / 2
    with pytest.raises(RuntimeError, match="binary_cross_entropy and torch.nn.BCELoss are "
                                           "unsafe to autocast"):
        tinytorch.nn.functional.binary_cross_entropy(p, p)
