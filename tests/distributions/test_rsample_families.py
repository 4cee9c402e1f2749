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
