"""2-D convolution as im2col + one cuBLAS GEMM per group (``kernels/nn_conv.cu``).

Layout: cols is (C * kh * kw, N * L) with L = OH * OW (see the comment in nn_conv.cu), so
group g's rows are one contiguous block and the GEMMs are batched over groups with no copy:
  y      = w (G, O/G, K)      @ cols (G, K, N*L)        -> (G, O/G, N, L) -> (N, O, OH, OW)
  gcols  = w^T (G, K, O/G)    @ g' (G, O/G, N*L)         -> col2im gather   -> gx
  gw     = g' (G, O/G, N*L)   @ cols^T (G, N*L, K)       -> (O, C/G, kh, kw)
with g' the output gradient moved to (O, N, L). cuBLAS GEMMs are deterministic on a
single stream, and col2im gathers, so every result is bit-identical run to run.
"""

import cupy

from tinytorch._geometry import conv_out_size
from tinytorch.backends.cuda import _launch


def _geom(x_shape, w_shape, stride, padding, dilation, out_hw=None):
    """The 14 geometry scalars of nn_conv.cu. Backward passes take the output size from the
    gradient (``out_hw``): conv_transpose2d's output_padding adds input rows that no
    output reads, so the size cannot be recomputed from the input."""
    n, c, h, w = x_shape
    kh, kw = w_shape[2], w_shape[3]
    if out_hw is None:
        out_hw = (conv_out_size(h, kh, stride[0], padding[0], dilation[0]),
                  conv_out_size(w, kw, stride[1], padding[1], dilation[1]))
    return (n, c, h, w) + tuple(out_hw) + (kh, kw) + tuple(stride) + tuple(padding) \
        + tuple(dilation)


def _im2col(x, geom):
    n, c, _, _, oh, ow, kh, kw = geom[:8]
    cols = cupy.empty((c * kh * kw, n * oh * ow), dtype=x.dtype)
    _launch.launch("nn_conv", "tt_im2col", x.dtype, _launch.blocks(cols.size), (x, cols) + geom)
    return cols


def _grad_rows(g, groups):
    """Output gradient (N, O, OH, OW) as (G, O/G, N * L), contiguous."""
    n, o, oh, ow = g.shape
    return cupy.ascontiguousarray(g.transpose(1, 0, 2, 3)).reshape(groups, o // groups,
                                                                    n * oh * ow)


class CudaConvKernels:
    """Mixin: raw-kernel convolution for float32/float64, else the inherited kernels."""

    def conv2d(self, x, w, stride, padding, dilation, groups):
        if not _launch.supported(x, w):
            return super().conv2d(x, w, stride, padding, dilation, groups)
        geom = _geom(x.shape, w.shape, stride, padding, dilation)
        n, oh, ow, o = x.shape[0], geom[4], geom[5], w.shape[0]
        cols = _im2col(x, geom).reshape(groups, -1, n * oh * ow)
        wm = cupy.ascontiguousarray(w).reshape(groups, o // groups, -1)
        y = cupy.matmul(wm, cols).reshape(o, n, oh, ow)
        return cupy.ascontiguousarray(y.transpose(1, 0, 2, 3))

    def conv2d_backward_input(self, g, w, x_shape, stride, padding, dilation, groups):
        if not _launch.supported(g, w):
            return super().conv2d_backward_input(g, w, x_shape, stride, padding, dilation,
                                                 groups)
        geom = _geom(tuple(x_shape), w.shape, stride, padding, dilation, g.shape[2:])
        o = w.shape[0]
        wm = cupy.ascontiguousarray(w).reshape(groups, o // groups, -1)
        gcols = cupy.matmul(wm.transpose(0, 2, 1), _grad_rows(g, groups))
        gx = cupy.empty(tuple(x_shape), dtype=g.dtype)
        _launch.launch("nn_conv", "tt_col2im", g.dtype, _launch.blocks(gx.size),
                       (gcols, gx) + geom)
        return gx

    def conv2d_backward_weight(self, g, x, w_shape, stride, padding, dilation, groups):
        if not _launch.supported(g, x):
            return super().conv2d_backward_weight(g, x, w_shape, stride, padding, dilation,
                                                  groups)
        geom = _geom(x.shape, tuple(w_shape), stride, padding, dilation, g.shape[2:])
        n, oh, ow = x.shape[0], geom[4], geom[5]
        cols = _im2col(x, geom).reshape(groups, -1, n * oh * ow)
        gw = cupy.matmul(_grad_rows(g, groups), cols.transpose(0, 2, 1))
        return gw.reshape(tuple(w_shape))
