"""asv: autograd overhead and core op throughput (issue: core)."""

import tinytorch
from benchmarks._common import DEVICES
from benchmarks._common import sync


class TinyGraph:
    """Per-op overhead: (a*b + c).sum().backward() on small tensors."""

    params = (DEVICES, [10, 1000])
    param_names = ["device", "n"]

    def setup(self, device, n):
        self.a, self.b, self.c = (tinytorch.randn(n, n, device=device, requires_grad=True)
                                  for _ in range(3))

    def time_forward_backward(self, device, n):
        (self.a * self.b + self.c).sum().backward()
        sync(device)

    def time_forward_no_grad(self, device, n):
        with tinytorch.no_grad():
            (self.a * self.b + self.c).sum()
        sync(device)

    def peakmem_forward_backward(self, device, n):
        (self.a * self.b + self.c).sum().backward()


class ElementwiseChain:
    """A long chain of elementwise ops on a large tensor (memory traffic, temporaries)."""

    params = (DEVICES,)
    param_names = ["device"]

    def setup(self, device):
        self.x = tinytorch.randn(1000, 1000, device=device, requires_grad=True)

    def time_chain_forward_backward(self, device):
        y = self.x
        for _ in range(10):
            y = (y * 0.9 + 0.1).tanh()
        y.sum().backward()
        sync(device)

    def peakmem_chain_forward_backward(self, device):
        y = self.x
        for _ in range(10):
            y = (y * 0.9 + 0.1).tanh()
        y.sum().backward()


class MatMul:
    """x @ w forward + backward, 128x784 by 784x512 float32."""

    params = (DEVICES,)
    param_names = ["device"]

    def setup(self, device):
        self.x = tinytorch.randn(128, 784, device=device)
        self.w = tinytorch.randn(784, 512, device=device, requires_grad=True)

    def time_matmul_forward_backward(self, device):
        (self.x @ self.w).sum().backward()
        sync(device)
