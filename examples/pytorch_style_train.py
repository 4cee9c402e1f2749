"""Train a small CNN on Fashion-MNIST, written exactly as one would in PyTorch.

The same script runs on tinytorch (default) or on real PyTorch, for an accuracy comparison:

    python examples/pytorch_style_train.py --limit 5000 --epochs 2
    python examples/pytorch_style_train.py --limit 5000 --epochs 2 --backend torch

Data: the Fashion-MNIST IDX files, read by ``tinytorch.datasets.FashionMNIST`` from
``--data`` or ``/usr/share/datasets/fashion-mnist`` (``apt-get install dataset-fashion-mnist``).
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from tinytorch.datasets import FashionMNIST  # noqa: E402  (the IDX reader, for both backends)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--backend", choices=["tinytorch", "torch"], default="tinytorch")
    p.add_argument("--limit", type=int, default=None, help="train on the first N images only")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--workers", type=int, default=0, help="DataLoader worker processes")
    p.add_argument("--lr", type=float, default=1e-3)
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


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, padding=1)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(32 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = self.dropout(F.relu(self.fc1(x)))
        return self.fc2(x)


def load_split(train, limit):
    """Images as float (N, 1, 28, 28) normalised to mean 0 / std 1, labels as int64."""
    ds = FashionMNIST(args.data, train=train)
    n = len(ds) if limit is None else min(limit, len(ds))
    images = torch.as_tensor(ds.data[:n].numpy()).float().div(255).unsqueeze(1)
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
        optimizer.step()
        running += loss.item()
        batches += 1
    return running / batches


def main():
    torch.manual_seed(args.seed)
    train_set = load_split(True, args.limit)
    test_set = load_split(False, None if args.limit is None else max(args.limit // 5, 100))
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                              num_workers=args.workers,
                              generator=torch.Generator().manual_seed(args.seed))
    test_loader = DataLoader(test_set, batch_size=256)

    model = Net().to(args.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    print(f"backend={args.backend} train={len(train_set)} test={len(test_set)} "
          f"batch_size={args.batch_size} device={args.device}")
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        loss = train_epoch(model, train_loader, optimizer)
        scheduler.step()
        acc = evaluate(model, test_loader)
        print(f"epoch {epoch}: loss {loss:.4f}  test accuracy {acc:.4f}  "
              f"lr {scheduler.get_last_lr()[0]:.2e}  {time.perf_counter() - start:.1f}s")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "fashion_cnn.pt")
        torch.save(model.state_dict(), path)
        restored = Net().to(args.device)
        restored.load_state_dict(torch.load(path, map_location=args.device))
    reloaded = evaluate(restored, test_loader)
    assert reloaded == acc, f"reloaded model scores {reloaded}, trained one {acc}"
    print(f"reloaded state dict: test accuracy {reloaded:.4f} (identical)")
    print(f"final test accuracy: {acc:.4f}")


if __name__ == "__main__":
    main()
