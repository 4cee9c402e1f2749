"""``utils.checkpoint``: gradients equal to the un-checkpointed model's (float64, exact) for
both variants, dropout replayed by preserve_rng_state, checkpoint_sequential, intermediates
not kept, keyword arguments, several outputs, and PyTorch's warnings and errors."""

import weakref

import pytest

import tinytorch
from tinytorch import nn
from tinytorch.utils.checkpoint import checkpoint
from tinytorch.utils.checkpoint import checkpoint_sequential

VARIANTS = [True, False]


def _model(device):
    tinytorch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Dropout(0.5), nn.Linear(5, 3),
                         nn.Tanh(), nn.Linear(3, 2)).double().to(device)


def _grads(model, run, device):
    for p in model.parameters():
        p.grad = None
    tinytorch.manual_seed(1)
    x = tinytorch.randn(6, 4, dtype=tinytorch.float64, device=device).requires_grad_(True)
    tinytorch.manual_seed(2)
    (run(x) ** 2).sum().backward()
    return [x.grad] + [p.grad for p in model.parameters()]


def _assert_equal(a, b):
    for u, v in zip(a, b, strict=True):
        assert bool((u == v).all())


@pytest.mark.parametrize("reentrant", VARIANTS)
def test_gradients_equal_with_dropout(device, reentrant):
    model = _model(device)
    expected = _grads(model, model, device)
    got = _grads(model, lambda x: checkpoint(model, x, use_reentrant=reentrant), device)
    _assert_equal(got, expected)


@pytest.mark.parametrize("reentrant", VARIANTS)
def test_without_preserve_rng_state_masks_differ(device, reentrant):
    model = _model(device)
    expected = _grads(model, model, device)
    got = _grads(model, lambda x: checkpoint(model, x, use_reentrant=reentrant,
                                             preserve_rng_state=False), device)
    assert not all(bool((u == v).all()) for u, v in zip(got, expected))


@pytest.mark.parametrize("reentrant", VARIANTS)
@pytest.mark.parametrize("segments", [1, 2, 3])
def test_checkpoint_sequential(device, reentrant, segments):
    model = _model(device)
    expected = _grads(model, model, device)
    got = _grads(model, lambda x: checkpoint_sequential(model, segments, x,
                                                        use_reentrant=reentrant), device)
    _assert_equal(got, expected)


@pytest.mark.parametrize("reentrant", VARIANTS)
def test_intermediates_are_not_kept(device, reentrant):
    kept = []

    def fn(x):
        h = x.exp()
        kept.append(weakref.ref(h._data))
        return h.sin()

    x = tinytorch.ones(3, device=device, requires_grad=True)
    y = fn(x)
    assert kept[-1]() is not None  # un-checkpointed: exp's output is saved for sin
    y = checkpoint(fn, x, use_reentrant=reentrant)
    assert kept[-1]() is None
    y.sum().backward()
    assert bool((x.grad == (x.exp().cos() * x.exp())).all())


def test_non_reentrant_keywords_and_autograd_grad(device):
    lin = nn.Linear(3, 2).double().to(device)
    x = tinytorch.ones(2, 3, dtype=tinytorch.float64, device=device, requires_grad=True)
    y = checkpoint(lambda a, scale: lin(a) * scale, x, use_reentrant=False, scale=2.0)
    gx, gw = tinytorch.autograd.grad(y.sum(), (x, lin.weight))
    ex, ew = tinytorch.autograd.grad((lin(x) * 2.0).sum(), (x, lin.weight))
    _assert_equal([gx, gw], [ex, ew])
    assert lin.weight.grad is None


@pytest.mark.parametrize("reentrant", VARIANTS)
def test_several_outputs(device, reentrant):
    x = tinytorch.tensor([0.5, 1.5], dtype=tinytorch.float64, device=device,
                         requires_grad=True)
    a, b = checkpoint(lambda t: (t.sin(), t.cos()), x, use_reentrant=reentrant)
    (a * b).sum().backward()
    assert bool((x.grad == (x.cos() * x.cos() - x.sin() * x.sin())).all())


def test_inputs_without_grad(device):
    lin = nn.Linear(3, 2).to(device)
    x = tinytorch.ones(1, 3, device=device)
    with pytest.warns(UserWarning, match="None of the inputs have requires_grad=True. "
                      "Gradients will be None"):
        y = checkpoint(lin, x, use_reentrant=True)
    assert not y.requires_grad  # as PyTorch: the reentrant variant loses the parameters
    y = checkpoint(lin, x, use_reentrant=False)
    y.sum().backward()
    assert lin.weight.grad is not None


def test_use_reentrant_not_passed_warns(device):
    x = tinytorch.ones(2, device=device, requires_grad=True)
    with pytest.warns(UserWarning, match="torch.utils.checkpoint: the use_reentrant parameter "
                      "should be passed explicitly. Starting in PyTorch 2.9"):
        checkpoint(lambda t: t * 2, x)
    with pytest.warns(UserWarning, match="torch.utils.checkpoint.checkpoint_sequential: the "
                      "use_reentrant parameter should be passed explicitly"):
        checkpoint_sequential([lambda t: t * 2], 1, x)


def test_keyword_errors(device):
    x = tinytorch.ones(2, device=device, requires_grad=True)
    with pytest.raises(ValueError, match="Unexpected keyword arguments: scale"):
        checkpoint(lambda t, scale: t * scale, x, use_reentrant=True, scale=2.0)
    with pytest.raises(ValueError, match="Unexpected keyword arguments: foo"):
        checkpoint_sequential([lambda t: t], 1, x, use_reentrant=False, foo=1)


def test_under_no_grad_nothing_is_recorded(device):
    x = tinytorch.ones(2, device=device, requires_grad=True)
    with tinytorch.no_grad():
        for reentrant in VARIANTS:
            assert not checkpoint(lambda t: t * 2, x, use_reentrant=reentrant).requires_grad


def test_non_reentrant_double_backward(device):
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)).double().to(device)

    def penalty(run):
        model.zero_grad()
        x = tinytorch.tensor([[0.1, -0.2, 0.3]], dtype=tinytorch.float64, device=device,
                             requires_grad=True)
        (gx,) = tinytorch.autograd.grad(run(x).sum(), x, create_graph=True)
        (gx ** 2).sum().backward()
        return [gx.detach()] + [p.grad for p in model.parameters()]

    expected = penalty(model)
    got = penalty(lambda x: checkpoint(model, x, use_reentrant=False))
    for u, v in zip(got, expected, strict=True):
        assert (u is None and v is None) or bool(((u - v).abs() <= 1e-12).all())
    assert got[1] is not None  # the first layer's weight gets the penalty's gradient


def test_reentrant_refuses_autograd_grad_and_backward_inputs(device):
    # PyTorch's refusal: the reentrant inner backward would fill every leaf's .grad (the
    # weights inside the checkpoint too), which autograd.grad and backward(inputs=) must not
    lin = nn.Linear(3, 3).to(device)
    x = tinytorch.randn(2, 3, device=device, requires_grad=True)
    message = "When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad()"
    with pytest.raises(RuntimeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        tinytorch.autograd.grad(checkpoint(lin, x, use_reentrant=True).sum(), [x])
    with pytest.raises(RuntimeError, match="passing an `inputs` parameter to .backward()"):
        checkpoint(lin, x, use_reentrant=True).sum().backward(inputs=[x])
    assert lin.weight.grad is None
    checkpoint(lin, x, use_reentrant=True).sum().backward()  # a plain backward still works
    assert lin.weight.grad is not None and x.grad is not None
