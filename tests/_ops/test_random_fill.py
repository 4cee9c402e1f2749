"""The samplers of tinytorch/_ops/random_fill.py: seeded reproducibility, loose empirical
moments, dtypes, PyTorch's errors, and autograd (a recorded sampler sends zeros back)."""

import math

import pytest

import tinytorch


def _draw(device, method, *args, dtype=tinytorch.float64, n=20000, seed=0, **kwargs):
    x = tinytorch.empty(n, dtype=dtype, device=device)
    return getattr(x, method)(*args, generator=tinytorch.Generator(device).manual_seed(seed),
                              **kwargs)


@pytest.mark.parametrize("method, args, mean", [
    ("exponential_", (2.0,), 0.5), ("bernoulli_", (0.3,), 0.3),
    ("geometric_", (0.25,), 4.0), ("random_", (3, 7), 4.5)])
def test_sampler_mean_is_the_distributions(device, method, args, mean):
    x = _draw(device, method, *args)
    assert abs(x.mean().item() - mean) < 0.05 * mean


def test_log_normal_and_cauchy_match_their_distributions(device):
    logs = _draw(device, "log_normal_", 0.5, 0.25).log()
    assert abs(logs.mean().item() - 0.5) < 0.01 and abs(logs.std().item() - 0.25) < 0.01
    c = _draw(device, "cauchy_", 1.0, 2.0)
    assert abs(c.median().item() - 1.0) < 0.1  # quartiles at median -+ sigma
    assert abs(((c > -1.0) & (c < 3.0)).double().mean().item() - 0.5) < 0.02


def test_seeded_draws_repeat_and_generators_are_independent(device):
    a = _draw(device, "exponential_", seed=3)
    assert bool((a == _draw(device, "exponential_", seed=3)).all())
    assert not bool((a == _draw(device, "exponential_", seed=4)).all())
    tinytorch.manual_seed(5)
    b = tinytorch.empty(4, device=device).cauchy_()
    tinytorch.manual_seed(5)
    assert bool((b == tinytorch.empty(4, device=device).cauchy_()).all())


@pytest.mark.parametrize("dtype, top", [(tinytorch.uint8, 255), (tinytorch.int8, 127),
                                        (tinytorch.bool, 1), (tinytorch.float16, 2 ** 11)])
def test_random_without_bounds_spans_the_dtype(device, dtype, top):
    x = _draw(device, "random_", dtype=dtype, n=5000)
    assert x.dtype is dtype and 0 <= x.min().item() and x.max().item() <= top
    if dtype is not tinytorch.float16:
        assert x.max().item() == top


def test_random_with_one_bound_is_the_upper(device):
    x = _draw(device, "random_", 3, dtype=tinytorch.int64, n=1000)
    assert set(x.unique().tolist()) == {0, 1, 2}


@pytest.mark.parametrize("dtype", [tinytorch.bool, tinytorch.int64, tinytorch.bfloat16])
def test_bernoulli_keeps_the_dtype(device, dtype):
    if dtype is tinytorch.bfloat16 and device != "cpu":
        pytest.skip("bfloat16 tensors live on the CPU only (CuPy has no bfloat16)")
    x = tinytorch.empty(50, dtype=dtype, device=device).bernoulli_(0.5)
    assert x.dtype is dtype and set(x.double().unique().tolist()) <= {0.0, 1.0}


def test_bernoulli_with_a_tensor_of_probabilities(device):
    p = tinytorch.tensor([0.0, 1.0, 0.0, 1.0], device=device)
    assert tinytorch.empty(2, 4, device=device).bernoulli_(p).tolist() == [[0, 1, 0, 1]] * 2
    assert tinytorch.bernoulli(p).tolist() == [0, 1, 0, 1]
    assert p.bernoulli(1.0).tolist() == [1, 1, 1, 1]


@pytest.mark.parametrize("call, exc, match", [
    (lambda d: tinytorch.zeros(2, dtype=tinytorch.int64, device=d).exponential_(),
     RuntimeError, "Exponential distribution is a continuous probability distribution. dtype "
                   "must be a floating point but you specified Long"),
    (lambda d: tinytorch.zeros(2, device=d).exponential_(0), RuntimeError,
     r"exponential_ expects lambda > 0.0, but found lambda=0"),
    (lambda d: tinytorch.zeros(2, device=d).geometric_(1), RuntimeError,
     r"geometric_ expects p to be in \(0, 1\), but got p=1"),
    (lambda d: tinytorch.zeros(2, device=d).bernoulli_(1.5), RuntimeError,
     r"bernoulli_ expects p to be in \[0, 1\], but got p=1.5"),
    (lambda d: tinytorch.tensor([0.5, 2.0], device=d).bernoulli(), RuntimeError,
     "Expected p_in >= 0 && p_in <= 1 to be true, but got false."),
    (lambda d: tinytorch.tensor([1, 0], device=d).bernoulli(), NotImplementedError,
     "\"bernoulli_tensor_cpu_p_\" not implemented for 'Long'"),
    (lambda d: tinytorch.zeros(2, device=d).random_(5, 3), RuntimeError,
     "random_ expects 'from' to be less than 'to', but got from=5 >= to=3"),
    (lambda d: tinytorch.zeros(2, dtype=tinytorch.uint8, device=d).random_(300), RuntimeError,
     "to - 1 is out of bounds for unsigned char"),
    (lambda d: tinytorch.zeros(2, dtype=tinytorch.uint8, device=d).random_(-1, 3),
     RuntimeError, "from is out of bounds for unsigned char"),
    (lambda d: tinytorch.zeros(2, device=d).cauchy_(0, 0), RuntimeError,
     r"cauchy_ expects sigma > 0.0, but found sigma=0"),
    (lambda d: tinytorch.zeros(2, device=d).log_normal_(1, -1), RuntimeError,
     r"log_normal_ expects std > 0.0, but found std=-1"),
    (lambda d: tinytorch.zeros(2, requires_grad=True, device=d).exponential_(), RuntimeError,
     "a leaf Variable that requires grad is being used in an in-place operation"),
])
def test_sampler_errors_are_pytorchs(device, call, exc, match):
    with pytest.raises(exc, match=match):
        call(device)


@pytest.mark.parametrize("method, args", [
    ("exponential_", ()), ("cauchy_", ()), ("log_normal_", ()), ("geometric_", (0.5,)),
    ("bernoulli_", ()), ("random_", (4,)), ("uniform_", ()), ("normal_", ()), ("fill_", (5.0,)),
    ("zero_", ())])
def test_recorded_sampler_sends_zero_gradient(device, method, args):
    # uniform_, normal_ and fill_ once wrote into the storage and kept the old history: the
    # overwritten values went on receiving gradients (uniform_, normal_), or the tensor
    # stopped requiring grad (fill_, zero_). PyTorch's fills send zeros back.
    x = tinytorch.ones(3, requires_grad=True, device=device)
    y = getattr(x.clone(), method)(*args)
    assert y.requires_grad
    (y * 2).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_a_fill_on_a_view_stops_only_its_own_elements_gradients(device):
    leaf = tinytorch.ones(4, requires_grad=True, device=device)
    v = leaf * 1
    v[:2].fill_(7.0)
    v[3:].uniform_()
    (v * 2).sum().backward()
    assert leaf.grad.tolist() == [0.0, 0.0, 2.0, 0.0] and v[:3].tolist() == [7.0, 7.0, 1.0]


def test_bernoulli_output_carries_zero_gradient(device):
    p = tinytorch.tensor([0.5, 0.5], requires_grad=True, device=device)
    p.bernoulli().sum().backward()
    assert p.grad.tolist() == [0.0, 0.0]


def test_sampler_under_no_grad_writes_through_a_view(device):
    base = tinytorch.zeros(4, device=device)
    with tinytorch.no_grad():
        base[1:3].exponential_()
    assert base[0].item() == 0 and base[3].item() == 0 and (base[1:3] > 0).all().item()
    assert not math.isnan(base.sum().item())


def test_multinomial_method(device):
    w = tinytorch.tensor([[0.0, 1.0], [1.0, 0.0]], device=device)
    assert w.multinomial(3, replacement=True).tolist() == [[1, 1, 1], [0, 0, 0]]
