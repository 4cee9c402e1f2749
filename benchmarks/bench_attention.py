"""asv: scaled dot-product attention and a Transformer encoder-layer training step (the
compare_torch workload ``transformer_step``)."""

import tinytorch
import tinytorch.nn.functional as F
from benchmarks import workloads
from benchmarks._common import DEVICES
from benchmarks._common import sync


class ScaledDotProductAttention:
    """Batch 64, 4 heads, 16 tokens of 16 features: the attention of transformer_step."""

    params = (DEVICES, [False, True])
    param_names = ["device", "causal"]

    def setup(self, device, causal):
        self.q, self.k, self.v = (tinytorch.randn(64, 4, 16, 16, device=device,
                                                  requires_grad=True) for _ in range(3))

    def time_sdpa_forward(self, device, causal):
        with tinytorch.no_grad():
            F.scaled_dot_product_attention(self.q, self.k, self.v, is_causal=causal)
        sync(device)

    def time_sdpa_forward_backward(self, device, causal):
        F.scaled_dot_product_attention(self.q, self.k, self.v, is_causal=causal).sum() \
            .backward()
        sync(device)


class TransformerStep:
    params = (DEVICES,)
    param_names = ["device"]

    def setup(self, device):
        self.step = workloads.transformer_step(tinytorch, device)
        self.step()  # Adam's state exists from here on

    def time_transformer_encoder_layer_step(self, device):
        self.step()
        sync(device)

    def peakmem_transformer_encoder_layer_step(self, device):
        self.step()
