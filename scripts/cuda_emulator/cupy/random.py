"""``cupy.random`` of the emulator: CuPy's Generator methods over NumPy's PCG64."""

import numpy as _np

import cupy


class Generator:
    def __init__(self, seed):
        self._rng = _np.random.default_rng(seed)

    def random(self, size=None, dtype=_np.float64):
        return cupy._wrap(self._rng.random(size, dtype=dtype))

    def standard_normal(self, size=None, dtype=_np.float64):
        return cupy._wrap(self._rng.standard_normal(size, dtype=dtype))

    def integers(self, low, high=None, size=None, dtype=_np.int64):
        return cupy._wrap(self._rng.integers(low, high, size=size, dtype=dtype))


def default_rng(seed=None):
    return Generator(seed)
