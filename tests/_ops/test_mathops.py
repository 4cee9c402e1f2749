"""The cases of tinytorch/_ops/mathops*.py that the op database's random samples avoid:
zero distances and ties (where gradients are a choice), NaN, and dtype-dependent defaults;
each against PyTorch."""

import math

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _grads(lib, fn, *arrays):
    """fn's value and the gradients of ``sum(fn(*xs) * ramp)`` in float64."""
    xs = [lib.tensor(a, dtype=lib.float64, requires_grad=True) for a in arrays]
    out = fn(lib, *xs)
    ramp = np.linspace(-1, 2, out.numel()).reshape(tuple(out.shape))
    (out * lib.tensor(ramp, dtype=lib.float64)).sum().backward()
    return [out.detach().numpy()] + [x.grad.numpy() for x in xs]


def _same_as_torch(fn, *arrays):
    for ours, theirs in zip(_grads(tinytorch, fn, *arrays), _grads(torch, fn, *arrays)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("p", [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, math.inf])
def test_cdist_gradient_at_zero_distance_and_ties_matches_torch(p):
    x1 = np.array([[0.0, 1.0, 2.0], [1.0, 1.0, -1.0]])
    # row 0 equals x1[0] (distance 0); row 1 shares a coordinate with x1[1]; row 2 has
    # |differences| tied at the maximum with x1[0]
    x2 = np.array([[0.0, 1.0, 2.0], [1.0, 3.0, 0.5], [1.0, 0.0, 2.5]])
    _same_as_torch(lambda lib, a, b: lib.cdist(a, b, p=p), x1, x2)


@pytest.mark.parametrize("p", [1, 2, 3, math.inf])
def test_dist_gradient_at_zero_matches_torch(p):
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    _same_as_torch(lambda lib, a, b: lib.dist(a, b, p).reshape(1), x, x.copy())


def test_median_shares_the_gradient_among_ties_as_torch():
    _same_as_torch(lambda lib, x: lib.median(x).reshape(1), np.array([3.0, 1.0, 2.0, 2.0, 5.0]))


def test_median_and_kthvalue_with_nan_match_torch():
    x = np.array([[1.0, np.nan, 2.0, np.nan], [3.0, 1.0, 2.0, 0.0], [np.nan, 1.0, 0.0, 2.0]])
    ours, theirs = tinytorch.tensor(x), torch.tensor(x)
    np.testing.assert_equal(tinytorch.median(ours).numpy(), torch.median(theirs).numpy())
    for dim in (0, 1):
        for got, want in zip(tinytorch.median(ours, dim), torch.median(theirs, dim)):
            np.testing.assert_equal(got.numpy(), want.numpy())
    got = tinytorch.kthvalue(ours, 3, 1)
    want = torch.kthvalue(theirs, 3, 1)
    np.testing.assert_equal(got.values.numpy(), want.values.numpy())
    np.testing.assert_equal(got.indices.numpy(), want.indices.numpy())


def test_median_of_nothing_is_nan_and_names_its_type():
    assert math.isnan(tinytorch.median(tinytorch.ones(0)).item())
    assert repr(tinytorch.kthvalue(tinytorch.tensor([2.0, 1.0]), 1)).startswith(
        "torch.return_types.kthvalue(")


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_nan_to_num_defaults_are_the_dtype_limits(dtype):
    x = [math.nan, math.inf, -math.inf, 1.5]
    got = tinytorch.nan_to_num(tinytorch.tensor(x, dtype=getattr(tinytorch, dtype)))
    want = torch.nan_to_num(torch.tensor(x, dtype=getattr(torch, dtype)))
    assert got.dtype.name == dtype
    np.testing.assert_array_equal(got.double().numpy(), want.double().numpy())


def test_nan_to_num_copies_integers():
    x = tinytorch.tensor([1, 2])
    y = tinytorch.nan_to_num(x)
    y[0] = 5
    assert x.tolist() == [1, 2]


def test_meshgrid_without_indexing_warns_as_torch():
    with pytest.warns(UserWarning, match="it will be required to pass the indexing argument"):
        grids = tinytorch.meshgrid(tinytorch.tensor([1, 2]), tinytorch.tensor([3, 4, 5]))
    assert [tuple(g.shape) for g in grids] == [(2, 3), (2, 3)]


@pytest.mark.parametrize("weight", [0.0, 0.25, 0.5, 0.75, 1.0])  # others: PyTorch's FMA
@pytest.mark.parametrize("as_tensor", [False, True])
def test_lerp_takes_pytorchs_two_forms(weight, as_tensor):
    # a + w (b - a) below |w| = 0.5, b - (b - a)(1 - w) from there: exact at w = 1 (0.1 + (0.3
    # - 0.1) is not 0.3), and an infinite end gives PyTorch's inf or NaN (quantile's too)
    a_vals = [0.1, 1.0, -math.inf, 1.0, 0.0, -3.0]
    b_vals = [0.3, math.inf, 1.0, math.inf, 1e300, 7.0]
    results = []
    for lib in (tinytorch, torch):
        a, b = (lib.tensor(v, dtype=lib.float64) for v in (a_vals, b_vals))
        w = lib.full((6,), weight, dtype=lib.float64) if as_tensor else weight
        with np.errstate(all="ignore"):
            results.append(lib.lerp(a, b, w).tolist())
    assert str(results[0]) == str(results[1])
