"""Model zoo: parameter counts, torchvision state-dict names, forward shapes, summary()."""

import pytest

import tinytorch
from tinytorch import models
from tinytorch.models import vgg
from tinytorch.utils import summary

VGG16_COUNTS = [1792, 36928, 73856, 147584, 295168, 590080, 590080, 1180160,
                *[2359808] * 5, 102764544, 16781312, 4097000]


def count(model):
    return sum(p.numel() for p in model.parameters())


@pytest.fixture(scope="module")
def vgg16():
    return models.vgg16()  # 138 M parameters: build once


def test_vgg16_has_book_parameter_count(vgg16):
    assert count(vgg16) == 138_357_544
    per_layer = [m.weight.numel() + m.bias.numel() for m in vgg16.modules()
                 if hasattr(m, "weight") and m.weight is not None]
    assert per_layer == VGG16_COUNTS


def test_vgg16_uses_torchvision_state_dict_names(vgg16):
    keys = list(vgg16.state_dict())
    assert keys[:2] == ["features.0.weight", "features.0.bias"]
    assert "features.28.weight" in keys
    assert keys[-2:] == ["classifier.6.weight", "classifier.6.bias"]
    assert "classifier.3.weight" in keys


# torchvision's totals minus the shared classifier (123,642,856 parameters for 1000 classes);
# only the convolutional trunk is built here to keep the test light.
@pytest.mark.parametrize("name,expected", [
    ("vgg11", 132_863_336 - 123_642_856), ("vgg13", 133_047_848 - 123_642_856),
    ("vgg19", 143_667_240 - 123_642_856)])
def test_vgg_trunk_parameter_counts_match_torchvision(name, expected):
    assert count(vgg.make_features(vgg.CONFIGS[name])) == expected


def test_resnet18_parameter_count_matches_torchvision():
    assert count(models.resnet18()) == 11_689_512


def test_resnet18_state_dict_names():
    keys = set(models.resnet18().state_dict())
    for key in ("conv1.weight", "bn1.running_mean", "layer1.0.conv1.weight",
                "layer2.0.downsample.0.weight", "layer4.1.bn2.bias", "fc.weight"):
        assert key in keys


def test_small_models_forward_shapes():
    assert tuple(models.LeNet5()(tinytorch.zeros(2, 1, 32, 32)).shape) == (2, 10)
    assert tuple(models.BookCNN()(tinytorch.zeros(2, 1, 28, 28)).shape) == (2, 10)
    assert tuple(models.BookDenseNet()(tinytorch.zeros(2, 1, 28, 28)).shape) == (2, 10)
    assert count(models.BookCNN()) == 62_346 and count(models.BookDenseNet()) == 7_960
    assert count(models.LeNet5()) == 61_706


def test_summary_counts_params_and_activations():
    result = summary(models.BookCNN(), (1, 28, 28))
    assert result.total_params == 62_346 and result.trainable_params == 62_346
    shapes = [row[2] for row in result.rows]
    assert shapes[0] == (-1, 32, 24, 24) and shapes[-1] == (-1, 10)
    # conv 18432, relu 18432, pool 4608, conv 4096, relu 4096, pool 1024, linear 10
    assert result.activation_values == 50_698
    assert result.activation_bytes == 4 * 50_698
    text = str(result)
    assert "Total params: 62,346" in text and "Forward activations per sample" in text


def test_summary_restores_training_mode():
    model = models.BookCNN()
    summary(model, (1, 28, 28))
    assert model.training


@pytest.mark.slow
def test_vgg16_summary_reports_activation_memory(vgg16):
    result = summary(vgg16, (3, 224, 224))
    assert result.total_params == 138_357_544
    # Every conv/pool/linear output of one 224x224 image; the in-place ReLUs add nothing.
    assert result.activation_values > 15_000_000
    assert result.activation_bytes / 2 ** 20 > 55
