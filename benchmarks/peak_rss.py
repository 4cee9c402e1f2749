"""Peak memory (RSS) of the main job against PyTorch doing the same training.

Each side runs in its own fresh process, one after the other, and its peak resident set size
is the kernel's ``ru_maxrss`` for that child (``os.wait4``), so neither library's memory
counts against the other:

- tinytorch: the main job itself, ``examples/main_job.py`` (the book's CNN through
  ``tinytorch.keras``: fit, evaluate, predict, the report and its plots);
- PyTorch: the same training written as an ordinary PyTorch script (below): the same images
  scaled the same way, the same model (conv 5x5 32, max-pool, conv 5x5 64, max-pool, dense
  10), Adam with Keras' settings (lr 2e-3, eps 1e-7), batch 100, shuffled, then evaluation
  and prediction on the test images in Keras' default batches of 32. It makes no plots.

Both read the same Fashion-MNIST arrays (the parent loads them once and hands them over in a
``.npy`` file, so the PyTorch side does not import tinytorch). Peak RSS includes the library
itself (PyTorch's shared libraries are ~200 MB resident after ``import torch``), the data and
everything training allocates.

    python benchmarks/peak_rss.py                       # one epoch each (the peak comes early)
    python benchmarks/peak_rss.py --epochs 3 --json benchmarks/results/rss.json
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def torch_training(data_dir, epochs):
    """The main job's training as an ordinary PyTorch script (run in the PyTorch child)."""
    import numpy as np
    import torch
    from torch import nn

    def images(name):
        x = np.load(os.path.join(data_dir, name)).reshape(-1, 1, 28, 28).astype("float32")
        x /= 255  # examples/_common.py's load() scales in place too
        return torch.from_numpy(x)

    x, x_test = images("x_train.npy"), images("x_test.npy")
    y = torch.from_numpy(np.load(os.path.join(data_dir, "y_train.npy")).astype("int64"))
    y_test = torch.from_numpy(np.load(os.path.join(data_dir, "y_test.npy")).astype("int64"))
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(1024, 10))
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, eps=1e-7)
    data = torch.utils.data.TensorDataset(x, y)
    for _ in range(epochs):
        for xb, yb in torch.utils.data.DataLoader(data, batch_size=100, shuffle=True):
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        for _ in ("evaluate", "predict"):
            right = sum((model(xb).argmax(1) == yb).sum().item()
                        for xb, yb in torch.utils.data.DataLoader(
                            torch.utils.data.TensorDataset(x_test, y_test), batch_size=32))
    print(f"Test accuracy: {right / len(y_test):.4f}")


def _peak_mb(cmd):
    """Run cmd; its peak RSS in MB (its output goes to ours)."""
    child = subprocess.Popen(cmd, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise SystemExit(f"{cmd} exited with {code}")
    return usage.ru_maxrss / 1024


def main(argv=None):
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--json", help="also write the figures (and the machine) to this file")
    p.add_argument("--torch-child", metavar="DIR", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.torch_child:
        return torch_training(args.torch_child, args.epochs)

    sys.path.insert(0, str(HERE))
    import numpy as np
    from compare_torch import machine_info
    from tinytorch.keras.datasets import fashion_mnist

    with tempfile.TemporaryDirectory() as tmp:
        (x, y), (x_test, y_test) = fashion_mnist.load_data()
        for name, array in {"x_train": x, "y_train": y, "x_test": x_test,
                            "y_test": y_test}.items():
            np.save(os.path.join(tmp, name + ".npy"), array)
        del x, y, x_test, y_test
        peaks = {
            "tinytorch": _peak_mb([sys.executable, "examples/main_job.py", "--epochs",
                                   str(args.epochs), "--verbose", "2", "--out", tmp]),
            "torch": _peak_mb([sys.executable, __file__, "--epochs", str(args.epochs),
                               "--torch-child", tmp]),
        }
    ratio = peaks["tinytorch"] / peaks["torch"]
    print(f"peak RSS: tinytorch main job {peaks['tinytorch']:.0f} MB, PyTorch "
          f"{peaks['torch']:.0f} MB, ratio {ratio:.2f} ({args.epochs} epoch(s))")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"machine": machine_info("cpu", []), "epochs": args.epochs,
             "peak_rss_mb": peaks, "ratio": round(ratio, 3)}, indent=1) + "\n")


if __name__ == "__main__":
    main()
