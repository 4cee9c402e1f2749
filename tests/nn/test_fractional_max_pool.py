"""F.fractional_max_pool2d / 3d and nn.FractionalMaxPool2d / 3d against PyTorch's: with the
same ``_random_samples`` the outputs, indices and gradients are equal bit for bit (float32,
float64, float16; batched and unbatched; output_size and output_ratio), argument errors,
ties and NaNs, the samples drawn from the generator, and float64 gradcheck."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)

CASES = [  # (spatial dims, input shape, kernel_size, keyword arguments)
    (2, (2, 3, 7, 8), 3, {"output_size": (3, 4)}),
    (2, (3, 9, 9), (2, 3), {"output_size": (5, 4)}),
    (2, (2, 2, 11, 13), 2, {"output_size": 10}),
    (2, (1, 2, 17, 5), 3, {"output_size": (1, 1)}),
    (2, (2, 2, 6, 7), 1, {"output_size": (6, 7)}),
    (2, (2, 3, 10, 9), 2, {"output_ratio": (0.5, 0.7)}),
    (2, (3, 10, 9), (3, 2), {"output_ratio": [0.4, 0.3]}),
    (2, (0, 2, 6, 6), 2, {"output_size": 3}),
    (3, (2, 2, 6, 7, 8), 2, {"output_size": (3, 4, 5)}),
    (3, (2, 5, 6, 7), (1, 2, 3), {"output_size": (4, 4, 2)}),
    (3, (1, 3, 9, 8, 7), (3, 1, 2), {"output_ratio": 0.5}),
    (3, (2, 7, 8, 9), 2, {"output_ratio": (0.3, 0.6, 0.7)}),
]


def _pool(lib, dims):
    return getattr(lib.nn.functional, f"fractional_max_pool{dims}d")


def _samples(shape, dims, dtype="float64"):
    batch = shape[0] if len(shape) == dims + 2 else 1
    return RNG.random((max(batch, 1), shape[-dims - 1], dims)).astype(dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("dims, shape, kernel, kwargs", CASES)
def test_fractional_max_pool_matches_torch_bit_for_bit(dims, shape, kernel, kwargs, dtype):
    x, u = RNG.standard_normal(shape).astype(dtype), _samples(shape, dims, dtype)
    results = []
    for lib in (torch, tinytorch):
        t = lib.tensor(x, requires_grad=True)
        y, indices = _pool(lib, dims)(t, kernel, return_indices=True,
                                      _random_samples=lib.tensor(u), **kwargs)
        if lib is torch:
            g = RNG.standard_normal(tuple(y.shape)).astype(dtype)
        y.backward(lib.tensor(g))
        results.append((y.detach().numpy(), indices.numpy(), t.grad.numpy(),
                        y.grad_fn.name(), str(indices.dtype).split(".")[-1]))
    for theirs, ours in zip(*results):
        np.testing.assert_array_equal(ours, theirs)


def test_fractional_max_pool_ties_take_the_first_maximum_and_nans_the_last():
    u = [[[0.5, 0.5]]]
    for row in ([1.0, 3.0, 3.0, 2.0], [1.0, float("nan"), 3.0, float("nan")],
                [float("-inf")] * 4):
        got = [tuple(np.asarray(v.tolist()) for v in _pool(lib, 2)(
            lib.tensor([[row]]), (1, 2), output_size=(1, 2), return_indices=True,
            _random_samples=lib.tensor(u))) for lib in (torch, tinytorch)]
        np.testing.assert_array_equal(got[1][0], got[0][0])
        np.testing.assert_array_equal(got[1][1], got[0][1])


def test_fractional_max_pool_draws_its_samples_from_the_generator():
    x = tinytorch.randn(2, 3, 9, 8)
    for dims, shape in ((2, (2, 3, 9, 8)), (2, (3, 9, 8)), (3, (2, 3, 9, 8))):
        x = tinytorch.randn(*shape)
        tinytorch.manual_seed(5)
        got = _pool(tinytorch, dims)(x, 2, output_ratio=(0.5,) * dims, return_indices=True)
        tinytorch.manual_seed(5)
        batch = 1 if x.ndim == dims + 1 else x.shape[0]
        u = tinytorch.rand(batch, x.shape[-dims - 1], dims, dtype=x.dtype)
        want = _pool(tinytorch, dims)(x, 2, output_ratio=(0.5,) * dims, return_indices=True,
                                      _random_samples=u)
        for a, b in zip(got, want):
            assert tinytorch.equal(a, b)


@pytest.mark.parametrize("dims, shape, kernel, kwargs", [CASES[0], CASES[1], CASES[9]])
def test_fractional_max_pool_gradcheck_float64(dims, shape, kernel, kwargs):
    x = tinytorch.tensor(RNG.permutation(np.prod(shape)).reshape(shape) * 0.1,
                         requires_grad=True)  # distinct values: one maximum per window
    u = tinytorch.tensor(_samples(shape, dims))
    assert tinytorch.autograd.gradcheck(
        lambda t: _pool(tinytorch, dims)(t, kernel, _random_samples=u, **kwargs), (x,))


def _raises_as_torch(call):
    """call(lib) raises the same exception type and message under both libraries."""
    with pytest.raises(Exception) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value)) as ours:
        call(tinytorch)
    assert str(ours.value) == str(theirs.value)


def _rand(lib, *shape, dtype="float32"):
    return lib.tensor(RNG.random(shape).astype(dtype))


ERRORS = [  # (dims, input shape, positional args, keyword args; a callable: made per lib)
    (2, (2, 3, 7, 8), (3,), {}),
    (2, (2, 3, 7, 8), (3,), {"output_ratio": 0.5}),
    (2, (2, 3, 7, 8), (3,), {"output_ratio": (0.5,)}),
    (2, (2, 3, 7, 8), (3,), {"output_ratio": (0.5, 0.5, 0.5)}),
    (2, (2, 3, 7, 8), (3,), {"output_size": 6}),
    (2, (2, 3, 7, 8), (3,), {"output_size": (6, 6, 1)}),
    (2, (2, 3, 7, 8), ((3, 3, 3),), {"output_size": (3, 3)}),
    (2, (2, 3, 7, 8), (2.0,), {"output_size": (3, 3)}),
    (2, (2, 3, 7, 8), (2,), {"output_size": (3.0, 3)}),
    (2, (2, 3, 7, 8), (2,), {"output_size": (-1, 3)}),
    (2, (2, 3, 7, 8), (8,), {"output_size": (3, 3)}),
    (2, (2, 3, 7, 8), (2,), {"output_size": (7, 8)}),
    (2, (8,), (2,), {"output_size": (3, 3), "_random_samples": (2, 3, 3)}),
    (2, (2, 3, 0, 8), (2,), {"output_size": (3, 3)}),
    (2, (2, 3, 7, 8), (2,), {"output_size": (3, 3), "_random_samples": (2, 3, 3)}),
    (2, (2, 3, 7, 8), (2,), {"output_size": (3, 3), "_random_samples": (1, 3, 2)}),
    (2, (2, 3, 7, 8), (2,), {"output_size": (3, 3), "_random_samples": (2, 3, 2, 1)}),
    (2, (2, 3, 7, 8), (2,), {"output_size": (3, 3), "_random_samples": (2, 4, 2)}),
    (2, (2, 3, 7, 8), (2,), {"output_size": (3, 3), "_random_samples": (1, 4, 3, "float64")}),
    (3, (2, 3, 6, 7, 8), (3,), {"output_ratio": (0.5, 0.5)}),
    (3, (2, 3, 6, 7, 8), (3,), {"output_size": (6, 3, 3)}),
    (3, (2, 3, 6, 7, 8), (2,), {"output_size": (4, 6, 7)}),
    (3, (2, 3, 6, 7, 8), (2,), {"output_size": (4, 6, 6)}),
    (3, (2, 3, 6, 7, 8), ((3, 3),), {"output_size": (3, 3, 3)}),
    (3, (2, 3, 6, 7, 8), (3,), {"output_size": (3, 3)}),
    (3, (7, 8), (2,), {"output_size": (3, 3, 3), "_random_samples": (1, 4, 3)}),
    (3, (2, 3, 6, 7, 8), (2,), {"output_size": (3, 3, 3), "_random_samples": (2, 3, 2)}),
]


@pytest.mark.parametrize("dims, shape, args, kwargs", ERRORS)
def test_fractional_max_pool_argument_errors_match_torch(dims, shape, args, kwargs):
    def call(lib):
        kw = dict(kwargs)
        if "_random_samples" in kw:
            kw["_random_samples"] = _samples_tensor(lib, kw["_random_samples"])
        return _pool(lib, dims)(_rand(lib, *shape), *args, **kw)
    _raises_as_torch(call)


def _samples_tensor(lib, spec):
    dtype = spec[-1] if isinstance(spec[-1], str) else "float32"
    shape = spec[:-1] if isinstance(spec[-1], str) else spec
    return _rand(lib, *shape, dtype=dtype)


def test_fractional_max_pool_refuses_integer_input_as_torch():
    for dims in (2, 3):
        _raises_as_torch(lambda lib: _pool(lib, dims)(
            lib.ones((1, 1) + (4,) * dims, dtype=lib.int64), 2, output_size=2,
            _random_samples=lib.zeros(1, 1, dims, dtype=lib.int64)))


MODULES = [
    "FractionalMaxPool2d(3, output_size=(3, 4))",
    "FractionalMaxPool2d((2, 3), output_ratio=0.5, return_indices=True)",
    "FractionalMaxPool3d(2, output_size=3, return_indices=True)",
    "FractionalMaxPool3d((1, 2, 2), output_ratio=(0.5, 0.4, 0.6))",
]


@pytest.mark.parametrize("text", MODULES)
def test_fractional_max_pool_module_matches_torch(text):
    dims = int(text[len("FractionalMaxPool")])
    shape = (2, 3) + (9,) * dims
    x, u = RNG.standard_normal(shape), _samples(shape, dims)
    got = []
    for lib in (torch, tinytorch):
        m = eval("lib.nn." + text)
        state = (repr(m), sorted(m.state_dict()), m.kernel_size, m.output_size, m.output_ratio)
        m._random_samples = lib.tensor(u)
        out = m(lib.tensor(x))
        got.append((state, [o.numpy() for o in (out if isinstance(out, tuple) else (out,))],
                    sorted(m.state_dict())))
    assert got[1][0] == got[0][0]
    assert got[1][2] == got[0][2]
    for theirs, ours in zip(got[0][1], got[1][1]):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("make", [
    "FractionalMaxPool2d(2)", "FractionalMaxPool2d(2, output_size=2, output_ratio=0.5)",
    "FractionalMaxPool2d(2, output_ratio=1.0)", "FractionalMaxPool3d(2)",
    "FractionalMaxPool3d(0, output_size=2)", "FractionalMaxPool3d((2, -1, 2), output_size=2)",
    "FractionalMaxPool3d(2, output_ratio=(0.5, 0.5, 0.0))"])
def test_fractional_max_pool_module_construction_errors_match_torch(make):
    _raises_as_torch(lambda lib: eval("lib.nn." + make))
