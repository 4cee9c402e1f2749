"""rsample of the transformed and gamma-ratio families against PyTorch's with the same noise:
the base distribution's draws (Exponential, Uniform, Cauchy) or the gamma draws are fed to
both libraries, so the samples and their parameter gradients must agree."""

import itertools

import numpy as np
import pytest

import tinytorch
from tinytorch import distributions as D
from tests.distributions.test_parity import FAMILIES
from tests.distributions.test_parity import SHAPE
from tests.distributions.test_parity import _TorchGammaWithOurDraws
from tests.distributions.test_parity import _close
from tests.distributions.test_parity import _params
from tests.distributions.test_parity_relaxed import FAMILIES as RELAXED

torch = pytest.importorskip("torch")
TD = torch.distributions
SAMPLES = (5,) + SHAPE


def _base_rsample(base, noise):
    """The base distribution's reparameterised draw from standard ``noise`` (the formula of
    both libraries' rsample for these bases)."""
    if type(base).__name__ == "Exponential":
        return noise / base.rate
    if type(base).__name__ == "Uniform":
        return base.low + (base.high - base.low) * noise
    return base.loc + base.scale * noise  # Cauchy


@pytest.mark.parametrize("name, noise", [("Weibull", "exponential"), ("Pareto", "exponential"),
                                         ("Kumaraswamy", "uniform"), ("HalfCauchy", "cauchy")])
def test_transformed_rsample_gradients_match_pytorch_with_the_same_base_draws(name, noise):
    rng = np.random.default_rng(0)
    p = _params(rng)
    eps = {"exponential": rng.standard_exponential, "uniform": rng.uniform,
           "cauchy": rng.standard_cauchy}[noise](size=SAMPLES)
    results = []
    for lib, L in ((tinytorch, D), (torch, TD)):
        params = {k: lib.tensor(v, dtype=lib.float64, requires_grad=True) for k, v in p.items()}
        d = FAMILIES[name][0](L, params)
        assert d.has_rsample
        d.base_dist.rsample = lambda shape, base=d.base_dist, lib=lib: _base_rsample(
            base, lib.tensor(eps))
        x = d.rsample((5,))
        (x * x.sin()).sum().backward()
        results.append([x] + [params[k].grad for k in ("scale", "width")])
    for ours, theirs in zip(*results):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            _close(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("name", ["InverseGamma", "FisherSnedecor"])
def test_gamma_ratio_rsample_gradients_match_pytorch_with_the_same_draws(name, monkeypatch):
    p = _params(np.random.default_rng(0))
    concs = {"InverseGamma": [p["scale"] * 2],
             "FisherSnedecor": [p["scale"] * 3 * 0.5, p["width"] * 4 * 0.5]}[name]
    tinytorch.manual_seed(0)  # our draws, in the order rsample takes them
    draws = [tinytorch._standard_gamma(tinytorch.tensor(np.broadcast_to(c, SAMPLES))).numpy()
             for c in concs]
    order = itertools.cycle(draws)
    monkeypatch.setattr("torch.distributions.gamma._standard_gamma", lambda alpha: (
        _TorchGammaWithOurDraws.apply(alpha, torch.tensor(next(order)))))
    results = []
    for lib, L in ((tinytorch, D), (torch, TD)):
        tinytorch.manual_seed(0)
        params = {k: lib.tensor(v, dtype=lib.float64, requires_grad=True) for k, v in p.items()}
        x = FAMILIES[name][0](L, params).rsample((5,))
        (x * x.sin()).sum().backward()
        results.append([x] + [params[k].grad for k in ("scale", "width")])
    for ours, theirs in zip(*results):
        _close(ours, theirs, rtol=1e-12)


def test_von_mises_has_no_rsample():
    d = D.VonMises(0.0, 1.0)
    assert not d.has_rsample and not TD.VonMises(0.0, 1.0).has_rsample
    with pytest.raises(NotImplementedError):
        d.rsample()


@pytest.mark.parametrize("name", ["RelaxedBernoulli", "RelaxedBernoulli-logits",
                                  "RelaxedOneHotCategorical", "ContinuousBernoulli-probs",
                                  "ContinuousBernoulli-logits", "ContinuousBernoulli-taylor",
                                  "LowRankMultivariateNormal", "LogisticNormal"])
def test_rsample_gradients_match_pytorch_with_the_same_noise(name, monkeypatch):
    """Uniform noise through ``rand`` (the relaxed families, the continuous Bernoulli's
    inverse cdf) or standard normal noise (LowRankMultivariateNormal: W's then D's;
    LogisticNormal), fed to both libraries."""
    rng = np.random.default_rng(0)
    p = _params(rng)
    draws = [rng.uniform(0.01, 0.99, (5, 2, 3)), rng.normal(size=(5, 2, 2)),
             rng.normal(size=(5, 2, 3))]
    monkeypatch.setattr(torch, "rand", lambda *a, **kw: torch.tensor(draws[0]))
    monkeypatch.setattr(tinytorch, "rand", lambda *a, **kw: tinytorch.tensor(draws[0]))
    for lib, prefix in ((torch, "torch.distributions.{}._standard_normal"),
                        (tinytorch, "tinytorch.distributions.{}.standard_normal")):
        normals = iter(draws[1:] if "LowRank" in name else draws[2:])
        for module in ("lowrank_multivariate_normal", "normal"):
            monkeypatch.setattr(prefix.format(module), lambda shape, dtype, device, lib=lib,
                                normals=normals: lib.tensor(next(normals)))
    results = []
    for lib, L in ((tinytorch, D), (torch, TD)):
        params = {k: lib.tensor(v, dtype=lib.float64, requires_grad=True) for k, v in p.items()}
        x = RELAXED[name][0](L, params).rsample((5,))
        (x * x.sin()).sum().backward()
        results.append([x] + [params[k].grad for k in sorted(params)])
    for ours, theirs in zip(*results):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            _close(ours, theirs, rtol=1e-10)


def test_straight_through_rsample_has_the_gradient_of_probs():
    weights = np.random.default_rng(0).normal(size=(5, 2, 3))
    grads = []
    for lib, L in ((tinytorch, D), (torch, TD)):
        logits = lib.tensor(_params(np.random.default_rng(0))["logits"], requires_grad=True)
        x = L.OneHotCategoricalStraightThrough(logits=logits).rsample((5,))
        assert bool(((x.detach() == 0) | (x.detach() == 1)).all())
        (x * lib.tensor(weights)).sum().backward()
        grads.append(logits.grad)
    _close(*grads, rtol=1e-12)
