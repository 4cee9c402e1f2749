"""The CPU backend's kernels split over tinytorch's threads (NOTE [CPU threads]): each gives
NumPy's result (the same bits for elementwise kernels and copies), the same bits run to run
and whatever the thread count, and the pool hands errors back and never deadlocks."""

import os
import threading
import time

import numpy as np
import pytest

import tinytorch
from tinytorch.backends import threads
from tinytorch.backends.cpu import CPUBackend
from tinytorch.backends._array_api import ArrayAPIBackend
from tinytorch.backends.cpu_parallel import _FILL, _MIN_ARITHMETIC, _MIN_ELEMENTS
from tinytorch.backends.cpu_parallel import _OPTIMIZER_STEPS, _STEP_BLOCK

BE = CPUBackend()
BIG = (3, _MIN_ARITHMETIC // 3 + 7)  # above the split sizes, not a multiple of the thread count


@pytest.fixture(params=[1, 2, 3], ids=lambda n: f"{n}threads")
def num_threads(request):
    before = tinytorch.get_num_threads()
    tinytorch.set_num_threads(request.param)
    yield request.param
    tinytorch.set_num_threads(before)


def _rand(*shape, dtype=np.float32, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("kernel, ufunc", [
    ("add", np.add), ("sub", np.subtract), ("mul", np.multiply), ("div", np.true_divide),
    ("gt", np.greater), ("maximum", np.maximum), ("minimum", np.minimum)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_kernels_give_numpys_bits(kernel, ufunc, dtype, num_threads):
    a, b = _rand(*BIG, dtype=dtype), _rand(*BIG, dtype=dtype, seed=1)
    fn = getattr(BE, kernel)
    for x, y in ((a, b), (a, 0.5), (2, b), (a, 3)):
        got, want = fn(x, y), ufunc(x, y)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


def test_two_python_numbers_stay_python_numbers():
    # the array API's kernels are Python's operators there: a NumPy int64 from 2 - 1 would
    # make a float32 x ** (2 - 1) float64 (PowBackward's exponent)
    for kernel in ("add", "sub", "mul", "div"):
        assert type(getattr(BE, kernel)(2, 1)) in (int, float)
    x = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    (x ** 2).sum().backward()
    assert x.grad.dtype == tinytorch.float32


def test_binary_kernels_leave_what_they_cannot_split_to_numpy(num_threads):
    a = _rand(*BIG)
    for y in (_rand(1, BIG[1]), a.T.copy().T, a.astype(np.float64), np.float32(2)):
        np.testing.assert_array_equal(BE.mul(a, y), a * y)
    ints = np.arange(_MIN_ELEMENTS * 2)
    assert BE.add(ints, 1).dtype == ints.dtype


@pytest.mark.parametrize("size", [1500, _FILL + 5, 3 * _MIN_ARITHMETIC // 2])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_min_and_max_with_a_number_give_numpys_values(size, dtype, num_threads):
    # NOTE [Min and max with a number]: against a filled array, in whole runs and a partial one
    a = _rand(size, dtype=dtype)
    a[:6] = [np.nan, -np.inf, np.inf, -0.0, 0.0, 80]
    for value in (0, 0.5, -3, 80, float("nan"), float("inf")):
        for kernel, ufunc in (("maximum", np.maximum), ("minimum", np.minimum)):
            for x, y in ((a, value), (value, a)):
                got, want = getattr(BE, kernel)(x, y), ufunc(x, y)
                assert got.dtype == want.dtype and got.shape == want.shape
                np.testing.assert_array_equal(got, want)
    two_d = a[:size // 3 * 3].reshape(3, -1)
    np.testing.assert_array_equal(BE.relu(two_d), np.maximum(two_d, 0))


@pytest.mark.parametrize("kernel, ufunc", [("exp", np.exp), ("tanh", np.tanh)])
def test_unary_kernels_give_numpys_bits(kernel, ufunc, num_threads):
    a = _rand(*BIG)
    np.testing.assert_array_equal(getattr(BE, kernel)(a), ufunc(a))
    np.testing.assert_array_equal(BE.relu(a), np.maximum(a, 0))


@pytest.mark.parametrize("shape_a, shape_b", [
    ((300, 200), (200, 100)),  # rows
    ((20, 300), (300, 400)),  # columns
    ((6, 300), (300, 12)),  # too small on both sides: one GEMM
    ((6, 64, 50), (6, 50, 70)),  # batch
    ((6, 64, 50), (50, 70)),  # batch, b broadcast
    ((1, 64, 50), (5, 50, 70)),  # batch, a broadcast
    ((7, 30), (30,)),  # a vector: NumPy's
])
def test_matmul_gives_the_same_bits_at_every_thread_count(shape_a, shape_b):
    a, b = _rand(*shape_a), _rand(*shape_b, seed=1)
    results = []
    before = tinytorch.get_num_threads()
    try:
        for n in (1, 2, 3, 2):
            tinytorch.set_num_threads(n)
            results.append(BE.matmul(a, b))
    finally:
        tinytorch.set_num_threads(before)
    np.testing.assert_allclose(results[0], np.matmul(a.astype(np.float64), b), rtol=1e-4,
                               atol=1e-4)
    np.testing.assert_array_equal(results[1], results[3])  # run to run


def test_contiguous_copies_give_numpys_bits(num_threads):
    a = _rand(4, 5, 3000)
    for view in (a.transpose(2, 0, 1), a[:, ::2], a.transpose(1, 0, 2), a[:1].transpose(2, 1, 0)):
        got = BE.ascontiguous(view)
        assert got.flags.c_contiguous
        np.testing.assert_array_equal(got, view)
    assert BE.ascontiguous(a) is a


def _conv_pool_step(seed):
    tinytorch.manual_seed(seed)
    x = tinytorch.randn(16, 3, 30, 30, requires_grad=True)
    conv = tinytorch.nn.Conv2d(3, 16, 5)
    y = tinytorch.nn.functional.max_pool2d(conv(x).relu(), 2)
    (y * tinytorch.randn(y.shape)).sum().backward()
    return [t.detach().numpy().copy() for t in (y, x.grad, conv.weight.grad, conv.bias.grad)]


# (state arguments, hyperparameters) of each optimizer kernel, with every option that changes
# its arithmetic switched on somewhere; "s" is a state array, "v" a running mean of squares
# above the square of any other array (centered RMSprop takes its difference's sqrt), "-" an
# unused state (None).
_STEP_CASES = {
    "sgd_step_": [("s", dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01,
                           nesterov=True, maximize=False, first_step=False)),
                  ("-", dict(lr=0.1, momentum=0, dampening=0, weight_decay=0, nesterov=False,
                           maximize=True, first_step=True))],
    "adam_step_": [("sss", dict(step=3, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                            weight_decay=0.01, amsgrad=True, maximize=False,
                            decoupled_weight_decay=True))],
    "adamax_step_": [("ss", dict(step=2, lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                              weight_decay=0.01, maximize=True))],
    "nadam_step_": [("ss", dict(step=2, mu=0.9, mu_next=0.91, mu_product=0.8, lr=2e-3, beta1=0.9,
                             beta2=0.999, eps=1e-8, weight_decay=0.01, maximize=False))],
    "rmsprop_step_": [("vss", dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.01, momentum=0.9,
                               centered=True, maximize=False))],
    "adagrad_step_": [("s", dict(step=2, lr=1e-2, lr_decay=0.01, weight_decay=0.01, eps=1e-10,
                               maximize=False))],
    "adadelta_step_": [("ss", dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.01, maximize=True))],
}


@pytest.mark.parametrize("name", sorted(_OPTIMIZER_STEPS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_blocked_optimizer_steps_give_the_whole_kernels_bits(name, dtype, num_threads):
    # NOTE [Blocked steps]: above its size, each update runs in blocks over the threads; the
    # parameter, every state array and the untouched gradient must equal the whole call's.
    assert set(_STEP_CASES) == set(_OPTIMIZER_STEPS)
    size = max(_OPTIMIZER_STEPS[name], 2 * _STEP_BLOCK) + 12345  # a ragged last block
    for state, hyper in _STEP_CASES[name]:
        arrays = [None if kind == "-" else np.abs(_rand(size, dtype=dtype, seed=i))
                  + (32 if kind == "v" else 0) for i, kind in enumerate("ss" + state)]
        grad_before = arrays[1].copy()
        blocked, whole = ([None if a is None else a.copy() for a in arrays] for _ in range(2))
        getattr(BE, name)(*blocked, **hyper)
        getattr(ArrayAPIBackend, name)(BE, *whole, **hyper)
        for got, want in zip(blocked, whole):
            np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(blocked[1], grad_before)


def test_blocked_optimizer_steps_take_positional_hyperparameters_and_strided_arrays():
    size = 2 * _OPTIMIZER_STEPS["adadelta_step_"]
    hyper = (1.0, 0.9, 1e-6, 0.0, False)
    strided = [np.abs(_rand(2 * size, seed=s))[::2] for s in range(4)]  # the whole kernel
    contiguous = [np.ascontiguousarray(a) for a in strided]
    BE.adadelta_step_(*strided, *hyper)
    BE.adadelta_step_(*contiguous, *hyper)
    for got, want in zip(strided, contiguous):
        np.testing.assert_array_equal(got, want)


def test_conv_and_pool_steps_match_across_thread_counts():
    before = tinytorch.get_num_threads()
    try:
        runs = []
        for n in (1, 2, 2):
            tinytorch.set_num_threads(n)
            runs.append(_conv_pool_step(0))
    finally:
        tinytorch.set_num_threads(before)
    for one, two, again in zip(*runs):
        np.testing.assert_allclose(two, one, rtol=1e-5, atol=1e-5)
        np.testing.assert_array_equal(two, again)


def _conv_results(x, w, padding):
    args = ((1, 1), (padding, padding), (1, 1))
    y = BE.conv2d(x, w, *args, 1)
    g = _rand(*y.shape, seed=3)
    return (y, BE.conv2d_backward_weight(g, x, w.shape, *args, 1),
            BE.conv2d_backward_input(g, w, x.shape, *args, 1))


@pytest.mark.parametrize("padding", [0, 1])
@pytest.mark.parametrize("plane", [(50, 52), (8, 9)], ids=["batch_first", "batch_last"])
def test_convolution_by_sample_blocks_is_the_same_bits_on_any_thread_count(padding, plane):
    # NOTE [Convolution by sample blocks]: 21 samples in fixed blocks (several a thread), the
    # forward, the weight gradient (partials summed in a fixed order) and the input gradient
    # the same bits on 1, 2 and 3 threads, and those of the whole-matrix products to rounding
    x, w = _rand(21, 3, *plane, seed=1), _rand(5, 3, 3, 3, seed=2)
    before = tinytorch.get_num_threads()
    try:
        runs = []
        for n in (1, 2, 3):
            tinytorch.set_num_threads(n)
            runs.append(_conv_results(x, w, padding))
    finally:
        tinytorch.set_num_threads(before)
    for one, *others in zip(*runs):
        for other in others:
            np.testing.assert_array_equal(other, one)
    torch = pytest.importorskip("torch")
    y, gw, gx = runs[0]
    xt, wt = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    yt = torch.nn.functional.conv2d(xt, wt, padding=padding)
    yt.backward(torch.tensor(_rand(*y.shape, seed=3)))
    for ours, theirs in ((y, yt), (gw, wt.grad), (gx, xt.grad)):
        theirs = theirs.detach().numpy()  # float32 sums of up to 50K terms (the weight's)
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5 * np.abs(theirs).max())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("zero", [0, 0.0, -0.0])
def test_where_against_zero_gives_numpys_bits(dtype, zero, num_threads):
    # NOTE [Masks as products of bits]: above and below the split size, with inf, NaN and -0.0
    # among the kept values; a -0.0 to fill with is NumPy's where itself
    for size in (1000, _MIN_ARITHMETIC + 7):
        a = _rand(size, dtype=dtype)
        a[:4] = [np.inf, -np.inf, np.nan, -0.0]
        cond = _rand(size, seed=5) > 0
        cond[:4] = [True, False, True, True]
        got, want = BE.where(cond, a, zero), np.where(cond, a, dtype(zero))
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got.view(np.uint8), want.view(np.uint8))


def test_parallel_runs_every_task_and_raises_the_first_error(num_threads):
    done = []
    threads.parallel([lambda i=i: done.append(i) for i in range(num_threads)])
    assert sorted(done) == list(range(num_threads))

    def fail():
        raise ValueError("part failed")
    with pytest.raises(ValueError, match="part failed"):
        threads.parallel([lambda: None, fail][:num_threads] if num_threads > 1 else [fail])
    threads.parallel([lambda: done.append("after")] * num_threads)  # the pool still works
    assert done.count("after") == num_threads


def test_a_nested_or_concurrent_split_runs_on_the_calling_thread(num_threads):
    inner = []

    def task():
        threads.parallel([lambda: inner.append(threading.current_thread().name)] * 2)
    threads.parallel([task] * num_threads)
    assert len(inner) == 2 * num_threads
    seen = []
    users = [threading.Thread(target=lambda: seen.append(float(BE.mul(_rand(*BIG), 2).sum())))
             for _ in range(4)]
    for t in users:
        t.start()
    for t in users:
        t.join(timeout=60)
    assert len(seen) == 4 and len(set(seen)) == 1


def test_one_thread_keeps_a_threads_kernels_whole_and_leaves_other_threads_alone(monkeypatch):
    split = []
    real = threads.parallel
    monkeypatch.setattr(threads, "parallel", lambda tasks: (
        split.extend([len(tasks)] if len(tasks) > 1 else []), real(tasks)))
    tinytorch.set_num_threads(2)
    a = _rand(*BIG)
    with BE.one_thread():
        with threads.one_thread():  # nested regions
            BE.mul(a, 2)
        BE.exp(a)
        assert threads.available() == 1
        other = []
        t = threading.Thread(target=lambda: other.append(threads.available()))
        t.start()
        t.join(timeout=60)
        assert other == [2]  # another thread still splits its kernels
    assert split == [] and threads.available() == 2
    np.testing.assert_array_equal(BE.exp(a), np.exp(a))
    assert split == [2]


def test_recurrence_steps_run_whole_and_the_weight_gradients_split(monkeypatch):
    # NOTE [Loops of small kernels]: an LSTM whose step GEMMs and exps are above the split sizes
    # splits only its kernels over all steps at once (the input projection in forward; the
    # weight gradients in backward), not one per step
    split = []
    real = threads.parallel
    monkeypatch.setattr(threads, "parallel", lambda tasks: (
        split.extend([len(tasks)] if len(tasks) > 1 else []), real(tasks)))
    results = []
    for n in (2, 1):
        tinytorch.set_num_threads(n)
        tinytorch.manual_seed(0)
        lstm = tinytorch.nn.LSTM(64, 128)
        x = tinytorch.randn(12, 200, 64)
        out, (h, c) = lstm(x)
        forward_splits = len(split)
        (out.sum() + c.sum()).backward()
        results.append([out, h, c] + [p.grad for p in lstm.parameters()])
        if n == 2:
            assert 0 < forward_splits <= 2 and 0 < len(split) - forward_splits <= 4, split
    for got, want in zip(*results):
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-5,
                                   atol=1e-4)


def test_beside_runs_a_task_on_a_worker_and_frees_the_workers_at_the_join(num_threads):
    caller = threading.current_thread().name
    join = threads.beside(lambda: threading.current_thread().name)
    ran = []
    threads.parallel([lambda: ran.append(threading.current_thread().name)] * 2)
    # the workers are the task's until the join: a split meanwhile runs on the caller
    assert ran == [caller] * 2 if num_threads > 1 else len(ran) == 2
    assert (join() == caller) == (num_threads == 1)

    def fail():
        raise ValueError("beside failed")
    join = threads.beside(fail)
    with pytest.raises(ValueError, match="beside failed"):
        join()
    after = []
    threads.parallel([lambda: after.append(threading.get_ident())] * num_threads)
    assert len(set(after)) == num_threads  # free again: each part on its own thread


def test_recurrent_weight_gradients_are_the_same_bits_at_every_thread_count(two_threads):
    # NOTE [Weight gradients beside the loop]: dWhh's blocks of steps (a worker runs them
    # beside the loop) are fixed by the step count and added in one order
    grads = []
    for n in (1, 2, 3, 2):
        tinytorch.set_num_threads(n)
        tinytorch.manual_seed(0)
        lstm = tinytorch.nn.LSTM(16, 32)
        out, _ = lstm(tinytorch.randn(23, 40, 16))
        out.sum().backward()
        grads.append(lstm.weight_hh_l0.grad.numpy())
    for g in grads[1:]:
        np.testing.assert_array_equal(g, grads[0])


@pytest.fixture
def two_threads():
    before = tinytorch.get_num_threads()
    tinytorch.set_num_threads(2)
    yield
    tinytorch.set_num_threads(before)


def test_an_error_in_the_backward_loop_frees_the_workers_of_a_running_block(monkeypatch,
                                                                           two_threads):
    # a block's GEMM runs beside the loop when a later step fails: the error reaches the
    # caller and the workers are joined and free again (not held by the abandoned block)
    lstm = tinytorch.nn.LSTM(8, 16)
    out, _ = lstm(tinytorch.randn(20, 4, 8))
    calls, real = [], type(BE).lstm_cell_backward

    def failing(self, *args):
        calls.append(1)
        if len(calls) == 10:  # after the first block of 7 steps was started
            raise ValueError("cell failed")
        return real(self, *args)
    monkeypatch.setattr(type(BE), "lstm_cell_backward", failing)
    with pytest.raises(ValueError, match="cell failed"):
        out.sum().backward()
    after = []
    threads.parallel([lambda: after.append(threading.get_ident())] * 2)
    assert len(set(after)) == 2


def test_set_num_threads_resizes_the_workers():
    before = tinytorch.get_num_threads()
    try:
        tinytorch.set_num_threads(3)
        threads.parallel([lambda: None] * 3)
        assert len(threads._workers) == 2
        tinytorch.set_num_threads(1)
        assert threads._workers == []
    finally:
        tinytorch.set_num_threads(before)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_starts_its_own_workers():
    tinytorch.set_num_threads(tinytorch.get_num_threads())
    BE.mul(_rand(*BIG), 2)  # the parent's workers exist
    pid = os.fork()
    if pid == 0:  # the child: a split kernel must not wait for the parent's threads
        ok = np.array_equal(BE.mul(_rand(*BIG), 2), _rand(*BIG) * 2)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_blas_runs_on_one_thread_beside_the_workers():
    from threadpoolctl import threadpool_info
    assert {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"} <= {1}


def test_new_workers_warm_their_blas_buffers_all_at_once(monkeypatch):
    """NOTE [Warm BLAS buffers]: when workers start, the caller and every worker run the
    warming GEMM together (each in its own BLAS buffer), once; later splits do not."""
    before = tinytorch.get_num_threads()
    warmed, running, overlapped = [], [0], []
    lock = threading.Lock()

    def warm():
        with lock:
            running[0] += 1
        time.sleep(0.05)  # long enough for every thread to be inside at once
        with lock:
            overlapped.append(running[0])
            warmed.append(threading.get_ident())
            running[0] -= 1
    monkeypatch.setattr(threads, "_warm_blas", warm)
    try:
        tinytorch.set_num_threads(1)  # stops the workers
        tinytorch.set_num_threads(3)  # warms the caller's buffer (pin_blas)
        warmed.clear()
        threads.parallel([lambda: None] * 3)
        assert len(warmed) == 3 and len(set(warmed)) == 3 and max(overlapped) == 3
        threads.parallel([lambda: None] * 3)
        assert len(warmed) == 3
    finally:
        tinytorch.set_num_threads(before)


def test_starting_the_backend_warms_the_callers_blas_buffer(monkeypatch):
    warmed = []
    monkeypatch.setattr(threads, "_warm_blas", lambda: warmed.append(threading.current_thread()))
    threads.pin_blas()
    assert warmed == [threading.current_thread()]


@pytest.mark.parametrize("rows", [4, 128])  # 128 x 4 x 128 gates: the exp splits over threads
def test_lstm_cell_saturates_without_an_overflow_warning(rows, num_threads):
    # e^(-factor x) overflows to inf where a gate's input is very negative: sigma is 0 there
    # and tanh -1, and the overflow must not warn (this suite turns warnings into errors)
    n = 128
    gi = np.full((rows, 4 * n), -1e4, np.float32)
    gi[:, ::2] = 1e4
    h, c, gates, tanh_c = BE.lstm_cell(gi, np.zeros_like(gi), np.ones((rows, n), np.float32))
    want = np.where(np.arange(4 * n) % 2 == 0, 1.0, np.where(
        (np.arange(4 * n) >= 2 * n) & (np.arange(4 * n) < 3 * n), -1.0, 0.0)).astype(np.float32)
    np.testing.assert_array_equal(gates, np.broadcast_to(want, gates.shape))
    assert np.isfinite(h).all() and np.isfinite(c).all() and np.isfinite(tanh_c).all()
