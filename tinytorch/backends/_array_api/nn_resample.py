"""Interpolation matrices over ``xp``: F.interpolate's modes as (out, in) matrices along one
spatial dim, PyTorch's source-index rules (see NOTE [Pooling by window offsets] in nn_pool.py:
resampling is separable, a matrix per dim; its adjoint is the transposed matrix).

``scale`` is PyTorch's input/output ratio: 1 / scale_factor when a scale factor was given
(and not recomputed), else in / out; align_corners uses (in - 1) / (out - 1) instead.
"""

_CUBIC_A = -0.75  # PyTorch's (and TensorFlow's) bicubic coefficient


def _cubic_near(t):
    """The cubic convolution kernel for |t| <= 1."""
    return ((_CUBIC_A + 2) * t - (_CUBIC_A + 3)) * t * t + 1


def _cubic_far(t):
    """The cubic convolution kernel for 1 < |t| < 2."""
    return ((_CUBIC_A * t - 5 * _CUBIC_A) * t + 8 * _CUBIC_A) * t - 4 * _CUBIC_A


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

    def interpolation_matrix(self, n, o, mode, align_corners, scale, dtype):
        xp = self.xp
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
