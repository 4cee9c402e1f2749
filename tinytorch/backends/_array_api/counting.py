"""Counting and search kernels written once over ``xp``: unique, repeat, searchsorted,
isin."""

import math


class ArrayCountingKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def unique(self, a):
        # equal_nan=False: each NaN is its own entry, as in PyTorch
        values, inverse, counts = self.xp.unique(a.reshape(-1), return_inverse=True,
                                                 return_counts=True, equal_nan=False)
        int64 = self.xp.int64
        return values, inverse.reshape(a.shape).astype(int64), counts.astype(int64)

    def unique_consecutive(self, a, axis):
        """(first of each run of equal entries, each entry's run number, run lengths), over
        a flattened (axis None) or over slices along ``axis``; a NaN differs from itself."""
        xp = self.xp
        lines = a.reshape(-1) if axis is None else xp.moveaxis(a, axis, 0)
        starts, first, counts = self._runs(self._rows(lines))
        values = lines[first] if axis is None else xp.moveaxis(lines[first], 0, axis)
        inverse = xp.cumsum(starts) - 1
        inverse = inverse.reshape(a.shape) if axis is None else inverse
        return values, inverse.astype(xp.int64), counts

    def unique_dim(self, a, axis):
        """(the distinct slices of ``a`` along ``axis`` in lexicographic order, each slice's
        index among them, how often each occurs); a slice holding a NaN differs from every
        slice. The values laid out as PyTorch's: the slices contiguous, moved back to axis."""
        xp = self.xp
        lines = xp.moveaxis(a, axis, 0)
        rows = self._rows(lines)
        keys = rows.T[::-1]  # lexsort's primary key is its last
        keys = keys.astype(xp.uint8) if keys.dtype == bool else keys
        n = rows.shape[0]
        order = xp.lexsort(keys) if rows.shape[1] else xp.arange(n)
        starts, first, counts = self._runs(rows[order])
        inverse = xp.empty(n, dtype=xp.int64)
        inverse[order] = xp.cumsum(starts) - 1
        return xp.moveaxis(lines[order[first]], 0, axis), inverse, counts

    def _rows(self, lines):
        """``lines`` (slices along its first dim) as a 2-D array, one slice a row."""
        return lines.reshape(lines.shape[0], math.prod(lines.shape[1:]))

    def _runs(self, rows):
        """(where each run of equal consecutive rows starts as a bool mask, its first row, its
        int64 length) for the 2-D ``rows``; a row holding a NaN differs from every row."""
        xp = self.xp
        n = rows.shape[0]
        starts = xp.concatenate([xp.ones(min(n, 1), bool),
                                 xp.any(rows[1:] != rows[:-1], axis=1)])
        first = xp.nonzero(starts)[0]
        counts = xp.diff(xp.concatenate([first, xp.asarray([n], dtype=first.dtype)]))
        return starts, first, counts.astype(xp.int64)

    def repeat(self, a, repeats):
        return self.xp.repeat(a, repeats)

    def searchsorted(self, seq, values, right):
        if seq.dtype.kind == "f" and bool(self.xp.isnan(seq).any()):
            return self._bisect(seq, values, right)
        side = "right" if right else "left"
        if seq.ndim == 1:
            return self.xp.searchsorted(seq, values, side=side).astype(self.xp.int64)
        # one row of seq per row of values: NumPy and CuPy search 1-D sequences only
        b = math.prod(seq.shape[:-1])
        rows, vals = seq.reshape(b, seq.shape[-1]), values.reshape(b, values.shape[-1])
        out = self.xp.zeros(vals.shape, dtype=self.xp.int64)
        for i in range(b):
            out[i] = self.xp.searchsorted(rows[i], vals[i], side=side)
        return out.reshape(values.shape)

    def isin(self, a, b, invert):
        return self.xp.isin(a, b, invert=invert)

    def _bisect(self, seq, values, right):
        """PyTorch's binary search, every value at once: halve [start, end) while
        ``not (seq[mid] >= value)`` (``>`` for right) moves start past mid. Its answer for a
        sequence with NaN entries (they compare False, so the search passes over them), where
        NumPy's search orders NaN after every number."""
        xp = self.xp
        n = seq.shape[-1]
        rows = seq.reshape(-1, n)
        vals = values.reshape(-1, values.shape[-1]) if seq.ndim > 1 else values.reshape(1, -1)
        start = xp.zeros(vals.shape, dtype=xp.int64)
        end = xp.full(vals.shape, n, dtype=xp.int64)
        row = xp.arange(rows.shape[0])[:, None]
        for _ in range(n.bit_length()):
            mid = start + ((end - start) >> 1)
            entry = rows[row, xp.minimum(mid, n - 1)]
            searching = start < end
            past = searching & ~((entry > vals) if right else (entry >= vals))
            start = xp.where(past, mid + 1, start)
            end = xp.where(searching & ~past, mid, end)
        return start.reshape(values.shape)
