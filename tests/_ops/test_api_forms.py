"""The core ops answer in PyTorch's method, function and operator forms with PyTorch's
result types (named tuples, Python bools, 0-d tensors)."""

import pytest

import tinytorch


def _x(device):
    return tinytorch.tensor([[1.0, 5.0, 2.0], [4.0, 0.0, 4.0]], device=device)


def test_max_with_dim_returns_a_named_tuple(device):
    out = _x(device).max(dim=1)
    values, indices = out
    assert out.values is values and out.indices is indices
    assert values.tolist() == [5.0, 4.0] and indices.tolist() == [1, 0]
    assert repr(out).startswith("torch.return_types.max(\nvalues=tensor([5., 4.]")
    assert tinytorch.min(_x(device), 0, keepdim=True).indices.shape == (1, 3)


def test_max_without_dim_is_a_zero_dim_tensor_and_with_a_tensor_is_maximum(device):
    x = _x(device)
    assert x.max().shape == () and x.max().item() == 5.0
    assert tinytorch.max(x, tinytorch.full((3,), 3.0, device=device)).tolist() == [
        [3.0, 5.0, 3.0], [4.0, 3.0, 4.0]]


def test_function_method_and_operator_forms_agree(device):
    x = _x(device)
    y = tinytorch.ones(2, 3, device=device)
    assert tinytorch.eq(x, 4.0).tolist() == x.eq(4.0).tolist() == (x == 4.0).tolist()
    assert tinytorch.gt(x, y).tolist() == (x > y).tolist()
    assert tinytorch.logical_and(x > 1, x < 5).tolist() == ((x > 1) & (x < 5)).tolist()
    assert (~(x > 1)).tolist() == tinytorch.logical_not(x > 1).tolist()
    assert tinytorch.sum(x, 1).tolist() == x.sum(dim=1).tolist()
    assert tinytorch.mm(x, y.T).tolist() == (x @ y.T).tolist() == x.mm(y.T).tolist()
    assert tinytorch.einsum("ij,kj->ik", [x, y]).tolist() == (x @ y.T).tolist()
    assert tinytorch.argmax(x).item() == 1 and x.argmin(dim=1).tolist() == [0, 1]


def test_allclose_and_equal_return_python_bools(device):
    x = _x(device)
    assert tinytorch.allclose(x, x + 1e-9) is True
    assert x.allclose(x + 1.0) is False
    assert tinytorch.equal(x, x.clone()) is True
    assert tinytorch.equal(x, x[:1]) is False


def test_var_std_accept_unbiased_and_correction(device):
    x = tinytorch.tensor([1.0, 2.0, 3.0, 4.0], device=device)
    assert x.var().item() == pytest.approx(5 / 3)
    assert x.var(unbiased=False).item() == pytest.approx(1.25)
    assert tinytorch.var(x, False).item() == pytest.approx(1.25)
    assert x.std(correction=2).item() == pytest.approx((5 / 2) ** 0.5)
    with pytest.raises(TypeError):
        x.var(0, unbiased=True, correction=0)


def test_prod_gradient_is_exact_with_zeros(device):
    x = tinytorch.tensor([[2.0, 0.0, 3.0], [0.0, 0.0, 5.0]], requires_grad=True, device=device)
    x.prod(1).sum().backward()
    assert x.grad.tolist() == [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0]]


def test_amax_splits_the_gradient_among_ties(device):
    x = tinytorch.tensor([3.0, 1.0, 3.0, 3.0], requires_grad=True, device=device)
    x.amax().backward()
    assert x.grad.tolist() == pytest.approx([1 / 3, 0.0, 1 / 3, 1 / 3])
    y = tinytorch.tensor([3.0, 1.0, 3.0], requires_grad=True, device=device)
    y.max(0).values.backward()
    assert y.grad.tolist() == [1.0, 0.0, 0.0]


def test_logsumexp_is_stable(device):
    x = tinytorch.tensor([1000.0, 1000.0, -float("inf")], device=device)
    assert x.logsumexp(0).item() == pytest.approx(1000.0 + 0.6931471805599453)


def test_norm_variants(device):
    x = tinytorch.tensor([[3.0, -4.0], [0.0, 1.0]], device=device)
    assert x.norm().item() == pytest.approx(26 ** 0.5)
    assert x.norm(1).item() == 8.0
    assert x.norm(float("inf")).item() == 4.0
    assert x.norm(float("-inf"), dim=1).tolist() == [3.0, 0.0]
    assert x.norm(2, dim=1, keepdim=True).shape == (2, 1)
    assert x.norm(0).item() == 3.0
    assert tinytorch.norm(x, 3, dim=0).tolist() == pytest.approx([3.0, 65 ** (1 / 3)])


def test_inf_norm_needs_only_the_reduced_dims_non_empty(device):
    assert tinytorch.zeros(0, 2, device=device).norm(float("inf"), dim=1).shape == (0,)
    with pytest.raises(RuntimeError, match="cannot compute the inf norm"):
        tinytorch.zeros(2, 0, device=device).norm(float("inf"), dim=1)
    with pytest.raises(RuntimeError, match="cannot compute the -inf norm"):
        tinytorch.zeros(0, 2, device=device).norm(float("-inf"))


def test_norm_gradient_at_zero_is_zero(device):
    x = tinytorch.zeros(3, requires_grad=True, device=device)
    x.norm().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_negative_p_norm_with_a_zero_is_zero_and_has_no_gradient(device):
    # PyTorch: a zero makes Σ|x|^p infinite, the norm 0 and its gradient 0 (it was
    # sign(x) |x|^(p-1) here, and NumPy warned of a division by zero)
    x = tinytorch.tensor([[0.0, 1.0, 2.0], [1.0, -2.0, 4.0]], dtype=tinytorch.float64,
                         requires_grad=True, device=device)
    y = x.norm(-1, dim=1)
    y.sum().backward()
    assert y.tolist() == pytest.approx([0.0, 4 / 7])
    assert x.grad[0].tolist() == [0.0, 0.0, 0.0]
    assert x.grad[1].tolist() == pytest.approx([16 / 49, -4 / 49, 1 / 49])


def test_cumsum_dtype_and_integer_promotion(device):
    i = tinytorch.tensor([1, 2, 3], dtype=tinytorch.int32, device=device)
    assert i.cumsum(0).tolist() == [1, 3, 6] and i.cumsum(0).dtype == tinytorch.int64
    assert i.cumsum(0, dtype=tinytorch.float64).dtype == tinytorch.float64


def test_comparison_operators_with_unsupported_operands_fall_back_like_pytorch(device):
    x = tinytorch.ones(2, device=device)
    assert (x == None) is False and (x != None) is True  # noqa: E711
    assert None not in [x]
    with pytest.raises(TypeError, match="not supported between instances"):
        x < "a"
    with pytest.raises(TypeError):
        tinytorch.eq(x, "a")
