"""asv: the recurrent layers (issue 17): an LSTM training step as compare_torch.py times it,
and each layer's forward and backward over 28 steps of batch 100."""

import tinytorch
from benchmarks import workloads
from benchmarks._common import DEVICES
from benchmarks._common import sync


class LSTMStep:
    """workloads.lstm_step: LSTM(28, 128) over 28 steps, Linear head, cross-entropy, Adam."""

    params = (DEVICES,)
    param_names = ["device"]

    def setup(self, device):
        tinytorch.manual_seed(0)
        self.step = workloads.lstm_step(tinytorch, device)
        self.step()

    def time_lstm_step(self, device):
        self.step()
        sync(device)

    def peakmem_lstm_step(self, device):
        self.step()


class RecurrentLayer:
    """Forward and backward of one layer, input (28, 100, 28), hidden 128."""

    params = (DEVICES, ["RNN", "LSTM", "GRU"])
    param_names = ["device", "layer"]

    def setup(self, device, layer):
        self.layer = getattr(tinytorch.nn, layer)(28, 128).to(device)
        self.x = tinytorch.randn(28, 100, 28, device=device, requires_grad=True)

    def time_forward(self, device, layer):
        with tinytorch.no_grad():
            self.layer(self.x)
        sync(device)

    def time_forward_backward(self, device, layer):
        self.layer(self.x)[0].sum().backward()
        sync(device)
