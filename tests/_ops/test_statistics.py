"""The cases of tinytorch/_ops/statistics.py (and kron, rot90) that the op database's random
samples avoid: long lines with ties, NaN, many values near bin edges, gradients in ``q``, and
the Tensor methods; each against PyTorch where PyTorch's result is defined."""

import math

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def test_mode_on_long_lines_takes_torch_value_and_a_position_of_it():
    # PyTorch's CPU sorts lines of over 16 entries unstably: the value is defined, the
    # position among equal entries is not
    x = np.random.default_rng(0).integers(0, 3, size=(50, 40)).astype(np.float32)
    got = tinytorch.mode(tinytorch.tensor(x), 1)
    want = torch.mode(torch.tensor(x), 1)
    np.testing.assert_equal(got.values.numpy(), want.values.numpy())
    picked = np.take_along_axis(x, got.indices.numpy()[:, None], 1)[:, 0]
    np.testing.assert_equal(picked, want.values.numpy())


def test_mode_counts_nans_as_one_value_and_sorts_nan_last():
    # PyTorch 2.13's: two NaNs outnumber one 2 and one 1; against two 1s the smaller wins
    # (its positions among ties on a line with NaN are its sort's, erratic: not compared)
    rows = [[math.nan, math.nan, 1.0, 1.0], [math.nan, math.nan, 2.0, 1.0],
            [math.nan, 3.0, math.nan, math.nan, 3.0]]
    for row in rows:
        got, want = tinytorch.mode(tinytorch.tensor(row)), torch.mode(torch.tensor(row))
        np.testing.assert_equal(got.values.numpy(), want.values.numpy())
        if not math.isnan(want.values.item()):
            assert got.indices.item() == want.indices.item()
    assert repr(got).startswith("torch.return_types.mode(")


def test_cummax_gradient_sums_where_values_share_a_position():
    x = np.array([[1.0, 3.0, 2.0, 3.0, 0.0], [2.0, 2.0, 1.0, 5.0, 4.0]])
    for name in ("cummax", "cummin"):
        grads = []
        for lib in (tinytorch, torch):
            t = lib.tensor(x, requires_grad=True)
            values = getattr(lib, name)(t, 1).values
            (values * lib.tensor(np.arange(10.0).reshape(2, 5))).sum().backward()
            grads.append(t.grad.numpy())
        np.testing.assert_equal(*grads)


def test_quantile_gradient_in_q_matches_torch():
    x = np.array([0.5, -1.0, 2.0, 3.5, 1.25])
    grads = []
    for lib in (tinytorch, torch):
        t = lib.tensor(x, requires_grad=True)
        q = lib.tensor([0.3, 0.55, 0.9], dtype=lib.float64, requires_grad=True)
        (lib.quantile(t, q) * lib.tensor([1.0, -2.0, 0.5], dtype=lib.float64)).sum().backward()
        grads.append((t.grad.numpy(), q.grad.numpy()))
    for ours, theirs in zip(*grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("bins, lo, hi", [(3, -0.9, 1.7), (7, 0, 0), (10, -1, 1), (100, 0, 0)])
def test_histc_bins_values_near_edges_as_torch(bins, lo, hi):
    x = np.random.default_rng(1).uniform(-1, 2, 3000).astype(np.float32)
    x[:20] = np.linspace(-1, 1, 20, dtype=np.float32)  # on and next to the edges
    got = tinytorch.histc(tinytorch.tensor(x), bins, lo, hi)
    want = torch.histc(torch.tensor(x), bins, lo, hi)
    np.testing.assert_equal(got.numpy(), want.numpy())


def test_histc_is_not_differentiable_and_refuses_a_nan_range():
    x = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    assert not tinytorch.histc(x, bins=2).requires_grad
    with pytest.raises(RuntimeError, match=r"torch.histc: range of \[nan, nan\] is not finite"):
        tinytorch.histc(tinytorch.tensor([1.0, math.nan]), bins=4)


def test_tensor_methods_match_the_functions():
    x = tinytorch.tensor([[3.0, 1.0, 2.0], [0.5, 2.5, 1.5]])
    np.testing.assert_equal(x.kron(x).numpy(), tinytorch.kron(x, x).numpy())
    np.testing.assert_equal(x.rot90(-1, [1, 0]).numpy(), tinytorch.rot90(x, -1, [1, 0]).numpy())
    np.testing.assert_equal(x.quantile(0.3, 1).numpy(), tinytorch.quantile(x, 0.3, 1).numpy())
    np.testing.assert_equal(x.nanquantile(0.3).numpy(), tinytorch.nanquantile(x, 0.3).numpy())
    np.testing.assert_equal(x.histc(4).numpy(), tinytorch.histc(x, 4).numpy())
    np.testing.assert_equal(x.mode(0).values.numpy(), tinytorch.mode(x, 0).values.numpy())
    np.testing.assert_equal(x.cummin(1).indices.numpy(), tinytorch.cummin(x, 1).indices.numpy())


@pytest.mark.parametrize("fn", ["any", "all"])
@pytest.mark.parametrize("dim", [(), []])
@pytest.mark.parametrize("dtype", ["float32", "uint8"])
def test_any_and_all_over_no_dims_reduce_nothing_as_pytorch(fn, dim, dtype):
    # sum(dim=()) reduces every dim in PyTorch, but any and all reduce none of them
    results = []
    for lib in (tinytorch, torch):
        x = lib.tensor([[0, 2], [3, 0]], dtype=getattr(lib, dtype))
        out = getattr(x, fn)(dim=dim, keepdim=True)
        results.append((str(out.dtype).split(".")[1], out.tolist()))
    assert results[0] == results[1]
