"""Random-configuration sweep of torch.optim against tinytorch.optim (seeded, so derandomized):
per family, random valid options over several parameter groups, parameters of several shapes
(0-d and empty too), gradients that are None, zero, -0.0, huge, tiny, inf or NaN, zero_grad
and state-dict reloads (tinytorch's own, or PyTorch's converted) between steps; every parameter
and the whole state_dict() are compared after every step (float64, rtol 1e-10, NaN positions
exact). Then one regression test per discrepancy the sweep found."""

import subprocess
import sys

import numpy as np
import pytest

import tinytorch
from tests.optim._helpers import both

torch = pytest.importorskip("torch")

FAMILIES = ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad",
            "Adadelta", "ASGD", "Rprop", "Adafactor", "LBFGS"]
SHAPES = [(), (0,), (1,), (3,), (2, 3)]


def _options(name, rng):
    """Random valid keyword options for optimizer ``name``."""
    pick = lambda *xs: xs[rng.integers(len(xs))]  # noqa: E731
    u = lambda a, b: float(rng.uniform(a, b))  # noqa: E731
    betas = (pick(0.0, 0.9, u(0, 0.99)), pick(0.999, 0.0, u(0, 0.999)))
    common = {"lr": pick(u(1e-3, 0.5), 1e-3), "weight_decay": pick(0, u(0, 0.3))}
    maximize = bool(rng.random() < 0.3)
    extra = {
        "SGD": lambda: {"momentum": pick(0, 0.9), "dampening": pick(0, u(0, 1)),
                        "maximize": maximize},
        "Adam": lambda: {"betas": betas, "eps": pick(1e-8, u(0, 1e-2)), "maximize": maximize,
                         "amsgrad": bool(rng.random() < 0.4),
                         "decoupled_weight_decay": bool(rng.random() < 0.4)},
        "AdamW": lambda: {"betas": betas, "maximize": maximize,
                          "amsgrad": bool(rng.random() < 0.4)},
        "Adamax": lambda: {"betas": betas, "eps": pick(1e-8, u(0, 1e-2)), "maximize": maximize},
        "NAdam": lambda: {"betas": betas, "momentum_decay": pick(4e-3, u(0, 0.5)),
                          "decoupled_weight_decay": bool(rng.random() < 0.4),
                          "maximize": maximize},
        "RAdam": lambda: {"betas": betas, "decoupled_weight_decay": bool(rng.random() < 0.4),
                          "maximize": maximize},
        # centered with alpha 0 has an exactly zero variance; see the regression test below
        "RMSprop": lambda: {"alpha": pick(0.99, u(0.05, 1)), "momentum": pick(0, 0.9),
                            "centered": bool(rng.random() < 0.5), "maximize": maximize},
        "Adagrad": lambda: {"lr_decay": pick(0, u(0, 0.5)), "maximize": maximize,
                            "initial_accumulator_value": pick(0, u(0, 1))},
        "Adadelta": lambda: {"rho": pick(0.9, u(0, 1)), "maximize": maximize},
        "ASGD": lambda: {"lambd": pick(1e-4, u(0, 0.5)), "alpha": pick(0.75, u(0, 2)),
                         "t0": pick(1e6, 0.0, 2.0), "maximize": maximize},
        "Rprop": lambda: {"etas": (u(0.05, 0.95), u(1.01, 3)),
                          "step_sizes": (pick(1e-6, u(0, 0.01)), pick(50, u(0.01, 2))),
                          "maximize": maximize},
        "Adafactor": lambda: {"beta2_decay": pick(-0.8, u(-1, -0.1)), "d": pick(1.0, u(1, 3)),
                              "maximize": maximize},
        "LBFGS": lambda: {"max_iter": int(rng.integers(1, 6)),
                          "history_size": int(rng.integers(1, 5)),
                          "line_search_fn": pick(None, "strong_wolfe")},
    }[name]()
    if name in ("Rprop", "LBFGS"):
        common.pop("weight_decay")
    return {**common, **extra}


def _gradient(rng, shape):
    if rng.random() < 0.12:
        return None
    g = rng.standard_normal(shape) * [1.0, 0.0, -0.0, 1e30, 1e-30][rng.integers(5)]
    if g.size and rng.random() < 0.15:
        g.reshape(-1)[rng.integers(g.size)] = [np.inf, -np.inf, np.nan][rng.integers(3)]
    return g


def make_config(name, seed):
    """One seeded configuration: groups of initial values with their options, and steps."""
    rng = np.random.default_rng([FAMILIES.index(name), seed])
    ngroups = 1 if name == "LBFGS" else int(rng.integers(1, 4))
    # torch's LBFGS takes max() of nothing, its Adafactor divides by zero, on an empty one
    shapes = [s for s in SHAPES if name not in ("LBFGS", "Adafactor") or s != (0,)]
    groups = [([rng.standard_normal(shapes[rng.integers(len(shapes))])
                for _ in range(int(rng.integers(1, 4)))], _options(name, rng) if g else {})
              for g in range(ngroups)]
    count = sum(len(values) for values, _ in groups)
    steps = [{"grads": [_gradient(rng, v.shape) for values, _ in groups for v in values],
              "zero": pick_or_none(rng, 0.2), "load": pick_or_none(rng, 0.15)}
             for _ in range(int(rng.integers(2, 6)))]
    assert all(len(s["grads"]) == count for s in steps)
    return groups, _options(name, rng), steps


def pick_or_none(rng, p):
    return bool(rng.random() < 0.5) if rng.random() < p else None


def snapshot(value):
    """A state_dict with its tensors as (dtype name, NumPy copy)."""
    if hasattr(value, "detach"):
        return (str(value.dtype).split(".")[-1], np.array(value.detach().cpu().numpy()))
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    if isinstance(value, list):
        return [snapshot(v) for v in value]
    return value


def restore(lib, value):
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], np.ndarray):
        return lib.tensor(value[1], dtype=getattr(lib, value[0]))
    if isinstance(value, dict):
        return {k: restore(lib, v) for k, v in value.items()}
    if isinstance(value, list):
        return [restore(lib, v) for v in value]
    return value


def _quartic(lib, params, coef):
    return sum((c * (p - 0.5) ** 2).sum() + 0.1 * (p ** 4).sum() for p, c in zip(params, coef))


def run(lib, name, config, loads=None):
    """The trace of one configuration: (what, value) after every step and reload. With
    ``loads`` (PyTorch's saved state dicts), a reload loads PyTorch's instead of its own."""
    groups, defaults, steps = config
    params = [[lib.tensor(v, dtype=lib.float64, requires_grad=True) for v in values]
              for values, _ in groups]
    opt = getattr(lib.optim, name)([{"params": ps, **o} for ps, (_, o) in zip(params, groups)],
                                   **defaults)
    flat = [p for ps in params for p in ps]
    trace, saved = [], []
    for step in steps:
        if name == "LBFGS":
            coef = [lib.tensor(np.ones(p.shape) if g is None
                               else np.abs(np.nan_to_num(g, nan=1, posinf=1, neginf=1)) % 10 + 0.1,
                               dtype=lib.float64) for p, g in zip(flat, step["grads"])]

            def closure():
                opt.zero_grad()
                loss = _quartic(lib, flat, coef)
                loss.backward()
                return loss
            trace.append(("loss", float(opt.step(closure).detach())))
        else:
            for p, g in zip(flat, step["grads"]):
                p.grad = None if g is None else lib.tensor(g, dtype=lib.float64)
            opt.step()
        trace.append(("params", [snapshot(p) for p in flat]))
        trace.append(("state_dict", snapshot(opt.state_dict())))
        if step["zero"] is not None:
            opt.zero_grad(set_to_none=step["zero"])
            trace.append(("grads", [None if p.grad is None else snapshot(p.grad) for p in flat]))
        if step["load"] is not None:
            saved.append(snapshot(opt.state_dict()))
            source = loads[len(saved) - 1] if step["load"] and loads else saved[-1]
            opt.load_state_dict(restore(lib, source))
            trace.append(("reloaded", snapshot(opt.state_dict())))
    return trace, saved


def assert_same(ours, theirs, where, rtol, atol):
    if isinstance(theirs, tuple) and isinstance(ours, float):
        theirs = float(theirs[1])  # LBFGS keeps t, al, ro, H_diag as floats, torch as 0-d
    if isinstance(theirs, np.ndarray):
        assert ours.shape == theirs.shape, where
        np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs), err_msg=where)
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=where)
    elif isinstance(theirs, dict):
        assert list(ours) == list(theirs), where
        for key in theirs:
            assert_same(ours[key], theirs[key], f"{where}[{key!r}]", rtol, atol)
    elif isinstance(theirs, (list, tuple)):
        assert type(ours) is type(theirs) and len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_same(a, b, f"{where}[{i}]", rtol, atol)
    elif isinstance(theirs, float) and np.isnan(theirs):
        assert np.isnan(ours), where
    elif isinstance(theirs, float):
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=where)
    else:
        assert ours == theirs, where


def check(name, seed):
    config = make_config(name, seed)
    theirs, saved = run(torch, name, config)
    ours, _ = run(tinytorch, name, config, loads=saved)
    # LBFGS: the history's dot products cancel, so its tolerance is absolute too.
    rtol, atol = (1e-9, 1e-12) if name == "LBFGS" else (1e-10, 1e-300)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    for i, ((what, a), (_, b)) in enumerate(zip(ours, theirs)):
        assert_same(a, b, f"{name} seed {seed} event {i} {what}", rtol, atol)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # inf and NaN gradients, both libraries
@pytest.mark.parametrize("name", FAMILIES)
def test_optimizer_random_configurations_match_torch(name):
    for seed in range(8):
        check(name, seed)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("name", FAMILIES)
def test_optimizer_random_configurations_match_torch_broad(name):
    for seed in range(8, 48):
        check(name, seed)



def test_adam_running_mean_keeps_gradient_after_a_huge_one():
    def exp_avg(lib):
        w = lib.zeros(2, dtype=lib.float64, requires_grad=True)
        opt = lib.optim.Adam([w], betas=(0.0, 0.999))
        for g in (1e30, 0.5):
            w.grad = lib.full((2,), g, dtype=lib.float64)
            opt.step()
        return opt.state[w]["exp_avg"].tolist()

    ours, theirs = both(exp_avg)
    assert ours == theirs == [0.5, 0.5]  # was [0.0, 0.0]: 1e30 + (0.5 - 1e30)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_rprop_nan_gradient_leaves_parameter_like_torch():
    def run_rprop(lib):
        w = lib.ones(2, dtype=lib.float64, requires_grad=True)
        opt = lib.optim.Rprop([w], lr=0.1)
        for g in ([1.0, float("nan")], [1.0, 1.0]):
            w.grad = lib.tensor(g, dtype=lib.float64)
            opt.step()
        return w.tolist()

    ours, theirs = both(run_rprop)
    assert ours == theirs and not np.isnan(ours).any()  # was [.., nan]


def test_lbfgs_state_dict_layout_and_extra_group_like_torch():
    def run_lbfgs(lib):
        w = lib.tensor([1.0, -2.0], requires_grad=True)
        opt = lib.optim.LBFGS([w], max_iter=3)

        def closure():
            opt.zero_grad()
            loss = (w ** 4).sum()
            loss.backward()
            return loss
        opt.step(closure)
        keys = list(opt.state_dict()["state"][0])
        opt.add_param_group({"params": [lib.zeros(1, requires_grad=True)]})
        with pytest.raises(AssertionError) as info:
            opt.step(closure)
        return keys, str(info.value)

    ours, theirs = both(run_lbfgs)
    assert ours == theirs


def test_lbfgs_step_and_inplace_inf_are_quiet_like_torch():
    code = ("import math, tinytorch as torch\n"
            "w = torch.ones(2, requires_grad=True)\n"
            "opt = torch.optim.LBFGS([w])\n"
            "def closure():\n"
            "    opt.zero_grad(); loss = (w * w).sum(); loss.backward(); return loss\n"
            "opt.step(closure)\n"
            "torch.tensor([math.inf]).add_(torch.tensor([-math.inf]))\n")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
