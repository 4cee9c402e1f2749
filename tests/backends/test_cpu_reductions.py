"""The CPU backend's BLAS-backed sums (NOTE [Row reductions] in tinytorch/backends/cpu.py) give
NumPy's answers, to float32 rounding, on the shapes where they take over and where they do
not. The op database's hypothesis shapes are too small to reach them."""

import numpy as np
import pytest

from tinytorch.backends.cpu import CPUBackend

SHAPES = [(1000, 1000), (100, 10000), (65536, 16), (32, 64, 64),  # whole-array GEMV
          (70000,), (5000, 10), (256, 256)]  # 1-D, a short last axis, below the size: NumPy


@pytest.fixture(scope="module")
def backend():
    return CPUBackend()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_whole_sum_matches_a_float64_sum(backend, shape, dtype):
    x = np.random.default_rng(0).standard_normal(shape).astype(dtype) + 0.25
    got = backend.sum(x)
    assert np.asarray(got).dtype == dtype and np.ndim(got) == 0
    want = x.astype(np.float64).sum()
    tol = 2e-6 if dtype == np.float32 else 1e-12
    assert abs(float(got) - want) <= tol * np.abs(x.astype(np.float64)).sum()


@pytest.mark.parametrize("case", ["transposed", "keepdims", "float16", "int"])
def test_whole_sum_outside_the_gemv_cases_is_numpys(backend, case):
    x = np.random.default_rng(1).standard_normal((300, 300)).astype(np.float32)
    if case == "transposed":
        x = x.T
    elif case == "float16":
        x = x.astype(np.float16)
    elif case == "int":
        x = (x * 10).astype(np.int64)
    keepdims = case == "keepdims"
    got = backend.sum(x, None, keepdims)
    want = np.sum(x, keepdims=keepdims)
    assert np.asarray(got).dtype == want.dtype and np.shape(got) == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=1e-3 if case == "float16" else 1e-6)


def test_column_sum_is_numpys(backend):
    x = np.random.default_rng(2).standard_normal((1000, 10)).astype(np.float32)
    np.testing.assert_allclose(backend.sum(x, 0), x.sum(0), rtol=1e-5)
