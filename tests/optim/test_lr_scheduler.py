"""Every scheduler's learning-rate sequence against torch.optim.lr_scheduler."""

import pytest

import tinytorch
import tinytorch.optim as optim
from tinytorch.optim import lr_scheduler

torch = pytest.importorskip("torch")

STEPS = 30


SCHEDULERS = [
    ("StepLR", {"step_size": 7}),
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("MultiStepLR", {"milestones": [3, 10, 10, 20], "gamma": 0.3}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 10}),
    ("CosineAnnealingLR", {"T_max": 7, "eta_min": 0.001}),
    ("LambdaLR", {"lr_lambda": lambda epoch: 0.95 ** epoch}),
    ("LambdaLR", {"lr_lambda": [lambda epoch: 1.0 / (epoch + 1), lambda epoch: 0.9 ** epoch]}),
    ("LinearLR", {}),
    ("LinearLR", {"start_factor": 0.1, "end_factor": 0.5, "total_iters": 12}),
    ("OneCycleLR", {"max_lr": 1.0, "total_steps": STEPS}),
    ("OneCycleLR", {"max_lr": [1.0, 0.5], "total_steps": STEPS, "anneal_strategy": "linear",
                    "pct_start": 0.4, "div_factor": 10.0, "final_div_factor": 100.0}),
    ("OneCycleLR", {"max_lr": 0.3, "epochs": 3, "steps_per_epoch": 10, "three_phase": True}),
    ("OneCycleLR", {"max_lr": 0.3, "total_steps": STEPS, "cycle_momentum": False}),
    ("MultiplicativeLR", {"lr_lambda": lambda epoch: 0.9 if epoch % 2 else 1.05}),
    ("ConstantLR", {}),
    ("ConstantLR", {"factor": 0.25, "total_iters": 8}),
    ("PolynomialLR", {}),
    ("PolynomialLR", {"total_iters": 20, "power": 2.0}),
    ("CosineAnnealingWarmRestarts", {"T_0": 5}),
    ("CosineAnnealingWarmRestarts", {"T_0": 3, "T_mult": 2, "eta_min": 0.01}),
    ("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4}),
    ("CyclicLR", {"base_lr": [0.01, 0.02], "max_lr": [0.1, 0.3], "step_size_up": 3,
                  "step_size_down": 5, "mode": "triangular2"}),
    ("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 2, "step_size_down": 7,
                  "mode": "exp_range", "gamma": 0.93, "base_momentum": [0.7, 0.75],
                  "max_momentum": 0.95}),
    ("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3,
                  "scale_fn": lambda x: 1.0 / (1.0 + x), "scale_mode": "cycle"}),
    ("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3, "mode": "not-a-mode",
                  "scale_fn": lambda x: 0.97 ** x, "scale_mode": "iterations"}),
    ("CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5, "cycle_momentum": False}),
]
IDS = [f"{name}-{i}" for i, (name, _) in enumerate(SCHEDULERS)]
OPTIMIZERS = [("SGD", {"momentum": 0.9}), ("Adam", {})]


def _make(lib, opt_lib, opt_name, opt_kwargs):
    params = [lib.zeros(2, requires_grad=True), lib.zeros(3, requires_grad=True)]
    groups = [{"params": [params[0]]}, {"params": [params[1]], "lr": 0.05}]
    return getattr(opt_lib, opt_name)(groups, lr=0.1, **opt_kwargs)


def _trace(opt, sched, steps, metrics=None):
    """lr, momentum and betas of every group after construction and after each step."""
    def snapshot():
        return [(g["lr"], g.get("momentum"), g.get("betas")) for g in opt.param_groups]
    out = [(sched.get_last_lr(), snapshot())]
    for i in range(steps):
        opt.step()
        sched.step() if metrics is None else sched.step(metrics[i])
        out.append((sched.get_last_lr(), snapshot()))
    return out


@pytest.mark.parametrize("opt_name, opt_kwargs", OPTIMIZERS, ids=[o for o, _ in OPTIMIZERS])
@pytest.mark.parametrize("name, kwargs", SCHEDULERS, ids=IDS)
def test_scheduler_lr_sequence_equals_torch(name, kwargs, opt_name, opt_kwargs):
    steps = STEPS if name != "OneCycleLR" else STEPS - 1
    ours_opt = _make(tinytorch, optim, opt_name, opt_kwargs)
    theirs_opt = _make(torch, torch.optim, opt_name, opt_kwargs)
    ours = getattr(lr_scheduler, name)(ours_opt, **kwargs)
    theirs = getattr(torch.optim.lr_scheduler, name)(theirs_opt, **kwargs)
    assert _trace(ours_opt, ours, steps) == _trace(theirs_opt, theirs, steps)


def _sequential(lib_sched, opt):
    warmup = lib_sched.LinearLR(opt, start_factor=0.1, total_iters=5)
    decay = lib_sched.CosineAnnealingLR(opt, T_max=12)
    tail = lib_sched.ExponentialLR(opt, gamma=0.9)
    return lib_sched.SequentialLR(opt, [warmup, decay, tail], milestones=[5, 17])


def _chained(lib_sched, opt):
    return lib_sched.ChainedScheduler([lib_sched.ConstantLR(opt, factor=0.5, total_iters=4),
                                       lib_sched.StepLR(opt, step_size=3, gamma=0.7)])


@pytest.mark.parametrize("build", [_sequential, _chained], ids=["SequentialLR", "Chained"])
def test_composite_scheduler_sequence_equals_torch(build):
    ours_opt = _make(tinytorch, optim, "SGD", {"momentum": 0.9})
    theirs_opt = _make(torch, torch.optim, "SGD", {"momentum": 0.9})
    ours, theirs = build(lr_scheduler, ours_opt), build(torch.optim.lr_scheduler, theirs_opt)
    assert _trace(ours_opt, ours, STEPS) == _trace(theirs_opt, theirs, STEPS)
    opt2 = _make(tinytorch, optim, "SGD", {"momentum": 0.9})
    resumed = build(lr_scheduler, opt2)
    opt2.load_state_dict(ours_opt.state_dict())
    resumed.load_state_dict(ours.state_dict())
    assert _trace(opt2, resumed, 5) == _trace(ours_opt, ours, 5)


PLATEAU = [
    {},
    {"mode": "max", "factor": 0.5, "patience": 2},
    {"patience": 1, "threshold": 0.1, "threshold_mode": "abs", "cooldown": 2},
    {"mode": "max", "threshold_mode": "abs", "patience": 0, "min_lr": [0.02, 0.01]},
    {"patience": 0, "factor": 0.5, "min_lr": 0.04, "eps": 1e-3},
]
METRICS = [1.0, 0.9, 0.9, 0.95, 0.89, 0.89, 0.889, 0.9, 0.9, 0.9, 0.7, 0.71, 0.72, 0.73, 0.74,
           0.75, 0.76, 0.77, 0.78, 0.79, 0.8, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]


@pytest.mark.parametrize("kwargs", PLATEAU, ids=[str(k) for k in PLATEAU])
def test_reduce_lr_on_plateau_sequence_equals_torch(kwargs):
    ours_opt = _make(tinytorch, optim, "SGD", {})
    theirs_opt = _make(torch, torch.optim, "SGD", {})
    ours = lr_scheduler.ReduceLROnPlateau(ours_opt, **kwargs)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(theirs_opt, **kwargs)
    assert (_trace(ours_opt, ours, STEPS, METRICS)
            == _trace(theirs_opt, theirs, STEPS, METRICS))
    assert ours.state_dict() == theirs.state_dict()


def test_reduce_lr_on_plateau_accepts_a_tensor_metric():
    opt = _make(tinytorch, optim, "SGD", {})
    sched = lr_scheduler.ReduceLROnPlateau(opt, patience=0)
    sched.step(tinytorch.tensor(1.0))
    sched.step(tinytorch.tensor(2.0))
    assert sched.get_last_lr() == [0.1 * 0.1, 0.05 * 0.1]


@pytest.mark.parametrize("name, kwargs", SCHEDULERS, ids=IDS)
def test_scheduler_state_dict_round_trip_resumes_identically(name, kwargs):
    opt = _make(tinytorch, optim, "SGD", {"momentum": 0.9})
    sched = getattr(lr_scheduler, name)(opt, **kwargs)
    _trace(opt, sched, 10)
    opt2 = _make(tinytorch, optim, "SGD", {"momentum": 0.9})
    sched2 = getattr(lr_scheduler, name)(opt2, **kwargs)
    opt2.load_state_dict(opt.state_dict())
    sched2.load_state_dict(sched.state_dict())
    assert _trace(opt2, sched2, 10) == _trace(opt, sched, 10)


def test_scheduler_state_dict_matches_torch_keys():
    ours = lr_scheduler.StepLR(_make(tinytorch, optim, "SGD", {}), step_size=3)
    theirs = torch.optim.lr_scheduler.StepLR(_make(torch, torch.optim, "SGD", {}), step_size=3)
    assert ours.state_dict() == theirs.state_dict()


NO_EPOCH_ARG = ("OneCycleLR", "CosineAnnealingWarmRestarts")


@pytest.mark.parametrize("name, kwargs", [s for s in SCHEDULERS if s[0] not in NO_EPOCH_ARG],
                         ids=[i for i, s in zip(IDS, SCHEDULERS) if s[0] not in NO_EPOCH_ARG])
def test_scheduler_step_with_epoch_warns_and_uses_closed_form_like_torch(name, kwargs):
    ours_opt = _make(tinytorch, optim, "SGD", {})
    theirs_opt = _make(torch, torch.optim, "SGD", {})
    ours = getattr(lr_scheduler, name)(ours_opt, **kwargs)
    theirs = getattr(torch.optim.lr_scheduler, name)(theirs_opt, **kwargs)
    ours_opt.step()
    theirs_opt.step()
    with pytest.warns(UserWarning, match="epoch parameter"):
        ours.step(12)
    with pytest.warns(UserWarning, match="epoch parameter"):
        theirs.step(12)
    assert ours.get_last_lr() == theirs.get_last_lr()


@pytest.mark.parametrize("t_mult", [1, 2])
def test_warm_restarts_fractional_epochs_equal_torch(t_mult):
    ours_opt = _make(tinytorch, optim, "SGD", {})
    theirs_opt = _make(torch, torch.optim, "SGD", {})
    ours = lr_scheduler.CosineAnnealingWarmRestarts(ours_opt, T_0=3, T_mult=t_mult)
    theirs = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(theirs_opt, T_0=3,
                                                                   T_mult=t_mult)
    for i in range(40):
        ours_opt.step()
        theirs_opt.step()
        ours.step(i * 0.37)
        theirs.step(i * 0.37)
        assert ours.get_last_lr() == theirs.get_last_lr()


def test_scheduler_get_lr_outside_step_warns():
    sched = lr_scheduler.StepLR(_make(tinytorch, optim, "SGD", {}), step_size=2)
    with pytest.warns(UserWarning, match="get_last_lr"):
        sched.get_lr()


def test_scheduler_resuming_without_initial_lr_raises():
    with pytest.raises(KeyError, match="initial_lr"):
        lr_scheduler.StepLR(_make(tinytorch, optim, "SGD", {}), step_size=2, last_epoch=3)


BAD = [
    ("LinearLR", {"start_factor": 0}),
    ("LinearLR", {"end_factor": 1.5}),
    ("OneCycleLR", {"max_lr": 1.0}),
    ("OneCycleLR", {"max_lr": 1.0, "total_steps": 0}),
    ("OneCycleLR", {"max_lr": 1.0, "epochs": 0, "steps_per_epoch": 3}),
    ("OneCycleLR", {"max_lr": 1.0, "total_steps": 10, "pct_start": 1.5}),
    ("OneCycleLR", {"max_lr": 1.0, "total_steps": 10, "anneal_strategy": "exp"}),
    ("OneCycleLR", {"max_lr": [1.0], "total_steps": 10}),
    ("LambdaLR", {"lr_lambda": [lambda e: 1.0]}),
    ("ReduceLROnPlateau", {"factor": 1.0}),
    ("ReduceLROnPlateau", {"mode": "avg"}),
    ("ReduceLROnPlateau", {"threshold_mode": "pct"}),
    ("ReduceLROnPlateau", {"min_lr": [0.1]}),
    ("ConstantLR", {"factor": 1.5}),
    ("MultiplicativeLR", {"lr_lambda": 0.5}),
    ("CosineAnnealingWarmRestarts", {"T_0": 0}),
    ("CosineAnnealingWarmRestarts", {"T_0": 2, "T_mult": 0}),
    ("CyclicLR", {"base_lr": 0.1, "max_lr": 1.0, "mode": "linear"}),
    ("CyclicLR", {"base_lr": [0.1, 0.2, 0.3], "max_lr": 1.0}),
    ("CyclicLR", {"base_lr": 0.1, "max_lr": [1.0]}),
    ("CyclicLR", {"base_lr": 0.1, "max_lr": 1.0, "base_momentum": [0.8]}),
    ("CyclicLR", {"base_lr": 0.1, "max_lr": 1.0, "max_momentum": (0.9, 0.9, 0.9)}),
]


@pytest.mark.parametrize("name, kwargs", BAD, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BAD)])
def test_scheduler_rejects_bad_arguments_like_torch(name, kwargs):
    with pytest.raises(Exception) as expected:
        getattr(torch.optim.lr_scheduler, name)(_make(torch, torch.optim, "SGD", {}), **kwargs)
    with pytest.raises(expected.type) as actual:
        getattr(lr_scheduler, name)(_make(tinytorch, optim, "SGD", {}), **kwargs)
    assert str(actual.value) == str(expected.value)


def test_one_cycle_stepping_past_total_steps_raises_like_torch():
    opt = _make(tinytorch, optim, "SGD", {"momentum": 0.9})
    sched = lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=2)
    opt.step()
    sched.step()
    sched.step()
    with pytest.raises(ValueError, match="Tried to step 3 times. The specified number of total "
                                         "steps is 2"):
        sched.step()


def test_scheduler_rejects_non_optimizer():
    with pytest.raises(TypeError, match="list is not an Optimizer"):
        lr_scheduler.StepLR([], step_size=2)


def test_cyclic_lr_cycle_momentum_needs_momentum_or_betas_like_torch():
    with pytest.raises(ValueError) as expected:
        torch.optim.lr_scheduler.CyclicLR(_make(torch, torch.optim, "Adagrad", {}), 0.1, 1.0)
    with pytest.raises(ValueError) as actual:
        lr_scheduler.CyclicLR(_make(tinytorch, optim, "Adagrad", {}), 0.1, 1.0)
    assert str(actual.value) == str(expected.value) == (
        "optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
    lr_scheduler.CyclicLR(_make(tinytorch, optim, "Adagrad", {}), 0.1, 1.0,
                          cycle_momentum=False)


class _HalvingScale:
    """A callable-object scale_fn: its __dict__ is part of CyclicLR's state_dict."""

    def __init__(self, base):
        self.base = base

    def __call__(self, x):
        return self.base ** x


CYCLIC = {"base_lr": [0.01, 0.02], "max_lr": 0.1, "step_size_up": 3, "step_size_down": 4,
          "mode": "exp_range", "gamma": 0.9}


@pytest.mark.parametrize("opt_name, opt_kwargs", OPTIMIZERS, ids=[o for o, _ in OPTIMIZERS])
def test_cyclic_lr_state_dict_equals_torch(opt_name, opt_kwargs):
    ours_opt = _make(tinytorch, optim, opt_name, opt_kwargs)
    theirs_opt = _make(torch, torch.optim, opt_name, opt_kwargs)
    ours = lr_scheduler.CyclicLR(ours_opt, **CYCLIC)
    theirs = torch.optim.lr_scheduler.CyclicLR(theirs_opt, **CYCLIC)
    _trace(ours_opt, ours, 5)
    _trace(theirs_opt, theirs, 5)
    assert ours.state_dict() == theirs.state_dict()


@pytest.mark.parametrize("opt_name, opt_kwargs", OPTIMIZERS, ids=[o for o, _ in OPTIMIZERS])
def test_cyclic_lr_resumes_exactly_through_save_and_load(opt_name, opt_kwargs, tmp_path):
    kwargs = dict(CYCLIC, mode="triangular", scale_fn=_HalvingScale(0.5),
                  scale_mode="iterations")
    opt = _make(tinytorch, optim, opt_name, opt_kwargs)
    sched = lr_scheduler.CyclicLR(opt, **kwargs)
    _trace(opt, sched, 8)
    tinytorch.save({"optimizer": opt.state_dict(), "scheduler": sched.state_dict()},
                   tmp_path / "ckpt.tt")
    sched._scale_fn_custom.base = 0.25
    expected = _trace(opt, sched, 12)

    checkpoint = tinytorch.load(tmp_path / "ckpt.tt")
    opt2 = _make(tinytorch, optim, opt_name, opt_kwargs)
    sched2 = lr_scheduler.CyclicLR(opt2, **dict(kwargs, scale_fn=_HalvingScale(0.9)))
    opt2.load_state_dict(checkpoint["optimizer"])
    sched2.load_state_dict(checkpoint["scheduler"])
    assert sched2._scale_fn_custom.base == 0.5
    sched2._scale_fn_custom.base = 0.25
    assert _trace(opt2, sched2, 12) == expected


def test_cyclic_lr_does_not_save_a_plain_scale_function():
    opt = _make(tinytorch, optim, "SGD", {"momentum": 0.9})
    sched = lr_scheduler.CyclicLR(opt, 0.01, 0.1, scale_fn=lambda x: 1.0)
    state = sched.state_dict()
    assert state["_scale_fn_custom"] is None
    assert not any(callable(v) for v in state.values())
    sched.load_state_dict(state)
    assert sched.scale_fn(3) == 1.0


@pytest.mark.parametrize("mode", ["triangular", "triangular2", "exp_range"])
def test_cyclic_lr_resumes_from_last_epoch_like_torch(mode):
    kwargs = dict(CYCLIC, mode=mode)

    def resumed(lib, opt_lib, lib_sched):
        opt = _make(lib, opt_lib, "SGD", {"momentum": 0.9})
        lib_sched.CyclicLR(opt, **kwargs)
        return opt, lib_sched.CyclicLR(opt, **kwargs, last_epoch=9)

    ours = _trace(*resumed(tinytorch, optim, lr_scheduler), 10)
    theirs = _trace(*resumed(torch, torch.optim, torch.optim.lr_scheduler), 10)
    assert ours == theirs
