"""Layout kernels for the tensor-API additions (tensG): the diagonal view, ``as_strided``
and what ``Tensor.stride()`` / ``storage_offset()`` report, written once over ``xp``."""


class ArrayViewKernels:
    """Mixin: the subclass sets ``xp`` and ``_address`` (an array's first byte)."""

    xp = None

    def diagonal(self, a, offset, axis1, axis2):
        # xp.diagonal's view is read-only in NumPy; the same layout over a writable start is
        # not, so writes through the view reach a (PyTorch's diagonal is a writable view)
        d = self.xp.diagonal(a, offset, axis1, axis2)
        start = [slice(None)] * a.ndim
        start[axis2 if offset >= 0 else axis1] = slice(abs(offset), None)
        return self.xp.lib.stride_tricks.as_strided(a[tuple(start)], d.shape, d.strides)

    def unfold(self, a, axis, size, step):
        """Windows of ``size`` along ``axis``, ``step`` apart: a writable strided view."""
        n = (a.shape[axis] - size) // step + 1
        shape = a.shape[:axis] + (n,) + a.shape[axis + 1:] + (size,)
        strides = a.strides[:axis] + (a.strides[axis] * step,) + a.strides[axis + 1:] + (
            a.strides[axis],)
        return self.xp.lib.stride_tricks.as_strided(a, shape, strides)

    def unfold_backward(self, g, shape, dtype, axis, size, step):
        out = self.zeros(shape, dtype)
        n = g.shape[axis]
        index = [slice(None)] * len(shape)
        for j in range(size):  # a loop over the window, not over elements
            index[axis] = slice(j, j + step * (n - 1) + 1, step)
            out[tuple(index)] += g[..., j]
        return out

    def as_strided(self, a, shape, strides, offset):
        as_strided = self.xp.lib.stride_tricks.as_strided
        first = as_strided(a, (2,), (offset * a.itemsize,))[1:]  # a's memory, moved by offset
        return as_strided(first, shape, tuple(s * a.itemsize for s in strides))

    def data_ptr(self, a):
        return self._address(a)

    def strides(self, a):
        return tuple(s // a.itemsize for s in a.strides)

    def storage_offset(self, a, base):
        return (self._address(a) - self._address(base)) // a.itemsize
