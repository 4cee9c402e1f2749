"""Pooling and upsampling kernels of the graph backend (see NOTE [Double backward]). Max
pooling's backward is a scatter-add at the saved indices; the linear pooling/upsampling
backward kernels run as ``LinearBackward`` ops whose own backward is the forward kernel
(``tinytorch/_ops/nn_backward.py``)."""

import math

from tinytorch._ops import nn_backward
from tinytorch._ops import nn_pool
from tinytorch._ops import nn_resample
from tinytorch._ops.shape import reshape


class GraphPoolKernels:
    """Mixin: the class it is mixed into sets ``base`` (the device backend)."""

    base = None

    def max_pool2d_backward(self, g, indices, x_shape):
        n, c, h, w = x_shape
        be = self.base
        index = be.reshape(indices._data, (n, c, -1))
        flat = self.scatter_add(be.zeros((n, c, h * w), g.dtype), 2, index, reshape(g, (n, c, -1)))
        return reshape(flat, tuple(x_shape))

    def fractional_max_pool_backward(self, g, indices, x_shape, dims):
        lead, outs = math.prod(x_shape[:-dims]), math.prod(g.shape[-dims:])
        be = self.base
        index = be.reshape(indices._data, (lead, outs))
        flat = self.scatter_add(be.zeros((lead, math.prod(x_shape[-dims:])), g.dtype), 1, index,
                                reshape(g, (lead, outs)))
        return reshape(flat, tuple(x_shape))

    def avg_pool2d(self, x, *options):
        return nn_pool.AvgPool2d.apply(x, *options)

    def avg_pool2d_backward(self, g, x_shape, *options):
        return nn_backward.LinearBackward.apply(
            g, adjoint=lambda be, g: be.avg_pool2d_backward(g, x_shape, *options),
            kernel=lambda be, gg: be.avg_pool2d(gg, *options))

    def adaptive_avg_pool2d(self, x, output_size):
        return nn_pool.AdaptiveAvgPool2d.apply(x, output_size)

    def adaptive_avg_pool2d_backward(self, g, x_shape):
        out_hw = tuple(g.shape[2:])
        return nn_backward.LinearBackward.apply(
            g, adjoint=lambda be, g: be.adaptive_avg_pool2d_backward(g, x_shape),
            kernel=lambda be, gg: be.adaptive_avg_pool2d(gg, out_hw))

    def upsample_nearest2d(self, x, out_hw):
        return nn_pool.UpsampleNearest2d.apply(x, out_hw)

    def upsample_nearest2d_backward(self, g, x_shape):
        out_hw = tuple(g.shape[2:])
        return nn_backward.LinearBackward.apply(
            g, adjoint=lambda be, g: be.upsample_nearest2d_backward(g, x_shape),
            kernel=lambda be, gg: be.upsample_nearest2d(gg, out_hw))

    def upsample_bilinear2d(self, x, out_hw, align_corners):
        return nn_pool.UpsampleBilinear2d.apply(x, out_hw, align_corners)

    def upsample_bilinear2d_backward(self, g, x_shape, align_corners):
        out_hw = tuple(g.shape[2:])
        return nn_backward.LinearBackward.apply(
            g, adjoint=lambda be, g: be.upsample_bilinear2d_backward(g, x_shape, align_corners),
            kernel=lambda be, gg: be.upsample_bilinear2d(gg, out_hw, align_corners))

    def interpolate(self, x, outs, mode, align_corners, scales):
        return nn_resample.Interpolate.apply(x, outs, mode, align_corners, scales)

    def interpolate_backward(self, g, sizes, mode, align_corners, scales):
        outs = tuple(g.shape[g.ndim - len(sizes):])
        return nn_backward.LinearBackward.apply(
            g, adjoint=lambda be, g: be.interpolate_backward(g, sizes, mode, align_corners,
                                                             scales),
            kernel=lambda be, gg: be.interpolate(gg, outs, mode, align_corners, scales))
