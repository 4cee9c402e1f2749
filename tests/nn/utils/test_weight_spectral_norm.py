"""weight_norm and spectral_norm, the parametrization API and the legacy hook-based one, against
PyTorch 2.13 in float64 on Linear, Conv2d and ConvTranspose2d: outputs, gradients of every
original parameter and the u/v buffers over SGD steps in training mode, eval mode (u, v stay
put), state dicts loading both ways, removal."""

import numpy as np
import pytest

import tinytorch
from tinytorch.autograd import gradcheck
from tinytorch.nn.utils import parametrizations

torch = pytest.importorskip("torch")

MODULES = {
    "linear": (lambda lib: lib.nn.Linear(3, 4), (5, 3)),
    "conv2d": (lambda lib: lib.nn.Conv2d(2, 3, 2), (2, 2, 4, 4)),
    "conv_transpose2d": (lambda lib: lib.nn.ConvTranspose2d(2, 3, 2), (2, 2, 3, 3)),
}
LEGACY_WARNING = "`torch.nn.utils.weight_norm` is deprecated"


def _legacy_weight_norm(lib, m):
    with pytest.warns(FutureWarning, match=LEGACY_WARNING):
        return lib.nn.utils.weight_norm(m)


WRAPPERS = {
    "weight_norm": lambda lib, m: lib.nn.utils.parametrizations.weight_norm(m),
    "weight_norm_dim_none": lambda lib, m: lib.nn.utils.parametrizations.weight_norm(m, dim=None),
    "weight_norm_dim1": lambda lib, m: lib.nn.utils.parametrizations.weight_norm(m, dim=1),
    "spectral_norm": lambda lib, m: lib.nn.utils.parametrizations.spectral_norm(m),
    "spectral_norm_3_iterations": lambda lib, m: lib.nn.utils.parametrizations.spectral_norm(
        m, n_power_iterations=3),
    "spectral_norm_of_bias": lambda lib, m: lib.nn.utils.parametrizations.spectral_norm(
        m, name="bias"),  # 1-D: divided by its norm, no u or v
    "legacy_weight_norm": _legacy_weight_norm,
    "legacy_spectral_norm": lambda lib, m: lib.nn.utils.spectral_norm(m),
}
TOL = {"rtol": 1e-9, "atol": 1e-12}
# every wrapper on Linear; the four main ones on Conv2d; on ConvTranspose2d, whose weight is
# (in, out, ...), the ones where that matters (spectral norm's dim=None means 1)
CASES = ([(w, "linear") for w in sorted(WRAPPERS)]
         + [(w, "conv2d") for w in ("weight_norm", "spectral_norm", "legacy_weight_norm",
                                    "legacy_spectral_norm")]
         + [(w, "conv_transpose2d") for w in ("weight_norm", "spectral_norm",
                                              "legacy_spectral_norm")])
MAIN = ["legacy_spectral_norm", "legacy_weight_norm", "spectral_norm", "weight_norm"]


def _to_tiny(state, device):
    return {k: tinytorch.tensor(v.detach().numpy(), device=device) for k, v in state.items()}


def _to_torch(state):
    return {k: torch.from_numpy(v.detach().cpu().numpy().copy()) for k, v in state.items()}


def _numpy(t):
    return t.detach().cpu().numpy()


def _pair(wrapper, module, device):
    """The wrapped module in both libraries with PyTorch's weights and (random) u, v."""
    build, _ = MODULES[module]
    theirs = build(torch).double()
    ours = build(tinytorch).double().to(device)
    ours.load_state_dict(_to_tiny(theirs.state_dict(), device))
    theirs, ours = WRAPPERS[wrapper](torch, theirs), WRAPPERS[wrapper](tinytorch, ours)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict(_to_tiny(theirs.state_dict(), device))
    return ours, theirs


def _step(lib, module, x, weights, opt):
    opt.zero_grad()
    out = module(x)
    (out * weights).sum().backward()
    grads = {name: _numpy(p.grad) for name, p in module.named_parameters()}
    opt.step()
    return _numpy(out), grads


def _assert_states_close(ours, theirs):
    ours, theirs = ours.state_dict(), theirs.state_dict()
    assert list(ours) == list(theirs)
    for key in ours:
        np.testing.assert_allclose(_numpy(ours[key]), theirs[key].numpy(), **TOL, err_msg=key)


@pytest.mark.parametrize(("wrapper", "module"), CASES)
def test_training_steps_then_eval_match_torch(wrapper, module, device):
    ours, theirs = _pair(wrapper, module, device)
    rng = np.random.default_rng(0)
    x = rng.standard_normal(MODULES[module][1])
    weights = np.linspace(-1, 1, theirs(torch.tensor(x)).numel()).reshape(theirs(
        torch.tensor(x)).shape)
    ours.load_state_dict(_to_tiny(theirs.state_dict(), device))  # undo the calls' updates
    runs = [(torch, theirs, {}), (tinytorch, ours, {"device": device})]
    opts = [lib.optim.SGD(m.parameters(), lr=0.1) for lib, m, _ in runs]
    for _ in range(3):
        (out_t, grads_t), (out_o, grads_o) = [
            _step(lib, m, lib.tensor(x, **kw), lib.tensor(weights, **kw), opt)
            for (lib, m, kw), opt in zip(runs, opts)]
        np.testing.assert_allclose(out_o, out_t, **TOL)
        assert list(grads_o) == list(grads_t)
        for name in grads_t:
            np.testing.assert_allclose(grads_o[name], grads_t[name], **TOL, err_msg=name)
        _assert_states_close(ours, theirs)
    ours.eval(), theirs.eval()
    before = {k: _numpy(v) for k, v in ours.state_dict().items()}
    with tinytorch.no_grad():
        out_o = _numpy(ours(tinytorch.tensor(x, device=device)))
    np.testing.assert_allclose(out_o, theirs(torch.tensor(x)).detach().numpy(), **TOL)
    for key, value in ours.state_dict().items():
        np.testing.assert_array_equal(_numpy(value), before[key], err_msg=key)


@pytest.mark.parametrize("wrapper", MAIN)
def test_state_dict_loads_into_torch(wrapper):
    ours, _ = _pair(wrapper, "conv2d", "cpu")
    for _ in range(2):
        ours(tinytorch.ones(1, 2, 3, 3, dtype=tinytorch.float64))
    fresh = WRAPPERS[wrapper](torch, MODULES["conv2d"][0](torch).double())
    fresh.load_state_dict(_to_torch(ours.state_dict()))
    ours.eval(), fresh.eval()
    x = np.random.default_rng(2).standard_normal((1, 2, 3, 3))
    np.testing.assert_allclose(_numpy(ours(tinytorch.tensor(x))),
                               fresh(torch.tensor(x)).detach().numpy(), **TOL)


@pytest.mark.parametrize("source", [torch, tinytorch], ids=["torch", "tinytorch"])
def test_new_weight_norm_loads_legacy_weight_g_and_weight_v(source):
    legacy = _legacy_weight_norm(source, source.nn.Linear(3, 4).double())
    state = legacy.state_dict()
    if source is torch:
        state = _to_tiny(state, "cpu")
    ours = parametrizations.weight_norm(tinytorch.nn.Linear(3, 4).double())
    ours.load_state_dict(state)
    np.testing.assert_allclose(_numpy(ours.weight), _numpy(legacy.weight), **TOL)
    assert ours.parametrizations.weight.original0.shape == (4, 1)


@pytest.mark.parametrize(("wrapper", "leave_parametrized"), [
    ("spectral_norm", True), ("spectral_norm", False), ("weight_norm", True),
    ("legacy_spectral_norm", True)])  # weight_norm's two originals cannot be left (see errors)
def test_remove_matches_torch(wrapper, leave_parametrized):
    ours, theirs = _pair(wrapper, "linear", "cpu")
    for m, lib in ((ours, tinytorch), (theirs, torch)):
        m(lib.ones(2, 3, dtype=lib.float64))
        if wrapper.startswith("legacy"):
            lib.nn.utils.remove_spectral_norm(m)
        else:
            lib.nn.utils.parametrize.remove_parametrizations(m, "weight", leave_parametrized)
    assert type(ours).__name__ == "Linear"
    _assert_states_close(ours, theirs)


def test_legacy_remove_weight_norm_matches_torch():
    ours, theirs = _pair("legacy_weight_norm", "conv2d", "cpu")
    tinytorch.nn.utils.remove_weight_norm(ours)
    torch.nn.utils.remove_weight_norm(theirs)
    _assert_states_close(ours, theirs)
    assert not ours._forward_pre_hooks


@pytest.mark.parametrize("wrapper", ["spectral_norm", "legacy_spectral_norm"])
def test_two_forwards_then_one_backward(wrapper):
    """The GAN discriminator step: D(real) - D(fake) backpropagates through two forwards that
    each updated u and v in place."""
    ours, theirs = _pair(wrapper, "linear", "cpu")
    for lib, m in ((tinytorch, ours), (torch, theirs)):
        x = lib.ones(2, 3, dtype=lib.float64)
        (m(x).sum() - m(2 * x + 1).sum()).backward()
    grads = [{n: _numpy(p.grad) for n, p in m.named_parameters()} for m in (ours, theirs)]
    for name in grads[1]:
        np.testing.assert_allclose(grads[0][name], grads[1][name], **TOL, err_msg=name)


def test_gradients_pass_finite_differences():
    rng = np.random.default_rng(3)
    v = tinytorch.tensor(rng.standard_normal((3, 2, 2)), requires_grad=True)
    g = tinytorch.tensor(rng.standard_normal((3, 1, 1)), requires_grad=True)
    for dim in (0, 1, -1):
        norm = parametrizations.norm_except_dim(v, 2, dim).detach()
        g_dim = g if dim == 0 else tinytorch.tensor(norm.numpy() * 1.5, requires_grad=True)
        assert gradcheck(lambda v, g, d=dim: parametrizations.weight_norm_value(v, g, d),
                         (v, g_dim))
    w = tinytorch.tensor(rng.standard_normal((4, 3)), requires_grad=True)
    sn = parametrizations._SpectralNorm(w).eval()
    assert gradcheck(sn, (w,))
    assert gradcheck(sn, (tinytorch.tensor(rng.standard_normal(5), requires_grad=True),))
