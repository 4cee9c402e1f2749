"""apiS against PyTorch 2.13 where the op database cannot reach: gradient's dtypes and
non-uniform coordinates, the Bessel functions' special points and accuracy, nextafter's ties,
as_strided through views and in-place writes, empty_strided, inference tensors, and
scatter_reduce / index_reduce gradients with ties."""

import copy
import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _both(fn):
    """fn(tinytorch) and fn(torch), as NumPy values."""
    def values(out):
        if isinstance(out, (tuple, list)):
            return [values(o) for o in out]
        return out.detach().numpy() if hasattr(out, "detach") else out
    return values(fn(tinytorch)), values(fn(torch))


@pytest.mark.parametrize("edge_order", [1, 2])
def test_gradient_matches_pytorch(edge_order):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 5))
    t0, t1 = np.cumsum(rng.random(4) + 0.1), np.cumsum(rng.random(5) + 0.1)
    cases = [{}, {"spacing": 2.5}, {"spacing": [0.5, 2.0]}, {"dim": -1},
             {"dim": [1, 0], "spacing": [2.0, 3.0]}, {"coords": (t0, t1)},
             {"coords": (t1,), "dim": 1}]
    for kw in cases:
        def call(lib, kw=kw):
            kw = dict(kw)
            coords = kw.pop("coords", None)
            if coords is not None:
                kw["spacing"] = [lib.tensor(c) for c in coords]
            return lib.gradient(lib.tensor(x), edge_order=edge_order, **kw)
        ours, theirs = _both(call)
        for a, b in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, err_msg=str(kw))


def test_gradient_dtypes_and_0d():
    for dtype in ("int64", "int32", "float32"):
        ours, theirs = _both(lambda lib, d=dtype: lib.gradient(
            lib.tensor([1, 4, 9, 16], dtype=getattr(lib, d)), spacing=2))
        assert ours[0].dtype == theirs[0].dtype
        np.testing.assert_array_equal(ours[0], theirs[0])
    ours, theirs = _both(lambda lib: lib.gradient(
        lib.tensor([1.0, 2.0, 4.0]), spacing=[lib.tensor([0.0, 1.0, 3.0], dtype=lib.float64)]))
    assert ours[0].dtype == theirs[0].dtype == np.float64
    assert tinytorch.gradient(tinytorch.tensor(3.0)) == ()
    ours, theirs = _both(lambda lib: lib.gradient(lib.tensor([1.0, 4.0, 9.0]),
                                                  spacing=lib.tensor(2.0)))
    np.testing.assert_array_equal(ours[0], theirs[0])


def test_gradient_of_gradient_flows_to_coordinates():
    def grads(lib):
        x = lib.tensor([1.0, 3.0, 2.0, 5.0], dtype=lib.float64, requires_grad=True)
        t = lib.tensor([0.0, 0.5, 2.0, 2.5], dtype=lib.float64, requires_grad=True)
        (g,) = lib.gradient(x * x, spacing=[t], edge_order=2)
        (g * lib.tensor([1.0, -2.0, 3.0, 0.5], dtype=lib.float64)).sum().backward()
        return x.grad, t.grad
    ours, theirs = _both(grads)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


_SPECIAL = [0.0, -0.0, 1e-300, 1e-8, 7.999, 8.0, 8.001, -8.0, 30.0, -30.0, 700.0, 720.0,
            float("inf"), float("-inf"), float("nan")]


@pytest.mark.parametrize("name", ["i0", "special.i0e", "special.i1", "special.i1e"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16"])
def test_bessel_special_points_and_accuracy(name, dtype):
    rng = np.random.default_rng(1)
    values = np.concatenate([_SPECIAL, rng.standard_normal(500) * 10,
                             rng.standard_normal(50) * 80])

    def call(lib):
        fn = lib
        for part in name.split("."):
            fn = getattr(fn, part)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's exp overflow to inf
            return fn(lib.tensor(values, dtype=getattr(lib, dtype))).float()
    ours, theirs = _both(call)
    rtol = {"float64": 1e-14, "float32": 2e-6, "float16": 1e-3, "bfloat16": 8e-3}[dtype]
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=0)
    numbers = ~np.isnan(theirs)  # (NaN's sign bit is not part of the contract)
    assert np.array_equal(np.signbit(ours[numbers]), np.signbit(theirs[numbers]))


@pytest.mark.parametrize("name", ["i0", "special.i0e", "special.i1", "special.i1e"])
def test_bessel_gradients_at_zero_and_tiny(name):
    def grads(lib):
        fn = lib
        for part in name.split("."):
            fn = getattr(fn, part)
        x = lib.tensor([0.0, -0.0, 1e-20, -1e-20, 2.0, -9.0], dtype=lib.float64,
                       requires_grad=True)
        (g,) = lib.autograd.grad(fn(x).sum(), x, create_graph=True)
        (gg,) = lib.autograd.grad(g.sum(), x)
        return g, gg
    ours, theirs = _both(grads)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-13)
    np.testing.assert_allclose(ours[1][2:], theirs[1][2:], rtol=1e-9)


def test_nextafter_ties_and_gradients():
    def run(lib):
        x = lib.tensor([1.0, 2.0, 3.0, float("nan"), 1.0, float("inf")], dtype=lib.float64,
                       requires_grad=True)
        o = lib.tensor([2.0, 0.0, 3.0, 1.0, float("nan"), float("inf")], dtype=lib.float64,
                       requires_grad=True)
        y = lib.nextafter(x, o)
        gx, go = lib.autograd.grad(y.sum(), (x, o))
        return y, gx, go
    ours, theirs = _both(run)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a, b)


def test_as_strided_through_views_and_in_place():
    def run(lib):
        a = lib.tensor(np.arange(1.0, 7.0), dtype=lib.float64, requires_grad=True)
        h = a * 1
        h.as_strided((2,), (2,), 1).mul_(3)  # an in-place write through the view
        w = h.view(2, 3).t().as_strided((2, 2), (1, 1), 2)  # overlapping, from a view
        (w * lib.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=lib.float64)).sum().backward()
        e = lib.ones(3, requires_grad=True)
        e.expand(4, 3).as_strided((2,), (1,)).sum().backward()  # an overlapping input
        return h, a.grad, e.grad, a[1:].as_strided((2,), (1,)), a[1:].as_strided((2,), (1,), 0)
    ours, theirs = _both(run)
    for x, y in zip(ours, theirs):
        np.testing.assert_array_equal(x, y)


def test_as_strided_refuses_a_non_contiguous_storage():
    x = tinytorch.zeros(3, 4).t().detach()  # a root tensor whose memory is not contiguous
    with pytest.raises(RuntimeError, match="needs the tensor's storage .* to be contiguous"):
        x.as_strided((2,), (1,))


def test_empty_strided_layouts():
    for size, stride in [((2, 3), (1, 2)), ((2, 3), (3, 1)), ((0, 2), (5, 1)), ((), ())]:
        ours = tinytorch.empty_strided(size, stride, dtype=tinytorch.float64)
        theirs = torch.empty_strided(size, stride, dtype=torch.float64)
        assert tuple(ours.shape) == tuple(theirs.shape) and ours.stride() == theirs.stride()
        assert ours.dtype is tinytorch.float64 and not ours.requires_grad
    new = tinytorch.ones(2, dtype=tinytorch.int32).new_empty_strided((2,), (3,))
    assert new.dtype is tinytorch.int32 and new.stride() == (3,)
    assert tinytorch.empty_strided((2,), (1,), requires_grad=True).requires_grad


def test_inference_tensors_match_pytorch():
    def run(lib):
        x = lib.ones(3, requires_grad=True)
        with lib.inference_mode():
            a, b, v, c = lib.ones(2), x * 2, x[:2], x.detach()
            with lib.inference_mode(False):
                d = lib.ones(2)
                inner = (lib.is_grad_enabled(), lib.is_inference_mode_enabled())
            with lib.no_grad():
                e = lib.ones(1)
            with lib.enable_grad():
                f = lib.ones(1)
        flags = [t.is_inference() for t in (a, b, v, c, d, e, f, a[:1], a + 1, x)]
        return flags + [lib.is_inference(a), lib.is_inference_mode_enabled(), *inner]
    ours, theirs = _both(run)
    assert ours == theirs
    with pytest.raises(TypeError, match=r"is_inference\(\): argument 'input' \(position 1\) "
                                        "must be Tensor, not int"):
        tinytorch.is_inference(3)


def _outcome(fn):
    try:
        out = fn()
    except RuntimeError as e:
        return "RuntimeError", str(e)
    return "ok", out.tolist() if hasattr(out, "tolist") else out


def _inference_rules(L):
    """What PyTorch allows an inference tensor ``y`` outside inference mode, in order (the
    values show that a refused in-place write has already written, as PyTorch's)."""
    with L.inference_mode():
        y = L.ones(2)
    w = L.ones(2, requires_grad=True)
    steps = [
        lambda: y * w,  # Mul saves y for w's gradient: refused at the op
        lambda: L.autograd.grad((y + w).sum(), w)[0],  # nothing saved: fine
        lambda: y * 2, lambda: (y.neg() * w).sum(),  # a normal tensor from y: fine
        lambda: y.add_(1), lambda: y, lambda: y[:1].mul_(3), lambda: y,
        lambda: y.__setitem__(0, 7.0), lambda: y.zero_(), lambda: y.copy_(L.full((2,), 3.0)),
        lambda: y._version, lambda: y.requires_grad_(), lambda: y.requires_grad_(False),
        lambda: L.nn.Parameter(y), lambda: L.nn.Parameter(y, requires_grad=False).is_inference(),
        lambda: y.detach().add_(1), lambda: y.detach()._version, lambda: y.detach() * w,
        lambda: y.data.add_(1), lambda: y.data * w, lambda: y.data.requires_grad_(),
        lambda: y.clone() * w, lambda: y.clone().is_inference(), lambda: y[0] * w,
        lambda: copy.deepcopy(y).is_inference(), lambda: L.zeros(2).copy_(y),
    ]
    out = [_outcome(step) for step in steps]
    with L.no_grad():
        out.append(_outcome(lambda: y.add_(1)))
    with L.inference_mode():
        out += [_outcome(lambda: y.add_(1)), _outcome(lambda: y._version),
                _outcome(lambda: y.requires_grad_().requires_grad_(False))]
        with L.inference_mode(False):  # grad mode on, not inference mode: refused again
            out += [_outcome(lambda: y.add_(1)), _outcome(lambda: y * w)]
    return out + [_outcome(lambda: y)]


def test_inference_tensor_rules_match_pytorch():
    ours, theirs = _inference_rules(tinytorch), _inference_rules(torch)
    assert ours == theirs
    assert "cannot be saved for backward" in ours[0][1] and "Inplace update" in ours[4][1]


def test_inference_tensor_saved_by_a_custom_function_is_refused():
    def run(L):
        class Scale(L.autograd.Function):
            @staticmethod
            def forward(ctx, x, k):
                ctx.save_for_backward(k)
                return x * k

            @staticmethod
            def backward(ctx, g):
                return g * ctx.saved_tensors[0], None
        with L.inference_mode():
            k = L.full((2,), 2.0)
        w = L.ones(2, requires_grad=True)
        return [_outcome(lambda: Scale.apply(w, k)), _outcome(lambda: Scale.apply(w, k.clone()))]
    ours, theirs = run(tinytorch), run(torch)
    assert ours[0] == theirs[0] and ours[1][0] == theirs[1][0] == "ok"


def test_inference_mode_decorator_makes_inference_tensors():
    @tinytorch.inference_mode()
    def make():
        return tinytorch.ones(1)
    assert make().is_inference() and not tinytorch.is_inference_mode_enabled()


@pytest.mark.parametrize("reduce", ["amax", "amin", "prod", "mean"])
@pytest.mark.parametrize("include_self", [True, False])
def test_index_and_scatter_reduce_gradients_with_ties(reduce, include_self):
    rng = np.random.default_rng(2)
    for _ in range(20):
        x = rng.integers(-2, 3, (4, 3)).astype(float)
        src = rng.integers(-2, 3, (5, 3)).astype(float)
        index = rng.integers(0, 4, 5)

        def run(lib):
            a = lib.tensor(x, requires_grad=True)
            s = lib.tensor(src, requires_grad=True)
            w = lib.tensor(np.linspace(-1, 1, 12).reshape(4, 3))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # PyTorch: index_reduce is beta
                out = a.index_reduce(0, lib.tensor(index), s, reduce,
                                     include_self=include_self)
            out2 = a.scatter_reduce(0, lib.tensor(np.broadcast_to(index[:, None], (5, 3))), s,
                                    reduce, include_self=include_self)
            ((out + out2) * w).sum().backward()
            return out, out2, a.grad, s.grad
        ours, theirs = _both(run)
        for o, t in zip(ours, theirs):
            np.testing.assert_allclose(o, t, rtol=1e-12, atol=1e-12)
