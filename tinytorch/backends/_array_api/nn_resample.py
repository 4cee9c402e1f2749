"""F.interpolate over ``xp``: every mode is separable, one (out, in) matrix per spatial dim
from the taps PyTorch's kernel reads (its source-index rules), its adjoint the transposed
matrix, and where a product is not finite the taps themselves (NOTE [Taps where the product
is not finite] in nn_pool.py).

``scale`` is PyTorch's input/output ratio: 1 / scale_factor when a scale factor was given
(and not recomputed), else in / out; align_corners uses (in - 1) / (out - 1) instead.
"""

import math

_CUBIC_A = -0.75  # PyTorch's (and TensorFlow's) bicubic coefficient


def _cubic_near(t):
    """The cubic convolution kernel for |t| <= 1."""
    return ((_CUBIC_A + 2) * t - (_CUBIC_A + 3)) * t * t + 1


def _cubic_far(t):
    """The cubic convolution kernel for 1 < |t| < 2."""
    return ((_CUBIC_A * t - 5 * _CUBIC_A) * t + 8 * _CUBIC_A) * t - 4 * _CUBIC_A


_AA_CUBIC_A = -0.5  # PyTorch's antialiased bicubic takes PIL's coefficient


def _aa_filter(x, cubic):
    """PyTorch's antialias filters (PIL's): the triangle, or the cubic with a = -0.5."""
    x = abs(x)
    if not cubic:
        return (x < 1) * (1 - x)
    a = _AA_CUBIC_A
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return (x < 1) * near + ((x >= 1) & (x < 2)) * far


class ArrayResampleKernels:
    """F.interpolate's separable modes: each spatial dim's taps (the inputs PyTorch's kernel
    reads for each output, and their weights), applied as an (out, in) matrix and, where the
    product is not finite, from the taps themselves (NOTE [Taps where the product is not
    finite] in nn_pool.py)."""

    def _taps_matrix(self, n, index, weight, dtype):
        """Σ_k weight[k][:, None] · onehot(clamp(index[k], 0, n - 1)): taps at clamped
        positions add up (no scatter, so NumPy and CuPy alike)."""
        xp = self.xp
        pos = xp.arange(n)
        m = 0
        for i, w in zip(index, weight):
            m = m + w[:, None] * (xp.clip(i, 0, n - 1)[:, None] == pos)
        return m.astype(dtype)

    def _source(self, n, o, align_corners, scale, offset):
        dst = self.xp.arange(o, dtype=self.xp.float64)
        if align_corners:
            return dst * ((n - 1) / (o - 1) if o > 1 else 0.0)
        return (dst + 0.5) * scale - offset

    def _antialias_taps(self, n, o, cubic, align_corners, scale):
        """PyTorch's antialiased bilinear/bicubic (``_compute_indices_min_size_weights_aa``):
        output i averages the inputs under the filter centred at scale (i + 0.5), stretched
        by the scale when shrinking, its weights normalised to sum to 1."""
        xp = self.xp
        if align_corners:
            scale = (n - 1) / (o - 1) if o > 1 else 0.0
        support = (2 if cubic else 1) * (scale if scale >= 1 else 1.0)
        stretch = 1.0 / scale if scale >= 1 else 1.0
        centre = scale * (xp.arange(o, dtype=xp.float64) + 0.5)
        low = xp.maximum((centre - support + 0.5).astype(xp.int64), 0)  # toward 0, as C++
        count = xp.minimum((centre + support + 0.5).astype(xp.int64), n) - low
        width = int(math.ceil(support)) * 2 + 1
        taps = xp.arange(width)
        weight = _aa_filter((low[:, None] + taps - centre[:, None] + 0.5) * stretch, cubic)
        valid = taps < xp.clip(count, 0, width)[:, None]
        weight = weight * valid
        total = weight.sum(1, keepdims=True)
        weight = weight / xp.where(total != 0, total, 1.0)
        return xp.clip(low[:, None] + taps, 0, n - 1), weight, valid

    def interpolation_taps(self, n, o, mode, align_corners, scale):
        """(index, weight, valid), each (o, taps), of ``mode`` from n inputs to o outputs along
        one dim: the positions PyTorch's kernel reads (clamped into 0..n-1, a zero weight
        included) and their weights."""
        xp = self.xp
        if mode in ("linear-aa", "cubic-aa"):
            return self._antialias_taps(n, o, mode == "cubic-aa", align_corners, scale)
        if mode in ("nearest", "nearest-exact"):
            # floor(dst · scale) or floor((dst + 0.5) · scale), in float32 as PyTorch
            dst = xp.arange(o, dtype=xp.float32) + (0.5 if mode == "nearest-exact" else 0.0)
            index, weight = (xp.floor(dst * xp.float32(scale)).astype(xp.int64),), (1.0,)
        elif mode == "linear" and n == o:  # PyTorch reads each pixel twice, weights 1 and 0
            index, weight = (xp.arange(n), xp.arange(n)), (1.0, 0.0)
        elif mode == "linear":
            src = xp.maximum(self._source(n, o, align_corners, scale, 0.5), 0.0)
            i0 = xp.minimum(xp.floor(src).astype(xp.int64), n - 1)
            lam = xp.clip(src - i0, 0.0, 1.0)
            index, weight = (i0, i0 + 1), (1 - lam, lam)
        else:  # cubic: no clamp of the source at 0
            src = self._source(n, o, align_corners, scale, 0.5)
            i0 = xp.floor(src)
            t = src - i0
            i0 = i0.astype(xp.int64)
            index = (i0 - 1, i0, i0 + 1, i0 + 2)
            weight = (_cubic_far(t + 1), _cubic_near(t), _cubic_near(1 - t), _cubic_far(2 - t))
        index = xp.clip(xp.stack(index, 1), 0, n - 1)
        weight = xp.stack([xp.broadcast_to(xp.asarray(w, dtype=xp.float64), (o,))
                           for w in weight], 1)
        return index, weight, xp.ones(index.shape, bool)

    def _resample_axis(self, a, axis, n, taps, adjoint):
        """The taps' (out, in) matrix applied along ``axis`` of a (its transpose when
        ``adjoint``: a has the outputs there); where that product is not finite, the taps
        themselves (NOTE [Taps where the product is not finite] in nn_pool.py)."""
        index, weight, valid = taps
        m = self._taps_matrix(n, index.T, (weight * valid).T, a.dtype)
        m = m.T if adjoint else m
        if axis == a.ndim - 1:
            y = self.matmul(a, m.T)
        else:
            shape = a.shape
            y = self.matmul(m, a.reshape(-1, shape[axis], math.prod(shape[axis + 1:])))
            y = y.reshape(shape[:axis] + (m.shape[0],) + shape[axis + 1:])
        if self.xp.isfinite(y).all():
            return y
        taps = self._transposed_taps(taps, n) if adjoint else taps
        y = self._gather_taps(self.xp.moveaxis(a, axis, -1), taps)
        return self.ascontiguous(self.xp.moveaxis(y, -1, axis))

    def interpolate(self, x, outs, mode, align_corners, scales):
        first = x.ndim - len(outs)
        for axis, (o, scale) in enumerate(zip(outs, scales), first):
            n = x.shape[axis]
            taps = self.interpolation_taps(n, o, mode, align_corners, scale)
            x = self._resample_axis(x, axis, n, taps, False)
        return x

    def interpolate_backward(self, g, sizes, mode, align_corners, scales):
        first = g.ndim - len(sizes)
        for axis in reversed(range(first, g.ndim)):  # the forward's axes in reverse order
            n, scale = sizes[axis - first], scales[axis - first]
            taps = self.interpolation_taps(n, g.shape[axis], mode, align_corners, scale)
            g = self._resample_axis(g, axis, n, taps, True)
        return g
