"""asv: nn kernels, optimizer steps and a DataLoader epoch (issue: nn)."""

import tinytorch
import tinytorch.nn.functional as F
from benchmarks._common import DEVICES
from benchmarks._common import sync
from tinytorch import optim
from tinytorch.utils.data import DataLoader
from tinytorch.utils.data import TensorDataset


class Conv2d:
    """The book CNN's second convolution: 100x32x12x12 input, 64 filters of 5x5."""

    params = (DEVICES,)
    param_names = ["device"]

    def setup(self, device):
        self.x = tinytorch.randn(100, 32, 12, 12, device=device, requires_grad=True)
        self.w = tinytorch.randn(64, 32, 5, 5, device=device, requires_grad=True)

    def time_conv2d_forward(self, device):
        with tinytorch.no_grad():
            F.conv2d(self.x, self.w)
        sync(device)

    def time_conv2d_forward_backward(self, device):
        F.conv2d(self.x, self.w).sum().backward()
        sync(device)

    def peakmem_conv2d_forward_backward(self, device):
        F.conv2d(self.x, self.w).sum().backward()


class Pooling:
    params = (DEVICES,)
    param_names = ["device"]

    def setup(self, device):
        self.x = tinytorch.randn(100, 32, 24, 24, device=device, requires_grad=True)

    def time_max_pool2d_forward_backward(self, device):
        F.max_pool2d(self.x, 2).sum().backward()
        sync(device)

    def time_avg_pool2d_forward_backward(self, device):
        F.avg_pool2d(self.x, 2).sum().backward()
        sync(device)


class CrossEntropy:
    params = (DEVICES,)
    param_names = ["device"]

    def setup(self, device):
        self.logits = tinytorch.randn(1000, 100, device=device, requires_grad=True)
        self.target = tinytorch.randint(0, 100, (1000,), device=device)

    def time_cross_entropy_forward_backward(self, device):
        F.cross_entropy(self.logits, self.target).backward()
        sync(device)


class OptimizerStep:
    """One step of each optimizer over an MLP-sized parameter set (784x512 + 512x10)."""

    params = (DEVICES, ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RMSprop", "Adagrad",
                        "Adadelta"])
    param_names = ["device", "optimizer"]

    def setup(self, device, optimizer):
        self.params_ = [tinytorch.randn(784, 512, device=device, requires_grad=True),
                        tinytorch.randn(512, 10, device=device, requires_grad=True)]
        for p in self.params_:
            p.grad = tinytorch.randn(*p.shape, device=device)
        kwargs = {"momentum": 0.9} if optimizer == "SGD" else {}
        self.opt = getattr(optim, optimizer)(self.params_, lr=1e-3, **kwargs)
        self.opt.step()

    def time_step(self, device, optimizer):
        self.opt.step()
        sync(device)


class DataLoaderEpoch:
    """One epoch over 60,000 MNIST-shaped samples, batch 100, shuffled."""

    params = ([0, 2],)
    param_names = ["num_workers"]
    timeout = 120

    def setup(self, num_workers):
        x = tinytorch.rand(60000, 1, 28, 28)
        y = tinytorch.randint(0, 10, (60000,))
        self.loader = DataLoader(TensorDataset(x, y), batch_size=100, shuffle=True,
                                 num_workers=num_workers)

    def time_epoch(self, num_workers):
        for _ in self.loader:
            pass
