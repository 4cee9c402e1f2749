"""Optimizers with a tensor learning rate (and Adam's tensor betas), against torch.optim: the
same parameters after a few steps, PyTorch's checks and errors (1-element, foreach without
capturable), and the LR schedulers updating the tensor in place."""

import warnings

import pytest

import tinytorch

torch = pytest.importorskip("torch")

OPTIMIZERS = [("SGD", {"momentum": 0.9}), ("SGD", {"nesterov": True, "momentum": 0.5}),
              ("Adam", {}), ("Adam", {"amsgrad": True, "weight_decay": 0.1}), ("AdamW", {}),
              ("RMSprop", {"momentum": 0.5}), ("Adagrad", {}), ("Adadelta", {}),
              ("Adamax", {}), ("NAdam", {}), ("RAdam", {}), ("ASGD", {}), ("Rprop", {}),
              ("Adafactor", {}), ("LBFGS", {})]


def _train(lib, name, kwargs, lr, steps=3):
    p = lib.nn.Parameter(lib.tensor([1.0, -2.0, 0.5], dtype=lib.float64))
    opt = getattr(lib.optim, name)([p], lr=lr, **kwargs)

    def closure():
        opt.zero_grad()
        loss = (p ** 2).sum() + p.prod()
        loss.backward()
        return loss
    for _ in range(steps):
        opt.step(closure)
    return p.detach().tolist()


@pytest.mark.parametrize("name, kwargs", OPTIMIZERS, ids=[f"{n}{k}" for n, k in OPTIMIZERS])
def test_tensor_lr_trains_like_pytorch(name, kwargs):
    ours = _train(tinytorch, name, kwargs, tinytorch.tensor(0.01))
    theirs = _train(torch, name, kwargs, torch.tensor(0.01))
    # PyTorch does part of the arithmetic in the lr tensor's float32: agreement to its rounding
    assert ours == pytest.approx(theirs, rel=1e-6, abs=1e-9)
    assert ours == pytest.approx(_train(tinytorch, name, kwargs, float(torch.tensor(0.01))),
                                 rel=1e-6)


@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_tensor_betas_like_pytorch(name):
    def run(lib):
        betas = (lib.tensor(0.8), lib.tensor([0.99]))
        return _train(lib, name, {"betas": betas}, lib.tensor([0.01]))
    assert run(tinytorch) == pytest.approx(run(torch), rel=1e-6)


def _errors(lib):
    p, out = [lib.nn.Parameter(lib.ones(2))], []
    calls = [lambda name=name: getattr(lib.optim, name)(p, lr=lib.tensor([0.1, 0.2]))
             for name in sorted({name for name, _ in OPTIMIZERS})]
    calls += [lambda: lib.optim.Adam(p, lr=lib.tensor(0.1), foreach=True),
              lambda: lib.optim.AdamW(p, betas=(lib.tensor(0.9), lib.tensor(0.99)),
                                      foreach=True),
              lambda: lib.optim.Adam(p, betas=(lib.tensor(0.9), 0.99)),
              lambda: lib.optim.Adam(p, betas=(lib.tensor(0.9), lib.tensor([0.9, 0.9])))]
    for call in calls:
        with pytest.raises(Exception) as error:
            call()
        out.append((type(error.value).__name__, str(error.value)))
    opt = lib.optim.Adam(p, foreach=True)
    opt.param_groups[0]["lr"] = lib.tensor(0.1)
    p[0].grad = lib.ones(2)
    with pytest.raises(RuntimeError) as step_error:
        opt.step()
    return out + [str(step_error.value)]


def test_errors_like_pytorch():
    assert _errors(tinytorch) == _errors(torch)


def _scheduled(lib, make):
    p = lib.nn.Parameter(lib.ones(3, dtype=lib.float64))
    lr = lib.tensor(0.1)
    opt = lib.optim.SGD([p], lr=lr, momentum=0.9)
    sched = make(lib.optim, opt)
    out = []
    for _ in range(6):
        opt.zero_grad()
        (p ** 2).sum().backward()
        opt.step()
        if isinstance(sched, lib.optim.lr_scheduler.ReduceLROnPlateau):
            sched.step(1.0)
        else:
            sched.step()
        group_lr, last = opt.param_groups[0]["lr"], sched.get_last_lr()[0]
        out.append((round(float(group_lr), 7), group_lr is lr, last is not lr,
                    type(last).__name__, round(float(last), 7)))
    return out, p.detach().tolist()


SCHEDULERS = {
    "StepLR": lambda o, opt: o.lr_scheduler.StepLR(opt, 2, 0.5),
    "MultiStepLR": lambda o, opt: o.lr_scheduler.MultiStepLR(opt, [1, 3], 0.5),
    "ExponentialLR": lambda o, opt: o.lr_scheduler.ExponentialLR(opt, 0.9),
    "LambdaLR": lambda o, opt: o.lr_scheduler.LambdaLR(opt, lambda e: 1 / (e + 1)),
    "MultiplicativeLR": lambda o, opt: o.lr_scheduler.MultiplicativeLR(opt, lambda e: 0.9),
    "ConstantLR": lambda o, opt: o.lr_scheduler.ConstantLR(opt, 0.5, 3),
    "LinearLR": lambda o, opt: o.lr_scheduler.LinearLR(opt, 0.5, 1.0, 3),
    "PolynomialLR": lambda o, opt: o.lr_scheduler.PolynomialLR(opt, 4, 2.0),
    "CosineAnnealingLR": lambda o, opt: o.lr_scheduler.CosineAnnealingLR(opt, 4),
    "CosineAnnealingWarmRestarts":
        lambda o, opt: o.lr_scheduler.CosineAnnealingWarmRestarts(opt, 2),
    "CyclicLR": lambda o, opt: o.lr_scheduler.CyclicLR(opt, 0.01, 0.1, 2),
    "OneCycleLR": lambda o, opt: o.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=10),
    "ReduceLROnPlateau": lambda o, opt: o.lr_scheduler.ReduceLROnPlateau(opt, patience=0),
    "SequentialLR": lambda o, opt: o.lr_scheduler.SequentialLR(
        opt, [o.lr_scheduler.ConstantLR(opt, 0.5, 2), o.lr_scheduler.ExponentialLR(opt, 0.9)],
        [2]),
    "ChainedScheduler": lambda o, opt: o.lr_scheduler.ChainedScheduler(
        [o.lr_scheduler.ConstantLR(opt, 0.5, 2), o.lr_scheduler.ExponentialLR(opt, 0.9)]),
    "SWALR": lambda o, opt: o.swa_utils.SWALR(opt, 0.05, 3),
}


@pytest.mark.parametrize("name", SCHEDULERS)
def test_scheduler_updates_tensor_lr_in_place(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's scheduler-order warnings, alike in both
        (ours, ours_p), (theirs, theirs_p) = (_scheduled(lib, SCHEDULERS[name])
                                              for lib in (tinytorch, torch))
    assert ours == theirs
    assert ours_p == pytest.approx(theirs_p, rel=1e-9)
