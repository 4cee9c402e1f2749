"""biject_to / transform_to for every constraint against PyTorch's (the transform's repr,
values, inverse and log-Jacobian on the same unconstrained input), the matrix transforms,
the joined constraints, and the transforms' errors with PyTorch's types and messages."""

import numpy as np
import pytest

import tinytorch
from tinytorch import distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions

X = np.random.default_rng(0).normal(size=(2, 3))
M = np.random.default_rng(1).normal(size=(2, 3, 3))


def _close(a, b):
    np.testing.assert_allclose(np.asarray(a.detach()), b.detach().numpy(), rtol=1e-10,
                               atol=1e-12)


def _constraints(lib, C):
    """name: (constraint, unconstrained input)."""
    t = lambda a: lib.tensor(a, dtype=lib.float64)  # noqa: E731
    return {
        "real": (C.real, X), "real_vector": (C.real_vector, X),
        "positive": (C.positive, X), "nonnegative": (C.nonnegative, X),
        "greater_than": (C.greater_than(t([1.0, -2.0, 0.5])), X),
        "greater_than_eq": (C.greater_than_eq(2.0), X), "less_than": (C.less_than(-1.0), X),
        "unit_interval": (C.unit_interval, X), "interval": (C.interval(-1.0, 3.0), X),
        "interval-tensors": (C.interval(t([0.0, 1.0, 2.0]), t([1.0, 4.0, 2.5])), X),
        "half_open_interval": (C.half_open_interval(0.0, 2.0), X),
        "simplex": (C.simplex, X), "lower_cholesky": (C.lower_cholesky, M),
        "positive_definite": (C.positive_definite, M),
        "positive_semidefinite": (C.positive_semidefinite, M),
        "corr_cholesky": (C.corr_cholesky, X),
        "independent": (C.independent(C.positive, 1), X),
        "cat": (C.cat([C.positive, C.real, C.unit_interval], 1, [1, 1, 1]), X),
        "stack": (C.stack([C.positive, C.interval(-2.0, 2.0)], 0), X),
    }


NAMES = sorted(_constraints(tinytorch, D.constraints))
NO_TRANSFORM = {"biject_to": {"lower_cholesky", "positive_definite", "positive_semidefinite"},
                "transform_to": set()}


@pytest.mark.parametrize("registry", ["biject_to", "transform_to"])
@pytest.mark.parametrize("name", NAMES)
def test_registry_transforms_match_pytorch(registry, name):
    ours_c, x = _constraints(tinytorch, D.constraints)[name]
    theirs_c, _ = _constraints(torch, TD.constraints)[name]
    if name in NO_TRANSFORM[registry]:
        with pytest.raises(NotImplementedError) as theirs:
            getattr(TD, registry)(theirs_c)
        with pytest.raises(NotImplementedError, match=str(theirs.value)):
            getattr(D, registry)(ours_c)
        return
    ours, theirs = getattr(D, registry)(ours_c), getattr(TD, registry)(theirs_c)
    assert repr(ours) == repr(theirs)
    assert ours.bijective == theirs.bijective
    x_ours, x_theirs = tinytorch.tensor(x, requires_grad=True), torch.tensor(x,
                                                                              requires_grad=True)
    y_ours, y_theirs = ours(x_ours), theirs(x_theirs)
    _close(y_ours, y_theirs)
    assert bool(ours_c.check(y_ours.detach()).all())
    if theirs.bijective:  # (the others have no log-Jacobian)
        _close(ours.inv(y_ours.detach()), theirs.inv(y_theirs.detach()))
        _close(ours.log_abs_det_jacobian(x_ours, y_ours),
               theirs.log_abs_det_jacobian(x_theirs, y_theirs))
    y_ours.sum().backward()
    y_theirs.sum().backward()
    _close(x_ours.grad, x_theirs.grad)


def test_matrix_transforms_invert_as_pytorch():
    for name in ("LowerCholeskyTransform", "PositiveDefiniteTransform"):
        ours, theirs = getattr(D, name)(), getattr(TD, name)()
        y_ours, y_theirs = ours(tinytorch.tensor(M)), theirs(torch.tensor(M))
        _close(y_ours, y_theirs)
        _close(ours.inv(y_ours), theirs.inv(y_theirs))
        assert ours == getattr(D, name)() and not ours.bijective
        assert repr(ours.codomain) == repr(theirs.codomain)


def test_constraints_check_as_pytorch():
    for name, (ours_c, x) in _constraints(tinytorch, D.constraints).items():
        theirs_c = _constraints(torch, TD.constraints)[name][0]
        assert repr(ours_c).replace("tinytorch.", "torch.") == repr(theirs_c)
        assert ours_c.event_dim == theirs_c.event_dim and \
            ours_c.is_discrete == theirs_c.is_discrete
        for value in (x, M, np.abs(X) / np.abs(X).sum(-1, keepdims=True), M @ M.swapaxes(-1, -2)):
            if value.ndim >= ours_c.event_dim:
                _close(ours_c.check(tinytorch.tensor(value)), theirs_c.check(torch.tensor(value)))


def _errors(lib, L):
    C = L.constraints
    return [
        lambda: L.ReshapeTransform((3,), (2, 2)),
        lambda: L.ReshapeTransform((3,), (3, 1)).forward_shape((2, 4)),
        lambda: L.ReshapeTransform((3,), (3, 1)).inverse_shape((1,)),
        lambda: L.CatTransform([L.ExpTransform(), 1]),
        lambda: L.CatTransform([L.ExpTransform()], 0, [1, 2]),
        lambda: L.CatTransform([L.ExpTransform()], 3)(lib.zeros(2)),
        lambda: L.CatTransform([L.ExpTransform()], 0, [2])(lib.zeros(3)),
        lambda: L.CatTransform([L.ExpTransform()], 0, [2]).log_abs_det_jacobian(
            lib.zeros(2, 2), lib.zeros(3, 2)),
        lambda: L.StackTransform([L.ExpTransform()], 0)(lib.zeros(2)),
        lambda: L.StackTransform([L.ExpTransform()], -2).inv(lib.zeros(2)),
        lambda: L.CorrCholeskyTransform()(lib.zeros(2)),
        lambda: L.CorrCholeskyTransform().forward_shape((2,)),
        lambda: L.CorrCholeskyTransform().inverse_shape((2, 3)),
        lambda: L.IndependentTransform(L.ExpTransform(), 2)(lib.zeros(1)),
        lambda: L.SoftmaxTransform().forward_shape(()),
        lambda: C.cat([C.real, 1]),
        lambda: C.stack([C.real], 2).check(lib.zeros(2)),
        lambda: L.biject_to(C.boolean),
        lambda: L.transform_to(C.dependent),
        lambda: L.biject_to.register(int, lambda c: None),
    ]


@pytest.mark.parametrize("case", range(len(_errors(tinytorch, D))))
def test_errors_as_pytorch(case):
    with pytest.raises(Exception) as theirs:
        _errors(torch, TD)[case]()
    with pytest.raises(type(theirs.value)) as ours:
        _errors(tinytorch, D)[case]()
    assert str(ours.value) == str(theirs.value)
