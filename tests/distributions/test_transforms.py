"""Transforms and TransformedDistribution against PyTorch's in float64: values, inverses,
log-Jacobians, signs, domains, shapes, caching, and the pushed-forward distributions'
densities, cdfs and gradients."""

import numpy as np
import pytest

import tinytorch
from tinytorch import distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions


def _t(lib, a, **kw):
    return lib.tensor(a, dtype=lib.float64, **kw)


def _close(a, b):
    np.testing.assert_allclose(np.asarray(a.detach()), b.detach().numpy(), rtol=1e-10,
                               atol=1e-12)


RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 3))
LOC, SCALE = RNG.normal(size=3), RNG.uniform(0.5, 2.0, 3) * np.array([1, -1, 1])

# name: build(lib, L) -> transform
TRANSFORMS = {
    "Exp": lambda lib, L: L.ExpTransform(),
    "Sigmoid": lambda lib, L: L.SigmoidTransform(),
    "Tanh": lambda lib, L: L.TanhTransform(),
    "Affine-numbers": lambda lib, L: L.AffineTransform(1.5, -2.0),
    "Affine-tensors": lambda lib, L: L.AffineTransform(_t(lib, LOC), _t(lib, SCALE)),
    "Affine-event": lambda lib, L: L.AffineTransform(_t(lib, LOC), _t(lib, SCALE), 1),
    "Exp-inv": lambda lib, L: L.ExpTransform().inv,
    "Power": lambda lib, L: L.PowerTransform(_t(lib, SCALE)),
    "Softplus": lambda lib, L: L.SoftplusTransform(),
    "StickBreaking": lambda lib, L: L.StickBreakingTransform(),
    "Reshape": lambda lib, L: L.ReshapeTransform((3,), (3, 1)),
    "Independent": lambda lib, L: L.IndependentTransform(L.TanhTransform(), 1),
    "Cat": lambda lib, L: L.CatTransform(
        [L.ExpTransform(), L.identity_transform, L.AffineTransform(1.0, -2.0)], -1, [1, 1, 1]),
    "Cat-blocks": lambda lib, L: L.CatTransform(
        [L.IndependentTransform(L.SigmoidTransform(), 1), L.ExpTransform()], 1, [2, 1]),
    "Stack": lambda lib, L: L.StackTransform(
        [L.ExpTransform(), L.SigmoidTransform(), L.TanhTransform()], -1),
    "Stack-dim0": lambda lib, L: L.StackTransform([L.ExpTransform(), L.TanhTransform()], 0),
    "CorrCholesky": lambda lib, L: L.CorrCholeskyTransform(),
    "CDF": lambda lib, L: L.CumulativeDistributionTransform(L.Normal(_t(lib, LOC), 1.5)),
    "Compose": lambda lib, L: L.ComposeTransform(
        [L.AffineTransform(_t(lib, LOC), 0.5, event_dim=1), L.TanhTransform(),
         L.AffineTransform(0.0, -3.0)]),
}


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_transform_matches_pytorch(name):
    ours, theirs = TRANSFORMS[name](tinytorch, D), TRANSFORMS[name](torch, TD)
    x_ours, x_theirs = _t(tinytorch, X, requires_grad=True), _t(torch, X, requires_grad=True)
    if name in ("Exp-inv", "Power"):  # defined on the positive reals
        x_ours, x_theirs = (_t(lib, np.exp(X), requires_grad=True) for lib in (tinytorch, torch))
    y_ours, y_theirs = ours(x_ours), theirs(x_theirs)
    _close(y_ours, y_theirs)
    _close(ours.inv(y_ours.detach()), theirs.inv(y_theirs.detach()))
    j_ours, j_theirs = ours.log_abs_det_jacobian(x_ours, y_ours), \
        theirs.log_abs_det_jacobian(x_theirs, y_theirs)
    _close(j_ours, j_theirs)
    (y_ours.sum() + j_ours.sum()).backward()
    (y_theirs.sum() + j_theirs.sum()).backward()
    _close(x_ours.grad, x_theirs.grad)
    try:
        sign_theirs = theirs.sign
    except NotImplementedError:  # not univariate
        with pytest.raises(NotImplementedError):
            ours.sign  # noqa: B018
    else:
        if isinstance(sign_theirs, torch.Tensor):
            _close(ours.sign, sign_theirs)
        else:
            assert ours.sign == sign_theirs
    assert ours.bijective == theirs.bijective
    assert repr(ours.domain) == repr(theirs.domain)
    assert repr(ours.codomain) == repr(theirs.codomain)
    assert ours.domain.event_dim == theirs.domain.event_dim
    assert ours.codomain.event_dim == theirs.codomain.event_dim
    assert ours.inv.inv is ours
    assert tuple(ours.forward_shape((4, 1, 3))) == tuple(theirs.forward_shape((4, 1, 3)))
    assert repr(ours) == repr(theirs)


def test_transform_caching_and_errors_as_pytorch():
    t = D.ExpTransform(cache_size=1)
    x = tinytorch.tensor([0.5])
    y = t(x)
    assert t.inv(y) is x and t(x) is y
    assert D.ExpTransform().inv(D.ExpTransform()(x)) is not x
    assert D.ComposeTransform([D.ExpTransform()], cache_size=1).parts[0]._cache_size == 1
    assert D.AffineTransform(0.0, 1.0).with_cache()._cache_size == 1
    assert D.ExpTransform() == D.ExpTransform() and D.ExpTransform().inv == D.ExpTransform().inv
    assert D.AffineTransform(0.0, 2.0) != D.AffineTransform(0.0, 1.0)
    assert D.AffineTransform(0.0, 1.0, event_dim=2).event_dim == 2
    for lib, L in ((torch, TD), (tinytorch, D)):
        with pytest.raises(ValueError, match="cache_size must be 0 or 1"):
            L.ExpTransform(cache_size=2)
        with pytest.raises(NotImplementedError):
            L.Transform().sign  # noqa: B018


# name: (build(lib, L) -> distribution, value(rng) -> NumPy value)
TRANSFORMED = {
    "logistic": (lambda lib, L: L.TransformedDistribution(
        L.Uniform(_t(lib, np.zeros(3)), _t(lib, np.ones(3))),
        [L.SigmoidTransform().inv, L.AffineTransform(_t(lib, LOC), _t(lib, SCALE))]),
        lambda r: r.normal(size=(2, 3))),
    "decreasing": (lambda lib, L: L.TransformedDistribution(
        L.Normal(_t(lib, LOC), 1.0), [L.ExpTransform(), L.AffineTransform(2.0, -1.0)]),
        lambda r: 2.0 - r.uniform(0.1, 3.0, (2, 3))),
    "event": (lambda lib, L: L.TransformedDistribution(
        L.Normal(_t(lib, LOC), 1.0), L.AffineTransform(0.0, _t(lib, SCALE), event_dim=1)),
        lambda r: r.normal(size=(2, 3))),
    "tanh-normal": (lambda lib, L: L.TransformedDistribution(
        L.Normal(_t(lib, LOC), _t(lib, np.abs(SCALE))), [L.TanhTransform()]),
        lambda r: r.uniform(-0.9, 0.9, (2, 3))),
    "broadcast": (lambda lib, L: L.TransformedDistribution(
        L.Normal(0.0, 1.0), L.AffineTransform(_t(lib, LOC), 2.0)),
        lambda r: r.normal(size=(2, 3))),
}


@pytest.mark.parametrize("name", sorted(TRANSFORMED))
def test_transformed_distribution_matches_pytorch(name):
    ours, theirs = TRANSFORMED[name][0](tinytorch, D), TRANSFORMED[name][0](torch, TD)
    assert ours.batch_shape == tuple(theirs.batch_shape)
    assert ours.event_shape == tuple(theirs.event_shape)
    assert ours.has_rsample == theirs.has_rsample
    assert repr(ours.support) == repr(theirs.support)
    value = TRANSFORMED[name][1](np.random.default_rng(1))
    _close(ours.log_prob(_t(tinytorch, value)), theirs.log_prob(_t(torch, value)))
    if name != "event":
        _close(ours.cdf(_t(tinytorch, value)), theirs.cdf(_t(torch, value)))
        q = np.random.default_rng(2).uniform(0.05, 0.95, (2, 3))
        _close(ours.icdf(_t(tinytorch, q)), theirs.icdf(_t(torch, q)))
    tinytorch.manual_seed(0)
    assert ours.sample((5,)).shape == (5,) + tuple(theirs.batch_shape + theirs.event_shape)
    assert ours.expand((4,) + tuple(ours.batch_shape)).sample().shape == \
        tuple(theirs.expand((4,) + tuple(theirs.batch_shape)).sample().shape)


def test_transformed_distribution_errors_as_pytorch():
    for lib, L in ((torch, TD), (tinytorch, D)):
        with pytest.raises(ValueError, match="transforms must be a Transform or a list of "
                                             "Transforms"):
            L.TransformedDistribution(L.Normal(0.0, 1.0), [1])
        with pytest.raises(ValueError, match="transforms must be a Transform or list, but "
                                             "was 3"):
            L.TransformedDistribution(L.Normal(0.0, 1.0), 3)
        with pytest.raises(ValueError, match=r"base_distribution needs to have shape with "
                                             r"size at least 1, but got torch.Size\(\[\]\)."):
            L.TransformedDistribution(L.Normal(0.0, 1.0), L.AffineTransform(0.0, 1.0, 1))
        with pytest.raises(NotImplementedError):  # KL only through the same transforms
            L.kl_divergence(L.LogNormal(0.0, 1.0), L.TransformedDistribution(
                L.Normal(0.0, 1.0), L.SigmoidTransform()))
        with pytest.raises(ValueError, match="Expected parameter scale"):
            L.LogNormal(0.0, -1.0)
        with pytest.raises(ValueError, match="Expected parameter scale"):
            L.HalfNormal(lib.tensor([-1.0]))
        with pytest.raises(ValueError, match="Expected value argument"):
            L.LogNormal(0.0, 1.0).log_prob(lib.tensor(-1.0))
        with pytest.raises(ValueError, match="Expected value argument"):
            L.HalfNormal(1.0).log_prob(lib.tensor(-1.0))
        with pytest.raises(ValueError, match="Expected parameter scale"):
            L.Cauchy(0.0, 0.0)
        with pytest.raises(ValueError, match="Expected parameter scale"):
            L.Gumbel(lib.tensor([0.0]), lib.tensor([-1.0]))
