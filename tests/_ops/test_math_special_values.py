"""The pointwise math at its special points (±0, ±inf, NaN, domain edges) against PyTorch's
values and gradients, float64, and the NaN edges of sign/abs/relu/relu6/hardtanh/selu/gelu.
NumPy warns where it divides by zero or meets an invalid value; PyTorch does not: those
warnings are ignored here."""

import math

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

INF, NAN = math.inf, math.nan
SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, INF, -INF, NAN, 40.0, -40.0]
UNARY = ["log2", "log10", "exp2", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh",
         "acosh", "atanh", "erf", "erfc", "sinc", "deg2rad", "rad2deg", "frac", "fix", "sgn",
         "logit", "signbit", "isposinf", "isneginf"]
BINARY = ["atan2", "hypot", "logaddexp", "logaddexp2", "xlogy", "copysign", "fmax", "fmin",
          "float_power", "ldexp"]


def _values_and_grads(lib, fn, values, dtype):
    xs = [lib.tensor(v, dtype=dtype, requires_grad=True) for v in values]
    y = fn(lib, *xs)
    if not y.requires_grad:
        return y.detach().double().numpy(), []
    grads = lib.autograd.grad(y.sum(), xs, allow_unused=True)
    return (y.detach().double().numpy(),
            [np.zeros(len(v)) if g is None or getattr(g, "_is_zerotensor", lambda: False)()
             else np.array(g.double().tolist())
             for g, v in zip(grads, values)])


def _check(fn, values, rtol=1e-12, tile=False):
    # tile (pointwise fns): PyTorch's CPU kernels treat some special points differently in their vectorized loop
    # (blocks of 2 SIMD vectors) and in its scalar tail: logit's gradient at -0.0 is -inf in
    # one and inf in the other, at NaN with eps 0 and NaN. Which elements take which loop
    # depends on the CPU (8 doubles a block with AVX2, 16 with AVX-512), so each value list
    # is repeated to a multiple of 64 elements: all of them take the vectorized loop, which
    # every tensor of a real size mostly takes, on any CPU.
    if tile:
        values = [v * (64 // math.gcd(len(v), 64)) for v in values]
    got, got_grads = _values_and_grads(tinytorch, fn, values, tinytorch.float64)
    want, want_grads = _values_and_grads(torch, fn, values, torch.float64)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-16, equal_nan=True)
    both = (got == 0) & (want == 0)
    assert np.array_equal(np.signbit(got[both]), np.signbit(want[both]))
    for g, w in zip(got_grads, want_grads):
        np.testing.assert_allclose(g, w, rtol=rtol, atol=1e-300, equal_nan=True)


@pytest.mark.parametrize("name", UNARY)
def test_unary_special_values_match_torch(name):
    rtol = 1e-13 if name in ("erf", "erfc") else 1e-15
    _check(lambda lib, x: getattr(lib, name)(x), [SPECIAL], rtol=rtol, tile=True)


@pytest.mark.parametrize("eps", [0.1, 0.5, 0.7])  # 0.7: the bounds cross, as PyTorch allows
def test_logit_eps_clamps_value_and_gradient_like_torch(eps):
    _check(lambda lib, x: lib.logit(x, eps=eps),
           [[0.05, 0.1, 0.3, 0.5, 0.9, 0.95, -1.0, NAN, 0.0]], tile=True)


def test_remainder_zero_keeps_the_dividends_sign_like_torch():
    a = [v for v in SPECIAL for _ in SPECIAL]
    b = [w for _ in SPECIAL for w in SPECIAL]
    _check(lambda lib, x, y: x % y, [a, b])
    _check(lambda lib, x, y: lib.remainder(x, -2.0), [a, b])


@pytest.mark.parametrize("name", BINARY)
def test_binary_special_values_match_torch(name):
    a = [v for v in SPECIAL for _ in SPECIAL]
    b = [w for _ in SPECIAL for w in SPECIAL]
    _check(lambda lib, x, y: getattr(lib, name)(x, y), [a, b], rtol=1e-14)


def test_isclose_special_values_match_torch():
    a = [v for v in SPECIAL for _ in SPECIAL]
    b = [w for _ in SPECIAL for w in SPECIAL]
    for equal_nan in (False, True):
        got = tinytorch.isclose(tinytorch.tensor(a, dtype=tinytorch.float64),
                                tinytorch.tensor(b, dtype=tinytorch.float64), equal_nan=equal_nan)
        want = torch.isclose(torch.tensor(a, dtype=torch.float64),
                             torch.tensor(b, dtype=torch.float64), equal_nan=equal_nan)
        assert got.tolist() == want.tolist()


def test_nan_reductions_of_all_nan_and_empty_match_torch():
    for data in ([NAN, NAN], []):
        for name in ("nansum", "nanmean"):
            got = getattr(tinytorch, name)(tinytorch.tensor(data, dtype=tinytorch.float64))
            want = getattr(torch, name)(torch.tensor(data, dtype=torch.float64))
            np.testing.assert_equal(got.item(), want.item())


def test_heaviside_backward_raises_like_torch():
    x = tinytorch.tensor([1.0], requires_grad=True)
    y = tinytorch.heaviside(x, tinytorch.tensor([0.5]))
    with pytest.raises(RuntimeError, match="derivative for aten::heaviside is not implemented"):
        y.sum().backward()


def test_float_results_refused_in_place_into_integer_tensors():
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired "
                                           "output type Long"):
        tinytorch.tensor([1, 2]).log2_()
    with pytest.raises(RuntimeError, match="the base given to float_power_ has dtype Float"):
        tinytorch.tensor([1.0]).float_power_(2)


def test_in_place_forms_match_out_of_place():
    x = tinytorch.tensor([0.25, 0.5])
    assert tinytorch.equal(x.clone().arcsin_(), tinytorch.asin(x))
    assert tinytorch.equal(x.clone().greater_(0.3), tinytorch.tensor([0.0, 1.0]))
    assert tinytorch.equal(x.clone().xlogy_(2.0), tinytorch.xlogy(x, 2.0))


# --- NaN edges of older kernels: PyTorch's values ------------------------------------------
def test_sign_of_nan_is_zero():
    _check(lambda lib, x: lib.sign(x), [[NAN, -2.0, 0.0, 3.0]])


def test_sign_of_a_bool_tensor_is_itself():
    """PyTorch's sign keeps a bool tensor (NumPy's sign has no bool loop: it raised)."""
    got = tinytorch.sign(tinytorch.tensor([True, False]))
    assert got.dtype == tinytorch.bool and got.tolist() == [True, False]


def test_abs_gradient_at_nan_is_zero():
    _check(lambda lib, x: lib.abs(x), [[NAN, -2.0, 3.0]])


@pytest.mark.parametrize("name", ["relu", "relu6", "hardtanh", "selu", "elu"])
def test_activation_gradient_at_nan_is_torchs(name):
    _check(lambda lib, x: getattr(lib.nn.functional, name)(x), [[NAN, -7.0, 0.0, 1.0, 6.0]])


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_of_minus_inf_is_nan(approximate):
    x = tinytorch.tensor([-INF, INF, NAN, -7.0], dtype=tinytorch.float64)
    got = F.gelu(x, approximate=approximate).numpy()
    want = torch.nn.functional.gelu(torch.tensor(x.numpy()), approximate=approximate).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-13, equal_nan=True)


def test_float_power_computes_in_float64_like_torch():
    for a, b in ((tinytorch.tensor([2.0]), 0.5), (tinytorch.tensor([2]), tinytorch.tensor([3.0])),
                 (2.0, tinytorch.tensor([3.0], dtype=tinytorch.float16))):
        assert tinytorch.float_power(a, b).dtype == tinytorch.float64


def test_sinc_gradient_where_x_squared_underflows_is_torchs():
    _check(lambda lib, x: lib.sinc(x), [[1e-160, -1e-200, 1e-100, 1e-5]])


def test_nanmean_gradient_of_an_all_nan_slice_is_nan():
    _check(lambda lib, x: lib.nanmean(x.reshape(2, 2), 1), [[NAN, NAN, 1.0, NAN]])


@pytest.mark.parametrize("lo,hi", [(-0.0, 0.0), (0.0, -0.0), (None, -0.0), (-0.0, None),
                                   (NAN, 1.0), (0.0, NAN), (1.0, 0.0)], ids=str)
def test_clamp_keeps_signed_zeros_like_torch(lo, hi):
    """PyTorch's clamp by numbers is std::min(std::max(x, lo), hi): a tie keeps x, so -0.0
    stays, in its vectorized loop and its scalar tail alike. (By tensor bounds, a tie gives x
    in the scalar tail and the bound in the vectorized loop: no one answer to match.)"""
    _check(lambda lib, x: lib.clamp(x, lo, hi), [SPECIAL], tile=True)
    _check(lambda lib, x: lib.clamp(x, lo, hi), [SPECIAL[:3]])


def test_clip_grad_value_zero_keeps_signed_zeros_like_torch():
    def grads(lib):
        p = lib.nn.Parameter(lib.zeros(3))
        p.grad = lib.tensor([-0.5, 0.5, 0.0])
        lib.nn.utils.clip_grad_value_([p], 0)
        return np.signbit(p.grad.numpy())

    assert np.array_equal(grads(tinytorch), grads(torch))
