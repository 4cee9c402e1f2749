"""An inf or NaN upstream gradient where an op's derivative is 0 gives 0, as PyTorch's masked
backwards do (where(mask, g, 0)), not the NaN of g times a 0 mask: ReLU, relu6/hardtanh,
softshrink, maximum/minimum and median, compared with PyTorch on every kink and branch, and
hardswish's g (x/3 + 1/2) and mish's g (t + x σ(x) (1 - t²)) are one product (±inf, not
inf - inf). And
the adaptive average pools and every mode of interpolate keep an inf or NaN, in the input or
the gradient, to the outputs that read it, as PyTorch's kernels read them."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

_X = [-7.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 7.0, float("nan")]

_OPS = {
    "relu": lambda lib, x: lib.relu(x),
    "relu6": lambda lib, x: lib.nn.functional.relu6(x),
    "hardtanh": lambda lib, x: lib.nn.functional.hardtanh(x, -1.0, 1.0),
    "softshrink": lambda lib, x: lib.nn.functional.softshrink(x, 0.5),
    "maximum": lambda lib, x: lib.maximum(x, lib.zeros_like(x)),
    "minimum": lambda lib, x: lib.minimum(lib.zeros_like(x), x),
    "maximum_broadcast": lambda lib, x: lib.maximum(x, lib.tensor(0.5, dtype=x.dtype)),
    "median": lambda lib, x: x[:-1].median(),
    "nanmedian": lambda lib, x: x.nanmedian(),
    "hardswish": lambda lib, x: lib.nn.functional.hardswish(x),
    "mish": lambda lib, x: lib.nn.functional.mish(x),
}


@pytest.mark.parametrize("upstream", [float("inf"), -float("inf"), float("nan")])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(_OPS))
def test_a_nonfinite_gradient_stays_out_of_zero_derivatives(name, dtype, upstream):
    grads = []
    for lib in (tinytorch, torch):
        x = lib.tensor(_X, dtype=getattr(lib, dtype), requires_grad=True)
        y = _OPS[name](lib, x)
        y.backward(lib.full(y.shape, upstream, dtype=getattr(lib, dtype)))
        grads.append(x.grad.detach().numpy())
    np.testing.assert_array_equal(grads[0], grads[1])


@pytest.mark.parametrize("name", ["relu", "hardtanh", "maximum", "hardswish", "mish"])
def test_masked_backwards_keep_their_double_backward(name):
    # the where that now carries the mask is differentiable in g as the product was
    x = tinytorch.tensor([-1.5, 0.25, 2.0], dtype=tinytorch.float64, requires_grad=True)
    v = tinytorch.tensor([0.3, -0.7, 1.1], dtype=tinytorch.float64, requires_grad=True)
    assert tinytorch.autograd.gradgradcheck(lambda a: _OPS[name](tinytorch, a), (x,), (v,))


_POOLS = {
    "adaptive_avg_pool1d": (lambda lib, x: lib.nn.functional.adaptive_avg_pool1d(x[0], 4),
                            (1, 2, 3, 7)),
    "adaptive_avg_pool2d": (lambda lib, x: lib.nn.functional.adaptive_avg_pool2d(x, (4, 3)),
                            (1, 2, 6, 7)),
    "adaptive_avg_pool3d": (lambda lib, x: lib.nn.functional.adaptive_avg_pool3d(x, (2, 3, 2)),
                            (1, 2, 3, 5, 4)),
    "upsample_nearest": (lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=2),
                         (1, 2, 4, 5)),
    "upsample_bilinear": (lambda lib, x: lib.nn.Upsample(scale_factor=2, mode="bilinear")(x),
                          (1, 2, 4, 5)),
    # rows of the same size: PyTorch reads each pixel twice, weights 1 and 0
    "upsample_bilinear_same_rows": (
        lambda lib, x: lib.nn.functional.interpolate(x, size=(4, 8), mode="bilinear"),
        (1, 2, 4, 5)),
    "interpolate_linear": (
        lambda lib, x: lib.nn.functional.interpolate(x, size=9, mode="linear"), (1, 2, 6)),
    "interpolate_bilinear_scale": (  # a scale factor that is not in/out
        lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=1.7, mode="bilinear"),
        (1, 2, 4, 5)),
    "interpolate_bicubic": (
        lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=2, mode="bicubic",
                                                     align_corners=True), (1, 2, 4, 5)),
    "interpolate_trilinear": (
        lambda lib, x: lib.nn.functional.interpolate(x, size=(5, 4, 5), mode="trilinear"),
        (1, 2, 3, 4, 3)),
    "interpolate_nearest_exact": (
        lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=1.7, mode="nearest-exact"),
        (1, 2, 4, 5)),
    "interpolate_nearest3d": (
        lambda lib, x: lib.nn.functional.interpolate(x, size=(4, 6, 3), mode="nearest"),
        (1, 2, 3, 4, 3)),
    "interpolate_antialias": (
        lambda lib, x: lib.nn.functional.interpolate(x, size=(3, 4), mode="bilinear",
                                                     antialias=True), (1, 2, 6, 7)),
    "interpolate_area": (
        lambda lib, x: lib.nn.functional.interpolate(x, size=(3, 2), mode="area"),
        (1, 2, 6, 5)),
}


@pytest.mark.parametrize("name", sorted(_POOLS))
def test_an_inf_or_nan_stays_in_the_outputs_that_read_it(name):
    # these were products with (out, in) weight matrices: one inf pixel (0 * inf) made its
    # plane's every output NaN, and one inf upstream gradient every input's gradient
    fn, shape = _POOLS[name]
    x = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    x.reshape(-1)[[0, 9]] = [np.inf, np.nan]
    results = []
    for lib in (tinytorch, torch):
        xt = lib.tensor(x, requires_grad=True)
        with warnings.catch_warnings():  # NumPy's inf * 0 in the product, recomputed
            warnings.simplefilter("ignore", RuntimeWarning)
            y = fn(lib, xt)
            g = np.ones(y.shape, np.float32)
            g.reshape(-1)[[1, 5]] = [np.inf, -np.inf]
            y.backward(lib.tensor(g))
        results.append((y.detach().numpy(), xt.grad.numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5)  # float32 sums of taps


@pytest.mark.parametrize("name", sorted(n for n in _POOLS if n.startswith("interpolate_")
                                        and n != "interpolate_area"))
def test_interpolate_nodes_have_torchs_names(name):
    fn, shape = _POOLS[name]
    names = [fn(lib, lib.ones(shape, requires_grad=True)).grad_fn.name()
             for lib in (tinytorch, torch)]
    assert names[0] == names[1]

