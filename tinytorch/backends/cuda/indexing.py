"""Deterministic scatter-adds and scatter-reduces (``kernels/indexing.cu``). CuPy's
``add.at`` accumulates with atomics, whose order (and so the float result) changes run to run,
and it has no ``multiply.at``; these sort the destinations and fold each one's values in their
original order instead."""

import math

import cupy
import numpy

from tinytorch.backends._array_api.shape import _REDUCE_AT
from tinytorch.backends.cuda import _launch

_FUNCTORS = {"prod": "ReduceProd", "amax": "ReduceMax", "amin": "ReduceMin"}  # the kernel's


def _into(kernel, prefix, out, positions, values):
    """Fold ``values`` into ``out.flat[positions]`` by ``kernel``, the values of one position
    in their order; out must be contiguous."""
    keys = positions.ravel()
    vals = cupy.ascontiguousarray(cupy.broadcast_to(values.astype(out.dtype, copy=False),
                                                    positions.shape)).ravel()
    order = cupy.argsort(keys)  # CuPy's sorts are stable
    n = keys.size
    _launch.launch("indexing", kernel, out.dtype, _launch.blocks(n),
                   (keys[order], order, vals, out, n), prefix=prefix)
    return out


def _scatter_add_into(out, positions, values):
    """out.flat[positions] += values, duplicates summed in order; out must be contiguous."""
    return _into("tt_segment_sum", "", out, positions, values)


def _positions(shape):
    return cupy.arange(math.prod(shape), dtype=cupy.int64).reshape(shape)


class CudaIndexingKernels:
    """Mixin: deterministic index_add / scatter_add for float32/float64."""

    def index_add(self, shape, index, value, dtype):
        native = self.native_dtype(dtype)
        if native.name not in _launch.CTYPES:
            return super().index_add(shape, index, value, dtype)
        with self._cupy_device:
            out = cupy.zeros(shape, dtype=native)
            return _scatter_add_into(out, _positions(out.shape)[index], value)

    def scatter_add(self, a, axis, indices, src):
        if a.dtype.name not in _launch.CTYPES:
            return super().scatter_add(a, axis, indices, src)
        out = cupy.array(a, copy=True, order="C")
        return _scatter_add_into(out, _positions(a.shape)[self._scatter_index(indices, axis)],
                                 src)

    def scatter_reduce(self, a, axis, indices, src, reduce):
        if a.dtype.name not in _launch.CTYPES:  # integers: NumPy's loop, on the host
            with self._cupy_device:
                out = a.get()
                grids = numpy.indices(indices.shape, sparse=True)
                index = tuple(indices.get() if d == axis else g for d, g in enumerate(grids))
                getattr(numpy, _REDUCE_AT[reduce]).at(out, index, src.get())
                return cupy.asarray(out)
        out = cupy.array(a, copy=True, order="C")
        return _into("tt_segment_reduce", _FUNCTORS[reduce], out,
                     _positions(a.shape)[self._scatter_index(indices, axis)], src)

    def _scatter_index(self, indices, axis):
        # cupy.indices has no sparse=True: build the open grid from aranges.
        grids = [cupy.arange(n).reshape((-1,) + (1,) * (indices.ndim - d - 1))
                 for d, n in enumerate(indices.shape)]
        return tuple(indices if d == axis else g for d, g in enumerate(grids))
