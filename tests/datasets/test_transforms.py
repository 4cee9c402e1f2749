"""tinytorch.datasets.transforms: torchvision's names and semantics, PIL-free."""

import numpy as np
import pytest

import tinytorch
from tinytorch.datasets import transforms as T


def test_to_tensor_uint8_hw_and_hwc_to_float_chw(device):
    img = tinytorch.tensor([[0, 255], [51, 102]], dtype=tinytorch.uint8, device=device)
    out = T.ToTensor()(img)
    assert out.shape == (1, 2, 2) and out.dtype == tinytorch.float32
    assert np.allclose(out.cpu().numpy(), [[[0.0, 1.0], [0.2, 0.4]]])
    hwc = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
    out = T.ToTensor()(hwc)
    assert out.shape == (3, 2, 4) and np.allclose(out.numpy(), hwc.transpose(2, 0, 1) / 255.0)


def test_to_tensor_keeps_float_values_and_rejects_bad_rank():
    out = T.ToTensor()(np.full((2, 2), 3.5, np.float32))
    assert out.shape == (1, 2, 2) and out.tolist() == [[[3.5, 3.5], [3.5, 3.5]]]
    with pytest.raises(ValueError, match="pic should be 2 or 3 dimensional"):
        T.ToTensor()(np.zeros(3, np.uint8))


def test_normalize_per_channel(device):
    x = tinytorch.rand(2, 3, 4, 4, device=device)
    out = T.Normalize((0.1, 0.2, 0.3), (0.5, 1.0, 2.0))(x)
    mean = np.array([0.1, 0.2, 0.3], np.float32).reshape(3, 1, 1)
    std = np.array([0.5, 1.0, 2.0], np.float32).reshape(3, 1, 1)
    assert out.dtype == tinytorch.float32
    assert np.allclose(out.cpu().numpy(), (x.cpu().numpy() - mean) / std, atol=1e-6)


def test_normalize_errors():
    with pytest.raises(ValueError, match="std evaluated to zero"):
        T.Normalize((0.0,), (0.0,))(tinytorch.rand(1, 2, 2))
    with pytest.raises(TypeError, match="should be a float tensor"):
        T.Normalize((0.0,), (1.0,))(tinytorch.zeros(1, 2, 2, dtype=tinytorch.uint8))
    with pytest.raises(ValueError, match=r"size \(..., C, H, W\)"):
        T.Normalize((0.0,), (1.0,))(tinytorch.rand(2, 2))


def test_compose_and_lambda():
    pipeline = T.Compose([T.ToTensor(), T.Lambda(lambda x: x * 2)])
    out = pipeline(np.full((1, 1), 255, np.uint8))
    assert out.tolist() == [[[2.0]]]
    assert "ToTensor()" in repr(pipeline)
    with pytest.raises(TypeError, match="Argument lambd should be callable"):
        T.Lambda(3)


@pytest.mark.parametrize("fill_mode", ["constant", "reflect", "wrap", "nearest"])
def test_affine_sample_with_a_nan_matrix_reads_fill_or_nan_instead_of_crashing(fill_mode):
    # a NaN coordinate became index -2**63 (NumPy's IndexError); it now falls outside the
    # image: nearest reads fill_value, bilinear's NaN weights give NaN (PyTorch's grid_sample)
    from tinytorch.datasets.transforms.functional import affine_sample
    matrix = tinytorch.tensor([[[float("nan"), 0.0, 0.0], [0.0, 1.0, 0.0]]])
    with np.errstate(invalid="ignore"):
        nearest = affine_sample(tinytorch.ones(1, 1, 3, 3), matrix, interpolation="nearest",
                                fill_mode=fill_mode, fill_value=0.5)
        bilinear = affine_sample(tinytorch.ones(1, 1, 3, 3), matrix, interpolation="bilinear",
                                 fill_mode=fill_mode, fill_value=0.5)
    assert nearest.tolist() == [[[[0.5] * 3] * 3]]
    assert bilinear.isnan().all()
