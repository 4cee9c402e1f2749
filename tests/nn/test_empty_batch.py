"""A batch of 0 samples goes forward and backward through each layer as in PyTorch (the last
batch of a filtered dataset can be empty): shapes, and gradients of the right shape. Kernels
that reshaped with -1 failed there (0 elements leave -1 undetermined)."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")

LAYERS = {
    "Linear": (lambda nn: nn.Linear(5, 3), (0, 5)),
    "Conv2d": (lambda nn: nn.Conv2d(3, 4, 3), (0, 3, 20, 20)),
    "Conv2d_small": (lambda nn: nn.Conv2d(3, 4, 3), (0, 3, 8, 8)),
    "Conv2d_groups": (lambda nn: nn.Conv2d(4, 4, 3, groups=2), (0, 4, 20, 20)),
    "Conv2d_strided": (lambda nn: nn.Conv2d(3, 4, 3, stride=2, padding=1), (0, 3, 20, 20)),
    "ConvTranspose2d": (lambda nn: nn.ConvTranspose2d(3, 4, 3), (0, 3, 8, 8)),
    "Conv1d": (lambda nn: nn.Conv1d(3, 4, 3), (0, 3, 8)),
    "MaxPool2d": (lambda nn: nn.MaxPool2d(2), (0, 3, 8, 8)),
    "MaxPool1d": (lambda nn: nn.MaxPool1d(2), (0, 3, 8)),
    "AvgPool2d": (lambda nn: nn.AvgPool2d(2), (0, 3, 8, 8)),
    "AdaptiveAvgPool2d": (lambda nn: nn.AdaptiveAvgPool2d(1), (0, 3, 8, 8)),
    "AdaptiveMaxPool2d": (lambda nn: nn.AdaptiveMaxPool2d(2), (0, 3, 8, 8)),
    "BatchNorm2d_eval": (lambda nn: nn.BatchNorm2d(3).eval(), (0, 3, 8, 8)),
    "LayerNorm": (lambda nn: nn.LayerNorm(5), (0, 5)),
    "GroupNorm": (lambda nn: nn.GroupNorm(1, 4), (0, 4, 3, 3)),
    "LSTM": (lambda nn: nn.LSTM(5, 3, batch_first=True), (0, 4, 5)),
    "GRU": (lambda nn: nn.GRU(5, 3), (4, 0, 5)),
    "Upsample": (lambda nn: nn.Upsample(scale_factor=2), (0, 3, 4, 4)),
    "Fold": (lambda nn: nn.Fold((5, 5), 2), (0, 12, 16)),
    # vol3D
    "Conv3d": (lambda nn: nn.Conv3d(2, 4, 3, padding=1, groups=2), (0, 2, 4, 5, 5)),
    "ConvTranspose3d": (lambda nn: nn.ConvTranspose3d(2, 3, 2, stride=2), (0, 2, 3, 3, 3)),
    "MaxPool3d": (lambda nn: nn.MaxPool3d(2, return_indices=True), (0, 3, 4, 4, 4)),
    "AvgPool3d": (lambda nn: nn.AvgPool3d(2), (0, 3, 4, 4, 4)),
    "AdaptiveAvgPool3d": (lambda nn: nn.AdaptiveAvgPool3d(2), (0, 3, 4, 4, 4)),
    "AdaptiveMaxPool3d": (lambda nn: nn.AdaptiveMaxPool3d(2, True), (0, 3, 4, 4, 4)),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_an_empty_batch_goes_forward_and_backward_as_in_pytorch(name):
    make, shape = LAYERS[name]
    shapes = []
    for lib in (tinytorch, torch):
        lib.manual_seed(0)
        layer, x = make(lib.nn), lib.zeros(*shape, requires_grad=True)
        out = layer(x)
        out = out[0] if isinstance(out, tuple) else out
        out.sum().backward()
        weight_grads = [tuple(p.grad.shape) for p in layer.parameters() if p.grad is not None]
        shapes.append((tuple(out.shape), tuple(x.grad.shape), weight_grads))
    assert shapes[0] == shapes[1]
