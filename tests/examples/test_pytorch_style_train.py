"""The nn issue's acceptance script runs end to end on a small Fashion-MNIST subset."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[2] / "examples" / "pytorch_style_train.py"
DATA = "/usr/share/datasets/fashion-mnist"


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir(DATA), reason="apt-get install dataset-fashion-mnist")
def test_pytorch_style_train_learns_and_reloads(tmp_path):
    out = subprocess.run([sys.executable, str(SCRIPT), "--limit", "1000", "--epochs", "2",
                          "--batch-size", "50", "--data", str(tmp_path)],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "reloaded state dict" in out.stdout
    accuracy = float(re.search(r"final test accuracy: ([0-9.]+)", out.stdout).group(1))
    assert accuracy > 0.6, out.stdout
