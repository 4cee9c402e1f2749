"""Sampling (shapes, seeded reproducibility, empirical moments), validation errors with
PyTorch's types and messages, expand, constraints and the KL registry."""

import math

import numpy as np
import pytest

import tinytorch
from tinytorch import distributions as D
from tinytorch.distributions import constraints


def _families(device):
    t = lambda v: tinytorch.tensor(v, dtype=tinytorch.float64, device=device)  # noqa: E731
    return {
        "Normal": D.Normal(t([0.5, -1.0]), t([1.0, 2.0])),
        "Laplace": D.Laplace(t([0.5, -1.0]), t([1.0, 2.0])),
        "Exponential": D.Exponential(t([0.5, 2.0])),
        "Uniform": D.Uniform(t([0.0, -1.0]), t([1.0, 3.0])),
        "Bernoulli": D.Bernoulli(logits=t([0.3, -2.0])),
        "OneHotCategorical": D.OneHotCategorical(t([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])),
        "Independent": D.Independent(D.Normal(t([0.5, -1.0]), t([1.0, 2.0])), 1),
        "MultivariateNormal": D.MultivariateNormal(
            t([0.5, -1.0]), covariance_matrix=t([[2.0, 0.5], [0.5, 1.0]])),
        "LogNormal": D.LogNormal(t([0.5, -1.0]), t([0.3, 0.5])),
        "HalfNormal": D.HalfNormal(t([1.0, 2.0])),
        "Gumbel": D.Gumbel(t([0.5, -1.0]), t([1.0, 2.0])),
        "Poisson": D.Poisson(t([0.5, 4.0])),
        "Geometric": D.Geometric(t([0.3, 0.8])),
        "Gamma": D.Gamma(t([0.4, 3.0]), t([1.0, 2.0])),
        "Chi2": D.Chi2(t([1.0, 5.0])),
        "Beta": D.Beta(t([0.5, 2.0]), t([0.7, 5.0])),
        "Dirichlet": D.Dirichlet(t([[0.5, 2.0, 1.0], [3.0, 0.3, 4.0]])),
        "StudentT": D.StudentT(t([5.0, 9.0]), t([0.5, -1.0]), t([1.0, 2.0])),
        "Binomial": D.Binomial(t([3.0, 10.0]), t([0.3, 0.8])),
        "Multinomial": D.Multinomial(6, t([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])),
        "NegativeBinomial": D.NegativeBinomial(t([2.0, 5.0]), logits=t([-0.5, 0.3])),
        "Weibull": D.Weibull(t([1.0, 2.0]), t([1.5, 3.0])),
        "Pareto": D.Pareto(t([1.0, 2.0]), t([6.0, 7.0])),
        "InverseGamma": D.InverseGamma(t([6.0, 7.0]), t([2.0, 3.0])),
        "Kumaraswamy": D.Kumaraswamy(t([1.5, 3.0]), t([2.0, 0.7])),
        "FisherSnedecor": D.FisherSnedecor(t([5.0, 8.0]), t([20.0, 30.0])),
        "ContinuousBernoulli": D.ContinuousBernoulli(t([0.2, 0.4999])),
        "LowRankMultivariateNormal": D.LowRankMultivariateNormal(
            t([0.5, -1.0]), t([[1.0], [0.5]]), t([0.5, 2.0])),
        "MixtureSameFamily": D.MixtureSameFamily(D.Categorical(t([0.3, 0.7])),
                                                 D.Normal(t([-1.0, 2.0]), t([0.5, 1.0]))),
    }


@pytest.mark.parametrize("name", ["Normal", "Laplace", "Exponential", "Uniform", "Bernoulli",
                                  "OneHotCategorical", "Independent", "MultivariateNormal",
                                  "LogNormal", "HalfNormal", "Gumbel", "Poisson", "Geometric",
                                  "Gamma", "Chi2", "Beta", "Dirichlet", "StudentT",
                                  "Binomial", "Multinomial", "NegativeBinomial", "Weibull",
                                  "Pareto", "InverseGamma", "Kumaraswamy", "FisherSnedecor",
                                  "ContinuousBernoulli", "LowRankMultivariateNormal",
                                  "MixtureSameFamily"])
def test_samples_have_the_shape_and_moments_of_the_distribution(name, device):
    d = _families(device)[name]
    tinytorch.manual_seed(0)
    x = d.sample((20000,))
    assert x.shape == (20000,) + tuple(d.batch_shape) + tuple(d.event_shape)
    assert x.dtype == tinytorch.float64 and x.device.type == device
    assert bool(d.support.check(x).all())
    np.testing.assert_allclose(x.mean(0).cpu().numpy(), d.mean.cpu().numpy(), atol=0.06)
    np.testing.assert_allclose(x.var(0).cpu().numpy(), d.variance.cpu().numpy(), rtol=0.08,
                               atol=0.01)
    tinytorch.manual_seed(0)
    assert bool((d.sample((20000,)) == x).all())  # manual_seed reproduces the draws


def test_cauchy_samples_have_its_quartiles(device):
    d = D.Cauchy(tinytorch.tensor([0.5, -1.0], dtype=tinytorch.float64, device=device),
                 tinytorch.tensor([1.0, 2.0], dtype=tinytorch.float64, device=device))
    tinytorch.manual_seed(0)
    x = d.sample((20000,))
    assert x.shape == (20000, 2) and x.dtype == tinytorch.float64
    for q in (0.25, 0.5, 0.75):
        frac = (x <= d.icdf(tinytorch.full((2,), q, dtype=tinytorch.float64, device=device)))
        np.testing.assert_allclose(frac.double().mean(0).cpu().numpy(), q, atol=0.015)


def test_half_cauchy_samples_have_its_quartiles(device):
    d = D.HalfCauchy(tinytorch.tensor([1.0, 2.0], dtype=tinytorch.float64, device=device))
    tinytorch.manual_seed(0)
    x = d.sample((20000,))
    assert x.shape == (20000, 2) and bool((x >= 0).all())
    for q in (0.25, 0.5, 0.75):
        frac = (x <= d.icdf(tinytorch.full((2,), q, dtype=tinytorch.float64, device=device)))
        np.testing.assert_allclose(frac.double().mean(0).cpu().numpy(), q, atol=0.015)


# log I0 and log I1 evaluate both series and pick one (PyTorch's too): the large-argument one
# is the log of a negative number for small arguments
@pytest.mark.filterwarnings("ignore:invalid value encountered in log:RuntimeWarning")
def test_von_mises_samples_have_its_circular_mean_and_variance(device):
    loc = tinytorch.tensor([0.5, -3.0, 2.0], dtype=tinytorch.float64, device=device)
    d = D.VonMises(loc, tinytorch.tensor([0.3, 4.0, 1e-6], dtype=tinytorch.float64,
                                         device=device))
    tinytorch.manual_seed(0)
    x = d.sample((20000,))
    assert x.shape == (20000, 3) and x.dtype == tinytorch.float64
    assert bool((x >= -math.pi).all()) and bool((x < math.pi).all())
    cos, sin = x.cos().mean(0), x.sin().mean(0)
    np.testing.assert_allclose(tinytorch.atan2(sin, cos)[:2].cpu().numpy(),
                               loc[:2].cpu().numpy(), atol=0.06)
    np.testing.assert_allclose((1 - (cos ** 2 + sin ** 2).sqrt()).cpu().numpy(),
                               d.variance.cpu().numpy(), atol=0.02)
    assert D.VonMises(0.0, 1.0, validate_args=True).sample().dtype == tinytorch.float32


def test_categorical_samples_follow_probs(device):
    d = D.Categorical(tinytorch.tensor([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]], device=device))
    tinytorch.manual_seed(0)
    x = d.sample((4, 5000))
    assert x.shape == (4, 5000, 2) and x.dtype == tinytorch.int64
    freq = [(x[..., 0] == k).float().mean().item() for k in range(3)]
    np.testing.assert_allclose(freq, [0.2, 0.3, 0.5], atol=0.02)
    assert d.sample().shape == (2,)


def test_rsample_records_gradients_and_sample_does_not():
    loc = tinytorch.zeros(3, requires_grad=True)
    d = D.Normal(loc, 1.0)
    assert d.rsample((2,)).requires_grad
    assert not d.sample((2,)).requires_grad
    with pytest.raises(NotImplementedError):
        D.Bernoulli(0.5).rsample()
    for d in (D.Gamma(1.0, 1.0), D.Beta(1.0, 1.0), D.Dirichlet(tinytorch.ones(2)),
              D.StudentT(3.0)):  # gamma draws: reparameterised as PyTorch's
        assert d.has_rsample and d.rsample((2,)).shape == (2,) + tuple(d.event_shape)


def test_lazy_probs_and_logits_convert_as_pytorch():
    d = D.Categorical(logits=tinytorch.tensor([1.0, 1.0, 2.0]))
    assert "probs" not in d.__dict__
    np.testing.assert_allclose(d.probs.sum().item(), 1.0, rtol=1e-6)
    assert "probs" in d.__dict__
    np.testing.assert_allclose(d.logits.logsumexp(-1).item(), 0.0, atol=1e-6)
    b = D.Bernoulli(probs=tinytorch.tensor([0.5]))
    np.testing.assert_allclose(b.logits.numpy(), [0.0], atol=1e-6)


def test_expand_broadcasts_parameters_without_copying():
    d = D.Normal(tinytorch.tensor([0.0, 1.0]), 1.0).expand((3, 2))
    assert d.batch_shape == (3, 2) and d.loc.shape == (3, 2)
    assert d.sample((4,)).shape == (4, 3, 2)
    m = D.MultivariateNormal(tinytorch.zeros(2), tinytorch.eye(2)).expand((5,))
    assert m.batch_shape == (5,) and m.covariance_matrix.shape == (5, 2, 2)
    c = D.OneHotCategorical(tinytorch.ones(3)).expand((2,))
    assert c.sample().shape == (2, 3)


def test_enumerate_support_lists_every_value():
    assert D.Bernoulli(tinytorch.tensor([0.3, 0.4])).enumerate_support().shape == (2, 2)
    assert D.Categorical(tinytorch.ones(2, 3)).enumerate_support(expand=False).shape == (3, 1)
    assert D.OneHotCategorical(tinytorch.ones(3)).enumerate_support().shape == (3, 3)
    support = D.Binomial(4, tinytorch.tensor([0.3, 0.4])).enumerate_support(expand=False)
    assert support.shape == (5, 1) and support[:, 0].tolist() == [0, 1, 2, 3, 4]


def test_constraints_check_as_pytorch():
    x = tinytorch.tensor([-1.0, 0.0, 0.5, 1.0, math.nan])
    assert constraints.real.check(x).tolist() == [True, True, True, True, False]
    assert constraints.positive.check(x).tolist() == [False, False, True, True, False]
    assert constraints.nonnegative.check(x).tolist() == [False, True, True, True, False]
    assert constraints.unit_interval.check(x).tolist() == [False, True, True, True, False]
    assert constraints.boolean.check(x).tolist() == [False, True, False, True, False]
    assert constraints.nonnegative_integer.check(x).tolist() == [False, True, False, True,
                                                                 False]
    assert constraints.simplex.check(tinytorch.tensor([[0.5, 0.5], [0.5, 0.6]])).tolist() \
        == [True, False]
    assert constraints.lower_cholesky.check(tinytorch.tensor([[1.0, 0.0], [2.0, 1.0]])).item()
    assert not constraints.positive_definite.check(tinytorch.ones(2, 2)).item()
    assert constraints.is_dependent(D.Uniform.support)
    with pytest.raises(ValueError, match="Cannot determine validity of dependent constraint"):
        constraints.dependent.check(x)


def test_set_default_validate_args_turns_validation_off():
    try:
        D.Distribution.set_default_validate_args(False)
        D.Normal(0.0, -1.0)  # no error
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        D.Distribution.set_default_validate_args(1.5)
    D.Normal(0.0, -1.0, validate_args=False)


def test_register_kl_dispatches_to_the_most_specific_pair():
    class MyNormal(D.Normal):
        pass

    d = MyNormal(0.0, 1.0)
    assert D.kl_divergence(d, D.Normal(1.0, 1.0)).item() == pytest.approx(0.5)

    @D.register_kl(MyNormal, D.Normal)
    def _kl_mine(p, q):
        return tinytorch.tensor(-1.0)

    assert D.kl_divergence(d, D.Normal(1.0, 1.0)).item() == -1.0
    assert D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(1.0, 1.0)).item() == pytest.approx(0.5)
    with pytest.raises(NotImplementedError, match="No KL\\(p \\|\\| q\\) is implemented for "
                                                  "p type Normal and q type Cauchy"):
        D.kl_divergence(D.Normal(0.0, 1.0), D.Cauchy(0.0, 1.0))
    with pytest.raises(TypeError, match="Expected type_p to be a Distribution subclass"):
        D.register_kl(int, D.Normal)


def _invalid_cases(lib, L):
    return [
        lambda: L.Normal(0.0, -1.0),
        lambda: L.Exponential(1.0).log_prob(lib.tensor(-1.0)),
        lambda: L.Bernoulli(lib.tensor([0.5, 1.5])),
        lambda: L.Uniform(1.0, 0.0),
        lambda: L.Categorical(lib.tensor([0.5, 0.5])).log_prob(lib.tensor(2)),
        lambda: L.Normal(lib.zeros(3), 1.0).log_prob(lib.zeros(2)),
        lambda: L.MultivariateNormal(lib.zeros(2), lib.ones(2, 2)),
        lambda: L.MultivariateNormal(lib.zeros(2), lib.eye(2), scale_tril=lib.eye(2)),
        lambda: L.MultivariateNormal(lib.tensor(0.0), lib.eye(2)),
        lambda: L.Bernoulli(),
        lambda: L.Categorical(lib.tensor(0.5)),
        lambda: L.Normal(0.0, 1.0).log_prob(0.5),
        lambda: L.Independent(L.Normal(0.0, 1.0), 1),
        lambda: L.Laplace("a", 1.0),
        lambda: L.LogNormal(0.0, -1.0),
        lambda: L.LogNormal(0.0, 1.0).log_prob(lib.tensor(0.0)),
        lambda: L.HalfNormal(lib.tensor([1.0, 0.0])),
        lambda: L.Cauchy(lib.zeros(2), lib.zeros(2)),
        lambda: L.Cauchy(0.0, 1.0).cdf(lib.tensor(float("nan"))),
        lambda: L.Gumbel(0.0, -2.0),
        lambda: L.TransformedDistribution(L.Normal(0.0, 1.0), "exp"),
        lambda: L.Poisson(lib.tensor([1.0, -1.0])),
        lambda: L.Poisson(2.0).log_prob(lib.tensor(0.5)),
        lambda: L.Geometric(lib.tensor([0.5, 0.0])),
        lambda: L.Geometric(lib.tensor([0.5, 1.5])),
        lambda: L.Geometric(0.5, 0.0),
        lambda: L.Geometric(logits=0.0).log_prob(lib.tensor(-1.0)),
        lambda: lib.poisson(lib.tensor([1.0, -2.0])),
        lambda: L.Gamma(lib.tensor([1.0, 0.0]), 1.0),
        lambda: L.Gamma(1.0, 1.0).log_prob(lib.tensor(-1.0)),
        lambda: L.Chi2(lib.tensor([-1.0])),
        lambda: L.Beta(lib.tensor([1.0]), lib.tensor([-1.0])),
        lambda: L.Beta(1.0, 1.0).log_prob(lib.tensor(1.5)),
        lambda: L.Dirichlet(lib.tensor(1.0)),
        lambda: L.Dirichlet(lib.tensor([1.0, -1.0])),
        lambda: L.Dirichlet(lib.ones(3)).log_prob(lib.tensor([0.5, 0.2, 0.2])),
        lambda: L.StudentT(lib.tensor([0.0])),
        lambda: L.StudentT(1.0, 0.0, -1.0),
        lambda: L.Binomial(lib.tensor([3.0, -1.0]), lib.tensor([0.5, 0.5])),
        lambda: L.Binomial(lib.tensor([3.0, 1.5]), lib.tensor([0.5, 0.5])),
        lambda: L.Binomial(3, lib.tensor([0.5, 1.5])),
        lambda: L.Binomial(3, lib.tensor(0.5)).log_prob(lib.tensor(4.0)),
        lambda: L.Binomial(lib.tensor([3.0, 4.0]), lib.tensor([0.5, 0.5])).enumerate_support(),
        lambda: L.Binomial(lib.tensor([3.0, 4.0]), lib.tensor([0.5, 0.5])).entropy(),
        lambda: L.Binomial(3),
        lambda: L.Multinomial(lib.tensor(3), lib.ones(2)),
        lambda: L.Multinomial(3, lib.ones(2)).log_prob(lib.tensor([-1.0, 2.0])),
        lambda: L.Multinomial(3, lib.ones(2)).log_prob(lib.tensor([1.0, 2.0, 0.0])),
        lambda: L.Multinomial(3, lib.tensor([0.5, -0.2])),
        lambda: L.NegativeBinomial(lib.tensor([-1.0]), lib.tensor([0.5])),
        lambda: L.NegativeBinomial(1.0, lib.tensor([1.0])),
        lambda: L.NegativeBinomial(1.0, logits=0.0).log_prob(lib.tensor(0.5)),
        lambda: L.NegativeBinomial(1.0, logits=0.0).entropy(),
        lambda: L.kl_divergence(L.Binomial(3, lib.tensor(0.5)), L.Binomial(4, lib.tensor(0.5))),
        lambda: L.Weibull(lib.tensor([1.0]), lib.tensor([-1.0])),
        lambda: L.Weibull(1.0, 1.0).log_prob(lib.tensor(-1.0)),
        lambda: L.Pareto(lib.tensor([0.0]), 1.0),
        lambda: L.Pareto(2.0, 1.0).log_prob(lib.tensor(1.0)),
        lambda: L.HalfCauchy(lib.tensor([-1.0])),
        lambda: L.HalfCauchy(1.0).log_prob(lib.tensor(-1.0)),
        lambda: L.InverseGamma(lib.tensor([1.0]), lib.tensor([0.0])),
        lambda: L.InverseGamma(1.0, 1.0).log_prob(lib.tensor(0.0)),
        lambda: L.Kumaraswamy(lib.tensor([-1.0]), 1.0),
        lambda: L.Kumaraswamy(1.0, 1.0).log_prob(lib.tensor(1.5)),
        lambda: L.FisherSnedecor(lib.tensor([-1.0]), 1.0),
        lambda: L.FisherSnedecor(1.0, 1.0).log_prob(lib.tensor(-1.0)),
        lambda: L.VonMises(0.0, lib.tensor([0.0])),
        lambda: L.VonMises(lib.tensor([0.0]), 1.0).log_prob(lib.tensor(float("nan"))),
        lambda: L.MixtureSameFamily(L.Normal(0.0, 1.0), L.Normal(lib.zeros(2), 1.0)),
        lambda: L.MixtureSameFamily(L.Categorical(lib.ones(2)), "normal"),
        lambda: L.MixtureSameFamily(L.Categorical(lib.ones(2, 3)), L.Normal(lib.zeros(3, 3), 1.0)),
        lambda: L.MixtureSameFamily(L.Categorical(lib.ones(3)), L.Normal(lib.zeros(2), 1.0)),
        lambda: L.MixtureSameFamily(L.Categorical(lib.ones(2)), L.Exponential(lib.ones(2))
                                    ).log_prob(lib.tensor(-1.0)),
        lambda: L.LowRankMultivariateNormal(lib.tensor(0.0), lib.ones(1, 1), lib.ones(1)),
        lambda: L.LowRankMultivariateNormal(lib.zeros(2), lib.ones(2), lib.ones(2)),
        lambda: L.LowRankMultivariateNormal(lib.zeros(2), lib.ones(3, 1), lib.ones(2)),
        lambda: L.LowRankMultivariateNormal(lib.zeros(2), lib.ones(2, 1), lib.ones(3)),
        lambda: L.LowRankMultivariateNormal(lib.zeros(3, 2), lib.ones(4, 2, 1), lib.ones(2)),
        lambda: L.LowRankMultivariateNormal(lib.zeros(2), lib.zeros(2, 1), -lib.ones(2)),
        lambda: L.RelaxedBernoulli(lib.tensor(0.5), lib.tensor([1.5])),
        lambda: L.RelaxedBernoulli(lib.tensor(0.5)),
        lambda: L.RelaxedBernoulli(lib.tensor(0.5), 0.3).log_prob(lib.tensor(1.5)),
        lambda: L.RelaxedOneHotCategorical(lib.tensor(0.5), lib.tensor([0.5, -0.2])),
        lambda: L.RelaxedOneHotCategorical(lib.tensor(0.5), lib.ones(2)).log_prob(
            lib.tensor([0.5, 0.6])),
        lambda: L.ContinuousBernoulli(lib.tensor([1.5]), validate_args=True),
        lambda: L.ContinuousBernoulli(logits=0.3).log_prob(lib.tensor(1.5)),
        lambda: L.LogisticNormal(0.0, lib.tensor([-1.0])),
        lambda: L.LogisticNormal(lib.zeros(2), 1.0).log_prob(lib.tensor([0.5, 0.6, 0.1])),
        lambda: L.OneHotCategoricalStraightThrough(lib.ones(2)).log_prob(lib.tensor([1.0, 1.0])),
        lambda: lib.binomial(lib.tensor([5, 10]), lib.tensor([0.5, 0.2])),
        lambda: lib.binomial(lib.tensor([5.0]), lib.tensor([0.5], dtype=lib.float64)),
    ]


@pytest.mark.parametrize("case", range(len(_invalid_cases(tinytorch, D))))
def test_invalid_arguments_raise_pytorchs_errors(case):
    torch = pytest.importorskip("torch")
    with pytest.raises(Exception) as theirs:
        _invalid_cases(torch, torch.distributions)[case]()
    with pytest.raises(type(theirs.value)) as ours:
        _invalid_cases(tinytorch, D)[case]()
    assert str(ours.value).split("\n")[0] == str(theirs.value).split("\n")[0]


def test_poisson_binomial_and_standard_gamma_draw_from_the_generator(device):
    rate = tinytorch.tensor([0.5, 3.0, 40.0], dtype=tinytorch.float64, device=device)
    g = tinytorch.Generator(device=device).manual_seed(1)
    x = tinytorch.poisson(rate.expand(20000, 3), generator=g)
    assert x.dtype == tinytorch.float64 and x.shape == (20000, 3) and not x.requires_grad
    assert bool((x == x.round()).all()) and bool((x >= 0).all())
    np.testing.assert_allclose(x.mean(0).cpu().numpy(), [0.5, 3.0, 40.0], rtol=0.03)
    np.testing.assert_allclose(x.var(0).cpu().numpy(), [0.5, 3.0, 40.0], rtol=0.06)
    g.manual_seed(1)
    assert bool((tinytorch.poisson(rate.expand(20000, 3), generator=g) == x).all())
    count = tinytorch.tensor([0.0, 5.0, 30.0], dtype=tinytorch.float64, device=device)
    prob = tinytorch.tensor([0.5, 0.3, 0.9], dtype=tinytorch.float64, device=device)
    z = tinytorch.binomial(count.expand(20000, 3), prob.expand(20000, 3), generator=g)
    assert z.dtype == tinytorch.float64 and not z.requires_grad
    np.testing.assert_allclose(z.mean(0).cpu().numpy(), [0.0, 1.5, 27.0], rtol=0.03, atol=0)
    g.manual_seed(1)
    tinytorch.poisson(rate.expand(20000, 3), generator=g)
    assert bool((tinytorch.binomial(count.expand(20000, 3), prob.expand(20000, 3),
                                    generator=g) == z).all())
    y = tinytorch._standard_gamma(tinytorch.tensor([0.3, 2.0, 9.0], device=device)
                                  .expand(20000, 3))
    assert y.dtype == tinytorch.float32 and bool((y > 0).all())
    np.testing.assert_allclose(y.mean(0).cpu().numpy(), [0.3, 2.0, 9.0], rtol=0.03)
