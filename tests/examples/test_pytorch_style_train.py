"""The PyTorch-style examples run end to end on a small Fashion-MNIST subset and learn."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
DATA = "/usr/share/datasets/fashion-mnist"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not os.path.isdir(DATA),
                                                   reason="apt-get install dataset-fashion-mnist")]


def _run(script, tmp_path, *args):
    """(stdout, final test accuracy) of ``examples/<script>`` with ``args``."""
    out = subprocess.run([sys.executable, str(EXAMPLES / script), *args, "--data", str(tmp_path)],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout, float(re.search(r"final test accuracy: ([0-9.]+)", out.stdout).group(1))


def test_pytorch_style_train_learns_and_reloads(tmp_path):
    stdout, accuracy = _run("pytorch_style_train.py", tmp_path, "--limit", "1000", "--epochs",
                            "2", "--batch-size", "50")
    assert "reloaded state dict" in stdout
    assert accuracy > 0.6, stdout


def test_vit_example_learns(tmp_path):
    stdout, accuracy = _run("vit_fashion_mnist.py", tmp_path, "--limit", "2000", "--epochs", "2")
    assert accuracy > 0.5, stdout
