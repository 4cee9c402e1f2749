"""uniform_/normal_ argument and dtype checks, nn.init's errors on non-float tensors and
trunc_normal_'s distribution, each compared with PyTorch. The random streams differ by design
(PCG64), so distributions are compared through statistics of large samples."""

import math
import warnings

import pytest

import tinytorch
from tinytorch.nn import init

torch = pytest.importorskip("torch")


def _outcome(lib, fn):
    """('ok', dtype name, shape, returned-is-input) or (exception type name, message)."""
    x = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x, out = fn(lib)
    except Exception as e:  # noqa: BLE001 -- the exception is what is compared
        return type(e).__name__, str(e)
    return "ok", str(out.dtype).split(".")[-1], tuple(out.shape), out is x


def _on(dtype, method, *args):
    def fn(lib):
        x = lib.empty(3, 3, dtype=getattr(lib, dtype))
        return x, method(lib, x, *args)
    return fn


_METHODS = {
    "uniform_": lambda lib, x, *a: x.uniform_(*a),
    "normal_": lambda lib, x, *a: x.normal_(*a),
    "init.uniform_": lambda lib, x, *a: lib.nn.init.uniform_(x, *a),
    "init.normal_": lambda lib, x, *a: lib.nn.init.normal_(x, *a),
    "trunc_normal_": lambda lib, x, *a: lib.nn.init.trunc_normal_(x, *a),
    "kaiming_uniform_": lambda lib, x: lib.nn.init.kaiming_uniform_(x),
    "kaiming_normal_": lambda lib, x: lib.nn.init.kaiming_normal_(x),
    "xavier_uniform_": lambda lib, x: lib.nn.init.xavier_uniform_(x),
    "xavier_normal_": lambda lib, x: lib.nn.init.xavier_normal_(x),
    "orthogonal_": lambda lib, x: lib.nn.init.orthogonal_(x),
    "sparse_": lambda lib, x: lib.nn.init.sparse_(x, 0.5),
}
_DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
           "float32", "float64")
_ARGS = {"uniform_": [(), (2.0, 1.0)], "init.uniform_": [(), (2.0, 1.0)],
         "normal_": [(), (0.0, -1.0)], "init.normal_": [(), (0.0, -1.0)],
         "trunc_normal_": [(), (0.0, -1.0), (0.0, 1.0, 5.0, 6.0)]}
_CASES = [(name, args) for name in sorted(_METHODS) for args in _ARGS.get(name, [()])]


@pytest.mark.parametrize("dtype", _DTYPES)
@pytest.mark.parametrize("name,args", _CASES, ids=str)
def test_random_fill_dtype_and_argument_errors_match_torch(name, args, dtype):
    method = _METHODS[name]
    assert (_outcome(tinytorch, _on(dtype, method, *args))
            == _outcome(torch, _on(dtype, method, *args)))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
@pytest.mark.parametrize("bounds", [(-1e39, 1e39), (0.0, 1e39), (-1e39, 0.0), (0.0, 70000.0),
                                    (-1.7e308, 1.7e308), (-3e38, 3e38), (-1e300, 1e300),
                                    (1.0, 1.0), (float("nan"), 1.0), (0.0, float("inf")),
                                    (2.5, 1.0), (-0.1, 0.1)], ids=str)
def test_uniform_bounds_checks_match_torch(dtype, bounds):
    def fn(lib):
        x = lib.empty(4, dtype=getattr(lib, dtype))
        return x, x.uniform_(*bounds)
    assert _outcome(tinytorch, fn) == _outcome(torch, fn)


@pytest.mark.parametrize("std", [-1, -0.5, -1e-9, float("nan"), 0.0, float("inf"), 2])
def test_normal_std_check_matches_torch(std):
    def fn(lib):
        x = lib.empty(4)
        return x, x.normal_(0.0, std)
    assert _outcome(tinytorch, fn) == _outcome(torch, fn)


@pytest.mark.parametrize("call", [lambda t: t.uniform_(2, 1), lambda t: t.normal_(0, -1)])
def test_fill_checks_apply_to_empty_tensors_as_in_torch(call):
    assert _outcome(tinytorch, lambda lib: (None, call(lib.empty(0)))) == \
        _outcome(torch, lambda lib: (None, call(lib.empty(0))))


_TRUNC_CASES = [(0.0, 1.0, -2.0, 2.0), (0.0, 1.0, 2.0, 3.0), (0.0, 1.0, 5.0, 6.0),
                (0.0, 1.0, -0.1, 0.1), (1.0, 0.5, 0.5, 1.2), (0.0, 0.02, -2.0, 2.0),
                (3.0, 2.0, -1.0, 0.0), (0.0, 1.0, -math.inf, 0.5)]


@pytest.mark.parametrize("mean,std,a,b", _TRUNC_CASES, ids=str)
def test_trunc_normal_distribution_matches_torch(mean, std, a, b):
    n = 20_000

    def sample(lib):
        lib.manual_seed(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return lib.nn.init.trunc_normal_(lib.empty(n, dtype=lib.float64), mean, std, a, b)

    ours, ref = sample(tinytorch), sample(torch)
    assert float(ours.min()) >= a and float(ours.max()) <= b
    # no probability mass at the bounds (redraw-then-clamp piled values there)
    assert int(((ours == a) | (ours == b)).sum()) == int(((ref == a) | (ref == b)).sum()) == 0
    ref_std = float(ref.std())
    tol = 6 * ref_std / math.sqrt(n)  # six standard errors of the mean
    assert abs(float(ours.mean()) - float(ref.mean())) < tol
    assert abs(float(ours.std()) - ref_std) < 0.03 * ref_std


def test_trunc_normal_far_bounds_warn_as_torch():
    def record(lib):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lib.nn.init.trunc_normal_(lib.empty(10), 0.0, 1.0, 5.0, 6.0)
        return [(w.category, str(w.message), w.filename.split("site-packages")[-1]
                 .replace("tinytorch", "torch").replace("/work/wt_c", ""))
                for w in caught]

    ours, ref = record(tinytorch), record(torch)
    assert [(c, m) for c, m, _ in ours] == [(c, m) for c, m, _ in ref]
    # attributed (stacklevel=2 in the sampler) to trunc_normal_'s own file, nn/init.py
    assert ours[0][2].endswith("torch/nn/init.py") and ref[0][2].endswith("torch/nn/init.py")


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
@pytest.mark.parametrize("mean,std,a,b", [(0.0, 1.0, -2.0, 2.0), (0.0, 1.0, 2.0, 3.0)])
def test_trunc_normal_keeps_dtype_shape_and_returns_its_input(dtype, mean, std, a, b):
    def fn(lib):
        x = lib.empty(2, 3, 4, dtype=getattr(lib, dtype))
        out = lib.nn.init.trunc_normal_(x, mean, std, a, b)
        assert bool(((out >= a) & (out <= b)).all())
        return x, out
    assert _outcome(tinytorch, fn) == _outcome(torch, fn)


def test_trunc_normal_zero_std_raises_as_torch():
    def fn(lib):
        x = lib.empty(3)
        return x, lib.nn.init.trunc_normal_(x, 0.0, 0.0)
    assert _outcome(tinytorch, fn) == _outcome(torch, fn)


def test_trunc_normal_generator_is_reproducible():
    draws = [init.trunc_normal_(tinytorch.empty(50), 0.0, 1.0, 2.0, 3.0,
                                generator=tinytorch.Generator().manual_seed(3))
             for _ in range(2)]
    assert tinytorch.equal(*draws)
