"""2-D pooling over NCHW (``kernels/nn_pool.cu``): one thread per output element forward,
gathers per input element backward (see NOTE [Deterministic max-pool backward])."""

import math

import cupy

from tinytorch._geometry import pool_out_size
from tinytorch.backends.cuda import _launch


def _planes(shape):
    return math.prod(shape[:-2])


def _window(x, kernel, stride, padding, dilation, ceil_mode):
    stride = tuple(stride) if stride else tuple(kernel)
    h, w = x.shape[-2:]
    oh = pool_out_size(h, kernel[0], stride[0], padding[0], dilation[0], ceil_mode)
    ow = pool_out_size(w, kernel[1], stride[1], padding[1], dilation[1], ceil_mode)
    return oh, ow, (h, w, oh, ow) + tuple(kernel) + stride + tuple(padding)


class CudaPoolKernels:
    """Mixin: raw-kernel pooling for float32/float64, else the inherited kernels."""

    def max_pool2d(self, x, kernel, stride, padding, dilation, ceil_mode):
        if not _launch.supported(x):
            return super().max_pool2d(x, kernel, stride, padding, dilation, ceil_mode)
        oh, ow, geom = _window(x, kernel, stride, padding, dilation, ceil_mode)
        y = cupy.empty(x.shape[:-2] + (oh, ow), dtype=x.dtype)
        ind = cupy.empty(y.shape, dtype=cupy.int64)
        _launch.launch("nn_pool", "tt_max_pool2d", x.dtype, _launch.blocks(y.size),
                       (x, y, ind, _planes(x.shape)) + geom + tuple(dilation))
        return y, ind

    def max_pool2d_backward(self, g, indices, x_shape):
        if not _launch.supported(g):
            return super().max_pool2d_backward(g, indices, x_shape)
        gx = cupy.zeros(tuple(x_shape), dtype=g.dtype)
        planes = _planes(gx.shape)
        _launch.launch("nn_pool", "tt_max_pool2d_backward", g.dtype, _launch.blocks(planes),
                       (g, indices.astype(cupy.int64, copy=False), gx, planes,
                        x_shape[-2] * x_shape[-1], g.shape[-2] * g.shape[-1]))
        return gx

    def avg_pool2d(self, x, kernel, stride, padding, ceil_mode, count_include_pad,
                   divisor_override):
        if not _launch.supported(x):
            return super().avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad,
                                      divisor_override)
        oh, ow, geom = _window(x, kernel, stride, padding, (1, 1), ceil_mode)
        y = cupy.empty(x.shape[:-2] + (oh, ow), dtype=x.dtype)
        _launch.launch("nn_pool", "tt_avg_pool2d", x.dtype, _launch.blocks(y.size),
                       (x, y, _planes(x.shape)) + geom
                       + (bool(count_include_pad), int(divisor_override or 0)))
        return y

    def avg_pool2d_backward(self, g, x_shape, kernel, stride, padding, ceil_mode,
                            count_include_pad, divisor_override):
        if not _launch.supported(g):
            return super().avg_pool2d_backward(g, x_shape, kernel, stride, padding, ceil_mode,
                                               count_include_pad, divisor_override)
        gx = cupy.empty(tuple(x_shape), dtype=g.dtype)
        _, _, geom = _window(gx, kernel, stride, padding, (1, 1), ceil_mode)
        _launch.launch("nn_pool", "tt_avg_pool2d_backward", g.dtype, _launch.blocks(gx.size),
                       (g, gx, _planes(gx.shape)) + geom
                       + (bool(count_include_pad), int(divisor_override or 0)))
        return gx

    def adaptive_avg_pool2d(self, x, output_size):
        if not _launch.supported(x):
            return super().adaptive_avg_pool2d(x, output_size)
        h, w = x.shape[-2:]
        oh, ow = (h if output_size[0] is None else output_size[0],
                  w if output_size[1] is None else output_size[1])
        y = cupy.empty(x.shape[:-2] + (oh, ow), dtype=x.dtype)
        _launch.launch("nn_pool", "tt_adaptive_avg_pool2d", x.dtype, _launch.blocks(y.size),
                       (x, y, _planes(x.shape), h, w, oh, ow))
        return y

    def adaptive_avg_pool2d_backward(self, g, x_shape):
        if not _launch.supported(g):
            return super().adaptive_avg_pool2d_backward(g, x_shape)
        gx = cupy.empty(tuple(x_shape), dtype=g.dtype)
        _launch.launch("nn_pool", "tt_adaptive_avg_pool2d_backward", g.dtype,
                       _launch.blocks(gx.size),
                       (g, gx, _planes(gx.shape)) + tuple(x_shape[-2:]) + g.shape[-2:])
        return gx
