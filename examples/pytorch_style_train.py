"""Train a small CNN on Fashion-MNIST, written exactly as one would in PyTorch.

The same script runs on tinytorch (default) or on real PyTorch, for an accuracy comparison:

    python examples/pytorch_style_train.py --limit 5000 --epochs 2
    python examples/pytorch_style_train.py --limit 5000 --epochs 2 --backend torch

Data: the Fashion-MNIST IDX files, read by ``tinytorch.datasets.FashionMNIST`` from
``--data`` or ``/usr/share/datasets/fashion-mnist`` (``apt-get install dataset-fashion-mnist``).
"""

import os
import tempfile
import time

import _torch_style

_parser = _torch_style.parser(__doc__.splitlines()[0], epochs=2, batch_size=64, lr=1e-3)
_parser.add_argument("--workers", type=int, default=0, help="DataLoader worker processes")
args = _parser.parse_args()
lib = _torch_style.backend(args.backend)
torch, nn, F = lib.torch, lib.nn, lib.F


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


def evaluate(model, loader):
    return _torch_style.evaluate(lib, model, loader, args.device)


def main():
    torch.manual_seed(args.seed)
    train_set, test_set = _torch_style.load_splits(lib, args)
    train_loader = lib.DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                                  num_workers=args.workers,
                                  generator=torch.Generator().manual_seed(args.seed))
    test_loader = lib.DataLoader(test_set, batch_size=256)

    model = Net().to(args.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    print(f"backend={args.backend} train={len(train_set)} test={len(test_set)} "
          f"batch_size={args.batch_size} device={args.device}")
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        loss = _torch_style.train_epoch(lib, model, train_loader, optimizer, args.device)
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
