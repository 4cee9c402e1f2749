"""The functional-API examples (autoencoder, GAN, transfer learning, augmentation) end to end
on tiny subsets of Fashion-MNIST (slow: run in CI, not on every edit)."""

import pytest

from tests.examples.test_examples import needs_fashion_mnist
from tests.examples.test_examples import run

pytestmark = pytest.mark.slow


def test_conv_autoencoder_example(tmp_path):
    needs_fashion_mnist()
    out = run("conv_autoencoder.py", "--limit", "300", "--epochs", "1", "--verbose", "2",
              tmp_path=tmp_path)
    assert "Connected to" not in out and "Total params: 3,217" in out
    assert "Test reconstruction: mse" in out
    assert (tmp_path / "conv_autoencoder" / "reconstructions.png").exists()


def test_gan_example(tmp_path):
    needs_fashion_mnist()
    out = run("gan.py", "--limit", "128", "--epochs", "2", "--judge-epochs", "1",
              tmp_path=tmp_path)
    assert "Non-trainable params: " in out and "Epoch 2/2 - discriminator loss" in out
    assert "generated samples: mean confidence" in out and "classes covered" in out
    for name in ("samples_epoch_1.png", "samples_epoch_2.png", "losses.csv", "quality.txt"):
        assert (tmp_path / "gan" / name).exists()


def test_transfer_learning_example(tmp_path):
    needs_fashion_mnist()
    out = run("transfer_learning.py", "--limit", "200", "--head-samples", "100", "--epochs",
              "1", "--head-epochs", "1", "--verbose", "0", tmp_path=tmp_path)
    assert "Non-trainable params: 18,816" in out
    assert "transfer (frozen base + new head):" in out and "from scratch:" in out
    assert (tmp_path / "transfer_learning" / "results.txt").exists()


@pytest.mark.parametrize("method", ["layers", "generator"])
def test_augmentation_example(tmp_path, method):
    needs_fashion_mnist()
    out = run("augmentation.py", "--limit", "100", "--test-limit", "100", "--epochs", "1",
              "--verbose", "0", "--method", method, tmp_path=tmp_path)
    assert "without augmentation: train accuracy" in out
    assert f"with augmentation ({method}): train accuracy" in out
    assert (tmp_path / "augmentation" / "augmented.png").exists()
