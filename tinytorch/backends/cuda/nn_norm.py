"""Batch normalisation (``kernels/nn_norm.cu``): per-channel statistics with one block per
channel (deterministic two-pass reductions), then one thread per element."""

import math

import cupy

from tinytorch.backends.cuda import _launch


def _ncs(x):
    """x viewed as (N, C, S) with S the product of the spatial sizes."""
    return x.shape[0], x.shape[1], math.prod(x.shape[2:])


class CudaNormKernels:
    """Mixin: raw-kernel batch norm for float32/float64, else the inherited kernels."""

    def batch_norm(self, x, weight, bias, running_mean, running_var, training, momentum, eps):
        optional = [a for a in (weight, bias, running_mean, running_var) if a is not None]
        missing_stats = not training and (running_mean is None or running_var is None)
        if not _launch.supported(x, *optional) or x.ndim < 2 or missing_stats or not x.size:
            return super().batch_norm(x, weight, bias, running_mean, running_var, training,
                                      momentum, eps)
        n, c, s = _ncs(x)
        mean = cupy.empty((c,), dtype=x.dtype)
        invstd = cupy.empty((c,), dtype=x.dtype)
        running = (running_mean, running_var) if training else (None, None)
        _launch.launch("nn_norm", "tt_batch_norm_stats", x.dtype, c,
                       (x, mean, invstd, running_mean, running_var, n, c, s, bool(training),
                        float(momentum or 0.0), float(eps)),
                       inplace=tuple(a for a in running if a is not None))
        y = cupy.empty(x.shape, dtype=x.dtype)
        _launch.launch("nn_norm", "tt_batch_norm_apply", x.dtype, _launch.blocks(x.size),
                       (x, mean, invstd, weight, bias, y, x.size, c, s))
        return y, mean, invstd

    def batch_norm_backward(self, g, x, weight, save_mean, save_invstd, training):
        optional = () if weight is None else (weight,)
        if not _launch.supported(g, x, save_mean, save_invstd, *optional) or x.ndim < 2:
            return super().batch_norm_backward(g, x, weight, save_mean, save_invstd, training)
        n, c, s = _ncs(x)
        sum_g = cupy.empty((c,), dtype=x.dtype)
        sum_gxhat = cupy.empty((c,), dtype=x.dtype)
        _launch.launch("nn_norm", "tt_batch_norm_backward_reduce", x.dtype, c,
                       (g, x, save_mean, save_invstd, sum_g, sum_gxhat, n, c, s))
        gx = cupy.empty(x.shape, dtype=x.dtype)
        _launch.launch("nn_norm", "tt_batch_norm_backward_apply", x.dtype, _launch.blocks(x.size),
                       (g, x, weight, save_mean, save_invstd, sum_g, sum_gxhat, gx, x.size, c,
                        s, bool(training)))
        return gx, sum_gxhat, sum_g  # as the CPU kernel: weight/bias grads even without weight
