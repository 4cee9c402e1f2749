"""Every layer against PyTorch: the same state dict (keys and layouts), loaded both ways,
gives the same outputs, gradients and updated buffers."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)


def to_torch_state(state):
    return {k: torch.from_numpy(np.array(v.cpu().numpy())) for k, v in state.items()}


def to_tiny_state(state, device):
    return {k: tinytorch.tensor(v.numpy(), device=device) for k, v in state.items()}


def floats(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


def ints(high, *shape):
    return RNG.integers(0, high, shape)


REPEATS = np.array([[0, 3, 3, 9], [3, 7, 0, 1]])  # repeated indices, padding_idx 1 among them


# (id, constructor taking the library, input arrays)
LAYERS = [
    ("linear", lambda L: L.nn.Linear(5, 3), [floats(4, 5)]),
    ("linear_nobias_3d", lambda L: L.nn.Linear(5, 3, bias=False), [floats(2, 4, 5)]),
    ("bilinear", lambda L: L.nn.Bilinear(3, 4, 2), [floats(5, 3), floats(5, 4)]),
    ("identity", lambda L: L.nn.Identity(7, x=1), [floats(2, 3)]),
    ("conv1d", lambda L: L.nn.Conv1d(3, 4, 3, stride=2, padding=1), [floats(2, 3, 9)]),
    ("conv2d", lambda L: L.nn.Conv2d(3, 4, 3, padding=1), [floats(2, 3, 6, 6)]),
    ("conv2d_groups", lambda L: L.nn.Conv2d(4, 6, 3, groups=2, dilation=2, bias=False),
     [floats(2, 4, 7, 7)]),
    ("conv2d_same", lambda L: L.nn.Conv2d(2, 3, (3, 5), padding="same"), [floats(1, 2, 5, 6)]),
    ("conv2d_reflect", lambda L: L.nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode="reflect"),
     [floats(1, 2, 5, 6)]),
    ("conv1d_circular", lambda L: L.nn.Conv1d(2, 3, 3, padding=1, padding_mode="circular"),
     [floats(2, 2, 7)]),
    ("conv_transpose2d", lambda L: L.nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1,
                                                        output_padding=1),
     [floats(2, 3, 4, 4)]),
    ("max_pool1d", lambda L: L.nn.MaxPool1d(2), [floats(2, 3, 8)]),
    ("max_pool2d", lambda L: L.nn.MaxPool2d(3, stride=2, padding=1), [floats(2, 3, 7, 7)]),
    ("avg_pool1d", lambda L: L.nn.AvgPool1d(3, stride=2), [floats(2, 3, 9)]),
    ("avg_pool2d", lambda L: L.nn.AvgPool2d(2, padding=1, count_include_pad=False),
     [floats(2, 3, 5, 5)]),
    ("adaptive_avg_pool2d", lambda L: L.nn.AdaptiveAvgPool2d((2, 3)), [floats(2, 3, 7, 8)]),
    ("adaptive_max_pool2d", lambda L: L.nn.AdaptiveMaxPool2d(2), [floats(2, 3, 6, 5)]),
    ("upsample_nearest", lambda L: L.nn.Upsample(scale_factor=2), [floats(1, 2, 3, 4)]),
    ("upsample_bilinear", lambda L: L.nn.Upsample(size=(5, 7), mode="bilinear",
                                                  align_corners=False), [floats(1, 2, 3, 4)]),
    ("batch_norm1d", lambda L: L.nn.BatchNorm1d(3), [floats(6, 3)]),
    ("batch_norm1d_cumulative", lambda L: L.nn.BatchNorm1d(3, momentum=None),
     [floats(4, 3, 5)]),
    ("batch_norm2d", lambda L: L.nn.BatchNorm2d(3), [floats(4, 3, 5, 5)]),
    ("batch_norm2d_no_stats", lambda L: L.nn.BatchNorm2d(3, affine=False,
                                                         track_running_stats=False),
     [floats(4, 3, 2, 2)]),
    ("layer_norm", lambda L: L.nn.LayerNorm((4, 5)), [floats(2, 3, 4, 5)]),
    ("group_norm", lambda L: L.nn.GroupNorm(2, 4), [floats(2, 4, 3, 3)]),
    ("embedding", lambda L: L.nn.Embedding(10, 4, padding_idx=1), [ints(10, 2, 5)]),
    ("embedding_max_norm", lambda L: L.nn.Embedding(10, 4, max_norm=1.5), [REPEATS]),
    ("embedding_max_norm_l1", lambda L: L.nn.Embedding(10, 4, max_norm=2.0, norm_type=1.0),
     [REPEATS]),
    ("embedding_scale_grad_by_freq",
     lambda L: L.nn.Embedding(10, 4, padding_idx=1, scale_grad_by_freq=True), [REPEATS]),
    ("flatten", lambda L: L.nn.Flatten(), [floats(2, 3, 4)]),
    ("unflatten", lambda L: L.nn.Unflatten(1, (2, 3)), [floats(2, 6)]),
    ("dropout_p0", lambda L: L.nn.Dropout(0.0), [floats(3, 4)]),
    ("relu", lambda L: L.nn.ReLU(), [floats(3, 5)]),
    ("relu6", lambda L: L.nn.ReLU6(), [floats(3, 5) * 5]),
    ("leaky_relu", lambda L: L.nn.LeakyReLU(0.2), [floats(3, 5)]),
    ("elu", lambda L: L.nn.ELU(alpha=0.7), [floats(3, 5)]),
    ("selu", lambda L: L.nn.SELU(), [floats(3, 5)]),
    ("gelu", lambda L: L.nn.GELU(), [floats(3, 5)]),
    ("gelu_tanh", lambda L: L.nn.GELU(approximate="tanh"), [floats(3, 5)]),
    ("silu", lambda L: L.nn.SiLU(), [floats(3, 5)]),
    ("softplus", lambda L: L.nn.Softplus(beta=2.0, threshold=3.0), [floats(3, 5)]),
    ("hardtanh", lambda L: L.nn.Hardtanh(-0.5, 0.5), [floats(3, 5)]),
    ("sigmoid", lambda L: L.nn.Sigmoid(), [floats(3, 5)]),
    ("tanh", lambda L: L.nn.Tanh(), [floats(3, 5)]),
    ("softmax", lambda L: L.nn.Softmax(dim=1), [floats(3, 5)]),
    ("log_softmax", lambda L: L.nn.LogSoftmax(dim=-1), [floats(3, 5)]),
]


def _run(module, inputs, lib, device=None):
    """Output and gradients (inputs, parameters) after backward of a fixed weighting."""
    kw = {} if device is None else {"device": device}
    tensors = []
    for a in inputs:
        if a.dtype.kind == "f":
            tensors.append(lib.tensor(a, requires_grad=True, **kw))
        else:
            tensors.append(lib.tensor(a, **kw))
    out = module(*tensors)
    weights = np.linspace(-1, 1, int(np.prod(out.shape)), dtype=np.float32)
    if out.requires_grad:
        (out * lib.tensor(weights.reshape(tuple(out.shape)), **kw)).sum().backward()
    grads = [t.grad for t in tensors if t.grad is not None]
    grads += [p.grad for _, p in module.named_parameters() if p.grad is not None]
    return out, grads


def _numpy(t):
    return t.detach().cpu().numpy() if hasattr(t, "cpu") else np.asarray(t)


@pytest.mark.parametrize("case", LAYERS, ids=[c[0] for c in LAYERS])
def test_layer_matches_torch_with_same_state(case, device):
    _, build, inputs = case
    ours, theirs = build(tinytorch).to(device), build(torch)
    sd = ours.state_dict()
    assert list(sd) == list(theirs.state_dict())
    assert [tuple(v.shape) for v in sd.values()] == [
        tuple(v.shape) for v in theirs.state_dict().values()]
    theirs.load_state_dict(to_torch_state(sd))
    out, grads = _run(ours, inputs, tinytorch, device)
    ref, ref_grads = _run(theirs, inputs, torch)
    assert repr(ours) == repr(theirs)
    np.testing.assert_allclose(_numpy(out), _numpy(ref), rtol=1e-4, atol=1e-5)
    assert len(grads) == len(ref_grads)
    for g, r in zip(grads, ref_grads):
        np.testing.assert_allclose(_numpy(g), _numpy(r), rtol=1e-4, atol=1e-4)
    for (k, v), r in zip(ours.state_dict().items(), theirs.state_dict().values()):
        np.testing.assert_allclose(_numpy(v), _numpy(r), rtol=1e-5, atol=1e-6, err_msg=k)


LOSSES = [
    ("cross_entropy", lambda L: L.nn.CrossEntropyLoss(), floats(4, 5), ints(5, 4)),
    ("cross_entropy_options",
     lambda L: L.nn.CrossEntropyLoss(weight=L.tensor([1.0, 2.0, 0.5, 1.0, 3.0]), ignore_index=1,
                                     label_smoothing=0.1, reduction="sum"),
     floats(6, 5), ints(5, 6)),
    ("nll", lambda L: L.nn.NLLLoss(reduction="none"), floats(4, 3), ints(3, 4)),
    ("mse", lambda L: L.nn.MSELoss(), floats(3, 4), floats(3, 4)),
    ("l1", lambda L: L.nn.L1Loss(reduction="sum"), floats(3, 4), floats(3, 4)),
    ("smooth_l1", lambda L: L.nn.SmoothL1Loss(beta=0.5), floats(3, 4), floats(3, 4)),
    ("huber", lambda L: L.nn.HuberLoss(delta=0.5), floats(3, 4), floats(3, 4)),
    ("bce", lambda L: L.nn.BCELoss(), RNG.uniform(0.05, 0.95, (3, 4)).astype(np.float32),
     RNG.uniform(0, 1, (3, 4)).astype(np.float32)),
    ("bce_logits", lambda L: L.nn.BCEWithLogitsLoss(pos_weight=L.tensor([1.0, 2.0, 3.0, 0.5])),
     floats(3, 4), RNG.uniform(0, 1, (3, 4)).astype(np.float32)),
    ("kl_div", lambda L: L.nn.KLDivLoss(reduction="batchmean"),
     np.log(RNG.dirichlet(np.ones(4), 3)).astype(np.float32),
     RNG.dirichlet(np.ones(4), 3).astype(np.float32)),
    ("kl_div_log_target", lambda L: L.nn.KLDivLoss(reduction="sum", log_target=True),
     floats(3, 4), floats(3, 4)),
]


@pytest.mark.parametrize("case", LOSSES, ids=[c[0] for c in LOSSES])
def test_loss_matches_torch(case, device):
    _, build, x, y = case
    ours, theirs = build(tinytorch).to(device), build(torch)
    assert repr(ours) == repr(theirs)
    xt = tinytorch.tensor(x, device=device, requires_grad=True)
    xr = torch.tensor(x, requires_grad=True)
    out = ours(xt, tinytorch.tensor(y, device=device))
    ref = theirs(xr, torch.tensor(y))
    np.testing.assert_allclose(_numpy(out), _numpy(ref), rtol=1e-4, atol=1e-5)
    out.sum().backward()
    ref.sum().backward()
    np.testing.assert_allclose(_numpy(xt.grad), _numpy(xr.grad), rtol=1e-4, atol=1e-5)


def test_loss_legacy_arguments_map_to_reduction():
    with pytest.warns(UserWarning, match="reduction='sum'"):
        loss = tinytorch.nn.MSELoss(size_average=False)
    assert loss.reduction == "sum"


def _cnn(lib):
    n = lib.nn
    return n.Sequential(
        n.Conv2d(1, 4, 3, padding=1), n.BatchNorm2d(4), n.ReLU(), n.MaxPool2d(2),
        n.Conv2d(4, 8, 3), n.ReLU(), n.Flatten(), n.Linear(8 * 2 * 2, 10), n.LogSoftmax(1))


@pytest.mark.parametrize("direction", ["tinytorch_to_torch", "torch_to_tinytorch"])
def test_model_state_dict_transfers_with_identical_outputs(direction, device):
    ours, theirs = _cnn(tinytorch).to(device), _cnn(torch)
    if direction == "tinytorch_to_torch":
        theirs.load_state_dict(to_torch_state(ours.state_dict()))
    else:
        ours.load_state_dict(to_tiny_state(theirs.state_dict(), device))
    x = floats(3, 1, 8, 8)
    for mode in ("train", "eval"):
        getattr(ours, mode)()
        getattr(theirs, mode)()
        out = ours(tinytorch.tensor(x, device=device))
        ref = theirs(torch.tensor(x))
        np.testing.assert_allclose(_numpy(out), _numpy(ref), rtol=1e-4, atol=1e-5)


def test_dropout_active_only_in_training(device):
    drop = tinytorch.nn.Dropout(p=0.5)
    x = tinytorch.ones(2000, device=device)
    y = _numpy(drop(x))
    assert set(np.unique(y)) <= {0.0, 2.0}
    assert 0.4 < (y == 0).mean() < 0.6
    drop.eval()
    np.testing.assert_array_equal(_numpy(drop(x)), np.ones(2000))
    with pytest.raises(ValueError, match="between 0 and 1, but got 1.5"):
        tinytorch.nn.Dropout(1.5)


def test_batch_norm_train_uses_batch_stats_eval_uses_running(device):
    bn = tinytorch.nn.BatchNorm1d(2).to(device)
    x = tinytorch.tensor([[1.0, 10.0], [3.0, 30.0]], device=device)
    y = _numpy(bn(x))
    np.testing.assert_allclose(y.mean(0), 0, atol=1e-5)
    assert int(bn.num_batches_tracked) == 1
    np.testing.assert_allclose(_numpy(bn.running_mean), [0.2, 2.0], rtol=1e-5)
    bn.eval()
    y_eval = _numpy(bn(x))
    expected = (np.array([[1.0, 10.0], [3.0, 30.0]]) - [0.2, 2.0]) / np.sqrt(
        _numpy(bn.running_var) + 1e-5)
    np.testing.assert_allclose(y_eval, expected, rtol=1e-4)
    assert int(bn.num_batches_tracked) == 1
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        bn(tinytorch.zeros(1, 2, 1, 1, device=device))


def test_embedding_padding_row_starts_zero_and_pretrained_is_frozen():
    emb = tinytorch.nn.Embedding(5, 3, padding_idx=-1)
    assert emb.padding_idx == 4
    np.testing.assert_array_equal(_numpy(emb.weight)[4], 0)
    w = tinytorch.tensor([[1.0, 2.0], [3.0, 4.0]])
    pre = tinytorch.nn.Embedding.from_pretrained(w)
    assert not pre.weight.requires_grad
    np.testing.assert_array_equal(_numpy(pre(tinytorch.tensor([1, 0]))), [[3, 4], [1, 2]])
    assert tinytorch.nn.Embedding.from_pretrained(w, freeze=False).weight.requires_grad
    with pytest.raises(AssertionError, match="Padding_idx must be within num_embeddings"):
        tinytorch.nn.Embedding(5, 3, padding_idx=5)


def test_embedding_from_pretrained_passes_max_norm_scale_grad_by_freq_and_sparse(device):
    w = tinytorch.tensor([[3.0, 4.0], [0.3, 0.4]], device=device)
    emb = tinytorch.nn.Embedding.from_pretrained(w, freeze=False, max_norm=1.0,
                                                 scale_grad_by_freq=True)
    emb(tinytorch.tensor([0, 0, 1], device=device)).sum().backward()
    np.testing.assert_allclose(_numpy(w), [[0.6, 0.8], [0.3, 0.4]], rtol=1e-6)  # shared, as torch
    np.testing.assert_array_equal(_numpy(emb.weight.grad), np.ones((2, 2)))
    sparse = tinytorch.nn.Embedding.from_pretrained(w, sparse=True)
    with pytest.raises(NotImplementedError, match="sparse=True .* use sparse=False"):
        sparse(tinytorch.tensor([0], device=device))


def test_conv_transpose_output_size_selects_output_padding():
    m = tinytorch.nn.ConvTranspose2d(2, 2, 3, stride=2, padding=1)
    x = tinytorch.randn(1, 2, 4, 4)
    assert m(x).shape == (1, 2, 7, 7)
    assert m(x, output_size=[8, 8]).shape == (1, 2, 8, 8)
    with pytest.raises(ValueError, match="requested an output size of"):
        m(x, output_size=[10, 10])


def test_conv_argument_errors_match_torch():
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        tinytorch.nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="not supported for strided convolutions"):
        tinytorch.nn.Conv2d(2, 2, 3, stride=2, padding="same")


@pytest.mark.parametrize("pool", ["adaptive_avg_pool2d", "adaptive_max_pool2d", "max_pool2d"])
def test_pooling_returns_its_own_output_not_a_reshape_of_it(pool):
    # As PyTorch's: a second tensor over the output (a reshape view) kept its retain_grad on
    # the old node when a view of the output was written in place (the random-program
    # tester's find: v.retain_grad(); v.expand(v.shape).add_(1) left v.grad None).
    fn = getattr(tinytorch.nn.functional, pool)
    args = (2,) if pool == "max_pool2d" else ((2, 2),)
    x = tinytorch.randn(2, 1, 4, 4, dtype=tinytorch.float64, requires_grad=True)
    v = fn(x * 1, *args)
    assert type(v.grad_fn).__name__ != "ReshapeBackward"
    v.retain_grad()
    w = v.expand(2, 1, 2, 2)
    w.add_(0.5)
    (-w).sum().backward()
    assert v.grad is not None
    np.testing.assert_array_equal(v.grad.numpy(), -np.ones((2, 1, 2, 2)))


def test_batch_norm_without_channels_differentiates_as_in_torch():
    # a (1, 0, 2, 1) input: no channel to normalise; its backward divided by the channel
    # count (found by the random-program tester)
    torch = pytest.importorskip("torch")
    grads = []
    for lib in (tinytorch, torch):
        x = lib.zeros(1, 0, 2, 1, dtype=lib.float64, requires_grad=True)
        lib.nn.functional.batch_norm(x * 1, None, None, training=True).sum().backward()
        grads.append(tuple(x.grad.shape))
    assert grads[0] == grads[1] == (1, 0, 2, 1)


def test_linear_of_an_nd_input_without_features_as_in_torch():
    # (1, 1, 0) @ (1, 0)ᵀ + b: the fold to 2-D inferred -1 rows from 0 elements and failed
    # (found by the random-program tester)
    results = []
    for lib in (tinytorch, torch):
        x = lib.zeros(1, 1, 0, dtype=lib.float64, requires_grad=True)
        w = lib.zeros(1, 0, dtype=lib.float64, requires_grad=True)
        b = lib.ones(1, dtype=lib.float64, requires_grad=True)
        y = lib.nn.functional.linear(x, w, b)
        (y * 2).sum().backward()
        results.append((y.tolist(), tuple(x.grad.shape), tuple(w.grad.shape), b.grad.tolist()))
    assert results[0] == results[1]


def test_attention_without_features_weighs_the_values_evenly_as_in_torch():
    # q and k of 0 features: PyTorch's scores are empty sums, 0 (it scales q and k, which
    # are empty); the default scale 1/sqrt(0) = inf times those 0s gave NaN here (found by
    # the random-program tester)
    results = []
    for lib in (tinytorch, torch):
        q = lib.zeros(1, 2, 0, dtype=lib.float64, requires_grad=True)
        v = lib.tensor([[[1.0], [3.0]]], dtype=lib.float64, requires_grad=True)
        out = lib.nn.functional.scaled_dot_product_attention(q, q, v)
        out.sum().backward()
        results.append((out.tolist(), v.grad.tolist()))
    assert results[0] == results[1]
