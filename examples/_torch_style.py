"""What the PyTorch-style examples share: their flags, the ``--backend`` switch between
tinytorch and real PyTorch (the same script runs on either, for comparison), Fashion-MNIST as
normalised tensors, and test accuracy."""

import argparse
import os
import sys
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from tinytorch.datasets import FashionMNIST  # noqa: E402  (the IDX reader, for both backends)


def parser(description, epochs, batch_size, lr):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--backend", choices=["tinytorch", "torch"], default="tinytorch")
    p.add_argument("--limit", type=int, default=None, help="train on the first N images only")
    p.add_argument("--epochs", type=int, default=epochs)
    p.add_argument("--batch-size", type=int, default=batch_size)
    p.add_argument("--lr", type=float, default=lr)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="cpu")
    p.add_argument("--data", default="data", help="root directory of the IDX files")
    return p


def backend(name):
    """``torch``, ``nn``, ``F``, ``DataLoader`` and ``TensorDataset`` of the chosen library."""
    if name == "torch":
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        from torch.utils.data import DataLoader, TensorDataset
    else:
        import tinytorch as torch
        import tinytorch.nn as nn
        import tinytorch.nn.functional as F
        from tinytorch.utils.data import DataLoader, TensorDataset
    return types.SimpleNamespace(torch=torch, nn=nn, F=F, DataLoader=DataLoader,
                                 TensorDataset=TensorDataset)


def load_splits(lib, args):
    """(train, test) datasets: the first ``args.limit`` training images and a fifth as many
    test images (at least 100), or all of both."""
    test_limit = None if args.limit is None else max(args.limit // 5, 100)
    return (load_split(lib, args.data, True, args.limit),
            load_split(lib, args.data, False, test_limit))


def load_split(lib, data, train, limit):
    """Images as float (N, 1, 28, 28) normalised to mean 0 / std 1, labels as int64."""
    torch = lib.torch
    ds = FashionMNIST(data, train=train)
    n = len(ds) if limit is None else min(limit, len(ds))
    images = torch.as_tensor(ds.data[:n].numpy()).float().div(255).unsqueeze(1)
    labels = torch.as_tensor(ds.targets[:n].numpy())
    return lib.TensorDataset((images - 0.2860) / 0.3530, labels)


def evaluate(lib, model, loader, device):
    model.eval()
    correct = total = 0
    with lib.torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            correct += (model(x).argmax(dim=1) == y).sum().item()
            total += y.size(0)
    return correct / total


def train_epoch(lib, model, loader, optimizer, device, scheduler=None):
    """One pass over ``loader`` with cross-entropy; ``scheduler`` (if given) steps per batch.
    Returns the mean loss."""
    model.train()
    running, batches = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = lib.F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        running += loss.item()
        batches += 1
    return running / batches
