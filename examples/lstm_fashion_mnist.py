"""Classify Fashion-MNIST with an LSTM reading each image as a sequence of 28 rows.

Written as one would in PyTorch; the same script runs on tinytorch (default) or on real
PyTorch, so the two can be compared:

    python examples/lstm_fashion_mnist.py --epochs 2
    python examples/lstm_fashion_mnist.py --epochs 2 --backend torch

Each 28x28 image is 28 time steps of 28 pixels; an LSTM (hidden 128) reads them and a
Linear layer classifies its output at the last step. Data: the Fashion-MNIST IDX files, read
by ``tinytorch.datasets.FashionMNIST`` from ``--data`` or ``/usr/share/datasets/fashion-mnist``
(``apt-get install dataset-fashion-mnist``).
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from tinytorch.datasets import FashionMNIST  # noqa: E402  (the IDX reader, for both backends)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--backend", choices=["tinytorch", "torch"], default="tinytorch")
    p.add_argument("--limit", type=int, default=None, help="train on the first N images only "
                   "(and test on the first N/5)")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="cpu")
    p.add_argument("--data", default="data", help="root directory of the IDX files")
    return p.parse_args(argv)


args = parse_args()
if args.backend == "torch":
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from torch.utils.data import DataLoader, TensorDataset
else:
    import tinytorch as torch
    import tinytorch.nn as nn
    import tinytorch.nn.functional as F
    from tinytorch.utils.data import DataLoader, TensorDataset


class RowLSTM(nn.Module):
    """28 rows of 28 pixels -> LSTM -> the last step's output -> 10 classes."""

    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(input_size=28, hidden_size=hidden, batch_first=True)
        self.head = nn.Linear(hidden, 10)

    def forward(self, x):
        out, _ = self.lstm(x)  # (batch, 28, hidden)
        return self.head(out[:, -1])


def load_split(train, limit):
    """Images as float (N, 28, 28) normalised to mean 0 / std 1, labels as int64."""
    ds = FashionMNIST(args.data, train=train)
    n = len(ds) if limit is None else min(limit, len(ds))
    images = torch.as_tensor(ds.data[:n].numpy()).float().div(255)
    labels = torch.as_tensor(ds.targets[:n].numpy())
    return TensorDataset((images - 0.2860) / 0.3530, labels)


def evaluate(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(args.device), y.to(args.device)
            correct += (model(x).argmax(dim=1) == y).sum().item()
            total += y.size(0)
    return correct / total


def train_epoch(model, loader, optimizer):
    model.train()
    running, batches = 0.0, 0
    for x, y in loader:
        x, y = x.to(args.device), y.to(args.device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        running += loss.item()
        batches += 1
    return running / batches


def main():
    torch.manual_seed(args.seed)
    train_set = load_split(True, args.limit)
    test_set = load_split(False, None if args.limit is None else max(args.limit // 5, 100))
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                              generator=torch.Generator().manual_seed(args.seed))
    test_loader = DataLoader(test_set, batch_size=500)
    model = RowLSTM(args.hidden).to(args.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    print(f"backend={args.backend} train={len(train_set)} test={len(test_set)} "
          f"batch_size={args.batch_size} hidden={args.hidden} device={args.device}")
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        loss = train_epoch(model, train_loader, optimizer)
        acc = evaluate(model, test_loader)
        print(f"epoch {epoch}: loss {loss:.4f}  test accuracy {acc:.4f}  "
              f"{time.perf_counter() - t0:.1f}s")
    print(f"final test accuracy: {acc:.4f}  ({time.perf_counter() - start:.1f}s)")


if __name__ == "__main__":
    main()
