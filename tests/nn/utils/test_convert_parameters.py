import numpy as np
import pytest

import tinytorch
from tinytorch import nn


def test_parameters_to_vector_roundtrip(device):
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1)).to(device)
    vec = nn.utils.parameters_to_vector(model.parameters())
    assert vec.shape == (11,)
    expected = np.concatenate([p.detach().cpu().numpy().ravel() for p in model.parameters()])
    np.testing.assert_array_equal(vec.detach().cpu().numpy(), expected)
    params = list(model.parameters())
    nn.utils.vector_to_parameters(tinytorch.arange(11.0, device=device), model.parameters())
    assert list(model.parameters()) == params or all(
        a is b for a, b in zip(model.parameters(), params))
    np.testing.assert_array_equal(model[0].weight.detach().cpu().numpy(),
                                  [[0, 1, 2], [3, 4, 5]])
    np.testing.assert_array_equal(model[1].bias.detach().cpu().numpy(), [10])


def test_vector_to_parameters_rejects_non_tensor():
    with pytest.raises(TypeError, match="expected torch.Tensor, but got: list"):
        nn.utils.vector_to_parameters([1.0], nn.Linear(1, 1).parameters())
