"""Shape, layout and indexing kernels written once over ``xp``."""

import math

from tinytorch.backends._array_api.core import expanded_layout


# NOTE [Large temporaries]
# glibc serves multi-megabyte arrays from fresh mmap'd or trimmed heap memory, so each new
# one page-faults on first write (about 1000 faults per 4 MB, more time than the arithmetic).
# Kernels on the backward hot path therefore avoid materialising large arrays they can express
# as views; above _FILL_LIMIT elements the view's reads cost less than the faults.
_FILL_LIMIT = 1 << 16

_REDUCE_AT = {"prod": "multiply", "amax": "maximum", "amin": "minimum"}  # scatter_reduce


class ArrayShapeKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    # --- shape and layout ----------------------------------------------------------------------
    def reshape(self, a, shape):
        return a.reshape(shape)

    def reshape_view(self, a, shape):
        # NumPy's and CuPy's no-copy reshape follows PyTorch's view rule (computeStride);
        # a view starts at a's first element, a copy in new memory
        out = a.reshape(shape)
        if not a.size or self._span(out, out.shape, out.strides) == self._span(a, a.shape,
                                                                                a.strides):
            return out
        return None

    def transpose(self, a, axes):
        return a.transpose(axes)

    def broadcast_to(self, a, shape):
        if a.ndim == 0 and math.prod(shape) < _FILL_LIMIT:
            # Small: a filled array skips xp.broadcast_to's Python overhead (the common case:
            # sum() backward). Large: the 0-stride view saves allocating and writing a full
            # array, and a fresh large temporary costs page faults (see NOTE [Large temporaries]).
            out = self.xp.empty(shape, a.dtype)
            out.fill(a)
            return out
        return self.xp.broadcast_to(a, shape)

    def expand(self, a, shape):  # Tensor.expand: a view, or writes to a would not show
        """A writable view with PyTorch's strides (``expanded_layout``): a slice of it may be
        dense and then its strides decide an overlap check (broadcast_to gives every size-1
        dim stride 0, and a read-only view on the CPU). Writes into it that PyTorch refuses
        are refused before they get here (NOTE [Overlapping writes]); those it allows reach
        a's memory: x.expand(3, 4)[0].add_(1), x.expand(3, 4).zero_()."""
        shape, strides = expanded_layout(a, tuple(shape))
        return self.xp.lib.stride_tricks.as_strided(a, shape, strides)

    def expand_dims(self, a, axis):
        return self.xp.expand_dims(a, axis)

    def squeeze(self, a, axis):
        return self.xp.squeeze(a, axis=axis)

    # Joins, softmax and cumsum give contiguous results as PyTorch's do (NumPy follows the
    # inputs' layout): whether a later reshape is a view, and so whether an in-place write
    # reaches the base, depends on it.
    def concatenate(self, arrays, axis):
        return self.ascontiguous(self.xp.concatenate(arrays, axis=axis))

    def stack(self, arrays, axis):
        return self.ascontiguous(self.xp.stack(arrays, axis=axis))

    def split(self, a, indices, axis):
        return self.xp.split(a, indices, axis=axis)

    def flip(self, a, axes):
        return self.xp.flip(a, axes)

    def roll(self, a, shifts, axes):  # contiguous, as PyTorch's
        return self.ascontiguous(self.xp.roll(a, shifts, axes))

    def tile(self, a, reps):
        return self.xp.tile(a, reps)

    def tril(self, a, k):
        return self.xp.tril(a, k)

    def triu(self, a, k):
        return self.xp.triu(a, k)

    def pad(self, a, pad_width, value):
        return self.xp.pad(a, pad_width, mode="constant", constant_values=value)

    # --- indexing -------------------------------------------------------------------------------
    def getitem(self, a, index):
        out = a[index]
        if isinstance(out, self.xp.ndarray):
            return out
        # NumPy gives a scalar for one element; PyTorch's x[i] is a 0-d view of x
        return a[(index if type(index) is tuple else (index,)) + (Ellipsis,)]

    def setitem_(self, a, index, value):
        a[index] = value
        return a

    def index_add(self, shape, index, value, dtype):
        out = self.xp.zeros(shape, dtype=self.native_dtype(dtype))
        if any(isinstance(i, self.xp.ndarray) for i in index):
            self._add_at(out, index, value)
        else:  # basic indexing never repeats a position: plain assignment is enough
            out[index] = value
        return out

    def _add_at(self, out, index, value):
        """``out[index] += value`` with repeated positions adding up. Rows picked by integer
        indices along the first axis of a contiguous ``out`` (an embedding's or gather's
        backward) go through their flat element positions: NumPy's add.at runs several times
        faster on a 1-D target (3,200 rows of 128 float32 into 10,000: 7.3 -> 1.3 ms), making
        the same additions in the same order."""
        xp = self.xp
        rows = index[0] if len(index) == 1 else None
        if (rows is None or not isinstance(rows, xp.ndarray) or rows.dtype.kind not in "iu"
                or out.ndim < 2 or not out.flags.c_contiguous):
            xp.add.at(out, index, value)
            return
        size = math.prod(out.shape[1:])
        rows = xp.where(rows < 0, rows + out.shape[0], rows)  # add.at's negative indices
        flat = (rows[..., None] * size + xp.arange(size)).reshape(-1)
        value = xp.broadcast_to(value, rows.shape + out.shape[1:])
        xp.add.at(out.reshape(-1), flat, value.reshape(-1))

    def take_along_axis(self, a, indices, axis):
        return self.xp.take_along_axis(a, indices, axis=axis)

    def scatter(self, a, axis, indices, src):
        out = a.copy()
        out[self._scatter_index(indices, axis)] = src
        return out

    def scatter_add(self, a, axis, indices, src):
        out = a.copy()
        self._add_at(out, self._scatter_index(indices, axis), src)
        return out

    def scatter_reduce(self, a, axis, indices, src, reduce):
        out = a.copy()
        getattr(self.xp, _REDUCE_AT[reduce]).at(out, self._scatter_index(indices, axis), src)
        return out

    def _scatter_index(self, indices, axis):
        grids = self.xp.indices(indices.shape, sparse=True)
        return tuple(indices if d == axis else g for d, g in enumerate(grids))

    def index_select(self, a, axis, indices):
        return self.xp.take(a, indices, axis=axis)

    def nonzero(self, a):
        if a.ndim == 0:
            return self.xp.zeros((int(a != 0), 0), dtype=self.xp.int64)
        # (n, ndim) laid out as PyTorch's: the transpose of (ndim, n), each dim's run contiguous
        return self.xp.stack(self.xp.nonzero(a)).astype(self.xp.int64, copy=False).T
