"""The attention-weights kernel (``kernels/nn_attention.cu``): one block per row of scores."""

import cupy

from tinytorch.backends.cuda import _launch


class CudaAttentionKernels:
    """Mixin: raw-kernel attention softmax for float32/float64, else the inherited kernel."""

    def attention_softmax_(self, scores, scale, bias, safe):
        arrays = (scores,) if bias is None else (scores, bias)
        if not _launch.supported(*arrays) or scores.ndim == 0:
            return super().attention_softmax_(scores, scale, bias, safe)
        if bias is not None:  # the kernel reads it row by row: the launch makes it contiguous
            bias = cupy.broadcast_to(bias, scores.shape)
        cols = scores.shape[-1]
        rows = scores.size // cols if cols else 0
        _launch.launch("nn_attention", "tt_attention_softmax", scores.dtype, rows,
                       (scores, bias, cols, float(scale), bool(safe)), inplace=(scores,))
        return scores
