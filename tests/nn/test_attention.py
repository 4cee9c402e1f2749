"""F.scaled_dot_product_attention against PyTorch's default dispatch, its dropout, and
nn.MultiheadAttention against torch.nn.MultiheadAttention in float64: outputs, attention
weights, gradients of inputs and every parameter, state dicts both ways, NaN/zero rows as
PyTorch 2.13's paths give them, initialisation, errors and warnings."""

import math
import warnings

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F
from tests.nn import _parity
from tests.nn._parity import arrays

torch = pytest.importorskip("torch")
RNG = np.random.default_rng(1)


def _bool(*shape, p=0.3, dead_row=None):
    m = RNG.random(shape) > p
    if dead_row is not None:
        m[..., dead_row, :] = False
    return m


# --- scaled_dot_product_attention: PyTorch's default kernels (flash / math), first order ------
SDPA_CASES = [
    ("plain", ((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)), {}),
    ("unbatched", ((4, 8), (5, 8), (5, 6)), {}),
    ("5d", ((2, 2, 3, 4, 8), (2, 2, 3, 5, 8), (2, 2, 3, 5, 6)), {}),
    ("broadcast_batch", ((2, 3, 4, 8), (1, 3, 5, 8), (1, 3, 5, 6)), {}),
    ("broadcast_ndim", ((2, 3, 4, 8), (3, 5, 8), (3, 5, 6)), {}),
    ("bool_mask_dead_row", ((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)),
     {"attn_mask": _bool(4, 5, dead_row=1)}),
    ("bool_mask_per_batch", ((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)),
     {"attn_mask": _bool(2, 1, 1, 5)}),
    ("float_mask", ((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)),
     {"attn_mask": RNG.standard_normal((3, 4, 5))}),
    ("float_mask_inf_rows", ((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)),
     {"attn_mask": np.where(_bool(4, 5, dead_row=2), 0.0, -np.inf)}),
    ("causal_short_query", ((2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 6)), {"is_causal": True}),
    ("causal_long_query", ((2, 6, 8), (2, 4, 8), (2, 4, 6)), {"is_causal": True}),
    ("scale", ((2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)), {"scale": 0.05}),
    ("gqa", ((2, 4, 3, 8), (2, 2, 5, 8), (2, 1, 5, 6)), {"enable_gqa": True}),
]


@pytest.mark.parametrize("case", SDPA_CASES, ids=[c[0] for c in SDPA_CASES])
def test_sdpa_matches_torch_default_kernels(case, device):
    _, shapes, kwargs = case
    inputs = arrays(*shapes)
    mask = kwargs.get("attn_mask")
    float_mask = mask is not None and mask.dtype.kind == "f" and np.isfinite(mask).all()
    if float_mask:  # a float mask is differentiable: its gradient is compared too
        inputs.append(mask)
        kwargs = {k: v for k, v in kwargs.items() if k != "attn_mask"}

    def call(q, k, v, m=None, **kw):
        lib = tinytorch if isinstance(q, tinytorch.Tensor) else torch
        f = F if lib is tinytorch else torch.nn.functional
        return f.scaled_dot_product_attention(q, k, v, **({"attn_mask": m} if float_mask
                                                         else {}), **kw)

    out, grads = _parity.run(tinytorch, call, inputs, kwargs, device)
    ref, ref_grads = _parity.run(torch, call, inputs, kwargs)
    _parity.assert_same(out, ref, "sdpa output")
    _parity.assert_same(grads, ref_grads, "sdpa gradient")


def test_sdpa_fully_masked_row_gives_zero_output_and_gradient():
    q, k, v = (tinytorch.randn(1, 3, 4, dtype=tinytorch.float64, requires_grad=True)
               for _ in range(3))
    mask = tinytorch.tensor([[True, True, False], [False, False, False], [True, False, True]])
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    out.sum().backward()
    assert out[0, 1].tolist() == [0.0] * 4 and q.grad[0, 1].tolist() == [0.0] * 4
    assert not any(t.grad.isnan().any() for t in (q, k, v))


def test_sdpa_empty_sequences_match_torch():
    for q, k in (((2, 0, 8), (2, 5, 8)), ((2, 4, 8), (2, 0, 8))):
        v = (k[0], k[1], 6)
        ours = F.scaled_dot_product_attention(*(tinytorch.randn(*s) for s in (q, k, v)))
        theirs = torch.nn.functional.scaled_dot_product_attention(
            *(torch.randn(*s) for s in (q, k, v)))
        assert tuple(ours.shape) == tuple(theirs.shape)
        assert ours.abs().sum().item() == theirs.abs().sum().item() == 0


def test_sdpa_float32_mask_on_float64_query_gives_float64():
    q = tinytorch.randn(2, 3, 4, dtype=tinytorch.float64)
    out = F.scaled_dot_product_attention(q, q, q, attn_mask=tinytorch.zeros(3, 3))
    assert out.dtype == tinytorch.float64


# --- dropout: the same RNG cannot match PyTorch, so its statistics and train/eval ------------
def test_sdpa_dropout_zeroes_weights_at_rate_and_rescales_the_rest(device):
    n, p = 64, 0.3
    q = tinytorch.zeros(8, n, 4, device=device)  # uniform weights 1/n
    eye = tinytorch.eye(n, device=device).expand(8, n, n)  # output = the dropped weights
    tinytorch.manual_seed(0)
    out = F.scaled_dot_product_attention(q, q, eye, dropout_p=p).cpu().numpy()
    kept = out[out != 0]
    np.testing.assert_allclose(kept, 1 / (n * (1 - p)), rtol=1e-5)
    assert abs((out == 0).mean() - p) < 0.02
    assert abs(out.sum(-1).mean() - 1) < 0.02  # unbiased: rows sum to 1 on average


def test_sdpa_dropout_one_gives_zeros_and_negative_is_none():
    q = tinytorch.randn(2, 3, 4)
    assert F.scaled_dot_product_attention(q, q, q, dropout_p=1.0).abs().sum().item() == 0
    np.testing.assert_array_equal(F.scaled_dot_product_attention(q, q, q, dropout_p=-0.5),
                                  F.scaled_dot_product_attention(q, q, q))


def test_sdpa_dropout_gradient_is_that_of_the_sampled_mask():
    q, k, v = (tinytorch.randn(2, 3, 4, dtype=tinytorch.float64, requires_grad=True)
               for _ in range(3))

    def f(q, k, v):
        tinytorch.manual_seed(3)  # the same mask on every call
        return F.scaled_dot_product_attention(q, k, v, dropout_p=0.4)
    assert tinytorch.autograd.gradcheck(f, (q, k, v))


def test_mha_dropout_active_in_training_only():
    mha = tinytorch.nn.MultiheadAttention(8, 2, dropout=0.5)
    x = tinytorch.randn(5, 3, 8)
    a, wa = mha(x, x, x)
    b, wb = mha(x, x, x)
    assert not np.allclose(a.detach().numpy(), b.detach().numpy())
    assert (wa == 0).any()  # the returned weights are the dropped ones, as PyTorch's
    mha.eval()
    c, _ = mha(x, x, x)
    d, wd = mha(x, x, x)
    np.testing.assert_array_equal(c.detach().numpy(), d.detach().numpy())
    np.testing.assert_allclose(wd.sum(-1).detach().numpy(), 1, rtol=1e-5)


# --- nn.MultiheadAttention against torch -------------------------------------------------------
E = 8


def _mha(**kw):
    return lambda lib: lib.nn.MultiheadAttention(dtype=lib.float64, **dict({"embed_dim": E,
                                                                           "num_heads": 2}, **kw))


X = arrays((5, 3, E))[0]
XB, MEM = arrays((3, 5, E), (3, 4, E))
KPM = np.array([[0, 0, 1, 1, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, 1]], bool)
CAUSAL = np.triu(np.full((5, 5), -np.inf), 1)
MHA_CASES = [
    ("self", _mha(), [X, 0, 0], {}),
    ("batch_first", _mha(batch_first=True), [XB, 0, 0], {}),
    ("cross_kv_same", _mha(batch_first=True), [XB, MEM, 1], {}),
    ("cross_all_different", _mha(batch_first=True), [XB, MEM, arrays((3, 4, E))[0]], {}),
    ("kdim_vdim", _mha(num_heads=4, kdim=3, vdim=5),
     [X] + arrays((4, 3, 3), (4, 3, 5)), {}),
    ("bias_kv_zero_attn", _mha(add_bias_kv=True, add_zero_attn=True), [X, 0, 0],
     {"key_padding_mask": KPM, "attn_mask": np.triu(np.ones((5, 5), bool), 1)}),
    ("no_bias", _mha(bias=False), [X, 0, 0], {"need_weights": False}),
    ("unbatched", _mha(batch_first=True), [arrays((5, E))[0], 0, 0],
     {"average_attn_weights": False, "key_padding_mask": KPM[0]}),
    ("per_head_weights", _mha(), [X, 0, 0], {"average_attn_weights": False}),
    ("padding_need_weights_nan_rows", _mha(), [X, 0, 0], {"key_padding_mask": KPM}),
    ("padding_sdpa_zero_rows", _mha(), [X, 0, 0],
     {"key_padding_mask": KPM, "need_weights": False}),
    ("float_padding", _mha(), [X, 0, 0], {"key_padding_mask": np.where(KPM[[0, 2, 0]], -1e9,
                                                                      0.5)}),
    ("attn_mask_3d", _mha(), [X, 0, 0], {"attn_mask": RNG.standard_normal((6, 5, 5))}),
    ("bool_masks_merged", _mha(), [X, 0, 0],
     {"attn_mask": _bool(5, 5), "key_padding_mask": KPM[[0, 2, 0]], "need_weights": False}),
    ("causal_hint", _mha(), [X, 0, 0],
     {"attn_mask": CAUSAL, "is_causal": True, "need_weights": False}),
    ("causal_hint_zero_attn", _mha(add_zero_attn=True), [X, 0, 0],
     {"attn_mask": CAUSAL, "is_causal": True, "need_weights": False}),
]


@pytest.mark.parametrize("case", MHA_CASES, ids=[c[0] for c in MHA_CASES])
def test_mha_matches_torch(case, device):
    _, build, inputs, kwargs = case
    _parity.compare(build, inputs, kwargs, device)


@pytest.mark.parametrize("case", MHA_CASES[4:6], ids=[c[0] for c in MHA_CASES[4:6]])
def test_mha_loads_torch_state_dict(case, device):
    _, build, inputs, kwargs = case
    _parity.compare(build, inputs, kwargs, device, direction="from_torch")


FAST = [("eval_grad", False, True), ("fast_path", False, False), ("train", True, True)]


@pytest.mark.parametrize("mode", FAST, ids=[m[0] for m in FAST])
@pytest.mark.parametrize("need_weights", [True, False])
def test_mha_fully_padded_rows_are_nan_or_zero_as_in_torch(mode, need_weights):
    _, train, grad = mode
    out, ref = _parity.compare(_mha(batch_first=True), [XB, 0, 0],
                               {"key_padding_mask": KPM, "need_weights": need_weights},
                               "cpu", train=train, grad=grad)
    assert np.isnan(ref[0][1]).all() == (need_weights or not grad)


def test_mha_double_backward():
    mha = tinytorch.nn.MultiheadAttention(4, 2, dtype=tinytorch.float64)
    x = tinytorch.randn(3, 2, 4, dtype=tinytorch.float64, requires_grad=True)
    mask = tinytorch.tensor([[False, True, False]] * 3)
    assert tinytorch.autograd.gradgradcheck(lambda x: mha(x, x, x, attn_mask=mask)[0], (x,))


def test_mha_initialisation_follows_torch():
    e = 256
    mha = tinytorch.nn.MultiheadAttention(e, 4, add_bias_kv=True)
    w = mha.in_proj_weight.detach().numpy()
    bound = math.sqrt(6 / (e + 3 * e))  # xavier_uniform_ of (3E, E)
    assert np.abs(w).max() <= bound and abs(w.std() - bound / math.sqrt(3)) < 0.02 * bound
    assert not mha.in_proj_bias.detach().numpy().any()
    assert not mha.out_proj.bias.detach().numpy().any()
    assert np.abs(mha.out_proj.weight.detach().numpy()).max() <= 1 / math.sqrt(e)
    assert abs(mha.bias_k.detach().numpy().std() - 1 / math.sqrt(e)) < 0.2 / math.sqrt(e)
    separate = tinytorch.nn.MultiheadAttention(e, 4, kdim=64, bias=False)
    assert separate.in_proj_weight is None and tuple(separate.k_proj_weight.shape) == (e, 64)
    assert np.abs(separate.k_proj_weight.detach().numpy()).max() <= math.sqrt(6 / (e + 64))


def _raises_like_torch(make, call):
    """``call(lib, module_or_none)`` raises the same type and message in both libraries."""
    with pytest.raises(Exception) as theirs:
        call(torch, make(torch))
    with pytest.raises(type(theirs.value)) as ours:
        call(tinytorch, make(tinytorch))
    assert str(ours.value) == str(theirs.value)


def _call_with(*shapes, **kw):
    def call(lib, m):
        masks = {k: lib.tensor(v) for k, v in kw.items()}
        tensors = [lib.zeros(*s) for s in shapes]
        return m(*tensors, **masks)
    return call


MHA_ERRORS = [
    ("embed_dim_zero", lambda L: L.nn.MultiheadAttention(0, 2), None),
    ("not_divisible", lambda L: L.nn.MultiheadAttention(6, 4), None),
    ("query_4d", lambda L: L.nn.MultiheadAttention(4, 2), _call_with((1, 2, 3, 4), (2, 3, 4),
                                                                     (2, 3, 4))),
    ("key_2d", lambda L: L.nn.MultiheadAttention(4, 2), _call_with((2, 3, 4), (2, 4), (2, 4))),
    ("padding_mask_3d", lambda L: L.nn.MultiheadAttention(4, 2),
     _call_with((2, 3, 4), (2, 3, 4), (2, 3, 4), key_padding_mask=np.zeros((3, 2, 1), bool))),
    ("attn_mask_1d", lambda L: L.nn.MultiheadAttention(4, 2),
     _call_with((2, 3, 4), (2, 3, 4), (2, 3, 4), attn_mask=np.zeros(2, bool))),
    ("attn_mask_2d_shape", lambda L: L.nn.MultiheadAttention(4, 2),
     _call_with((2, 3, 4), (5, 3, 4), (5, 3, 4), attn_mask=np.zeros((2, 4), bool))),
    ("attn_mask_3d_shape", lambda L: L.nn.MultiheadAttention(4, 2),
     _call_with((2, 3, 4), (5, 3, 4), (5, 3, 4), attn_mask=np.zeros((3, 2, 5), bool))),
    ("unbatched_attn_mask_3d", lambda L: L.nn.MultiheadAttention(4, 2),
     _call_with((2, 4), (5, 4), (5, 4), attn_mask=np.zeros((3, 2, 5), bool))),
    ("int_mask", lambda L: L.nn.MultiheadAttention(4, 2),
     _call_with((2, 3, 4), (2, 3, 4), (2, 3, 4), key_padding_mask=np.zeros((3, 2), int))),
    ("padding_mask_shape", lambda L: L.nn.MultiheadAttention(4, 2),
     _call_with((2, 3, 4), (2, 3, 4), (2, 3, 4), key_padding_mask=np.zeros((3, 4), bool))),
    ("embed_dim", lambda L: L.nn.MultiheadAttention(4, 2), _call_with((2, 3, 5), (2, 3, 5),
                                                                     (2, 3, 5))),
    ("key_value_shapes", lambda L: L.nn.MultiheadAttention(4, 2),
     _call_with((2, 3, 4), (2, 3, 4), (5, 3, 4))),
    ("kdim_weights", lambda L: L.nn.MultiheadAttention(4, 2, kdim=3),
     _call_with((2, 3, 4), (2, 3, 5), (2, 3, 4))),
]


@pytest.mark.parametrize("case", MHA_ERRORS, ids=[c[0] for c in MHA_ERRORS])
def test_mha_errors_match_torch(case):
    _, make, call = case
    if call is None:
        _raises_like_torch(lambda lib: None, lambda lib, _: make(lib))
    else:
        _raises_like_torch(make, call)


def test_mha_is_causal_needs_a_mask_as_in_torch():
    x = np.zeros((2, 3, 4))
    _raises_like_torch(lambda L: L.nn.MultiheadAttention(4, 2),
                       lambda L, m: m(*[L.tensor(x)] * 3, is_causal=True))


def test_mha_mismatched_mask_types_warn_as_torch():
    mha = tinytorch.nn.MultiheadAttention(4, 2)
    x = tinytorch.zeros(2, 3, 4)
    with pytest.warns(UserWarning, match="Support for mismatched key_padding_mask and "
                                         "attn_mask is deprecated"):
        mha(x, x, x, key_padding_mask=tinytorch.zeros(3, 2, dtype=tinytorch.bool),
            attn_mask=tinytorch.zeros(2, 2))


def test_functional_mha_matches_module():
    mha = tinytorch.nn.MultiheadAttention(8, 2, add_bias_kv=True)
    x = tinytorch.randn(5, 3, 8)
    out, w = F.multi_head_attention_forward(
        x, x, x, 8, 2, mha.in_proj_weight, mha.in_proj_bias, mha.bias_k, mha.bias_v, False, 0.0,
        mha.out_proj.weight, mha.out_proj.bias)
    ref, ref_w = mha(x, x, x)
    np.testing.assert_array_equal(out.detach().numpy(), ref.detach().numpy())
    np.testing.assert_array_equal(w.detach().numpy(), ref_w.detach().numpy())


def test_functional_mha_static_keys_match_torch():
    e, h = 4, 2
    x, sk, sv = arrays((3, 2, e), (2 * h, 5, e // h), (2 * h, 5, e // h))
    w, b, ow = arrays((3 * e, e), (3 * e,), (e, e))
    outs = []
    for lib in (tinytorch, torch):
        f = F if lib is tinytorch else torch.nn.functional
        t = [lib.tensor(a) for a in (x, w, b, ow, sk, sv)]
        outs.append(f.multi_head_attention_forward(
            t[0], t[0], t[0], e, h, t[1], t[2], None, None, False, 0.0, t[3], None,
            static_k=t[4], static_v=t[5])[0].numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-12)


def test_merge_masks_matches_torch():
    masks = (_bool(5, 5), KPM[[0, 2, 0]])
    for attn, kpm in ((None, None), (None, 1), (0, None), (0, 1)):
        got = []
        for lib in (tinytorch, torch):
            mha = lib.nn.MultiheadAttention(E, 2, batch_first=True)
            a = None if attn is None else lib.zeros(5, 5).masked_fill(lib.tensor(masks[0]),
                                                                      -math.inf)
            k = None if kpm is None else lib.zeros(3, 5).masked_fill(lib.tensor(masks[1]),
                                                                     -math.inf)
            merged, kind = mha.merge_masks(a, k, lib.zeros(3, 5, E))
            got.append((None if merged is None else merged.numpy(), kind))
        assert got[0][1] == got[1][1]
        if got[1][0] is not None:
            np.testing.assert_array_equal(got[0][0], got[1][0])


def test_mha_warns_nothing_on_ordinary_use():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mha = tinytorch.nn.MultiheadAttention(8, 2, batch_first=True)
        x = tinytorch.randn(2, 3, 8)
        mha(x, x, x, key_padding_mask=tinytorch.zeros(2, 3, dtype=tinytorch.bool))
