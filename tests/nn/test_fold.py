"""nn.Fold and nn.Unfold against PyTorch's (repr, empty state dict, forward equal to the
functional), F.fold / F.unfold's errors raised exactly as PyTorch raises them (type and
message, on the op database's bad inputs), and what ViT-style patch code does with them."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn as nn
import tinytorch.nn.functional as F
from tests.opinfo import fold as fold_db

torch = pytest.importorskip("torch")

MODULES = [  # (constructor args as text, input shape)
    ("Unfold(2)", (2, 3, 5, 6)),
    ("Unfold((2, 3), dilation=2, padding=1, stride=(1, 2))", (3, 5, 6)),
    ("Unfold(kernel_size=3, stride=3)", (1, 2, 6, 9)),
    ("Fold((4, 5), 2)", (2, 12, 12)),
    ("Fold(4, (2, 3), dilation=2, padding=1, stride=(1, 2))", (6, 4)),
    ("Fold(output_size=(6, 9), kernel_size=3, stride=3)", (1, 18, 6)),
]


@pytest.mark.parametrize("text,shape", MODULES)
def test_module_repr_state_and_forward_match_torch(text, shape):
    ours, theirs = eval(f"nn.{text}"), eval(f"torch.nn.{text}")
    assert repr(ours) == repr(theirs)
    assert ours.state_dict() == {} and list(ours.parameters()) == []
    x = np.random.default_rng(0).standard_normal(shape)
    y = ours(tinytorch.tensor(x))
    fn = F.unfold if isinstance(ours, nn.Unfold) else F.fold
    args = () if isinstance(ours, nn.Unfold) else (ours.output_size,)
    same = fn(tinytorch.tensor(x), *args, ours.kernel_size, ours.dilation, ours.padding,
              ours.stride)
    np.testing.assert_array_equal(y.numpy(), same.numpy())
    np.testing.assert_allclose(y.numpy(), theirs(torch.tensor(x)).numpy(), rtol=1e-12)


def _torch_call(name, args, kwargs):
    targs = [torch.tensor(a.numpy()) if isinstance(a, tinytorch.Tensor) else a for a in args]
    return getattr(torch.nn.functional, name)(*targs, **kwargs)


CASES = [("unfold", e) for e in fold_db.UNFOLD_ERRORS] + [("fold", e) for e in fold_db.FOLD_ERRORS]


@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_errors_are_torch_errors(name, case):
    """The op database's bad inputs raise in PyTorch with the same type and message."""
    args, kwargs = case.make("cpu")
    with pytest.raises(Exception) as theirs:
        _torch_call(name, args, kwargs)
    with pytest.raises(Exception) as ours:
        getattr(F, name)(*args, **kwargs)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value).splitlines()[0]


def test_fold_of_unfold_counts_each_pixels_blocks():
    """fold(unfold(x)) = x times how many blocks hold each pixel (PyTorch's documented
    identity with divisor = fold(unfold(ones)))."""
    x = tinytorch.randn(2, 3, 7, 6)
    options = {"kernel_size": (3, 2), "dilation": (1, 2), "padding": 1, "stride": (2, 1)}
    divisor = F.fold(F.unfold(tinytorch.ones_like(x), **options), (7, 6), **options)
    back = F.fold(F.unfold(x, **options), (7, 6), **options)
    np.testing.assert_allclose(back.numpy(), (x * divisor).numpy(), rtol=1e-6)


def test_patch_embedding_as_vit_writes_it():
    """Non-overlapping patches (stride = kernel) through a linear layer equal a strided
    convolution with the same weights, as in a ViT's patch embedding."""
    tinytorch.manual_seed(0)
    conv = nn.Conv2d(3, 8, 4, stride=4)
    x = tinytorch.randn(2, 3, 8, 12, requires_grad=True)
    patches = F.unfold(x, 4, stride=4).transpose(1, 2)  # (N, L, C*4*4)
    y = patches @ conv.weight.reshape(8, -1).t() + conv.bias
    expected = conv(x).flatten(2).transpose(1, 2)
    np.testing.assert_allclose(y.detach().numpy(), expected.detach().numpy(), rtol=1e-4,
                               atol=1e-5)
    y.sum().backward()
    gx = x.grad.numpy().copy()
    x.grad = None
    expected.sum().backward()
    np.testing.assert_allclose(gx, x.grad.numpy(), rtol=1e-4, atol=1e-5)


def test_unfold_gradient_under_create_graph_is_differentiable():
    x = tinytorch.randn(1, 2, 5, 5, dtype=tinytorch.float64, requires_grad=True)
    y = F.unfold(x, 3, padding=1, stride=2)
    (gx,) = tinytorch.autograd.grad((y * y).sum(), x, create_graph=True)
    (ggx,) = tinytorch.autograd.grad(gx.sum(), x)
    divisor = F.fold(F.unfold(tinytorch.ones_like(x), 3, padding=1, stride=2), (5, 5), 3,
                     padding=1, stride=2)
    np.testing.assert_allclose(ggx.numpy(), 2 * divisor.numpy())
