"""Pooling and upsampling kernels over ``xp`` (NCHW).

NOTE [Pooling by window offsets]
Pooling loops over the kh*kw offsets of the window (never over batch, channels or pixels):
offset (i, j) of every window is one strided view of the (padded) input. Max pooling keeps a
running maximum and replaces it only where a later offset is *strictly* greater, so ties go
to the first maximum in row-major window order, as PyTorch. The winning offset is selected
arithmetically, ``code + greater * (new - code)``: NumPy's masked copies (``copyto(where=)``,
``where``, ``putmask``) cost ~5 ns an element on a scattered mask, 50x the arithmetic (book
CNN pool1: 4.9 -> 3.1 ms). The backward of every pool is the
adjoint of the forward: a scatter-add at the saved indices, or strided additions.
Adaptive pooling and upsampling are separable along H and W: they are small (out, in) matrices
applied on both sides, and their backward is the transposed matrices.
"""

import math

from tinytorch._geometry import dilated_size
from tinytorch._geometry import pool_out_size


def _strided(k, dil, stride, out):
    return slice(k * dil, k * dil + stride * (out - 1) + 1, stride)


class ArrayPoolKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def _pool_pad(self, x, out_hw, kernel, stride, padding, dilation, value):
        """Pad x (N, C, H, W) so every window fits: left ``padding``, right as needed."""
        extra = [max((o - 1) * s + dilated_size(k, d) - n - p, 0) for o, s, d, k, n, p in
                 zip(out_hw, stride, dilation, kernel, x.shape[2:], padding)]
        if not (padding[0] or padding[1] or extra[0] or extra[1]):
            return x
        return self.xp.pad(x, ((0, 0), (0, 0), (padding[0], extra[0]), (padding[1], extra[1])),
                           constant_values=value)

    def _pool_sizes(self, x, kernel, stride, padding, dilation, ceil_mode):
        return tuple(pool_out_size(n, k, s, p, d, ceil_mode) for n, k, s, p, d in
                     zip(x.shape[2:], kernel, stride, padding, dilation))

    def _max_pool_2x2(self, x, ho, wo):
        """2x2 windows, stride 2: a max tree over four strided views; a later view wins only
        when strictly greater (first maximum, see NOTE [Pooling by window offsets]). The
        winner's offset in its window (0, 1, W or W+1) is built in the narrowest integer type
        that holds it and widened once, when the plane offsets are added."""
        xp, w = self.xp, x.shape[3]
        y = xp.empty(x.shape[:2] + (ho, wo), x.dtype)
        offset = xp.empty(y.shape, xp.int64)
        base = (xp.arange(ho) * (2 * w))[:, None] + xp.arange(wo) * 2
        narrow = xp.int8 if w < 127 else xp.int64  # int8 reinterprets the booleans in place

        def pool(s):  # the samples s
            v = x[s, :, :2 * ho, :2 * wo]
            a, b = v[:, :, 0::2, 0::2], v[:, :, 0::2, 1::2]
            c, d = v[:, :, 1::2, 0::2], v[:, :, 1::2, 1::2]
            top, bottom = xp.maximum(a, b), xp.maximum(c, d)
            code, below = b > a, d > c
            code, below = ((code.view(narrow), below.view(narrow)) if narrow is xp.int8 else
                           (code.astype(narrow), below.astype(narrow)))
            below += narrow(w)
            code += (bottom > top).view(xp.int8).astype(narrow, copy=False) * (below - code)
            xp.add(code, base, dtype=xp.int64, out=offset[s])
            xp.maximum(top, bottom, out=y[s])
            self._nan_wins(y[s], offset[s], ((a, base), (b, base + 1), (c, base + w),
                                             (d, base + w + 1)))
        self.run_blocks(pool, x.shape[0], x.size)
        return y, offset

    def max_pool2d(self, x, kernel, stride, padding, dilation, ceil_mode):
        ho, wo = out_hw = self._pool_sizes(x, kernel, stride, padding, dilation, ceil_mode)
        if kernel == stride == (2, 2) and padding == (0, 0) and dilation == (1, 1) and \
                2 * ho <= x.shape[2] and 2 * wo <= x.shape[3]:
            return self._max_pool_2x2(x, ho, wo)
        w_in = x.shape[3]
        low = self.xp.iinfo(x.dtype).min if x.dtype.kind in "iu" else -math.inf  # int pads
        xp_ = self._pool_pad(x, out_hw, kernel, stride, padding, dilation, low)
        first = [self._first_inside(n, o, k, s, p, d) for n, o, k, s, p, d in
                 zip(x.shape[2:], out_hw, kernel, stride, padding, dilation)]
        y = None
        offset = self.xp.empty(x.shape[:2] + out_hw, dtype=self.xp.int64)
        offset[...] = (first[0][:, None] * dilation[0] * w_in + first[1] * dilation[1])
        taps = []
        for i in range(kernel[0]):
            for j in range(kernel[1]):
                v = xp_[:, :, _strided(i, dilation[0], stride[0], ho),
                        _strided(j, dilation[1], stride[1], wo)]
                taps.append((v, i * dilation[0] * w_in + j * dilation[1]))
                if y is None:
                    y = v.copy()
                    continue
                offset += (v > y) * (taps[-1][1] - offset)
                self.xp.maximum(y, v, out=y)
        self._nan_wins(y, offset, taps)
        rows = self.xp.arange(ho) * stride[0] - padding[0]
        cols = self.xp.arange(wo) * stride[1] - padding[1]
        offset += rows[:, None] * w_in + cols
        empty = (first[0] < 0)[:, None] | (first[1] < 0)
        return y, self.xp.where(empty, -1, offset) if empty.any() else offset

    def _first_inside(self, n, out, k, s, p, d):
        """Per output position along one axis: the first tap of its window inside the input
        (PyTorch's index when no value is above -inf), -1 for a window all in the padding."""
        inside = self.xp.arange(out)[:, None] * s - p + self.xp.arange(k) * d
        inside = (inside >= 0) & (inside < n)
        return self.xp.where(inside.any(axis=1), inside.argmax(axis=1), -1)

    def _nan_wins(self, y, offset, taps):
        """A NaN is the maximum and the last NaN of a window its index, as PyTorch's
        ``val > maxval || isnan(val)``; the running maximum's strict ``>`` never picks one.
        After the running maximum: only windows that came out NaN are looked at again."""
        if y.dtype.kind in "fV" and y.size and self.xp.isnan(y.max()):  # V: bfloat16
            nan = y != y
            for v, code in taps:
                offset[...] = self.xp.where(nan & (v != v), code, offset)

    def max_pool2d_backward(self, g, indices, x_shape):
        n, c, h, w = x_shape
        gx = self.xp.empty((n * c, h * w), dtype=g.dtype)
        plane = g.shape[2] * g.shape[3]  # not -1: an empty batch leaves it undetermined
        rows, grads = indices.reshape(n * c, plane), g.reshape(n * c, plane)

        def scatter(s):  # the planes s
            part = gx[s]
            part.fill(0)  # see NOTE [Zeroed buffers] in nn_conv.py
            r, gr = rows[s], grads[s]
            if r.size and r.min() < 0:  # a window all in the padding: index -1, no gradient
                r, gr = self.xp.maximum(r, 0), self.xp.where(r < 0, 0, gr)
            flat = r + self.xp.arange(0, part.size, h * w)[:, None]
            self.xp.add.at(part.reshape(-1), flat.reshape(-1), gr.reshape(-1))
        self.run_blocks(scatter, n * c, gx.size)
        return gx.reshape(x_shape)

    def _avg_divisor(self, x_shape, out_hw, kernel, stride, padding, ceil_mode,
                     count_include_pad, divisor_override, dtype):
        if divisor_override:
            return divisor_override
        sizes = []
        for n, o, k, s, p in zip(x_shape[2:], out_hw, kernel, stride, padding):
            start = self.xp.arange(o) * s - p
            end = self.xp.minimum(start + k, n + p)
            if not count_include_pad:
                start, end = self.xp.maximum(start, 0), self.xp.minimum(end, n)
            sizes.append((end - start).astype(dtype))
        return sizes[0][:, None] * sizes[1]

    def avg_pool2d(self, x, kernel, stride, padding, ceil_mode, count_include_pad,
                   divisor_override):
        ho, wo = out_hw = self._pool_sizes(x, kernel, stride, padding, (1, 1), ceil_mode)
        xp_ = self._pool_pad(x, out_hw, kernel, stride, padding, (1, 1), 0)
        y = self.xp.zeros(x.shape[:2] + out_hw, dtype=x.dtype)
        for i in range(kernel[0]):
            for j in range(kernel[1]):
                y += xp_[:, :, _strided(i, 1, stride[0], ho), _strided(j, 1, stride[1], wo)]
        d = self._avg_divisor(x.shape, out_hw, kernel, stride, padding, ceil_mode,
                              count_include_pad, divisor_override, x.dtype)
        if x.dtype.kind in "iu":  # PyTorch's integer pooling: the sum divided, truncated
            return self.xp.where(y < 0, -(-y // d), y // d).astype(x.dtype, copy=False)
        return y / d

    def avg_pool2d_backward(self, g, x_shape, kernel, stride, padding, ceil_mode,
                            count_include_pad, divisor_override):
        ho, wo = out_hw = g.shape[2:]
        g = g / self._avg_divisor(x_shape, out_hw, kernel, stride, padding, ceil_mode,
                                  count_include_pad, divisor_override, g.dtype)
        hp = max((ho - 1) * stride[0] + kernel[0], x_shape[2] + padding[0])
        wp = max((wo - 1) * stride[1] + kernel[1], x_shape[3] + padding[1])
        gx = self.xp.zeros(x_shape[:2] + (hp, wp), dtype=g.dtype)
        for i in range(kernel[0]):
            for j in range(kernel[1]):
                gx[:, :, _strided(i, 1, stride[0], ho), _strided(j, 1, stride[1], wo)] += g
        return gx[:, :, padding[0]:padding[0] + x_shape[2], padding[1]:padding[1] + x_shape[3]]

    # --- adaptive pooling and upsampling: separable (out, in) matrices ----------------------
    def _adaptive_bounds(self, n, o):
        i = self.xp.arange(o)
        return (i * n) // o, -((-(i + 1) * n) // o)

    # PyTorch's CPU kernel: each window's sum / kh / kw (so a mean of equal values is exact),
    # and for a 1x1 output the plane's mean; the gradient g / kh / kw into each window (NOTE
    # [Taps where the product is not finite]).
    def adaptive_avg_pool2d(self, x, output_size):
        if tuple(output_size) == (1, 1):
            return self.xp.mean(x, axis=(2, 3), keepdims=True)
        sizes = x.shape[2:]
        taps = [self._window_taps(n, o) for n, o in zip(sizes, output_size)]
        kh, kw = (valid.sum(1).astype(x.dtype) for _, _, valid in taps)
        return self._separable(x, sizes, taps, False) / kh[:, None] / kw

    def adaptive_avg_pool2d_backward(self, g, x_shape):
        if g.shape[2:] == (1, 1):
            out = self.xp.empty(x_shape, g.dtype)
            out[...] = g / (x_shape[2] * x_shape[3])
            return out
        sizes = x_shape[2:]
        taps = [self._window_taps(n, o) for n, o in zip(sizes, g.shape[2:])]
        kh, kw = (valid.sum(1).astype(g.dtype) for _, _, valid in taps)
        return self._separable(g / kh[:, None] / kw, sizes, taps, True)

    # NOTE [Taps where the product is not finite]
    # Adaptive average pooling and the nearest and bilinear upsampling kernels multiply by one
    # (out, in) weight matrix per spatial axis, built from the kernel's taps (each output's
    # input indices and weights, as PyTorch's kernel reads them). A product reads a whole
    # row, so one inf or NaN pixel (or upstream gradient) gave 0 * inf = NaN to every output
    # of its plane. Where the product is not finite, the kernel is computed again from the
    # taps themselves, a zero weight included (bilinear's second tap at lambda 0: inf * 0 =
    # NaN there, as in PyTorch; along a dim whose size does not change PyTorch's linear
    # kernels read each pixel twice, weights 1 and 0), summed in its order; the backward from
    # the taps transposed. Gathers of (out x taps) elements, never an (out, in) broadcast of
    # the data. F.interpolate's other modes do the same one dim at a time (nn_resample.py).
    def _window_taps(self, n, o):
        """The adaptive windows' taps: (index, weight, valid), each (o, widest window)."""
        start, end = self._adaptive_bounds(n, o)
        index = self._adaptive_index(n, o)
        valid = start[:, None] + self.xp.arange(index.shape[1]) < end[:, None]
        return index, self.xp.ones(index.shape), valid

    def _gather_taps(self, a, taps):
        """Σ_t a[..., index[:, t]] * weight[:, t] along a's last axis, invalid taps skipped."""
        index, weight, valid = taps
        out = None
        for t in range(index.shape[1]):
            term = a[..., index[:, t]] * weight[:, t].astype(a.dtype)
            if not valid[:, t].all():
                term = self.xp.where(valid[:, t], term, 0)
            out = term if out is None else out + term
        return out

    def _transposed_taps(self, taps, n):
        """The taps of the adjoint: for each of the n inputs, the outputs that read it."""
        xp = self.xp
        index, weight, valid = taps
        rows = xp.broadcast_to(xp.arange(index.shape[0])[:, None], index.shape)
        at, src, w = index[valid], rows[valid], weight[valid]  # in output order
        order = xp.argsort(at, kind="stable")
        at, src, w = at[order], src[order], w[order]
        counts = xp.bincount(at, minlength=n)
        rank = xp.arange(at.shape[0]) - (xp.cumsum(counts) - counts)[at]
        width = max(int(counts.max()), 1) if at.shape[0] else 1
        out = [xp.zeros((n, width), dtype) for dtype in (xp.int64, w.dtype, bool)]
        out[0][at, rank], out[1][at, rank], out[2][at, rank] = src, w, True
        return tuple(out)

    def _separable(self, a, sizes, taps, adjoint):
        """``taps[0]`` along a's height, then ``taps[1]`` along its width, over inputs of
        ``sizes`` (their adjoints when ``adjoint``: a has the outputs there): F.interpolate's
        ``_resample_axis`` for each (NOTE [Taps where the product is not finite])."""
        outs = sizes if adjoint else [index.shape[0] for index, _, _ in taps]
        finite = self._finite_input(a, math.prod(a.shape[:-2]) * math.prod(outs))
        for axis, n, t in zip((a.ndim - 2, a.ndim - 1), sizes, taps):
            a = self._resample_axis(a, axis, n, t, adjoint, finite)
        return a

    def _adaptive_index(self, n, o):
        start, end = self._adaptive_bounds(n, o)
        k = int((end - start).max()) if o else 1  # o = 0: interpolate's area to size 0
        return self.xp.minimum(start[:, None] + self.xp.arange(k), end[:, None] - 1)

    def adaptive_max_pool2d(self, x, output_size):
        ih = self._adaptive_index(x.shape[2], output_size[0])
        iw = self._adaptive_index(x.shape[3], output_size[1])
        win = x[:, :, ih[:, None, :, None], iw[None, :, None, :]]  # (N, C, oh, ow, kh, kw)
        win = win.reshape(win.shape[:4] + (win.shape[4] * win.shape[5],))
        pos = win.argmax(axis=-1)[..., None]
        nan = win != win if win.dtype.kind in "fV" else None
        if nan is not None and nan.any():  # the last NaN, as PyTorch's ``|| isnan(val)``
            last = win.shape[-1] - 1 - nan[..., ::-1].argmax(axis=-1)[..., None]
            pos = self.xp.where(nan.any(axis=-1)[..., None], last, pos)
        y = self.xp.take_along_axis(win, pos, axis=-1)[..., 0]
        flat = (ih[:, None, :, None] * x.shape[3] + iw[None, :, None, :]).reshape(
            output_size + (-1,))
        flat = self.xp.broadcast_to(flat, pos.shape[:4] + flat.shape[-1:])
        return y, self.xp.take_along_axis(flat, pos, axis=-1)[..., 0]

    def _upsample(self, a, sizes, outs, mode, adjoint, align_corners=False):
        """The separable product of nearest or bilinear upsampling from ``sizes`` to ``outs``
        (height and width) at the ratio in/out, or its adjoint: F.interpolate's taps (NOTE
        [Taps where the product is not finite]); see _separable."""
        taps = [self.interpolation_taps(n, o, mode, align_corners, n / o, a.dtype)
                for n, o in zip(sizes, outs)]
        return self._separable(a, sizes, taps, adjoint)

    def upsample_nearest2d(self, x, out_hw):
        return self._upsample(x, x.shape[2:], out_hw, "nearest", False)

    def upsample_nearest2d_backward(self, g, x_shape):
        return self._upsample(g, x_shape[2:], g.shape[2:], "nearest", True)

    def upsample_bilinear2d(self, x, out_hw, align_corners):
        return self._upsample(x, x.shape[2:], out_hw, "linear", False, align_corners)

    def upsample_bilinear2d_backward(self, g, x_shape, align_corners):
        return self._upsample(g, x_shape[2:], g.shape[2:], "linear", True, align_corners)

    # --- fractional max pooling: PyTorch's CPU kernel, gathered by computed window starts ----
    def _fractional_starts(self, u, n, o, k):
        """PyTorch's ``generate_intervals`` for the samples u (N, C), in their dtype: with
        alpha = (n - k) / (o - 1), start i = int((i + u) * alpha) - int(u * alpha), the last
        n - k. (N, C, o) int64."""
        xp = self.xp
        last = xp.full(u.shape + (min(o, 1),), n - k, dtype=xp.int64)
        if o <= 1:
            return last
        alpha = xp.asarray(n - k, dtype=u.dtype) / xp.asarray(o - 1, dtype=u.dtype)
        i = xp.arange(o - 1, dtype=u.dtype)
        seq = ((i + u[..., None]) * alpha).astype(xp.int64) - \
            (u * alpha).astype(xp.int64)[..., None]
        return xp.concatenate([seq, last], axis=-1)

    def fractional_max_pool(self, x, samples, kernel, output_size):
        xp = self.xp
        if x.ndim == len(kernel) + 1:  # unbatched: the first samples
            y, indices = self.fractional_max_pool(x[None], samples, kernel, output_size)
            return y[0], indices[0]
        n, c, sizes = x.shape[0], x.shape[1], x.shape[2:]
        dims = len(sizes)
        drives = (1, 0) if dims == 2 else (0, 1, 2)  # PyTorch's 2-D kernel: W's sample first
        flat, stride = 0, 1
        for d in reversed(range(dims)):
            start = self._fractional_starts(samples[:n, :, drives[d]], sizes[d], output_size[d],
                                            kernel[d])
            at = [n, c] + [1] * (2 * dims)
            at[2 + d], at[2 + dims + d] = output_size[d], kernel[d]
            flat = flat + (start[..., None] + xp.arange(kernel[d])).reshape(at) * stride
            stride *= sizes[d]
        outs, taps = math.prod(output_size), math.prod(kernel)
        flat = xp.broadcast_to(flat, (n, c) + tuple(output_size) + tuple(kernel)).reshape(
            n, c, outs, taps)
        win = xp.take_along_axis(x.reshape(n, c, stride), flat.reshape(n, c, outs * taps),
                                 axis=2).reshape(n, c, outs, taps)
        pos = win.argmax(axis=-1)  # the first maximum; a NaN wins, the window's last one
        nan = xp.isnan(win)
        if bool(nan.any()):
            pos = xp.where(nan.any(axis=-1), taps - 1 - nan[..., ::-1].argmax(axis=-1), pos)
        pos = pos[..., None]
        shape = (n, c) + tuple(output_size)
        return (xp.take_along_axis(win, pos, axis=-1).reshape(shape),
                xp.take_along_axis(flat, pos, axis=-1).reshape(shape))

    def fractional_max_pool_backward(self, g, indices, x_shape, dims):
        lead = math.prod(x_shape[:-dims])
        planes = (1, lead, 1, math.prod(x_shape[-dims:]))
        flat = (1, lead, 1, math.prod(g.shape[-dims:]))
        return self.max_pool2d_backward(g.reshape(flat), indices.reshape(flat),
                                        planes).reshape(x_shape)
