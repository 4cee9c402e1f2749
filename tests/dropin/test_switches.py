"""The small drop-in names a PyTorch script meets first: threads, cuDNN/MPS switches,
compile, accelerator, onnx."""

import copy
import math
import warnings

import pytest

import tinytorch
from tinytorch._ops import _util
from tinytorch import nn

torch = pytest.importorskip("torch")


@pytest.fixture
def restore_threads():
    from tinytorch.backends import threads
    before, setting = tinytorch.get_num_threads(), threads._count[0]
    yield
    tinytorch.set_num_threads(before)
    threads._count[0] = setting


def blas_threads():
    from threadpoolctl import threadpool_info
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_set_num_threads_sizes_the_pool_beside_a_one_thread_blas(restore_threads):
    tinytorch.set_num_threads(1)
    assert tinytorch.get_num_threads() == 1
    assert blas_threads() <= {1}  # see NOTE [CPU threads]
    (tinytorch.ones(64, 64) @ tinytorch.ones(64, 64)).sum()  # still computes


@pytest.mark.parametrize("value", [0, -1, 2.5, "2", True])
def test_set_num_threads_rejects_what_pytorch_rejects(value, restore_threads):
    with pytest.raises(RuntimeError) as expected:
        torch.set_num_threads(value)
    with pytest.raises(RuntimeError) as got:
        tinytorch.set_num_threads(value)
    assert str(got.value) == str(expected.value)


def test_cudnn_and_mps_switches_are_accepted(monkeypatch):
    for name in ("benchmark", "deterministic", "enabled", "allow_tf32"):
        assert getattr(tinytorch.backends.cudnn, name) == getattr(torch.backends.cudnn, name)
        monkeypatch.setattr(tinytorch.backends.cudnn, name, True)
    assert tinytorch.backends.cudnn.is_available() is False
    assert tinytorch.backends.cudnn.version() is None
    assert tinytorch.backends.mps.is_available() is False
    assert tinytorch.backends.mps.is_built() is False
    monkeypatch.setattr(tinytorch.backends.cuda.matmul, "allow_tf32", True)


def test_compile_wraps_a_module_and_warns_once(monkeypatch):
    monkeypatch.setattr(_util, "_warned_once", set())
    model = nn.Linear(2, 2)
    with pytest.warns(UserWarning, match="tinytorch runs eagerly") as caught:
        compiled = tinytorch.compile(model)
    assert caught[0].filename == __file__
    assert isinstance(compiled, tinytorch._dynamo.eval_frame.OptimizedModule)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tinytorch.compile(model, mode="max-autotune", fullgraph=True)._orig_mod is model

        @tinytorch.compile(dynamic=False)
        def step(x):
            return x * 2
        assert step(3) == 6


def _compiled(L):
    """What a script sees of torch.compile(model): PyTorch's OptimizedModule."""
    nn, out = L.nn, []
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    c = L.compile(model)
    out += [type(c).__name__, isinstance(c, L._dynamo.eval_frame.OptimizedModule), repr(c),
            c._orig_mod is model, list(c.state_dict()), [n for n, _ in c.named_parameters()],
            all(a is b for a, b in zip(c.parameters(), model.parameters())), list(c._modules)]
    out += [c.eval() is c, c.training, model.training, model[0].training]
    c.train()
    out += [c.training, model[0].training, getattr(c, "0") is model[0], len(c)]
    c.extra = 5
    out += [model.extra, "extra" in c.__dict__]
    del c.extra
    out += [hasattr(model, "extra"), c(L.ones(2)).tolist() == model(L.ones(2)).tolist()]
    out += [type(copy.deepcopy(c)).__name__, list(copy.deepcopy(c).state_dict())]
    sd = c.state_dict()  # saved from the compiled model, loaded with the prefix stripped
    plain = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    out.append(str(plain.load_state_dict({k.removeprefix("_orig_mod."): v
                                          for k, v in sd.items()})))
    for load in (lambda: plain.load_state_dict(sd), lambda: len(L.compile(nn.ReLU()))):
        with pytest.raises((RuntimeError, TypeError)) as error:
            load()
        out.append((type(error.value).__name__, str(error.value)))
    f = lambda x: x + 1  # noqa: E731
    out += [L.compile(model, disable=True) is model, L.compile(f, disable=True) is f,
            L.compile(f)(1), type(L.compile(mode="reduce-overhead")(model)).__name__,
            type(L.compile(model, backend="eager", mode="anything")).__name__]
    for kwargs in (dict(mode="bogus"), dict(mode="default", options={}),
                   dict(backend="nonexistent"), dict(bogus=1)):
        with pytest.raises((RuntimeError, TypeError)) as error:
            L.compile(model, **kwargs)
        out.append((type(error.value).__name__, str(error.value)))
    with pytest.raises(AssertionError, match="A callable function is expected, but <class "
                                             "'int'> is provided."):
        L.compile(3, disable=True)
    return out


def test_compile_matches_pytorch():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tinytorch's once-only warning, PyTorch's own
        assert _compiled(tinytorch) == _compiled(torch)


def test_accelerator_follows_cuda():
    from tinytorch.backends.cuda import is_built
    available = tinytorch.cuda.is_available()
    assert tinytorch.accelerator.is_available() is available
    expected = tinytorch.device("cuda") if is_built() else None
    assert tinytorch.accelerator.current_accelerator() == expected
    if not available:
        assert tinytorch.accelerator.current_accelerator(check_available=True) is None
        assert tinytorch.accelerator.device_count() == 0
        with pytest.raises(RuntimeError, match="Cannot access accelerator device when none is "
                                               "available."):
            tinytorch.accelerator.current_device_index()


def test_onnx_imports_and_export_names_the_way_out():
    import tinytorch.onnx
    assert tinytorch.onnx.is_in_onnx_export() is False
    with pytest.raises(NotImplementedError, match=r"cannot export ONNX.*tinytorch\.save\("
                                                  r"model\.state_dict\(\).*torch\.onnx\.export"):
        tinytorch.onnx.export(nn.Linear(2, 2), (tinytorch.ones(1, 2),), "model.onnx")


@pytest.mark.parametrize("value", ["high", "medium", "highest", "fast", 1])
def test_float32_matmul_precision_as_pytorch(value):
    outcomes = []
    for lib in (torch, tinytorch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                lib.set_float32_matmul_precision(value)
                outcome = lib.get_float32_matmul_precision()
            except RuntimeError as error:
                outcome = str(error)
        outcomes.append((outcome, [str(w.message).split(" (Triggered")[0] for w in caught]))
        lib.set_float32_matmul_precision("highest")
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("args", [(True, False), (False, False), (True, True), ("x", False),
                                  (1, False)])
def test_deterministic_algorithms_switch_as_pytorch(args):
    outcomes = []
    for lib in (torch, tinytorch):
        try:
            lib.use_deterministic_algorithms(args[0], warn_only=args[1])
            outcomes.append((lib.are_deterministic_algorithms_enabled(),
                             lib.is_deterministic_algorithms_warn_only_enabled()))
        except TypeError as error:
            outcomes.append(str(error))
        lib.use_deterministic_algorithms(False)
    assert outcomes[0] == outcomes[1]


def test_math_constants_and_newaxis_are_pytorchs():
    torch = pytest.importorskip("torch")
    for name in ("pi", "e", "inf"):
        value = getattr(tinytorch, name)
        assert type(value) is float and value == getattr(torch, name)
    assert math.isnan(tinytorch.nan) and tinytorch.newaxis is None is torch.newaxis
    assert tinytorch.zeros(2)[tinytorch.newaxis].shape == (1, 2)
    assert tinytorch.full((1,), -tinytorch.inf).item() == -math.inf
