import math

import numpy as np
import pytest

import tinytorch
from tinytorch import nn

torch = pytest.importorskip("torch")


def _pair(device, scale=1.0):
    rng = np.random.default_rng(1)
    shapes = [(3, 4), (4,), (2, 2, 2)]
    grads = [(rng.standard_normal(s) * scale).astype(np.float32) for s in shapes]
    ours = [nn.Parameter(tinytorch.zeros(*s, device=device)) for s in shapes]
    theirs = [torch.nn.Parameter(torch.zeros(*s)) for s in shapes]
    for p, q, g in zip(ours, theirs, grads):
        p.grad = tinytorch.tensor(g, device=device)
        q.grad = torch.tensor(g)
    return ours, theirs


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, math.inf])
@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm_matches_torch(norm_type, max_norm, device):
    ours, theirs = _pair(device)
    total = nn.utils.clip_grad_norm_(ours, max_norm, norm_type=norm_type)
    ref = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type=norm_type)
    assert total.item() == pytest.approx(ref.item(), rel=1e-5)
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.grad.cpu().numpy(), q.grad.numpy(), rtol=1e-5, atol=1e-7)
        assert p.grad.dtype is tinytorch.float32


def test_clip_grad_norm_raises_on_nonfinite_and_returns_zero_without_grads():
    p = nn.Parameter(tinytorch.ones(2))
    p.grad = tinytorch.tensor([math.inf, 1.0])
    with pytest.raises(RuntimeError, match="is non-finite, so it cannot be clipped"):
        nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
    assert nn.utils.clip_grad_norm_([nn.Parameter(tinytorch.ones(2))], 1.0).item() == 0.0


def test_clip_grad_value_matches_torch(device):
    ours, theirs = _pair(device, scale=3.0)
    nn.utils.clip_grad_value_(ours, 1.5)
    torch.nn.utils.clip_grad_value_(theirs, 1.5)
    for p, q in zip(ours, theirs):
        np.testing.assert_array_equal(p.grad.cpu().numpy(), q.grad.numpy())


def test_get_total_norm_and_clip_with_norm_match_torch():
    ours, theirs = _pair("cpu")
    total = nn.utils.get_total_norm([p.grad for p in ours], norm_type=3.0)
    ref = torch.nn.utils.get_total_norm([q.grad for q in theirs], norm_type=3.0)
    assert total.item() == pytest.approx(ref.item(), rel=1e-5)
    nn.utils.clip_grads_with_norm_(ours, 0.1, total)
    torch.nn.utils.clip_grads_with_norm_(theirs, 0.1, ref)
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-5, atol=1e-7)
