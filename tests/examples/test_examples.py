"""Each example runs end to end on a small subset (slow: run in CI, not on every edit)."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FASHION = "/usr/share/datasets/fashion-mnist"

pytestmark = pytest.mark.slow


def run(script, *args, tmp_path):
    env = {**os.environ, "PYTHONPATH": ROOT}
    done = subprocess.run([sys.executable, os.path.join(ROOT, "examples", script), *args,
                           "--out", str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def needs_fashion_mnist():
    if not os.path.isdir(FASHION):
        pytest.skip(f"Fashion-MNIST not installed in {FASHION} (apt-get install "
                    "dataset-fashion-mnist)")


def test_mnist_dense_example(tmp_path):
    needs_fashion_mnist()
    out = run("mnist_dense.py", "--limit", "600", "--epochs", "1", "--relu", "--units", "32",
              "--verbose", "2", tmp_path=tmp_path)
    assert "Total params: 25,450" in out and "Test accuracy:" in out
    assert "Confusion matrix" in out and (tmp_path / "mnist_dense_history.png").exists()


def test_mnist_cnn_example(tmp_path):
    needs_fashion_mnist()
    out = run("mnist_cnn.py", "--limit", "300", "--epochs", "1", "--verbose", "2",
              tmp_path=tmp_path)
    assert "Total params: 62,346" in out and "Test accuracy:" in out
    assert (tmp_path / "mnist_cnn_confusion.png").exists()


def test_vgg16_summary_example(tmp_path):
    out = run("vgg16_summary.py", "--input-size", "32", tmp_path=tmp_path)
    assert "Total params: 138,357,544" in out and "Forward activations per sample" in out


def test_playground_example(tmp_path):
    out = run("playground_2d.py", "--points", "100", "--epochs", "3", tmp_path=tmp_path)
    for name in ("clusters", "circle", "xor", "spiral"):
        assert name in out
        assert (tmp_path / f"playground_{name}.png").exists()
        assert (tmp_path / f"playground_{name}_loss.png").exists()
