"""Reduction, linear-algebra and random kernels written once over ``xp``."""


class ArrayReductionKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    # --- reductions ----------------------------------------------------------------------------
    def sum(self, a, axis=None, keepdims=False, dtype=None):
        native = None if dtype is None else self.native_dtype(dtype)
        # The method, not xp.sum: it skips xp.sum's Python dispatch (a third of a small sum).
        return a.sum(axis=axis, keepdims=keepdims, dtype=native)

    # An empty mean (0 / 0) and a variance with no degrees of freedom (n - correction <= 0) are
    # divided here rather than in NumPy, whose own warnings ("Mean of empty slice", "Degrees of
    # freedom <= 0 for slice") come from its modules: the filter of NOTE [Quiet floating-point
    # results] matches only this package's, and PyTorch prints neither.
    def mean(self, a, axis=None, keepdims=False):
        if not a.size:
            return self.sum(a, axis, keepdims) / 0
        return self.xp.mean(a, axis=axis, keepdims=keepdims)

    def prod(self, a, axis=None, keepdims=False):
        return self.xp.prod(a, axis=axis, keepdims=keepdims)

    def var(self, a, axis=None, correction=1, keepdims=False):
        n = a.size
        if axis is not None:
            n = 1
            for d in (axis,) if isinstance(axis, int) else axis:
                n *= a.shape[d]
        if n - correction > 0:
            return self.xp.var(a, axis=axis, ddof=correction, keepdims=keepdims)
        centered = a - self.mean(a, axis, True)
        return self.sum(centered * centered, axis, keepdims) / max(n - correction, 0)

    # amax/amin: the array methods, as in sum, skip the xp-level Python wrapper.
    def amax(self, a, axis=None, keepdims=False):
        return a.max(axis=axis, keepdims=keepdims)

    def amin(self, a, axis=None, keepdims=False):
        return a.min(axis=axis, keepdims=keepdims)

    def index_bound(self, a):
        return a.view(self.xp.uint64).max()

    def bincount(self, a, minlength, weights=None):
        if weights is not None:
            return self.xp.bincount(a, weights=weights, minlength=minlength)
        return self.xp.bincount(a, minlength=minlength).astype(self.xp.int64, copy=False)

    def argmax(self, a, axis=None, keepdims=False):
        return self.xp.argmax(a, axis=axis, keepdims=keepdims).astype(self.xp.int64)

    def argmin(self, a, axis=None, keepdims=False):
        return self.xp.argmin(a, axis=axis, keepdims=keepdims).astype(self.xp.int64)

    def argsort(self, a, axis, descending):
        if not descending:
            return self.xp.argsort(a, axis=axis, kind="stable").astype(self.xp.int64)
        # the ascending stable sort of a reversed, read backwards: largest first, and equal
        # entries still in their original order
        n = a.shape[axis]
        rev = self.xp.argsort(self.xp.flip(a, axis), axis=axis, kind="stable")
        return (n - 1 - self.xp.flip(rev, axis)).astype(self.xp.int64)

    def logsumexp(self, a, axis, keepdims=False):
        if not a.size:  # an empty sum: log 0 = -inf where a dim reduced is empty
            m = 0
        else:
            m = self.xp.amax(a, axis=axis, keepdims=True)
            m = self.xp.where(self.xp.isfinite(m), m, 0)
        out = self.xp.log(self.xp.sum(self.xp.exp(a - m), axis=axis, keepdims=True)) + m
        return out if keepdims else self.xp.squeeze(out, axis=axis)

    def cumsum(self, a, axis):  # contiguous, as PyTorch's (see concatenate)
        return self.ascontiguous(self.xp.cumsum(a, axis=axis))

    def cumprod(self, a, axis):  # contiguous, as PyTorch's
        return self.ascontiguous(self.xp.cumprod(a, axis=axis))

    def flip_cumsum(self, a, axis):
        return self.xp.flip(self.xp.cumsum(self.xp.flip(a, axis), axis=axis), axis)

    def cumextreme(self, a, axis, largest):
        xp = self.xp
        values = self._running(xp.maximum if largest else xp.minimum, a, axis)
        # a position holds the running extreme where its entry equals it or is NaN (a != a):
        # the latest such position is the index, as PyTorch's cummax/cummin keep it
        here = xp.logical_or(a == values, a != a)
        shape = [1] * a.ndim
        shape[axis] = a.shape[axis]
        positions = xp.arange(a.shape[axis], dtype=xp.int64).reshape(shape)
        return values, self._running(xp.maximum, xp.where(here, positions, 0), axis)

    def _running(self, fn, a, axis):
        """fn accumulated along axis (fn associative, NaN-propagating), in log2(n) passes of
        whole-array calls: CuPy's ufuncs have no accumulate but add's and multiply's."""
        out = self.xp.moveaxis(a, axis, -1).copy()
        n, step = out.shape[-1], 1
        while step < n:
            out[..., step:] = fn(out[..., step:], out[..., :-step])
            step *= 2
        return self.ascontiguous(self.xp.moveaxis(out, -1, axis))

    def all(self, a, axis=None, keepdims=False):
        return self.xp.all(a, axis=axis, keepdims=keepdims)

    def any(self, a, axis=None, keepdims=False):
        return self.xp.any(a, axis=axis, keepdims=keepdims)

    def allclose(self, a, b, rtol, atol, equal_nan):
        return bool(self.xp.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))

    def array_equal(self, a, b):
        return bool(self.xp.array_equal(a, b))

    # --- linear algebra --------------------------------------------------------------------------
    def matmul(self, a, b):
        return self.xp.matmul(a, b)

    def addmm(self, c, a, b):
        return self.add_(self.matmul(a, b), c)

    def einsum(self, subscripts, *operands):
        out = self.xp.einsum(subscripts, *operands, optimize=True)
        if len(operands) == 1 and self.xp.may_share_memory(out, operands[0]):
            out = self.copy(out)  # NumPy's view of a diagonal: a result of its own
        elif len(operands) > 1:  # NumPy's contractions leave results transposed; PyTorch's
            out = self.ascontiguous(out)  # bmm gives them contiguous (a .view() works)
        return out

    def qr(self, a):
        q, r = self.xp.linalg.qr(a)  # reduced mode
        return self._column_major(q), self._column_major(r)  # LAPACK's layout, as PyTorch's
