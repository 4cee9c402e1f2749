"""scatter_reduce's "prod", "amax" and "amin" (one op, ``ScatterReduce``, over the backend's
``scatter_reduce`` kernel): PyTorch's values and gradients bit for bit on zeros, infinities
and NaN, its sequential order, memory that grows with the index alone, and PyTorch's refusal
of negative indices across the gather/scatter family."""

import math
import random
import tracemalloc
import warnings

import numpy as np
import pytest

import tinytorch
from tinytorch.autograd import gradcheck
from tinytorch.autograd import gradgradcheck

torch = pytest.importorskip("torch")

GRID = [0.0, 1.0, -2.0, math.inf, -math.inf, math.nan, 1e30, -1e30, 1e-30]


def _run(lib, xs, ss, index, reduce, include_self, dtype):
    x = lib.tensor(xs, dtype=getattr(lib, dtype), requires_grad=True)
    s = lib.tensor(ss, dtype=getattr(lib, dtype), requires_grad=True)
    y = x.scatter_reduce(0, lib.tensor(index), s, reduce, include_self=include_self)
    (y * lib.tensor([1.0, -2.0, 3.0], dtype=getattr(lib, dtype))).sum().backward()
    return str([y.tolist(), x.grad.tolist(), s.grad.tolist()])  # NaN == NaN, -0.0 != 0.0


@pytest.mark.parametrize("reduce", ["prod", "amax", "amin"])
def test_values_and_gradients_are_pytorchs_on_zeros_infinities_and_nan(reduce):
    rng = random.Random(0)
    with warnings.catch_warnings():  # NOTE [Quiet floating-point results]
        warnings.simplefilter("ignore")
        for _ in range(60):
            xs = [rng.choice(GRID) for _ in range(3)]
            ss = [rng.choice(GRID) for _ in range(4)]
            index = [rng.randrange(3) for _ in range(4)]
            for include_self in (True, False):
                for dtype in ("float32", "float64"):
                    args = (xs, ss, index, reduce, include_self, dtype)
                    assert _run(tinytorch, *args) == _run(torch, *args), args


def test_prod_multiplies_in_index_order_as_pytorch():
    # 0 * -1e30 * -1e10 is 0 in float32; the sources' product first overflows to inf (0 * inf)
    x = tinytorch.zeros(1)
    out = x.scatter_reduce(0, tinytorch.tensor([0, 0]), tinytorch.tensor([-1e30, -1e10]), "prod")
    assert out.tolist() == [0.0]


@pytest.mark.parametrize("reduce", ["prod", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_second_derivatives(reduce, include_self):
    x = tinytorch.tensor([1.5, -2.0, 3.0, 0.7], dtype=tinytorch.float64, requires_grad=True)
    s = tinytorch.tensor([2.0, 0.0, -4.0, 5.0, 1.1, 7.0], dtype=tinytorch.float64,
                         requires_grad=True)
    index = tinytorch.tensor([0, 1, 1, 2, 2, 0])

    def f(x, s):
        return x.scatter_reduce(0, index, s, reduce, include_self=include_self)
    assert gradcheck(f, (x, s))
    assert gradgradcheck(f, (x, s))


def test_double_backward_refuses_two_zeros_at_a_position_as_pytorch():
    x = tinytorch.ones(2, dtype=tinytorch.float64, requires_grad=True)
    s = tinytorch.tensor([0.0, 0.0, 3.0], dtype=tinytorch.float64, requires_grad=True)
    y = x.scatter_reduce(0, tinytorch.tensor([0, 0, 1]), s, "prod")
    first = tinytorch.autograd.grad(y.sum(), (x, s), retain_graph=True)  # once is fine
    assert first[1].tolist() == [0.0, 0.0, 1.0]
    with pytest.raises(RuntimeError, match=r"Double backward is unsupported for src when >1 "
                                           r"zeros in src are scattered to the same position"):
        tinytorch.autograd.grad(y.sum(), (x, s), create_graph=True)


def test_a_zero_dim_input_is_one_element():
    for lib in (tinytorch, torch):
        x = lib.tensor(1.5, requires_grad=True)
        s = lib.tensor(2.0, requires_grad=True)
        y = x.scatter_reduce(0, lib.tensor(0), s, "prod")
        y.backward()
        assert (y.shape, y.item(), x.grad.item(), s.grad.item()) == ((), 3.0, 2.0, 1.5)


def test_memory_grows_with_the_index_not_with_its_product_with_the_dim():
    # a graph network's scatter-max: 1,000 nodes, 20,000 edges of 8 features; gathering the
    # contributions densely (as tinytorch once did) takes 1000 x 20000 x 8 floats, 640 MB
    rng = np.random.default_rng(0)
    index = tinytorch.tensor(rng.integers(0, 1000, (20000, 8)))
    src = tinytorch.tensor(rng.standard_normal((20000, 8), dtype=np.float32),
                           requires_grad=True)
    x = tinytorch.zeros(1000, 8)
    tracemalloc.start()
    try:
        out = x.scatter_reduce(0, index, src, "amax", include_self=False)
        out.sum().backward()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20, peak
    expected = np.full((1000, 8), -np.inf, np.float32)
    np.maximum.at(expected, (index.numpy(), np.arange(8)), src.detach().numpy())
    np.testing.assert_array_equal(out.detach().numpy(), expected)


NEGATIVE = {  # PyTorch refuses a negative index in these (its advanced indexing wraps them)
    "gather": (lambda lib, x, i, s: x.gather(0, i), RuntimeError,
               "index -1 is out of bounds for dimension 0 with size 3"),
    "scatter": (lambda lib, x, i, s: x.scatter(0, i, s), RuntimeError,
                "index -1 is out of bounds for dimension 0 with size 3"),
    "scatter_add": (lambda lib, x, i, s: x.scatter_add(0, i, s), RuntimeError,
                    "index -1 is out of bounds for dimension 0 with size 3"),
    "scatter_reduce": (lambda lib, x, i, s: x.scatter_reduce(0, i, s, "amax"), RuntimeError,
                       "index -1 is out of bounds for dimension 0 with size 3"),
    "index_add": (lambda lib, x, i, s: x.index_add(0, i, s), IndexError,
                  "index out of range in self"),
    "index_copy": (lambda lib, x, i, s: x.index_copy(0, i, s), IndexError,
                   r"index_copy_\(\): index -1 is out of bounds for dimension 0 with size 3"),
    "index_select": (lambda lib, x, i, s: x.index_select(0, i), IndexError,
                     "index out of range in self"),
}


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_negative_indices_raise_pytorchs_error(name):
    call, exc, match = NEGATIVE[name]
    for lib in (tinytorch, torch):
        with pytest.raises(exc, match=match):
            call(lib, lib.zeros(3), lib.tensor([-1, 0]), lib.tensor([2.0, 3.0]))


SOURCES = {  # a source that is no slice of input's: PyTorch refuses it (NumPy broadcast it)
    "index_add of a broadcastable source":
        lambda L: L.zeros(3, 4).index_add(0, L.tensor([0]), L.ones(1)),
    "index_add of a wrong slice": lambda L: L.zeros(3, 4).index_add(1, L.tensor([0]),
                                                                   L.ones(2, 1)),
    "index_reduce of a 0-d source": lambda L: L.zeros(3).index_reduce(0, L.tensor([0]),
                                                                      L.tensor(2.0), "prod"),
    "index_copy of a wrong slice": lambda L: L.zeros(3, 4, 5).index_copy(0, L.tensor([0]),
                                                                        L.ones(1, 3, 5)),
    "index_copy of another rank": lambda L: L.zeros(3, 4, 5).index_copy(1, L.tensor([0]),
                                                                        L.ones(2, 1)),
    "0-d index_add": lambda L: L.zeros(()).index_add(0, L.tensor([0]), L.tensor(1.0), alpha=2),
    "0-d index_copy": lambda L: L.zeros(()).index_copy(0, L.tensor([0]), L.tensor(1.0)),
    "0-d index_fill": lambda L: L.zeros(()).index_fill(0, L.tensor([0]), 1.0),
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_source_shapes_as_pytorch(name):
    def run(lib):
        try:
            return SOURCES[name](lib).tolist()
        except (RuntimeError, IndexError) as e:
            return type(e).__name__, str(e)
    assert run(tinytorch) == run(torch)
