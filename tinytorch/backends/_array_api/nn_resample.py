"""Interpolation matrices over ``xp``: F.interpolate's modes as (out, in) matrices along one
spatial dim, PyTorch's source-index rules (see NOTE [Pooling by window offsets] in nn_pool.py:
resampling is separable, a matrix per dim; its adjoint is the transposed matrix).

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
    """``interpolation_matrix``: (out, in) weights of one spatial dim for F.interpolate."""

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

    def _antialias_matrix(self, n, o, cubic, align_corners, scale, dtype):
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
        weight = weight * (taps < xp.clip(count, 0, width)[:, None])
        total = weight.sum(1, keepdims=True)
        weight = weight / xp.where(total != 0, total, 1.0)
        return self._taps_matrix(n, tuple((low + k) for k in range(width)),
                                 tuple(weight[:, k] for k in range(width)), dtype)

    def interpolation_matrix(self, n, o, mode, align_corners, scale, dtype):
        xp = self.xp
        if mode in ("linear-aa", "cubic-aa"):
            return self._antialias_matrix(n, o, mode == "cubic-aa", align_corners, scale, dtype)
        if mode == "area":
            return self._average_matrix(n, o, dtype)
        if mode in ("nearest", "nearest-exact"):
            # floor(dst · scale) or floor((dst + 0.5) · scale), in float32 as PyTorch
            dst = xp.arange(o, dtype=xp.float32) + (0.5 if mode == "nearest-exact" else 0.0)
            src = xp.floor(dst * xp.float32(scale)).astype(xp.int64)
            return self._taps_matrix(n, (xp.minimum(src, n - 1),), (xp.ones(o),), dtype)
        if mode == "linear":
            if n == o and not align_corners:
                return xp.eye(n, dtype=dtype)
            src = xp.maximum(self._source(n, o, align_corners, scale, 0.5), 0.0)
            i0 = xp.minimum(xp.floor(src).astype(xp.int64), n - 1)
            lam = xp.clip(src - i0, 0.0, 1.0)
            return self._taps_matrix(n, (i0, i0 + 1), (1 - lam, lam), dtype)
        src = self._source(n, o, align_corners, scale, 0.5)  # cubic: no clamp at 0
        i0 = xp.floor(src)
        t = src - i0
        i0 = i0.astype(xp.int64)
        weight = (_cubic_far(t + 1), _cubic_near(t), _cubic_near(1 - t), _cubic_far(2 - t))
        return self._taps_matrix(n, (i0 - 1, i0, i0 + 1, i0 + 2), weight, dtype)
