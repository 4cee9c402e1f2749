"""An MNIST-style classifier written as an ordinary PyTorch script: a Dataset, DataLoaders,
a train and a test loop, a learning-rate schedule, checkpoints to resume from, optional
mixed precision and torch.compile. It runs unchanged on tinytorch (default) or PyTorch.

    python examples/mnist_classifier.py --limit 5000 --epochs 2
    python examples/mnist_classifier.py --limit 5000 --epochs 2 --backend torch
    python examples/mnist_classifier.py --resume runs/.../checkpoint.pt --epochs 3

Data: Fashion-MNIST (same format as MNIST) from ``--data`` or
``/usr/share/datasets/fashion-mnist`` (``apt-get install dataset-fashion-mnist``); point
``--data`` at MNIST's IDX files for MNIST itself.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import description  # noqa: E402
from _common import run_dir  # noqa: E402

from tinytorch.datasets import FashionMNIST  # noqa: E402  (the IDX reader, for both backends)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=description(__doc__))
    parser.add_argument("--backend", choices=["tinytorch", "torch"], default="tinytorch")
    parser.add_argument("--data", default="data", help="root directory of the IDX files")
    parser.add_argument("--limit", type=int, help="train on the first N images only")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--test-batch-size", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--gamma", type=float, default=0.7, help="learning-rate step gamma")
    parser.add_argument("--workers", type=int, default=0, help="DataLoader worker processes")
    parser.add_argument("--no-accel", action="store_true", help="train on the CPU")
    parser.add_argument("--amp", action="store_true", help="float16 autocast + GradScaler")
    parser.add_argument("--compile", action="store_true", help="wrap the model in compile()")
    parser.add_argument("--threads", type=int, help="CPU threads (torch.set_num_threads)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-interval", type=int, default=50)
    parser.add_argument("--resume", metavar="CHECKPOINT", help="continue from a checkpoint")
    parser.add_argument("--out", metavar="DIR", help="where checkpoints go (default: a new "
                        "runs/mnist_classifier-<date>-<time>)")
    return parser.parse_args(argv)


args = parse_args()
if args.backend == "torch":
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import torch.optim as optim
    from torch.optim.lr_scheduler import StepLR
    from torch.utils.data import DataLoader, Dataset
else:
    import tinytorch as torch
    import tinytorch.nn as nn
    import tinytorch.nn.functional as F
    import tinytorch.optim as optim
    from tinytorch.optim.lr_scheduler import StepLR
    from tinytorch.utils.data import DataLoader, Dataset


class ImageDataset(Dataset):
    """Images scaled to [0, 1] and normalised with MNIST's mean and std, one per item."""

    def __init__(self, root, train, limit=None):
        raw = FashionMNIST(root, train=train)
        n = len(raw) if limit is None else min(limit, len(raw))
        self.images = torch.as_tensor(raw.data[:n].numpy()).float().div(255).unsqueeze(1)
        self.images = (self.images - 0.1307) / 0.3081
        self.labels = torch.as_tensor(raw.targets[:n].numpy())

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.images[index], self.labels[index]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


def train(model, device, loader, optimizer, scaler, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        with torch.autocast(device_type=device.type, dtype=torch.float16, enabled=args.amp):
            output = model(data)
            loss = F.nll_loss(output, target)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        if batch_idx % args.log_interval == 0:
            print("Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                epoch, batch_idx * len(data), len(loader.dataset),
                100.0 * batch_idx / len(loader), loss.item()))
    return loss.item()


def test(model, device, loader):
    model.eval()
    test_loss, correct = 0.0, 0
    with torch.no_grad():
        for data, target in loader:
            data, target = data.to(device), target.to(device)
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction="sum").item()
            pred = output.argmax(dim=1, keepdim=True)
            correct += pred.eq(target.view_as(pred)).sum().item()
    test_loss /= len(loader.dataset)
    accuracy = correct / len(loader.dataset)
    print("\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n".format(
        test_loss, correct, len(loader.dataset), 100.0 * accuracy))
    return test_loss, accuracy


def main():
    use_accel = not args.no_accel and torch.accelerator.is_available()
    device = torch.accelerator.current_accelerator() if use_accel else torch.device("cpu")
    torch.manual_seed(args.seed)
    torch.backends.cudnn.benchmark = True
    if args.threads:
        torch.set_num_threads(args.threads)
    print(f"backend={args.backend} device={device} threads={torch.get_num_threads()}")

    train_kwargs = {"batch_size": args.batch_size, "shuffle": True,
                    "num_workers": args.workers, "pin_memory": use_accel}
    test_kwargs = {"batch_size": args.test_batch_size}
    test_limit = None if args.limit is None else max(args.limit // 5, 100)
    train_loader = DataLoader(ImageDataset(args.data, True, args.limit), **train_kwargs)
    test_loader = DataLoader(ImageDataset(args.data, False, test_limit), **test_kwargs)

    model = Net().to(device)
    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)
    scheduler = StepLR(optimizer, step_size=1, gamma=args.gamma)
    scaler = torch.amp.GradScaler(device.type, enabled=args.amp)
    start_epoch = 1
    if args.resume:
        checkpoint = torch.load(args.resume, map_location=device, weights_only=True)
        model.load_state_dict(checkpoint["model_state_dict"])
        optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
        scheduler.load_state_dict(checkpoint["scheduler_state_dict"])
        scaler.load_state_dict(checkpoint["scaler_state_dict"])
        start_epoch = checkpoint["epoch"] + 1
        print(f"resumed from {args.resume} (epoch {checkpoint['epoch']}, "
              f"loss {checkpoint['loss']:.4f})")
    trained = torch.compile(model) if args.compile else model

    out = run_dir(args.out, "mnist_classifier")
    path = os.path.join(out, "checkpoint.pt")
    for epoch in range(start_epoch, args.epochs + 1):
        start = time.perf_counter()
        loss = train(trained, device, train_loader, optimizer, scaler, epoch)
        test_loss, accuracy = test(trained, device, test_loader)
        scheduler.step()
        torch.save({"epoch": epoch, "model_state_dict": model.state_dict(),
                    "optimizer_state_dict": optimizer.state_dict(),
                    "scheduler_state_dict": scheduler.state_dict(),
                    "scaler_state_dict": scaler.state_dict(), "loss": loss}, path)
        print(f"epoch {epoch}: test accuracy {accuracy:.4f}, checkpoint {path} "
              f"({time.perf_counter() - start:.1f}s)")
    torch.save(model.state_dict(), os.path.join(out, "mnist_cnn.pt"))
    print(f"final test accuracy: {accuracy:.4f}; model saved to "
          f"{os.path.join(out, 'mnist_cnn.pt')}")


if __name__ == "__main__":
    main()
