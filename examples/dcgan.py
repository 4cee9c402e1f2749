"""A DCGAN written as an ordinary PyTorch script: a generator of transposed convolutions and
a discriminator of strided convolutions, trained against each other with BCELoss and Adam,
with the usual weight initialisation, fixed-noise samples and per-epoch checkpoints. It runs
unchanged on tinytorch (default) or PyTorch.

    python examples/dcgan.py --limit 2000 --epochs 1
    python examples/dcgan.py --limit 2000 --epochs 1 --backend torch
    python examples/dcgan.py --netG runs/.../netG_epoch_0.pth --netD ... --epochs 2

Data: Fashion-MNIST 28x28 images (``--data`` or ``/usr/share/datasets/fashion-mnist``).
Writes real and generated sample grids (PNG, with matplotlib) and checkpoints to ``--out``.
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import description  # noqa: E402
from _common import run_dir  # noqa: E402

from tinytorch.datasets import FashionMNIST  # noqa: E402  (the IDX reader, for both backends)

parser = argparse.ArgumentParser(description=description(__doc__))
parser.add_argument("--backend", choices=["tinytorch", "torch"], default="tinytorch")
parser.add_argument("--data", default="data", help="root directory of the IDX files")
parser.add_argument("--limit", type=int, help="train on the first N images only")
parser.add_argument("--workers", type=int, default=0, help="number of data loading workers")
parser.add_argument("--batchSize", type=int, default=64, help="input batch size")
parser.add_argument("--nz", type=int, default=64, help="size of the latent z vector")
parser.add_argument("--ngf", type=int, default=32)
parser.add_argument("--ndf", type=int, default=32)
parser.add_argument("--epochs", type=int, default=5, help="number of epochs to train for")
parser.add_argument("--lr", type=float, default=0.0002, help="learning rate")
parser.add_argument("--beta1", type=float, default=0.5, help="beta1 for adam")
parser.add_argument("--cuda", action="store_true", help="enables cuda")
parser.add_argument("--netG", default="", help="path to netG (to continue training)")
parser.add_argument("--netD", default="", help="path to netD (to continue training)")
parser.add_argument("--out", metavar="DIR", help="folder for images and checkpoints "
                    "(default: a new runs/dcgan-<date>-<time>)")
parser.add_argument("--manualSeed", type=int, default=999, help="manual seed")
parser.add_argument("--log-interval", type=int, default=20)
opt = parser.parse_args()

if opt.backend == "torch":
    import torch
    import torch.backends.cudnn as cudnn
    import torch.nn as nn
    import torch.optim as optim
    import torch.utils.data
else:
    import tinytorch as torch
    import tinytorch.backends.cudnn as cudnn
    import tinytorch.nn as nn
    import tinytorch.optim as optim
    import tinytorch.utils.data

print(opt)
outf = run_dir(opt.out, "dcgan")
random.seed(opt.manualSeed)
torch.manual_seed(opt.manualSeed)
cudnn.benchmark = True
if torch.cuda.is_available() and not opt.cuda:
    print("WARNING: You have a CUDA device, so you should probably run with --cuda")
device = torch.device("cuda:0" if opt.cuda else "cpu")

raw = FashionMNIST(opt.data, train=True)
n = len(raw) if opt.limit is None else min(opt.limit, len(raw))
images = torch.as_tensor(raw.data[:n].numpy()).float().div(255).unsqueeze(1)
dataset = torch.utils.data.TensorDataset((images - 0.5) / 0.5, torch.zeros(n))  # in [-1, 1]
dataloader = torch.utils.data.DataLoader(dataset, batch_size=opt.batchSize, shuffle=True,
                                         num_workers=opt.workers)
nz, ngf, ndf, nc = opt.nz, opt.ngf, opt.ndf, 1


def weights_init(m):
    """The DCGAN paper's initialisation: N(0, 0.02) convolutions, N(1, 0.02) norm scales."""
    classname = m.__class__.__name__
    if classname.find("Conv") != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find("BatchNorm") != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            # input is Z, going into a convolution: (nz) x 1 x 1
            nn.ConvTranspose2d(nz, ngf * 4, 7, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            # state size. (ngf*4) x 7 x 7
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            # state size. (ngf*2) x 14 x 14
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
            nn.Tanh(),
            # state size. (nc) x 28 x 28
        )

    def forward(self, input):
        return self.main(input)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            # input is (nc) x 28 x 28
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf) x 14 x 14
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf*2) x 7 x 7
            nn.Conv2d(ndf * 2, 1, 7, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, input):
        return self.main(input).view(-1, 1).squeeze(1)


netG = Generator().to(device)
netG.apply(weights_init)
if opt.netG != "":
    netG.load_state_dict(torch.load(opt.netG, weights_only=True))
print(netG)
netD = Discriminator().to(device)
netD.apply(weights_init)
if opt.netD != "":
    netD.load_state_dict(torch.load(opt.netD, weights_only=True))
print(netD)

criterion = nn.BCELoss()
fixed_noise = torch.randn(64, nz, 1, 1, device=device)
real_label, fake_label = 1.0, 0.0
optimizerD = optim.Adam(netD.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))


def save_grid(batch, path):
    """An 8-wide grid of (N, 1, 28, 28) images in [-1, 1] as a PNG (needs matplotlib)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    grid = batch.detach().cpu()[:64].view(-1, 28, 28).numpy()
    rows = (len(grid) + 7) // 8
    figure, axes = plt.subplots(rows, 8, figsize=(8, rows))
    for ax, index in zip(axes.flat, range(rows * 8)):
        ax.axis("off")
        if index < len(grid):
            ax.imshow(grid[index], cmap="gray", vmin=-1, vmax=1)
    figure.savefig(path, dpi=60)
    plt.close(figure)
    return path


for epoch in range(opt.epochs):
    for i, data in enumerate(dataloader, 0):
        ############################
        # (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
        ###########################
        netD.zero_grad()
        real_cpu = data[0].to(device)
        batch_size = real_cpu.size(0)
        label = torch.full((batch_size,), real_label, dtype=real_cpu.dtype, device=device)
        output = netD(real_cpu)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()

        noise = torch.randn(batch_size, nz, 1, 1, device=device)
        fake = netG(noise)
        label.fill_(fake_label)
        output = netD(fake.detach())
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        errD = errD_real + errD_fake
        optimizerD.step()

        ############################
        # (2) Update G network: maximize log(D(G(z)))
        ###########################
        netG.zero_grad()
        label.fill_(real_label)  # fake labels are real for generator cost
        output = netD(fake)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optimizerG.step()

        if i % opt.log_interval == 0:
            print("[%d/%d][%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f"
                  % (epoch, opt.epochs, i, len(dataloader), errD.item(), errG.item(), D_x,
                     D_G_z1, D_G_z2))

    save_grid(real_cpu, "%s/real_samples.png" % outf)
    with torch.no_grad():
        fake = netG(fixed_noise)
    sample = save_grid(fake, "%s/fake_samples_epoch_%03d.png" % (outf, epoch))
    # do checkpointing
    torch.save(netG.state_dict(), "%s/netG_epoch_%d.pth" % (outf, epoch))
    torch.save(netD.state_dict(), "%s/netD_epoch_%d.pth" % (outf, epoch))
    print(f"epoch {epoch}: Loss_D {errD.item():.4f} Loss_G {errG.item():.4f}; saved "
          f"{outf}/netG_epoch_{epoch}.pth, {outf}/netD_epoch_{epoch}.pth"
          + (f", {sample}" if sample else ""))
