"""A node's class is named as PyTorch's (``type(y.grad_fn).__name__``, what graph drawing tools
print), also down ``next_functions`` and for a custom Function (NOTE [Node classes])."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _graph_names(lib):
    x = lib.ones(2, 3, requires_grad=True)
    w = lib.ones(3, 4, requires_grad=True)
    y = ((x @ w).relu().sum(0) * 2 + 1).mean()
    names, node = [], y.grad_fn
    while node is not None:
        names.append(type(node).__name__)
        node = next((f for f, _ in node.next_functions if f is not None), None)
    return names


def test_node_classes_are_pytorchs():
    assert _graph_names(tinytorch) == _graph_names(torch)


def test_a_node_renamed_by_its_forward():
    for lib in (tinytorch, torch):
        assert type(lib.ones(2, 2, requires_grad=True).sum(0).grad_fn).__name__ == "SumBackward1"


def test_custom_function_node_keeps_its_ctx_api():
    def make(lib):
        class MyReLU(lib.autograd.Function):
            @staticmethod
            def forward(ctx, i):
                ctx.save_for_backward(i)
                return i.clamp(min=0)

            @staticmethod
            def backward(ctx, g):
                (i,) = ctx.saved_tensors
                return g * (i > 0)
        return MyReLU
    x = tinytorch.tensor([-1., 2.], requires_grad=True)
    y = make(tinytorch).apply(x)
    assert type(y.grad_fn).__name__ == type(make(torch).apply(
        torch.tensor([-1., 2.], requires_grad=True)).grad_fn).__name__ == "MyReLUBackward"
    assert isinstance(y.grad_fn, tinytorch.autograd.function.FunctionCtx)
    y.sum().backward()
    assert x.grad.tolist() == [0., 1.]


def _hook_log(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    w = lib.tensor([3., 4.], requires_grad=True)
    log = []
    y = x * w
    y.grad_fn.register_hook(lambda gi, go: log.append(
        ("post", [None if g is None else g.tolist() for g in gi], [g.tolist() for g in go])))
    y.grad_fn.register_prehook(lambda go: log.append(("pre", [g.tolist() for g in go])))
    y.sum().backward()
    x.grad = w.grad = None
    z = x * w
    z.grad_fn.register_hook(lambda gi, go: (gi[0] * 10, None))
    z.grad_fn.register_prehook(lambda go: (go[0] * 2,))
    z.sum().backward()
    log.append((x.grad.tolist(), w.grad))
    q = x * lib.tensor([1., 2.])  # an input without a gradient: None
    q.grad_fn.register_hook(lambda gi, go: log.append([g is None for g in gi]))
    handle = q.grad_fn.register_hook(lambda gi, go: log.append("removed"))
    handle.remove()
    q.sum().backward()
    x.grad = None
    s = x * x
    s.grad_fn.register_hook(lambda gi, go: (gi[0] * 2, gi[1] * 2))
    (g,) = lib.autograd.grad(s.sum(), x, create_graph=True)
    log.append((g.tolist(), g.requires_grad))
    return log


def test_node_hooks_as_pytorchs():
    assert _hook_log(tinytorch) == _hook_log(torch)


def test_node_hook_returning_the_wrong_count():
    x = tinytorch.ones(2, requires_grad=True)
    y = x * x
    y.grad_fn.register_hook(lambda gi, go: (gi[0],))
    with pytest.raises(RuntimeError, match=r"hook '<lambda>' has returned an incorrect number "
                                           r"of values \(got 1, but expected 2\)"):
        y.sum().backward()
