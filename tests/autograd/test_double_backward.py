"""Double backward (``create_graph=True``): second derivatives by gradgradcheck, a
Hessian-vector product and a WGAN-GP gradient penalty against analytic values, gradient
penalties and Hessian-vector products of whole networks against PyTorch, third derivatives
of the nn kernels, and a clear error from an op whose backward has no differentiable form.
(Each nn op's own second derivatives are checked by the op database: tests/test_ops.py.)"""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F
from tinytorch import autograd


def _randn(device, *shape, low=None, seed=0):
    values = np.random.default_rng(seed + len(shape)).standard_normal(shape)
    if low is not None:  # keep a domain, e.g. positive inputs for log
        values = low + np.abs(values)
    return tinytorch.tensor(values, dtype=tinytorch.float64, device=device, requires_grad=True)


def _away_from_zero(device, *shape):
    x = np.random.default_rng(3).standard_normal(shape)
    x = np.where(np.abs(x) < 0.2, 0.5, x)
    return tinytorch.tensor(x, dtype=tinytorch.float64, device=device, requires_grad=True)


CASES = {
    "add": (lambda a, b: a + b * b, lambda d: (_randn(d, 2, 3), _randn(d, 3, seed=1))),
    "sub": (lambda a, b: (a - b) * a, lambda d: (_randn(d, 2, 3), _randn(d, 2, 1, seed=1))),
    "mul": (lambda a, b: a * b * a, lambda d: (_randn(d, 3), _randn(d, 2, 3, seed=1))),
    "div": (lambda a, b: a / b, lambda d: (_randn(d, 3), _randn(d, 3, low=0.5, seed=1))),
    "pow_scalar": (lambda a: a ** 3, lambda d: (_randn(d, 4),)),
    "pow_tensor": (lambda a, b: a ** b,
                   lambda d: (_randn(d, 3, low=0.5), _randn(d, 3, seed=2))),
    "rpow": (lambda a: 2.0 ** a, lambda d: (_randn(d, 3),)),
    "neg_abs": (lambda a: -(a * a.abs()), lambda d: (_away_from_zero(d, 4),)),
    "exp": (lambda a: a.exp(), lambda d: (_randn(d, 2, 2),)),
    "exp_0d": (lambda a: a.exp(), lambda d: (_randn(d),)),
    "tanh_of_sum": (lambda a: a.sum().tanh(), lambda d: (_randn(d, 3),)),
    "log": (lambda a: a.log(), lambda d: (_randn(d, 3, low=0.5),)),
    "sqrt": (lambda a: a.sqrt(), lambda d: (_randn(d, 3, low=0.5),)),
    "sin_cos": (lambda a: a.sin() * a.cos(), lambda d: (_randn(d, 3),)),
    "tanh": (lambda a: a.tanh(), lambda d: (_randn(d, 2, 3),)),
    "sigmoid": (lambda a: a.sigmoid(), lambda d: (_randn(d, 2, 3),)),
    "relu": (lambda a: a.relu() * a, lambda d: (_away_from_zero(d, 5),)),
    "maximum": (lambda a, b: tinytorch.maximum(a, b) * a,
                lambda d: (_randn(d, 4), _randn(d, 4, seed=5))),
    "where": (lambda a, b: tinytorch.where(a > 0, a * a, b * a),
              lambda d: (_away_from_zero(d, 4), _randn(d, 4, seed=1))),
    "clamp": (lambda a: a.clamp(-0.73, 0.81) * a, lambda d: (_randn(d, 5),)),
    "sum": (lambda a: (a * a).sum(), lambda d: (_randn(d, 2, 3),)),
    "sum_dim": (lambda a: a.sum(1, keepdim=True) * a, lambda d: (_randn(d, 2, 3),)),
    "mean": (lambda a: a.mean(0) ** 2, lambda d: (_randn(d, 3, 2),)),
    "var": (lambda a: a.var(1), lambda d: (_randn(d, 2, 4),)),
    "logsumexp": (lambda a: a.logsumexp(1), lambda d: (_randn(d, 2, 3),)),
    "amax": (lambda a: a.amax(1) * a.sum(), lambda d: (_randn(d, 2, 3),)),
    "norm2": (lambda a: a.norm(dim=1), lambda d: (_randn(d, 2, 3),)),
    "norm3": (lambda a: a.norm(3), lambda d: (_away_from_zero(d, 4),)),
    "matmul": (lambda a, b: a @ b, lambda d: (_randn(d, 2, 3), _randn(d, 3, 2, seed=1))),
    "matmul_vec": (lambda a, b: (a @ b).tanh(), lambda d: (_randn(d, 2, 3), _randn(d, 3))),
    "matmul_batched": (lambda a, b: a @ b,
                       lambda d: (_randn(d, 2, 2, 3), _randn(d, 3, 2, seed=1))),
    "einsum": (lambda a, b: tinytorch.einsum("ij,jk->ik", a, b).tanh(),
               lambda d: (_randn(d, 2, 3), _randn(d, 3, 2, seed=1))),
    "setitem": (lambda a, b: _assigned(a * a, [0, 2], b * b) * a.sum(),
                lambda d: (_randn(d, 4, 3), _randn(d, 2, 3, seed=1))),
    # layer_norm's sum sends logcumsumexp an incoming gradient of exact zeros: PyTorch 2.13's
    # backward takes log|g| there and its gradgradcheck of this fails
    "logcumsumexp_zero_incoming_grad": (
        lambda a: (lambda y: y[:, :1] + F.layer_norm(y, (3,)).sum(1, keepdim=True))(
            a.logcumsumexp(1)), lambda d: (_randn(d, 2, 3),)),
    "embedding_padding_idx": (
        lambda w: F.embedding(tinytorch.tensor([[0, 2], [2, 1]], device=w.device), w,
                              padding_idx=2) ** 2, lambda d: (_randn(d, 3, 2),)),
}


def _assigned(x, index, value):
    x[index] = value
    return x


@pytest.mark.parametrize("name", sorted(CASES))
def test_second_derivatives_match_finite_differences(name, device):
    fn, make = CASES[name]
    assert autograd.gradgradcheck(fn, make(device))


def test_hessian_vector_product_matches_analytic(device):
    # f(x) = ½ xᵀAx + Σ exp(x)  =>  H = A + diag(exp(x)) for symmetric A.
    rng = np.random.default_rng(0)
    m = rng.standard_normal((4, 4))
    a_np = m + m.T
    x_np, v_np = rng.standard_normal(4), rng.standard_normal(4)
    x = tinytorch.tensor(x_np, device=device, requires_grad=True)
    a = tinytorch.tensor(a_np, device=device)
    v = tinytorch.tensor(v_np, device=device)
    f = 0.5 * (x @ (a @ x)) + x.exp().sum()
    (g,) = autograd.grad(f, x, create_graph=True)
    (hv,) = autograd.grad((g * v).sum(), x)
    expected = (a_np + np.diag(np.exp(x_np))) @ v_np
    np.testing.assert_allclose(hv.cpu().numpy(), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g.detach().cpu().numpy(), a_np @ x_np + np.exp(x_np), rtol=1e-12)


def _gradient_penalty(critic, x):
    """WGAN-GP: mean over the batch of (‖∇ₓ critic(x)‖₂ - 1)²."""
    x = x.detach().requires_grad_(True)
    out = critic(x)
    (grad,) = autograd.grad(out.sum(), x, create_graph=True)
    return ((grad.norm(2, dim=1) - 1) ** 2).mean()


def test_gradient_penalty_of_linear_critic_matches_analytic(device):
    # critic(x) = x·w  =>  ∇ₓ = w for every sample, penalty = (‖w‖ - 1)²,
    # d penalty / dw = 2 (‖w‖ - 1) w / ‖w‖.
    w_np = np.array([0.3, -1.2, 2.0])
    w = tinytorch.tensor(w_np, device=device, requires_grad=True)
    x = tinytorch.tensor(np.random.default_rng(1).standard_normal((5, 3)), device=device)
    penalty = _gradient_penalty(lambda t: t @ w, x)
    penalty.backward()
    norm = np.linalg.norm(w_np)
    assert penalty.item() == pytest.approx((norm - 1) ** 2, rel=1e-12)
    np.testing.assert_allclose(w.grad.cpu().numpy(), 2 * (norm - 1) * w_np / norm, rtol=1e-12)


def test_gradient_penalty_of_mlp_critic_matches_finite_differences(device):
    x = tinytorch.tensor(np.random.default_rng(2).standard_normal((4, 3)), device=device)
    w1, b1, w2 = _randn(device, 3, 5), _randn(device, 5, seed=1), _randn(device, 5, seed=2)

    def penalty(w1, b1, w2):
        return _gradient_penalty(lambda t: (t @ w1 + b1).tanh() @ w2, x)

    assert autograd.gradcheck(penalty, (w1, b1, w2))


def test_gradient_penalty_of_mlp_critic_matches_torch(device):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    x_np, w1_np, w2_np = (rng.standard_normal(s) for s in ((4, 3), (3, 5), (5,)))
    w1 = tinytorch.tensor(w1_np, device=device, requires_grad=True)
    tw1 = torch.tensor(w1_np, requires_grad=True)
    ours = _gradient_penalty(lambda t: (t @ w1).sigmoid() @ tinytorch.tensor(w2_np, device=device),
                             tinytorch.tensor(x_np, device=device))
    tx = torch.tensor(x_np, requires_grad=True)
    (tg,) = torch.autograd.grad(((tx @ tw1).sigmoid() @ torch.tensor(w2_np)).sum(), tx,
                                create_graph=True)
    theirs = ((tg.norm(2, dim=1) - 1) ** 2).mean()
    ours.backward()
    theirs.backward()
    assert ours.item() == pytest.approx(theirs.item(), rel=1e-12)
    np.testing.assert_allclose(w1.grad.cpu().numpy(), tw1.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_op_without_double_backward_raises_a_clear_error(device):
    x = _randn(device, 4)
    with pytest.raises(RuntimeError, match=r"double backward \(create_graph=True\) is not "
                                           r"supported for Unfold.*'unfold_backward'"):
        autograd.grad(x.unfold(0, 2, 1).sum(), x, create_graph=True)


def test_first_backward_without_create_graph_is_not_recorded(device):
    x = _randn(device, 3)
    (g,) = autograd.grad((x * x).sum(), x)
    assert not g.requires_grad and g.grad_fn is None
    (g2,) = autograd.grad((x * x).sum(), x, create_graph=True)
    assert g2.requires_grad and g2.grad_fn is not None


# --- whole networks against PyTorch ------------------------------------------------------------
def _twins(build, device):
    """The network ``build(nn)`` in tinytorch and in PyTorch, float64, with PyTorch's initial
    weights in both."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    theirs = build(torch.nn).double()
    ours = build(tinytorch.nn).double()
    ours.load_state_dict({k: tinytorch.tensor(v.detach().numpy())
                          for k, v in theirs.state_dict().items()})
    return ours.to(device), theirs, torch


def _wgan_gp(lib, critic, x):
    """WGAN-GP as usually written: mean over the batch of (‖∇ₓ Σ critic(x)‖₂ - 1)²."""
    (g,) = lib.autograd.grad(critic(x).sum(), x, create_graph=True)
    return ((g.flatten(1).norm(2, dim=1) - 1) ** 2).mean()


def _assert_penalty_grads_match(build, x_np, device):
    ours, theirs, torch = _twins(build, device)
    x = tinytorch.tensor(x_np, device=device, requires_grad=True)
    tx = torch.tensor(x_np, requires_grad=True)
    penalty, tpenalty = _wgan_gp(tinytorch, ours, x), _wgan_gp(torch, theirs, tx)
    penalty.backward()
    tpenalty.backward()
    assert penalty.item() == pytest.approx(tpenalty.item(), rel=1e-10)
    pairs = [(name, p, tp) for (name, p), tp in zip(ours.named_parameters(), theirs.parameters())]
    for name, p, tp in pairs + [("input", x, tx)]:
        np.testing.assert_allclose(_grad_or_zeros(p), _grad_or_zeros(tp), rtol=1e-7, atol=1e-10,
                                   err_msg=name)


def _grad_or_zeros(t):
    """t.grad as NumPy; zeros for None, which either library may give where the penalty does
    not depend on t or depends on it only through a mask (piecewise-linear activations)."""
    return np.zeros(tuple(t.shape)) if t.grad is None else t.grad.detach().cpu().numpy()


def test_wgan_gp_of_conv_critic_matches_torch(device):
    x = np.random.default_rng(5).standard_normal((2, 1, 8, 8))
    _assert_penalty_grads_match(lambda nn: nn.Sequential(
        nn.Conv2d(1, 4, 3), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(144, 1)), x, device)


ACTIVATIONS = {
    "relu": lambda nn: nn.ReLU(), "leaky_relu": lambda nn: nn.LeakyReLU(0.2),
    "elu": lambda nn: nn.ELU(0.7), "selu": lambda nn: nn.SELU(), "gelu": lambda nn: nn.GELU(),
    "gelu_tanh": lambda nn: nn.GELU("tanh"), "silu": lambda nn: nn.SiLU(),
    "softplus": lambda nn: nn.Softplus(2.0), "hardtanh": lambda nn: nn.Hardtanh(-0.5, 0.5),
    "relu6": lambda nn: nn.ReLU6(), "tanh": lambda nn: nn.Tanh(),
    "sigmoid": lambda nn: nn.Sigmoid(),
}


@pytest.mark.parametrize("act", sorted(ACTIVATIONS))
def test_wgan_gp_of_mlp_critic_matches_torch(act, device):
    x = np.random.default_rng(6).standard_normal((5, 3)) * 2
    _assert_penalty_grads_match(lambda nn: nn.Sequential(
        nn.Linear(3, 8), ACTIVATIONS[act](nn), nn.Linear(8, 8), ACTIVATIONS[act](nn),
        nn.Linear(8, 1)), x, device)


def test_wgan_gp_of_deeper_conv_critic_matches_torch(device):
    # strided, padded, grouped and dilated convolutions, 1-d and 2-d pooling, normalisation
    x = np.random.default_rng(7).standard_normal((3, 2, 12, 12))
    _assert_penalty_grads_match(lambda nn: nn.Sequential(
        nn.Conv2d(2, 4, 3, stride=2, padding=1), nn.GroupNorm(2, 4), nn.SiLU(),
        nn.Conv2d(4, 4, 3, padding=2, dilation=2, groups=2), nn.ELU(), nn.MaxPool2d(2),
        nn.AvgPool2d(2, stride=1), nn.LayerNorm([4, 2, 2]), nn.GELU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(1), nn.Unflatten(1, (1, 4)), nn.Conv1d(1, 2, 2),
        nn.Softplus(), nn.AvgPool1d(3), nn.Flatten(), nn.Linear(2, 1)), x, device)


def test_generator_path_penalty_matches_torch(device):
    # a gradient of the generator's output with respect to its latent input (as in path
    # length regularisation): transposed convolution, batch norm, upsampling
    z_np = np.random.default_rng(8).standard_normal((2, 3, 2, 2))
    _assert_penalty_grads_match(lambda nn: nn.Sequential(
        nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1),
        nn.BatchNorm2d(4), nn.LeakyReLU(0.1), nn.Upsample(scale_factor=2, mode="bilinear"),
        nn.Conv2d(4, 2, 3), nn.Hardtanh(), nn.Upsample(scale_factor=2), nn.MaxPool2d(3),
        nn.Tanh()), z_np, device)


LOSSES = {
    "cross_entropy": lambda F, y, t, p: F.cross_entropy(y, t, weight=p[0], label_smoothing=0.1),
    "cross_entropy_ignore": lambda F, y, t, p: F.cross_entropy(y, t, ignore_index=1),
    "nll_loss": lambda F, y, t, p: F.nll_loss(F.log_softmax(y, 1), t, reduction="sum"),
    "cross_entropy_probs": lambda F, y, t, p: F.cross_entropy(y, F.softmax(p[1], 1)),
    "bce_with_logits": lambda F, y, t, p: F.binary_cross_entropy_with_logits(
        y, F.softmax(p[1], 1), pos_weight=p[0]),
    "mse_loss": lambda F, y, t, p: F.mse_loss(y, p[1]),
}


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_hessian_vector_product_of_classifier_loss_matches_torch(loss, device):
    ours, theirs, torch = _twins(lambda nn: nn.Sequential(
        nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3)), device)
    rng = np.random.default_rng(9)
    x, extra = rng.standard_normal((5, 4)), (rng.uniform(0.5, 2, 3), rng.standard_normal((5, 3)))
    t = np.array([0, 2, 1, 1, 0])

    def hvp(lib, functional, model):
        def as_lib(a):
            return lib.tensor(a, device=device) if lib is tinytorch else lib.tensor(a)
        params = list(model.parameters())
        value = LOSSES[loss](functional, model(as_lib(x)), as_lib(t), [as_lib(e) for e in extra])
        grads = lib.autograd.grad(value, params, create_graph=True)
        vs = [lib.ones_like(p) * 0.1 * (i + 1) for i, p in enumerate(params)]
        return lib.autograd.grad(sum((g * v).sum() for g, v in zip(grads, vs)), params)

    for h, th in zip(hvp(tinytorch, F, ours), hvp(torch, torch.nn.functional, theirs)):
        np.testing.assert_allclose(h.cpu().numpy(), th.numpy(), rtol=1e-7, atol=1e-10)


# --- third derivatives: the recorded backward of a backward is differentiable too ----------------
THIRD = {
    "gelu": (lambda x: F.gelu(x), (2, 3)),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), (2, 3)),
    "elu": (lambda x: F.elu(x, 0.5), (2, 3)),
    "silu": (lambda x: F.silu(x), (2, 3)),
    "softplus": (lambda x: F.softplus(x, 2.0), (2, 3)),
    "log_softmax": (lambda x: F.log_softmax(x, 1), (2, 3)),
    "cross_entropy": (lambda x: F.cross_entropy(x, tinytorch.tensor([0, 2], device=x.device)),
                      (2, 3)),
    "layer_norm": (lambda x: F.layer_norm(x, (3,)), (2, 3)),
    "conv2d": (lambda x: F.conv2d(x, x[:1, :1, :2, :2] * x[:1, :1, 1:, 1:], stride=1),
               (1, 1, 3, 3)),
    "avg_pool2d": (lambda x: F.avg_pool2d(x * x, 2, stride=1), (1, 1, 3, 3)),
}


@pytest.mark.parametrize("name", sorted(THIRD))
def test_third_derivatives_match_finite_differences(name, device):
    fn, shape = THIRD[name]

    def first(x):
        (g,) = autograd.grad((fn(x) ** 2).sum(), x, create_graph=True)
        return g

    assert autograd.gradgradcheck(first, (_away_from_zero(device, *shape),))


# --- second derivatives at kinks: PyTorch's choice of branch, not a finite difference -------------
KINKS = {  # each evaluated at x = [-1, 0, 1] (and the ties its own formula makes)
    "relu": lambda L, x: L.nn.functional.relu(x) * x,
    "elu": lambda L, x: L.nn.functional.elu(x, 0.5),
    "selu": lambda L, x: L.nn.functional.selu(x),
    "leaky_relu": lambda L, x: L.nn.functional.leaky_relu(x, 0.1) * x,
    "hardtanh": lambda L, x: L.nn.functional.hardtanh(x) * x,
    "abs": lambda L, x: x.abs() * x,
    "clamp": lambda L, x: x.clamp(-1.0, 0.0) * x,
    "maximum": lambda L, x: L.maximum(x, x * 0) * x,
    "amax_ties": lambda L, x: x.abs().amax() * x,
    "smooth_l1": lambda L, x: L.nn.functional.smooth_l1_loss(x, x * 0, beta=1.0) * x,
    "huber": lambda L, x: L.nn.functional.huber_loss(x, x * 0, delta=1.0) * x,
}


@pytest.mark.parametrize("name", sorted(KINKS))
def test_second_derivatives_at_kinks_match_torch(name, device):
    torch = pytest.importorskip("torch")
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        kw = {"device": dev} if lib is tinytorch else {}
        x = lib.tensor([-1.0, 0.0, 1.0], dtype=lib.float64, requires_grad=True, **kw)
        (g,) = lib.autograd.grad(KINKS[name](lib, x).sum(), [x], create_graph=True)
        (gg,) = lib.autograd.grad((g * g).sum(), [x])
        results.append((g.detach().cpu().numpy(), gg.cpu().numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


def test_an_unused_output_of_a_function_gets_graph_zeros_under_create_graph():
    """materialize_grads' zeros for an output that did not reach the loss are a device
    Tensor while the engine records the backward (they were a bare array, which the Function
    wrapped with the graph backend: a 'two devices, cpu and cpu' error)."""
    class Two(tinytorch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, ga, gb):
            x, = ctx.saved_tensors
            return ga * 2 * x + gb * 3 * x

    x = tinytorch.tensor([1.0, 2.0, 3.0], dtype=tinytorch.float64, requires_grad=True)
    a, _ = Two.apply(x)
    g, = tinytorch.autograd.grad((a ** 2).sum(), x, create_graph=True)
    g.sum().backward()
    assert g.tolist() == [8.0, 32.0, 72.0]  # PyTorch 2.13's values
    assert x.grad.tolist() == [16.0, 48.0, 96.0]
