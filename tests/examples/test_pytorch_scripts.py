"""The plain PyTorch scripts (examples/mnist_classifier.py, examples/dcgan.py) run on
tinytorch on small subsets, checkpoint, and resume (slow: run in CI, not on every edit)."""

import os
import subprocess
import sys

import pytest

import tinytorch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FASHION = "/usr/share/datasets/fashion-mnist"

pytestmark = pytest.mark.slow


def run(script, *args):
    if not os.path.isdir(FASHION):
        pytest.skip(f"Fashion-MNIST not installed in {FASHION} (apt-get install "
                    "dataset-fashion-mnist)")
    env = {**os.environ, "PYTHONPATH": ROOT}
    done = subprocess.run([sys.executable, os.path.join(ROOT, "examples", script), "--data",
                           FASHION, *args], capture_output=True, text=True, env=env,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_mnist_classifier_trains_checkpoints_and_resumes(tmp_path):
    out = run("mnist_classifier.py", "--limit", "256", "--epochs", "1", "--compile",
              "--threads", "1", "--out", str(tmp_path))
    assert "Test set: Average loss:" in out and "final test accuracy:" in out
    checkpoint = tinytorch.load(tmp_path / "checkpoint.pt")
    assert checkpoint["epoch"] == 1 and set(checkpoint) >= {
        "model_state_dict", "optimizer_state_dict", "scheduler_state_dict", "loss"}
    resumed = run("mnist_classifier.py", "--limit", "256", "--epochs", "2", "--resume",
                  str(tmp_path / "checkpoint.pt"), "--workers", "2", "--out", str(tmp_path))
    assert "resumed from" in resumed and "Train Epoch: 2 " in resumed
    assert "Train Epoch: 1 " not in resumed
    assert tinytorch.load(tmp_path / "checkpoint.pt")["epoch"] == 2


def test_dcgan_trains_and_checkpoints_both_networks(tmp_path):
    out = run("dcgan.py", "--limit", "128", "--epochs", "1", "--out", str(tmp_path))
    assert "Loss_D:" in out and "Loss_G:" in out
    for name in ("netG_epoch_0.pth", "netD_epoch_0.pth"):
        assert (tmp_path / name).exists()
    generator = tinytorch.load(tmp_path / "netG_epoch_0.pth")
    assert tuple(generator["main.0.weight"].shape) == (64, 128, 7, 7)
