"""Values and gradients at the points where a formula breaks down (0 ** 0, log 0, a zero
vector's norm, huge quotients, integer division by zero), against PyTorch's. Each case was
silently wrong once: NaN or a wrong number where PyTorch gives a finite, defined one."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 2.0, float("inf"), float("-inf"), float("nan")]
A, B = (np.array(v) for v in zip(*[(a, b) for a in SPECIAL for b in SPECIAL]))

CASES = {
    "pow": lambda L, a, b: L.pow(a, b),
    "fmod": lambda L, a, b: L.fmod(a, b),
    "remainder": lambda L, a, b: L.remainder(a, b),
    "div_trunc": lambda L, a, b: L.div(a, b, rounding_mode="trunc"),
    "div_floor": lambda L, a, b: L.div(a, b, rounding_mode="floor"),
    "clamp_tensor_min": lambda L, a, b: L.clamp(a, min=b),
    "clamp_tensor_max": lambda L, a, b: L.clamp(a, max=b),
    "cosine_similarity": lambda L, a, b: L.nn.functional.cosine_similarity(
        L.stack([a, b], 1), L.stack([b, a * 0 + 1], 1), dim=1),
}


def _run(lib, fn, device):
    kw = {"device": device} if lib is tinytorch else {}
    a, b = (lib.tensor(v, dtype=lib.float64, requires_grad=True, **kw) for v in (A, B))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy warns of inf * 0 on the way; values compared
        y = fn(lib, a, b)
        y.backward(lib.ones_like(y))
    return [np.asarray(t.detach().cpu().numpy()) for t in (y, a.grad, b.grad)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_values_and_gradients_at_special_points_match_torch(name, device):
    ours, theirs = _run(tinytorch, CASES[name], device), _run(torch, CASES[name], "cpu")
    for what, x, y in zip(("value", "grad a", "grad b"), ours, theirs):
        np.testing.assert_allclose(x, y, rtol=1e-12, atol=0, equal_nan=True,
                                   err_msg=f"{name}: {what}")


def test_fmod_and_trunc_division_are_exact(device):
    big = tinytorch.tensor([1e17, 123456789.0, 7.0], dtype=tinytorch.float64, device=device)
    assert tinytorch.fmod(big, tinytorch.tensor([3.0, 0.1, float("inf")], dtype=tinytorch.float64,
                                                device=device)).tolist() == \
        [1.0, 0.09999999314677152, 7.0]
    ints = tinytorch.tensor([2 ** 60 + 1, -7, 7], device=device)
    assert tinytorch.div(ints, 3, rounding_mode="trunc").tolist() == [(2 ** 60 + 1) // 3, -2, 2]
    assert tinytorch.div(ints, -3, rounding_mode="trunc").tolist() == [-((2 ** 60 + 1) // 3),
                                                                       2, -2]


@pytest.mark.parametrize("fn", [lambda x: x // 0, lambda x: x % 0, lambda x: tinytorch.fmod(x, 0),
                                lambda x: tinytorch.div(x, 0, rounding_mode="trunc")])
def test_integer_division_by_zero_raises_like_torch(fn):
    with pytest.raises(RuntimeError, match="^ZeroDivisionError$"):
        fn(tinytorch.tensor([7, -7]))


# (function of the library, input values): value and input gradient against PyTorch's
NN_CASES = {
    "normalize_zero_row": (lambda L, x: L.nn.functional.normalize(x, dim=1),
                           [[0.0, 0.0], [3.0, 4.0]]),
    "nll_all_ignored": (
        lambda L, x: L.nn.functional.nll_loss(x, L.tensor([-100, -100], device=x.device)),
        [[-1.0, -2.0], [-0.5, -3.0]]),
    "cross_entropy_all_ignored": (
        lambda L, x: L.nn.functional.cross_entropy(x, L.tensor([-100], device=x.device)),
        [[1.0, 2.0]]),
    "norm_negative_p_with_zero": (lambda L, x: x.norm(-1.5, dim=1), [[0.0, 1.0], [1.0, 2.0]]),
}


@pytest.mark.parametrize("name", sorted(NN_CASES))
def test_nn_values_and_gradients_at_special_points_match_torch(name, device):
    fn, values = NN_CASES[name]
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        x = lib.tensor(values, dtype=lib.float64, requires_grad=True, device=dev)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NumPy warns of 0 / 0 (PyTorch's NaN loss)
            y = fn(lib, x)
            y.backward(lib.ones_like(y))
        results.append([np.asarray(t.detach().cpu().numpy()) for t in (y, x.grad)])
    for what, ours, theirs in zip(("value", "grad"), *results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0, equal_nan=True,
                                   err_msg=f"{name}: {what}")
