"""Names an ordinary PyTorch script uses (torch.kl_div, torch.celu_, F.relu_, the ``*_copy``
views, torch.iinfo, torch.range ...) against PyTorch 2.13: values, dtypes, gradients, errors."""

import warnings

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")


def _pair(*arrays, grad=False):
    """The same float64 arrays as tinytorch and torch tensors (requiring grad if asked)."""
    ours = [tinytorch.tensor(a, requires_grad=grad) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=grad) for a in arrays]
    return ours, theirs


def _close(ours, theirs):
    if ours is None or theirs is None:  # a gradient neither library gives
        assert ours is theirs
        return
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-6,
                               atol=1e-9)


def _raises_as_torch(ours, theirs):
    with pytest.raises(Exception) as expected:
        theirs()
    with pytest.raises(type(expected.value)) as got:
        ours()
    # tinytorch may add a hint after PyTorch's message (the in-place-on-a-leaf error does)
    assert str(got.value).startswith(str(expected.value).splitlines()[0])


RNG = np.random.default_rng(0)
X, Y = RNG.standard_normal((4, 3)), RNG.random((4, 3))
A, B = RNG.standard_normal((4, 3)), RNG.standard_normal((4, 3))
SIGN = np.sign(RNG.standard_normal(4))
LOSSES = [
    ("binary_cross_entropy_with_logits", (X, Y), (None, None)),
    ("kl_div", (X, Y), ()),
    ("cosine_embedding_loss", (A, B, SIGN), (0.1,)),
    ("margin_ranking_loss", (X[:, 0], Y[:, 0], SIGN), (0.1,)),
    ("hinge_embedding_loss", (X, np.sign(B)), (1.5,)),
    ("triplet_margin_loss", (X, A, B), (1.0, 2.0, 1e-6, True)),
    ("poisson_nll_loss", (X, Y), (True, True, 1e-8)),
]


@pytest.mark.parametrize("reduction", [0, 1, 2, 3, None])
@pytest.mark.parametrize("name, tensors, others", LOSSES, ids=[c[0] for c in LOSSES])
def test_top_level_losses_take_atens_integer_reduction(name, tensors, others, reduction):
    ours, theirs = _pair(*tensors, grad=True)
    more = () if reduction is None else (reduction,)
    if name == "poisson_nll_loss" and reduction is None:
        more = (1,)  # its arguments are all required
    got = getattr(tinytorch, name)(*ours, *others, *more)
    want = getattr(torch, name)(*theirs, *others, *more)
    _close(got, want)  # the default (None here) is not reduced, as PyTorch's bindings
    got.sum().backward()
    want.sum().backward()
    for o, t in zip(ours, theirs):
        _close(o.grad, t.grad)


def test_top_level_losses_refuse_a_string_reduction_and_take_log_target():
    (x, y), (tx, ty) = _pair(X, Y)
    _raises_as_torch(lambda: tinytorch.kl_div(x, y, "mean"), lambda: torch.kl_div(tx, ty, "mean"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # ATen's kl_div does not warn about "mean"
        _close(tinytorch.kl_div(x, y, 1, log_target=True), torch.kl_div(tx, ty, 1, log_target=True))
    with pytest.raises(TypeError):  # its arguments are all required
        tinytorch.poisson_nll_loss(x, y)


def test_ctc_loss_and_rms_norm_at_the_top_level():
    lp = np.log(RNG.dirichlet(np.ones(4), size=(5, 2)))
    (ours,), (theirs,) = _pair(lp, grad=True)
    targets = [[1, 2], [1, 1]]
    for more in ((), (0, 1), (0, 2, True)):
        got = tinytorch.ctc_loss(ours, tinytorch.tensor(targets), [5, 5], [2, 2], *more)
        want = torch.ctc_loss(theirs, torch.tensor(targets), [5, 5], [2, 2], *more)
        _close(got, want)
    assert tinytorch.rms_norm is F.rms_norm


@pytest.mark.parametrize("name, args", [
    ("celu_", ()), ("selu_", ()), ("rrelu_", ()), ("threshold_", (0.0, 1.0)),
    ("dropout_", (0.5, True)), ("alpha_dropout_", (0.5, True)),
    ("feature_dropout_", (0.5, True)), ("feature_alpha_dropout_", (0.5, True))])
def test_top_level_in_place_nn_functions(name, args):
    (x,), (tx,) = _pair(X)
    assert getattr(tinytorch, name)(x, *args) is x
    if "dropout" not in name:
        getattr(torch, name)(tx, *args)
        _close(x, tx)
    (leaf,), (tleaf,) = _pair(X, grad=True)
    _raises_as_torch(lambda: getattr(tinytorch, name)(leaf, *args),
                     lambda: getattr(torch, name)(tleaf, *args))


def test_feature_dropout_zeroes_whole_channels():
    tinytorch.manual_seed(0)
    out = tinytorch.feature_dropout(tinytorch.ones(8, 6, 5), 0.5, True)
    per_channel = out.reshape(48, 5)
    assert set(per_channel.min(1).values.tolist()) <= {0.0, 2.0}
    assert (per_channel.min(1).values == per_channel.max(1).values).all()
    assert tinytorch.feature_dropout(tinytorch.ones(2, 3), 0.5, False).tolist() == [[1.0] * 3] * 2
    _raises_as_torch(lambda: tinytorch.feature_dropout(tinytorch.ones(3), 0.5, True),
                     lambda: torch.feature_dropout(torch.ones(3), 0.5, True))


@pytest.mark.parametrize("name, args", [
    ("relu_", ()), ("elu_", (0.5,)), ("leaky_relu_", (0.2,)), ("hardtanh_", (-0.5, 0.5)),
    ("celu_", (2.0,)), ("selu_", ()), ("rrelu_", (0.1, 0.3)), ("threshold_", (0.1, -2.0))])
def test_functional_in_place_activations(name, args):
    (x,), (tx,) = _pair(X)
    assert getattr(F, name)(x, *args) is x
    getattr(torch.nn.functional, name)(tx, *args)
    _close(x, tx)
    (leaf,), (tleaf,) = _pair(X, grad=True)
    _raises_as_torch(lambda: getattr(F, name)(leaf, *args),
                     lambda: getattr(torch.nn.functional, name)(tleaf, *args))
    # on a non-leaf the gradient flows through the in-place op, as PyTorch's
    (a,), (ta,) = _pair(X, grad=True)
    getattr(F, name)(a * 1.0, *args).sum().backward()
    getattr(torch.nn.functional, name)(ta * 1.0, *args).sum().backward()
    _close(a.grad, ta.grad)


@pytest.mark.parametrize("name, args", [
    ("gcd_", ([6, 9], [4, 6])), ("lcm_", ([6, 9], [4, 6]))])
def test_top_level_integer_in_place(name, args):
    x, tx = tinytorch.tensor(args[0]), torch.tensor(args[0])
    assert getattr(tinytorch, name)(x, tinytorch.tensor(args[1])) is x
    getattr(torch, name)(tx, torch.tensor(args[1]))
    _close(x, tx)


def test_top_level_addmv_index_put_and_detach_in_place():
    (x, m, v), (tx, tm, tv) = _pair(X[:, 0], A, B[0])
    assert tinytorch.addmv_(x, m, v, beta=0.5, alpha=2.0) is x
    _close(x, torch.addmv_(tx, tm, tv, beta=0.5, alpha=2.0))
    index, values = tinytorch.tensor([0, 2]), tinytorch.tensor([1.0, 2.0], dtype=tinytorch.float64)
    assert tinytorch.index_put_(x, (index,), values, True) is x
    _close(x, torch.index_put_(tx, (torch.tensor([0, 2]),), torch.tensor([1.0, 2.0],
                               dtype=torch.float64), True))
    (leaf,), (tleaf,) = _pair(X, grad=True)
    y, ty = leaf * 2, tleaf * 2
    assert tinytorch.detach_(y) is y
    torch.detach_(ty)
    assert (y.requires_grad, y.grad_fn) == (ty.requires_grad, ty.grad_fn) == (False, None)


@pytest.mark.parametrize("name", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo_matches_pytorch(name):
    ours, theirs = tinytorch.iinfo(getattr(tinytorch, name)), torch.iinfo(getattr(torch, name))
    assert (ours.bits, ours.min, ours.max, ours.dtype) == (theirs.bits, theirs.min, theirs.max,
                                                           theirs.dtype)
    assert repr(ours) == repr(theirs)
    assert ours == tinytorch.iinfo(getattr(tinytorch, name))


@pytest.mark.parametrize("arg", ["float32", "bool", 3, None])
def test_iinfo_errors(arg):
    _raises_as_torch(lambda: tinytorch.iinfo(getattr(tinytorch, arg) if isinstance(arg, str)
                                             else arg),
                     lambda: torch.iinfo(getattr(torch, arg) if isinstance(arg, str) else arg))


@pytest.mark.parametrize("args, kwargs", [
    ((1, 4), {}), ((0, 1, 0.25), {}), ((0, 1, 0.3), {}), ((0, 1.0, 0.1), {}), ((4, 1, -1), {}),
    ((0, 10, 3), {"dtype": "int32"}), ((1, 4), {"dtype": "int64"}), ((-2.5, 2.5, 0.5), {})])
def test_range_includes_end_and_warns_like_pytorch(args, kwargs):
    def call(lib):
        extra = {k: getattr(lib, v) for k, v in kwargs.items()}
        with pytest.warns(UserWarning, match="torch.range is deprecated") as caught:
            out = lib.range(*args, **extra)
        assert caught[0].filename == __file__
        return out
    _close(call(tinytorch), call(torch))


@pytest.mark.parametrize("args", [(4, 1), (0, 4, 0), (0, float("inf"))])
def test_range_errors(args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _raises_as_torch(lambda: tinytorch.range(*args), lambda: torch.range(*args))


def test_range_requires_grad_and_end():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert tinytorch.range(0, 2, requires_grad=True).requires_grad
        with pytest.raises(TypeError):
            tinytorch.range(3)


def test_fill_values_dtypes_and_gradients():
    for value in (3, 3.7, -1):
        for dtype in ("float32", "int64"):
            _close(tinytorch.fill(tinytorch.ones(2, 3, dtype=getattr(tinytorch, dtype)), value),
                   torch.fill(torch.ones(2, 3, dtype=getattr(torch, dtype)), value))
    (x, v), (tx, tv) = _pair(X, np.float64(2.5), grad=True)
    out, tout = tinytorch.fill(x, v), torch.fill(tx, tv)
    _close(out, tout)
    (out * out).sum().backward()
    (tout * tout).sum().backward()
    _close(v.grad, tv.grad)
    _close(x.grad, tx.grad)
    _raises_as_torch(lambda: tinytorch.fill(tinytorch.ones(2), tinytorch.ones(2)),
                     lambda: torch.fill(torch.ones(2), torch.ones(2)))


@pytest.mark.parametrize("name", ["solve", "lstsq", "eig", "symeig", "matrix_rank"])
def test_removed_functions_raise_pytorchs_error(name):
    args = 2 if name in ("solve", "lstsq") else 1
    with pytest.raises(RuntimeError) as expected:
        getattr(torch, name)(*[torch.eye(2)] * args)
    with pytest.raises(RuntimeError) as got:
        getattr(tinytorch, name)(*[tinytorch.eye(2)] * args)
    assert str(got.value) == str(expected.value)
    if hasattr(torch.Tensor, name):
        with pytest.raises(RuntimeError) as got:
            getattr(tinytorch.eye(2), name)(*[tinytorch.eye(2)] * (args - 1))
        assert str(got.value) == str(expected.value)
    assert hasattr(tinytorch.Tensor, name) == hasattr(torch.Tensor, name)


COPIES = [("view_copy", ((4, 6),)), ("permute_copy", ((2, 0, 1),)),
          ("expand_copy", ((5, 2, 3, 4),)), ("transpose_copy", (0, 2)), ("t_copy", ()),
          ("squeeze_copy", ()), ("unsqueeze_copy", (-1,)), ("select_copy", (1, -1)),
          ("slice_copy", (-1, 1, None, 2)), ("slice_copy", ()), ("diagonal_copy", (1, 1, 2)),
          ("unbind_copy", (1,)), ("split_copy", (2, 2)), ("split_with_sizes_copy", ([1, 2], 1)),
          ("unfold_copy", (2, 2, 1)), ("detach_copy", ()), ("alias_copy", ())]


@pytest.mark.parametrize("name, args", COPIES, ids=[f"{c[0]}{i}" for i, c in enumerate(COPIES)])
def test_view_copies_match_pytorch(name, args):
    data = RNG.standard_normal((1, 3, 4) if name == "squeeze_copy" else
                               (3, 4) if name == "t_copy" else (2, 3, 4))
    (x,), (tx,) = _pair(data, grad=True)
    ours, theirs = getattr(tinytorch, name)(x, *args), getattr(torch, name)(tx, *args)
    ours, theirs = (list(ours), list(theirs)) if isinstance(theirs, tuple) else ([ours], [theirs])
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        _close(o, t)
        assert o.is_contiguous() and o.data_ptr() != x.data_ptr()
    if name == "detach_copy":  # PyTorch's result requires grad but has no derivative
        assert not ours[0].requires_grad
        return
    sum(((o * o).sum() for o in ours), tinytorch.zeros((), dtype=tinytorch.float64)).backward()
    sum(((t * t).sum() for t in theirs), torch.zeros((), dtype=torch.float64)).backward()
    _close(x.grad, tx.grad)


@pytest.mark.parametrize("x, N, increasing", [
    ([1, 2, 3], None, False), ([1.0, 2.0, 3.0], 2, True), ([1.0, 2.0], 0, False),
    ([1.0, 2.0], 1, False), ([True, False], None, False), ([1.5, -2.0, 3.0], 4, False),
    ([1, 2], None, True)])
def test_vander_matches_pytorch(x, N, increasing):
    _close(tinytorch.vander(tinytorch.tensor(x), N, increasing),
           torch.vander(torch.tensor(x), N, increasing))


def _quiet(function):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function()


@pytest.mark.parametrize("p", [1, -1, float("inf"), float("-inf"), "fro", "nuc"])
def test_cond_in_the_other_norms_matches_pytorch_and_is_inf_when_singular(p):
    (a,), (ta,) = _pair(RNG.standard_normal((2, 3, 3)))
    _close(tinytorch.linalg.cond(a, p), torch.linalg.cond(ta, p))
    singular = np.array([[1.0, 2.0], [0.0, 0.0]])
    _close(tinytorch.linalg.cond(tinytorch.tensor(singular), p),
           torch.linalg.cond(torch.tensor(singular), p))
    _close(tinytorch.linalg.cond(tinytorch.ones(3, 0, 0), p),
           torch.linalg.cond(torch.ones(3, 0, 0), p))


def test_cond_of_int_input_is_refused():
    for p in (None, 1):
        with pytest.raises(RuntimeError):
            torch.linalg.cond(torch.ones(3, 3, dtype=torch.int64), p)
        with pytest.raises(RuntimeError):
            tinytorch.linalg.cond(tinytorch.ones(3, 3, dtype=tinytorch.int64), p)


@pytest.mark.parametrize("name, call", [
    ("lu", lambda lib, a, b: lib.lu(a)),
    ("lu_solve", lambda lib, a, b: lib.lu_solve(b, *_quiet(lambda: lib.lu(a)))),
    ("triangular_solve", lambda lib, a, b: lib.triangular_solve(b, a)),
    ("nuclear_norm", lambda lib, a, b: lib.nuclear_norm(a)),
    ("frobenius_norm", lambda lib, a, b: lib.frobenius_norm(a, (0, 1)))])
def test_deprecated_linear_algebra_warns_with_pytorchs_message(name, call):
    (a, b), (ta, tb) = _pair(RNG.standard_normal((3, 3)), RNG.standard_normal((3, 2)))
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        want = call(torch, ta, tb)
    with pytest.warns(UserWarning) as ours:
        got = call(tinytorch, a, b)
    assert ours[-1].filename == __file__
    # PyTorch warns once per process (TORCH_WARN_ONCE): an earlier call in this worker, in
    # another test, leaves nothing to compare with, and then only the name is checked
    if theirs:
        assert str(theirs[-1].message).startswith(str(ours[-1].message))
    assert name in str(ours[-1].message) and "deprecated" in str(ours[-1].message)
    for o, t in zip(got if isinstance(got, tuple) else [got],
                    want if isinstance(want, tuple) else [want]):
        _close(o, t)


def test_old_linear_algebra_forms_and_their_methods():
    a = RNG.standard_normal((2, 3, 3))
    (x, b), (tx, tb) = _pair(a, RNG.standard_normal((2, 3, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        LU, pivots, info = tinytorch.lu(x, get_infos=True)
        tLU, tpivots, tinfo = torch.lu(tx, get_infos=True)
        for o, t in ((LU, tLU), (pivots, tpivots), (info, tinfo)):
            _close(o, t)
        _close(x.lu()[0], tx.lu()[0])
        _close(b.lu_solve(LU, pivots), tb.lu_solve(tLU, tpivots))
        _close(b.triangular_solve(x, False, True).solution,
               tb.triangular_solve(tx, False, True).solution)
        _close(tinytorch.nuclear_norm(x, True), torch.nuclear_norm(tx, True))
        _close(tinytorch.nuclear_norm(x, (0, 2), True), torch.nuclear_norm(tx, (0, 2), True))
        _close(tinytorch.frobenius_norm(x, 1, True), torch.frobenius_norm(tx, 1, True))
        _raises_as_torch(lambda: tinytorch.frobenius_norm(x, (0, 1, 2)),
                         lambda: torch.frobenius_norm(tx, (0, 1, 2)))
        _raises_as_torch(lambda: tinytorch.frobenius_norm(tinytorch.ones(3, dtype=tinytorch.int64),
                                                          (0,)),
                         lambda: torch.frobenius_norm(torch.ones(3, dtype=torch.int64), (0,)))
    lower = np.tril(a) + 3 * np.eye(3)
    (f, b1), (tf, tb1) = _pair(lower, RNG.standard_normal((3, 2)))  # batch dims broadcast
    _close(b1.cholesky_solve(f), tb1.cholesky_solve(tf))
    _close(f.cholesky_inverse(True), tf.cholesky_inverse(True))


@pytest.mark.parametrize("name, shape, args", [
    ("max_pool1d", (2, 3, 8), (3, 2, 1, 1, True)), ("max_pool2d", (2, 3, 6, 6), (2,)),
    ("max_pool3d", (1, 2, 4, 4, 4), (2, 1)), ("adaptive_max_pool1d", (2, 3, 8), (3,)),
    ("adaptive_max_pool2d", (2, 3, 6, 6), ((2, 3),)),
    ("adaptive_max_pool3d", (1, 2, 4, 4, 4), (2,))])
def test_pooling_with_indices(name, shape, args):
    (x,), (tx,) = _pair(RNG.standard_normal(shape), grad=True)
    fn = name + "_with_indices"
    (out, idx), (tout, tidx) = getattr(F, fn)(x, *args), getattr(torch.nn.functional, fn)(tx, *args)
    _close(out, tout)
    _close(idx, tidx)
    out.sum().backward()
    tout.sum().backward()
    _close(x.grad, tx.grad)
    # return_indices is kept in the signature and ignored, as PyTorch's
    assert len(getattr(F, fn)(x, *args, return_indices=False)) == 2


@pytest.mark.parametrize("norm_type, kernel, stride, ceil_mode", [
    (2, 2, None, False), (1.5, (3, 2, 2), 2, True), (float("inf"), 2, 1, False)])
def test_lp_pool3d_and_its_module(norm_type, kernel, stride, ceil_mode):
    (x,), (tx,) = _pair(RNG.random((2, 3, 5, 4, 4)) + 0.1, grad=True)
    out = F.lp_pool3d(x, norm_type, kernel, stride, ceil_mode)
    tout = torch.nn.functional.lp_pool3d(tx, norm_type, kernel, stride, ceil_mode)
    _close(out, tout)
    out.sum().backward()
    tout.sum().backward()
    _close(x.grad, tx.grad)
    module = tinytorch.nn.LPPool3d(norm_type, kernel, stride, ceil_mode)
    tmodule = torch.nn.LPPool3d(norm_type, kernel, stride, ceil_mode)
    assert repr(module) == repr(tmodule)
    _close(module(x[0]), tmodule(tx[0]))
    _raises_as_torch(lambda: module(x[0, 0]), lambda: tmodule(tx[0, 0]))


def test_max_unpool3d_and_its_module():
    (x,), (tx,) = _pair(RNG.standard_normal((2, 3, 4, 6, 4)))
    y, i = F.max_pool3d(x, 2, return_indices=True)
    ty, ti = torch.nn.functional.max_pool3d(tx, 2, return_indices=True)
    (y,), (ty,) = _pair(y.numpy(), grad=True)
    for size in (None, [5, 7, 5], [2, 3, 5, 7, 5]):
        out = F.max_unpool3d(y, i, 2, output_size=size)
        tout = torch.nn.functional.max_unpool3d(ty, ti, 2, output_size=size)
        _close(out, tout)
    (out * out).sum().backward()
    (tout * tout).sum().backward()
    _close(y.grad, ty.grad)
    module, tmodule = tinytorch.nn.MaxUnpool3d(2, 2, 0), torch.nn.MaxUnpool3d(2, 2, 0)
    assert repr(module) == repr(tmodule)
    _close(module(y[0], i[0]), tmodule(ty[0], ti[0]))
    for make in (lambda lib, y, i: (y[0, 0], i[0, 0]), lambda lib, y, i: (y, i.int()),
                 lambda lib, y, i: (y, i[..., :1]), lambda lib, y, i: (y.long(), i),
                 lambda lib, y, i: (y[:, :, :0], i[:, :, :0]),
                 lambda lib, y, i: (y, i * 0 + 1000)):
        _raises_as_torch(lambda: F.max_unpool3d(*make(tinytorch, y.detach(), i), 2),
                         lambda: torch.nn.functional.max_unpool3d(*make(torch, ty.detach(), ti),
                                                                  2))
    _raises_as_torch(lambda: F.max_unpool3d(y, i, 2, output_size=[9, 9, 9]),
                     lambda: torch.nn.functional.max_unpool3d(ty, ti, 2, output_size=[9, 9, 9]))


@pytest.mark.parametrize("sizes", [((2, 3),), (2, 2), ([4],), ((6,),), (3, 2), (0,), ((),)])
def test_resize_keeps_the_first_elements(sizes):
    x, tx = tinytorch.arange(6.0), torch.arange(6.0)
    assert x.resize_(*sizes) is x
    tx.resize_(*sizes)
    _close(x, tx)


def test_resize_larger_and_resize_as_and_their_errors():
    x, tx = tinytorch.arange(6.0), torch.arange(6.0)
    x.resize_(2, 4)
    tx.resize_(2, 4)
    assert x.shape == tx.shape
    _close(x.reshape(-1)[:6], tx.reshape(-1)[:6])  # PyTorch leaves the rest uninitialised
    y, ty = tinytorch.ones(2), torch.ones(2)
    assert y.resize_as_(tinytorch.zeros(3, 1)) is y
    assert y.shape == ty.resize_as_(torch.zeros(3, 1)).shape
    t = tinytorch.arange(6.0).reshape(2, 3).t()  # the same shape leaves the strides alone
    assert t.resize_(3, 2) is t and not t.is_contiguous()
    for call in (lambda lib: lib.ones(2, requires_grad=True).resize_(4),
                 lambda lib: (lib.ones(2, requires_grad=True) * 2).resize_(2),
                 lambda lib: lib.ones(2).resize_(2.5),
                 lambda lib: lib.ones(2).resize_(-2, 3),
                 lambda lib: lib.ones(2).resize_as_([1, 2])):
        _raises_as_torch(lambda: call(tinytorch), lambda: call(torch))


def test_apply_and_map_match_pytorch():
    x, tx = tinytorch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 3.0])
    assert x.apply_(lambda v: v * 2) is x
    _close(x, tx.apply_(lambda v: v * 2))
    assert x.map_(tinytorch.tensor([1.0]), lambda a, b: a + b) is x
    _close(x, tx.map_(torch.tensor([1.0]), lambda a, b: a + b))
    _close(tinytorch.tensor([1, 2]).apply_(lambda v: v * 2.5),
           torch.tensor([1, 2]).apply_(lambda v: v * 2.5))
    for call in (lambda lib: lib.ones(2, requires_grad=True).apply_(lambda v: v),
                 lambda lib: lib.ones(2).map_(lib.ones(2, requires_grad=True), lambda a, b: a),
                 lambda lib: lib.ones(2).map_(lib.ones(3), lambda a, b: a),
                 lambda lib: lib.ones(2).map_(lib.ones(2, dtype=lib.int64), lambda a, b: a)):
        _raises_as_torch(lambda: call(tinytorch), lambda: call(torch))


@pytest.mark.parametrize("mode", [0, 1, 2])
@pytest.mark.parametrize("indices, offsets, more", [
    ([0, 1, 2, 3, 4], [0, 0, 3], ()), ([0, 1, 2, 3, 4], [0, 0, 3], (None, False, 1)),
    ([1, 1, 2], [0, 2], (None, False, 1)), ([4, 0, 4, 2], [0, 1], ())])
def test_embedding_bag_at_the_top_level_returns_pytorchs_four_tensors(mode, indices, offsets,
                                                                      more):
    (w,), (tw,) = _pair(RNG.standard_normal((5, 3)), grad=True)
    ours = tinytorch.embedding_bag(w, tinytorch.tensor(indices), tinytorch.tensor(offsets),
                                   False, mode, False, *more)
    theirs = torch.embedding_bag(tw, torch.tensor(indices), torch.tensor(offsets), False, mode,
                                 False, *more)
    assert len(ours) == len(theirs) == 4
    for o, t in zip(ours, theirs):
        _close(o, t)
    ours[0].sum().backward()
    theirs[0].sum().backward()
    _close(w.grad, tw.grad)


def test_embedding_bag_index_dtypes_promote():
    w = tinytorch.ones(5, 2)
    for offsets_dtype in ("int32", "int64"):
        ours = tinytorch.embedding_bag(w, tinytorch.tensor([0, 1, 2], dtype=tinytorch.int32),
                                       tinytorch.tensor([0, 1], dtype=getattr(tinytorch,
                                                                              offsets_dtype)),
                                       False, 1)
        theirs = torch.embedding_bag(torch.ones(5, 2), torch.tensor([0, 1, 2], dtype=torch.int32),
                                     torch.tensor([0, 1], dtype=getattr(torch, offsets_dtype)),
                                     False, 1)
        for o, t in zip(ours, theirs):
            _close(o, t)


def test_embedding_bag_sum_fast_path_leaves_offset2bag_empty():
    w, tw = tinytorch.ones(5, 2), torch.ones(5, 2)
    for more in ((), (None, False, 1)):
        ours = tinytorch.embedding_bag(w, tinytorch.tensor([0, 1, 2]), tinytorch.tensor([0, 1]),
                                       False, 0, False, *more)
        theirs = torch.embedding_bag(tw, torch.tensor([0, 1, 2]), torch.tensor([0, 1]), False, 0,
                                     False, *more)
        for o, t in zip(ours, theirs):
            _close(o, t)


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve_and_inverse_second_derivatives_match_pytorch(upper):
    # the op database checks their first derivatives (PyTorch's, not finite differences: they
    # treat the factor as a full matrix); this checks the second, through the graph backend
    lower = np.tril(RNG.standard_normal((2, 3, 3))) + 3 * np.eye(3)
    factor = np.swapaxes(lower, -1, -2) if upper else lower
    for call in (lambda lib, b, f: lib.cholesky_solve(b, f, upper),
                 lambda lib, b, f: lib.cholesky_inverse(f, upper) @ b):
        (b, f), (tb, tf) = _pair(RNG.standard_normal((2, 3, 2)), factor, grad=True)
        grads = tinytorch.autograd.grad((call(tinytorch, b, f) ** 2).sum(), (b, f),
                                        create_graph=True)
        tgrads = torch.autograd.grad((call(torch, tb, tf) ** 2).sum(), (tb, tf),
                                     create_graph=True)
        second = tinytorch.autograd.grad(sum((g * g).sum() for g in grads), (b, f))
        tsecond = torch.autograd.grad(sum((g * g).sum() for g in tgrads), (tb, tf))
        for o, t in zip(list(grads) + list(second), list(tgrads) + list(tsecond)):
            _close(o, t)


NUMPY_NAMES = {  # PyTorch's argument parser takes NumPy's names (NOTE [NumPy argument names])
    "sum axis keepdims": lambda L, x: x.sum(axis=0, keepdims=True),
    "cat axis": lambda L, x: L.cat([x, x], axis=1),
    "stack axis": lambda L, x: L.stack([x, x], axis=0),
    "mean axis tuple": lambda L, x: L.mean(x, axis=(0, 1)),
    "max axis": lambda L, x: x.max(axis=1).values,
    "softmax axis": lambda L, x: L.softmax(x, axis=0),
    "gather axis": lambda L, x: x.gather(axis=0, index=L.zeros(1, 3, dtype=L.int64)),
    "sort axis": lambda L, x: x.sort(axis=0).values,
    "var keepdims": lambda L, x: x.var(0, keepdims=True),
    "abs a": lambda L, x: L.abs(a=-x),
    "sum x": lambda L, x: L.sum(x=x),
    "add x1 x2": lambda L, x: L.add(x1=x, x2=x),
    "vector_norm axis": lambda L, x: L.linalg.vector_norm(x, axis=1),
    "expit x": lambda L, x: L.special.expit(x=x),
    "zeros size": lambda L, x: L.zeros(size=(2, 3)),
    "randn size": lambda L, x: L.randn(size=(2,)) * 0,
    "new_ones size": lambda L, x: x.new_ones(size=(2,)),
    "view size": lambda L, x: x.view(size=(3, 2)),
    "reshape shape": lambda L, x: x.reshape(shape=(3, 2)),
    "expand size": lambda L, x: x[:1].expand(size=(2, 3)),
    "permute dims": lambda L, x: x.permute(dims=(1, 0)),
    "repeat repeats": lambda L, x: x.repeat(repeats=(1, 2)),
}


@pytest.mark.parametrize("name", sorted(NUMPY_NAMES))
def test_numpy_argument_names_and_size_keywords_as_pytorch(name):
    torch = pytest.importorskip("torch")
    results = []
    for lib in (tinytorch, torch):
        out = NUMPY_NAMES[name](lib, lib.arange(6.0).reshape(2, 3))
        results.append((tuple(out.shape), out.tolist()))
    assert results[0] == results[1]


def test_a_numpy_name_beside_its_torch_name_is_refused():
    with pytest.raises(TypeError, match="got multiple values for argument 'dim'"):
        tinytorch.ones(2, 3).sum(dim=0, axis=1)
