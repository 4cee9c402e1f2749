"""nn.utils.parametrizations.orthogonal against PyTorch 2.13 in float64: the weight and the
gradient of the original for every map, with and without the trivialization, on square, tall
and wide weights (those with a random completion of ``base`` after loading PyTorch's state
dict); the weight orthogonal after SGD steps; assignment; errors."""

import numpy as np
import pytest

import tinytorch
from tinytorch.nn.utils.parametrizations import orthogonal

torch = pytest.importorskip("torch")

MAPS = [None, "matrix_exp", "cayley", "householder"]
SHAPES = [(4, 4), (3, 5), (5, 3)]


def _pair(shape, device, orthogonal_map, use_trivialization):
    w = np.random.default_rng(sum(shape)).standard_normal(shape)
    ours = tinytorch.nn.Linear(shape[1], shape[0], dtype=tinytorch.float64, device=device)
    theirs = torch.nn.Linear(shape[1], shape[0], dtype=torch.float64)
    with tinytorch.no_grad():
        ours.weight.copy_(tinytorch.tensor(w, device=device))
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(w))
    kw = {"orthogonal_map": orthogonal_map, "use_trivialization": use_trivialization}
    orthogonal(ours, **kw)
    torch.nn.utils.parametrizations.orthogonal(theirs, **kw)
    state = {k: tinytorch.tensor(v.detach().numpy(), device=device)
             for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)  # the same base where PyTorch drew a random completion
    return ours, theirs


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("orthogonal_map", MAPS)
@pytest.mark.parametrize("use_trivialization", [True, False])
def test_weight_and_gradient_match_torch(shape, orthogonal_map, use_trivialization, device):
    ours, theirs = _pair(shape, device, orthogonal_map, use_trivialization)
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    ramp = np.linspace(-1, 1, int(np.prod(shape))).reshape(shape)
    (ours.weight * tinytorch.tensor(ramp, device=device)).sum().backward()
    (theirs.weight * torch.tensor(ramp)).sum().backward()
    np.testing.assert_allclose(ours.weight.detach().cpu().numpy(),
                               theirs.weight.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(ours.parametrizations.weight.original.grad.cpu().numpy(),
                               theirs.parametrizations.weight.original.grad.numpy(), atol=1e-10)


@pytest.mark.parametrize("orthogonal_map", ["matrix_exp", "cayley", "householder"])
def test_stays_orthogonal_under_sgd(orthogonal_map, device):
    layer = orthogonal(tinytorch.nn.Linear(3, 5, dtype=tinytorch.float64, device=device),
                       orthogonal_map=orthogonal_map)
    opt = tinytorch.optim.SGD(layer.parameters(), lr=0.1)
    x = tinytorch.randn(8, 3, dtype=tinytorch.float64, device=device)
    for _ in range(3):
        opt.zero_grad()
        layer(x).pow(2).sum().backward()
        opt.step()
    Q = layer.weight.detach()
    eye = tinytorch.eye(3, dtype=tinytorch.float64, device=device)
    assert tinytorch.allclose(Q.T @ Q, eye, atol=1e-10)


def test_assigning_an_orthogonal_matrix_sets_the_weight(device):
    layer = orthogonal(tinytorch.nn.Linear(4, 4, dtype=tinytorch.float64, device=device))
    Q = tinytorch.linalg.qr(tinytorch.randn(4, 4, dtype=tinytorch.float64, device=device)).Q
    layer.weight = Q
    assert tinytorch.allclose(layer.weight, Q, atol=1e-12)


def test_errors(device):
    with pytest.raises(ValueError, match="Expected a matrix or batch of matrices. Got a tensor "
                                         "of 1 dimensions."):
        orthogonal(tinytorch.nn.Linear(3, 4, device=device), name="bias")
    with pytest.raises(ValueError, match='orthogonal_map has to be one of "matrix_exp", '
                                         '"cayley", "householder". Got: foo'):
        orthogonal(tinytorch.nn.Linear(3, 4, device=device), orthogonal_map="foo")
    with pytest.raises(ValueError, match="has no parameter or buffer with name 'w'"):
        orthogonal(tinytorch.nn.Linear(3, 4, device=device), name="w")
    layer = orthogonal(tinytorch.nn.Linear(4, 4, device=device), use_trivialization=False)
    with pytest.raises(NotImplementedError, match="It is not possible to assign to the matrix "
                                                  "exponential or the Cayley parametrizations"):
        layer.weight = tinytorch.eye(4, device=device)
