"""Module hooks against PyTorch: full backward hooks and pre hooks (their order, grad_input
and grad_output, replaced gradients, modules of several inputs and outputs, no input that
requires grad, errors), forward hooks with always_call, the global module hooks, prepend and
removal. Each case runs the same code on both libraries and compares what the hooks saw."""

import warnings

import numpy as np
import pytest

import tinytorch as tt

torch = pytest.importorskip("torch")


def _arr(g):
    return None if g is None else np.round(g.detach().numpy(), 5).tolist()


def _arrs(grads):
    return [_arr(g) for g in grads]


def _two(nn):
    class Two(nn.Module):  # tensor, number, tensor and keyword arguments; two outputs
        def forward(self, a, k, b, scale=1.0):
            return a * b * k * scale, (a + b).sum(-1)
    return Two()


def _linear(L):
    m = L.nn.Linear(3, 2)
    with L.no_grad():
        m.weight.copy_(L.arange(6.0).reshape(2, 3))
    return m


def _replace_grad_input(L, log):
    m = _linear(L)
    m.register_full_backward_hook(lambda mod, gi, go: (gi[0] * 10,))
    x = L.ones(2, 3, requires_grad=True)
    m(x).sum().backward()
    log += [_arr(x.grad), _arr(m.weight.grad)]


def _replace_grad_output(L, log):
    m = _linear(L)
    m.register_full_backward_pre_hook(lambda mod, go: (go[0] * 3,))
    x = L.ones(2, 3, requires_grad=True)
    m(x).sum().backward()
    log += [_arr(x.grad), _arr(m.weight.grad)]


def _several_arguments(L, log):
    m = _two(L.nn)
    m.register_full_backward_hook(lambda mod, gi, go: log.append(("h", _arrs(gi), _arrs(go))))
    m.register_full_backward_pre_hook(lambda mod, go: log.append(("p", _arrs(go))))
    a = L.ones(2, requires_grad=True)
    m(a, 3, L.full((2,), 2.0), scale=2.0)[0].sum().backward()
    log.append(_arr(a.grad))


def _several_outputs(L, log):
    m = _two(L.nn)
    m.register_full_backward_hook(lambda mod, gi, go: log.append(("h", _arrs(gi), _arrs(go))))
    a, b = L.ones(2, requires_grad=True), L.full((2,), 2.0, requires_grad=True)
    out = m(a, 3, b)
    (out[0].sum() + out[1] * 2).backward()
    log.append((_arr(a.grad), _arr(b.grad)))


def _no_input_requires_grad(L, log):
    m = L.nn.Linear(3, 2)
    m.register_full_backward_hook(lambda mod, gi, go: log.append(("h", gi, _arrs(go))))
    m(L.ones(1, 3)).sum().backward()


def _raises(L, log, hook, pre=False, input_grad=True):
    m = L.nn.Linear(3, 2)
    (m.register_full_backward_pre_hook if pre else m.register_full_backward_hook)(hook)
    try:
        m(L.ones(1, 3, requires_grad=input_grad)).sum().backward()
    except RuntimeError as e:
        log.append(str(e))


def _always_call(L, log):
    class Fails(L.nn.Module):
        def forward(self, x):
            raise ValueError("boom")
    m = Fails()
    m.register_forward_hook(lambda mod, a, out: log.append(("always", out)), always_call=True)
    m.register_forward_hook(lambda mod, a, out: log.append(("not", out)))
    try:
        m(L.ones(1))
    except ValueError as e:
        log.append(str(e))


def _global_hooks(L, log):
    module = __import__(L.__name__ + ".nn.modules.module", fromlist=["module"])
    handles = [
        module.register_module_forward_pre_hook(
            lambda mod, a: log.append(("gpre", type(mod).__name__))),
        module.register_module_forward_hook(
            lambda mod, a, o: log.append(("gfwd", type(mod).__name__))),
        module.register_module_full_backward_hook(
            lambda mod, gi, go: log.append(("gbwd", type(mod).__name__))),
        module.register_module_full_backward_pre_hook(
            lambda mod, go: log.append(("gbpre", type(mod).__name__)))]
    m = L.nn.Sequential(L.nn.Linear(2, 2), L.nn.ReLU())
    m[0].register_forward_hook(lambda mod, a, o: log.append(("own", 0)))
    m(L.ones(1, 2, requires_grad=True)).sum().backward()
    for handle in handles:
        handle.remove()
    m(L.ones(1, 2, requires_grad=True)).sum().backward()


def _prepend_and_remove(L, log):
    m = L.nn.Identity()
    m.register_full_backward_hook(lambda mod, gi, go: log.append(1))
    handle = m.register_full_backward_hook(lambda mod, gi, go: log.append(2), prepend=True)
    m(L.ones(1, requires_grad=True)).sum().backward()
    handle.remove()
    m(L.ones(1, requires_grad=True)).sum().backward()


def _node_names(L, log):
    m = L.nn.Linear(2, 2)
    m.register_full_backward_hook(lambda *a: None)
    y = m(L.ones(1, 2, requires_grad=True))
    log += [y.grad_fn.name(), y.grad_fn.next_functions[0][0].name()]


def _under_no_grad(L, log):
    m = L.nn.Linear(2, 2)
    m.register_full_backward_hook(lambda *a: log.append("called"))
    with L.no_grad():
        log.append(m(L.ones(1, 2, requires_grad=True)).requires_grad)


def _dict_output(L, log):
    class Dict(L.nn.Module):
        def forward(self, x):
            return {"y": x * 2}
    m = Dict()
    m.register_full_backward_hook(lambda *a: log.append("called"))
    log.append(type(m(L.ones(1, requires_grad=True))).__name__)


CASES = {
    "replace grad_input": _replace_grad_input,
    "replace grad_output": _replace_grad_output,
    "several arguments": _several_arguments,
    "several outputs": _several_outputs,
    "no input requires grad": _no_input_requires_grad,
    "grad_input of another length": lambda L, log: _raises(L, log, lambda m, gi, go: gi * 2),
    "grad_output of another length": lambda L, log: _raises(L, log, lambda m, go: (), True),
    "a gradient where no input requires grad": lambda L, log: _raises(
        L, log, lambda m, gi, go: (L.ones(1),), input_grad=False),
    "always_call": _always_call,
    "global hooks": _global_hooks,
    "prepend and remove": _prepend_and_remove,
    "node names": _node_names,
    "under no_grad": _under_no_grad,
    "a dict output": _dict_output,
}


def _run(L, case):
    L.manual_seed(0)
    log = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CASES[case](L, log)
    return log + [str(w.message).split(" (Triggered")[0] for w in caught]


@pytest.mark.parametrize("case", CASES)
def test_hooks_see_what_pytorchs_see(case):
    assert _run(tt, case) == _run(torch, case)


def _sequence(L):
    """Every hook of a nested Sequential, in the order they ran, over three backward passes
    (an input that requires grad, one that does not, and post-accumulate-grad hooks)."""
    L.manual_seed(0)
    nn = L.nn
    log = []
    m = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Sequential(nn.Linear(4, 2), nn.Tanh()))

    def shapes(grads):
        return [None if g is None else tuple(g.shape) for g in grads]
    for name, mod in m.named_modules():
        mod.register_forward_pre_hook(
            lambda mod, args, n=name: log.append(("pre", n, shapes(args))))
        mod.register_forward_hook(lambda mod, args, out, n=name: log.append(("fwd", n)))
        mod.register_full_backward_pre_hook(
            lambda mod, go, n=name: log.append(("bpre", n, shapes(go))))
        mod.register_full_backward_hook(
            lambda mod, gi, go, n=name: log.append(("bwd", n, shapes(gi), shapes(go))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the hooks of the first layer fire at its outputs
        m(L.ones(5, 3, requires_grad=True)).sum().backward()
        m(L.ones(5, 3)).sum().backward()
    return log


def test_a_networks_hooks_run_in_pytorchs_order():
    assert _sequence(tt) == _sequence(torch)
