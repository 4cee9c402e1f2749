"""Convolution, pooling and upsampling kernels of the graph backend (see NOTE [Double
backward]). Each is one formula for every device: the convolution gradients are
convolutions again, and the linear pooling/upsampling backward kernels run as ops whose own
backward is the forward kernel (``tinytorch/_ops/nn_backward.py``)."""

from tinytorch._ops import nn_backward
from tinytorch._ops import nn_conv
from tinytorch._ops import nn_pool
from tinytorch._ops.shape import permute
from tinytorch._ops.shape import reshape


class ConvKernels:
    """Mixin: the class it is mixed into sets ``base`` (the device backend)."""

    base = None

    # --- convolution ------------------------------------------------------------------------------
    def conv2d(self, x, w, stride, padding, dilation, groups):
        return nn_conv.Conv2d.apply(x, w, None, stride, padding, dilation, groups)

    def conv2d_backward_input(self, g, w, x_shape, stride, padding, dilation, groups):
        # The adjoint of conv2d is the transposed convolution with the same weight.
        return nn_conv.ConvTranspose2d.apply(g, w, None, tuple(x_shape), stride, padding,
                                             dilation, groups)

    def conv2d_backward_weight(self, g, x, w_shape, stride, padding, dilation, groups):
        """gw[o, c, i, j] = Σ_n Σ_hw g[n, o, h, w] x[n, c, h s + i d, w s + j d]: a conv2d of x
        with g as its kernel, batch and channel axes swapped, stride and dilation traded."""
        n, c, h, w = x.shape
        o, ho, wo = g.shape[1:]
        cg, og = c // groups, o // groups
        xs = permute(reshape(x, (n, groups, cg, h, w)), (2, 1, 0, 3, 4))
        gs = permute(reshape(g, (n, groups, og, ho, wo)), (1, 2, 0, 3, 4))
        out = nn_conv.Conv2d.apply(reshape(xs, (cg, groups * n, h, w)),
                                   reshape(gs, (o, n, ho, wo)), None, dilation, padding, stride,
                                   groups)
        kh, kw = w_shape[2:]
        if tuple(out.shape[2:]) != (kh, kw):  # positions past the last full window
            out = out[:, :, :kh, :kw]
        return permute(out, (1, 0, 2, 3))

    # --- pooling and upsampling -------------------------------------------------------------------
    def max_pool2d_backward(self, g, indices, x_shape):
        n, c, h, w = x_shape
        be = self.base
        index = be.reshape(indices._data, (n, c, -1))
        flat = self.scatter_add(be.zeros((n, c, h * w), g.dtype), 2, index, reshape(g, (n, c, -1)))
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
