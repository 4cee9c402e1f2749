"""``stack_module_state`` with ``vmap`` and ``functional_call`` (PyTorch's model-ensembling
tutorial) and ``functionalize``, against torch.func in float64, with PyTorch's errors."""

import copy

import numpy as np
import pytest

import tinytorch
from tests.func._helpers import assert_same_error
from tests.func._helpers import assert_tree_close
from tests.func._helpers import numpy_tree
from tests.func._helpers import torch

RNG = np.random.default_rng(3)


def _mlp(nn):
    """The tutorial's SimpleMLP, smaller (8x8 images)."""
    class SimpleMLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(64, 16)
            self.fc2 = nn.Linear(16, 16)
            self.fc3 = nn.Linear(16, 10)

        def forward(self, x):
            x = x.flatten(1)
            x = nn.functional.relu(self.fc1(x))
            x = nn.functional.relu(self.fc2(x))
            return self.fc3(x)
    return SimpleMLP


def _ensemble(lib, models, minibatches):
    """The tutorial's steps (without ``base_model.to('meta')``: tinytorch has no meta device)."""
    minibatch = minibatches[0]
    loop = [model(mb) for model, mb in zip(models, minibatches)]
    params, buffers = lib.func.stack_module_state(models)
    base_model = copy.deepcopy(models[0])

    def fmodel(params, buffers, x):
        return lib.func.functional_call(base_model, (params, buffers), (x,))
    predictions1_vmap = lib.vmap(fmodel)(params, buffers, minibatches)
    predictions2_vmap = lib.vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)
    assert lib.allclose(predictions1_vmap, lib.stack(loop), atol=1e-12, rtol=1e-12)
    return predictions1_vmap, predictions2_vmap, params, buffers


def test_ensembling_tutorial_matches_torch():
    theirs_cls, ours_cls = _mlp(torch.nn), _mlp(tinytorch.nn)
    theirs_models = [theirs_cls().double() for _ in range(3)]
    ours_models = [ours_cls().double() for _ in range(3)]
    for ours, theirs in zip(ours_models, theirs_models):
        ours.load_state_dict({k: tinytorch.tensor(v.detach().numpy())
                              for k, v in theirs.state_dict().items()})
    minibatches = RNG.standard_normal((3, 5, 1, 8, 8))
    ours = _ensemble(tinytorch, ours_models, tinytorch.tensor(minibatches))
    theirs = _ensemble(torch, theirs_models, torch.tensor(minibatches))
    assert_tree_close(numpy_tree(ours), numpy_tree(theirs))


def test_stacked_parameters_are_new_leaves_and_buffers_stay_plain():
    models = [tinytorch.nn.BatchNorm1d(3) for _ in range(2)]
    models[1].running_mean.fill_(2.0)
    params, buffers = tinytorch.func.stack_module_state(models)
    assert list(params) == ["weight", "bias"]
    assert params["weight"].is_leaf and params["weight"].requires_grad
    assert params["weight"] is not models[0].weight
    assert list(buffers) == ["running_mean", "running_var", "num_batches_tracked"]
    assert buffers["running_mean"].tolist() == [[0.0] * 3, [2.0] * 3]
    assert not buffers["running_var"].requires_grad
    params["weight"].sum().backward()
    assert models[0].weight.grad is None


def _frozen_second(lib):
    models = [lib.nn.Linear(2, 2) for _ in range(2)]
    models[1].bias.requires_grad_(False)
    return models


ERRORS = {
    "no-models": lambda lib: lib.func.stack_module_state([]),
    "modes-differ": lambda lib: lib.func.stack_module_state(
        [lib.nn.Linear(2, 2), lib.nn.Linear(2, 2).eval()]),
    "classes-differ": lambda lib: lib.func.stack_module_state(
        [lib.nn.Linear(2, 2), lib.nn.Bilinear(2, 2, 2)]),
    "requires_grad-differ": lambda lib: lib.func.stack_module_state(_frozen_second(lib)),
    "functionalize-remove": lambda lib: lib.func.functionalize(lib.sin, remove="views"),
}


@pytest.mark.parametrize("build", ERRORS.values(), ids=ERRORS.keys())
def test_errors_match_torch(build):
    assert_same_error(lambda lib, fn: build(lib))


def _mutating(x, y):
    y.add_(x)  # an input mutated, as PyTorch's functionalize keeps it
    z = x.clone()
    z.mul_(2)
    return z.view(-1)[:2], y


@pytest.mark.parametrize("remove", ["mutations", "mutations_and_views"])
def test_functionalize_gives_the_function_results(remove):
    data = RNG.standard_normal(3)
    results = []
    for lib in (tinytorch, torch):
        x, y = lib.tensor(data), lib.zeros(3, dtype=lib.float64)
        out = lib.func.functionalize(_mutating, remove=remove)(x, y)
        results.append(numpy_tree((out, x, y)))
    assert_tree_close(*results)
