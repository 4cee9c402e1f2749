"""Every op of the op database on extreme float values against PyTorch: the op's first (then
its second) float input is filled with a grid from ±1e30 through ±89 (where float32's e^x
overflows), ±17 (where 1 - σ rounds to 1), ±1e-8 and ±1e-30 to 0, in float32 and float64, and
each result and the input's gradient (of the first result's sum) must match PyTorch's
elementwise to a few roundings *relatively* (or both be NaN, or both raise). An absolute
tolerance, as the op database's, passes σ(-20) = 0 where PyTorch's is 2e-9: this test found
that sigmoid (so silu, glu, and binary_cross_entropy_with_logits' gradient) cancelled to 0
below -17 in float32, that the recurrent cells' tanh was 2 σ(2x) - 1 (0 for |x| < 1e-8), that
addmm-family results with beta=0 left the graph, as did a scatter's source with an empty
index, that the backward of det, slogdet, logdet and qr raised at singular matrices, that
kl_div gave 0 for negative targets (PyTorch's xlogy: NaN), that binary_cross_entropy accepted
targets outside [0, 1], and that its gradient clamps at PyTorch's float 1e-12. Then NaN and
±inf (a grid of them, cases below), and every differentiable op with and without its input
requiring grad (the last test), which found scatter_reduce's amax/amin NaN with grad on."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import tinytorch
from tests.test_ops import OPS
from tests.test_ops import TORCH_OPS

torch = pytest.importorskip("torch")

GRID32 = [-1e30, -1e10, -1e4, -100.0, -89.0, -50.0, -30.0, -20.0, -17.0, -10.0, -3.0, -1.0,
          -1e-3, -1e-8, -1e-30, 0.0, 1e-30, 1e-8, 1e-3, 1.0, 3.0, 10.0, 17.0, 20.0, 30.0, 50.0,
          89.0, 100.0, 1e4, 1e10, 1e30]
GRID64 = GRID32 + [-1e300, -750.0, -710.0, -40.0, 40.0, 710.0, 750.0, 1e300]
CASES = [("float32", GRID32, 1e-4, 1e-37), ("float64", GRID64, 1e-9, 1e-300)]

_OVERFLOW = ("squares of |x| >= 1e19 overflow float32 (1e154 float64) in both libraries, "
             "which then differ in where they give inf, NaN or 0")
_POLE = ("huge floats are integers, poles of the gamma family: inf here, finite values from "
         "PyTorch's reflection formula")
_FACTOR = ("a failed or ill-conditioned factorisation of an extreme matrix: LAPACK's partial "
           "results, or roundings amplified by the condition number, differ")
_NO_DERIVATIVE = "PyTorch raises for the derivative, tinytorch's is 0 or the op has no graph"
KNOWN_EXTREME_DIFFERENCES = {
    **dict.fromkeys(["norm", "std", "linalg.matrix_norm", "pairwise_distance", "normalize",
                     "cosine_similarity", "cosine_embedding_loss", "triplet_margin_loss",
                     "triplet_margin_with_distance_loss", "embedding_max_norm", "layer_norm",
                     "group_norm", "rms_norm"], _OVERFLOW),
    "renorm": ("the norm of one element, |x| >= 1e19: PyTorch's scalar reduction accumulates "
               "float32 in float64 (1e30 survives), its vectorised one and tinytorch's overflow"),
    **dict.fromkeys(["polygamma_0", "polygamma_1", "digamma"], _POLE),
    **dict.fromkeys(["geqrf", "linalg.cholesky_ex", "linalg.cond", "linalg.inv_ex",
                     "linalg.matrix_exp", "linalg.svd", "linalg.svdvals", "svd", "histc",
                     "linalg.qr", "linalg.slogdet", "slogdet", "logdet",
                     "linalg.householder_product"], _FACTOR),
    **dict.fromkeys(["det", "linalg.det"],
                    "the gradient at a singular matrix: tinytorch's is Jacobi's cofactor matrix "
                    "(from the SVD, as PyTorch documents), PyTorch's 2.13 gives 0 from 2x2 up "
                    "(its 1x1 [[0]] gives the cofactor 1: tests below)"),
    **dict.fromkeys(["floor_divide_float", "rremainder_scalar", "unique"], _NO_DERIVATIVE),
    "special.ndtr": "the lower tail: tinytorch's is the true value (ndtr(-10) = 7.6e-24 in "
                    "float32), PyTorch's underflows to 0",
    "lstm_cell": "the g gate is 2 σ(2x) - 1 with σ's one exp (an absolute error of float32's "
                 "rounding of 1; a separate tanh of that block costs the cell ~25 %)",
    "rnn_cell": "tanh's gradient 1 - y² at |x| = 10: NumPy's and PyTorch's tanh differ by an "
                "ulp, which the cancellation makes 2e-9 relatively in float64",
    "tanh": "as rnn_cell: an ulp of tanh(10) is 2e-9 of 1 - tanh²(10)",
    "expm1": "its gradient y + 1 at -17: float32 expm1(-17) is -0.99999994 here, PyTorch's "
             "rounds to -1 (gradient 0)",
    "hardsigmoid": "PyTorch's float64 gradient is float32's 1/6 (0.1666666716)",
    "mvlgamma": "digamma near 0 in float64, rounded differently (3e-9)",
    "rdiv_scalar": "the gradient of a 0-d numerator at 1e-30: PyTorch's NaN, tinytorch's -0",
    "soft_margin_loss": "PyTorch's gradient overflows e^89 to NaN, tinytorch's is stable",
    "special.erfcx": "its gradient 2x erfcx(x) - 2/√π cancels beyond 1e4 in both libraries",
    "cross_entropy_probs": "the gradient with ±1e30 logits in a row: an ulp of an "
                           "intermediate 0.25 apart",
    "mv": "40 a - 40 a in float64: -2e-16 or 0 by the order of the GEMV's sum",
    "ctc_loss": "the gradient of ±1e30 logits: float32's rounding of log-probabilities, 1e-12 "
                "where PyTorch's is exactly 0",
}


def _tensors(lib, sample, dtype, first, values):
    out = []
    for i, a in enumerate(sample.args):
        if not isinstance(a, np.ndarray):
            out.append(a)
        elif a.dtype.kind != "f":
            out.append(lib.tensor(a))
        else:
            v = np.resize(values, a.shape) if i == first else a
            out.append(lib.tensor(v, dtype=getattr(lib, dtype), requires_grad=i == first))
    return out


def _run(lib, fn, sample, dtype, first, values, grad):
    """The results as float64 arrays (and the first input's gradient last, when ``grad``), or
    the exception raised."""
    args = _tensors(lib, sample, dtype, first, values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = fn(*args, **sample.kwargs)
            out = list(out) if isinstance(out, (tuple, list)) else [out]
            if grad and getattr(out[0], "requires_grad", False):
                (g,) = lib.autograd.grad(out[0].sum(), args[first], allow_unused=True)
                out.append(g if g is not None else lib.zeros_like(args[first]))
        except Exception as e:  # noqa: BLE001 - compared with PyTorch's below
            return e
    return [_numpy(lib, o) for o in out]


def _numpy(lib, o):
    if not isinstance(o, lib.Tensor):
        return o
    o = o.detach()
    if lib is torch and o._is_zerotensor():
        return np.zeros(o.shape)
    return o.double().numpy()


@pytest.mark.parametrize("which", [0, 1], ids=["first", "second"])
@pytest.mark.parametrize("op", [op for op in TORCH_OPS
                                if op.name not in KNOWN_EXTREME_DIFFERENCES], ids=repr)
@settings(max_examples=1, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_extreme_values_as_pytorch(op, which, data):
    """The grid in the op's first float input, or in its second (a divisor, an exponent, a
    target, a scatter's source); a sample without empty arrays."""
    sample = data.draw(op.samples.filter(
        lambda s: all(a.size for a in s.args if isinstance(a, np.ndarray))))
    floats = [i for i, a in enumerate(sample.args)
              if isinstance(a, np.ndarray) and a.dtype.kind == "f" and a.size]
    if len(floats) <= which:
        return
    first = floats[which]
    size = sample.args[first].size
    for dtype, grid, rtol, atol in CASES:
        for offset in range(0, len(grid), size):  # every grid value in some run
            values = np.roll(grid, -offset)
            theirs = _run(torch, op.torch_op, sample, dtype, first, values, op.grad)
            ours = _run(tinytorch, op.op, sample, dtype, first, values, op.grad)
            what = f"{op.name} {dtype} on {values[:size].tolist()}"
            if isinstance(theirs, Exception) or isinstance(ours, Exception):
                assert type(ours).__name__.lstrip("_") == type(theirs).__name__.lstrip("_"), (
                    f"{what}: ours {ours!r}, PyTorch's {theirs!r}")
                continue
            assert len(ours) == len(theirs), f"{what}: {len(ours)} results, PyTorch's {len(theirs)}"
            for k, (o, t) in enumerate(zip(ours, theirs)):
                if not isinstance(t, np.ndarray):
                    continue
                assert o.shape == t.shape, f"{what} result {k}: shape {o.shape}, {t.shape}"
                with np.errstate(all="ignore"):
                    same = ((np.isnan(o) & np.isnan(t)) | (o == t)
                            | (np.abs(o - t) <= rtol * np.abs(t) + atol))
                assert same.all(), (f"{what} result {k}: {o[~same][:4]}, "
                                    f"PyTorch's {t[~same][:4]}")


# --- the findings, each against PyTorch ------------------------------------------------------
SINGULAR = [[[0.0]], [[2.0, 0.0], [0.0, 0.0]], [[[0.0]], [[3.0]]],
            [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]]]


def _grad(lib, fn, values, dtype="float64"):
    x = lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's inf/NaN are silent; ours too (the filter)
        fn(lib, x).sum().backward()
    return np.zeros(x.shape) if x.grad is None else x.grad.double().numpy()


@pytest.mark.parametrize("matrix", SINGULAR, ids=str)
@pytest.mark.parametrize("fn", [lambda lib, a: lib.linalg.slogdet(a)[1],
                                lambda lib, a: lib.linalg.slogdet(a)[0],
                                lambda lib, a: lib.logdet(a)],
                         ids=["slogdet", "slogdet_sign", "logdet"])
def test_log_determinant_gradient_of_a_singular_matrix_is_pytorchs(matrix, fn):
    # the backward raised LinAlgError ("linalg.inv: ... singular") where PyTorch gives inf/NaN
    # (at the zero 2x2 matrix PyTorch's LU gives one inf among NaNs, the cofactors' 0 / 0 all
    # NaN here: not compared)
    np.testing.assert_allclose(_grad(tinytorch, fn, matrix), _grad(torch, fn, matrix),
                               rtol=1e-12)


def test_determinant_gradient_of_a_singular_matrix_is_the_cofactor_matrix():
    # the backward raised; d det / dA is cof(A), also where A is singular (Jacobi's formula)
    det = lambda lib, a: lib.linalg.det(a)  # noqa: E731
    np.testing.assert_array_equal(_grad(tinytorch, det, [[0.0]]), _grad(torch, det, [[0.0]]))
    np.testing.assert_allclose(_grad(tinytorch, det, [[1.0, 2.0], [2.0, 4.0]]),
                               [[4.0, -2.0], [-2.0, 1.0]], atol=1e-12)
    np.testing.assert_allclose(_grad(tinytorch, det, [[2.0, 0.0], [0.0, 0.0]]),
                               [[0.0, 0.0], [0.0, 2.0]], atol=1e-12)
    a = np.random.default_rng(0).standard_normal((3, 4, 4))
    np.testing.assert_allclose(_grad(tinytorch, det, a), _grad(torch, det, a), rtol=1e-10)


def test_qr_gradient_of_a_singular_matrix_is_pytorchs():  # was an AttributeError
    qr = lambda lib, a: sum(lib.linalg.qr(a))  # noqa: E731
    np.testing.assert_array_equal(_grad(tinytorch, qr, [[0.0]]), _grad(torch, qr, [[0.0]]))


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16"])
def test_sigmoid_family_is_relatively_accurate_as_pytorchs(dtype):
    x = [-1000.0, -100.0, -88.8, -80.0, -50.0, -20.0, -17.0, -10.0, -1e-3, 0.0, 1e-3, 10.0, 100.0]
    fns = [lambda lib, t: lib.sigmoid(t), lambda lib, t: lib.nn.functional.silu(t)]
    if dtype in ("float32", "float64"):  # glu is a product of two ops here: two roundings
        fns.append(lambda lib, t: lib.nn.functional.glu(lib.stack([t, t]), 0))
    for fn in fns:
        ours, theirs = (fn(lib, lib.tensor(x, dtype=getattr(lib, dtype))).double().numpy()
                        for lib in (tinytorch, torch))
        np.testing.assert_allclose(ours, theirs, rtol=1e-6 if dtype == "float32" else 1e-15,
                                   atol=0)
        if dtype in ("float32", "float64"):
            np.testing.assert_allclose(
                _grad(tinytorch, fn, x, dtype), _grad(torch, fn, x, dtype),
                rtol=1e-6 if dtype == "float32" else 1e-15, atol=0)


@pytest.mark.parametrize("pos_weight", [None, 2.0])
def test_bce_with_logits_gradient_is_relatively_accurate(pos_weight):
    for dtype in ("float32", "float64"):
        def loss(lib, x):
            w = None if pos_weight is None else lib.tensor([pos_weight], dtype=x.dtype)
            y = lib.tensor([0.0, 0.0, 1.0, 1.0, 0.0], dtype=x.dtype)
            return lib.nn.functional.binary_cross_entropy_with_logits(x, y, pos_weight=w,
                                                                      reduction="sum")
        x = [-50.0, -30.0, 0.0, 30.0, 50.0]
        np.testing.assert_allclose(_grad(tinytorch, loss, x, dtype), _grad(torch, loss, x, dtype),
                                   rtol=1e-6, atol=0)


def test_bce_gradient_clamps_at_pytorchs_float_epsilon():
    def loss(lib, p):
        y = lib.tensor([0.3, 0.2, 0.1], dtype=p.dtype)
        return lib.nn.functional.binary_cross_entropy(p, y, reduction="sum")
    for dtype in ("float32", "float64"):
        np.testing.assert_array_equal(_grad(tinytorch, loss, [1e-30, 1.0, 0.5], dtype),
                                      _grad(torch, loss, [1e-30, 1.0, 0.5], dtype))


@pytest.mark.parametrize("op", ["addmm", "addmv", "baddbmm", "addbmm"])
def test_an_input_ignored_by_beta_zero_stays_in_the_graph(op):
    shapes = {"addmm": ((2, 2), (2, 3), (3, 2)), "addmv": ((2,), (2, 3), (3,)),
              "baddbmm": ((1, 2, 2), (1, 2, 3), (1, 3, 2)), "addbmm": ((2, 2), (1, 2, 3),
                                                                       (1, 3, 2))}[op]
    grads = []
    for lib in (tinytorch, torch):
        m, a, b = (lib.ones(s) for s in shapes)
        m.requires_grad_()
        out = getattr(lib, op)(m, a, b, beta=0)
        assert out.requires_grad  # it was a constant: backward raised "does not require grad"
        out.sum().backward()
        grads.append(m.grad.numpy())
    np.testing.assert_array_equal(*grads)


@pytest.mark.parametrize("op", ["addmm", "addmv", "addbmm", "baddbmm", "addr"])
@pytest.mark.parametrize("beta", [1, 0])
def test_alpha_zero_ignores_the_product_where_pytorchs_blas_does(op, beta):
    # addmm, addmv and addbmm call BLAS, which skips the product when alpha is 0 (its NaN and
    # inf do not propagate; tinytorch's was 0 * NaN); PyTorch's baddbmm and addr keep it
    nan, inf = float("nan"), float("inf")
    results = []
    for lib in (tinytorch, torch):
        a = lib.tensor([[nan, 1.0], [1.0, -2.0]], requires_grad=True)
        b = lib.tensor([[1.0, inf], [0.5, 1.0]], requires_grad=True)
        x = lib.ones(2, 2, requires_grad=True)
        args = {"addmm": (x, a, b), "addmv": (x[0], a, b[0]), "addbmm": (x, a[None], b[None]),
                "baddbmm": (x[None], a[None], b[None]), "addr": (x, a[0], b[0])}[op]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NOTE [Quiet floating-point results]
            y = getattr(lib, op)(*args, beta=beta, alpha=0)
            y.sum().backward()
        results.append([t.detach().double().numpy() for t in (y, x.grad, a.grad, b.grad)])
    for ours, theirs in zip(*results):  # NaN where PyTorch's (zeros' signs aside)
        np.testing.assert_array_equal(ours, theirs)


def test_cholesky_inverse_refuses_a_zero_on_the_diagonal():
    for lib in (tinytorch, torch):
        with pytest.raises(RuntimeError, match=r"cholesky_inverse: \(Batch element 1\): The "
                                               r"diagonal element 2 is zero"):
            lib.cholesky_inverse(lib.stack([lib.eye(2), lib.tensor([[1.0, 0.0], [1.0, 0.0]])]))


@pytest.mark.parametrize("matrix", [[[float("nan")]], [[4.0, float("nan")], [float("nan"), 4.0]],
                                    [[4.0, 1.0], [1.0, float("nan")]], [[[4.0]], [[float("nan")]]]],
                         ids=str)
def test_cholesky_of_a_nan_matrix_fails_as_pytorchs(matrix):
    # NumPy's factorisation ran on through a NaN pivot (a NaN factor and no error); LAPACK's
    # potrf stops there, and PyTorch reports its order
    messages, infos = [], []
    for lib in (tinytorch, torch):
        with pytest.raises(RuntimeError) as error:  # both LinAlgErrors are RuntimeErrors
            lib.linalg.cholesky(lib.tensor(matrix))
        messages.append(str(error.value))
        infos.append(lib.linalg.cholesky_ex(lib.tensor(matrix)).info.tolist())
    assert messages[0] == messages[1] and "not positive-definite" in messages[0]
    assert infos[0] == infos[1]


@pytest.mark.parametrize("right", [False, True])
def test_searchsorted_in_a_sequence_with_nan_is_pytorchs(right):
    # NumPy's search orders NaN after every number; PyTorch's binary search tests
    # "not (entry >= value)", which passes over NaN entries (1.0 in [nan] goes after it)
    rng = np.random.default_rng(0)
    cases = [([float("nan")], [1.0, float("nan")]), ([0.0, float("nan")], [1.0, float("nan")])]
    for _ in range(200):
        n = int(rng.integers(1, 8))
        seq = np.sort(rng.choice([0.0, 1.0, 2.0, np.nan, -np.inf, np.inf], size=(2, n)), -1)
        cases.append((seq, rng.choice([0.0, 0.5, 2.0, np.nan, np.inf, -np.inf], size=(2, 3))))
    for seq, values in cases:
        ours, theirs = (lib.searchsorted(lib.tensor(seq), lib.tensor(values), right=right)
                        for lib in (tinytorch, torch))
        assert ours.tolist() == theirs.tolist(), (seq, values)
    assert tinytorch.bucketize(tinytorch.tensor([1.0]), tinytorch.tensor([float("nan")])) == 1


def test_kl_div_is_pytorchs_xlogy_at_zero_and_negative_targets():
    results = []
    for lib in (tinytorch, torch):
        x = lib.tensor([-1.0, 0.5, 2.0, 0.3], requires_grad=True)
        t = lib.tensor([0.0, 0.5, -1.0, 1e-30], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss = lib.nn.functional.kl_div(x, t, reduction="none")
            loss.sum().backward()
        results.append([a.detach().numpy() for a in (loss, x.grad, t.grad)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)  # NaN where t < 0, and t's at 0


@pytest.mark.parametrize("p, t, name", [([float("nan")], [0.5], "input"),
                                        ([0.5], [float("nan")], "target"),
                                        ([0.5], [1.5], "target"),
                                        ([1.5, 0.5], [0.5, -1.0], "input"),
                                        ([0.5, 1.5], [-1.0, 0.5], "target")])
def test_bce_checks_input_then_target_per_element_as_pytorch(p, t, name):
    for lib in (tinytorch, torch):
        with pytest.raises(RuntimeError, match=f"all elements of {name} should be between 0 "
                                               "and 1"):
            lib.nn.functional.binary_cross_entropy(lib.tensor(p), lib.tensor(t))


@pytest.mark.parametrize("op", ["scatter", "scatter_add", "scatter_reduce", "index_reduce"])
def test_a_scatter_with_no_index_keeps_its_source_in_the_graph(op):
    for lib in (tinytorch, torch):
        x = lib.tensor([1.0, -0.0, float("nan")])
        src = lib.ones(0, requires_grad=True)
        index = lib.zeros(0, dtype=lib.int64)
        args = {"scatter": (0, index, src), "scatter_add": (0, index, src),
                "scatter_reduce": (0, index, src, "sum"),
                "index_reduce": (0, index, src, "prod")}[op]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyTorch's index_reduce is in beta
            out = getattr(x, op)(*args)
        assert out.requires_grad  # it was a copy of x alone: backward raised
        out.sum().backward()
        assert src.grad.shape == (0,)
        assert str(out.tolist()) == "[1.0, -0.0, nan]"
        with pytest.raises(RuntimeError, match=r"self\.dtype to be equal to src\.dtype|"
                                               r"must have the same scalar type"):
            getattr(x, op)(*((0, index, src.double()) + args[3:]))  # scatter's was not checked


# --- NaN and inf (a sweep with the grid NaN, ±inf, ±1, ±0, 0.5, -2; fixed findings) ----------
NAN_GRID = [float("nan"), float("inf"), -float("inf"), 0.3, -0.3, 0.5, -0.5, 0.7, -0.7, 2.0,
            -2.0, 1.0, -1.0, 0.0, -0.0]
NAN_CASES = {
    # NaN passed through as 0: PyTorch's tests are "inside the band" (NaN is not)
    "hardshrink": lambda lib, x: lib.nn.functional.hardshrink(x),
    "softshrink": lambda lib, x: lib.nn.functional.softshrink(x),
    "threshold": lambda lib, x: lib.nn.functional.threshold(x, 0.5, -3.0),
    # the gradient at a NaN difference was 0 (sign(NaN) is 0), PyTorch's NaN
    "smooth_l1_loss": lambda lib, x: lib.nn.functional.smooth_l1_loss(x, lib.zeros_like(x),
                                                                    reduction="none"),
    "huber_loss": lambda lib, x: lib.nn.functional.huber_loss(x, lib.zeros_like(x),
                                                            reduction="none"),
    # a NaN operand got no gradient; PyTorch's gives it to each input that did not lose
    "maximum": lambda lib, x: lib.maximum(x, x.flip(0)),
    "minimum": lambda lib, x: lib.minimum(x, x.flip(0)),
    # p = 0 counted a NaN difference as 1 (PyTorch's: NaN)
    "cdist_p0": lambda lib, x: lib.cdist(x.reshape(-1, 1), x[:4].reshape(-1, 1), p=0.0),
    # hardtanh's test passes a NaN's gradient, PyTorch's hardsigmoid not (its gradient is 1/6
    # strictly inside (-3, 3)); hardswish's was NaN at NaN and ±inf (x · hardsigmoid(x))
    "hardsigmoid": lambda lib, x: lib.nn.functional.hardsigmoid(x * 5),
    "hardswish": lambda lib, x: lib.nn.functional.hardswish(x * 5),
    # a piecewise-constant op's zero gradient was g * 0: NaN where g is inf or NaN (PyTorch's
    # zeros_like(grad)); here g is x itself, and lp_pool's sign(out) meets an inf out
    **{f"{name}_times_x": (lambda name: lambda lib, x: getattr(lib, name)(x) * x)(name)
       for name in ("sign", "floor", "ceil", "round", "trunc")},
    "pow0_times_x": lambda lib, x: x.pow(0.0) * x,
    "copysign_other": lambda lib, x: lib.copysign(lib.ones_like(x), x) * x,
    "lp_pool1d_p1": lambda lib, x: lib.nn.functional.lp_pool1d(x[:14].reshape(1, 1, 14), 1, 2),
    "lp_pool1d_p2": lambda lib, x: lib.nn.functional.lp_pool1d(x[:14].reshape(1, 1, 14), 2, 2),
    # a 0-d input's gradient passes through PyTorch's (not through the scan's formula)
    "logcumsumexp_0d": lambda lib, x: lib.stack([lib.logcumsumexp(v, 0) for v in x.unbind()]),
    # amax/amin took their gradient as res + w (x - x.detach()): an inf or NaN anywhere made
    # every value NaN when grad was on (inf - inf), and its NaN weights reached other positions
    **{f"{fn}_{reduce}_{self}": (lambda fn, reduce, self: lambda lib, x: _reduced(
        lib, x, fn, reduce, self))(fn, reduce, self)
       for fn in ("scatter_reduce", "index_reduce") for reduce in ("amax", "amin")
       for self in (True, False)},
}


def _reduced(lib, x, fn, reduce, include_self):
    """``fn`` of x[:6] from x's other entries, three into each of the first three positions."""
    index = lib.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2])
    return getattr(x[:6], fn)(0, index, x[6:], reduce, include_self=include_self)


@pytest.mark.parametrize("name", sorted(NAN_CASES))
def test_nan_and_inf_pass_as_pytorchs(name):
    fn = NAN_CASES[name]
    results = []
    for lib in (tinytorch, torch):
        x = lib.tensor(NAN_GRID, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = fn(lib, x)
            y.sum().backward()
        results.append((y.detach().double().numpy(), x.grad.double().numpy()))
    for ours, theirs in zip(*results):
        # NaN, inf and zeros' signs where PyTorch's; other values to float32's rounding (the
        # compositions round x (x + 3) / 6 or avg_pool's sums in their own order)
        assert str(ours[~np.isfinite(ours) | (ours == 0)].tolist()) == str(
            theirs[~np.isfinite(theirs) | (theirs == 0)].tolist())
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=0)


def _args(sample, first, values, dtype, grad):
    """The sample's arguments as tensors, ``values`` in its float input ``first``, which
    requires grad when ``grad``."""
    return [a if not isinstance(a, np.ndarray) else tinytorch.tensor(a) if a.dtype.kind != "f"
            else tinytorch.tensor(np.resize(values, a.shape) if i == first else a,
                                  dtype=getattr(tinytorch, dtype),
                                  requires_grad=grad and i == first)
            for i, a in enumerate(sample.args)]


@pytest.mark.parametrize("which", [0, 1], ids=["first", "second"])
@pytest.mark.parametrize("op", [op for op in OPS if op.grad], ids=repr)
@settings(max_examples=1, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_recording_the_graph_changes_no_value(op, which, data):
    """Every differentiable op gives the same bits (NaN, ±inf, zeros' signs) with its input
    requiring grad as without, on the NaN grid: scatter_reduce's amax/amin attached their
    gradient as res + w (x - x.detach()), NaN everywhere once an inf was among the inputs.
    A sample without empty arrays (hypothesis' first is often the empty one)."""
    sample = data.draw(op.samples.filter(
        lambda s: all(a.size for a in s.args if isinstance(a, np.ndarray))))
    floats = [i for i, a in enumerate(sample.args)
              if isinstance(a, np.ndarray) and a.dtype.kind == "f" and a.size]
    if len(floats) <= which:
        return
    first = floats[which]
    for dtype in ("float32", "float64"):
        results = []
        for grad in (False, True):
            args = _args(sample, first, NAN_GRID, dtype, grad)
            tinytorch.manual_seed(0)  # the random ops draw the same numbers both times
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    out = op.op(*args, **sample.kwargs)
                except Exception as e:  # noqa: BLE001 - the same either way
                    results.append(type(e))
                    continue
            out = out if isinstance(out, (tuple, list)) else [out]
            results.append([str(o.detach().double().numpy().tolist())
                            if isinstance(o, tinytorch.Tensor) else o for o in out])
        assert results[0] == results[1], f"{op.name} {dtype}: without grad / with grad"


IN_PLACE = sorted(n[:-1] for n in dir(tinytorch.Tensor) if n.endswith("_")
                  and not n.startswith("_") and hasattr(tinytorch.Tensor, n[:-1]))


@pytest.mark.parametrize("name", IN_PLACE)
def test_an_in_place_method_gives_its_out_of_place_twins_bits(name):
    """x.f_(*args) leaves in x the same bits as x.f(*args) returns (NaN, ±inf, zeros' signs),
    on the NaN grid, with no argument, a number or a tensor, wherever both run and agree on
    dtype and shape; the random ones from the same seed."""
    grid = NAN_GRID + [3.5, -3.5, 100.0, -100.0, 1e30, -1e30]
    for dtype in (tinytorch.float32, tinytorch.float64):
        for args in [(), (0.5,), (2.0,), (tinytorch.tensor(grid[::-1], dtype=dtype),)]:
            results = []
            for suffix in ("", "_"):
                x = tinytorch.tensor(grid, dtype=dtype)
                tinytorch.manual_seed(0)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        out = getattr(x, name + suffix)(*args)
                    except Exception:  # noqa: BLE001 - an unfit argument: compared no further
                        break
                results.append(out if suffix == "" else x)
            if len(results) < 2 or not isinstance(results[0], tinytorch.Tensor):
                continue
            out, in_place = results
            if out.dtype != in_place.dtype or out.shape != in_place.shape:
                continue
            assert str(out.double().tolist()) == str(in_place.double().tolist()), (name, args)
