"""Every optimizer and option combination against torch.optim: identical parameters and
gradient sequences must give the same parameters, and state must round-trip."""

import re

import numpy as np
import pytest

import tinytorch
import tinytorch.optim as optim
from tests.optim._helpers import as_numpy
from tests.optim._helpers import gradient_sequence
from tests.optim._helpers import initial_values
from tests.optim._helpers import set_grads
from tests.optim._helpers import torch_params
from tests.optim._helpers import tt_grad
from tests.optim._helpers import tt_params

torch = pytest.importorskip("torch")

CONFIGS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.1, "maximize": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01,
             "maximize": True}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "maximize": True}),
    ("Adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.1, "maximize": True}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("AdamW", {"lr": 0.05}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.2, "amsgrad": True}),
    ("AdamW", {"lr": 0.05, "maximize": True}),
    ("Adamax", {"lr": 0.05}),
    ("Adamax", {"lr": 0.05, "weight_decay": 0.1, "betas": (0.8, 0.9)}),
    ("Adamax", {"lr": 0.05, "maximize": True}),
    ("NAdam", {"lr": 0.05}),
    ("NAdam", {"lr": 0.05, "momentum_decay": 0.01, "weight_decay": 0.1}),
    ("NAdam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("NAdam", {"lr": 0.05, "betas": (0.8, 0.99), "maximize": True}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True,
                 "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "maximize": True, "eps": 1e-4}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5, "weight_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "maximize": True, "eps": 1e-6}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8}),
    ("Adadelta", {"lr": 0.5, "weight_decay": 0.1, "maximize": True, "eps": 1e-4}),
]
IDS = [name + "-" + ",".join(f"{k}={v}" for k, v in kw.items()) for name, kw in CONFIGS]
STEPS = 6


def run_tinytorch(name, kwargs, device, dtype, grads, values=None):
    params = tt_params(initial_values() if values is None else values, device, dtype)
    opt = getattr(optim, name)(params, foreach=False, **kwargs)
    for step_grads in grads:
        set_grads(params, step_grads, tt_grad)
        opt.step()
    return params, opt


def run_torch(name, kwargs, dtype, grads):
    params = torch_params(torch, initial_values(), dtype)
    opt = getattr(torch.optim, name)(params, foreach=False, **kwargs)
    for step_grads in grads:
        set_grads(params, step_grads, lambda g, p: torch.tensor(g, dtype=p.dtype))
        opt.step()
    return params, opt


def assert_params_close(ours, theirs, rtol, atol):
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(as_numpy(p), q.detach().numpy(), rtol=rtol, atol=atol)


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_optimizer_matches_torch_in_float64(name, kwargs, device):
    grads = gradient_sequence(STEPS)
    ours, _ = run_tinytorch(name, kwargs, device, tinytorch.float64, grads)
    theirs, _ = run_torch(name, kwargs, torch.float64, grads)
    assert_params_close(ours, theirs, rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_optimizer_keeps_float32_and_matches_torch(name, kwargs, device):
    grads = gradient_sequence(STEPS)
    ours, opt = run_tinytorch(name, kwargs, device, tinytorch.float32, grads)
    theirs, _ = run_torch(name, kwargs, torch.float32, grads)
    assert_params_close(ours, theirs, rtol=1e-4, atol=1e-5)
    for p in ours:
        assert p.dtype == tinytorch.float32
        for key, value in opt.state[p].items():
            if isinstance(value, tinytorch.Tensor) and key not in ("step", "mu_product"):
                assert value.dtype == tinytorch.float32, key


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_optimizer_state_dict_round_trip_resumes_identically(name, kwargs, device):
    grads = gradient_sequence(2 * 3)
    first, opt = run_tinytorch(name, kwargs, device, tinytorch.float64, grads[:3])
    values = [as_numpy(p) for p in first]
    resumed, opt2 = run_tinytorch(name, kwargs, device, tinytorch.float64, [], values)
    opt2.load_state_dict(opt.state_dict())
    for step_grads in grads[3:]:
        for params, o in ((first, opt), (resumed, opt2)):
            set_grads(params, step_grads, tt_grad)
            o.step()
    # Not bit-exact for NAdam: loading casts mu_product to the parameter dtype, as torch does.
    for p, q in zip(first, resumed):
        np.testing.assert_allclose(as_numpy(p), as_numpy(q), rtol=1e-7, atol=1e-12)


def _torch_state_to_tinytorch(value):
    if isinstance(value, torch.Tensor):
        return tinytorch.tensor(value.numpy())
    if isinstance(value, dict):
        return {k: _torch_state_to_tinytorch(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_optimizer_loads_torch_state_dict_and_continues_like_torch(name, kwargs, device):
    grads = gradient_sequence(5)
    theirs, torch_opt = run_torch(name, kwargs, torch.float64, grads[:3])
    values = [q.detach().numpy().copy() for q in theirs]
    ours, opt = run_tinytorch(name, kwargs, device, tinytorch.float64, [], values)
    opt.load_state_dict(_torch_state_to_tinytorch(torch_opt.state_dict()))
    for step_grads in grads[3:]:
        set_grads(ours, step_grads, tt_grad)
        opt.step()
        set_grads(theirs, step_grads, lambda g, p: torch.tensor(g, dtype=p.dtype))
        torch_opt.step()
    assert_params_close(ours, theirs, rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_optimizer_state_dict_has_torch_layout(name, kwargs, device):
    grads = gradient_sequence(2)
    _, opt = run_tinytorch(name, kwargs, device, tinytorch.float64, grads)
    _, torch_opt = run_torch(name, kwargs, torch.float64, grads)
    ours, theirs = opt.state_dict(), torch_opt.state_dict()
    assert ours["param_groups"] == theirs["param_groups"]
    assert list(ours["state"]) == list(theirs["state"])
    for key in theirs["state"]:
        assert list(ours["state"][key]) == list(theirs["state"][key])


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_optimizer_state_lives_on_param_device(name, kwargs, device):
    params, opt = run_tinytorch(name, kwargs, device, tinytorch.float64, gradient_sequence(1))
    for p in params:
        for key, value in opt.state[p].items():
            expected = "cpu" if key in ("step", "mu_product") else p.device.type
            assert value.device.type == expected, key


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_optimizer_step_bumps_version_and_keeps_leaf(name, kwargs, device):
    params, opt = run_tinytorch(name, kwargs, device, tinytorch.float64, [])
    set_grads(params, gradient_sequence(1)[0], tt_grad)
    before = [p._version for p in params]
    opt.step()
    for p, version in zip(params, before):
        assert p._version > version
        assert p.is_leaf and p.requires_grad and p.grad_fn is None


def test_optimizer_step_detects_parameter_saved_for_backward(device):
    w = tinytorch.tensor([1.0, 2.0], device=device, requires_grad=True)
    loss = (w * w).sum()
    w.grad = tinytorch.ones_like(w)
    optim.SGD([w], lr=0.1).step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


def test_optimizer_step_skips_parameters_without_grad(device):
    params = tt_params(initial_values(), device, tinytorch.float64)
    opt = optim.Adam(params, lr=0.1)
    params[0].grad = tinytorch.ones_like(params[0])
    opt.step()
    np.testing.assert_array_equal(as_numpy(params[1]), initial_values()[1])
    assert list(opt.state) == [params[0]]


def test_optimizer_step_returns_closure_loss_with_grad_enabled(device):
    w = tinytorch.tensor([1.0, 2.0], device=device, requires_grad=True)
    opt = optim.SGD([w], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    with tinytorch.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 5.0
    np.testing.assert_allclose(as_numpy(w), [0.8, 1.6])


def test_optimizer_param_groups_use_their_own_options(device):
    grads = gradient_sequence(3)
    ours = tt_params(initial_values(), device, tinytorch.float64)
    theirs = torch_params(torch, initial_values(), torch.float64)
    opt = optim.SGD([{"params": [ours[0]]}, {"params": [ours[1]], "lr": 0.5, "momentum": 0.5}],
                    lr=0.1, momentum=0.9)
    torch_opt = torch.optim.SGD([{"params": [theirs[0]]},
                                 {"params": [theirs[1]], "lr": 0.5, "momentum": 0.5}],
                                lr=0.1, momentum=0.9)
    for step_grads in grads:
        set_grads(ours, step_grads, tt_grad)
        set_grads(theirs, step_grads, lambda g, p: torch.tensor(g, dtype=p.dtype))
        opt.step()
        torch_opt.step()
    assert_params_close(ours, theirs, rtol=1e-6, atol=1e-12)
    assert opt.state_dict()["param_groups"] == torch_opt.state_dict()["param_groups"]


INVALID = [
    ("SGD", {"lr": -1}),
    ("SGD", {"momentum": -0.5}),
    ("SGD", {"weight_decay": -1e-2}),
    ("SGD", {"nesterov": True}),
    ("SGD", {"nesterov": True, "momentum": 0.9, "dampening": 0.1}),
    ("Adam", {"lr": -1}),
    ("Adam", {"eps": -1e-8}),
    ("Adam", {"betas": (1.0, 0.999)}),
    ("Adam", {"betas": (0.9, -0.1)}),
    ("Adam", {"weight_decay": -1}),
    ("Adam", {"betas": (0, 0.999)}),
    ("AdamW", {"lr": -0.5}),
    ("AdamW", {"betas": (0.9, 1.5)}),
    ("Adamax", {"lr": -1}),
    ("Adamax", {"eps": -1}),
    ("Adamax", {"betas": (-0.1, 0.9)}),
    ("Adamax", {"weight_decay": -1}),
    ("NAdam", {"lr": -1}),
    ("NAdam", {"momentum_decay": -1}),
    ("NAdam", {"betas": (0.9, 1.0)}),
    ("RMSprop", {"lr": -1}),
    ("RMSprop", {"eps": -1}),
    ("RMSprop", {"momentum": -1}),
    ("RMSprop", {"weight_decay": -1}),
    ("RMSprop", {"alpha": -1}),
    ("Adagrad", {"lr": -1}),
    ("Adagrad", {"lr_decay": -1}),
    ("Adagrad", {"weight_decay": -1}),
    ("Adagrad", {"initial_accumulator_value": -1}),
    ("Adagrad", {"eps": -1}),
    ("Adadelta", {"lr": -1}),
    ("Adadelta", {"rho": 1.5}),
    ("Adadelta", {"eps": -1}),
    ("Adadelta", {"weight_decay": -1}),
]


@pytest.mark.parametrize("name, kwargs", INVALID,
                         ids=[f"{n}-{kw}" for n, kw in INVALID])
def test_optimizer_rejects_invalid_hyperparameters_like_torch(name, kwargs):
    with pytest.raises(Exception) as expected:
        getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)], **kwargs)
    with pytest.raises(expected.type, match="^" + re.escape(str(expected.value)) + "$"):
        getattr(optim, name)([tinytorch.zeros(2, requires_grad=True)], **kwargs)
