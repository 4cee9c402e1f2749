"""F.linear with a bias that is not one value per output feature, against PyTorch: a 2-D bias
broadcast over a 2-D result (addmm's), over the N-D result of a 3-D input (PyTorch's matmul
then add, when the bias has more than out_features elements), its errors, and gradients (the
bias's summed back to its own shape: a (1, out) bias got a (out,) gradient, which the engine
refused)."""

import pytest

import tinytorch
from tinytorch.autograd import gradcheck

torch = pytest.importorskip("torch")

CASES = [((2, 3, 4), (1, 5)), ((2, 3, 4), (3, 5)), ((2, 3, 4), (2, 3, 5)),
         ((2, 3, 4), (2, 1, 5)), ((2, 3, 4), (5,)), ((6, 4), (6, 5)), ((6, 4), (1, 5)),
         ((6, 4), (5,)), ((4,), (5,)), ((2, 3, 4), (4, 5)), ((2, 3, 4), (1, 1, 5))]


def _run(lib, x_shape, b_shape):
    def arange(shape):
        n = 1
        for d in shape:
            n *= d
        return (lib.arange(float(n), dtype=lib.float64) / 7).reshape(shape).requires_grad_()
    x, w, b = arange(x_shape), arange((5, 4)), arange(b_shape)
    try:
        y = lib.nn.functional.linear(x, w, b)
    except RuntimeError as e:
        return ("raises", str(e).split(" (shapes")[0])  # tinytorch's hint apart
    y.pow(2).sum().backward()
    return (tuple(y.shape), y.tolist(), x.grad.tolist(), w.grad.tolist(), b.grad.tolist(),
            type(y.grad_fn).__name__)


@pytest.mark.parametrize("x_shape,b_shape", CASES)
def test_linear_bias_shapes_as_pytorch(x_shape, b_shape):
    want = _run(torch, x_shape, b_shape)
    got = _run(tinytorch, x_shape, b_shape)
    assert got[0] == want[0]
    if want[0] == "raises":
        assert got[1] == want[1]
        return
    assert got[5] == want[5]
    for g, w in zip(got[1:5], want[1:5]):
        assert _flat(g) == pytest.approx(_flat(w), rel=1e-12)


def _flat(values):
    return [v for x in values for v in _flat(x)] if isinstance(values, list) else [values]


@pytest.mark.parametrize("x_shape,b_shape", [((2, 3, 4), (1, 5)), ((2, 3, 4), (3, 5)),
                                             ((6, 4), (6, 5))])
def test_linear_bias_shapes_gradcheck(x_shape, b_shape):
    x = tinytorch.randn(*x_shape, dtype=tinytorch.float64, requires_grad=True)
    w = tinytorch.randn(5, 4, dtype=tinytorch.float64, requires_grad=True)
    b = tinytorch.randn(*b_shape, dtype=tinytorch.float64, requires_grad=True)
    assert gradcheck(tinytorch.nn.functional.linear, (x, w, b))
