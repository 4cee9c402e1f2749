"""autocast follows PyTorch 2.13's CPU autocast op for op (output dtypes and values, in
bfloat16 and float16, from float32 and from lower-precision inputs), its gradients, state
functions, nesting and errors; the cuda op lists are checked on a fake cuda device."""

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
    "grid_sample": lambda t, F, x: F.grid_sample(  # grid: img's first two channels, in [-1, 1]
        x["img"], x["img"][:, :2].permute(0, 2, 3, 1) * 2 - 1.2, align_corners=False),
    "norm": lambda t, F, x: x["a"].norm(),
    "linear_then_add": lambda t, F, x: F.linear(x["a"], x["b"].t()) + x["a"][:, :5],
    "float64_mm": lambda t, F, x: t.mm(x["a"].double(), x["b"].double()),
    "half_and_float_mm": lambda t, F, x: t.mm(x["a"].half(), x["b"]),
    "cat": lambda t, F, x: t.cat([x["a"], x["a"].half()]),
}


def run(lib, op, dtype, low_inputs):
    inputs = {k: lib.tensor(v) for k, v in ARRAYS.items()}
    if low_inputs:
        inputs = {k: v.to(getattr(lib, dtype)) for k, v in inputs.items()}
    with lib.autocast("cpu", dtype=getattr(lib, dtype)):
        return OPS[op](lib, lib.nn.functional, inputs)


@pytest.mark.parametrize("low_inputs", [False, True], ids=["float32_inputs", "low_inputs"])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("op", sorted(OPS))
def test_cpu_autocast_matches_pytorch(op, dtype, low_inputs):
    if op == "cat" and dtype == "bfloat16" and low_inputs:
        pytest.skip("PyTorch fails on bfloat16 with float16 in cat: 'Unexpected floating "
                    "ScalarType in at::autocast::prioritize'; tinytorch promotes to float32")
    expected, got = run(torch, op, dtype, low_inputs), run(tinytorch, op, dtype, low_inputs)
    assert got.dtype.name == str(expected.dtype).split(".")[1]
    np.testing.assert_allclose(got.double().numpy(), expected.double().numpy(), rtol=2e-2,
                               atol=2e-3)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_gradients_flow_back_in_each_inputs_dtype(dtype):
    grads = []
    for lib in (torch, tinytorch):
        w = lib.tensor(ARRAYS["b"].T.copy(), requires_grad=True)
        x = lib.tensor(ARRAYS["a"])
        with lib.autocast("cpu", dtype=getattr(lib, dtype)):
            out = lib.nn.functional.linear(x, w)
            loss = lib.nn.functional.mse_loss(out, lib.zeros(4, 5))
        loss.backward()
        assert out.dtype is getattr(lib, dtype) and loss.dtype is lib.float32
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


NORMS = {
    "layer_norm": lambda F, x, w, b, rm, rv: F.layer_norm(x.permute(0, 2, 3, 1), (3,), w, b),
    "batch_norm": lambda F, x, w, b, rm, rv: F.batch_norm(x, rm, rv, w, b, training=True),
    "batch_norm_eval": lambda F, x, w, b, rm, rv: F.batch_norm(x, rm, rv, w, b),
    "group_norm": lambda F, x, w, b, rm, rv: F.group_norm(x, 3, w, b)}


def _norm_run(lib, norm, x, dtype, param_dtype):
    """(y, x.grad, w.grad, b.grad, running mean) of a norm of activation ``x`` (an array) as
    ``dtype`` with parameters of ``param_dtype``, as float64 arrays."""
    x = lib.tensor(x, dtype=getattr(lib, dtype), requires_grad=True)
    w = lib.tensor([0.5, 1.0, 1.5], dtype=getattr(lib, param_dtype), requires_grad=True)
    b = lib.tensor([0.1, -0.2, 0.3], dtype=getattr(lib, param_dtype), requires_grad=True)
    rm = lib.tensor([0.1, 0.2, -0.1], dtype=getattr(lib, param_dtype))
    rv = lib.tensor([1.0, 2.0, 0.5], dtype=getattr(lib, param_dtype))
    y = NORMS[norm](lib.nn.functional, x, w, b, rm, rv)
    ramp = np.linspace(-1, 1, y.numel()).reshape(tuple(y.shape)).astype("float32")
    (y.double() * lib.tensor(ramp.astype("float64"))).sum().backward()
    if param_dtype == "float32":
        assert (y.dtype, x.grad.dtype, w.grad.dtype) == (x.dtype, x.dtype, lib.float32)
    return [t.detach().double().numpy() for t in (y, x.grad, w.grad, b.grad, rm)]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("norm", sorted(NORMS))
def test_norms_of_a_low_precision_activation_with_float32_parameters_match_pytorch(norm,
                                                                                    dtype):
    """What autocast makes of a conv or linear layer followed by a norm layer: PyTorch's
    mixed-type CPU norms return the activation's dtype and float32 parameter gradients;
    tinytorch's values are no further from the exact ones (float64) than PyTorch's."""
    x = torch.tensor(ARRAYS["img"][:, :, :5, :5] * 4 - 2).to(getattr(torch, dtype)).double()
    x = x.numpy()  # values of the low-precision dtype, for every run
    ours = _norm_run(tinytorch, norm, x, dtype, "float32")
    theirs = _norm_run(torch, norm, x, dtype, "float32")
    x64 = _norm_run(torch, norm, x, "float64", "float64")
    for got, pytorch, exact in zip(ours, theirs, x64):
        assert (np.abs(got - exact) <= np.abs(pytorch - exact) + 2e-2 * np.abs(exact)
                + 2e-2).all(), (got, pytorch, exact)


def test_cpu_autocast_defaults_to_bfloat16_as_pytorch():
    a, b = tinytorch.ones(2, 3), tinytorch.ones(3, 2)
    for lib in (torch, tinytorch):
        assert lib.get_autocast_dtype("cpu") is lib.bfloat16
        assert lib.get_autocast_dtype("cuda") is lib.float16
    with tinytorch.autocast("cpu") as region:
        assert region.fast_dtype is tinytorch.bfloat16 and (a @ b).dtype is tinytorch.bfloat16
        assert tinytorch.get_autocast_dtype("cpu") is tinytorch.bfloat16


def test_state_functions_match_pytorch():
    """set_autocast_enabled / set_autocast_dtype / is_autocast_enabled / get_autocast_dtype,
    driven the same way in both libraries, report the same states and cast the same way."""
    def states(lib):
        a, b = lib.ones(2, 2), lib.ones(2, 2)
        seen = []

        def record():
            seen.append((lib.is_autocast_enabled("cpu"), lib.is_autocast_enabled(),
                         str(lib.get_autocast_dtype("cpu")).split(".")[1],
                         str((a @ b).dtype).split(".")[1]))
        record()
        lib.set_autocast_dtype("cpu", lib.float16)
        record()
        with lib.autocast("cpu"):
            record()
            lib.set_autocast_enabled("cpu", False)
            record()
        record()
        lib.set_autocast_dtype("cpu", lib.bfloat16)
        lib.set_autocast_enabled("cpu", True)
        record()
        lib.set_autocast_enabled("cpu", False)
        record()
        return seen
    assert states(tinytorch) == states(torch)
    assert autocast_mode.on is False


@pytest.mark.parametrize("call, exc, match", [
    (lambda lib: lib.get_autocast_dtype("tpu"), RuntimeError, "device string: tpu"),
    (lambda lib: lib.is_autocast_enabled("tpu"), RuntimeError, "device string: tpu"),
    (lambda lib: lib.set_autocast_enabled("cpu", 1), TypeError,
     r"argument 'enabled' \(position 2\) must be bool, not int"),
    (lambda lib: lib.set_autocast_dtype("cpu", "float16"), TypeError,
     r"argument 'dtype' \(position 2\) must be torch.dtype, not str")])
def test_state_function_errors_match_pytorch(call, exc, match):
    for lib in (torch, tinytorch):
        with pytest.raises(exc, match=match):
            call(lib)


def test_legacy_one_argument_forms_mean_cuda():
    tinytorch.set_autocast_enabled(True)
    try:
        assert tinytorch.is_autocast_enabled() and tinytorch.is_autocast_enabled("cuda")
        assert not tinytorch.is_autocast_enabled("cpu")
    finally:
        tinytorch.set_autocast_enabled(False)
    assert autocast_mode.on is False


def test_cuda_autocast_refuses_bfloat16_as_on_a_gpu_without_it():
    if not tinytorch.cuda.is_available():
        pytest.skip("cuda unavailable: autocast('cuda') warns and disables first")
    assert tinytorch.cuda.is_bf16_supported() is False
    with pytest.raises(RuntimeError, match="Current CUDA Device does not support bfloat16. "
                                           "Please switch dtype to float16."):
        tinytorch.autocast("cuda", dtype=tinytorch.bfloat16)


def test_training_under_cpu_autocast_keeps_float32_parameters_and_tracks_float32():
    """An MLP trained in bfloat16 autocast ends with float32 parameters, float32 gradients,
    and a loss close to the same training in float32 (no GradScaler: bfloat16 has float32's
    range)."""
    x = tinytorch.tensor(_rng.standard_normal((64, 8)).astype("float32"))
    y = tinytorch.tensor((_rng.random(64) * 3).astype("int64"))
    losses = {}
    for autocast in (False, True):
        tinytorch.manual_seed(0)
        model = tinytorch.nn.Sequential(tinytorch.nn.Linear(8, 32), tinytorch.nn.ReLU(),
                                        tinytorch.nn.Linear(32, 3))
        opt = tinytorch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        for _ in range(30):
            opt.zero_grad()
            with tinytorch.autocast("cpu", enabled=autocast):
                out = model(x)
                loss = tinytorch.nn.functional.cross_entropy(out, y)
            loss.backward()
            opt.step()
        assert out.dtype is (tinytorch.bfloat16 if autocast else tinytorch.float32)
        assert loss.dtype is tinytorch.float32
        assert all(p.dtype is tinytorch.float32 and p.grad.dtype is tinytorch.float32
                   for p in model.parameters())
        losses[autocast] = loss.item()
    assert losses[True] < 0.8 * 1.0986  # it learned (log 3 at the start)
    assert abs(losses[True] - losses[False]) < 0.05 * losses[False] + 0.02


def warning_texts(lib, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        region = lib.autocast(*args, **kwargs)
    return [str(w.message) for w in caught], region


@pytest.mark.parametrize("args", [("cpu", "float64"), ("cpu", "int32"), ("cuda", "float16"),
                                  ("cuda", "bfloat16")])
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
