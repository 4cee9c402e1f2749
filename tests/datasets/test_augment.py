"""torchvision-style augmentations: values against torchvision's own formulas (grid
generation and grid_sample, rebuilt here with PyTorch ops since torchvision cannot be
installed beside this PyTorch), shapes, seeds and errors."""

import math

import numpy as np
import pytest

import tinytorch
from tinytorch.datasets import transforms as T
from tinytorch.datasets.transforms import functional as TF

torch = pytest.importorskip("torch")


def torchvision_grid_transform(img, matrix, mode, fill):
    """torchvision.transforms.functional_tensor: _gen_affine_grid + _apply_grid_transform."""
    img = torch.as_tensor(img).unsqueeze(0)
    h, w = img.shape[-2:]
    theta = torch.tensor(matrix, dtype=img.dtype).reshape(1, 2, 3)
    base = torch.empty(1, h, w, 3, dtype=img.dtype)
    base[..., 0].copy_(torch.linspace(-w * 0.5 + 0.5, w * 0.5 + 0.5 - 1, steps=w))
    base[..., 1].copy_(torch.linspace(-h * 0.5 + 0.5, h * 0.5 + 0.5 - 1, steps=h).unsqueeze(-1))
    base[..., 2].fill_(1)
    rescaled = theta.transpose(1, 2) / torch.tensor([0.5 * w, 0.5 * h], dtype=img.dtype)
    grid = base.view(1, h * w, 3).bmm(rescaled).view(1, h, w, 2)
    if fill is not None:
        img = torch.cat([img, torch.ones_like(img[:, :1])], 1)
    out = torch.nn.functional.grid_sample(img, grid, mode=mode, padding_mode="zeros",
                                          align_corners=False)
    if fill is not None:
        out, mask = out[:, :-1], out[:, -1:].expand_as(out[:, :-1])
        colour = torch.tensor(fill, dtype=out.dtype).view(1, -1, 1, 1).expand_as(out)
        if mode == "nearest":
            out = torch.where(mask < 0.5, colour, out)
        else:
            out = out * mask + (1.0 - mask) * colour
    return out[0].numpy()


def image(c=2, h=7, w=9, seed=0):
    return np.random.default_rng(seed).random((c, h, w))


# angles avoid exact half-pixel ties, where nearest rounding depends on the last bit of the
# coordinate (see NOTE [Affine resampling])
PARAMS = [(33.0, (0, 0), 1.0, (0.0, 0.0)), (-47.5, (2, -1), 1.3, (10.0, 0.0)),
          (90.0, (0, 0), 0.7, (0.0, 0.0)), (12.0, (1, 3), 1.0, (-8.0, 15.0)),
          (0.0, (0, 0), 0.5, (0.0, 0.0))]


@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("fill", [None, [0.0, 0.0], [0.25, 1.0]], ids=["none", "zero", "rgb"])
@pytest.mark.parametrize("params", PARAMS, ids=[f"p{i}" for i in range(len(PARAMS))])
def test_affine_matches_torchvision_formulas(params, fill, mode):
    img = image()
    angle, translate, scale, shear = params
    got = TF.affine(tinytorch.tensor(img), angle, translate, scale, shear, mode, fill)
    matrix = TF.get_inverse_affine_matrix([0.0, 0.0], angle, [float(t) for t in translate],
                                          scale, shear)
    np.testing.assert_allclose(got.numpy(), torchvision_grid_transform(img, matrix, mode, fill),
                               atol=1e-12)


def test_rotate_is_counter_clockwise_about_the_centre():
    img = np.zeros((1, 5, 5))
    img[0, 2, 4] = 1.0  # right of the centre
    out = TF.rotate(tinytorch.tensor(img), 90.0).numpy()
    assert out[0, 0, 2] == 1.0 and out.sum() == 1.0  # now above it
    matrix = TF.get_inverse_affine_matrix([0.0, 0.0], -90.0, [0.0, 0.0], 1.0, [0.0, 0.0])
    np.testing.assert_allclose(out, torchvision_grid_transform(img, matrix, "nearest", None))


def test_inverse_affine_matrix_inverts_torchvision_forward_matrix():
    angle, (tx, ty), s, (sx, sy) = 20.0, (3.0, -2.0), 1.2, (5.0, 7.0)
    inverse = np.array(TF.get_inverse_affine_matrix([1.0, 2.0], angle, [tx, ty], s,
                                                    [sx, sy]) + [0, 0, 1]).reshape(3, 3)
    r, a, b = math.radians(angle), math.radians(sx), math.radians(sy)
    shear_x = np.array([[1, -math.tan(a), 0], [0, 1, 0], [0, 0, 1]])
    shear_y = np.array([[1, 0, 0], [-math.tan(b), 1, 0], [0, 0, 1]])
    rot = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    centre = np.array([[1, 0, 1.0], [0, 1, 2.0], [0, 0, 1]])
    shift = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
    forward = shift @ centre @ rot @ np.diag([s, s, 1]) @ shear_y @ shear_x @ \
        np.linalg.inv(centre)
    np.testing.assert_allclose(inverse @ forward, np.eye(3), atol=1e-12)


def test_random_horizontal_flip_follows_the_global_seed():
    img = tinytorch.tensor(image(1, 3, 4))
    tinytorch.manual_seed(3)
    flips = [bool((T.RandomHorizontalFlip()(img) != img).any()) for _ in range(200)]
    assert 70 < sum(flips) < 130
    tinytorch.manual_seed(3)
    assert flips == [bool((T.RandomHorizontalFlip()(img) != img).any()) for _ in range(200)]
    assert (T.RandomHorizontalFlip(p=1.0)(img) == img.flip(-1)).all()


def test_random_crop_pads_then_crops_a_window():
    img = tinytorch.tensor(image(1, 6, 6))
    out = T.RandomCrop(6, padding=2)(img)
    assert tuple(out.shape) == (1, 6, 6)
    padded = np.pad(image(1, 6, 6), ((0, 0), (2, 2), (2, 2)))
    windows = [padded[:, i:i + 6, j:j + 6] for i in range(5) for j in range(5)]
    assert any(np.array_equal(out.numpy(), w) for w in windows)
    assert tuple(T.RandomCrop((8, 9), pad_if_needed=True)(img).shape) == (1, 8, 9)
    with pytest.raises(ValueError, match="Required crop size"):
        T.RandomCrop(7)(img)


@pytest.mark.parametrize("mode, numpy_mode", [("edge", "edge"), ("reflect", "reflect"),
                                              ("symmetric", "symmetric")])
def test_pad_modes_match_numpy(mode, numpy_mode):
    img = image(2, 4, 5)
    out = TF.pad(tinytorch.tensor(img), (1, 2, 3, 1), padding_mode=mode)
    np.testing.assert_array_equal(out.numpy(), np.pad(img, ((0, 0), (2, 1), (1, 3)),
                                                      mode=numpy_mode))


def test_random_rotation_and_affine_draw_from_their_ranges():
    tinytorch.manual_seed(0)
    angles = [T.RandomRotation((10, 20)).get_params([10.0, 20.0]) for _ in range(50)]
    assert all(10 <= a <= 20 for a in angles)
    angle, (tx, ty), scale, shear = T.RandomAffine.get_params(
        [-5.0, 5.0], (0.1, 0.2), (0.8, 0.9), [-3.0, 3.0, -1.0, 1.0], [20, 10])
    assert -5 <= angle <= 5 and abs(tx) <= 2 and abs(ty) <= 2 and 0.8 <= scale <= 0.9
    assert isinstance(tx, int) and -3 <= shear[0] <= 3 and -1 <= shear[1] <= 1
    out = T.RandomAffine(15, (0.1, 0.1), (0.9, 1.1), 5, fill=0.5)(tinytorch.ones(3, 12, 12))
    assert tuple(out.shape) == (3, 12, 12)


def test_augmentation_errors_use_torchvision_messages():
    with pytest.raises(ValueError, match="it must be positive"):
        T.RandomRotation(-3)
    with pytest.raises(ValueError, match="translation values should be between 0 and 1"):
        T.RandomAffine(0, translate=(0.5, 1.5))
    with pytest.raises(ValueError, match="scale values should be positive"):
        T.RandomAffine(0, scale=(0.0, 1.0))
    with pytest.raises(NotImplementedError, match="expand=True"):
        TF.rotate(tinytorch.ones(1, 3, 3), 10, expand=True)


def test_transforms_compose_for_a_dataset_sample():
    pipeline = T.Compose([T.ToTensor(), T.RandomCrop(28, padding=2),
                          T.RandomHorizontalFlip(), T.RandomAffine(10)])
    out = pipeline(np.full((28, 28), 255, dtype="uint8"))
    assert tuple(out.shape) == (1, 28, 28) and out.dtype == tinytorch.float32
