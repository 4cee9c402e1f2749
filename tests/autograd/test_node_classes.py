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
