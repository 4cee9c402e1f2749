"""NOTE [Gradient ownership] in the engine, case by case: every way a gradient array can reach
two places, checked against PyTorch (float64) through a first backward, a second one that
accumulates into the existing ``.grad`` in place, and in-place changes to the results."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _leaves(lib, device, values):
    kw = {"device": device} if lib is tinytorch else {}
    return [lib.tensor(v, dtype=lib.float64, requires_grad=True, **kw) for v in values]


def _np(t):
    return None if t is None else t.detach().cpu().numpy()


class _PassThrough:
    """A custom Function returning its incoming gradient unchanged, in either library."""

    @staticmethod
    def make(lib):
        class PassThrough(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 1.0

            @staticmethod
            def backward(ctx, grad_output):
                return grad_output

        class Twice(lib.autograd.Function):  # one gradient object for two inputs
            @staticmethod
            def forward(ctx, x, y):
                return x + y

            @staticmethod
            def backward(ctx, grad_output):
                return grad_output, grad_output

        return PassThrough, Twice


def _m(a, b):
    return a.mean(0, keepdim=True)


# Each program takes (lib, a, b) with a, b of shape (1, 2) and returns a scalar loss.
PROGRAMS = {
    "issue_snippet": lambda T, a, b: (_m(a, b).sum() + b.cumsum(-1).sum()
                                      + (b + _m(a, b)).sum()),
    "add_twice_then_in_place": lambda T, a, b: (a + b).sum() + (b * 3).sum() + a.sum(),
    "sub_neg": lambda T, a, b: (a - b).sum() + (-b).sum() + (b * b).sum() + (-(a - b)).sum(),
    "views_of_grad": lambda T, a, b: ((a + b).reshape(2).sum() + (a + b).view(2, 1).sum()
                                      + a.expand(3, 2).sum() + b.squeeze(0).unsqueeze(1).sum()
                                      + b.t().sum() + (a * b).sum()),
    "size1_mean": lambda T, a, b: (a.mean(0) + b.mean(0, keepdim=True)).sum() + (b * a).sum(),
    "contiguous_clone_cast": lambda T, a, b: ((a + b).contiguous().sum()
                                              + (a + b).clone().sum()
                                              + (a + b).to(T.float64).sum()
                                              + (b * 2).double().sum() + (a * b).sum()),
    "used_many_times": lambda T, a, b: (a + a + a * a + a).sum() + (a * b + b + b).sum(),
    "same_tensor_both_inputs": lambda T, a, b: (a + a).sum() + (a * a).sum() + (b - b).sum(),
    "broadcast_add": lambda T, a, b: (a.reshape(2, 1) + b).sum() + (b * 2).sum(),
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_leaf_gradients_match_torch_across_two_accumulating_backwards(name, device):
    program = PROGRAMS[name]
    values = [[[1.0, 2.0]], [[3.0, 4.0]]]
    ours = _leaves(tinytorch, device, values)
    theirs = _leaves(torch, "cpu", values)
    for _ in range(2):  # the second backward adds into each .grad in place
        program(tinytorch, *ours).backward()
        program(torch, *theirs).backward()
        for x, y in zip(ours, theirs):
            np.testing.assert_allclose(_np(x.grad), _np(y.grad), rtol=1e-12)


def test_issue_snippet_gives_pytorchs_gradient():
    a = tinytorch.tensor([[1.0, 2.0]], requires_grad=True)
    b = tinytorch.tensor([[3.0, 4.0]], requires_grad=True)
    m = a.mean(0, keepdim=True)
    loss = m.sum() + b.cumsum(-1).sum() + (b + m).sum()
    loss.backward()
    np.testing.assert_array_equal(a.grad.numpy(), [[2.0, 2.0]])
    np.testing.assert_array_equal(b.grad.numpy(), [[3.0, 2.0]])


def test_leaf_grads_from_one_array_are_separate(device):
    a, b = _leaves(tinytorch, device, [[1.0], [2.0]])
    (a + b).sum().backward()
    with tinytorch.no_grad():
        a.grad.add_(100.0)
    assert _np(b.grad).tolist() == [1.0]


def test_custom_function_returning_its_gradient(device):
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        PassThrough, Twice = _PassThrough.make(lib)
        a, b = _leaves(lib, dev, [[1.0, 2.0], [3.0, 4.0]])
        for _ in range(2):
            h = PassThrough.apply(a)
            loss = (Twice.apply(h, b) * 2).sum() + (b * b).sum() + h.sum()
            loss.backward()
        if lib is tinytorch:
            ours = (_np(a.grad), _np(b.grad))
        else:
            np.testing.assert_allclose(ours[0], _np(a.grad))
            np.testing.assert_allclose(ours[1], _np(b.grad))


def test_hook_returning_its_input_and_hook_keeping_it(device):
    kept = {}
    results = {}
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        a, b = _leaves(lib, dev, [[1.0, 2.0], [3.0, 4.0]])
        h = a + b
        h.register_hook(lambda g: g)
        a.register_hook(lambda g, lib=lib: kept.setdefault(lib, g))
        (h.sum() + (a * 3).sum()).backward()
        (a * 5).sum().backward()
        results[lib] = (_np(a.grad), _np(b.grad), _np(kept[lib]))
    for ours, theirs in zip(results[tinytorch], results[torch]):
        np.testing.assert_allclose(ours, theirs)


def test_retain_grad_and_a_held_grad(device):
    results = {}
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        a, b = _leaves(lib, dev, [[1.0, 2.0], [3.0, 4.0]])
        h = a + b
        h.retain_grad()
        (h * h).sum().backward(retain_graph=True)
        held_a, held_h = a.grad, h.grad
        (h * 2).sum().backward()
        results[lib] = [_np(t) for t in (a.grad, b.grad, h.grad, held_a, held_h)]
    for ours, theirs in zip(results[tinytorch], results[torch]):
        np.testing.assert_allclose(ours, theirs)


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_create_graph_grad_is_a_copy_the_graph_does_not_share(device):
    results = {}
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        a, b = _leaves(lib, dev, [[1.0, 2.0], [3.0, 4.0]])
        ((a + b) * a).sum().backward(create_graph=True)
        ga = a.grad
        assert ga.requires_grad
        (ga * b).sum().backward()  # second order, accumulating into the same .grad in place
        results[lib] = [_np(a.grad), _np(b.grad), _np(ga)]
    for ours, theirs in zip(results[tinytorch], results[torch]):
        np.testing.assert_allclose(ours, theirs)


def test_autograd_grad_results_and_a_later_backward(device):
    results = {}
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        a, b = _leaves(lib, dev, [[1.0, 2.0], [3.0, 4.0]])
        ga, gb = lib.autograd.grad((a + b).sum() + (a * b).sum(), [a, b])
        (a + b).sum().backward()
        (a * 2).sum().backward()
        results[lib] = [_np(t) for t in (ga, gb, a.grad, b.grad)]
    for ours, theirs in zip(results[tinytorch], results[torch]):
        np.testing.assert_allclose(ours, theirs)


def test_a_fresh_gradient_becomes_grad_without_a_copy(device, monkeypatch):
    # The other side of the rule: a gradient only the engine holds is stolen, not copied
    # (a copy per parameter per step would cost a training step dearly).
    w = _leaves(tinytorch, device, [np.ones((3, 2))])[0]
    x = tinytorch.ones(4, 3, dtype=tinytorch.float64, device=device)
    backend = type(w._backend)
    copies = []
    original = backend.copy
    monkeypatch.setattr(backend, "copy", lambda self, arr: copies.append(1) or original(self, arr))
    (x @ w).sum().backward()
    assert copies == []
    np.testing.assert_allclose(_np(w.grad), np.full((3, 2), 4.0))


def test_leaf_hook_sees_the_summed_gradient_once_as_torch(device):
    seen = {}
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        (a,) = _leaves(lib, dev, [[1.0, 2.0]])
        calls = seen.setdefault(lib, [])
        a.register_hook(lambda g, calls=calls: calls.append(_np(g).tolist()))
        (a * 2 + a * a + a).sum().backward()
        lib.autograd.backward([a.sum(), (a * 3).sum()])
        ones = a.detach() * 0 + 1
        lib.autograd.backward([a, a * 3], [ones, ones])  # a root leaf reached by the graph too
        lib.autograd.backward([a], [ones])
    assert seen[tinytorch] == seen[torch]


def test_post_accumulate_grad_hook_sees_the_final_grad(device):
    events = {}
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        a, b = _leaves(lib, dev, [[1.0, 2.0], [3.0]])
        log = events.setdefault(lib, [])
        handle = a.register_post_accumulate_grad_hook(
            lambda p, log=log: log.append(("a", _np(p.grad).tolist())))
        b.register_post_accumulate_grad_hook(
            lambda p, log=log: log.append(("b", _np(p.grad).tolist())))
        (a * b + a).sum().backward()
        (a * b).sum().backward()
        handle.remove()
        (a * b).sum().backward()
        lib.autograd.grad((a * b).sum(), [a])  # no .grad is accumulated: no hook runs
    assert sorted(events[tinytorch]) == sorted(events[torch])


def test_post_accumulate_grad_hook_on_a_non_leaf_raises(device):
    (a,) = _leaves(tinytorch, device, [[1.0]])
    with pytest.raises(RuntimeError, match="cannot be registered on non-leaf tensors"):
        (a * 2).register_post_accumulate_grad_hook(lambda p: None)


LAYOUTS = {
    "transposed leaf, mul": lambda L: (L.randn(3, 4).t().detach().requires_grad_(),
                                       lambda p: p * 2),
    "transposed leaf, matmul": lambda L: (L.randn(3, 4).t().detach().requires_grad_(),
                                          lambda p: p @ L.ones(3, 2)),
    "contiguous leaf through t": lambda L: (L.randn(4, 3).requires_grad_(), lambda p: p.t() * 2),
    "channels-last leaf": lambda L: (L.randn(2, 3, 4, 5).contiguous(
        memory_format=L.channels_last).requires_grad_(), lambda p: p * 2),
    "sliced leaf's base": lambda L: (L.randn(4, 6).requires_grad_(), lambda p: p[:, ::2] * 2),
    "expanded leaf": lambda L: (L.randn(1, 4).expand(3, 4).detach().requires_grad_(),
                                lambda p: p * 2),
}


@pytest.mark.parametrize("case", list(LAYOUTS))
def test_a_new_grad_is_laid_out_as_pytorchs(case):
    """PyTorch's gradient layout contract: a new .grad has its dense leaf's strides (a
    transposed or channels-last parameter), else it is contiguous."""
    torch = pytest.importorskip("torch")
    strides = []
    for lib in (tinytorch, torch):
        leaf, f = LAYOUTS[case](lib)
        f(leaf).sum().backward()
        strides.append(leaf.grad.stride())
        plain = leaf.detach().contiguous().requires_grad_()
        f(plain).sum().backward()
        assert leaf.grad.tolist() == plain.grad.tolist()
    assert strides[0] == strides[1]
