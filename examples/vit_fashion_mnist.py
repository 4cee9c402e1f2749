"""A small Vision Transformer on Fashion-MNIST, written exactly as one would in PyTorch.

Each 28x28 image is cut into 16 patches of 7x7 (a strided convolution embeds each as a
64-dim token), a learnt class token and position embeddings are added, two pre-norm
``nn.TransformerEncoder`` layers (4 heads, GELU) mix the tokens, and a Linear head reads the
class token. The same script runs on tinytorch (default) or on real PyTorch, for comparison:

    python examples/vit_fashion_mnist.py --limit 5000 --epochs 2
    python examples/vit_fashion_mnist.py --limit 5000 --epochs 2 --backend torch

Data: the Fashion-MNIST IDX files, read by ``tinytorch.datasets.FashionMNIST`` from
``--data`` or ``/usr/share/datasets/fashion-mnist`` (``apt-get install dataset-fashion-mnist``).
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
    p.add_argument("--limit", type=int, default=None, help="train on the first N images only")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=128)
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


class ViT(nn.Module):
    def __init__(self, patch=7, dim=64, depth=2, heads=4, mlp=128, dropout=0.1, classes=10):
        super().__init__()
        tokens = (28 // patch) ** 2
        self.embed = nn.Conv2d(1, dim, kernel_size=patch, stride=patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens + 1, dim))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        layer = nn.TransformerEncoderLayer(dim, heads, mlp, dropout, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth, norm=nn.LayerNorm(dim),
                                             enable_nested_tensor=False)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.embed(x).flatten(2).transpose(1, 2)  # (N, 16, dim): one token per patch
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        return self.head(self.encoder(x)[:, 0])


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


def train_epoch(model, loader, optimizer, scheduler):
    model.train()
    running, batches = 0.0, 0
    for x, y in loader:
        x, y = x.to(args.device), y.to(args.device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        scheduler.step()
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

    model = ViT().to(args.device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, total_steps=args.epochs * len(train_loader))
    print(f"backend={args.backend} train={len(train_set)} test={len(test_set)} "
          f"parameters={sum(p.numel() for p in model.parameters())} device={args.device}")
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        loss = train_epoch(model, train_loader, optimizer, scheduler)
        acc = evaluate(model, test_loader)
        print(f"epoch {epoch}: loss {loss:.4f}  test accuracy {acc:.4f}  "
              f"{time.perf_counter() - start:.1f}s")
    print(f"final test accuracy: {acc:.4f}")


if __name__ == "__main__":
    main()
