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


_AA_SUPPORT = {"linear": 1, "cubic": 2, "lanczos": 3}  # the filters' half widths


def _aa_filter(xp, x, kind):
    """PyTorch's antialias filters (PIL's): the triangle, the cubic with a = -0.5, or
    Lanczos-3, sinc(x) sinc(x / 3)."""
    x = abs(x)
    if kind == "linear":
        return (x < 1) * (1 - x)
    if kind == "lanczos":
        return (x < 3) * xp.sinc(x) * xp.sinc(x / 3)
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

    # PyTorch computes a dim's scale, source indices and antialias weights in the input's
    # precision (float for float32, half and bfloat16: the "opmath" type), so a float32 input
    # takes float32 arithmetic here: where the float64 source index of an output is 1e-8 past
    # an integer, PyTorch's float32 one lands on it and the second tap's weight is 0 (inf * 0
    # = NaN there), and Lanczos' sinc(k) at an integer k is sin(k·π in float32)/(k·π), whose
    # sign decides where an inf goes. Intermediate steps follow PyTorch's C++ promotions
    # (a float times the double 0.5 is a double, rounded to float when stored); its linear
    # kernel's float32 source index scale · (dst + 0.5) - 0.5 is rounded once (a fused
    # multiply-add: at scale 1/3 output 1 reads input 1 with weight 1.5e-8, not 0), the
    # cubic kernel's twice (weight 0 there), as PyTorch 2.13's outputs show.
    def _source(self, n, o, align_corners, scale, f, fused):
        """PyTorch's area_pixel_compute_source_index in precision ``f`` (float32 or float64)
        for every output of a dim; f(scale) is the coordinate ratio, align_corners aside."""
        xp = self.xp
        dst = xp.arange(o, dtype=xp.float64)
        if align_corners:
            ratio = f(f(n - 1) / f(o - 1)) if o > 1 else f(0)
            return (dst * ratio).astype(f)
        if fused and f is xp.float32:  # exact in float64, then one rounding
            return (xp.float64(f(scale)) * (dst + 0.5) - 0.5).astype(f)
        return (f(scale) * (dst + 0.5).astype(f)).astype(f) - f(0.5)

    def _antialias_taps(self, n, o, kind, align_corners, scale, f):
        """PyTorch's antialiased bilinear, bicubic and Lanczos (``_compute_weights_aa``):
        output i averages the inputs under the filter centred at scale (i + 0.5), stretched
        by the scale when shrinking, its weights normalised to sum to 1."""
        xp = self.xp
        scale = f(((n - 1) / (o - 1) if o > 1 else 0.0) if align_corners else scale)
        support = f(_AA_SUPPORT[kind] * float(scale) if scale >= 1 else _AA_SUPPORT[kind])
        stretch = f(1.0 / float(scale)) if scale >= 1 else f(1.0)
        centre = (float(scale) * (xp.arange(o, dtype=xp.float64) + 0.5)).astype(f)
        low = xp.maximum(((centre - support).astype(xp.float64) + 0.5).astype(xp.int64), 0)
        count = xp.minimum(((centre + support).astype(xp.float64) + 0.5).astype(xp.int64),
                           n) - low  # toward 0, as C++
        width = int(math.ceil(float(support))) * 2 + 1
        taps = xp.arange(width)
        offset = ((low[:, None] + taps).astype(f) - centre[:, None]).astype(xp.float64)
        weight = _aa_filter(xp, ((offset + 0.5) * float(stretch)).astype(f), kind).astype(f)
        valid = taps < xp.clip(count, 0, width)[:, None]
        weight = weight * valid
        total = xp.cumsum(weight, 1, dtype=f)[:, -1:]  # summed in order, in f
        weight = weight / xp.where(total != 0, total, f(1.0))
        return xp.clip(low[:, None] + taps, 0, n - 1), weight, valid

    def interpolation_taps(self, n, o, mode, align_corners, scale, dtype):
        """(index, weight, valid), each (o, taps), of ``mode`` from n inputs to o outputs along
        one dim: the positions PyTorch's kernel reads (clamped into 0..n-1, a zero weight
        included) and their weights, computed in the precision PyTorch takes for ``dtype``."""
        xp = self.xp
        f = xp.float64 if dtype == xp.float64 else xp.float32
        if mode.endswith("-aa"):
            return self._antialias_taps(n, o, mode[:-3], align_corners, scale, f)
        if mode == "area":  # the adaptive average pool's windows
            index, _, valid = self._window_taps(n, o)
            return index, valid / valid.sum(1)[:, None], valid
        if mode in ("nearest", "nearest-exact"):
            # floor(dst · scale) or floor((dst + 0.5) · scale)
            dst = xp.arange(o, dtype=f) + f(0.5 if mode == "nearest-exact" else 0.0)
            index, weight = (xp.floor(dst * f(scale)).astype(xp.int64),), (1.0,)
        elif mode == "linear" and n == o:  # PyTorch reads each pixel twice, weights 1 and 0
            index, weight = (xp.arange(n), xp.arange(n)), (1.0, 0.0)
        elif mode == "linear":
            src = xp.maximum(self._source(n, o, align_corners, scale, f, True), f(0))
            i0 = xp.minimum(xp.floor(src).astype(xp.int64), n - 1)
            lam = xp.clip(src - i0.astype(f), f(0), f(1))
            index, weight = (i0, i0 + 1), (f(1) - lam, lam)
        else:  # cubic: no clamp of the source at 0
            src = self._source(n, o, align_corners, scale, f, False)
            i0 = xp.floor(src)
            t = (src - i0).astype(xp.float64)
            i0 = i0.astype(xp.int64)
            index = (i0 - 1, i0, i0 + 1, i0 + 2)
            weight = (_cubic_far(t + 1), _cubic_near(t), _cubic_near(1 - t), _cubic_far(2 - t))
        index = xp.clip(xp.stack(index, 1), 0, n - 1)
        weight = xp.stack([xp.broadcast_to(xp.asarray(w, dtype=xp.float64), (o,))
                           for w in weight], 1)
        return index, weight, xp.ones(index.shape, bool)

    def _finite_input(self, a, out_size):
        """Whether ``a`` is checked and finite: then so is every product of its taps (but for
        an overflow, which the taps would give too), and no result needs checking. Checked
        only when ``a`` is not larger than the result (upsampling: one pass over the input
        instead of one over each dim's larger result)."""
        return a.size <= out_size and bool(self.xp.isfinite(a).all())

    def _resample_axis(self, a, axis, n, taps, adjoint, finite):
        """The taps' (out, in) matrix applied along ``axis`` of a (its transpose when
        ``adjoint``: a has the outputs there); where that product is not finite, the taps
        themselves (NOTE [Taps where the product is not finite] in nn_pool.py). ``finite``:
        the input of the whole resampling is known finite (``_finite_input``)."""
        index, weight, valid = taps
        m = self._taps_matrix(n, index.T, (weight * valid).T, a.dtype)
        m = m.T if adjoint else m
        if axis == a.ndim - 1:
            y = self.matmul(a, m.T)
        else:
            shape = a.shape
            y = self.matmul(m, a.reshape(-1, shape[axis], math.prod(shape[axis + 1:])))
            y = y.reshape(shape[:axis] + (m.shape[0],) + shape[axis + 1:])
        if finite or self.xp.isfinite(y).all():
            return y
        taps = self._transposed_taps(taps, n) if adjoint else taps
        y = self._gather_taps(self.xp.moveaxis(a, axis, -1), taps)
        return self.ascontiguous(self.xp.moveaxis(y, -1, axis))

    # The antialiased modes leave a dim whose size does not change as it is, as PyTorch's
    # separable forward does (its filter would read the next pixel with weight 0 there); its
    # backward does read it (an inf gradient is NaN beside it), and so does this one. The
    # bicubic backward to the same sizes is a copy, as PyTorch's (its forward reads the taps).
    def interpolate(self, x, outs, mode, align_corners, scales):
        y, first = x, x.ndim - len(outs)
        finite = self._finite_input(x, math.prod(x.shape[:first]) * math.prod(outs))
        for axis, (o, scale) in enumerate(zip(outs, scales), first):
            n = x.shape[axis]
            if not (n == o and mode.endswith("-aa")):
                taps = self.interpolation_taps(n, o, mode, align_corners, scale, x.dtype)
                y = self._resample_axis(y, axis, n, taps, False, finite)
        return self.copy(y) if y is x else y

    def interpolate_backward(self, g, sizes, mode, align_corners, scales):
        first, gx = g.ndim - len(sizes), g
        if mode == "cubic" and tuple(sizes) == g.shape[first:]:
            return self.copy(g)
        finite = self._finite_input(g, math.prod(g.shape[:first]) * math.prod(sizes))
        for axis in reversed(range(first, g.ndim)):  # the forward's axes in reverse order
            n, scale = sizes[axis - first], scales[axis - first]
            taps = self.interpolation_taps(n, g.shape[axis], mode, align_corners, scale, g.dtype)
            gx = self._resample_axis(gx, axis, n, taps, True, finite)
        return gx
