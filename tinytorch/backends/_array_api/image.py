"""Image resampling over ``xp`` (NCHW): the kernel behind data augmentation.

NOTE [Affine resampling]
``affine_sample`` computes every output pixel (row i, column j) of image n from the input at
``(x, y) = matrices[n] @ (j, i, 1)``, in pixel units (pixel centres at integers). Coordinates
outside the image are first mapped by ``fill_mode``, with TensorFlow's
``ImageProjectiveTransform`` rules (what Keras' Random* layers use): 'reflect' (d c b a | a b
c d | d c b a), 'wrap' (a b c d | a b c d), 'nearest' (a a a a | a b c d | d d d d), and
'constant' (no mapping: what falls outside reads ``fill_value``). Then 'nearest' interpolation
takes the closest pixel (ties to even, as ``torch.nn.functional.grid_sample``; TensorFlow
rounds ties away from zero, which only matters at exact half-pixel coordinates) and
'bilinear' weights the four neighbours, a neighbour outside the image reading ``fill_value``.
torchvision's transforms and Keras' ``ImageDataGenerator`` reduce to this kernel with their
own matrices (``tinytorch/datasets/transforms/functional.py``). The work is a handful of
gathers over the whole batch: no Python loop over images or pixels.
"""


def _trunc_div(xp, a, b):
    return xp.trunc(a / b)


class ArrayImageKernels:
    """Resampling kernels; mixed into the array-API backend."""

    def _map_coordinates(self, c, n, fill_mode):
        xp = self.xp
        if fill_mode == "constant":
            return c
        if n <= 1:
            return xp.zeros_like(c)
        if fill_mode == "reflect":
            sz2 = 2 * n
            low = c + sz2 * _trunc_div(xp, -c, sz2)
            low = xp.where(low < -n, low + sz2, -low - 1)
            high = c - sz2 * _trunc_div(xp, c, sz2)
            high = xp.where(high >= n, sz2 - high - 1, high)
            c = xp.where(c < 0, low, xp.where(c > n - 1, high, c))
        elif fill_mode == "wrap":
            low = c + n * (_trunc_div(xp, -c, n - 1) + 1)
            high = c - n * _trunc_div(xp, c, n - 1)
            c = xp.where(c < 0, low, xp.where(c > n - 1, high, c))
        return xp.clip(c, 0, n - 1)

    def _read(self, x_nhwc, rows, cols, fill_value):
        """x[n, rows, cols, :] where (rows, cols) fall inside the image, else fill_value (a NaN
        coordinate, from a NaN matrix, too); rows and cols are integer-valued float arrays of
        shape (N, H, W)."""
        xp = self.xp
        n, h, w, _ = x_nhwc.shape
        inside = (rows >= 0) & (rows <= h - 1) & (cols >= 0) & (cols <= w - 1)
        r = xp.where(inside, rows, 0).astype(xp.int64)  # any index where the fill goes
        c = xp.where(inside, cols, 0).astype(xp.int64)
        batch = xp.arange(n).reshape(n, 1, 1)
        values = x_nhwc[batch, r, c]
        return xp.where(inside[..., None], values, xp.asarray(fill_value, x_nhwc.dtype))

    def affine_sample(self, x, matrices, interpolation, fill_mode, fill_value):
        xp = self.xp
        n, _, h, w = x.shape
        m = matrices.astype(x.dtype, copy=False).reshape(n, 2, 3, 1, 1)
        rows = xp.arange(h, dtype=x.dtype).reshape(1, h, 1)
        cols = xp.arange(w, dtype=x.dtype).reshape(1, 1, w)
        src_x = m[:, 0, 0] * cols + m[:, 0, 1] * rows + m[:, 0, 2]
        src_y = m[:, 1, 0] * cols + m[:, 1, 1] * rows + m[:, 1, 2]
        src_x = self._map_coordinates(src_x, w, fill_mode)
        src_y = self._map_coordinates(src_y, h, fill_mode)
        x_nhwc = x.transpose(0, 2, 3, 1)
        if interpolation == "nearest":
            out = self._read(x_nhwc, xp.rint(src_y), xp.rint(src_x), fill_value)
        else:
            x0, y0 = xp.floor(src_x), xp.floor(src_y)
            wx, wy = (src_x - x0)[..., None], (src_y - y0)[..., None]
            top = (1 - wx) * self._read(x_nhwc, y0, x0, fill_value) + \
                wx * self._read(x_nhwc, y0, x0 + 1, fill_value)
            bottom = (1 - wx) * self._read(x_nhwc, y0 + 1, x0, fill_value) + \
                wx * self._read(x_nhwc, y0 + 1, x0 + 1, fill_value)
            out = (1 - wy) * top + wy * bottom
        return xp.ascontiguousarray(out.transpose(0, 3, 1, 2)).astype(x.dtype, copy=False)
