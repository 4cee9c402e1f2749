"""autograd.graph.saved_tensors_hooks, save_on_cpu and disable_saved_tensors_hooks against
PyTorch (NOTE [Saved-tensor hooks]): what is packed and when, gradients through the hooks
(built-in ops, a custom Function, a double backward), nesting, no_grad, freeing after
backward. One difference, deliberate: a saved tensor modified in place after packing is still
refused here (PyTorch skips that check under hooks and computes with the modified value)."""

import warnings

import numpy as np
import pytest

import tinytorch as tt

torch = pytest.importorskip("torch")


def _round(t):
    return np.round(t.detach().numpy(), 5).tolist()


def _run(L):
    out, log = [], []
    graph = L.autograd.graph

    def pack(t):
        log.append((tuple(t.shape), str(t.dtype).split(".")[-1]))
        return ("packed", t.detach().clone())
    x = L.tensor([[1.0, 2.0], [3.0, -1.0]], requires_grad=True)
    w = L.tensor([[0.5, -1.0], [2.0, 1.0]], requires_grad=True)
    with graph.saved_tensors_hooks(pack, lambda p: p[1]):
        y = (x @ w).tanh()
        z = (y * y).sum() + L.nn.functional.softmax(y, -1).sum()
    out.append(bool(log))
    z.backward()
    out += [_round(x.grad), _round(w.grad)]
    x = L.tensor([1.0, 2.0], requires_grad=True)
    with graph.save_on_cpu():
        y = (x.exp() * x).sum()
    y.backward()
    out.append(_round(x.grad))
    x = L.tensor([1.5, -0.5], requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: t.detach() * 1, lambda t: t):
        y = (x ** 3).sum()
    (g,) = L.autograd.grad(y, x, create_graph=True)
    out += [_round(g), _round(L.autograd.grad(g.sum(), x)[0])]

    class Square(L.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return t * t

        @staticmethod
        def backward(ctx, g):
            (t,) = ctx.saved_tensors
            return 2 * t * g
    packed = []
    x = L.tensor([3.0], requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: packed.append(1) or t.detach(), lambda t: t):
        y = Square.apply(x)
    y.backward()
    out += [bool(packed), x.grad.tolist()]
    outer, inner = [], []
    with graph.saved_tensors_hooks(lambda t: outer.append(1) or t.detach(), lambda t: t):
        with graph.saved_tensors_hooks(lambda t: inner.append(1) or t.detach(), lambda t: t):
            (x * x).sum().backward()
        with L.no_grad():
            x * x
    out.append((len(outer), bool(inner)))
    with pytest.raises(RuntimeError) as error:
        with graph.disable_saved_tensors_hooks("not here"):
            with graph.saved_tensors_hooks(lambda t: t, lambda t: t):
                pass
    out.append(str(error.value))
    with graph.saved_tensors_hooks(lambda t: t.detach(), lambda t: t):
        y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError):
        y.backward()
    return out


def test_like_pytorch():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _run(tt) == _run(torch)


def test_a_saved_tensor_modified_after_packing_is_still_refused():
    a = tt.tensor([1.0, 2.0], requires_grad=True)
    b = a * 1
    with tt.autograd.graph.saved_tensors_hooks(lambda t: t.detach(), lambda t: t):
        c = (b * b).sum()
    b.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        c.backward()
