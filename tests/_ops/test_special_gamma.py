"""The gamma family and tinytorch.special at their special points (poles, ±0, ±inf, NaN,
negative non-integers) against PyTorch's values, float64 and float32; the accuracy of the
series against PyTorch over wide ranges; the Tensor methods and in-place forms. NumPy warns
where it divides by zero or overflows; PyTorch does not: those warnings are ignored here."""

import math

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

INF, NAN = math.inf, math.nan
POINTS = [0.0, -0.0, 1.0, 2.0, -1.0, -2.0, -3.0, -2.5, -0.5, 0.5, 1e-300, -1e-300, 1e-30,
          INF, -INF, NAN, 1e308, -1000.5, 170.5, 1e10, 1.4616321449683622, -2.4570247]
DTYPES = [(tinytorch.float64, torch.float64), (tinytorch.float32, torch.float32)]
FUNCTIONS = {
    "lgamma": lambda lib, x: lib.lgamma(x),
    "digamma": lambda lib, x: lib.digamma(x),
    "polygamma_2": lambda lib, x: lib.polygamma(2, x),
    "polygamma_3": lambda lib, x: lib.polygamma(3, x),
    "gammaln": lambda lib, x: lib.special.gammaln(x),
    "psi": lambda lib, x: lib.special.psi(x),
    "ndtri": lambda lib, x: lib.special.ndtri(x),
    "log_ndtr": lambda lib, x: lib.special.log_ndtr(x),
    "entr": lambda lib, x: lib.special.entr(x),
    "expit": lambda lib, x: lib.special.expit(x),
}
PROBABILITIES = [0.0, 1.0, 0.5, 1e-300, 1e-20, 1 - 1e-16, 0.025, -0.1, 1.1, NAN]


def _both(name, values, dtypes):
    ours, theirs = dtypes
    got = FUNCTIONS[name](tinytorch, tinytorch.tensor(values, dtype=ours))
    want = FUNCTIONS[name](torch, torch.tensor(values, dtype=theirs))
    return np.array(got.double().tolist()), want.double().numpy()


@pytest.mark.parametrize("dtypes", DTYPES, ids=["float64", "float32"])
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_special_points_match_torch(name, dtypes):
    values = PROBABILITIES if name == "ndtri" else POINTS
    got, want = _both(name, values, dtypes)
    # float32: beside the zeros (digamma's at 1.4616, lgamma's at -2.457) the last digits go
    rtol, atol = (1e-12, 1e-15) if dtypes[0] is tinytorch.float64 else (1e-5, 1e-7)
    if name in ("digamma", "psi"):  # beside its zero both lose digits, PyTorch more
        got, want = got[:-2], want[:-2]
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    both_zero = (got == 0) & (want == 0)
    assert np.array_equal(np.signbit(got[both_zero]), np.signbit(want[both_zero]))


def test_trigamma_at_poles_is_inf():
    # PyTorch returns π²/sin²(πx) of a rounded sin there (6.6e32 at -1): a pole, +inf here
    x = tinytorch.tensor([0.0, -0.0, -1.0, -7.0, INF, -INF, NAN], dtype=tinytorch.float64)
    assert tinytorch.polygamma(1, x).tolist()[:4] == [INF] * 4
    want = torch.polygamma(1, torch.tensor(x.tolist(), dtype=torch.float64))
    np.testing.assert_array_equal(tinytorch.polygamma(1, x).numpy()[4:], want.numpy()[4:])


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_polygamma_matches_torch_over_a_wide_range(n):
    rng = np.random.default_rng(n)
    x = np.concatenate([rng.uniform(-30, 30, 2000), np.exp(rng.uniform(-20, 20, 500))])
    x = x[np.abs(x - np.round(x)) > 1e-3]
    got = tinytorch.polygamma(n, tinytorch.tensor(x)).numpy()
    want = torch.polygamma(n, torch.from_numpy(x)).numpy()
    # PyTorch's trigamma is accurate to 5e-10 only (six recurrence steps, three series terms)
    np.testing.assert_allclose(got, want, rtol=1e-9 if n == 1 else 1e-11)


def test_lgamma_matches_torch_over_a_wide_range():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(-60, 60, 3000), np.exp(rng.uniform(-600, 600, 1000)),
                        1 + rng.uniform(-1e-3, 1e-3, 300), 2 + rng.uniform(-1e-3, 1e-3, 300)])
    x = x[np.abs(x - np.round(x)) > 1e-6]
    got = tinytorch.lgamma(tinytorch.tensor(x)).numpy()
    want = torch.lgamma(torch.from_numpy(x)).numpy()
    far = np.abs(want) > 1e-2  # off lgamma's zeros, where relative error is ill-conditioned
    np.testing.assert_allclose(got[far], want[far], rtol=2e-15 * 30)
    np.testing.assert_allclose(got[~far], want[~far], rtol=1e-9, atol=1e-16)


def test_lgamma_keeps_relative_accuracy_beside_one_and_two():
    z = np.array([1e-12, -1e-9, 3e-6, -2e-4])
    for center in (1.0, 2.0):
        got = tinytorch.lgamma(tinytorch.tensor(center + z)).numpy()
        want = torch.lgamma(torch.from_numpy(center + z)).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-13)


def test_ndtri_and_log_ndtr_in_the_far_tail():
    p = np.array([1e-300, 1e-100, 1e-20, 1e-8])
    np.testing.assert_allclose(tinytorch.special.ndtri(tinytorch.tensor(p)).numpy(),
                               torch.special.ndtri(torch.from_numpy(p)).numpy(), rtol=1e-14)
    x = np.array([-1e5, -200.0, -38.0, -10.0, -1.0, 0.0, 10.0])
    np.testing.assert_allclose(tinytorch.special.log_ndtr(tinytorch.tensor(x)).numpy(),
                               torch.special.log_ndtr(torch.from_numpy(x)).numpy(),
                               rtol=1e-13)  # erfc's Chebyshev series: 2e-14


def test_ndtr_keeps_the_left_tail():
    # erfc(-x/√2)/2: PyTorch's (1 + erf(x/√2))/2 rounds this to 0
    got = tinytorch.special.ndtr(tinytorch.tensor([-10.0], dtype=tinytorch.float64)).item()
    assert got == pytest.approx(7.61985302416047e-24, rel=1e-13)


def test_mvlgamma_below_its_domain_is_inf_as_torch():
    x = [0.5, 1.0, 3.0]
    got = tinytorch.mvlgamma(tinytorch.tensor(x), p=3).tolist()
    assert got[:2] == torch.mvlgamma(torch.tensor(x), p=3).tolist()[:2] == [INF, INF]


def test_tensor_methods_and_in_place_forms():
    x = [0.7, 2.5, 4.0]
    for method, args in [("lgamma", ()), ("digamma", ()), ("polygamma", (2,)),
                         ("mvlgamma", (2,))]:
        want = getattr(torch.tensor(x), method)(*args)
        np.testing.assert_allclose(getattr(tinytorch.tensor(x), method)(*args).numpy(), want,
                                   rtol=1e-6)
        ours = tinytorch.tensor(x)
        assert getattr(ours, method + "_")(*args) is ours
        np.testing.assert_allclose(ours.numpy(), want, rtol=1e-6)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired "
                                           "output type Long"):
        tinytorch.tensor([2, 3]).lgamma_()


def test_integer_inputs_compute_in_the_default_float_dtype():
    for fn in (tinytorch.lgamma, tinytorch.digamma, tinytorch.special.ndtri,
               tinytorch.special.entr, lambda x: tinytorch.polygamma(1, x)):
        assert fn(tinytorch.tensor([1, 2])).dtype == tinytorch.float32


def test_special_namespace_has_torch_names():
    names = ["gammaln", "digamma", "psi", "polygamma", "multigammaln", "erf", "erfc", "erfinv",
             "expit", "logit", "xlogy", "xlog1py", "exp2", "expm1", "log1p", "sinc", "round",
             "softmax", "log_softmax", "logsumexp", "ndtr", "ndtri", "log_ndtr", "entr"]
    x = tinytorch.tensor([0.25, 0.5])
    for name in names:
        assert hasattr(torch.special, name) and name in tinytorch.special.__all__
    np.testing.assert_allclose(tinytorch.special.softmax(x, 0).numpy(),
                               torch.special.softmax(torch.tensor([0.25, 0.5]), 0).numpy(),
                               rtol=1e-6)
    np.testing.assert_allclose(tinytorch.special.multigammaln(x + 2, 2).numpy(),
                               torch.special.multigammaln(torch.tensor([2.25, 2.5]), 2).numpy(),
                               rtol=1e-6)
