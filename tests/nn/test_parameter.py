import copy

import numpy as np
import pytest

import tinytorch
from tinytorch import nn


def test_parameter_requires_grad_by_default():
    p = nn.Parameter(tinytorch.ones(2))
    assert p.requires_grad and p.is_leaf
    assert not nn.Parameter(tinytorch.ones(2), requires_grad=False).requires_grad


def test_parameter_repr_matches_torch():
    torch = pytest.importorskip("torch")
    p = nn.Parameter(tinytorch.tensor([1.0, 2.0]))
    assert repr(p) == repr(torch.nn.Parameter(torch.tensor([1.0, 2.0])))


def test_parameter_ops_return_plain_tensors(device):
    p = nn.Parameter(tinytorch.ones(2, 3, device=device))
    for out in (p * 2, p.sum(), p.detach(), p.data, p.t(), p[0]):
        assert type(out) is tinytorch.Tensor
    assert (p * 2).requires_grad


def test_parameter_shares_storage_with_data():
    t = tinytorch.zeros(3)
    p = nn.Parameter(t)
    with tinytorch.no_grad():
        p.add_(1)
    np.testing.assert_array_equal(t.numpy(), [1, 1, 1])


def test_parameter_gets_gradient_through_autograd():
    p = nn.Parameter(tinytorch.tensor([1.0, 2.0]))
    (p * p).sum().backward()
    np.testing.assert_array_equal(p.grad.numpy(), [2.0, 4.0])
    assert type(p.grad) is tinytorch.Tensor


def test_parameter_deepcopy_is_independent_parameter():
    p = nn.Parameter(tinytorch.ones(2))
    q = copy.deepcopy(p)
    assert type(q) is nn.Parameter and q.requires_grad and q is not p
    with tinytorch.no_grad():
        q.mul_(3)
    np.testing.assert_array_equal(p.detach().numpy(), [1, 1])


def test_parameter_rejects_non_tensor_data():
    with pytest.raises(TypeError, match="must be Tensor"):
        nn.Parameter([1.0, 2.0])
