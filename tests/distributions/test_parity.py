"""Every family's densities, moments, cdf/icdf, entropy and KL against PyTorch's, in float64
on seeded random parameters; rsample gradients with PyTorch's noise fixed to ours."""

import numpy as np
import pytest

import tinytorch
from tinytorch import distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions

SEEDS = range(2)
SHAPE = (2, 3)


def _pair(a):
    return (tinytorch.tensor(a, dtype=tinytorch.float64),
            torch.tensor(a, dtype=torch.float64))


def _params(rng):
    """Parameters (NumPy) every family below draws from."""
    cov_root = rng.normal(size=(2, 3, 3))
    return {"loc": rng.normal(size=SHAPE), "scale": rng.uniform(0.5, 2.0, SHAPE),
            "probs": rng.uniform(0.05, 0.95, SHAPE), "logits": rng.normal(size=SHAPE),
            "low": rng.normal(size=SHAPE), "width": rng.uniform(0.5, 2.0, SHAPE),
            "cov": cov_root @ cov_root.transpose(0, 2, 1) + 3 * np.eye(3),
            "vec": rng.normal(size=(2, 3)), "count": rng.integers(2, 9, SHAPE).astype(float)}


# name: (build(lib, p) -> distribution, value(rng, p) -> NumPy value, has cdf/icdf)
FAMILIES = {
    "Normal": (lambda L, p: L.Normal(p["loc"], p["scale"]),
               lambda r, p: r.normal(size=SHAPE), True),
    "Laplace": (lambda L, p: L.Laplace(p["loc"], p["scale"]),
                lambda r, p: r.normal(size=SHAPE), True),
    "Exponential": (lambda L, p: L.Exponential(p["scale"]),
                    lambda r, p: r.uniform(0, 3, SHAPE), True),
    "Uniform": (lambda L, p: L.Uniform(p["low"], p["low"] + p["width"]),
                lambda r, p: p["low"] + p["width"] * r.uniform(0, 1, SHAPE), True),
    "Bernoulli-probs": (lambda L, p: L.Bernoulli(probs=p["probs"]),
                        lambda r, p: r.integers(0, 2, SHAPE).astype(float), False),
    "Bernoulli-logits": (lambda L, p: L.Bernoulli(logits=p["logits"]),
                         lambda r, p: r.integers(0, 2, SHAPE).astype(float), False),
    "Categorical-probs": (lambda L, p: L.Categorical(probs=p["probs"]),
                          lambda r, p: r.integers(0, 3, (4, 2)).astype(float), False),
    "Categorical-logits": (lambda L, p: L.Categorical(logits=p["logits"]),
                           lambda r, p: r.integers(0, 3, (4, 2)).astype(float), False),
    "OneHotCategorical": (lambda L, p: L.OneHotCategorical(logits=p["logits"]),
                          lambda r, p: np.eye(3)[r.integers(0, 3, (4, 2))], False),
    "Independent": (lambda L, p: L.Independent(L.Normal(p["loc"], p["scale"]), 1),
                    lambda r, p: r.normal(size=SHAPE), False),
    "LogNormal": (lambda L, p: L.LogNormal(p["loc"], p["scale"]),
                  lambda r, p: r.uniform(0.1, 4, SHAPE), True),
    "HalfNormal": (lambda L, p: L.HalfNormal(p["scale"]),
                   lambda r, p: r.uniform(0, 3, SHAPE), True),
    "Cauchy": (lambda L, p: L.Cauchy(p["loc"], p["scale"]),
               lambda r, p: r.normal(size=SHAPE) * 3, True),
    "Gumbel": (lambda L, p: L.Gumbel(p["loc"], p["scale"]),
               lambda r, p: r.normal(size=SHAPE) * 2, True),
    "Poisson": (lambda L, p: L.Poisson(p["scale"] * 3),
                lambda r, p: r.integers(0, 8, SHAPE).astype(float), False),
    "Geometric-probs": (lambda L, p: L.Geometric(probs=p["probs"]),
                        lambda r, p: r.integers(0, 8, SHAPE).astype(float), False),
    "Geometric-logits": (lambda L, p: L.Geometric(logits=p["logits"]),
                         lambda r, p: r.integers(0, 8, SHAPE).astype(float), False),
    "Gamma": (lambda L, p: L.Gamma(p["scale"], p["width"]),
              lambda r, p: r.uniform(0.1, 4, SHAPE), False),
    "Chi2": (lambda L, p: L.Chi2(p["scale"] * 2),
             lambda r, p: r.uniform(0.1, 4, SHAPE), False),
    "Beta": (lambda L, p: L.Beta(p["scale"], p["width"]),
             lambda r, p: r.uniform(0.05, 0.95, SHAPE), False),
    "Dirichlet": (lambda L, p: L.Dirichlet(p["scale"]),
                  lambda r, p: r.dirichlet(np.ones(3), size=(4, 2)), False),
    "StudentT": (lambda L, p: L.StudentT(p["scale"] * 1.5, p["loc"], p["width"]),
                 lambda r, p: r.normal(size=SHAPE) * 2, False),
    "MVN-cov": (lambda L, p: L.MultivariateNormal(p["vec"], covariance_matrix=p["cov"]),
                lambda r, p: r.normal(size=(4, 2, 3)), False),
    "MVN-precision": (lambda L, p: L.MultivariateNormal(p["vec"], precision_matrix=p["cov"]),
                      lambda r, p: r.normal(size=(4, 2, 3)), False),
    "MVN-scale_tril": (lambda L, p: L.MultivariateNormal(
        p["vec"], scale_tril=L.__name__ and _tril(L, p["cov"])),
        lambda r, p: r.normal(size=(4, 2, 3)), False),
    "Binomial-probs": (lambda L, p: L.Binomial(p["count"], probs=p["probs"]),
                       lambda r, p: np.floor(r.uniform(0, 1, SHAPE) * (p["count"] + 1)), False),
    "Binomial-logits": (lambda L, p: L.Binomial(6, logits=p["logits"]),
                        lambda r, p: r.integers(0, 7, SHAPE).astype(float), False),
    "Multinomial": (lambda L, p: L.Multinomial(5, logits=p["logits"]),
                    lambda r, p: r.multinomial(5, [0.2, 0.3, 0.5], (4, 2)).astype(float),
                    False),
    "NegativeBinomial-probs": (lambda L, p: L.NegativeBinomial(p["scale"], probs=p["probs"]),
                               lambda r, p: r.integers(0, 8, SHAPE).astype(float), False),
    "NegativeBinomial-logits": (lambda L, p: L.NegativeBinomial(p["count"], logits=p["loc"]),
                                lambda r, p: r.integers(0, 8, SHAPE).astype(float), False),
    "Weibull": (lambda L, p: L.Weibull(p["scale"], p["width"]),
                lambda r, p: r.uniform(0.1, 4, SHAPE), True),
    "Pareto": (lambda L, p: L.Pareto(p["scale"], p["width"]),
               lambda r, p: p["scale"] + r.uniform(0, 3, SHAPE), True),
    "HalfCauchy": (lambda L, p: L.HalfCauchy(p["scale"]),
                   lambda r, p: r.uniform(0, 3, SHAPE), True),
    "InverseGamma": (lambda L, p: L.InverseGamma(p["scale"] * 2, p["width"]),
                     lambda r, p: r.uniform(0.1, 4, SHAPE), False),
    "Kumaraswamy": (lambda L, p: L.Kumaraswamy(p["scale"], p["width"]),
                    lambda r, p: r.uniform(0.05, 0.95, SHAPE), True),
    "FisherSnedecor": (lambda L, p: L.FisherSnedecor(p["scale"] * 3, p["width"] * 4),
                       lambda r, p: r.uniform(0.1, 4, SHAPE), False),
    "VonMises": (lambda L, p: L.VonMises(p["loc"], p["scale"] * 3),
                 lambda r, p: r.normal(size=SHAPE) * 3, False),
}


GAMMA_FAMILIES = {"Gamma", "Chi2", "Beta", "Dirichlet", "StudentT", "NegativeBinomial-probs",
                  "NegativeBinomial-logits", "InverseGamma", "Kumaraswamy"}
# PyTorch's Multinomial.entropy takes lgamma(total_count + 1) of an int64 tensor, in float32
LOOSE = {"Multinomial": 1e-6}


def _same_or_both_raise(ours, theirs, err_msg="", rtol=1e-10):
    """ours() and theirs() agree, or both raise NotImplementedError (a quantity the family
    does not have, as Multinomial's mode or Poisson's entropy)."""
    try:
        expected = theirs()
    except NotImplementedError:
        with pytest.raises(NotImplementedError):
            ours()
    else:
        _close(ours(), expected, rtol=rtol, err_msg=err_msg)


def _tril(L, cov):
    return (tinytorch if L is D else torch).linalg.cholesky(cov)


def _both(name, seed):
    rng = np.random.default_rng(seed)
    p = _params(rng)
    ours = FAMILIES[name][0](D, {k: _pair(v)[0] for k, v in p.items()})
    theirs = FAMILIES[name][0](TD, {k: _pair(v)[1] for k, v in p.items()})
    return ours, theirs, FAMILIES[name][1](rng, p), FAMILIES[name][2]


def _close(a, b, rtol=1e-10, **kw):
    np.testing.assert_allclose(np.asarray(a.detach()), b.detach().numpy(), rtol=rtol,
                               atol=1e-12, equal_nan=True, **kw)


# PyTorch's float64 digamma and trigamma err by up to ~1e-9 relative (against mpmath;
# tinytorch's by ~1e-16), so quantities built from them agree to that
GAMMA_RTOL = 1e-8


# moments outside their range are inf or nan, as PyTorch's (Pareto's mean for alpha <= 1,
# Weibull's and Kumaraswamy's modes for a concentration below 1)
@pytest.mark.filterwarnings("ignore:(divide by zero|invalid value) encountered:RuntimeWarning")
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_family_matches_pytorch(name, seed):
    ours, theirs, value, has_cdf = _both(name, seed)
    assert ours.batch_shape == tuple(theirs.batch_shape)
    assert ours.event_shape == tuple(theirs.event_shape)
    assert ours.has_rsample == theirs.has_rsample
    v_ours, v_theirs = _pair(value)
    _close(ours.log_prob(v_ours), theirs.log_prob(v_theirs))
    for stat in ("mean", "variance", "stddev", "mode"):
        _same_or_both_raise(lambda: getattr(ours, stat), lambda: getattr(theirs, stat), stat)
    _same_or_both_raise(ours.entropy, theirs.entropy, "entropy",
                        rtol=LOOSE.get(name, GAMMA_RTOL if name in GAMMA_FAMILIES else 1e-10))
    if has_cdf:
        _close(ours.cdf(v_ours), theirs.cdf(v_theirs))
        q_ours, q_theirs = _pair(np.random.default_rng(seed).uniform(0.01, 0.99, SHAPE))
        _close(ours.icdf(q_ours), theirs.icdf(q_theirs))
    assert repr(ours) == repr(theirs)
    shape = (4,) + tuple(ours.batch_shape)
    _close(ours.expand(shape).log_prob(v_ours), theirs.expand(shape).log_prob(v_theirs))
    assert ours.expand(shape).sample().shape == theirs.expand(shape).sample().shape


KL_PAIRS = ["Normal", "Laplace", "Exponential", "Uniform", "Bernoulli-probs",
            "Bernoulli-logits", "Categorical-probs", "Categorical-logits", "OneHotCategorical",
            "Independent", "MVN-cov", "MVN-precision", "LogNormal", "HalfNormal", "Cauchy",
            "Gumbel", "Poisson", "Geometric-probs", "Geometric-logits", "Gamma", "Chi2", "Beta",
            "Dirichlet", "Binomial-logits", "Pareto"]


@pytest.mark.parametrize("name", KL_PAIRS)
def test_kl_divergence_matches_pytorch(name):
    p_ours, p_theirs, _, _ = _both(name, 0)
    q_ours, q_theirs, _, _ = _both(name, 1)
    _close(D.kl_divergence(p_ours, q_ours), TD.kl_divergence(p_theirs, q_theirs))
    _close(D.kl_divergence(p_ours, p_ours), TD.kl_divergence(p_theirs, p_theirs))


def _tensor(lib, values):
    return lib.tensor(values, dtype=lib.float64)


def test_kl_divergence_is_inf_outside_the_support_as_pytorch():
    for make in (lambda lib, L: (L.Uniform(0.0, 2.0), L.Uniform(0.5, 1.0)),
                 lambda lib, L: (L.Bernoulli(0.5), L.Bernoulli(0.0)),
                 lambda lib, L: (L.Categorical(_tensor(lib, [0.5, 0.5])),
                                 L.Categorical(_tensor(lib, [1.0, 0.0])))):
        _close(D.kl_divergence(*make(tinytorch, D)), TD.kl_divergence(*make(torch, TD)))


@pytest.mark.parametrize("name", ["Normal", "MVN-cov", "LogNormal", "HalfNormal"])
def test_rsample_gradients_match_pytorch_with_the_same_noise(name, monkeypatch):
    rng = np.random.default_rng(0)
    p = _params(rng)
    eps = rng.normal(size=(5, 2, 3))
    monkeypatch.setattr("torch.distributions.normal._standard_normal",
                        lambda shape, dtype, device: torch.tensor(eps))
    monkeypatch.setattr("torch.distributions.multivariate_normal._standard_normal",
                        lambda shape, dtype, device: torch.tensor(eps))
    monkeypatch.setattr("tinytorch.distributions.utils.tinytorch.randn",
                        lambda *shape, **kw: tinytorch.tensor(eps))
    grads = []
    for lib, L in ((tinytorch, D), (torch, TD)):
        params = {k: lib.tensor(v, dtype=lib.float64, requires_grad=True) for k, v in p.items()}
        x = FAMILIES[name][0](L, params).rsample((5,))
        (x * x).sum().backward()
        grads.append([params[k].grad for k in ("loc", "scale", "vec", "cov")])
    for ours, theirs in zip(*grads):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            _close(ours, theirs)


@pytest.mark.parametrize("name", ["Laplace", "Exponential", "Uniform", "Cauchy", "Gumbel"])
def test_rsample_gradients_follow_pytorchs_formula(name):
    """PyTorch draws these from Tensor.uniform_ / exponential_ / cauchy_, which cannot be fed
    our noise; the gradient of a sample x with respect to the parameters is the formula their
    rsample differentiates: dx/dloc = 1, dx/dscale = (x - loc) / scale (Laplace, Cauchy,
    Gumbel: location-scale families);
    dx/drate = -x / rate; dx/dlow = 1 - u, dx/dhigh = u with u = (x - low) / (high - low)."""
    tinytorch.manual_seed(0)
    p = {k: tinytorch.tensor(v, requires_grad=True)
         for k, v in _params(np.random.default_rng(0)).items()}
    d = FAMILIES[name][0](D, p)
    x = d.rsample()
    x.sum().backward()
    x = x.detach()
    if name in ("Laplace", "Cauchy", "Gumbel"):
        expected = {"loc": tinytorch.ones(SHAPE), "scale": (x - p["loc"]) / p["scale"]}
    elif name == "Exponential":
        expected = {"scale": -x / p["scale"]}  # rate = p["scale"]
    else:
        u = (x - d.low) / (d.high - d.low)
        expected = {"low": tinytorch.ones(SHAPE), "width": u}  # high = low + width
    for k, v in expected.items():
        np.testing.assert_allclose(np.asarray(p[k].grad), np.asarray(v.detach()), rtol=1e-5,
                                   atol=1e-6)


def test_vae_loss_gradients_match_pytorch(monkeypatch):
    """A VAE step: encoder -> Normal(mu, sigma).rsample -> decoder, loss = reconstruction +
    KL(q || N(0, 1)); weights copied from PyTorch's modules, noise fixed to ours."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 6))
    eps = rng.normal(size=(8, 2))
    monkeypatch.setattr("torch.distributions.normal._standard_normal",
                        lambda shape, dtype, device: torch.tensor(eps, dtype=dtype))
    monkeypatch.setattr("tinytorch.distributions.utils.tinytorch.randn",
                        lambda *shape, **kw: tinytorch.tensor(eps, dtype=kw["dtype"]))
    torch.manual_seed(0)
    t_enc, t_dec = torch.nn.Linear(6, 4).double(), torch.nn.Linear(2, 6).double()
    o_enc, o_dec = tinytorch.nn.Linear(6, 4).double(), tinytorch.nn.Linear(2, 6).double()
    for ours, theirs in ((o_enc, t_enc), (o_dec, t_dec)):
        ours.load_state_dict({k: tinytorch.tensor(v.detach().numpy())
                              for k, v in theirs.state_dict().items()})

    def loss(lib, L, enc, dec):
        h = enc(lib.tensor(x))
        mu, log_var = h[:, :2], h[:, 2:]
        q = L.Normal(mu, (0.5 * log_var).exp())
        z = q.rsample()
        prior = L.Normal(lib.zeros_like(mu), lib.ones_like(mu))
        recon = ((dec(z) - lib.tensor(x)) ** 2).sum(-1)
        return (recon + L.kl_divergence(q, prior).sum(-1)).mean()

    loss(tinytorch, D, o_enc, o_dec).backward()
    loss(torch, TD, t_enc, t_dec).backward()
    for ours, theirs in zip(list(o_enc.parameters()) + list(o_dec.parameters()),
                            list(t_enc.parameters()) + list(t_dec.parameters())):
        _close(ours.grad, theirs.grad)


X = np.random.default_rng(3).normal(size=(2, 3))
LOC = np.random.default_rng(4).normal(size=3)
SCALE = np.random.default_rng(5).uniform(0.5, 2.0, (2, 1))
COUNTS = np.random.default_rng(6).integers(0, 6, (2, 3)).astype(float)
ALL = ("log_prob", "cdf", "entropy", "mean", "variance", "stddev")
# name: (build(L, loc, scale), value, the quantities whose gradients are compared)
GRAD_FAMILIES = {
    "LogNormal": (lambda L, loc, scale: L.LogNormal(loc, scale), np.exp(X), ALL),
    "HalfNormal": (lambda L, loc, scale: L.HalfNormal(scale), np.abs(X), ALL),
    "Cauchy": (lambda L, loc, scale: L.Cauchy(loc, scale), X, ALL[:3]),
    "Gumbel": (lambda L, loc, scale: L.Gumbel(loc, scale), X, ALL),
    "Poisson": (lambda L, loc, scale: L.Poisson(scale * loc.exp()), COUNTS,
                ("log_prob", "mean", "variance")),
    "Geometric-probs": (lambda L, loc, scale: L.Geometric(scale / 2.5), COUNTS,
                        ALL[:1] + ALL[2:]),
    "Geometric-logits": (lambda L, loc, scale: L.Geometric(logits=loc * scale), COUNTS,
                         ALL[:1] + ALL[2:]),
    "Gamma": (lambda L, loc, scale: L.Gamma(loc.exp(), scale), np.exp(X), ALL[:1] + ALL[2:]),
    "Chi2": (lambda L, loc, scale: L.Chi2(loc.exp() * scale), np.exp(X), ALL[:1] + ALL[2:]),
    "Beta": (lambda L, loc, scale: L.Beta(loc.exp(), scale), 1 / (1 + np.exp(X)),
             ALL[:1] + ALL[2:]),
    "Dirichlet": (lambda L, loc, scale: L.Dirichlet(loc.exp() * scale),
                  np.exp(X) / np.exp(X).sum(-1, keepdims=True), ALL[:1] + ALL[2:]),
    "StudentT": (lambda L, loc, scale: L.StudentT(2 * scale + loc.exp(), loc, scale), X,
                 ALL[:1] + ALL[2:]),
    "Binomial-probs": (lambda L, loc, scale: L.Binomial(5, probs=scale / 2.5), COUNTS,
                       ALL[:1] + ALL[2:]),
    "Binomial-logits": (lambda L, loc, scale: L.Binomial(5, logits=loc * scale), COUNTS,
                        ALL[:1] + ALL[2:]),
    "Multinomial": (lambda L, loc, scale: L.Multinomial(15, logits=loc * scale), COUNTS,
                    ALL[:1] + ALL[2:]),
    "NegativeBinomial": (lambda L, loc, scale: L.NegativeBinomial(loc.exp() * scale,
                                                                  logits=loc), COUNTS,
                         ("log_prob", "mean", "variance", "stddev")),
    "Weibull": (lambda L, loc, scale: L.Weibull(loc.exp(), scale), np.exp(X), ALL),
    "Pareto": (lambda L, loc, scale: L.Pareto(loc.exp() / 4, scale * 3), np.exp(X) + 1, ALL),
    "HalfCauchy": (lambda L, loc, scale: L.HalfCauchy(loc.exp() * scale), np.abs(X), ALL[:3]),
    "InverseGamma": (lambda L, loc, scale: L.InverseGamma(loc.exp() + 2, scale), np.exp(X),
                     ALL[:1] + ALL[2:]),
    "Kumaraswamy": (lambda L, loc, scale: L.Kumaraswamy(loc.exp(), scale),
                    1 / (1 + np.exp(X)), ALL),
    "FisherSnedecor": (lambda L, loc, scale: L.FisherSnedecor(loc.exp() * 4, scale * 5 + 4),
                       np.exp(X), ("log_prob", "mean", "variance", "stddev")),
    "VonMises": (lambda L, loc, scale: L.VonMises(loc, scale * 3), X * 3,
                 ("log_prob", "variance")),
}


def _quantity(d, name, value):
    if name in ("log_prob", "cdf"):
        return getattr(d, name)(value)
    return d.entropy() if name == "entropy" else getattr(d, name)


@pytest.mark.parametrize("name", sorted(GRAD_FAMILIES))
def test_new_families_parameter_gradients_match_pytorch(name):
    """Broadcast parameters (3,) and (2, 1), value (2, 3): the gradients of each quantity's
    sum with respect to both."""
    build, value, quantities = GRAD_FAMILIES[name]
    for quantity in quantities:
        grads = []
        for lib, L in ((tinytorch, D), (torch, TD)):
            loc = lib.tensor(LOC, requires_grad=True)
            scale = lib.tensor(SCALE, requires_grad=True)
            total = _quantity(build(L, loc, scale), quantity, _tensor(lib, value)).sum()
            total.backward()
            grads.append((total, loc.grad, scale.grad))
        for ours, theirs in zip(*grads):
            assert (ours is None) == (theirs is None), quantity
            if ours is not None:
                _close(ours, theirs, rtol=LOOSE.get(name, GAMMA_RTOL), err_msg=quantity)


def test_dirichlet_grad_is_pytorchs():
    """Every branch (x near 0, near 1, large alpha and beta near and away from the mean, the
    rational one); PyTorch's float32 kernel computes some branches in float32, ours all in
    float64, hence float32's looser tolerance."""
    rng = np.random.default_rng(0)
    alpha = np.concatenate([rng.uniform(0.05, 3, 300), rng.uniform(6, 60, 300),
                            rng.uniform(0.1, 20, 300)])
    beta = np.concatenate([rng.uniform(0.05, 3, 300), rng.uniform(6, 60, 300),
                           rng.uniform(0.1, 20, 300)])
    x = np.clip(rng.beta(alpha, beta), 1e-300, 1 - 1e-16)
    for dtype, rtol in ((np.float64, 1e-12), (np.float32, 1e-4)):
        args = [v.astype(dtype) for v in (x, alpha, alpha + beta)]
        ours = tinytorch._dirichlet_grad(*[tinytorch.tensor(v) for v in args])
        theirs = torch._dirichlet_grad(*[torch.tensor(v) for v in args])
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=rtol)


def test_standard_gamma_grad_is_pytorchs():
    """Every branch of PyTorch's approximation (x < 0.8, alpha > 8 near and away from the
    mode, the rational one), in float64 and float32."""
    rng = np.random.default_rng(0)
    alpha = np.concatenate([rng.uniform(0.05, 3, 100), rng.uniform(3, 8, 100),
                            rng.uniform(8, 200, 100)])
    x = np.concatenate([rng.standard_gamma(alpha), alpha * rng.uniform(0.9, 1.1, 300)])
    alpha = np.concatenate([alpha, alpha])
    for dtype, rtol in ((np.float64, 1e-13), (np.float32, 1e-6)):
        ours = tinytorch._standard_gamma_grad(tinytorch.tensor(alpha.astype(dtype)),
                                              tinytorch.tensor(x.astype(dtype)))
        theirs = torch._standard_gamma_grad(torch.tensor(alpha.astype(dtype)),
                                            torch.tensor(x.astype(dtype)))
        assert ours.dtype == getattr(tinytorch, np.dtype(dtype).name)
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=rtol)


class _TorchGammaWithOurDraws(torch.autograd.Function):
    """torch._standard_gamma's graph node (StandardGammaBackward0) over given draws."""

    @staticmethod
    def forward(ctx, alpha, draws):
        ctx.save_for_backward(alpha, draws)
        return draws.clone()

    @staticmethod
    def backward(ctx, grad):
        alpha, draws = ctx.saved_tensors
        return grad * torch._standard_gamma_grad(alpha, draws), None


@pytest.mark.parametrize("name", ["Dirichlet", "Beta"])
def test_dirichlet_rsample_gradients_match_pytorch_with_the_same_draws(name, monkeypatch):
    p = _params(np.random.default_rng(0))
    conc = p["scale"] if name == "Dirichlet" else np.stack([p["scale"], p["width"]], -1)
    tinytorch.manual_seed(0)
    gammas = tinytorch._standard_gamma(tinytorch.tensor(np.broadcast_to(conc, (5,) + conc.shape)))
    draws = torch.tensor((gammas / gammas.sum(-1, True)).numpy())
    monkeypatch.setattr("torch._sample_dirichlet", lambda alpha: draws)
    grads = []
    for lib, L in ((tinytorch, D), (torch, TD)):
        tinytorch.manual_seed(0)
        params = {k: lib.tensor(v, dtype=lib.float64, requires_grad=True) for k, v in p.items()}
        x = FAMILIES[name][0](L, params).rsample((5,))
        (x * x.sin()).sum().backward()
        grads.append([x] + [params[k].grad for k in ("scale", "width")])
    for ours, theirs in zip(*grads):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            _close(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("name", ["Gamma", "Chi2", "StudentT"])
def test_gamma_rsample_gradients_match_pytorch_with_the_same_draws(name, monkeypatch):
    rng = np.random.default_rng(0)
    p = _params(rng)
    tinytorch.manual_seed(0)  # our draws, in the order rsample takes them
    normal = tinytorch.randn((5,) + SHAPE, dtype=tinytorch.float64).numpy() \
        if name == "StudentT" else None
    conc = {"Gamma": p["scale"], "Chi2": p["scale"], "StudentT": p["scale"] * 1.5 / 2}[name]
    draws = tinytorch._standard_gamma(tinytorch.tensor(np.broadcast_to(conc, (5,) + SHAPE)))
    monkeypatch.setattr("torch.distributions.gamma._standard_gamma", lambda alpha: (
        _TorchGammaWithOurDraws.apply(alpha, torch.tensor(draws.numpy()))))
    monkeypatch.setattr("torch.distributions.studentT._standard_normal",
                        lambda shape, dtype, device: torch.tensor(normal))
    grads = []
    for lib, L in ((tinytorch, D), (torch, TD)):
        if lib is tinytorch:
            tinytorch.manual_seed(0)
        params = {k: lib.tensor(v, dtype=lib.float64, requires_grad=True) for k, v in p.items()}
        x = FAMILIES[name][0](L, params).rsample((5,))
        (x * x.sin()).sum().backward()
        grads.append([x] + [params[k].grad for k in ("loc", "scale", "width")])
    for ours, theirs in zip(*grads):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            _close(ours, theirs, rtol=1e-12)
