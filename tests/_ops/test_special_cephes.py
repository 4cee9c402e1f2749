"""torch.special's Cephes functions, incomplete gammas and orthogonal polynomials against
PyTorch 2.13 over wide random ranges and the special points (0, ±inf, NaN, the branch
boundaries), float64 and float32; their dtypes, gradients and errors. The kernels are ports of
PyTorch's (NOTE [Cephes special functions as PyTorch's] and the notes beside it), so the
tolerances are rounding: operation order and libm, a few units of the last place, larger only
beside a function's zeros, where relative error grows and the absolute one stays put."""

import math

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

INF, NAN = math.inf, math.nan
POINTS = [0.0, -0.0, 1e-300, -1e-300, 1e-6, 1e-5, 0.5, 2.0, 2.09, -2.09, 5.0, -5.0, 8.0, -8.0,
          20.0, 26.7, -26.7, 103.9, 700.0, 1e10, 1e300, -1e300, INF, -INF, NAN]
UNARY = ["bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0",
         "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1",
         "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "airy_ai",
         "spherical_bessel_j0", "erfcx"]
DTYPES = {"float64": (tinytorch.float64, torch.float64), "float32": (tinytorch.float32,
                                                                      torch.float32)}
# (rtol, atol): float64 within 1e-13 of PyTorch's (measured: 1e-15, up to 1.1e-12 relative
# beside the zeros of J and Y, 2e-14 absolute); float32 within 2e-6 (measured 9e-7; 2e-6
# absolute beside zeros). erfcx is our own series, not PyTorch's Faddeeva table: 1.8e-14.
TOLERANCE = {"float64": (1e-13, 1e-14), "float32": (2e-6, 2e-6)}


def _wide(seed, n=4000):
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.uniform(-50, 50, n), np.exp(rng.uniform(-30, 6, n)),
                           -np.exp(rng.uniform(-30, 6, n)), POINTS])


def _close(got, want, rtol, atol, what):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert (np.isnan(got) == np.isnan(want)).all(), f"{what}: NaN at different places"
    inf = np.isinf(want)
    assert (got[inf] == want[inf]).all(), f"{what}: infinities differ"
    finite = np.isfinite(want)
    np.testing.assert_allclose(got[finite], want[finite], rtol=rtol, atol=atol, err_msg=what)


@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("name", UNARY)
def test_unary_functions_match_torch(name, dtype):
    ours, theirs = DTYPES[dtype]
    x = _wide(UNARY.index(name))
    got = getattr(tinytorch.special, name)(tinytorch.tensor(x, dtype=ours))
    want = getattr(torch.special, name)(torch.tensor(x, dtype=theirs))
    assert got.dtype is ours
    rtol, atol = TOLERANCE[dtype]
    if name == "erfcx" and dtype == "float64":
        rtol = 5e-14
    _close(got.numpy(), want.numpy(), rtol, atol, f"{name} {dtype}")


def test_zeta_matches_torch():
    rng = np.random.default_rng(1)
    s = np.concatenate([rng.uniform(0.5, 30, 6000), rng.integers(-2, 12, 2000).astype(float),
                        [1.0, 1.0, INF, NAN, 2.0, 2.0, 2.0, 3.0, 2.0, 0.5, 4.0]])
    q = np.concatenate([rng.uniform(-20, 50, 6000), rng.uniform(-10, 10, 2000),
                        [0.0, -1.0, 2.0, 1.0, INF, -INF, NAN, -2.5, 0.0, 1.0, -3.0]])
    q[:600] = np.round(q[:600])  # the poles at integers q <= 0
    for dtype, (ours, theirs) in DTYPES.items():
        got = tinytorch.special.zeta(tinytorch.tensor(s, dtype=ours),
                                     tinytorch.tensor(q, dtype=ours))
        want = torch.special.zeta(torch.tensor(s, dtype=theirs), torch.tensor(q, dtype=theirs))
        # both sum in float64 (PyTorch's accumulate type): float32 results differ by at most
        # two float32 ulps (1.5 % of them by one: PyTorch rounds some steps to float32)
        rtol = 1e-14 if dtype == "float64" else 2.5e-7
        _close(got.numpy(), want.numpy(), rtol, 1e-300 if dtype == "float64" else 1e-37, dtype)


def _gamma_grid(seed):
    special = [0.0, 1e-300, 0.3, 0.5, 0.9, 1.0, 1.1, 2.0, 2.5, 20.0, 25.0, 150.0, 250.0, 1e5,
               INF, NAN, -1.0]
    a, x = np.meshgrid(special, special)
    rng = np.random.default_rng(seed)
    ra = np.concatenate([rng.uniform(0, 5, 3000), np.exp(rng.uniform(-10, 8, 3000)),
                         rng.uniform(15, 300, 3000)])
    rx = np.concatenate([rng.uniform(0, 5, 3000), np.exp(rng.uniform(-10, 8, 3000)),
                         ra[6000:] * rng.uniform(0.5, 1.5, 3000)])  # the asymptotic regime
    return np.concatenate([a.ravel(), ra]), np.concatenate([x.ravel(), rx])


@pytest.mark.parametrize("name", ["gammainc", "gammaincc"])
def test_incomplete_gamma_matches_torch(name):
    a, x = _gamma_grid(2)
    got = getattr(tinytorch.special, name)(tinytorch.tensor(a), tinytorch.tensor(x))
    want = getattr(torch.special, name)(torch.tensor(a), torch.tensor(x))
    # float64: 1e-12 relative; values below 1e-100 lose more to x^a e^-x / Γ(a) near the
    # underflow (lgamma's last digit times a ~ 1000: 4e-12 measured), so atol there
    _close(got.numpy(), want.numpy(), 1e-12, 1e-100, f"{name} float64")
    got32 = getattr(tinytorch.special, name)(tinytorch.tensor(a, dtype=tinytorch.float32),
                                             tinytorch.tensor(x, dtype=tinytorch.float32))
    want32 = getattr(torch.special, name)(torch.tensor(a, dtype=torch.float32),
                                          torch.tensor(x, dtype=torch.float32))
    assert got32.dtype is tinytorch.float32
    # ours computes float32 in float64; PyTorch's sums in float32 with float's epsilon, so
    # results in [0, 1] differ by PyTorch's float32 error (under 2e-6 absolute measured)
    _close(got32.numpy(), want32.numpy(), 0, 2e-6, f"{name} float32")


POLYNOMIALS = [f"{s}chebyshev_polynomial_{k}" for s in ("", "shifted_") for k in "tuvw"] + [
    "hermite_polynomial_h", "hermite_polynomial_he", "laguerre_polynomial_l",
    "legendre_polynomial_p"]
X_POINTS = [0.0, 1.0, -1.0, 0.5, 1e-20, 2.0, -2.0, INF, -INF, NAN, 0.999, -0.3]
N_POINTS = [-1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 9.0, 20.0, 2.7, NAN, INF, -INF, 129.0, 600.0]


def _polynomial_inputs():
    x, n = np.meshgrid(X_POINTS, N_POINTS)
    rng = np.random.default_rng(3)
    rx = np.concatenate([rng.uniform(-1.2, 1.2, 3000), rng.uniform(-4, 4, 3000)])
    rn = rng.integers(-2, 40, 6000).astype(float)
    rn[:100] = rng.integers(100, 400, 100)
    return np.concatenate([x.ravel(), rx]), np.concatenate([n.ravel(), rn])


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomials_match_torch(name):
    x, n = _polynomial_inputs()
    # PyTorch returns an uninitialised value for NaN x at n >= 2 in most of these (its loop
    # stops on NaN before writing the result): tinytorch's NaN is checked on its own
    garbage = np.isnan(x) & (n >= 2)
    fn, tfn = getattr(tinytorch.special, name), getattr(torch.special, name)
    got = fn(tinytorch.tensor(x), tinytorch.tensor(n)).numpy()
    assert np.isnan(got[garbage & (n < 1e9)]).all()
    exact = tfn(torch.tensor(x[~garbage]), torch.tensor(n[~garbage])).numpy()
    scale = np.maximum(np.abs(exact), 1)
    _close(got[~garbage] / scale, exact / scale, 0, 1e-12, f"{name} float64")
    x32, n32 = x[~garbage].astype(np.float32), n[~garbage].astype(np.float32)
    got32 = fn(tinytorch.tensor(x32), tinytorch.tensor(n32)).numpy()
    want32 = tfn(torch.tensor(x32), torch.tensor(n32)).numpy().astype(np.float64)
    exact = tfn(torch.tensor(x32, dtype=torch.float64), torch.tensor(n32, dtype=torch.float64))
    exact = exact.numpy()
    scale = np.maximum(np.abs(exact), 1)
    # float32: PyTorch's vectorised recurrence rounds differently (fused multiply-adds); ours
    # is within twice PyTorch's own float32 error of the float64 values, plus one rounding
    finite = np.isfinite(exact) & np.isfinite(want32) & (np.abs(exact) < 1e30)
    ours_err = np.abs(got32.astype(np.float64) - exact)[finite]
    theirs_err = np.abs(want32 - exact)[finite]
    assert (ours_err <= 2 * theirs_err + 1e-6 * scale[finite]).all(), name


def test_polynomial_arguments_broadcast_and_take_numbers():
    x = np.linspace(-1, 1, 5)
    for name in POLYNOMIALS:
        fn, tfn = getattr(tinytorch.special, name), getattr(torch.special, name)
        got = fn(tinytorch.tensor(x)[:, None], tinytorch.tensor([0, 1, 4]))  # int64 degrees
        want = tfn(torch.tensor(x)[:, None], torch.tensor([0, 1, 4]))
        assert got.shape == (5, 3) and got.dtype is tinytorch.float64
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(fn(0.5, tinytorch.tensor([3])).numpy(),
                                   tfn(0.5, torch.tensor([3])).numpy(), rtol=1e-6)
        assert fn(tinytorch.tensor([1, 2]), 3).dtype is tinytorch.float32


def test_gradients_match_torch():
    x = [-3.0, -0.5, 0.0, 0.7, 4.0, 30.0]
    for lib, out in ((tinytorch, []), (torch, [])):
        t = lib.tensor(x, dtype=lib.float64, requires_grad=True)
        lib.special.erfcx(t).sum().backward()
        q = lib.tensor([0.5, 1.5, 7.0], dtype=lib.float64, requires_grad=True)
        lib.special.zeta(lib.tensor([2.0, 3.5, 6.0], dtype=lib.float64), q).sum().backward()
        y = lib.tensor([0.5, 1.5, 7.0], dtype=lib.float64, requires_grad=True)
        a = lib.tensor([0.3, 2.0, 30.0], dtype=lib.float64)
        (lib.igamma(a, y) + 2 * lib.special.gammaincc(a, y)).sum().backward()
        out.extend([t.grad.numpy(), q.grad.numpy(), y.grad.numpy()])
        if lib is tinytorch:
            ours = out
    for got, want in zip(ours, out):
        np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("call, message", [
    (lambda lib, a, b: lib.special.zeta(a, b), "the derivative for 'zeta' is not implemented."),
    (lambda lib, a, b: lib.igamma(a, b), "the derivative for 'igamma: input' is not implemented."),
    (lambda lib, a, b: lib.special.gammaincc(a, b),
     "the derivative for 'igammac: input' is not implemented.")])
def test_first_argument_has_no_derivative(call, message):
    for lib in (tinytorch, torch):
        a = lib.tensor([2.0, 3.0], requires_grad=True)
        out = call(lib, a, lib.tensor([1.5, 2.5]))
        with pytest.raises(NotImplementedError, match=message):
            out.sum().backward()


def test_the_rest_record_no_graph():
    x = tinytorch.tensor([0.5, 1.5], requires_grad=True)
    for name in UNARY[:-1]:
        assert not getattr(tinytorch.special, name)(x).requires_grad, name
    for name in POLYNOMIALS:
        assert not getattr(tinytorch.special, name)(x, 3).requires_grad, name


def test_dtypes_and_refusals_match_torch():
    for name in UNARY + ["zeta", "gammainc"] + POLYNOMIALS:
        for dtype in ("int64", "bool", "float16", "bfloat16", "int32"):
            results = []
            for lib in (tinytorch, torch):
                t = lib.tensor([1, 2]).to(getattr(lib, dtype))
                args = (t,) if name in UNARY else (t, t)
                try:
                    results.append(str(getattr(lib.special, name)(*args).dtype).split(".")[-1])
                except NotImplementedError as e:
                    results.append(str(e).split("\n")[0])
            assert results[0] == results[1], (name, dtype, results)


def test_tensor_methods_and_in_place_forms():
    a, x = [0.5, 2.0, 30.0], [1.0, 2.5, 25.0]
    for method in ("igamma", "igammac"):
        want = getattr(torch.tensor(a), method)(torch.tensor(x))
        got = getattr(tinytorch.tensor(a), method)(tinytorch.tensor(x))
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)
        t, tt = tinytorch.tensor(a), torch.tensor(a)
        getattr(t, method + "_")(tinytorch.tensor(x, dtype=tinytorch.float64))
        getattr(tt, method + "_")(torch.tensor(x, dtype=torch.float64))
        assert t.dtype is tinytorch.float32
        np.testing.assert_allclose(t.numpy(), tt.numpy(), rtol=1e-6)


def test_gamma_cdf_is_gammainc_as_in_torch():
    value = [0.3, 1.0, 4.0]
    results = []
    for lib in (tinytorch, torch):
        rate = lib.tensor([0.5, 2.0, 1.5], dtype=lib.float64, requires_grad=True)
        gamma = lib.distributions.Gamma(lib.tensor([0.7, 3.0, 12.0], dtype=lib.float64), rate)
        cdf = gamma.cdf(lib.tensor(value, dtype=lib.float64))
        cdf.sum().backward()
        chi2 = lib.distributions.Chi2(lib.tensor([1.0, 3.0, 5.0], dtype=lib.float64))
        results.append((cdf, rate.grad, chi2.cdf(lib.tensor(value, dtype=lib.float64))))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12)
