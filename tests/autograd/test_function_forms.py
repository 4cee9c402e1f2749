"""Custom autograd.Function forms against PyTorch: PyTorch 2's forward(*args) with
setup_context (defaults bound, through backward and func.grad / func.vmap), the ctx form's
once_differentiable (no graph from backward, PyTorch's error on a double backward),
mark_dirty, needs_input_grad and mark_non_differentiable."""

import warnings

import pytest

import tinytorch as tt

torch = pytest.importorskip("torch")


def _setup_context_form(L):
    out = []

    class Mul(L.autograd.Function):
        @staticmethod
        def forward(x, k=2.0):
            return x * k

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.k = inputs[1]
            ctx.save_for_backward(inputs[0])

        @staticmethod
        def backward(ctx, g):
            return g * ctx.k, None

    class Sin(L.autograd.Function):
        generate_vmap_rule = True

        @staticmethod
        def forward(x):
            return x.sin()

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(inputs[0])

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * x.cos()
    for args in ((3.0,), ()):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        Mul.apply(x, *args).sum().backward()
        out.append(x.grad.tolist())
    out.append(L.func.grad(lambda t: Mul.apply(t, 2.0).sum())(L.tensor([1.0, 2.0])).tolist())
    out.append([round(v, 6) for v in L.func.vmap(Sin.apply)(L.tensor([[0.0, 1.0]])).flatten()
                .tolist()])
    out.append([round(v, 6) for v in L.func.grad(lambda t: Sin.apply(t).sum())(
        L.tensor([0.0, 1.0])).tolist()])
    return out


def _once_differentiable(L):
    class Square(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 2

        @staticmethod
        @L.autograd.function.once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g
    x = L.tensor([3.0], requires_grad=True)
    (plain,) = L.autograd.grad(Square.apply(x).sum(), x, create_graph=True)
    (gx,) = L.autograd.grad(Square.apply(x), x, grad_outputs=L.ones(1, requires_grad=True),
                            create_graph=True)
    with pytest.raises(RuntimeError) as error:
        gx.sum().backward()
    return [plain.tolist(), plain.requires_grad, gx.tolist(), gx.grad_fn.name(),
            str(error.value)]


def _ctx_methods(L):
    out = []

    class Double(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class Add(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            out.append(ctx.needs_input_grad)
            return x + y

        @staticmethod
        def backward(ctx, g):
            return g, g

    class Two(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            index = x * 2
            ctx.mark_non_differentiable(index)
            return x * 3, index

        @staticmethod
        def backward(ctx, g, g_index):
            out.append(g_index is None or float(g_index.abs().sum()))
            return g * 3
    a = L.tensor([1.0], requires_grad=True)
    b = a.clone()
    y = Double.apply(b)
    y.sum().backward()
    out.append((a.grad.tolist(), y is b, b.grad_fn.name()))
    Add.apply(L.ones(1, requires_grad=True), L.ones(1))
    x = L.ones(2, requires_grad=True)
    value, index = Two.apply(x)
    value.sum().backward()
    return out + [index.requires_grad, x.grad.tolist()]


@pytest.mark.parametrize("case", [_setup_context_form, _once_differentiable, _ctx_methods])
def test_like_pytorch(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's functorch notes
        assert case(tt) == case(torch)


def _gradient_count(L, returned, n_inputs=2, setup_context=False):
    """The error (type, message) or the gradient of backward returning ``returned(g)``."""
    def backward(ctx, g):
        return returned(g)

    if setup_context:
        class F(L.autograd.Function):
            forward = staticmethod(lambda x, k=2.0, j=3.0: x * 2)
            setup_context = staticmethod(lambda ctx, inputs, output: None)
    else:
        class F(L.autograd.Function):
            forward = staticmethod(lambda ctx, x, *rest: x * 2)
    F.backward = staticmethod(backward)
    x = L.ones(2, requires_grad=True)
    try:
        (g,) = L.autograd.grad(F.apply(x, *[L.ones(2)] * (n_inputs - 1)).sum(), x)
    except RuntimeError as e:
        return "RuntimeError", str(e)
    return g.tolist()


@pytest.mark.parametrize("returned", [
    lambda g: (g, None), lambda g: (g, None, None), lambda g: (g, None, None, None),
    lambda g: (g, None, g), lambda g: g, lambda g: (g,), lambda g: (), lambda g: None,
    lambda g: [g, None]])
def test_backward_gradient_count_matches_pytorch(returned):
    # PyTorch drops extra trailing Nones and refuses any other count, naming the function
    assert _gradient_count(tt, returned) == _gradient_count(torch, returned)
    assert _gradient_count(tt, returned, 1) == _gradient_count(torch, returned, 1)


@pytest.mark.parametrize("returned", [lambda g: g, lambda g: (g, None, None)])
def test_setup_context_form_counts_defaults_as_inputs(returned):
    # PyTorch binds forward's defaults: x alone is three inputs, three gradients
    assert (_gradient_count(tt, returned, 1, setup_context=True)
            == _gradient_count(torch, returned, 1, setup_context=True))
