"""RAdam, Rprop, ASGD, Adafactor and LBFGS against torch.optim: identical parameters and gradient
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
    ("Adafactor", {}),
    ("Adafactor", {"lr": 0.5, "beta2_decay": -0.5, "eps": (1e-4, 1e-2), "d": 2.0}),
    ("Adafactor", {"lr": 0.3, "weight_decay": 0.1, "maximize": True}),  # clipped at d = 1
]
IDS = [name + "-" + ",".join(f"{k}={v}" for k, v in kw.items()) for name, kw in CONFIGS]
STEPS = 8


@pytest.mark.parametrize("name, kwargs", CONFIGS, ids=IDS)
def test_extra_optimizer_matches_torch(name, kwargs, device):
    grads = gradient_sequence(STEPS)
    for dtype, tolerances in (("float64", (1e-10, 1e-12)), ("float32", (1e-4, 1e-5))):
        ours, _ = run_tinytorch(name, kwargs, device, getattr(tinytorch, dtype), grads)
        assert_params_close(ours, run_torch(name, kwargs, getattr(torch, dtype), grads)[0],
                            *tolerances)
        assert all(p.dtype == getattr(tinytorch, dtype) for p in ours)


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


def _convert_state(value, tensor_type, make):
    """A state dict with every ``tensor_type`` in it (also inside LBFGS' lists) remade."""
    if isinstance(value, tensor_type):
        return make(value.detach().cpu().numpy().copy())
    if isinstance(value, dict):
        return {k: _convert_state(v, tensor_type, make) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert_state(v, tensor_type, make) for v in value]
    return value


def _tinytorch_state_to_torch(state_dict):
    return _convert_state(state_dict, tinytorch.Tensor, torch.tensor)


def _torch_state_to_tinytorch(state_dict):
    return _convert_state(state_dict, torch.Tensor, tinytorch.tensor)


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
    ("Adafactor", {"lr": -1}),
    ("Adafactor", {"beta2_decay": 0.1}),
    ("Adafactor", {"eps": (-1.0, 1e-3)}),
    ("Adafactor", {"eps": (None, -1.0)}),
    ("Adafactor", {"d": 0.5}),
    ("Adafactor", {"weight_decay": -1}),
]


@pytest.mark.parametrize("name, kwargs", INVALID, ids=[f"{n}-{kw}" for n, kw in INVALID])
def test_extra_optimizer_rejects_invalid_hyperparameters_like_torch(name, kwargs):
    with pytest.raises(Exception) as expected:
        getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)], **kwargs)
    with pytest.raises(expected.type, match="^" + re.escape(str(expected.value)) + "$"):
        getattr(optim, name)([tinytorch.zeros(2, requires_grad=True)], **kwargs)


# --- LBFGS: closures over a quadratic and Rosenbrock's function, parameters in two tensors ---

_RNG = np.random.RandomState(3)
_M = _RNG.randn(7, 7)
QUAD_A, QUAD_B = _M @ _M.T / 7 + 0.05 * np.eye(7), _RNG.randn(7)
START = [np.array([-1.2, 1.0, 0.5]), np.array([[-0.7, 0.9], [1.1, -0.3]])]


def quadratic(w):
    """(value, gradient) in NumPy, so both libraries see identical closure results."""
    return 0.5 * w @ QUAD_A @ w - QUAD_B @ w, QUAD_A @ w - QUAD_B


def rosenbrock(w):
    r, u = w[1:] - w[:-1] ** 2, 1 - w[:-1]
    grad = np.zeros_like(w)
    grad[:-1] = -400 * w[:-1] * r - 2 * u
    grad[1:] += 200 * r
    return np.sum(100 * r ** 2 + u ** 2), grad


# Rosenbrock amplifies last-bit differences (dot product summation order) along a long
# trajectory: after ~40 plain iterations the libraries part by more than 1e-10, so each
# configuration keeps to fewer (5 steps of at most max_iter iterations).
LBFGS_CONFIGS = [
    {"max_iter": 4},
    {"history_size": 2, "max_iter": 5},
    {"lr": 0.5, "max_iter": 3},
    {"max_iter": 10, "max_eval": 4},  # the evaluation budget cuts iterations and the search
    {"lr": 0.1, "max_iter": 6, "tolerance_change": 1e-3, "tolerance_grad": 1e-2},
]
LBFGS_CASES = ([(quadratic, ls, {}) for ls in (None, "strong_wolfe")]
               + [(fn, ls, kw) for fn in (quadratic, rosenbrock)
                  for ls in (None, "strong_wolfe") for kw in LBFGS_CONFIGS]
               # long first trials: the search zooms (cubic steps from either end)
               + [(quadratic, "strong_wolfe", {"lr": 10, "max_iter": 4}),
                  (rosenbrock, "strong_wolfe", {"lr": 3, "max_iter": 4})])


def run_lbfgs(lib, device, fn, kwargs, steps, line_search_fn, opt=None, start=START):
    """``steps`` LBFGS steps -> (trajectory after each, closure calls, params, optimizer)."""
    on = {} if lib is torch else {"device": device}
    params = [lib.tensor(v, dtype=lib.float64, requires_grad=True, **on) for v in start]
    opt = opt or (lambda ps: lib.optim.LBFGS(ps, line_search_fn=line_search_fn, **kwargs))
    opt = opt(params)
    calls = [0]

    def closure():
        calls[0] += 1
        value, grad = fn(np.concatenate([_numpy(lib, p).ravel() for p in params]))
        sizes = np.cumsum([p.numel() for p in params])[:-1]
        for p, g in zip(params, np.split(grad, sizes)):
            p.grad = lib.tensor(g.reshape(tuple(p.shape)), dtype=p.dtype, **on)
        return lib.tensor(value, **on)

    trajectory = []
    for _ in range(steps):
        opt.step(closure)
        trajectory.append(np.concatenate([_numpy(lib, p).ravel() for p in params]))
    return np.array(trajectory), calls[0], params, opt


def _numpy(lib, tensor):
    return as_numpy(tensor) if lib is tinytorch else tensor.detach().numpy()


@pytest.mark.parametrize("fn, line_search_fn, kwargs", LBFGS_CASES,
                         ids=[f"{fn.__name__}-{ls}-{kw}" for fn, ls, kw in LBFGS_CASES])
def test_lbfgs_matches_torch_trajectory_and_evaluations(fn, line_search_fn, kwargs, device):
    ours, our_calls, params, opt = run_lbfgs(tinytorch, device, fn, kwargs, 5,
                                             line_search_fn)
    theirs, their_calls, _, torch_opt = run_lbfgs(torch, device, fn, kwargs, 5,
                                                  line_search_fn)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-10)
    assert our_calls == their_calls
    ours_state, theirs_state = opt.state_dict()["state"][0], torch_opt.state_dict()["state"][0]
    assert sorted(ours_state) == sorted(theirs_state)
    for key in ("func_evals", "n_iter"):
        assert ours_state[key] == theirs_state[key]
    assert opt.state_dict()["param_groups"] == torch_opt.state_dict()["param_groups"]
    assert all(p.grad is not None and p.is_leaf for p in params)


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_lbfgs_state_dict_resumes_and_crosses_libraries(line_search_fn, device):
    kwargs = {"history_size": 3, "max_iter": 4}
    full, calls, _, _ = run_lbfgs(tinytorch, device, rosenbrock, kwargs, 4, line_search_fn)
    first, _, _, opt = run_lbfgs(tinytorch, device, rosenbrock, kwargs, 2, line_search_fn)
    _, _, _, torch_opt = run_lbfgs(torch, device, rosenbrock, kwargs, 2, line_search_fn)
    middle = [first[-1][:3], first[-1][3:].reshape(2, 2)]
    for saved in (opt.state_dict(), _torch_state_to_tinytorch(torch_opt.state_dict())):
        def load(params, saved=saved):
            resumed = optim.LBFGS(params, line_search_fn=line_search_fn, **kwargs)
            resumed.load_state_dict(saved)
            return resumed
        rest, _, _, _ = run_lbfgs(tinytorch, device, rosenbrock, kwargs, 2, line_search_fn,
                                  opt=load, start=middle)
        np.testing.assert_allclose(rest, full[2:], rtol=1e-10, atol=1e-10)

    def load_into_torch(params):
        resumed = torch.optim.LBFGS(params, line_search_fn=line_search_fn, **kwargs)
        resumed.load_state_dict(_tinytorch_state_to_torch(opt.state_dict()))
        return resumed
    rest, _, _, _ = run_lbfgs(torch, device, rosenbrock, kwargs, 2, line_search_fn,
                              opt=load_into_torch, start=middle)
    np.testing.assert_allclose(rest, full[2:], rtol=1e-10, atol=1e-10)


def test_lbfgs_stops_at_once_when_the_gradient_is_small(device):
    w = tinytorch.tensor([1.0, 1.0], dtype=tinytorch.float64, device=device,
                         requires_grad=True)
    opt = optim.LBFGS([w])

    def closure():
        opt.zero_grad()
        loss = (100 * (w[1] - w[0] ** 2) ** 2 + (1 - w[0]) ** 2)
        loss.backward()
        return loss

    assert opt.step(closure).item() == 0.0
    assert opt.state[w] == {"func_evals": 1, "n_iter": 0}


def test_lbfgs_runs_step_hooks_and_needs_a_closure(device):
    w = tinytorch.tensor([0.5, 2.0], device=device, requires_grad=True)
    opt = optim.LBFGS([w], max_iter=2)
    seen = []
    opt.register_step_pre_hook(lambda o, args, kwargs: seen.append(len(args)))
    opt.register_step_post_hook(lambda o, args, kwargs: seen.append("post"))

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    assert opt.step(closure).item() == pytest.approx(4.25)
    assert seen == [2, "post"]
    with pytest.raises(TypeError, match="closure"):
        opt.step()


LBFGS_INVALID = [
    lambda lib, ps: lib.optim.LBFGS(ps, lr=-1),
    lambda lib, ps: lib.optim.LBFGS([{"params": ps[:1]}, {"params": ps[1:]}]),
]


@pytest.mark.parametrize("build", LBFGS_INVALID)
def test_lbfgs_rejects_invalid_arguments_like_torch(build):
    with pytest.raises(Exception) as expected:
        build(torch, [torch.zeros(2, requires_grad=True), torch.zeros(1, requires_grad=True)])
    with pytest.raises(expected.type, match="^" + re.escape(str(expected.value)) + "$"):
        build(tinytorch, [tinytorch.zeros(2, requires_grad=True),
                          tinytorch.zeros(1, requires_grad=True)])


def test_lbfgs_rejects_unknown_line_search_at_step_like_torch():
    for lib in (torch, tinytorch):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        opt = lib.optim.LBFGS([w], line_search_fn="armijo")

        def closure(w=w, opt=opt):
            opt.zero_grad()
            loss = (w * w).sum()
            loss.backward()
            return loss

        with pytest.raises(RuntimeError, match="^only 'strong_wolfe' is supported$"):
            opt.step(closure)
