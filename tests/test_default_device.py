"""set_default_device / get_default_device: factories, layers' parameters and as_tensor
follow the default device; from_numpy stays on the CPU (PyTorch's behaviour)."""

import numpy as np
import pytest

import tinytorch


@pytest.fixture
def default_device(device):
    tinytorch.set_default_device(device)
    yield tinytorch.device(device)
    tinytorch.set_default_device(None)


def test_factories_and_layers_follow_the_default_device(default_device):
    assert tinytorch.get_default_device().type == default_device.type
    made = [tinytorch.ones(2), tinytorch.tensor([1, 2]), tinytorch.arange(3),
            tinytorch.randn(2), tinytorch.zeros_like(tinytorch.ones(1)),
            tinytorch.nn.Linear(2, 2).weight, tinytorch.as_tensor(np.ones(2))]
    assert all(t.device.type == default_device.type for t in made)
    assert tinytorch.from_numpy(np.ones(2)).device.type == "cpu"
    assert tinytorch.ones(2, device="cpu").device.type == "cpu"


def test_none_restores_the_cpu():
    tinytorch.set_default_device("cpu")
    tinytorch.set_default_device(None)
    assert tinytorch.get_default_device() == tinytorch.device("cpu")
    with pytest.raises(RuntimeError):
        tinytorch.set_default_device("tpu")
