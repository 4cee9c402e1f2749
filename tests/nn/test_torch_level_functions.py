"""The neural-network functions at the top level (torch.conv2d, torch.dropout,
torch.layer_norm, torch.embedding ...) against PyTorch 2.13: each wrapper's example and the
functionals exported as they are, called the same way under both libraries."""

import numpy as np
import pytest

import tinytorch
from tinytorch import _nn_functions

torch = pytest.importorskip("torch")


def _as_arrays(value):
    if isinstance(value, tuple) and not hasattr(value, "numel"):
        if all(isinstance(v, int) for v in value):  # a Size
            return [list(value)]
        return [a for v in value for a in _as_arrays(v)]
    return [np.array(value.tolist())]


@pytest.mark.parametrize("name", sorted(_nn_functions._EXAMPLES))
def test_wrapper_example_matches_pytorch(name):
    call = _nn_functions._EXAMPLES[name][0]
    ours = eval("tinytorch." + call, {"tinytorch": tinytorch})
    theirs = eval("torch." + call.replace("tinytorch.", "torch."), {"torch": torch})
    for a, b in zip(_as_arrays(ours), _as_arrays(theirs), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", sorted(_nn_functions._SAME))
def test_same_functions_are_the_functionals(name):
    assert getattr(tinytorch, name) is getattr(tinytorch.nn.functional, name)
    assert hasattr(torch, name)


def test_signatures_that_differ_from_the_functionals():
    w = tinytorch.randn(5, 3)
    idx = tinytorch.tensor([[0, 4], [2, 0]])
    out = tinytorch.embedding(w, idx, padding_idx=0)
    np.testing.assert_array_equal(out.detach().numpy(), w[idx].numpy())
    x = tinytorch.randn(4, 3, requires_grad=True)
    y = tinytorch.batch_norm(x, tinytorch.ones(3), tinytorch.zeros(3), None, None, True, 0.1,
                             1e-5, False)
    z = tinytorch.nn.functional.batch_norm(x, None, None, tinytorch.ones(3), tinytorch.zeros(3),
                                           True)
    np.testing.assert_allclose(y.detach().numpy(), z.detach().numpy())
    with pytest.raises(TypeError):
        tinytorch.dropout(tinytorch.ones(2))  # p and train are required, as in PyTorch
    stride_default = tinytorch.max_pool1d(tinytorch.arange(6.0).reshape(1, 6), 2)
    assert stride_default.tolist() == [[1.0, 3.0, 5.0]]
