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

import time

import _torch_style

args = _torch_style.parser(__doc__.splitlines()[0], epochs=5, batch_size=128,
                           lr=2e-3).parse_args()
lib = _torch_style.backend(args.backend)
torch, nn, F = lib.torch, lib.nn, lib.F


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


def main():
    torch.manual_seed(args.seed)
    train_set, test_set = _torch_style.load_splits(lib, args)
    train_loader = lib.DataLoader(train_set, batch_size=args.batch_size, shuffle=True,
                                  generator=torch.Generator().manual_seed(args.seed))
    test_loader = lib.DataLoader(test_set, batch_size=500)

    model = ViT().to(args.device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, total_steps=args.epochs * len(train_loader))
    print(f"backend={args.backend} train={len(train_set)} test={len(test_set)} "
          f"parameters={sum(p.numel() for p in model.parameters())} device={args.device}")
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        loss = _torch_style.train_epoch(lib, model, train_loader, optimizer, args.device,
                                        scheduler)
        acc = _torch_style.evaluate(lib, model, test_loader, args.device)
        print(f"epoch {epoch}: loss {loss:.4f}  test accuracy {acc:.4f}  "
              f"{time.perf_counter() - start:.1f}s")
    print(f"final test accuracy: {acc:.4f}")


if __name__ == "__main__":
    main()
