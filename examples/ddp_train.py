"""Train the book's CNN on Fashion-MNIST with DistributedDataParallel, written exactly as one
would for PyTorch (init_process_group, DistributedSampler, DDP, no_sync, save on rank 0).

    python -m tinytorch.distributed.run --nproc-per-node 2 examples/ddp_train.py --epochs 2
    mpiexec -n 2 python examples/ddp_train.py --epochs 2
    python examples/ddp_train.py --epochs 2                    # one process
    torchrun --nproc-per-node 2 examples/ddp_train.py --backend torch   # the same on PyTorch

``--batch-size`` is the global batch: each of N ranks takes batch-size / N samples a step, so
any N trains the same model (to rounding) as one process. ``--accumulate K`` sums K
micro-batches before each optimizer step, the first K-1 inside ``no_sync()``.
Data: the Fashion-MNIST IDX files from ``--data`` or ``/usr/share/datasets/fashion-mnist``
(``apt-get install dataset-fashion-mnist``); ``--limit N`` uses the first N training images.
"""

import argparse
import contextlib
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from tinytorch.datasets import FashionMNIST  # noqa: E402  (the IDX reader, for both backends)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--backend", choices=["tinytorch", "torch"], default="tinytorch")
    p.add_argument("--data", default=None, help="directory of the IDX files")
    p.add_argument("--limit", type=int, default=None, help="train on the first N images only")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=100, help="global batch (all ranks)")
    p.add_argument("--accumulate", type=int, default=1, help="micro-batches per step")
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save", default=None, help="rank 0 saves the trained state dict here")
    return p.parse_args(argv)


args = parse_args()
if args.backend == "torch":
    import torch
else:
    import tinytorch as torch
nn = torch.nn
F = torch.nn.functional
dist = torch.distributed


def build_model():
    """The book's CNN: 62,346 parameters."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 10))


def load_split(train, limit, dtype):
    ds = FashionMNIST(args.data, train=train)
    n = len(ds) if limit is None else min(limit, len(ds))
    images = torch.as_tensor(ds.data[:n].numpy()).to(dtype).div(255).unsqueeze(1)
    labels = torch.as_tensor(ds.targets[:n].numpy()).long()
    return torch.utils.data.TensorDataset(images, labels)


def train_epoch(model, loader, optimizer):
    model.train()
    total, steps = 0.0, 0
    micro = []
    for x, y in loader:
        micro.append((x, y))
        if len(micro) < args.accumulate:
            continue
        for i, (xs, ys) in enumerate(micro):
            last = i == len(micro) - 1
            with model.no_sync() if not last else contextlib.nullcontext():
                loss = F.cross_entropy(model(xs), ys) / len(micro)
                loss.backward()
            total += loss.item()
        optimizer.step()
        optimizer.zero_grad()
        micro, steps = [], steps + 1
    return total / max(steps, 1)


def evaluate(model, loader):
    model.eval()
    correct = count = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(dim=1) == y).sum().item()
            count += y.size(0)
    return correct / count


def main():
    dist.init_process_group(backend="gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    if args.batch_size % (world * args.accumulate):
        raise SystemExit(f"--batch-size {args.batch_size} must divide into {world} ranks x "
                         f"{args.accumulate} micro-batches")
    dtype = getattr(torch, args.dtype)
    torch.manual_seed(args.seed)
    train_set = load_split(True, args.limit, dtype)
    test_set = load_split(False, None if args.limit is None else max(args.limit // 6, 100),
                          dtype)
    sampler = torch.utils.data.distributed.DistributedSampler(train_set, seed=args.seed,
                                                              drop_last=True)
    per_rank = args.batch_size // (world * args.accumulate)
    loader = torch.utils.data.DataLoader(train_set, batch_size=per_rank, sampler=sampler)
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=500)
    model = nn.parallel.DistributedDataParallel(build_model().to(dtype))
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    if rank == 0:
        print(f"backend={args.backend} world_size={world} train={len(train_set)} "
              f"global batch={args.batch_size} ({per_rank} per rank x {args.accumulate})",
              flush=True)
    for epoch in range(1, args.epochs + 1):
        sampler.set_epoch(epoch)
        dist.barrier()
        start = time.perf_counter()
        loss = train_epoch(model, loader, optimizer)
        seconds = time.perf_counter() - start
        if rank == 0:
            accuracy = evaluate(model.module, test_loader)
            print(f"epoch {epoch}: loss {loss:.4f}  test accuracy {accuracy:.4f}  "
                  f"epoch time {seconds:.2f}s", flush=True)
    if rank == 0 and args.save:
        torch.save(model.module.state_dict(), args.save)
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
