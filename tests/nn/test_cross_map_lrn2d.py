"""nn.CrossMapLRN2d against PyTorch's legacy layer: values and gradients (PyTorch's own
backward formula, which is not its forward's derivative) in float64 and float32, for window
sizes around and beyond the channel count; errors, repr and grad_fn name; gradcheck where
PyTorch's formula is the derivative (one channel), and the same gradcheck failure where it
is not."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)


def _run(lib, x, g, size, dtype, **kwargs):
    t = lib.tensor(x.astype(dtype), requires_grad=True)
    m = lib.nn.CrossMapLRN2d(size, **kwargs)
    y = m(t)
    y.backward(lib.tensor(g.astype(dtype)))
    return repr(m), y.grad_fn.name(), y.detach().numpy(), t.grad.numpy()


@pytest.mark.parametrize("dtype, tol", [("float64", 1e-12), ("float32", 1e-5)])
@pytest.mark.parametrize("size", [2, 3, 4, 5, 8])
@pytest.mark.parametrize("channels", [1, 2, 3, 7])
def test_cross_map_lrn2d_matches_torch(size, channels, dtype, tol):
    x = RNG.standard_normal((2, channels, 3, 4))
    g = RNG.standard_normal(x.shape)
    kwargs = {"alpha": 0.3, "beta": 0.75, "k": 1.5} if size % 2 else {}
    theirs = _run(torch, x, g, size, dtype, **kwargs)
    ours = _run(tinytorch, x, g, size, dtype, **kwargs)
    assert ours[:2] == theirs[:2]
    for a, b in zip(ours[2:], theirs[2:]):
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


def _raises_as_torch(call):
    with pytest.raises(Exception) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value)) as ours:
        call(tinytorch)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("case", ["3d", "long", "no channels", "size 1 backward"])
def test_cross_map_lrn2d_errors_match_torch(case):
    def call(lib):
        x = {"3d": lambda: lib.randn(3, 2, 2), "long": lambda: lib.ones(1, 2, 2, 2).long(),
             "no channels": lambda: lib.randn(2, 0, 2, 2),
             "size 1 backward": lambda: lib.randn(2, 3, 2, 2, requires_grad=True)}[case]()
        y = lib.nn.CrossMapLRN2d(1 if case == "size 1 backward" else 3)(x)
        y.sum().backward()
    _raises_as_torch(call)


@pytest.mark.parametrize("size", [2, 3, 5])
def test_cross_map_lrn2d_gradcheck_where_torch_formula_is_the_derivative(size):
    m = tinytorch.nn.CrossMapLRN2d(size, alpha=0.5, beta=0.75, k=1.0)
    x = tinytorch.tensor(RNG.standard_normal((2, 1, 3, 3)), requires_grad=True)
    assert tinytorch.autograd.gradcheck(m, (x,))
    x = RNG.standard_normal((2, 3, 3, 3))
    verdicts = [lib.autograd.gradcheck(lib.nn.CrossMapLRN2d(size, alpha=0.5),
                                       (lib.tensor(x, requires_grad=True),),
                                       raise_exception=False) for lib in (torch, tinytorch)]
    assert verdicts == [False, False]
