"""nnK's modules (EmbeddingBag, ChannelShuffle, ConvTranspose1d) against PyTorch's: repr,
state-dict keys, float64 outputs and every gradient after loading PyTorch's state dict,
construction errors, ``from_pretrained`` and ``output_size``; and embedding_bag's gradient
scaling by index frequency against its definition."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn as nn
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")

EMB_IDX = [1, 2, 4, 5, 4, 3, 2, 9]
CASES = [  # (constructor args as text, input, offsets, per_sample_weights)
    ("EmbeddingBag(10, 3)", EMB_IDX, [0, 4], None),
    ("EmbeddingBag(10, 3, mode='sum')", EMB_IDX, [0, 0, 3, 8], "psw"),
    ("EmbeddingBag(10, 3, mode='max', padding_idx=4)", EMB_IDX, [0, 2, 5], None),
    ("EmbeddingBag(10, 3, mode='sum', include_last_offset=True, padding_idx=-1)", EMB_IDX,
     [0, 4, 8], "psw"),
    ("EmbeddingBag(10, 3, max_norm=1.0, norm_type=3.0)", [[1, 2, 2], [4, 5, 9]], None, None),
    ("ChannelShuffle(3)", (2, 6, 4), None, None),
    ("ChannelShuffle(2)", (1, 4, 2, 3), None, None),
    ("ConvTranspose1d(4, 6, 3)", (2, 4, 5), None, None),
    ("ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2, "
     "bias=False)", (2, 4, 5), None, None),
    ("ConvTranspose1d(2, 3, (2,), 3, 2, 1)", (2, 7), None, None),
]


def _arrays(x, offsets, psw, rng):
    """The call's arguments as arrays (floats are differentiated), None kept."""
    if isinstance(x, tuple):  # a float input of this shape
        return [rng.normal(size=x)]
    args = [np.array(x), None if offsets is None else np.array(offsets)]
    if psw is not None:
        args.append(np.linspace(-1.0, 2.0, np.size(x)).reshape(np.shape(x)))
    return args


def _as(lib, arrays):
    return [None if a is None else lib.tensor(a, requires_grad=a.dtype.kind == "f")
            for a in arrays]


@pytest.mark.parametrize("spec, x, offsets, psw", CASES, ids=[c[0] for c in CASES])
def test_module_matches_torch_after_loading_its_state_dict(spec, x, offsets, psw):
    rng = np.random.default_rng(0)
    theirs = eval("torch.nn." + spec).to(torch.float64)
    ours = eval("nn." + spec).to(tinytorch.float64)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: tinytorch.tensor(v.detach().numpy())
                          for k, v in theirs.state_dict().items()})
    arrays = _arrays(x, offsets, psw, rng)
    args, targs = _as(tinytorch, arrays), _as(torch, arrays)
    y, ty = ours(*args), theirs(*targs)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-12, atol=1e-12)
    g = rng.normal(size=tuple(ty.shape))
    (y * tinytorch.tensor(g)).sum().backward()
    (ty * torch.tensor(g)).sum().backward()
    for a, ta in zip(args, targs):
        if ta is not None and ta.requires_grad:
            np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy(), rtol=1e-10, atol=1e-12)
    for (name, p), tp in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), rtol=1e-10, atol=1e-12,
                                   err_msg=name)
        np.testing.assert_allclose(p.detach().numpy(), tp.detach().numpy(), rtol=1e-12,
                                   err_msg=name)  # max_norm renormalised both the same


@pytest.mark.parametrize("mode", ["sum", "mean"])
def test_embedding_bag_scales_gradients_by_index_frequency(mode):
    # PyTorch 2.13's CPU kernel divides by the wrong count when counts differ (pytorch#190063);
    # the reference is the definition: F.embedding's scaling, then the bag's sum or mean
    w = np.random.default_rng(1).normal(size=(10, 3))
    ours = tinytorch.tensor(w, requires_grad=True)
    ref = torch.tensor(w, requires_grad=True)
    F.embedding_bag(tinytorch.tensor(EMB_IDX), ours, tinytorch.tensor([0, 3]), mode=mode,
                    scale_grad_by_freq=True).sum().backward()
    rows = torch.nn.functional.embedding(torch.tensor(EMB_IDX), ref, scale_grad_by_freq=True)
    bags = [rows[:3], rows[3:]]
    sum(getattr(b, mode)(0) for b in bags).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), ref.grad.numpy(), rtol=1e-12)


def test_embedding_bag_from_pretrained_and_init_match_torch():
    w = tinytorch.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3]])
    bag = nn.EmbeddingBag.from_pretrained(w)
    assert not bag.weight.requires_grad
    assert bag.weight.data_ptr() == w.data_ptr()
    np.testing.assert_allclose(bag(tinytorch.tensor([[1, 0]])).numpy(), [[2.5, 3.7, 4.65]],
                               rtol=1e-6)
    assert nn.EmbeddingBag.from_pretrained(w, freeze=False, mode="max").weight.requires_grad
    padded = nn.EmbeddingBag(5, 2, padding_idx=-2)
    assert padded.padding_idx == 3 and padded.weight[3].tolist() == [0.0, 0.0]


@pytest.mark.parametrize("make, exc, message", [
    (lambda: nn.EmbeddingBag(10, 3, padding_idx=10), AssertionError,
     "padding_idx must be within num_embeddings"),
    (lambda: nn.EmbeddingBag(10, 3, padding_idx=-11), AssertionError,
     "padding_idx must be within num_embeddings"),
    (lambda: nn.EmbeddingBag(10, 3, _weight=tinytorch.ones(2, 2)), AssertionError,
     "Shape of weight does not match num_embeddings and embedding_dim"),
    (lambda: nn.EmbeddingBag.from_pretrained(tinytorch.ones(2)), AssertionError,
     "Embeddings parameter is expected to be 2-dimensional"),
    (lambda: nn.ConvTranspose1d(4, 6, 3, padding_mode="reflect"), ValueError,
     'Only "zeros" padding mode is supported for ConvTranspose1d'),
    (lambda: nn.ConvTranspose1d(4, 6, 3, groups=4), ValueError,
     "out_channels must be divisible by groups"),
])
def test_construction_errors_match_torch(make, exc, message):
    with pytest.raises(exc, match=message):
        make()


def test_conv_transpose1d_output_size_picks_the_length():
    m = nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2,
                           dilation=2).to(tinytorch.float64)
    tm = torch.nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2,
                                  dilation=2).double()
    m.load_state_dict({k: tinytorch.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    x = np.random.default_rng(2).normal(size=(1, 4, 5))
    for size in ([11], [12], (1, 6, 11)):
        np.testing.assert_allclose(m(tinytorch.tensor(x), output_size=size).detach().numpy(),
                                   tm(torch.tensor(x), output_size=size).detach().numpy(),
                                   rtol=1e-12)
    for size, message in (([7], r"requested an output size of \[7\], but valid sizes range "
                                r"from \[11\] to \[12\]"),
                          ([1, 2, 3, 4], r"ConvTranspose1D: for 3D input, output_size must "
                                         r"have 1 or 3 elements \(got 4\)")):
        with pytest.raises(ValueError, match=message):
            m(tinytorch.tensor(x), output_size=size)


def test_conv_transpose1d_weight_layout_and_init_bounds():
    m = nn.ConvTranspose1d(4, 6, 5, groups=2)
    assert tuple(m.weight.shape) == (4, 3, 5) and tuple(m.bias.shape) == (6,)
    bound = 1 / np.sqrt(3 * 5)  # fan_in = weight.size(1) * k, as PyTorch's
    assert float(m.weight.abs().max()) <= bound and float(m.bias.abs().max()) <= bound


def test_embedding_bag_max_routes_the_gradient_to_the_first_maximum_as_pytorch():
    # ties within a bag (and a maximum of exactly 0) send the whole gradient to the bag's first
    # maximal entry, as PyTorch's max_indices do; scatter_reduce's gradient would split it
    rng = np.random.default_rng(0)
    for _ in range(50):
        weight = rng.integers(-2, 3, (5, 3)).astype(np.float64)
        idx = rng.integers(0, 5, 8)
        offsets = np.sort(rng.choice(np.arange(1, 9), 2, replace=False))
        offsets = np.concatenate([[0], offsets])  # the last bag may be empty
        g = rng.standard_normal((3, 3))
        results = []
        for lib in (tinytorch, torch):
            w = lib.tensor(weight, requires_grad=True)
            out = lib.nn.functional.embedding_bag(lib.tensor(idx), w, lib.tensor(offsets),
                                                  mode="max")
            (out * lib.tensor(g)).sum().backward()
            results.append((np.array(out.tolist()), np.array(w.grad.tolist())))
        np.testing.assert_array_equal(results[0][0], results[1][0])
        np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12, atol=1e-12)
