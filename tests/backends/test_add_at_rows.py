"""The array backend's ``_add_at`` (index_add / scatter_add / embedding backward): rows picked
along the first axis go through flat element positions, and give np.add.at's exact result
(repeated and negative indices, multi-dimensional indices, broadcast values)."""

import numpy as np

from tinytorch.backends import get_backend


def test_row_scatter_adds_match_numpy_bit_for_bit():
    be = get_backend("cpu")
    rng = np.random.default_rng(0)
    for _ in range(300):
        shape = tuple(int(n) for n in rng.integers(1, 6, rng.integers(2, 4)))
        idx = rng.integers(-shape[0], shape[0], tuple(rng.integers(1, 5, rng.integers(1, 3))))
        vshape = idx.shape + shape[1:]
        if rng.random() < 0.3:
            vshape = (1,) * idx.ndim + shape[1:]
        value = rng.standard_normal(vshape).astype(np.float32)
        out = rng.standard_normal(shape).astype(np.float32)
        want = out.copy()
        np.add.at(want, (idx,), value)
        be._add_at(out, (idx,), value)
        np.testing.assert_array_equal(out, want)


def test_other_indices_and_layouts_keep_numpys_add_at():
    be = get_backend("cpu")
    out = np.zeros((4, 3), np.float32)
    be._add_at(out, (np.array([0, 0]), np.array([1, 1])), np.float32(2))  # two index arrays
    be._add_at(out.T, (np.array([2, 2]),), np.ones(4, np.float32))  # not C-contiguous
    want = np.zeros((4, 3), np.float32)
    want[0, 1] = 4
    want[:, 2] = 2
    np.testing.assert_array_equal(out, want)
