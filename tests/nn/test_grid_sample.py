"""F.grid_sample and F.affine_grid against PyTorch: every mode x padding mode x align_corners
in 2-D and 3-D, values and the gradients of input and grid (theta for affine_grid), in float64
and float32; rounding ties of 'nearest'; the align_corners warning; a spatial transformer's
parameter gradients; no double backward through grid_sample; the deprecated upsample
aliases."""

import itertools
import warnings

import numpy as np
import pytest

import tinytorch
import tinytorch.nn as nn
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")

CASES = [(mode, pad, ac, dims) for mode, pad, ac, dims in itertools.product(
    ("bilinear", "nearest", "bicubic"), ("zeros", "border", "reflection"), (False, True), (2, 3))
    if not (mode == "bicubic" and dims == 3)]
TOL = {"float64": (1e-10, 1e-10), "float32": (2e-5, 2e-5)}


def _pair(array, dtype, device="cpu"):
    ours = tinytorch.tensor(array, dtype=getattr(tinytorch, dtype), device=device,
                            requires_grad=True)
    return ours, torch.tensor(array, dtype=getattr(torch, dtype), requires_grad=True)


def _check(ours, theirs, dtype):
    rtol, atol = TOL[dtype]
    np.testing.assert_allclose(ours.detach().cpu().numpy(), theirs.detach().numpy(), rtol=rtol,
                               atol=atol)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("mode,padding_mode,align_corners,dims", CASES)
def test_grid_sample_matches_torch(mode, padding_mode, align_corners, dims, dtype, device):
    rng = np.random.default_rng(CASES.index((mode, padding_mode, align_corners, dims)))
    spatial = (3, 4, 5)[-dims:]
    x = rng.standard_normal((2, 3) + spatial)
    grid = rng.uniform(-1.6, 1.6, (2,) + (4, 2, 3)[-dims:] + (dims,))  # outside too
    (x_t, x_ref), (g_t, g_ref) = _pair(x, dtype, device), _pair(grid, dtype, device)
    kw = {"mode": mode, "padding_mode": padding_mode, "align_corners": align_corners}
    y_t = F.grid_sample(x_t, g_t, **kw)
    y_ref = torch.nn.functional.grid_sample(x_ref, g_ref, **kw)
    _check(y_t, y_ref, dtype)
    w = rng.standard_normal(y_ref.shape)
    (y_t * tinytorch.tensor(w, dtype=y_t.dtype, device=device)).sum().backward()
    (y_ref * torch.tensor(w, dtype=y_ref.dtype)).sum().backward()
    _check(x_t.grad, x_ref.grad, dtype)
    _check(g_t.grad, g_ref.grad, dtype)


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("size", [(2, 3, 4, 5), (2, 1, 3, 1, 4), (2, 2, 1, 3)])
def test_affine_grid_matches_torch(size, align_corners):
    dims = len(size) - 2
    theta = np.random.default_rng(len(size)).standard_normal((2, dims, dims + 1))
    t_ours, t_ref = _pair(theta, "float64")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unit-size grids with align_corners warn in both
        ours = F.affine_grid(t_ours, size, align_corners=align_corners)
        ref = torch.nn.functional.affine_grid(t_ref, size, align_corners=align_corners)
    _check(ours, ref, "float64")
    ours.pow(2).sum().backward()
    ref.pow(2).sum().backward()
    _check(t_ours.grad, t_ref.grad, "float64")


def test_grid_sample_nearest_rounds_half_to_even():
    x = tinytorch.arange(4.0).reshape(1, 1, 1, 4)
    grid = tinytorch.tensor([[[[-0.5, 0.0], [0.0, 0.0], [0.5, 0.0], [0.25, 0.0]]]])
    y = F.grid_sample(x, grid, mode="nearest", align_corners=False)  # x at 0.5, 1.5, 2.5, 2
    assert y.flatten().tolist() == [0.0, 2.0, 2.0, 2.0]


@pytest.mark.parametrize("call", [
    lambda lib: lib.nn.functional.grid_sample(lib.ones(1, 1, 2, 2), lib.zeros(1, 1, 1, 2)),
    lambda lib: lib.nn.functional.affine_grid(lib.zeros(1, 2, 3), (1, 1, 2, 2))])
def test_align_corners_none_warns_as_torch(call):
    with pytest.warns(UserWarning) as ref:
        call(torch)
    with pytest.warns(UserWarning) as ours:
        call(tinytorch)
    assert [str(w.message) for w in ours] == [str(w.message) for w in ref]
    assert ours[0].filename == __file__  # blames the caller, as PyTorch's stacklevel=2


def test_grid_sample_has_no_double_backward():
    x = tinytorch.randn(1, 1, 3, 3, requires_grad=True)
    grid = tinytorch.rand(1, 2, 2, 2, requires_grad=True)
    y = F.grid_sample(x, grid, align_corners=False).sum()
    with pytest.raises(RuntimeError, match="double backward .* not supported for GridSample"):
        tinytorch.autograd.grad(y, x, create_graph=True)


def test_spatial_transformer_gradients_match_torch():
    tinytorch.manual_seed(0)
    ours = nn.Linear(12, 6)
    ref = torch.nn.Linear(12, 6)
    with torch.no_grad():
        ref.weight.copy_(torch.tensor(ours.weight.detach().numpy()))
        ref.bias.copy_(torch.tensor(ours.bias.detach().numpy()))
    images = np.random.default_rng(1).standard_normal((2, 3, 2, 2)).astype(np.float32)
    losses = []
    for lib, f, linear in ((tinytorch, F, ours), (torch, torch.nn.functional, ref)):
        x = lib.tensor(images)
        theta = linear(x.reshape(2, 12)).reshape(2, 2, 3)
        grid = f.affine_grid(theta, (2, 3, 5, 4), align_corners=False)
        loss = f.grid_sample(x, grid, padding_mode="border", align_corners=False).pow(2).mean()
        loss.backward()
        losses.append(loss.item())
    assert losses[0] == pytest.approx(losses[1], rel=1e-5)
    for a, b in ((ours.weight, ref.weight), (ours.bias, ref.bias)):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("name,kwargs", [
    ("upsample", {"scale_factor": 2, "mode": "bilinear", "align_corners": False}),
    ("upsample", {"size": (3, 5)}), ("upsample_bilinear", {"scale_factor": 1.5}),
    ("upsample_nearest", {"size": (4, 3)})])
def test_deprecated_upsample_aliases_warn_and_match_torch(name, kwargs):
    x = np.random.default_rng(2).standard_normal((1, 2, 2, 3))
    with pytest.warns(UserWarning) as ref_warnings:
        ref = getattr(torch.nn.functional, name)(torch.tensor(x), **kwargs)
    with pytest.warns(UserWarning) as our_warnings:
        ours = getattr(F, name)(tinytorch.tensor(x), **kwargs)
    assert [str(w.message) for w in our_warnings] == [str(w.message) for w in ref_warnings]
    assert our_warnings[0].filename == __file__
    _check(ours, ref, "float64")
