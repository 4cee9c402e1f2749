"""GradScaler against torch.amp.GradScaler('cpu'): the same scales, skipped steps, weights
and state dicts over a run with overflowing gradients; PyTorch's errors and warnings."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

W0 = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
X = np.random.default_rng(1).normal(size=(8, 4)).astype("float32")


def train(lib, steps=12, poison=(2, 3, 7)):
    """Scales, step results and final weights of a run where some steps' gradients are inf."""
    w = lib.tensor(W0.copy(), requires_grad=True)
    optimizer = lib.optim.SGD([w], lr=0.1)
    scaler = lib.amp.GradScaler("cpu", init_scale=2.0 ** 10, growth_interval=3)
    scales, results = [], []
    for step in range(steps):
        optimizer.zero_grad()
        loss = (lib.tensor(X) @ w.t()).square().mean()
        if step in poison:
            loss = loss * float("inf")
        scaler.scale(loss).backward()
        results.append(scaler.step(optimizer))
        scaler.update()
        scales.append(scaler.get_scale())
    return scales, results, w.detach().numpy(), scaler.state_dict()


# NumPy warns where an inf gradient meets a matmul; PyTorch is silent (a known gap, see
# docs/pytorch_drop_in.md).
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning",
                            "ignore:overflow encountered:RuntimeWarning")
def test_a_run_with_overflows_matches_pytorch():
    expected, got = train(torch), train(tinytorch)
    assert got[0] == expected[0]  # scales: backoff after each inf, growth every 3 clean steps
    assert got[1] == expected[1]  # step() returns None for the skipped steps
    np.testing.assert_allclose(got[2], expected[2], rtol=1e-5, atol=1e-6)
    assert got[3] == expected[3]


def test_unscale_then_clip_then_step():
    results = []
    for lib in (torch, tinytorch):
        w = lib.tensor(W0.copy(), requires_grad=True)
        optimizer = lib.optim.SGD([w], lr=0.1)
        scaler = lib.amp.GradScaler("cpu", init_scale=256.0)
        scaler.scale((lib.tensor(X) @ w.t()).sum()).backward()
        scaler.unscale_(optimizer)
        grad = w.grad.clone()
        scaler.step(optimizer)
        scaler.update()
        results.append((grad.numpy(), w.detach().numpy()))
    for a, b in zip(*results):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)


def misuse(lib, case):
    w = lib.tensor(W0.copy(), dtype=lib.float16 if case == "half_gradients" else lib.float32,
                   requires_grad=True)
    optimizer = lib.optim.SGD([w], lr=0.1)
    scaler = lib.amp.GradScaler("cpu", init_scale=4.0)
    if case == "step_before_scale":
        return scaler.step(optimizer)
    scaler.scale(w.sum()).backward()
    if case == "unscale_twice":
        scaler.unscale_(optimizer)
        return scaler.unscale_(optimizer)
    if case == "step_twice":
        scaler.step(optimizer)
        return scaler.step(optimizer)
    if case == "unscale_after_step":
        scaler.step(optimizer)
        return scaler.unscale_(optimizer)
    if case == "closure":
        return scaler.step(optimizer, closure=lambda: None)
    if case == "half_gradients":
        return scaler.unscale_(optimizer)
    if case == "load_empty_state":
        return scaler.load_state_dict({})
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["step_before_scale", "unscale_twice", "step_twice",
                                  "unscale_after_step", "closure", "half_gradients",
                                  "load_empty_state"])
def test_misuse_raises_as_pytorch_does(case):
    with pytest.raises(Exception) as expected:
        misuse(torch, case)
    with pytest.raises(type(expected.value)) as got:
        misuse(tinytorch, case)
    assert str(got.value) == str(expected.value)


def test_cuda_scaler_without_a_gpu_warns_and_passes_through():
    if tinytorch.cuda.is_available():
        pytest.skip("a GPU is usable here")
    texts = []
    for lib in (torch, tinytorch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scaler = lib.amp.GradScaler()
        texts.append([str(w.message) for w in caught])
        assert not scaler.is_enabled() and scaler.get_scale() == 1.0
        assert scaler.state_dict() == {}
    assert texts[0] == texts[1]
    w = tinytorch.ones(2, requires_grad=True)
    optimizer = tinytorch.optim.SGD([w], lr=1.0)
    with pytest.warns(UserWarning, match="CUDA is not available"):
        scaler = tinytorch.amp.GradScaler()
    assert scaler.scale(w.sum()) is not None
    w.sum().backward()
    scaler.step(optimizer)
    assert w.tolist() == [0.0, 0.0]


def test_deprecated_cuda_amp_names_warn_as_pytorch_does():
    with pytest.warns(FutureWarning, match=r"`torch\.cuda\.amp\.GradScaler\(args\.\.\.\)` is "
                                           r"deprecated"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            tinytorch.cuda.amp.GradScaler()
    with pytest.warns(FutureWarning, match=r"`torch\.cuda\.amp\.autocast\(args\.\.\.\)` is "
                                           r"deprecated"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            tinytorch.cuda.amp.autocast()
