"""Random-configuration sweep of torch.optim.lr_scheduler (and swa_utils.SWALR) against
tinytorch (seeded, so derandomized): per scheduler, random valid (and now and then degenerate or
invalid) options on an optimizer of one to three parameter groups (SGD with and without
momentum, Adam, AdamW, NAdam, RMSprop, Adagrad; float, int or tensor lrs), nested SequentialLR
and ChainedScheduler, two schedulers on one optimizer, resumption with ``last_epoch``, then
random actions: ``step()``, ``step(epoch)``, ``step(metric)`` (NaN, inf, repeated, tensor), a
scheduler step before any optimizer step or after ``optimizer.step`` was replaced, ``get_lr()``
outside step, ``add_param_group``, deep copies, state-dict reloads (tinytorch's own or PyTorch's
converted, into the same or into fresh schedulers). After every action the warnings (category
and text), the exception (type and text), every group's scheduled hyperparameters (keys in
order), ``get_last_lr()``, ``last_epoch`` and the whole ``state_dict()`` (keys in order, values
at rtol 1e-12, number types exact) are compared. Then one regression test per discrepancy the
sweep found, and the pins of two deliberate differences."""

import copy
import pickle
import types
import warnings
from collections import Counter

import numpy as np
import pytest

import tinytorch
from tests.optim._helpers import both

torch = pytest.importorskip("torch")

SCHEDULERS = ["StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR",
              "PolynomialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR",
              "OneCycleLR", "ReduceLROnPlateau", "LambdaLR", "MultiplicativeLR", "SequentialLR",
              "ChainedScheduler", "SWALR"]
# the groups' keys a scheduler reads or writes
GROUP_KEYS = ["lr", "momentum", "betas", "initial_lr", "max_lr", "min_lr", "max_momentum",
              "base_momentum", "swa_lr"]
RTOL = 1e-12  # the probe behind this sweep found every value bit for bit equal (rtol 0)
_SIMPLE = SCHEDULERS[:8] + ["LambdaLR", "MultiplicativeLR", "SWALR", "CyclicLR", "OneCycleLR"]


class Decay:
    """A stateful lr_lambda / scale_fn object: its ``__dict__`` is saved in the state dict."""

    def __init__(self, gamma):
        self.gamma = gamma
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return self.gamma ** x


FUNCTIONS = {"pow": lambda g: lambda x: g ** x, "const": lambda g: lambda x: g,
             "warm": lambda g: lambda x: min(1.0, (x + 1) * g),
             "tri2": lambda g: lambda x: 1 / (2.0 ** (x - 1)), "obj": Decay}


class _Random:
    def __init__(self, rng):
        self.rng = rng

    def pick(self, *xs):
        return xs[self.rng.integers(len(xs))]

    def u(self, a, b):
        return float(self.rng.uniform(a, b))

    def i(self, a, b):
        return int(self.rng.integers(a, b + 1))

    def p(self, prob):
        return bool(self.rng.random() < prob)

    def per_group(self, n, draw):
        """One value for all groups, or (a third of the time) a list of one per group."""
        return [draw() for _ in range(n)] if self.p(0.33) else draw()


def _function(r, kind):
    name = r.pick(*{"lambda": ("pow", "obj", "warm"), "mult": ("const", "pow", "obj"),
                    "scale": ("tri2", "pow", "obj")}[kind])
    return ("fn", name, r.pick(r.u(0.5, 1.0), 0.9, 1.0) if name != "warm" else r.u(0.05, 1))


def _kwargs(name, r, n):
    """Random keyword options of scheduler ``name`` for an optimizer of ``n`` groups."""
    lrs = lambda a, b: r.per_group(n, lambda: r.u(a, b))  # noqa: E731
    return {
        "StepLR": lambda: {"step_size": r.i(1, 5), "gamma": r.pick(0.1, r.u(0, 1), 1.0)},
        "MultiStepLR": lambda: {"milestones": [r.i(0, 10) for _ in range(r.i(0, 4))],
                                "gamma": r.pick(0.1, r.u(0, 1))},
        "ConstantLR": lambda: {"factor": r.pick(1 / 3, r.u(0.01, 1), 1.0),
                               "total_iters": r.i(0, 7)},
        "LinearLR": lambda: {"start_factor": r.pick(1 / 3, r.u(0.01, 1), 1.0),
                             "end_factor": r.pick(1.0, r.u(0, 1), 0.0),
                             "total_iters": r.i(1, 7)},
        "ExponentialLR": lambda: {"gamma": r.pick(0.9, r.u(0.5, 1), 1.0)},
        "PolynomialLR": lambda: {"total_iters": r.i(1, 8), "power": r.pick(1.0, r.u(0.1, 3))},
        "CosineAnnealingLR": lambda: {"T_max": r.i(1, 7), "eta_min": r.pick(0.0, r.u(0, 1e-2))},
        "CosineAnnealingWarmRestarts": lambda: {"T_0": r.i(1, 5), "T_mult": r.pick(1, 2, 3),
                                                "eta_min": r.pick(0.0, r.u(0, 1e-2), 0)},
        "CyclicLR": lambda: {
            "base_lr": lrs(1e-4, 1e-2), "max_lr": lrs(1e-2, 1), "step_size_up": r.i(1, 5),
            "step_size_down": r.pick(None, r.i(1, 5)),
            "mode": r.pick("triangular", "triangular2", "exp_range"),
            "gamma": r.pick(1.0, r.u(0.8, 1)),
            "scale_fn": r.pick(None, None, _function(r, "scale")),
            "scale_mode": r.pick("cycle", "iterations"), "cycle_momentum": r.p(0.6),
            "base_momentum": r.per_group(n, lambda: r.pick(0.8, r.u(0.5, 0.85))),
            "max_momentum": r.per_group(n, lambda: r.pick(0.9, r.u(0.85, 0.99)))},
        "OneCycleLR": lambda: {
            "max_lr": lrs(1e-2, 1),
            **({"total_steps": r.i(1, 12)} if r.p(0.6) else
               {"epochs": r.i(1, 4), "steps_per_epoch": r.i(1, 4)}),
            "pct_start": r.pick(0.3, r.u(0.05, 0.95), 0.5), "anneal_strategy": r.pick("cos",
                                                                                      "linear"),
            "cycle_momentum": r.p(0.6),
            "base_momentum": r.per_group(n, lambda: r.pick(0.85, r.u(0.5, 0.85))),
            "max_momentum": r.per_group(n, lambda: r.pick(0.95, r.u(0.85, 0.99))),
            "div_factor": r.pick(25.0, r.u(1, 100)), "final_div_factor": r.pick(1e4, r.u(1, 1e5)),
            "three_phase": r.p(0.3)},
        "ReduceLROnPlateau": lambda: {
            "mode": r.pick("min", "max"), "factor": r.pick(0.1, r.u(0, 0.99)),
            "patience": r.i(0, 4), "threshold": r.pick(1e-4, r.u(0, 0.1), 0.0),
            "threshold_mode": r.pick("rel", "abs"), "cooldown": r.i(0, 3),
            "min_lr": r.per_group(n, lambda: r.pick(0, r.u(0, 1e-3))),
            "eps": r.pick(1e-8, r.u(0, 1e-3))},
        "LambdaLR": lambda: {"lr_lambda": r.per_group(n, lambda: _function(r, "lambda"))},
        "MultiplicativeLR": lambda: {"lr_lambda": r.per_group(n, lambda: _function(r, "mult"))},
        "SWALR": lambda: {"swa_lr": lrs(1e-3, 0.5), "anneal_epochs": r.pick(0, r.i(1, 6), 10),
                          "anneal_strategy": r.pick("cos", "linear")},
    }[name]()


# Arguments PyTorch rejects (or a list of the wrong length), and degenerate ones (zero
# periods) on which it divides by zero: the errors must match.
BAD = {"ConstantLR": [{"factor": 1.5}, {"factor": 0.0}],
       "LinearLR": [{"start_factor": 0.0}, {"total_iters": 0}, {"end_factor": 1.5}],
       "CosineAnnealingWarmRestarts": [{"T_0": 1.5}, {"T_mult": 0}, {"eta_min": "0"}],
       "CyclicLR": [{"mode": "up", "scale_fn": None}, {"base_lr": []}],
       "OneCycleLR": [{"pct_start": 1}, {"pct_start": 0.0}, {"anneal_strategy": "exp"},
                      {"total_steps": 0}, {"total_steps": None, "epochs": None},
                      {"total_steps": None, "epochs": 0, "steps_per_epoch": 2},
                      {"total_steps": None, "epochs": 2, "steps_per_epoch": 1.5}],
       "ReduceLROnPlateau": [{"factor": 1.0}, {"mode": "up"}, {"min_lr": []},
                             {"threshold_mode": "up"}],
       "SWALR": [{"anneal_epochs": -1}, {"swa_lr": []}], "StepLR": [{"step_size": 0}],
       "LambdaLR": [{"lr_lambda": []}], "PolynomialLR": [{"total_iters": 0}],
       "CosineAnnealingLR": [{"T_max": 0}], "MultiplicativeLR": [{"lr_lambda": [None]}]}
# the options that are learning rates, which may be tensors
LR_OPTIONS = ("base_lr", "max_lr", "swa_lr", "min_lr")


def _spec(name, r, n, tensors, depth=0):
    """A scheduler description: (name, kwargs), with inner specs for the composites."""
    if name in ("SequentialLR", "ChainedScheduler"):
        kinds = _SIMPLE + (["SequentialLR", "ChainedScheduler"] if depth == 0 else [])
        if r.p(0.03):
            kinds = ["ReduceLROnPlateau"]
        inner = [_spec(r.pick(*kinds), r, n, tensors, depth + 1) for _ in range(r.i(1, 3))]
        if r.p(0.03):
            inner = []
        if name == "ChainedScheduler":
            return name, {"schedulers": inner, "optimizer": r.pick(False, True, True, "other")}
        count = len(inner) - 1 + (r.p(0.03) and r.pick(-1, 1))
        return name, {"schedulers": inner, "milestones": sorted(r.i(0, 8) for _ in range(count))}
    kwargs = _kwargs(name, r, n)
    if r.p(0.05) and name in BAD:
        kwargs.update(r.pick(*BAD[name]))
    if tensors and r.p(0.5):
        kwargs.update({k: ("tensor", v) for k, v in kwargs.items()
                       if k in LR_OPTIONS and isinstance(v, float)})
    return name, kwargs


def make_config(name, seed):
    """One seeded configuration: the optimizer, the scheduler specs, resumption, actions."""
    r = _Random(np.random.default_rng([SCHEDULERS.index(name), seed]))
    n = r.i(1, 3)
    opt = r.pick(("SGD", {"momentum": 0.0}), ("SGD", {"momentum": 0.9}), ("Adam", {}),
                 ("SGD", {"momentum": 0.5, "nesterov": True}), ("AdamW", {}), ("NAdam", {}),
                 ("RMSprop", {"momentum": 0.3}), ("Adagrad", {}))
    lrs = [r.pick(0.1, r.u(1e-3, 1), r.u(1e-3, 1), 1, 0.0) for _ in range(n)]
    tensor_lr = r.p(0.2)
    specs = [_spec(name, r, n, tensor_lr)]
    if r.p(0.1) and name != "ReduceLROnPlateau":
        specs.append(_spec(r.pick(*_SIMPLE), r, n, tensor_lr))
    resume = (r.i(0, 6), r.p(0.8)) if r.p(0.12) else None
    composite = name in ("SequentialLR", "ChainedScheduler")
    kinds = ["save", "load", "load", "fresh", "deepcopy"]
    kinds += ["get_lr"] * (not composite and r.p(0.3)) + ["add_group"] * r.p(0.1)
    if name == "ReduceLROnPlateau":
        kinds += ["metric"] * 12
    else:
        kinds += ["step"] * 8 + ["epoch"] * (1 if composite else 3)
        kinds += ["epoch"] * 6 * (name == "CosineAnnealingWarmRestarts")
    first = "metric" if name == "ReduceLROnPlateau" else r.pick("first", "override", *["step"] * 8)
    actions = [_action(r, kind, name) for kind in [first] + [r.pick(*kinds)
                                                             for _ in range(r.i(2, 25))]]
    return {"opt": opt, "lrs": lrs, "tensor_lr": tensor_lr, "specs": specs, "resume": resume,
            "actions": actions}


def _action(r, kind, name):
    if kind == "epoch":
        fraction = r.u(0, 1) if name == "CosineAnnealingWarmRestarts" and r.p(0.5) else 0
        return ("epoch", r.i(-1 if r.p(0.05) else 0, 12) + fraction)
    if kind == "metric":
        value = r.pick(r.u(-1, 1), None, None, np.nan, np.inf, -np.inf, r.u(-1, 1) * 1e-6)
        return ("metric", value, r.p(0.1), r.p(0.05))  # value (None: repeat), tensor, epoch
    if kind in ("load", "fresh"):
        return (kind, r.p(0.5))  # True: PyTorch's saved state dict
    return (kind,)


def _materialize(lib, value):
    if isinstance(value, tuple) and value[:1] == ("fn",):
        return FUNCTIONS[value[1]](value[2])
    if isinstance(value, tuple) and value[:1] == ("tensor",):
        return lib.tensor(value[1])
    if isinstance(value, list):
        return [_materialize(lib, v) for v in value]
    return value


def _build(lib, opt, spec, last_epoch=None):
    name, kwargs = spec
    S = lib.optim.lr_scheduler
    if name in ("SequentialLR", "ChainedScheduler"):
        inner = [_build(lib, opt, s) for s in kwargs["schedulers"]]
        if name == "SequentialLR":
            extra = {} if last_epoch is None else {"last_epoch": last_epoch}
            return S.SequentialLR(opt, inner, kwargs["milestones"], **extra)
        other = kwargs["optimizer"] == "other" and lib.optim.SGD(opt.param_groups[0]["params"])
        return S.ChainedScheduler(inner, optimizer=other or (opt if kwargs["optimizer"] else None))
    cls = lib.optim.swa_utils.SWALR if name == "SWALR" else getattr(S, name)
    extra = {} if last_epoch is None else {"last_epoch": last_epoch}
    return cls(opt, **{k: _materialize(lib, v) for k, v in kwargs.items()}, **extra)


def snapshot(value):
    """A value with its tensors as ("tensor", dtype name, list), its Counters and callables
    marked, so that the two libraries' states compare (and convert) as plain data."""
    if hasattr(value, "detach"):
        return ("tensor", str(value.dtype).split(".")[-1], value.detach().tolist())
    if isinstance(value, Counter):
        return ("Counter", sorted(value.items()))
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(snapshot(v) for v in value)
    if callable(value):
        return ("callable", getattr(value, "__name__", type(value).__name__))
    return value


def restore(lib, value):
    """The inverse of :func:`snapshot`, in library ``lib``."""
    if isinstance(value, tuple) and value[:1] == ("tensor",):
        return lib.tensor(value[2], dtype=getattr(lib, value[1]))
    if isinstance(value, tuple) and value[:1] == ("Counter",):
        return Counter(dict(value[1]))
    if isinstance(value, dict):
        return {k: restore(lib, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(restore(lib, v) for v in value)
    return value


class _Run:
    """One configuration in one library: its actions, and the trace of what they did."""

    def __init__(self, lib, config, loads):
        self.lib, self.config, self.loads = lib, config, loads
        self.trace, self.saved, self.scheds = [], [], []
        self.params = [lib.zeros(2, requires_grad=True) for _ in config["lrs"]]
        for p in self.params:
            p.grad = lib.ones(2)
        name, kwargs = config["opt"]
        lrs = [lib.tensor(lr) if config["tensor_lr"] else lr for lr in config["lrs"]]
        self.opt = getattr(lib.optim, name)(
            [{"params": [p], "lr": lr} for p, lr in zip(self.params, lrs)], **kwargs)

    def build(self):
        specs, resume = self.config["specs"], self.config["resume"]
        last_epoch = None
        if resume is not None:
            last_epoch, warm = resume
            if warm:
                _build(self.lib, self.opt, specs[0])
        self.scheds = [_build(self.lib, self.opt, specs[0], last_epoch)]
        self.scheds += [_build(self.lib, self.opt, s) for s in specs[1:]]

    def act(self, action):
        kind = action[0]
        if kind == "override":  # the optimizer's step replaced after the scheduler wrapped it
            # (by a bound method: on a plain function PyTorch's next scheduler fails; see
            # test_scheduler_wraps_a_replaced_step_function_where_torch_fails)
            self.opt.step = types.MethodType(lambda opt, *args: type(opt).step(opt, *args),
                                             self.opt)
        if kind in ("step", "epoch", "metric", "override"):
            self.opt.step()
        if kind == "add_group":
            p = self.lib.ones(1, requires_grad=True)
            p.grad = self.lib.ones(1)
            self.opt.add_param_group({"params": [p], "lr": 0.05})
        for s in self.scheds:
            if kind in ("step", "first", "override"):
                s.step()
            elif kind == "epoch":
                s.step(action[1] if action[1] % 1 else int(action[1]))
            elif kind == "metric":
                self._metric(s, *action[1:])
            elif kind == "get_lr":
                self.trace.append(("get_lr", snapshot(s.get_lr())))
        if kind == "save" or (kind in ("load", "fresh") and not self.saved):
            self.saved.append([snapshot(s.state_dict()) for s in self.scheds])
        if kind == "deepcopy":
            self.opt, self.scheds = copy.deepcopy((self.opt, self.scheds))
        if kind == "fresh":  # resuming: new schedulers on the optimizer, then their states
            self.scheds = [_build(self.lib, self.opt, spec) for spec in self.config["specs"]]
        if kind in ("load", "fresh"):
            source = self.loads if action[1] and self.loads else self.saved
            for s, state in zip(self.scheds, source[len(self.saved) - 1]):
                s.load_state_dict(restore(self.lib, state))

    def _metric(self, sched, value, as_tensor, epoch):
        if value is None:
            value = float(sched.best) if np.isfinite(sched.best) else 0.5
        metric = self.lib.tensor(value, dtype=self.lib.float64) if as_tensor else value
        if epoch:
            sched.step(metric, sched.last_epoch + 2)
        else:
            sched.step(metric)

    def observe(self):
        groups = [{k: snapshot(v) for k, v in g.items() if k in GROUP_KEYS}
                  for g in self.opt.param_groups]
        return groups, [(snapshot(s.get_last_lr()), getattr(s, "last_epoch", None),
                         snapshot(s.state_dict()))
                        for s in self.scheds]

    def record(self, label, fn, *args):
        """Run ``fn``; trace its warnings, its exception and the state after it. Returns
        whether it completed."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            error = _error(fn, *args)
            observed = _error(self.observe) or self.observe()
        self.trace.append((label, [(w.category.__name__, str(w.message)) for w in caught]))
        self.trace.append((label, (error, observed)))
        return error is None


def _error(fn, *args):
    """The (type name, message) of what ``fn(*args)`` raises, or None."""
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 (compared with PyTorch's)
        return type(e).__name__, str(e)
    return None


def run(lib, config, loads=None):
    """The trace of ``config`` in ``lib`` and the state dicts it saved. With ``loads``
    (PyTorch's saved state dicts), a reload marked so loads PyTorch's instead of its own."""
    state = _Run(lib, config, loads)
    if state.record("build", state.build):  # then the actions, even after one raises
        for i, action in enumerate(config["actions"]):
            state.record(f"{i}:{action[0]}", state.act, action)
    return state.trace, state.saved


def assert_same(ours, theirs, where):
    """Equal structure, keys in order, number types exact, floats at rtol 1e-12."""
    assert type(ours) is type(theirs), f"{where}: {ours!r} vs torch {theirs!r}"
    if isinstance(theirs, dict):
        assert list(ours) == list(theirs), f"{where}: keys {list(ours)} vs torch {list(theirs)}"
        for key in theirs:
            assert_same(ours[key], theirs[key], f"{where}[{key!r}]")
    elif isinstance(theirs, (list, tuple)):
        assert len(ours) == len(theirs), f"{where}: {ours!r} vs torch {theirs!r}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(theirs, float) and np.isnan(theirs):
        assert np.isnan(ours), f"{where}: {ours!r} vs torch nan"
    elif isinstance(theirs, float) and ours != theirs:
        np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=0, err_msg=where)
    else:
        assert ours == theirs, f"{where}: {ours!r} vs torch {theirs!r}"


def check(name, seed):
    """Run configuration ``seed`` of ``name`` in both libraries and compare the traces."""
    config = make_config(name, seed)
    theirs, saved = run(torch, copy.deepcopy(config))
    ours, _ = run(tinytorch, config, loads=saved)
    labels = [label for label, _ in ours], [label for label, _ in theirs]
    for i, ((label, a), (_, b)) in enumerate(zip(ours, theirs)):
        assert_same(a, b, f"{name} seed {seed} event {i} {label}")
    assert labels[0] == labels[1], f"{name} seed {seed}"


@pytest.mark.parametrize("name", SCHEDULERS)
def test_scheduler_random_configurations_match_torch(name):
    for seed in range(25):
        check(name, seed)


@pytest.mark.slow
@pytest.mark.parametrize("name", SCHEDULERS)
def test_scheduler_random_configurations_match_torch_broad(name):
    for seed in range(25, 200):
        check(name, seed)



@pytest.mark.parametrize("name, kwargs", [("CyclicLR", {"base_lr": 0.1, "max_lr": 1.0}),
                                          ("LambdaLR", {"lr_lambda": lambda e: 0.5}),
                                          ("CosineAnnealingWarmRestarts", {"T_0": 2})])
def test_scheduler_step_after_a_new_param_group_raises_like_torch(name, kwargs):
    def step_with_extra_group(lib):
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=1.0)
        sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
        opt.add_param_group({"params": [lib.zeros(1, requires_grad=True)], "lr": 0.3})
        opt.step()
        with pytest.raises(ValueError) as info:
            sched.step()
        return str(info.value), [group["lr"] for group in opt.param_groups]

    ours, theirs = both(step_with_extra_group)
    assert ours == theirs  # was no error, the new group's lr left unscheduled


def test_scheduler_wraps_a_replaced_step_function_where_torch_fails():
    # Deliberately not PyTorch's: its wrapper reads step.__func__, which a plain function
    # lacks; tinytorch wraps any callable (see NOTE [Scheduler before optimizer]).
    def schedule(lib):
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=1.0)
        step = opt.step
        opt.step = lambda *args: step(*args)
        sched = lib.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
        opt.step()
        sched.step()
        return sched.get_last_lr()

    assert schedule(tinytorch) == [0.5]
    with pytest.raises(AttributeError, match="__func__"):
        schedule(torch)


def test_cyclic_lr_load_state_dict_leaves_the_dict_whole_where_torch_pops():
    # Deliberately not PyTorch's: its CyclicLR.load_state_dict pops '_scale_fn_custom' from
    # the caller's dict, so loading the same dict twice raises KeyError there.
    def load_twice(lib):
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
        sched = lib.optim.lr_scheduler.CyclicLR(opt, 0.1, 1.0, step_size_up=2)
        state = sched.state_dict()
        sched.load_state_dict(state)
        sched.load_state_dict(state)
        return list(state)

    assert load_twice(tinytorch)[-1] == "_scale_fn_custom"
    with pytest.raises(KeyError, match="_scale_fn_custom"):
        load_twice(torch)


@pytest.mark.parametrize("name, kwargs", [("StepLR", {"step_size": 1}),
                                          ("OneCycleLR", {"max_lr": 1.0, "total_steps": 4})])
def test_scheduler_and_its_optimizer_pickle_like_torch(name, kwargs):
    def pickled(lib):
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
        sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
        opt.step()
        sched.step()
        copy = pickle.loads(pickle.dumps(sched))  # was PicklingError: the wrapped step
        copy.optimizer.step()
        copy.step()
        return copy.get_last_lr(), sorted(k for k in vars(copy.optimizer) if k[0] != "_")

    ours, theirs = both(pickled)
    assert ours == theirs
