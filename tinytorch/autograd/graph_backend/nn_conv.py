"""Convolution kernels of the graph backend (see NOTE [Double backward]): one formula for
every device, since the gradients of a convolution are convolutions again."""

from tinytorch._ops import nn_conv
from tinytorch._ops import nn_fold
from tinytorch._ops.shape import permute
from tinytorch._ops.shape import reshape


class GraphConvKernels:
    """Mixin: the class it is mixed into sets ``base`` (the device backend)."""

    base = None

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

    def unfold2d(self, x, kernel, stride, padding, dilation):
        return nn_fold.Unfold.apply(x, kernel, stride, padding, dilation)

    def fold2d(self, cols, out_hw, kernel, stride, padding, dilation):
        return nn_fold.Fold.apply(cols, out_hw, kernel, stride, padding, dilation)
