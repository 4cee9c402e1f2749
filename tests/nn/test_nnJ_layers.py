"""nnJ's modules (InstanceNorm1d/2d/3d, LocalResponseNorm, Upsample's modes,
UpsamplingNearest2d/Bilinear2d, AdaptiveAvgPool1d/AdaptiveMaxPool1d) against PyTorch's: float64 outputs,
input and parameter gradients, running statistics, state dicts and repr, in train and eval."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn as nn

torch = pytest.importorskip("torch")

PAIRS = [  # (constructor args as text, input shape)
    ("InstanceNorm1d(3)", (2, 3, 5)), ("InstanceNorm1d(3)", (3, 5)),
    ("InstanceNorm1d(3, affine=True, track_running_stats=True)", (2, 3, 5)),
    ("InstanceNorm2d(3, affine=True)", (3, 4, 4)),
    ("InstanceNorm2d(2, 0.01, 0.3, True, True)", (2, 2, 3, 2)),
    ("InstanceNorm3d(2, track_running_stats=True, momentum=None)", (2, 2, 2, 3, 2)),
    ("InstanceNorm3d(2, affine=True, bias=False)", (2, 2, 2, 1, 2)),
    ("LocalResponseNorm(3, 0.1, 0.6, 2.0)", (2, 5, 3)), ("LocalResponseNorm(2)", (2, 4, 3, 2)),
    ("LocalResponseNorm(4, 1.0)", (1, 6, 2, 2, 2)),
    ("Upsample(scale_factor=1.5, mode='linear')", (2, 3, 5)),
    ("Upsample(7, mode='linear', align_corners=True)", (2, 3, 5)),
    ("Upsample(scale_factor=(2, 1.5), mode='bicubic')", (1, 2, 3, 4)),
    ("Upsample((5, 2), mode='bicubic', align_corners=True)", (1, 2, 3, 4)),
    ("Upsample(scale_factor=0.6, mode='bicubic', recompute_scale_factor=True)", (1, 2, 5, 4)),
    ("Upsample(scale_factor=2, mode='trilinear')", (1, 2, 2, 3, 2)),
    ("Upsample((3, 4, 2), mode='trilinear', align_corners=True)", (1, 2, 2, 3, 2)),
    ("Upsample(scale_factor=0.5, mode='area')", (1, 2, 6, 5)),
    ("Upsample((2, 3, 2), mode='area')", (1, 2, 5, 4, 3)),
    ("Upsample(scale_factor=1.7, mode='nearest-exact')", (2, 2, 5)),
    ("Upsample(scale_factor=1.7)", (1, 2, 3, 4, 2)),
    ("UpsamplingNearest2d(scale_factor=2.5)", (1, 2, 3, 2)),
    ("UpsamplingBilinear2d((4, 5))", (1, 2, 3, 2)),
    ("AdaptiveAvgPool1d(3)", (2, 3, 7)), ("AdaptiveAvgPool1d(4)", (3, 5)),
    ("AdaptiveMaxPool1d(3)", (2, 3, 7)), ("AdaptiveMaxPool1d((2,))", (3, 5)),
]


def _step(ours, theirs, x, rng):
    a, b = tinytorch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    y, ty = ours(a), theirs(b)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-10, atol=1e-12)
    w = rng.normal(size=tuple(y.shape))
    (y * tinytorch.tensor(w)).sum().backward()
    (ty * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-8, atol=1e-10)
    for (name, p), tp in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), rtol=1e-8, atol=1e-10,
                                   err_msg=name)
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[key].numpy(), value.numpy(), rtol=1e-10,
                                   err_msg=key)


@pytest.mark.parametrize("spec, shape", PAIRS, ids=[p[0] + str(p[1]) for p in PAIRS])
def test_module_matches_torch_in_train_and_eval(spec, shape):
    rng = np.random.default_rng(0)
    ours = eval("nn." + spec).to(tinytorch.float64)
    theirs = eval("torch.nn." + spec).to(torch.float64)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        value = rng.normal(size=tuple(p.shape))
        p.data, tp.data = tinytorch.tensor(value), torch.tensor(value)
    for mode in ("train", "train", "eval", "train", "eval"):
        getattr(ours, mode)()
        getattr(theirs, mode)()
        _step(ours, theirs, rng.normal(size=shape) * 3 + 1, rng)


@pytest.mark.parametrize("cls, shape, message", [
    ("InstanceNorm1d", (2, 3, 4, 5), "expected 2D or 3D input (got 4D input)"),
    ("InstanceNorm2d", (2, 3), "expected 3D or 4D input (got 2D input)"),
    ("InstanceNorm3d", (2, 3, 4), "expected 4D or 5D input (got 3D input)")])
def test_instance_norm_rejects_wrong_rank(cls, shape, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        getattr(nn, cls)(3)(tinytorch.ones(*shape))


def test_instance_norm_channel_mismatch_warns_or_raises_as_torch():
    with pytest.raises(ValueError, match=r"expected input's size at dim=1 to match "
                                         r"num_features \(4\), but got: 3."):
        nn.InstanceNorm1d(4, affine=True)(tinytorch.ones(2, 3, 5))
    with pytest.warns(UserWarning, match="input's size at dim=0 does not match num_features"):
        y = nn.InstanceNorm1d(4)(tinytorch.arange(6.0).reshape(3, 2))
    assert tuple(y.shape) == (3, 2)


def test_instance_norm_eval_without_running_stats_uses_instance_stats():
    x = np.random.default_rng(1).normal(size=(2, 3, 4))
    y = nn.InstanceNorm1d(3).eval()(tinytorch.tensor(x))
    ty = torch.nn.InstanceNorm1d(3).eval()(torch.tensor(x))
    np.testing.assert_allclose(y.numpy(), ty.numpy(), rtol=1e-10)


def test_adaptive_max_pool1d_returns_torch_indices():
    x = np.random.default_rng(2).normal(size=(2, 3, 7))
    y, i = nn.AdaptiveMaxPool1d(3, return_indices=True)(tinytorch.tensor(x))
    ty, ti = torch.nn.AdaptiveMaxPool1d(3, return_indices=True)(torch.tensor(x))
    assert repr(nn.AdaptiveMaxPool1d(3, True)) == repr(torch.nn.AdaptiveMaxPool1d(3, True))
    np.testing.assert_array_equal(y.numpy(), ty.numpy())
    np.testing.assert_array_equal(i.numpy(), ti.numpy())
    assert i.dtype == tinytorch.int64
