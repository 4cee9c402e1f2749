"""Every raw CUDA kernel against the CPU backend (the reference), on random shapes and on
non-contiguous inputs, in float32 and float64; each fused override of a composite kernel
against the shared formula run on CuPy; each kernel is bit-identical run to run; and two
seeded training runs end with identical weights. Needs a GPU (skipped otherwise)."""

import os

import numpy as np
import pytest

import tinytorch
from tinytorch.backends import get_backend
from tinytorch.backends.composite import CompositeKernels

pytestmark = pytest.mark.cuda
TOL = {"float32": dict(rtol=2e-4, atol=2e-5), "float64": dict(rtol=1e-9, atol=1e-11)}


@pytest.fixture(scope="module")
def backends():
    wanted = os.environ.get("TINYTORCH_TEST_DEVICES")
    if wanted and "cuda" not in wanted.split(","):
        pytest.skip("device cuda not selected by TINYTORCH_TEST_DEVICES")
    from tinytorch.backends.cuda import cuda_unavailable_reason
    reason = cuda_unavailable_reason()
    if reason:
        pytest.skip(f"cuda unavailable: {reason}")
    return get_backend("cpu"), get_backend("cuda")


# --- cases: (kernel, make(rng, dtype, cpu) -> args, indices of args written in place) ------
def _x(rng, dtype, *shape, low=-3.0, high=3.0):
    return rng.uniform(low, high, size=shape).astype(dtype)


def _shape(rng, ndim):
    return tuple(int(s) for s in rng.integers(1, 9, size=ndim))


ACTS = [("relu", (), "y"), ("sigmoid", (), "y"), ("tanh", (), "y"),
        ("leaky_relu", (0.1,), "x"), ("elu", (1.0, 1.0, 1.0), "x"),
        ("elu", (1.6732632423543772, 1.0507009873554805, 1.0), "x"), ("gelu", ("none",), "x"),
        ("gelu", ("tanh",), "x"), ("silu", (), "x"), ("softplus", (1.0, 20.0), "x"),
        ("softplus", (2.0, 1.0), "x"), ("hardtanh", (-1.0, 1.0), "x")]


def _act_cases():
    for name, params, saved in ACTS:
        def fwd(rng, dt, cpu, params=params):
            return (_x(rng, dt, *_shape(rng, 3)),) + params

        def bwd(rng, dt, cpu, name=name, params=params, saved=saved):
            x = _x(rng, dt, *_shape(rng, 3))
            v = getattr(cpu, name)(x, *params) if saved == "y" else x
            return (_x(rng, dt, *x.shape), v) + params
        yield pytest.param(name, fwd, (), id=f"{name}{params}")
        yield pytest.param(f"{name}_backward", bwd, (), id=f"{name}_backward{params}")


def _softmax_cases():
    for name in ("softmax", "log_softmax"):
        for axis in (0, 1, 2):
            def fwd(rng, dt, cpu, axis=axis):
                return _x(rng, dt, 3, 5, int(rng.integers(1, 300)), low=-20, high=20), axis

            def bwd(rng, dt, cpu, name=name, axis=axis):
                x = _x(rng, dt, 4, 3, int(rng.integers(1, 300)))
                return _x(rng, dt, *x.shape), getattr(cpu, name)(x, axis), axis
            yield pytest.param(name, fwd, (), id=f"{name}-axis{axis}")
            yield pytest.param(f"{name}_backward", bwd, (), id=f"{name}_backward-axis{axis}")


def _attention_cases():
    """Scores with and without a broadcast bias; some bias rows are -inf throughout."""
    for bias, safe in ((None, True), ("heads", True), ("heads", False), ("full", True)):
        def make(rng, dt, cpu, bias=bias, safe=safe):
            scores = _x(rng, dt, 2, 3, 4, int(rng.integers(1, 300)), low=-20, high=20)
            if bias is None:
                return scores, 0.3, None, safe
            b = _x(rng, dt, *((2, 1) if bias == "heads" else (2, 3)), 4, scores.shape[-1])
            b[b < -2] = -np.inf
            b[0, 0, 1] = -np.inf
            return scores, 0.3, b, safe
        yield pytest.param("attention_softmax_", make, (0,), id=f"attention_softmax_-{bias}-{safe}")


def _ce_args(rng, dt, weighted, ignore_index, smoothing):
    n, c = int(rng.integers(1, 40)), int(rng.integers(2, 600))
    target = rng.integers(0, c, size=n).astype(np.int64)
    target[rng.random(n) < 0.2] = ignore_index
    weight = rng.uniform(0.1, 2.0, size=c).astype(dt) if weighted else None
    return _x(rng, dt, n, c, low=-10, high=10), target, weight, ignore_index, smoothing


def _ce_cases():
    for weighted in (False, True):
        for ignore_index, smoothing in ((-100, 0.0), (1, 0.1)):
            def fwd(rng, dt, cpu, w=weighted, i=ignore_index, s=smoothing):
                return _ce_args(rng, dt, w, i, s)

            def bwd(rng, dt, cpu, w=weighted, i=ignore_index, s=smoothing):
                logits, target, weight, i, s = _ce_args(rng, dt, w, i, s)
                _, log_probs = cpu.cross_entropy(logits, target, weight, i, s)
                return _x(rng, dt, len(target)), log_probs, target, weight, i, s
            tag = f"w{int(weighted)}-ignore{ignore_index}-ls{smoothing}"
            yield pytest.param("cross_entropy", fwd, (), id=f"cross_entropy-{tag}")
            yield pytest.param("cross_entropy_backward", bwd, (),
                               id=f"cross_entropy_backward-{tag}")


CONVS = [((1, 1), (0, 0), (1, 1), 1), ((2, 1), (1, 2), (1, 1), 1), ((1, 2), (2, 1), (2, 1), 2),
         ((3, 3), (1, 1), (1, 2), 4)]


def _conv_args(rng, dt, stride, padding, dilation, groups):
    n, cg, og = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    x = _x(rng, dt, n, cg * groups, int(rng.integers(7, 14)), int(rng.integers(7, 14)))
    return x, _x(rng, dt, og * groups, cg, kh, kw)


def _conv_cases():
    for stride, padding, dilation, groups in CONVS:
        geo = (stride, padding, dilation, groups)

        def fwd(rng, dt, cpu, geo=geo):
            return _conv_args(rng, dt, *geo) + geo

        def bwd_in(rng, dt, cpu, geo=geo):
            x, w = _conv_args(rng, dt, *geo)
            y = cpu.conv2d(x, w, *geo)
            return (_x(rng, dt, *y.shape), w, x.shape) + geo

        def bwd_w(rng, dt, cpu, geo=geo):
            x, w = _conv_args(rng, dt, *geo)
            y = cpu.conv2d(x, w, *geo)
            return (_x(rng, dt, *y.shape), x, w.shape) + geo
        def bwd_in_extra(rng, dt, cpu, geo=geo):
            g, w, (n, c, h, wd), *rest = bwd_in(rng, dt, cpu, geo)
            return (g, w, (n, c, h + 1, wd + 1)) + tuple(rest)  # rows no output reads

        def bwd_w_extra(rng, dt, cpu, geo=geo):
            g, x, w_shape, *rest = bwd_w(rng, dt, cpu, geo)
            return (g, np.pad(x, ((0, 0), (0, 0), (0, 1), (0, 1))), w_shape) + tuple(rest)
        tag = "-".join(map(str, geo))
        yield pytest.param("conv2d_backward_input", bwd_in_extra, (),
                           id=f"conv2d_backward_input-output_padding-{tag}")
        yield pytest.param("conv2d_backward_weight", bwd_w_extra, (),
                           id=f"conv2d_backward_weight-output_padding-{tag}")
        yield pytest.param("conv2d", fwd, (), id=f"conv2d-{tag}")
        yield pytest.param("conv2d_backward_input", bwd_in, (), id=f"conv2d_backward_input-{tag}")
        yield pytest.param("conv2d_backward_weight", bwd_w, (),
                           id=f"conv2d_backward_weight-{tag}")


MAXPOOLS = [((2, 2), (2, 2), (0, 0), (1, 1), False), ((3, 3), (2, 2), (1, 1), (1, 1), True),
            ((3, 2), (1, 2), (1, 0), (2, 1), False)]
AVGPOOLS = [((2, 2), (2, 2), (0, 0), False, True, None), ((3, 3), (2, 2), (1, 1), True, False,
                                                           None),
            ((3, 2), (1, 2), (1, 1), False, True, 5)]


def _pool_cases():
    for cfg in MAXPOOLS:
        def fwd(rng, dt, cpu, cfg=cfg):
            x = _x(rng, dt, 2, 3, int(rng.integers(6, 12)), int(rng.integers(6, 12)))
            return (np.round(x),) + cfg  # rounding makes ties: the first maximum must win

        def bwd(rng, dt, cpu, cfg=cfg):
            x = np.round(_x(rng, dt, 2, 3, int(rng.integers(6, 12)), int(rng.integers(6, 12))))
            y, ind = cpu.max_pool2d(x, *cfg)
            return _x(rng, dt, *y.shape), ind, x.shape
        yield pytest.param("max_pool2d", fwd, (), id=f"max_pool2d-{cfg}")
        yield pytest.param("max_pool2d_backward", bwd, (), id=f"max_pool2d_backward-{cfg}")
    for cfg in AVGPOOLS:
        def afwd(rng, dt, cpu, cfg=cfg):
            return (_x(rng, dt, 2, 3, int(rng.integers(6, 12)), int(rng.integers(6, 12))),) + cfg

        def abwd(rng, dt, cpu, cfg=cfg):
            x = _x(rng, dt, 2, 3, int(rng.integers(6, 12)), int(rng.integers(6, 12)))
            y = cpu.avg_pool2d(x, *cfg)
            return (_x(rng, dt, *y.shape), x.shape) + cfg
        yield pytest.param("avg_pool2d", afwd, (), id=f"avg_pool2d-{cfg}")
        yield pytest.param("avg_pool2d_backward", abwd, (), id=f"avg_pool2d_backward-{cfg}")
    for out in ((3, 5), (1, 1), (7, 4)):
        def dfwd(rng, dt, cpu, out=out):
            return _x(rng, dt, 2, 3, int(rng.integers(5, 13)), int(rng.integers(5, 13))), out

        def dbwd(rng, dt, cpu, out=out):
            shape = (2, 3, int(rng.integers(5, 13)), int(rng.integers(5, 13)))
            return _x(rng, dt, 2, 3, *out), shape
        yield pytest.param("adaptive_avg_pool2d", dfwd, (), id=f"adaptive_avg_pool2d-{out}")
        yield pytest.param("adaptive_avg_pool2d_backward", dbwd, (),
                           id=f"adaptive_avg_pool2d_backward-{out}")


def _bn_cases():
    for training in (True, False):
        for affine in (True, False):
            def fwd(rng, dt, cpu, training=training, affine=affine):
                x = _x(rng, dt, int(rng.integers(2, 6)), 4, *_shape(rng, 2))
                w, b = (_x(rng, dt, 4), _x(rng, dt, 4)) if affine else (None, None)
                rm, rv = _x(rng, dt, 4), _x(rng, dt, 4, low=0.5, high=2.0)
                return x, w, b, rm, rv, training, 0.1, 1e-5

            def bwd(rng, dt, cpu, training=training, affine=affine):
                x, w, b, rm, rv, *_ = fwd(rng, dt, cpu)
                _, mean, invstd = cpu.batch_norm(x, w, b, rm, rv, training, 0.1, 1e-5)
                return _x(rng, dt, *x.shape), x, w, mean, invstd, training
            tag = f"training{int(training)}-affine{int(affine)}"
            yield pytest.param("batch_norm", fwd, (3, 4), id=f"batch_norm-{tag}")
            yield pytest.param("batch_norm_backward", bwd, (), id=f"batch_norm_backward-{tag}")


def _state(rng, dt, n, k):
    """k positive optimizer state arrays of n elements (centered RMSprop stays real)."""
    return tuple(_x(rng, dt, n, low=0.1, high=1.0) for _ in range(k))


OPTIM = {
    "sgd_step_": [(1, (0.1, 0.9, 0.1, 0.01, True, False, False)),
                  (1, (0.1, 0.9, 0.0, 0.0, False, True, True)), (0, (0.1, 0, 0, 0, False,
                                                                       False, True))],
    "adam_step_": [(3, (3, 1e-3, 0.9, 0.999, 1e-8, 0.01, True, False, False)),
                   (3, (1, 1e-3, 0.9, 0.99, 1e-8, 0.1, False, True, True))],
    "adamax_step_": [(2, (2, 2e-3, 0.9, 0.999, 1e-8, 0.01, False))],
    "nadam_step_": [(2, (4, 0.88, 0.885, 0.6, 2e-3, 0.9, 0.999, 1e-8, 0.01, True))],
    "rmsprop_step_": [(3, (1e-2, 0.99, 1e-8, 0.01, 0.9, True, False)),
                      (1, (1e-2, 0.99, 1e-8, 0.0, 0.0, False, True))],
    "adagrad_step_": [(1, (5, 1e-2, 0.01, 0.0, 1e-10, False))],
    "adadelta_step_": [(2, (1.0, 0.9, 1e-6, 0.01, True))],
}


def _optim_cases():
    for name, configs in OPTIM.items():
        for k, scalars in configs:
            def make(rng, dt, cpu, k=k, scalars=scalars, name=name):
                n = int(rng.integers(1, 3000))
                state = _state(rng, dt, n, k)
                if name == "sgd_step_" and k == 0:
                    state = (None,)
                if name == "rmsprop_step_" and k == 1:
                    state = state + (None, None)
                if name == "rmsprop_step_" and k == 3:
                    state = (state[0], state[1], rng.uniform(-0.1, 0.1, n).astype(dt))
                return (_x(rng, dt, n), _x(rng, dt, n)) + state + scalars
            written = (0,) + tuple(range(2, 2 + k))
            yield pytest.param(name, make, written, id=f"{name}-{scalars}")


def _index_cases():
    def index_add(rng, dt, cpu):
        idx = rng.integers(0, 6, size=40)  # many duplicates: accumulation order matters
        return (6, 5), (idx,), _x(rng, dt, 40, 5), getattr(tinytorch, dt.name)

    def scatter_add(rng, dt, cpu):
        a, src = _x(rng, dt, 4, 7), _x(rng, dt, 4, 30)
        return a, 1, rng.integers(0, 7, size=(4, 30)), src
    yield pytest.param("index_add", index_add, (), id="index_add")
    yield pytest.param("scatter_add", scatter_add, (), id="scatter_add")


def _rnn_cases():
    def pair(rng, dt, gates):
        b, n = int(rng.integers(1, 9)), int(rng.integers(1, 40))
        return _x(rng, dt, b, gates * n), _x(rng, dt, b, gates * n), _x(rng, dt, b, n)

    for act in ("tanh", "relu"):
        def fwd(rng, dt, cpu, act=act):
            return pair(rng, dt, 1)[:2] + (act,)

        def bwd(rng, dt, cpu, act=act):
            gi, gh, g = pair(rng, dt, 1)
            return g, cpu.rnn_cell(gi, gh, act), act
        yield pytest.param("rnn_cell", fwd, (), id=f"rnn_cell-{act}")
        yield pytest.param("rnn_cell_backward", bwd, (), id=f"rnn_cell_backward-{act}")

    def lstm_bwd(rng, dt, cpu):
        gi, gh, c = pair(rng, dt, 4)
        return (_x(rng, dt, *c.shape), _x(rng, dt, *c.shape)) + cpu.lstm_cell(gi, gh, c)[2:] + (c,)

    def gru_bwd(rng, dt, cpu):
        gi, gh, h = pair(rng, dt, 3)
        return _x(rng, dt, *h.shape), cpu.gru_cell(gi, gh, h)[1], gh, h
    yield pytest.param("lstm_cell", lambda rng, dt, cpu: pair(rng, dt, 4), (), id="lstm_cell")
    yield pytest.param("lstm_cell_backward", lstm_bwd, (), id="lstm_cell_backward")
    yield pytest.param("gru_cell", lambda rng, dt, cpu: pair(rng, dt, 3), (), id="gru_cell")
    yield pytest.param("gru_cell_backward", gru_bwd, (), id="gru_cell_backward")


CASES = (list(_index_cases()) + list(_act_cases()) + list(_softmax_cases()) + list(_ce_cases())
         + list(_attention_cases()) + list(_conv_cases()) + list(_pool_cases())
         + list(_bn_cases()) + list(_optim_cases()) + list(_rnn_cases()))


# --- running a case ---------------------------------------------------------------------------
def _to_device(cuda, a, contiguous):
    if isinstance(a, tuple):  # a getitem-style index
        return tuple(_to_device(cuda, v, contiguous) for v in a)
    if not isinstance(a, np.ndarray):
        return a
    a = a.copy()  # kernels may write in place; the host copy stays the reference
    if contiguous or a.ndim == 0:
        return cuda.from_host(a)
    wide = cuda.from_host(np.repeat(a, 2, axis=-1))
    view = wide[..., ::2]  # same values, every other element: strides the kernels must handle
    assert not view.flags.c_contiguous or a.shape[-1] == 1
    return view


def _outputs(backend, result, args, written):
    results = result if isinstance(result, tuple) else (result,)
    host = [None if r is None else backend.to_host(r) for r in results]
    return host + [backend.to_host(args[i]) for i in written if args[i] is not None]


def _run(backend, kernel, args, written, contiguous=True):
    if backend.device.type == "cuda":
        args = [_to_device(backend, a, contiguous) for a in args]
    else:
        args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    return _outputs(backend, getattr(backend, kernel)(*args), args, written)


@pytest.mark.parametrize("contiguous", [True, False], ids=["contiguous", "strided"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kernel,make,written", CASES)
def test_cuda_kernel_matches_cpu(backends, kernel, make, written, dtype, contiguous):
    cpu, cuda = backends
    args = make(np.random.default_rng(0), np.dtype(dtype), cpu)
    expected = _run(cpu, kernel, args, written)
    actual = _run(cuda, kernel, args, written, contiguous)
    assert len(actual) == len(expected)
    for i, (a, e) in enumerate(zip(actual, expected)):
        if e is None:
            assert a is None, f"{kernel} output {i}: expected None"
            continue
        assert a.shape == e.shape and a.dtype == e.dtype, f"{kernel} output {i}"
        if e.dtype.kind == "f":
            np.testing.assert_allclose(a, e, **TOL[dtype], err_msg=f"{kernel} output {i}")
        else:
            np.testing.assert_array_equal(a, e, err_msg=f"{kernel} output {i}")


FUSED = [c for c in CASES if hasattr(CompositeKernels, c.values[0])]


def test_every_fused_override_of_a_composite_kernel_has_a_case(backends):
    _, cuda = backends
    fused = {k for k in vars(CompositeKernels) if not k.startswith("_")
             and getattr(type(cuda), k) is not getattr(CompositeKernels, k)}
    assert fused == {c.values[0] for c in FUSED}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kernel,make,written", FUSED)
def test_fused_cuda_kernel_matches_the_shared_formula(backends, kernel, make, written, dtype):
    """NOTE [Composite kernels]: a fused kernel may replace the shared formula, not change it."""
    cpu, cuda = backends
    args = [_to_device(cuda, a, True) for a in make(np.random.default_rng(2), np.dtype(dtype),
                                                       cpu)]
    fused = _outputs(cuda, getattr(cuda, kernel)(*args), args, written)
    shared = _outputs(cuda, getattr(CompositeKernels, kernel)(cuda, *args), args, written)
    for i, (a, e) in enumerate(zip(fused, shared)):
        assert (a is None) == (e is None), f"{kernel} output {i}"
        if e is not None:
            np.testing.assert_allclose(a, e, **TOL[dtype], err_msg=f"{kernel} output {i}")


@pytest.mark.parametrize("kernel,make,written", CASES)
def test_cuda_kernel_is_bit_identical_run_to_run(backends, kernel, make, written):
    cpu, cuda = backends
    args = make(np.random.default_rng(1), np.dtype("float32"), cpu)
    first = _run(cuda, kernel, args, written)
    second = _run(cuda, kernel, args, written)
    for a, b in zip(first, second):
        assert (a is None and b is None) or a.tobytes() == b.tobytes(), kernel


def test_cuda_bernoulli_mask_is_seeded_and_has_the_right_rate(backends):
    _, cuda = backends
    draw = lambda seed: cuda.to_host(cuda.bernoulli_mask(cuda.make_rng(seed), (1000, 100),
                                                         0.3, tinytorch.float32))
    a, b, c = draw(5), draw(5), draw(6)
    assert a.dtype == np.float32 and set(np.unique(a)) <= {0.0, 1.0}
    assert abs(a.mean() - 0.7) < 0.01
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    rng = cuda.make_rng(5)
    first = cuda.to_host(cuda.bernoulli_mask(rng, (100,), 0.5, tinytorch.float64))
    second = cuda.to_host(cuda.bernoulli_mask(rng, (100,), 0.5, tinytorch.float64))
    assert not np.array_equal(first, second)  # the stream advances


def test_cuda_random_kernels_are_seeded(backends):
    _, cuda = backends
    for draw in (lambda r: cuda.rand(r, (50,), tinytorch.float32),
                 lambda r: cuda.randn(r, (50,), tinytorch.float64),
                 lambda r: cuda.randint(r, 3, 9, (50,), tinytorch.int64),
                 lambda r: cuda.randperm(r, 50, tinytorch.int64)):
        a = cuda.to_host(draw(cuda.make_rng(11)))
        assert np.array_equal(a, cuda.to_host(draw(cuda.make_rng(11))))
    perm = cuda.to_host(cuda.randperm(cuda.make_rng(3), 1000, tinytorch.int64))
    assert sorted(perm.tolist()) == list(range(1000))


def _train_once():
    from tinytorch import nn
    from tinytorch.nn import functional as F
    tinytorch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.2), nn.Linear(8 * 4 * 4, 5))
    model = model.to("cuda")
    opt = tinytorch.optim.AdamW(model.parameters(), lr=1e-2)
    g = tinytorch.Generator().manual_seed(1)
    x = tinytorch.randn(16, 3, 8, 8, generator=g).to("cuda")
    y = tinytorch.randint(0, 5, (16,), generator=g).to("cuda")
    for _ in range(5):
        opt.zero_grad()
        F.cross_entropy(model(x), y, label_smoothing=0.1).backward()
        opt.step()
    return [p.detach().cpu().numpy() for p in model.parameters()]


def test_two_seeded_cuda_training_runs_end_with_identical_weights(backends):
    from tinytorch import nn
    if not hasattr(tinytorch, "optim") or not hasattr(nn, "Conv2d"):
        pytest.skip("needs tinytorch.nn modules and tinytorch.optim")
    first, second = _train_once(), _train_once()
    assert all(a.tobytes() == b.tobytes() for a, b in zip(first, second))
