"""The signal windows against PyTorch 2.13: the same values (to the last bit of their cos:
NumPy's and PyTorch's differ by an ulp) in float16, float32 and float64, periodic and
symmetric, the edge lengths, and the errors."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")
NAMES = ["hann_window", "hamming_window", "blackman_window", "bartlett_window",
         "kaiser_window"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_windows_match_pytorch(name, dtype):
    ulp = {"float16": 1e-3, "float32": 1.2e-7, "float64": 2.3e-16}[dtype]
    for n in (0, 1, 2, 3, 5, 8, 33):
        for periodic in (True, False):
            ours = getattr(tinytorch, name)(n, periodic, dtype=getattr(tinytorch, dtype))
            theirs = getattr(torch, name)(n, periodic, dtype=getattr(torch, dtype))
            assert ours.dtype.itemsize == theirs.dtype.itemsize and ours.shape == theirs.shape
            np.testing.assert_allclose(ours.tolist(), theirs.tolist(), rtol=2 * ulp,
                                       atol=2 * ulp, err_msg=f"{n} {periodic}")


def test_hamming_coefficients_and_flags():
    assert tinytorch.hamming_window(6, True, 0.5, 0.25).tolist() == \
        torch.hamming_window(6, True, 0.5, 0.25).tolist()
    assert tinytorch.hann_window(3, requires_grad=True).requires_grad
    assert tinytorch.hann_window(3).dtype is tinytorch.float32


def test_kaiser_beta_matches_pytorch():
    for beta in (0.0, 3.0, -2.0, 30.0):
        ours = tinytorch.kaiser_window(9, False, beta, dtype=tinytorch.float64)
        np.testing.assert_allclose(ours.tolist(), torch.kaiser_window(9, False, beta,
                                                                      dtype=torch.float64),
                                   rtol=1e-14, atol=0)


def test_errors_match_pytorch():
    with pytest.raises(RuntimeError, match="hann_window requires non-negative window_length, "
                                           "got window_length=-1"):
        tinytorch.hann_window(-1)
    with pytest.raises(RuntimeError, match=r"hann_window expects floating point dtypes, got: "
                                           r"TensorOptions\(dtype=long int"):
        tinytorch.hann_window(3, dtype=tinytorch.int64)
