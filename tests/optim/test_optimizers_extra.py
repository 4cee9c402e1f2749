"""RAdam, Rprop, ASGD and LBFGS against torch.optim: identical parameters and gradient
sequences (or closures, for LBFGS) must give the same parameters, and state must round-trip
between the two libraries."""

import re

import numpy as np
import pytest

import tinytorch
import tinytorch.optim as optim
from tests.optim._helpers import as_numpy
from tests.optim._helpers import gradient_sequence
from tests.optim._helpers import set_grads
from tests.optim._helpers import tt_grad
from tests.optim.test_optimizers import _torch_state_to_tinytorch
from tests.optim.test_optimizers import assert_params_close
from tests.optim.test_optimizers import run_tinytorch
from tests.optim.test_optimizers import run_torch

torch = pytest.importorskip("torch")

CONFIGS = [
    ("RAdam", {"lr": 0.05}),  # rectified (rho_t > 5) from the sixth step on
    ("RAdam", {"lr": 0.05, "betas": (0.5, 0.9)}),  # likewise
    ("RAdam", {"lr": 0.05, "betas": (0.8, 0.7), "eps": 1e-6, "weight_decay": 0.1}),
    ("RAdam", {"lr": 0.05, "betas": (0.7, 0.9), "weight_decay": 0.1,
               "decoupled_weight_decay": True, "maximize": True}),
    ("Rprop", {"lr": 0.05}),
    ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "maximize": True}),
    ("Rprop", {"lr": 0.5, "etas": (0.5, 2.0), "step_sizes": (0.1, 0.7)}),  # both clamps
    ("ASGD", {"lr": 0.05}),
    ("ASGD", {"lr": 0.05, "t0": 2}),  # averaging from the third step on
    ("ASGD", {"lr": 0.1, "lambd": 0.1, "alpha": 0.5, "t0": 0, "weight_decay": 0.1}),
    ("ASGD", {"lr": 0.05, "t0": 1.5, "maximize": True}),
]
IDS = [name + "-" + ",".join(f"{k}={v}" for k, v in kw.items()) for name, kw in CONFIGS]
STEPS = 8


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_extra_optimizer_matches_torch(name, kwargs, device):
    grads = gradient_sequence(STEPS)
    ours, opt = run_tinytorch(name, kwargs, device, tinytorch.float64, grads)
    theirs, _ = run_torch(name, kwargs, torch.float64, grads)
    assert_params_close(ours, theirs, rtol=1e-10, atol=1e-12)
    ours, _ = run_tinytorch(name, kwargs, device, tinytorch.float32, grads)
    theirs, _ = run_torch(name, kwargs, torch.float32, grads)
    assert_params_close(ours, theirs, rtol=1e-4, atol=1e-5)
    assert all(p.dtype == tinytorch.float32 for p in ours)


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_extra_optimizer_state_dict_crosses_libraries(name, kwargs, device):
    grads = gradient_sequence(6)
    theirs, torch_opt = run_torch(name, kwargs, torch.float64, grads[:3])
    ours, opt = run_tinytorch(name, kwargs, device, tinytorch.float64, grads[:3])
    ours_sd, theirs_sd = opt.state_dict(), torch_opt.state_dict()
    assert ours_sd["param_groups"] == theirs_sd["param_groups"]
    for key, state in theirs_sd["state"].items():
        assert list(ours_sd["state"][key]) == list(state)
        for name_, value in state.items():
            np.testing.assert_allclose(as_numpy(ours_sd["state"][key][name_]), value.numpy(),
                                       rtol=1e-10, atol=1e-12)
    # torch's dict into a fresh tinytorch optimizer, tinytorch's into a fresh torch one.
    values = [q.detach().numpy().copy() for q in theirs]
    resumed, opt2 = run_tinytorch(name, kwargs, device, tinytorch.float64, [], values)
    opt2.load_state_dict(_torch_state_to_tinytorch(theirs_sd))
    back = [torch.tensor(v, requires_grad=True) for v in values]
    torch_opt2 = getattr(torch.optim, name)(back, foreach=False, **kwargs)
    torch_opt2.load_state_dict(_tinytorch_state_to_torch(opt.state_dict()))
    for step_grads in grads[3:]:
        for params, o in ((ours, opt), (resumed, opt2), (theirs, torch_opt),
                          (back, torch_opt2)):
            make = tt_grad if o in (opt, opt2) else lambda g, p: torch.tensor(g)
            set_grads(params, step_grads, make)
            o.step()
    # Loading casts 0-d float32 state (ASGD's eta and mu) to the parameter dtype in both
    # libraries, so the loaded pair is compared with each other.
    assert_params_close(ours, theirs, rtol=1e-10, atol=1e-12)
    assert_params_close(resumed, back, rtol=1e-10, atol=1e-12)


def _tinytorch_state_to_torch(value):
    if isinstance(value, tinytorch.Tensor):
        return torch.tensor(as_numpy(value))
    if isinstance(value, dict):
        return {k: _tinytorch_state_to_torch(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tinytorch_state_to_torch(v) for v in value]
    return value


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_extra_optimizer_state_dtype_device_and_versions(name, kwargs, device):
    params, opt = run_tinytorch(name, kwargs, device, tinytorch.float32, gradient_sequence(1))
    before = [p._version for p in params]
    set_grads(params, gradient_sequence(1)[0], tt_grad)
    opt.step()
    for p, version in zip(params, before):
        assert p._version > version and p.is_leaf and p.grad_fn is None
        for key, value in opt.state[p].items():
            assert value.dtype == tinytorch.float32, key
            on_cpu = key == "step" and name != "ASGD"  # ASGD keeps its step beside p
            assert value.device.type == ("cpu" if on_cpu else p.device.type), key


INVALID = [
    ("RAdam", {"lr": -1}),
    ("RAdam", {"eps": -1e-8}),
    ("RAdam", {"betas": (1.0, 0.999)}),
    ("RAdam", {"betas": (0.9, -0.1)}),
    ("RAdam", {"weight_decay": -1}),
    ("Rprop", {"lr": -1}),
    ("Rprop", {"etas": (1.0, 1.2)}),
    ("Rprop", {"etas": (0.5, 1.0)}),
    ("Rprop", {"etas": (0, 2)}),
    ("ASGD", {"lr": -1}),
    ("ASGD", {"weight_decay": -1}),
]


@pytest.mark.parametrize("name, kwargs", INVALID, ids=[f"{n}-{kw}" for n, kw in INVALID])
def test_extra_optimizer_rejects_invalid_hyperparameters_like_torch(name, kwargs):
    with pytest.raises(Exception) as expected:
        getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)], **kwargs)
    with pytest.raises(expected.type, match="^" + re.escape(str(expected.value)) + "$"):
        getattr(optim, name)([tinytorch.zeros(2, requires_grad=True)], **kwargs)
