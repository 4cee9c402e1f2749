"""vol3D's modules (Conv3d, ConvTranspose3d, MaxPool3d, AvgPool3d, AdaptiveAvgPool3d,
AdaptiveMaxPool3d) against PyTorch's: repr, state-dict keys, float64 outputs (indices
included) and every gradient after loading PyTorch's state dict; ``output_size``, ties,
construction errors, and the CUDA device (skipped without one)."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn as nn
import tinytorch.nn.functional as F
from tests.nn import _parity as parity

torch = pytest.importorskip("torch")

CASES = [  # (constructor args as text, input shape)
    ("Conv3d(4, 6, 3)", (2, 4, 4, 5, 4)),
    ("Conv3d(4, 6, (2, 3, 1), stride=(2, 1, 2), padding=(1, 0, 1), dilation=(1, 2, 1), "
     "groups=2, bias=False)", (2, 4, 5, 6, 5)),
    ("Conv3d(2, 3, (2, 3, 3), padding='same', padding_mode='reflect')", (1, 2, 4, 5, 4)),
    ("Conv3d(2, 3, 3, padding=1, padding_mode='circular')", (2, 3, 3, 4)),
    ("Conv3d(2, 3, 2, padding=(1, 0, 1), padding_mode='replicate', dilation=2)",
     (1, 2, 4, 4, 5)),
    ("Conv3d(2, 4, 2, padding='valid', groups=2)", (2, 3, 4, 3)),
    ("ConvTranspose3d(4, 6, 3)", (2, 4, 3, 2, 3)),
    ("ConvTranspose3d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=1)",
     (1, 4, 2, 3, 2)),
    ("ConvTranspose3d(2, 3, (2, 3, 2), stride=(1, 2, 3), padding=(0, 1, 1), "
     "output_padding=(0, 1, 2), dilation=(2, 1, 1), bias=False)", (2, 3, 2, 2)),
    ("MaxPool3d(2)", (2, 3, 4, 5, 4)),
    ("MaxPool3d((3, 2, 2), stride=(2, 1, 2), padding=1, ceil_mode=True, return_indices=True)",
     (1, 2, 5, 4, 5)),
    ("MaxPool3d(2, stride=1, dilation=(1, 2, 1), return_indices=True)", (2, 4, 5, 3)),
    ("AvgPool3d(2)", (2, 3, 4, 5, 4)),
    ("AvgPool3d((3, 2, 2), stride=(2, 1, 2), padding=1, ceil_mode=True, "
     "count_include_pad=False)", (1, 2, 5, 4, 5)),
    ("AvgPool3d(2, stride=1, padding=1, divisor_override=3)", (2, 3, 3, 4)),
    ("AdaptiveAvgPool3d((2, None, 3))", (2, 3, 5, 4, 7)),
    ("AdaptiveAvgPool3d(1)", (3, 4, 5, 2)),
    ("AdaptiveMaxPool3d((3, 2, 4), return_indices=True)", (2, 2, 5, 4, 7)),
    ("AdaptiveMaxPool3d(2)", (3, 4, 5, 2)),
]


@pytest.mark.parametrize("spec, shape", CASES, ids=[c[0] for c in CASES])
def test_module_matches_torch_after_loading_its_state_dict(spec, shape, device):
    parity.compare(lambda lib: eval("lib.nn." + spec).to(lib.float64), parity.arrays(shape),
                   {}, device, direction="from_torch")


@pytest.mark.parametrize("fn, kwargs", [
    ("max_pool3d", {"kernel_size": 3, "stride": 1, "padding": 1}),
    ("max_pool3d", {"kernel_size": (2, 3, 2), "stride": (1, 2, 1), "ceil_mode": True}),
    ("adaptive_max_pool3d", {"output_size": (2, 3, 2)}),
])
def test_max_pooling_ties_go_to_the_first_maximum_in_depth_row_column_order(fn, kwargs):
    # few distinct values: most windows hold their maximum more than once
    x = np.random.default_rng(3).integers(0, 3, size=(2, 2, 4, 5, 4)).astype(np.float64)
    ours, theirs = tinytorch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    y, i = getattr(F, fn)(ours, return_indices=True, **kwargs)
    ty, ti = getattr(torch.nn.functional, fn)(theirs, return_indices=True, **kwargs)
    np.testing.assert_array_equal(i.numpy(), ti.numpy())
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_array_equal(ours.grad.numpy(), theirs.grad.numpy())


def test_conv_transpose3d_output_size_picks_the_size():
    m = nn.ConvTranspose3d(2, 2, 3, stride=2, padding=1).to(tinytorch.float64)
    tm = torch.nn.ConvTranspose3d(2, 2, 3, stride=2, padding=1).double()
    m.load_state_dict({k: tinytorch.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    x = np.random.default_rng(2).normal(size=(1, 2, 3, 4, 3))
    for size in ([5, 7, 5], [6, 8, 6], (1, 2, 6, 7, 5)):
        np.testing.assert_allclose(m(tinytorch.tensor(x), output_size=size).detach().numpy(),
                                   tm(torch.tensor(x), output_size=size).detach().numpy(),
                                   rtol=1e-12)
    with pytest.raises(ValueError, match=r"ConvTranspose3D: for 5D input, output_size must "
                                         r"have 3 or 5 elements \(got 2\)"):
        m(tinytorch.tensor(x), output_size=[6, 8])


@pytest.mark.parametrize("make, exc, message", [
    (lambda: nn.ConvTranspose3d(4, 6, 3, padding_mode="reflect"), ValueError,
     'Only "zeros" padding mode is supported for ConvTranspose3d'),
    (lambda: nn.Conv3d(4, 6, 3, groups=4), ValueError,
     "out_channels must be divisible by groups"),
    (lambda: nn.Conv3d(4, 6, 3, stride=2, padding="same"), ValueError,
     "padding='same' is not supported for strided convolutions"),
])
def test_construction_errors_match_torch(make, exc, message):
    with pytest.raises(exc, match=message):
        make()


def test_weight_layouts_match_torch():
    assert tuple(nn.Conv3d(4, 6, (1, 2, 3), groups=2).weight.shape) == (6, 2, 1, 2, 3)
    assert tuple(nn.ConvTranspose3d(4, 6, (1, 2, 3), groups=2).weight.shape) == (4, 3, 1, 2, 3)


def test_cuda_matches_cpu(device):
    # the composition runs the 2-D ops, so on CUDA their raw kernels (or the CuPy fallbacks)
    rng = np.random.default_rng(4)
    x, w = rng.normal(size=(2, 4, 4, 5, 4)), rng.normal(size=(6, 2, 2, 3, 2))
    results = {}
    for dev in ("cpu", device):
        xt = tinytorch.tensor(x, device=dev, requires_grad=True)
        wt = tinytorch.tensor(w, device=dev, requires_grad=True)
        y = F.conv3d(xt, wt, stride=(1, 2, 1), padding=1, groups=2)
        z, i = F.max_pool3d(y, 2, ceil_mode=True, return_indices=True)
        u = F.conv_transpose3d(z, wt, stride=2, groups=2)
        v = F.avg_pool3d(u, 2, padding=1) + F.adaptive_avg_pool3d(u, (2, 3, 2)).mean()
        a, j = F.adaptive_max_pool3d(y, (2, 2, 3), return_indices=True)
        (v.sum() + a.sum()).backward()
        results[dev] = [t.detach().cpu().numpy() for t in (y, z, i, u, v, a, j, xt.grad,
                                                           wt.grad)]
    for ours, cpu in zip(results[device], results["cpu"]):
        np.testing.assert_allclose(ours, cpu, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("make", [
    lambda x: F.conv3d(x, tinytorch.ones(4, 3, 2, 2, 2)),
    lambda x: F.conv_transpose3d(x, tinytorch.ones(3, 2, 2, 2, 2), stride=2),
    lambda x: F.max_pool3d(x, 2, return_indices=True)[1],
    lambda x: F.avg_pool3d(x, 2),
    lambda x: F.adaptive_avg_pool3d(x, (2, 3, 1)),
    lambda x: F.adaptive_max_pool3d(x, 2, return_indices=True)[1],
])
def test_outputs_are_contiguous_as_in_pytorch(make):
    # scripts flatten a 3-D feature map with view(), which needs a contiguous tensor
    y = make(tinytorch.ones(2, 3, 4, 5, 6))
    assert y.is_contiguous()
    assert tuple(y.view(2, -1).shape) == (2, y[0].numel())
