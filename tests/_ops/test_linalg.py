"""tinytorch.linalg beyond the op database (tests/opinfo/linalgH.py): LinAlgError and the
LAPACK info in its messages, the modes without a gradient, deprecated aliases and the Tensor
methods."""

import numpy as np
import pytest

import tinytorch
from tinytorch import linalg


@pytest.mark.parametrize("rows", [
    [[0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 4.0]],
    [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], [[0.0, 1.0], [0.0, 2.0]],
    [[2.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]])
def test_singular_inverse_names_lapacks_zero_pivot_as_torch(rows, device):
    torch = pytest.importorskip("torch")
    with pytest.raises(torch.linalg.LinAlgError) as expected:
        torch.linalg.inv(torch.tensor(rows))
    with pytest.raises(linalg.LinAlgError) as got:
        linalg.inv(tinytorch.tensor(rows, device=device))
    assert str(got.value) == str(expected.value)


def test_linalg_error_is_a_runtime_error():
    assert issubclass(linalg.LinAlgError, RuntimeError)
    with pytest.raises(RuntimeError, match="not positive-definite"):
        linalg.cholesky(-tinytorch.eye(2))


def test_cholesky_upper_is_the_transposed_factor(device):
    a = tinytorch.tensor([[4.0, 2.0], [2.0, 2.0]], device=device)
    u = linalg.cholesky(a, upper=True)
    assert tinytorch.allclose(u.mT @ u, a)


@pytest.mark.parametrize("mode, m, n, message", [
    ("r", 3, 2, "which is not computed when mode='r'"),
    ("complete", 3, 2, "not differentiable when mode='complete' and nrows > ncols"),
])
def test_qr_modes_without_gradient_raise_at_backward(mode, m, n, message, device):
    a = tinytorch.randn(m, n, dtype=tinytorch.float64, device=device, requires_grad=True)
    q, r = linalg.qr(a, mode=mode)
    assert r.shape == ((m, n) if mode == "complete" else (n, n))
    assert q.shape == ((m, m) if mode == "complete" else (0,))
    with pytest.raises(RuntimeError, match=message):
        r.sum().backward()


def test_complete_qr_of_tall_matrix_matches_numpy(device):
    x = np.random.default_rng(0).standard_normal((4, 2))
    q, r = linalg.qr(tinytorch.tensor(x, device=device), mode="complete")
    np.testing.assert_allclose((q @ r).cpu().numpy(), x, atol=1e-6)
    np.testing.assert_allclose((q.mT @ q).cpu().numpy(), np.eye(4), atol=1e-6)


def test_matrix_power_zero_is_identity_with_zero_gradient(device):
    a = tinytorch.randn(2, 3, 3, device=device, requires_grad=True)
    p = linalg.matrix_power(a, 0)
    assert tinytorch.equal(p, tinytorch.eye(3, device=device).expand(2, 3, 3))
    p.sum().backward()
    assert tinytorch.equal(a.grad, tinytorch.zeros_like(a))


def test_deprecated_aliases_warn_as_torch(device):
    with pytest.warns(UserWarning, match="torch.chain_matmul is deprecated"):
        out = tinytorch.chain_matmul(tinytorch.ones(2, 3, device=device),
                                     tinytorch.ones(3, 1, device=device))
    assert out.tolist() == [[3.0], [3.0]]
    with pytest.warns(UserWarning, match="torch.cholesky is deprecated"):
        out = tinytorch.cholesky(4 * tinytorch.eye(2, device=device), True)
    assert out.tolist() == [[2.0, 0.0], [0.0, 2.0]]


def test_legacy_svd_without_uv_gives_zero_factors(device):
    u, s, v = tinytorch.svd(tinytorch.ones(3, 2, device=device), compute_uv=False)
    assert u.shape == (3, 3) and v.shape == (2, 2) and not u.any() and not v.any()
    assert s.tolist() == pytest.approx([6 ** 0.5, 0.0], abs=1e-6)


def test_tensor_methods_are_the_functions(device):
    a = tinytorch.tensor([[2.0, 1.0], [1.0, 3.0]], device=device)
    v = tinytorch.tensor([1.0, 2.0], device=device)
    assert tinytorch.allclose(a.inverse(), linalg.inv(a))
    assert a.det().item() == pytest.approx(5.0)
    assert a.logdet().item() == pytest.approx(np.log(5.0))
    assert a.slogdet().logabsdet.item() == pytest.approx(np.log(5.0))
    assert tinytorch.allclose(a.matrix_power(2), a @ a)
    assert a.mv(v).tolist() == [4.0, 7.0]
    assert v.inner(v).item() == 5.0
    assert v.ger(v).tolist() == [[1.0, 2.0], [2.0, 4.0]]
    assert a.addr(v, v, beta=0).tolist() == [[1.0, 2.0], [2.0, 4.0]]
    assert tinytorch.allclose(a.pinverse(), linalg.inv(a), atol=1e-6)
    assert a.svd().S.shape == (2,)
    assert tinytorch.allclose(a.addbmm(a[None], a[None], beta=0), a @ a)


def test_solve_right_and_batched_vectors(device):
    a = tinytorch.tensor([[2.0, 0.0], [0.0, 4.0]], device=device)
    x = linalg.solve(a, tinytorch.ones(3, 1, 2, device=device), left=False)
    assert x.shape == (3, 1, 2) and x[0, 0].tolist() == [0.5, 0.25]
    b = linalg.solve(a.expand(3, 2, 2), tinytorch.ones(3, 2, device=device))
    assert b.shape == (3, 2)


def test_matrix_rank_tolerances(device):
    a = tinytorch.tensor([[1.0, 0.0], [0.0, 1e-3]], device=device)
    assert linalg.matrix_rank(a).item() == 2
    assert linalg.matrix_rank(a, atol=1e-2).item() == 1
    assert linalg.matrix_rank(a, rtol=1e-2).item() == 1
    assert linalg.matrix_rank(a, hermitian=True).item() == 2


@pytest.mark.parametrize("case", ["tensorinv", "tensorinv ind 0", "tensorinv unequal",
                                  "tensorsolve", "tensorsolve dims", "tensorsolve unequal",
                                  "diagonal"])
def test_tensorinv_tensorsolve_diagonal_match_pytorch(case):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    a4, b4 = rng.standard_normal((4, 6, 8, 3)), rng.standard_normal((2, 6, 3))
    calls = {
        "tensorinv": lambda L, x: L.linalg.tensorinv(x(a4), ind=2),
        "tensorinv ind 0": lambda L, x: L.linalg.tensorinv(x(a4), ind=0),
        "tensorinv unequal": lambda L, x: L.linalg.tensorinv(x(rng.standard_normal((4, 6, 8, 4)))),
        "tensorsolve": lambda L, x: L.linalg.tensorsolve(x(b4.reshape(2, 3, 6)),
                                                         x(np.ones((2, 3)))),
        "tensorsolve dims": lambda L, x: L.linalg.tensorsolve(x(b4), x(np.ones((2, 3))), dims=(1,)),
        "tensorsolve unequal": lambda L, x: L.linalg.tensorsolve(x(a4), x(np.ones((4, 6)))),
        "diagonal": lambda L, x: L.linalg.diagonal(x(a4), offset=1, dim1=0, dim2=2),
    }
    results = []
    for lib in (tinytorch, torch):
        leaves = []

        def x(a):
            leaves.append(lib.tensor(a, requires_grad=True))
            return leaves[-1]
        try:
            out = calls[case](lib, x)
        except RuntimeError as e:
            results.append(str(e))
            continue
        out.sum().backward()
        results.append([np.array(out.tolist())] + [np.array(t.grad.tolist()) for t in leaves])
    if isinstance(results[0], str):
        assert results[0] == results[1]
        return
    for mine, theirs in zip(*results):
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-10)
