"""Focused tests of tinytorch.nn.functional for what the op database cannot express:
randomness, state updated in place, tie handling, numerical stability, option semantics."""

import math
import warnings

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def tt(a, device, dtype=tinytorch.float32, requires_grad=False):
    return tinytorch.tensor(np.asarray(a), dtype=dtype, device=device,
                            requires_grad=requires_grad)


def host(t):
    return t.detach().cpu().numpy()


# --- dropout -----------------------------------------------------------------------------------
def test_dropout_zeroes_about_p_and_scales_survivors(device):
    tinytorch.manual_seed(0)
    x = tinytorch.ones(200, 100, device=device)
    y = host(F.dropout(x, 0.3))
    assert abs((y == 0).mean() - 0.3) < 0.02
    np.testing.assert_allclose(y[y != 0], 1 / 0.7, rtol=1e-6)


def test_dropout_training_false_or_p_zero_is_identity(device):
    x = tinytorch.randn(4, 5, device=device)
    np.testing.assert_array_equal(host(F.dropout(x, 0.5, training=False)), host(x))
    np.testing.assert_array_equal(host(F.dropout(x, 0.0)), host(x))


def test_dropout_gradient_uses_the_same_mask(device):
    tinytorch.manual_seed(1)
    x = tinytorch.ones(50, 40, device=device, requires_grad=True)
    y = F.dropout(x, 0.5)
    y.sum().backward()
    np.testing.assert_array_equal(host(x.grad), host(y))


def test_dropout_is_reproducible_with_manual_seed(device):
    x = tinytorch.ones(30, device=device)
    tinytorch.manual_seed(7)
    a = host(F.dropout(x, 0.5))
    tinytorch.manual_seed(7)
    np.testing.assert_array_equal(host(F.dropout(x, 0.5)), a)


def test_dropout_p_one_zeroes_everything(device):
    x = tinytorch.randn(3, 4, device=device, requires_grad=True)
    y = F.dropout(x, 1.0)
    y.sum().backward()
    assert not host(y).any() and not host(x.grad).any()


# --- batch norm ----------------------------------------------------------------------------------
def test_batch_norm_running_stats_match_torch_after_several_steps(device):
    rng = np.random.default_rng(0)
    rm, rv = tinytorch.zeros(3, device=device), tinytorch.ones(3, device=device)
    trm, trv = torch.zeros(3), torch.ones(3)
    w, b = rng.standard_normal(3), rng.standard_normal(3)
    for _ in range(4):
        x = rng.standard_normal((5, 3, 2, 2)) * 2 + 1
        y = F.batch_norm(tt(x, device), rm, rv, tt(w, device), tt(b, device), training=True,
                         momentum=0.2)
        ty = TF.batch_norm(torch.tensor(x, dtype=torch.float32), trm, trv,
                           torch.tensor(w, dtype=torch.float32),
                           torch.tensor(b, dtype=torch.float32), training=True, momentum=0.2)
        np.testing.assert_allclose(host(y), ty.numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(host(rm), trm.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(host(rv), trv.numpy(), rtol=1e-5, atol=1e-6)
    x = rng.standard_normal((2, 3, 2, 2))
    y = F.batch_norm(tt(x, device), rm, rv, training=False)
    ty = TF.batch_norm(torch.tensor(x, dtype=torch.float32), trm, trv, training=False)
    np.testing.assert_allclose(host(y), ty.numpy(), rtol=1e-4, atol=1e-5)


# --- max pooling with ties -----------------------------------------------------------------------
def _tied_image(rng, shape):
    """Mostly zero background with a few repeated bright values: many ties per window."""
    x = np.zeros(shape)
    mask = rng.random(shape) < 0.15
    x[mask] = rng.choice([1.0, 2.0], size=mask.sum())
    return x


@pytest.mark.parametrize("kernel,stride,padding", [(2, 2, 0), (3, 2, 1), (3, 1, 0), (2, 1, 1)])
def test_max_pool2d_ties_send_gradient_to_first_maximum(device, kernel, stride, padding):
    rng = np.random.default_rng(0)
    x = _tied_image(rng, (2, 3, 8, 9))
    g = rng.standard_normal(TF.max_pool2d(torch.tensor(x), kernel, stride, padding).shape)
    a = tt(x, device, tinytorch.float64, requires_grad=True)
    y, idx = F.max_pool2d(a, kernel, stride, padding, return_indices=True)
    (y * tt(g, device, tinytorch.float64)).sum().backward()
    ta = torch.tensor(x, requires_grad=True)
    ty, tidx = TF.max_pool2d(ta, kernel, stride, padding, return_indices=True)
    (ty * torch.tensor(g)).sum().backward()
    np.testing.assert_array_equal(host(idx), tidx.numpy())
    np.testing.assert_allclose(host(a.grad), ta.grad.numpy(), atol=1e-12)


def test_conv_relu_pool_bias_gradient_matches_torch_on_tied_images(device):
    rng = np.random.default_rng(1)
    x = _tied_image(rng, (4, 1, 12, 12))
    w = rng.standard_normal((3, 1, 3, 3)) * 0.1
    b = np.array([0.0, 0.1, -0.1])
    args = [tt(v, device, tinytorch.float64, requires_grad=True) for v in (w, b)]
    F.max_pool2d(F.relu(F.conv2d(tt(x, device, tinytorch.float64), *args)), 2).sum().backward()
    targs = [torch.tensor(v, requires_grad=True) for v in (w, b)]
    TF.max_pool2d(TF.relu(TF.conv2d(torch.tensor(x), *targs)), 2).sum().backward()
    for a, ta in zip(args, targs):
        np.testing.assert_allclose(host(a.grad), ta.grad.numpy(), rtol=1e-10, atol=1e-12)


# --- numerical stability -------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [tinytorch.float32, tinytorch.float64])
def test_log_softmax_is_finite_and_exact_at_logits_of_1e4(device, dtype):
    x = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4 + 1.0]])
    got = host(F.log_softmax(tt(x, device, dtype), dim=1))
    expected = TF.log_softmax(torch.tensor(x), dim=1).numpy()
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-4)
    sm = host(F.softmax(tt(x, device, dtype), dim=1))
    np.testing.assert_allclose(sm, np.exp(expected), atol=1e-6)


def test_cross_entropy_is_stable_and_its_gradient_finite_at_large_logits(device):
    x = tt([[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0]], device, requires_grad=True)
    loss = F.cross_entropy(x, tinytorch.tensor([1, 1], device=device))
    loss.backward()
    assert np.isfinite(host(loss)) and abs(float(host(loss)) - 1e4) < 1
    assert np.isfinite(host(x.grad)).all()


def test_binary_cross_entropy_with_logits_is_stable_at_large_logits(device):
    x = tt([1e4, -1e4, 30.0], device)
    y = tt([0.0, 1.0, 1.0], device)
    got = host(F.binary_cross_entropy_with_logits(x, y, reduction="none"))
    np.testing.assert_allclose(got, [1e4, 1e4, 0.0], atol=1e-6)


# --- option semantics ----------------------------------------------------------------------------
@pytest.mark.parametrize("kernel,dilation", [((3, 3), 1), ((2, 4), 1), ((3, 2), 2)])
def test_conv2d_same_padding_keeps_size_and_matches_torch(device, kernel, dilation):
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 3, 7, 6)), rng.standard_normal((4, 3) + kernel)
    a, b = (tt(v, device, tinytorch.float64, requires_grad=True) for v in (x, w))
    y = F.conv2d(a, b, padding="same", dilation=dilation)
    ta, tb = (torch.tensor(v, requires_grad=True) for v in (x, w))
    with warnings.catch_warnings():  # torch notes the zero-padded copy for even kernels
        warnings.simplefilter("ignore")
        ty = TF.conv2d(ta, tb, padding="same", dilation=dilation)
    assert tuple(y.shape) == (2, 4, 7, 6)
    np.testing.assert_allclose(host(y), ty.detach().numpy(), rtol=1e-10, atol=1e-10)
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_allclose(host(a.grad), ta.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(host(b.grad), tb.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("shape,kernel,stride,padding,dilation,groups", [
    ((3, 4, 18, 18), (3, 3), 1, 0, 1, 1), ((2, 3, 21, 19), (3, 2), 1, 2, 1, 1),
    ((2, 3, 40, 37), (4, 3), 2, 1, 1, 1), ((2, 2, 24, 24), (3, 3), 1, 1, 2, 1),
    ((2, 4, 20, 20), (3, 3), 1, 1, 1, 2), ((4, 3, 9, 9), (3, 3), 1, 0, 1, 1)])
def test_conv2d_input_gradient_matches_torch_in_both_layouts(device, shape, kernel, stride,
                                                             padding, dilation, groups):
    """Output planes of 256 or more take the batch-first layouts (NOTE [Convolution layout]),
    whose input gradient runs sample by sample (NOTE [Input gradient by samples]), with
    stride 1 by flat taps (NOTE [Input gradient by flat taps]); smaller ones by blocks of
    samples and groups the whole-batch col2im."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)
    w = rng.standard_normal((4, shape[1] // groups) + kernel)
    opts = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    a, b = (tt(v, device, tinytorch.float64, requires_grad=True) for v in (x, w))
    ta, tb = (torch.tensor(v, requires_grad=True) for v in (x, w))
    y, ty = F.conv2d(a, b, **opts), TF.conv2d(ta, tb, **opts)
    g = rng.standard_normal(tuple(ty.shape))
    (y * tt(g, device, tinytorch.float64)).sum().backward()
    (ty * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(host(a.grad), ta.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(host(b.grad), tb.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("bad", [math.inf, math.nan])
def test_conv2d_input_gradient_with_a_non_finite_weight_matches_torch(device, bad):
    """The flat taps' zero columns (NOTE [Input gradient by flat taps]) times an inf or NaN
    weight would be NaN carried to other pixels: such a weight takes the strided path, and
    only the pixels that tap reaches are inf or NaN, as PyTorch's."""
    rng = np.random.default_rng(1)
    x, g = rng.standard_normal((2, 3, 18, 18)), rng.standard_normal((2, 4, 16, 16))
    w = rng.standard_normal((4, 3, 3, 3))
    w[1, 2, 0, 2] = bad
    a = tt(x, device, tinytorch.float64, requires_grad=True)
    ta = torch.tensor(x, requires_grad=True)
    F.conv2d(a, tt(w, device, tinytorch.float64)).backward(tt(g, device, tinytorch.float64))
    TF.conv2d(ta, torch.tensor(w)).backward(torch.tensor(g))
    assert np.isfinite(ta.grad.numpy()).mean() > 0.5  # the pixels outside the tap's reach
    np.testing.assert_allclose(host(a.grad), ta.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("kwargs", [
    {"scale_factor": 2, "mode": "nearest"}, {"size": (5, 3), "mode": "nearest"},
    {"size": (7, 9), "mode": "bilinear", "align_corners": False},
    {"size": (7, 9), "mode": "bilinear", "align_corners": True},
    {"scale_factor": 3, "mode": "bilinear"}, {"size": (2, 2), "mode": "bilinear"}])
def test_interpolate_matches_torch_forward_and_backward(device, kwargs):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 4, 5))
    a = tt(x, device, tinytorch.float64, requires_grad=True)
    ta = torch.tensor(x, requires_grad=True)
    y, ty = F.interpolate(a, **kwargs), TF.interpolate(ta, **kwargs)
    np.testing.assert_allclose(host(y), ty.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = rng.standard_normal(tuple(ty.shape))
    (y * tt(g, device, tinytorch.float64)).sum().backward()
    (ty * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(host(a.grad), ta.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_embedding_padding_idx_row_gets_no_gradient(device):
    w = tinytorch.randn(4, 3, device=device, requires_grad=True)
    idx = tinytorch.tensor([[0, 2, 2], [1, 0, 3]], device=device)
    F.embedding(idx, w, padding_idx=2).sum().backward()
    expected = np.array([2.0, 1.0, 0.0, 1.0])[:, None] * np.ones(3)
    np.testing.assert_array_equal(host(w.grad), expected)


def test_embedding_scale_grad_by_freq_divides_each_row_by_its_index_count(device):
    w = tinytorch.randn(4, 3, device=device, requires_grad=True)
    idx = tinytorch.tensor([[0, 2, 2], [1, 0, 0]], device=device)
    F.embedding(idx, w, padding_idx=2, scale_grad_by_freq=True).sum().backward()
    expected = np.array([1.0, 1.0, 0.0, 0.0])[:, None] * np.ones(3)  # 0: 3 times, 2: padding
    np.testing.assert_array_equal(host(w.grad), expected)


def _renorm_case():
    """(weight, indices): rows 0 and 5 over max_norm 1.5 in both norms, row 3 under it, all
    three repeated; rows 1, 2 and 4 are over it but not looked up."""
    w = np.random.default_rng(0).standard_normal((6, 4)) * 2
    w[0] += 2.0
    w[3] = [0.1, -0.2, 0.1, 0.3]
    return w, np.array([[0, 3, 3], [5, 0, 5]])


@pytest.mark.parametrize("norm_type", [2.0, 1.0])
def test_embedding_max_norm_renormalises_weight_in_place_like_torch(device, norm_type):
    w0, idx = _renorm_case()
    w, tw = tt(w0, device, tinytorch.float64, requires_grad=True), torch.tensor(w0)
    tw.requires_grad_()
    version, tversion = w._version, tw._version
    y = F.embedding(tinytorch.tensor(idx, device=device), w, max_norm=1.5, norm_type=norm_type)
    ty = TF.embedding(torch.tensor(idx), tw, max_norm=1.5, norm_type=norm_type)
    assert w._version - version == tw._version - tversion == 1
    np.testing.assert_allclose(host(w), tw.detach().numpy(), rtol=1e-12, atol=0)
    np.testing.assert_array_equal(host(y), host(w)[idx])
    np.testing.assert_allclose(host(y), ty.detach().numpy(), rtol=1e-12, atol=0)


@pytest.mark.parametrize("norm_type", [2.0, 1.0])
def test_embedding_max_norm_matches_numpy_definition(device, norm_type):
    from tests.opinfo import nn_refs as R
    w0, idx = _renorm_case()
    w = tt(w0, device)
    y = F.embedding(tinytorch.tensor(idx, device=device), w, max_norm=1.5, norm_type=norm_type)
    expected = R.embedding_renorm(idx, w0.astype(np.float32), 1.5, norm_type)
    assert w.dtype == tinytorch.float32
    np.testing.assert_allclose(host(w), expected, rtol=1e-6, atol=0)
    changed = (host(w) != w0.astype(np.float32)).any(axis=1)
    assert changed.tolist() == [True, False, False, False, False, True]
    np.testing.assert_array_equal(host(y), host(w)[idx])


def test_embedding_max_norm_makes_a_graph_that_saved_the_weight_stale(device):
    w = tinytorch.full((3, 2), 2.0, device=device, requires_grad=True)
    y = (w * w).sum()
    F.embedding(tinytorch.tensor([0], device=device), w, max_norm=1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_cross_entropy_mean_divides_by_weights_of_non_ignored_targets(device):
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((4, 3)), np.array([1.0, 2.0, 0.5])
    t = np.array([0, -100, 2, 1])
    got = F.cross_entropy(tt(x, device), tinytorch.tensor(t, device=device),
                          weight=tt(w, device))
    expected = TF.cross_entropy(torch.tensor(x, dtype=torch.float32), torch.tensor(t),
                                weight=torch.tensor(w, dtype=torch.float32))
    np.testing.assert_allclose(host(got), expected.numpy(), rtol=1e-5)


def test_relu_inplace_writes_into_its_input(device):
    x = tt([-1.0, 2.0], device)
    y = F.relu(x, inplace=True)
    assert y is x
    np.testing.assert_array_equal(host(x), [0.0, 2.0])


def test_pad_with_negative_widths_crops(device):
    x = tinytorch.arange(12.0, device=device).reshape(3, 4)
    np.testing.assert_array_equal(host(F.pad(x, (-1, 1, 0, -2))),
                                  TF.pad(torch.arange(12.0).reshape(3, 4), (-1, 1, 0, -2)))


def test_softmax_without_dim_warns_and_uses_torch_implicit_dim(device):
    x = tinytorch.randn(2, 3, device=device)
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        y = F.softmax(x)
    np.testing.assert_allclose(host(y).sum(axis=1), 1.0, rtol=1e-6)


@pytest.mark.parametrize("call", [
    lambda x: F.softmax(x), lambda x: F.log_softmax(x), lambda x: tinytorch.nn.Softmax()(x),
    lambda x: tinytorch.nn.LogSoftmax()(x), lambda x: x.softmax(None),
    lambda x: tinytorch.softmax(x, None)],
    ids=["F.softmax", "F.log_softmax", "nn.Softmax", "nn.LogSoftmax", "Tensor.softmax",
         "tinytorch.softmax"])
def test_softmax_implicit_dim_warning_points_at_the_callers_line(call):
    x = tinytorch.randn(2, 3)
    with pytest.warns(UserWarning, match="Implicit dimension choice") as record:
        call(x)  # the user's line is the lambda's, however deep the library calls go
    assert record[0].filename == __file__
    assert record[0].lineno == call.__code__.co_firstlineno


@pytest.mark.parametrize("fn", [
    lambda x: F.conv2d(x, tinytorch.ones(2, 3, 3, 3, device=x.device)),
    lambda x: F.max_pool2d(x, 2), lambda x: F.avg_pool2d(x, 2),
    lambda x: F.log_softmax(x, 1), lambda x: F.gelu(x),
    lambda x: F.batch_norm(x, None, None, training=True),
    lambda x: F.interpolate(x, scale_factor=2, mode="bilinear")])
def test_float32_inputs_give_float32_outputs(device, fn):
    assert fn(tinytorch.randn(2, 3, 6, 6, device=device)).dtype == tinytorch.float32


@pytest.mark.parametrize("contiguous", [False, True])
def test_linear_on_nd_input_keeps_what_pytorch_keeps(contiguous):
    # PyTorch folds an N-D input with reshape: a copy of a non-contiguous input is what backward
    # keeps, so writing the input in place afterwards breaks backward only when it was
    # contiguous (the random-program tester's find)
    torch = pytest.importorskip("torch")

    def run(lib):
        x = lib.ones(2, 3, 4, dtype=lib.float64, requires_grad=True)
        v = x * 2 if contiguous else x.transpose(0, 1) * 2
        y = lib.nn.functional.linear(v, lib.ones(5, 4, dtype=lib.float64))
        v.add_(1)
        try:
            y.sum().backward()
        except RuntimeError:
            return "raises"
        return x.grad.sum().item()
    assert run(tinytorch) == run(torch)


@pytest.mark.parametrize("shape", [(4,), (2, 4), (3, 2, 4)])
def test_linear_takes_a_1d_weight_as_pytorch_does(shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape)
    w = np.random.default_rng(1).standard_normal(4)
    outs, grads = [], []
    for lib in (tinytorch, torch):
        xt, wt = lib.tensor(x, requires_grad=True), lib.tensor(w, requires_grad=True)
        y = lib.nn.functional.linear(xt, wt)
        y.sum().backward()
        outs.append(y.detach().numpy())
        grads.append((xt.grad.numpy(), wt.grad.numpy()))
    assert outs[0].shape == outs[1].shape == shape[:-1]
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-12)
    for got, want in zip(*grads):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_linear_refuses_a_bias_with_a_1d_weight_as_pytorch_does():
    with pytest.raises(RuntimeError, match="mat2 must be a matrix, got 1-D tensor"):
        F.linear(tinytorch.ones(2, 4), tinytorch.ones(4), tinytorch.tensor(1.0))


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape,pad", [((5,), (1, 1)), ((5, 5), (1, 1, 1, 1)),
                                       ((1, 2, 3, 5), (1, 1)), ((1, 1, 2, 5, 5), (1, 1, 1, 1)),
                                       ((1, 1, 1, 2, 5, 5, 5), (1,) * 6)])
def test_non_constant_pad_refuses_ranks_pytorch_refuses(mode, shape, pad):
    """reflect/replicate/circular pad the last 1-3 dims of an input with 1 or 2 more, as in
    PyTorch (which raises this NotImplementedError); tinytorch used to pad any rank."""
    with pytest.raises(NotImplementedError,
                       match=rf"Padding size {len(pad)} is not supported for {len(shape)}D "
                             r"input tensor\.\nSupported combinations for non-constant padding"):
        F.pad(tinytorch.zeros(*shape), pad, mode=mode)


@pytest.mark.parametrize("x_shape, w_shape", [((0,), (1, 0)), ((2, 0, 3), (0, 3)),
                                              ((0, 4), (2, 4)), ((3, 0), (2, 0))])
def test_linear_on_empty_tensors_matches_torch(device, x_shape, w_shape):
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        x = lib.ones(x_shape, dtype=lib.float64, device=dev, requires_grad=True)
        w = lib.ones(w_shape, dtype=lib.float64, device=dev, requires_grad=True)
        y = lib.nn.functional.linear(x, w)
        y.sum().backward()
        results.append([tuple(y.shape), y.detach().cpu().tolist(), x.grad.cpu().tolist(),
                        w.grad.cpu().tolist()])
    assert results[0] == results[1]


@pytest.mark.filterwarnings("ignore:divide by zero")  # logsumexp of nothing: log 0 = -inf
@pytest.mark.parametrize("shape, dim", [((0,), -1), ((2, 0), 1), ((2, 0), 0), ((0, 3), 1)])
@pytest.mark.parametrize("name", ["softmax", "log_softmax", "logsumexp"])
def test_softmax_family_over_empty_tensors_matches_torch(device, shape, dim, name):
    got = getattr(tinytorch.zeros(shape, device=device), name)(dim)
    want = getattr(torch.zeros(shape), name)(dim)
    assert tuple(got.shape) == tuple(want.shape) and got.tolist() == want.tolist()


@pytest.mark.parametrize("shape", [(1, 0), (0, 3), (2, 0), (0, 0, 4), (1, 2, 1)])
def test_batch_norm_training_on_empty_or_single_value_batches_matches_torch(device, shape):
    outcomes = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        mean, var = lib.zeros(shape[1], device=dev), lib.ones(shape[1], device=dev)
        try:
            y = lib.nn.functional.batch_norm(lib.zeros(shape, device=dev), mean, var,
                                             training=True)
            outcomes.append((tuple(y.shape), mean.tolist(), var.tolist()))
        except ValueError as e:
            outcomes.append(str(e).split(", got")[0])
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("shape", [(2, 2), (4, 2, 1), (3, 2, 2, 1), (2, 2, 3)])
def test_batch_norm_with_a_strided_weight_gives_its_contiguous_copys_gradients(shape):
    """A weight that is a strided view: tinytorch's gradients are those of its contiguous copy
    (PyTorch's, computed with the copy). PyTorch 2.13's CPU kernel itself reads a strided
    weight as contiguous when the spatial size is 1 (docs/random_programs.md)."""
    rng = np.random.default_rng(0)
    x, g = rng.standard_normal(shape), rng.standard_normal(shape)
    base = np.array([0.5, 7.0, 0.25, 9.0])
    ours_x = tinytorch.tensor(x, requires_grad=True)
    ours_w = tinytorch.tensor(base, requires_grad=True)
    y = F.batch_norm(ours_x, None, None, ours_w[::2], ours_w[1::2], training=True)
    gx, gw = tinytorch.autograd.grad(y, (ours_x, ours_w), tinytorch.tensor(g))
    theirs_x = torch.tensor(x, requires_grad=True)
    theirs_w = torch.tensor(base, requires_grad=True)
    y = torch.nn.functional.batch_norm(theirs_x, None, None, theirs_w[::2].contiguous(),
                                       theirs_w[1::2].contiguous(), training=True)
    tx, tw = torch.autograd.grad(y, (theirs_x, theirs_w), torch.tensor(g))
    np.testing.assert_allclose(gx.numpy(), tx.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gw.numpy(), tw.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape, channels", [((1, 0), 0), ((0, 3), 3), ((2, 3, 0), 3),
                                             ((0, 3), 5)])
@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize("affine", [False, True])
def test_batch_norm_of_an_empty_input_takes_pytorchs_empty_path(device, shape, channels,
                                                               training, affine):
    """An empty input: input.clone() * weight[0] + bias[0], before the shape checks (a weight
    of another size passes), the statistics untouched; weight[0] of no channels raises."""
    outcomes = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        x = lib.zeros(shape, dtype=lib.float64, device=dev, requires_grad=True)
        w = lib.ones(channels, dtype=lib.float64, device=dev, requires_grad=True)
        b = lib.zeros(channels, dtype=lib.float64, device=dev, requires_grad=True)
        mean, var = lib.zeros(channels, device=dev), lib.ones(channels, device=dev)
        try:
            y = lib.nn.functional.batch_norm(x, mean, var, w if affine else None,
                                             b if affine else None, training=training)
            y.sum().backward()
            outcomes.append((tuple(y.shape), y.grad_fn.name(), mean.tolist(), var.tolist(),
                             None if w.grad is None else w.grad.tolist(), mean._version))
        except (IndexError, ValueError) as e:
            outcomes.append((type(e), str(e).split(", got")[0]))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("norm", ["group_norm", "instance_norm"])
def test_group_and_instance_norm_keep_a_contiguous_copy_of_an_expanded_input(device, norm):
    """PyTorch's CPU group_norm and instance_norm normalise input.contiguous(): after an
    in-place write into the base of an expanded input, backward still runs, as PyTorch's."""
    grads = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        a = lib.tensor([[[0.5]]], dtype=lib.float64, device=dev, requires_grad=True)
        base = -a
        x = base.expand(2, 2, 2, 2)
        shift = lib.arange(16.0, dtype=lib.float64, device=dev).reshape(2, 2, 2, 2) / 8
        y = getattr(lib.nn.functional, norm)(x, *(1,) * (norm == "group_norm"))
        z = getattr(lib.nn.functional, norm)(x * 1 + shift, *(1,) * (norm == "group_norm"))
        base.relu_()
        ((y * shift).sum() + (z * shift).sum()).backward()
        grads.append(a.grad.tolist())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("size, out", [((2, 3), (1, 1)), ((3, 3), (2, 2)), ((5, 7), (2, 3))])
def test_adaptive_avg_pool2d_sums_then_divides_as_pytorchs_kernel(device, size, out):
    """Each window's sum / kh / kw (a 1x1 output: the plane's mean), so an average of equal
    values is exact, as PyTorch's (weights of 1/k rounded it: 0.875 came back 0.87499...)."""
    x = np.full((1, 2) + size, 0.875)
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        t = lib.tensor(x, device=dev, requires_grad=True)
        y = lib.nn.functional.adaptive_avg_pool2d(t, out)
        y.sum().backward()
        assert (y.detach().cpu().numpy() == 0.875).all()
        assert np.array_equal(t.grad.cpu().numpy(), np.full(x.shape, 1 / (size[0] * size[1]))) \
            or out != (1, 1)


@pytest.mark.parametrize("norm", ["group_norm", "layer_norm", "rms_norm"])
@pytest.mark.parametrize("shape", [(2, 0, 3), (2, 0), (0, 0, 2)])
def test_norms_over_nothing_return_quietly_as_pytorchs(device, norm, shape):
    """Zero channels (or an empty normalized shape): empty results and gradients, no NumPy
    "Mean of empty slice" warnings (the suite turns warnings into errors)."""
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        x = lib.zeros(shape, dtype=lib.float64, device=dev, requires_grad=True)
        fn = getattr(lib.nn.functional, norm)
        y = fn(x, 1) if norm == "group_norm" else fn(x, shape[-1:])
        y.sum().backward()
        results.append((tuple(y.shape), tuple(x.grad.shape)))
    assert results[0] == results[1]


@pytest.mark.parametrize("training", [False, True])
def test_batch_norm_gradient_does_not_depend_on_the_incoming_gradients_strides(training):
    """A gradient with strides (6, 1, 2, 1) for shape (1, 2, 3, 1) gives the same input
    gradient as its contiguous copy. PyTorch 2.13's CPU kernel permutes it (it reads such
    strides as channels-last): tinytorch matches PyTorch's result for the contiguous one
    (docs/random_programs.md)."""
    rng = np.random.default_rng(0)
    x0, g0 = rng.standard_normal((1, 2, 3, 1)), rng.standard_normal((1, 2, 3, 1))
    stats = ((0.25, 0.5), (1.5, 2.0))

    def grad(lib, g):
        x = lib.tensor(x0, requires_grad=True)
        mean, var = (lib.tensor(s, dtype=lib.float64) for s in stats)
        lib.nn.functional.batch_norm(x, mean, var, training=training).backward(g)
        return x.grad.numpy()
    strided = tinytorch.tensor(g0).transpose(1, 2).contiguous().transpose(1, 2)
    assert strided.stride() == (6, 1, 2, 1)
    np.testing.assert_allclose(grad(tinytorch, strided), grad(torch, torch.tensor(g0)),
                               rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("pad", [(1, -1, 2, 0), (0, 0, -3, 2), (2, 2, 1, -2), (-1, -1, -1, -1),
                                 (3, -2, 0, 0), (6, 0, 0, 0), (7, 0, 0, 0), (-6, 1, 0, 0)])
def test_circular_pad_wraps_the_cropped_interior_as_pytorch(pad):
    # a negative pad crops first; the positive one on the other side then wraps what is left
    # (it wrapped the uncropped input); past one wrap PyTorch's error
    x = np.arange(2 * 3 * 5 * 6, dtype=np.float64).reshape(2, 3, 5, 6)

    def run(lib):
        t = lib.tensor(x, requires_grad=True)
        try:
            y = lib.nn.functional.pad(t, pad, mode="circular")
        except RuntimeError as e:
            return str(e)
        (y * lib.arange(y.numel(), dtype=lib.float64).reshape(y.shape)).sum().backward()
        return y.tolist(), t.grad.tolist()
    if pad == (-6, 1, 0, 0):  # PyTorch 2.13 returns uninitialised memory there
        assert run(tinytorch) == "Padding value causes wrapping around more than once."
        return
    assert run(tinytorch) == run(torch)


def test_cosine_similarity_broadcasts_before_taking_norms_as_pytorch():
    # a size-1 dim repeated along ``dim`` lengthens that input's norm (it was taken unrepeated)
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    results = []
    for lib in (tinytorch, torch):
        a = lib.tensor(x[:, :1], requires_grad=True)
        b = lib.tensor(x, requires_grad=True)
        y = lib.nn.functional.cosine_similarity(a, b, dim=1)
        (y * lib.tensor(x[0], dtype=lib.float64)[:2]).sum().backward()
        results.append((y.tolist(), a.grad.tolist(), b.grad.tolist()))
    np.testing.assert_allclose(np.array(results[0][0]), np.array(results[1][0]), rtol=1e-12)
    np.testing.assert_allclose(np.array(results[0][1]), np.array(results[1][1]), rtol=1e-10,
                               atol=1e-15)
    np.testing.assert_allclose(np.array(results[0][2]), np.array(results[1][2]), rtol=1e-10,
                               atol=1e-15)


@pytest.mark.parametrize("mode", ["bilinear", "bicubic", "lanczos"])
@pytest.mark.parametrize("kwargs", [{"size": (5, 4)}, {"size": (20, 30)}, {"scale_factor": 0.37},
                                    {"scale_factor": (0.5, 1.7)}, {"size": (13, 4)},
                                    {"size": (6, 3), "align_corners": True}, {"size": (1, 1)}])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_antialiased_interpolation_as_pytorch(mode, kwargs, dtype):
    """PyTorch's weights come from float32 arithmetic for a float32 input (NOTE in
    backends/_array_api/nn_resample.py); Lanczos-3 (PyTorch 2.13's mode="lanczos") needs
    antialias=True and refuses align_corners=True."""
    if mode == "lanczos" and kwargs.get("align_corners"):
        return
    x = np.random.default_rng(0).standard_normal((2, 3, 13, 11)).astype(dtype)
    results = []
    for lib in (tinytorch, torch):
        t = lib.tensor(x, requires_grad=True)
        y = lib.nn.functional.interpolate(t, mode=mode, antialias=True, **kwargs)
        (y * lib.arange(y.numel(), dtype=t.dtype).reshape(y.shape)).sum().backward()
        results.append((y.detach().numpy(), t.grad.numpy(), y.grad_fn.name()))
    tol = (1e-12, 1e-10) if dtype == "float64" else (2e-6, 2e-5)
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=tol[0], atol=tol[0])
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=tol[1], atol=tol[1])
    assert results[0][2] == results[1][2]


def test_lanczos_interpolation_has_double_backward_and_pytorchs_errors():
    x = tinytorch.tensor(np.random.default_rng(1).random((1, 2, 7, 6)), requires_grad=True)
    assert tinytorch.autograd.gradgradcheck(
        lambda a: F.interpolate(a, size=(4, 9), mode="lanczos", antialias=True), (x,))
    for lib in (tinytorch, torch):
        f = lib.nn.functional.interpolate
        with pytest.raises(ValueError, match="Lanczos mode requires antialias=True"):
            f(lib.ones(1, 1, 4, 4), size=2, mode="lanczos")
        with pytest.raises(ValueError, match="Lanczos mode does not support align_corners"):
            f(lib.ones(1, 1, 4, 4), size=2, mode="lanczos", antialias=True, align_corners=True)
        with pytest.raises(ValueError, match="Anti-alias option is restricted"):
            f(lib.ones(1, 1, 4), size=2, mode="lanczos", antialias=True)
        with pytest.raises(NotImplementedError, match=r"supported \(got 3D\).*\(got lanczos\)"):
            f(lib.ones(1, 1, 4), size=2, mode="lanczos")
        with pytest.raises(NotImplementedError, match='"compute_index_ranges_weights" not '
                                                      "implemented for 'Long'"):
            f(lib.ones(1, 1, 4, 4, dtype=lib.int64), size=2, mode="bicubic", antialias=True)


def test_antialias_refuses_other_modes_as_pytorch():
    for lib in (tinytorch, torch):
        with pytest.raises(ValueError, match="Anti-alias option is restricted to bilinear"):
            lib.nn.functional.interpolate(lib.ones(1, 1, 4, 4), size=2, mode="nearest",
                                          antialias=True)
