"""Convolution, pooling and upsampling kernels of the graph backend (see NOTE [Double
backward]). Each is one formula for every device: the convolution gradients are
convolutions again, and the linear pooling/upsampling backward kernels run as ops whose own
backward is the forward kernel (``tinytorch/_ops/nn_backward.py``)."""


def _shape_ops():
    from tinytorch._ops import shape
    return shape


class ConvKernels:
    """Mixin: the class it is mixed into sets ``base`` (the device backend)."""

    base = None

    # --- convolution ------------------------------------------------------------------------------
    def conv2d(self, x, w, stride, padding, dilation, groups):
        from tinytorch._ops.nn_conv import Conv2d
        return Conv2d.apply(x, w, None, stride, padding, dilation, groups)

    def conv2d_backward_input(self, g, w, x_shape, stride, padding, dilation, groups):
        # The adjoint of conv2d is the transposed convolution with the same weight.
        from tinytorch._ops.nn_conv import ConvTranspose2d
        return ConvTranspose2d.apply(g, w, None, tuple(x_shape), stride, padding, dilation,
                                     groups)

    def conv2d_backward_weight(self, g, x, w_shape, stride, padding, dilation, groups):
        """gw[o, c, i, j] = Σ_n Σ_hw g[n, o, h, w] x[n, c, h s + i d, w s + j d]: a conv2d of x
        with g as its kernel, batch and channel axes swapped, stride and dilation traded."""
        from tinytorch._ops.nn_conv import Conv2d
        sh = _shape_ops()
        n, c, h, w = x.shape
        o, ho, wo = g.shape[1:]
        cg, og = c // groups, o // groups
        xs = sh.permute(sh.reshape(x, (n, groups, cg, h, w)), (2, 1, 0, 3, 4))
        gs = sh.permute(sh.reshape(g, (n, groups, og, ho, wo)), (1, 2, 0, 3, 4))
        out = Conv2d.apply(sh.reshape(xs, (cg, groups * n, h, w)), sh.reshape(gs, (o, n, ho, wo)),
                           None, dilation, padding, stride, groups)
        kh, kw = w_shape[2:]
        if tuple(out.shape[2:]) != (kh, kw):  # positions past the last full window
            out = out[:, :, :kh, :kw]
        return sh.permute(out, (1, 0, 2, 3))

    # --- pooling and upsampling -------------------------------------------------------------------
    def max_pool2d_backward(self, g, indices, x_shape):
        n, c, h, w = x_shape
        be, sh = self.base, _shape_ops()
        index = be.reshape(indices._data, (n, c, -1))
        flat = self.scatter_add(be.zeros((n, c, h * w), g.dtype), 2, index,
                                sh.reshape(g, (n, c, -1)))
        return sh.reshape(flat, tuple(x_shape))

    def avg_pool2d(self, x, *options):
        from tinytorch._ops.nn_pool import AvgPool2d
        return AvgPool2d.apply(x, *options)

    def avg_pool2d_backward(self, g, x_shape, *options):
        return _linear_backward("avg_pool2d", g, x_shape, options, options)

    def adaptive_avg_pool2d(self, x, output_size):
        from tinytorch._ops.nn_pool import AdaptiveAvgPool2d
        return AdaptiveAvgPool2d.apply(x, output_size)

    def adaptive_avg_pool2d_backward(self, g, x_shape):
        return _linear_backward("adaptive_avg_pool2d", g, x_shape, (), (tuple(g.shape[2:]),))

    def upsample_nearest2d(self, x, out_hw):
        from tinytorch._ops.nn_pool import UpsampleNearest2d
        return UpsampleNearest2d.apply(x, out_hw)

    def upsample_nearest2d_backward(self, g, x_shape):
        return _linear_backward("upsample_nearest2d", g, x_shape, (), (tuple(g.shape[2:]),))

    def upsample_bilinear2d(self, x, out_hw, align_corners):
        from tinytorch._ops.nn_pool import UpsampleBilinear2d
        return UpsampleBilinear2d.apply(x, out_hw, align_corners)

    def upsample_bilinear2d_backward(self, g, x_shape, align_corners):
        return _linear_backward("upsample_bilinear2d", g, x_shape, (align_corners,),
                                (tuple(g.shape[2:]), align_corners))


def _linear_backward(kernel, g, x_shape, options, forward_options):
    """``kernel``'s backward, recorded with ``kernel`` itself as its derivative."""
    from tinytorch._ops.nn_backward import LinearBackward
    return LinearBackward.apply(g, kernel=kernel, x_shape=x_shape, options=options,
                                forward_options=forward_options)
