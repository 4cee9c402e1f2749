"""The mixture, low-rank normal, relaxed, continuous Bernoulli, logistic-normal and
straight-through families, and the KL pairs between different families, against PyTorch in
float64 on seeded random parameters (values and parameter gradients)."""

import numpy as np
import pytest

import tinytorch
from tinytorch import distributions as D
from tests.distributions.test_parity import FAMILIES as BASIC
from tests.distributions.test_parity import SHAPE
from tests.distributions.test_parity import _close
from tests.distributions.test_parity import _pair
from tests.distributions.test_parity import _params
from tests.distributions.test_parity import _same_or_both_raise

torch = pytest.importorskip("torch")
TD = torch.distributions


def _mixture(L, p):
    return L.MixtureSameFamily(L.Categorical(logits=p["logits"]), L.Normal(p["loc"], p["scale"]))


def _mixture_of_vectors(L, p):
    components = L.Independent(L.Normal(p["cov"], p["scale"][..., None]), 1)
    return L.MixtureSameFamily(L.Categorical(logits=p["logits"]), components)


# name: (build(L, p) -> distribution, value(rng, p) -> NumPy value)
FAMILIES = {
    "ContinuousBernoulli-probs": (lambda L, p: L.ContinuousBernoulli(probs=p["probs"]),
                                  lambda r, p: r.uniform(0, 1, SHAPE)),
    "ContinuousBernoulli-logits": (lambda L, p: L.ContinuousBernoulli(logits=p["logits"]),
                                   lambda r, p: r.uniform(0, 1, SHAPE)),
    "ContinuousBernoulli-taylor": (lambda L, p: L.ContinuousBernoulli(
        probs=0.4995 + p["probs"] / 900), lambda r, p: r.uniform(0, 1, SHAPE)),
    "RelaxedBernoulli": (lambda L, p: L.RelaxedBernoulli(p["scale"], probs=p["probs"]),
                         lambda r, p: r.uniform(0.05, 0.95, SHAPE)),
    "RelaxedBernoulli-logits": (lambda L, p: L.RelaxedBernoulli(p["scale"][0],
                                                                logits=p["logits"]),
                                lambda r, p: r.uniform(0.05, 0.95, SHAPE)),
    "RelaxedOneHotCategorical": (lambda L, p: L.RelaxedOneHotCategorical(
        p["scale"][0, 0], logits=p["logits"]), lambda r, p: r.dirichlet(np.ones(3), (4, 2))),
    "OneHotCategoricalStraightThrough": (lambda L, p: L.OneHotCategoricalStraightThrough(
        probs=p["probs"]), lambda r, p: np.eye(3)[r.integers(0, 3, (4, 2))]),
    "LowRankMultivariateNormal": (lambda L, p: L.LowRankMultivariateNormal(
        p["vec"], p["cov"][..., :2], p["scale"]), lambda r, p: r.normal(size=(4, 2, 3))),
    "LogisticNormal": (lambda L, p: L.LogisticNormal(p["loc"], p["scale"]),
                       lambda r, p: r.dirichlet(np.ones(4), (4, 2))),
    "MixtureSameFamily": (_mixture, lambda r, p: r.normal(size=(4, 2))),
    "MixtureSameFamily-event": (_mixture_of_vectors, lambda r, p: r.normal(size=(4, 2, 3))),
}


def _both(families, name, seed):
    rng = np.random.default_rng(seed)
    p = _params(rng)
    ours = families[name][0](D, {k: _pair(v)[0] for k, v in p.items()})
    theirs = families[name][0](TD, {k: _pair(v)[1] for k, v in p.items()})
    return ours, theirs, families[name][1](rng, p)


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_family_matches_pytorch(name, seed):
    ours, theirs, value = _both(FAMILIES, name, seed)
    assert ours.batch_shape == tuple(theirs.batch_shape)
    assert ours.event_shape == tuple(theirs.event_shape)
    assert ours.has_rsample == theirs.has_rsample
    assert repr(ours) == repr(theirs)
    assert repr(ours.support) == repr(theirs.support)
    v_ours, v_theirs = _pair(value)
    _close(ours.log_prob(v_ours), theirs.log_prob(v_theirs))
    for stat in ("mean", "variance", "stddev", "mode"):
        _same_or_both_raise(lambda: getattr(ours, stat), lambda: getattr(theirs, stat), stat)
    _same_or_both_raise(ours.entropy, theirs.entropy, "entropy")
    _same_or_both_raise(lambda: ours.cdf(v_ours), lambda: theirs.cdf(v_theirs), "cdf")
    q_ours, q_theirs = _pair(np.random.default_rng(seed).uniform(0.01, 0.99, SHAPE))
    _same_or_both_raise(lambda: ours.icdf(q_ours), lambda: theirs.icdf(q_theirs), "icdf")
    expanded = ours.expand((4,) + tuple(ours.batch_shape))
    assert expanded.batch_shape == (4,) + tuple(ours.batch_shape)
    _close(expanded.log_prob(v_ours), theirs.expand((4,) + theirs.batch_shape).log_prob(
        v_theirs))
    assert ours.sample((5,)).shape == (5,) + tuple(ours.batch_shape + ours.event_shape)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_log_prob_parameter_gradients_match_pytorch(name):
    grads = []
    rng = np.random.default_rng(0)
    p = _params(rng)
    value = FAMILIES[name][1](rng, p)
    for lib, L in ((tinytorch, D), (torch, TD)):
        params = {k: lib.tensor(v, dtype=lib.float64, requires_grad=True) for k, v in p.items()}
        d = FAMILIES[name][0](L, params)
        total = d.log_prob(lib.tensor(value)).sum()
        try:
            total = total + d.entropy().sum() + d.mean.sum() + d.variance.sum()
        except NotImplementedError:
            pass
        total.backward()
        grads.append([total] + [params[k].grad for k in sorted(params)])
    for ours, theirs in zip(*grads):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            _close(ours, theirs)


FAMILIES["Uniform-unit"] = (lambda L, p: L.Uniform(p["probs"] / 2, p["probs"] / 2 + 0.5),
                            lambda r, p: r.uniform(0.5, 0.55, SHAPE))
_ALL = {**BASIC, **{k: v[:2] for k, v in FAMILIES.items()}}
_REAL = ["Beta", "ContinuousBernoulli-probs", "Exponential", "Gamma", "Gumbel", "Normal",
         "Pareto", "Uniform", "Uniform-unit"]
_NO_CLOSED_FORM = {("ContinuousBernoulli", "Beta"), ("ContinuousBernoulli", "Gamma"),
                   ("ContinuousBernoulli", "Gumbel"), ("Beta", "Gumbel"), ("Pareto", "Gumbel"),
                   ("Laplace", "Gumbel")}
KL_PAIRS = [("ContinuousBernoulli-probs", "ContinuousBernoulli-logits"),
            ("ContinuousBernoulli-taylor", "ContinuousBernoulli-probs"),
            ("LowRankMultivariateNormal", "LowRankMultivariateNormal"),
            ("MVN-cov", "LowRankMultivariateNormal"), ("LowRankMultivariateNormal", "MVN-cov"),
            ("Bernoulli-probs", "Poisson"), ("Poisson", "Bernoulli-probs"),
            ("Poisson", "Binomial-logits"), ("Normal", "Laplace"), ("Laplace", "Normal"),
            ("Chi2", "Exponential")] + [
    (p, q) for p in _REAL + ["Laplace"] for q in _REAL
    if p.split("-")[0] != q.split("-")[0]
    and (p.split("-")[0], q.split("-")[0]) not in _NO_CLOSED_FORM]


# infinite or undefined divergences (supports that do not nest) are computed as PyTorch's
@pytest.mark.filterwarnings("ignore:(divide by zero|invalid value) encountered:RuntimeWarning")
@pytest.mark.parametrize("p_name, q_name", KL_PAIRS)
def test_kl_divergence_between_families_matches_pytorch(p_name, q_name):
    p_ours, p_theirs, _ = _both(_ALL, p_name, 0)
    q_ours, q_theirs, _ = _both(_ALL, q_name, 1)
    _close(D.kl_divergence(p_ours, q_ours), TD.kl_divergence(p_theirs, q_theirs))


@pytest.mark.parametrize("p_name, q_name", sorted(_NO_CLOSED_FORM))
def test_kl_divergence_without_a_closed_form_raises_as_pytorch(p_name, q_name):
    names = {"ContinuousBernoulli": "ContinuousBernoulli-probs"}
    p_ours, p_theirs, _ = _both(_ALL, names.get(p_name, p_name), 0)
    q_ours, q_theirs, _ = _both(_ALL, names.get(q_name, q_name), 1)
    with pytest.raises(NotImplementedError) as theirs:
        TD.kl_divergence(p_theirs, q_theirs)
    with pytest.raises(NotImplementedError) as ours:
        D.kl_divergence(p_ours, q_ours)
    if not (isinstance(p_theirs, TD.ExponentialFamily)  # no ExponentialFamily here: our
            and isinstance(q_theirs, TD.ExponentialFamily)):  # message is the registry's
        assert str(ours.value) == str(theirs.value)  # empty for two TransformedDistributions
