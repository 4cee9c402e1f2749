"""Seeded random configurations of the losses (functional and module forms), attention,
the recurrent layers and the transformer layers, each run under PyTorch and tinytorch
(float64, the same state and inputs, the same upstream gradient on every output): outputs
and the gradients of every input that takes one (targets included) and of every parameter
must agree, and where PyTorch refuses a configuration tinytorch must raise the same type.

The harness follows tests/nn/test_layer_config_sweep.py."""

import os

import numpy as np
import pytest

import tinytorch
from tests.nn._parity import both_or_same_error

torch = pytest.importorskip("torch")

CONFIGS = int(os.environ.get("TINYTORCH_SWEEP_CONFIGS", 25))  # per family


class T:
    """An input array of a case: ``grad`` asks for its gradient (floating arrays only)."""

    def __init__(self, array, grad=True):
        self.array, self.grad = np.asarray(array), grad

    def make(self, lib):
        t = lib.tensor(self.array)
        return t.requires_grad_() if self.grad and t.is_floating_point() else t


class Packed:
    """A padded sequence batch that the case packs with ``pack_padded_sequence``."""

    def __init__(self, array, lengths, batch_first, enforce_sorted):
        self.x, self.lengths = T(array), lengths
        self.kwargs = dict(batch_first=batch_first, enforce_sorted=enforce_sorted)

    def make(self, lib):
        return self.x.make(lib)


def _to(lib, value, leaves):
    if isinstance(value, (T, Packed)):
        leaves.append(value.make(lib))
        if isinstance(value, Packed):
            return lib.nn.utils.rnn.pack_padded_sequence(leaves[-1], value.lengths,
                                                         **value.kwargs)
        return leaves[-1]
    if isinstance(value, (list, tuple)) and any(isinstance(v, T) for v in value):
        return type(value)(_to(lib, v, leaves) for v in value)
    return value


def _flat(out):
    """The tensors of a result: a PackedSequence (a tuple) gives its data and index tensors."""
    if isinstance(out, (tuple, list)):
        return [o for item in out for o in _flat(item)]
    return [] if out is None else [out]


def _run(lib, case, state):
    leaves = []
    args = [_to(lib, a, leaves) for a in case.get("args", ())]
    kwargs = {k: _to(lib, v, leaves) for k, v in case.get("kwargs", {}).items()}
    module = None
    if "name" in case:
        module = getattr(lib.nn, case["name"])(*args, **kwargs).to(lib.float64)
        if state is not None:
            module.load_state_dict({k: lib.tensor(v) for k, v in state.items()})
        module.train(False)
        call = module
    else:
        call = getattr(lib.nn.functional, case["fn"])
    inputs = [_to(lib, a, leaves) for a in case.get("inputs", ())] if module else args
    call_kwargs = {k: _to(lib, v, leaves) for k, v in case.get("call_kwargs", {}).items()}
    out = call(*inputs, **call_kwargs) if module else call(*args, **kwargs)
    outs = _flat(out)
    rng = np.random.default_rng(7)
    total = None
    for o in outs:
        if o.requires_grad and o.numel():
            term = (o * lib.tensor(rng.standard_normal(tuple(o.shape)))).sum()
            total = term if total is None else total + term
    if total is not None:
        total.backward()
    grads = [t.grad for t in leaves if t.requires_grad]
    if module is not None:
        grads += [p.grad for _, p in module.named_parameters()]
    as_np = lambda v: None if v is None else v.detach().numpy()
    return [as_np(o) for o in outs], [as_np(g) for g in grads]


def _state_of(case):
    if "name" not in case:
        return None
    try:
        leaves = []
        args = [_to(torch, a, leaves) for a in case.get("args", ())]
        kwargs = {k: _to(torch, v, leaves) for k, v in case.get("kwargs", {}).items()}
        m = getattr(torch.nn, case["name"])(*args, **kwargs)
    except Exception:  # noqa: BLE001 - refused at construction: the module raises again
        return None
    return {k: v.detach().double().numpy().copy() for k, v in m.state_dict().items()}


def _check(case):
    state = _state_of(case)
    results = both_or_same_error(_run, (case, state), (case, state))
    if results is None:
        return
    expected, got = results
    for e, g in zip(expected, got):
        assert len(e) == len(g), case
        for a, b in zip(e, g):
            assert (a is None) == (b is None), case
            if a is not None:
                assert a.shape == b.shape, case
                np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-10, err_msg=str(case))


# --- losses --------------------------------------------------------------------------------------
MODULE_OF = {
    "cross_entropy": "CrossEntropyLoss", "nll_loss": "NLLLoss", "binary_cross_entropy":
    "BCELoss", "binary_cross_entropy_with_logits": "BCEWithLogitsLoss", "kl_div": "KLDivLoss",
    "mse_loss": "MSELoss", "l1_loss": "L1Loss", "smooth_l1_loss": "SmoothL1Loss",
    "huber_loss": "HuberLoss", "margin_ranking_loss": "MarginRankingLoss",
    "hinge_embedding_loss": "HingeEmbeddingLoss", "cosine_embedding_loss":
    "CosineEmbeddingLoss", "triplet_margin_loss": "TripletMarginLoss", "multi_margin_loss":
    "MultiMarginLoss", "multilabel_margin_loss": "MultiLabelMarginLoss",
    "multilabel_soft_margin_loss": "MultiLabelSoftMarginLoss", "poisson_nll_loss":
    "PoissonNLLLoss", "gaussian_nll_loss": "GaussianNLLLoss", "ctc_loss": "CTCLoss",
    "soft_margin_loss": "SoftMarginLoss"}


def _loss_case(rng, fn, inputs, **kw):
    kw.setdefault("reduction", str(rng.choice(["none", "mean", "sum"])))
    if rng.random() < 0.5:
        return dict(fn=fn, args=inputs, kwargs=kw)
    # the module form: tensors among the options (weight, pos_weight) are constructor arguments
    return dict(name=MODULE_OF[fn], kwargs=kw, inputs=inputs)


def _batch(rng, lo=0, hi=4):
    return (int(rng.integers(lo, hi)),) if rng.random() < 0.8 else ()


def _class_target(rng, c, shape, ignore):
    target = rng.integers(0, c, shape)
    if ignore is not None:
        target[rng.random(shape) < (1.0 if rng.random() < 0.2 else 0.3)] = ignore
    return target


def _cross_entropy(rng):
    c, fn = int(rng.integers(1, 5)), str(rng.choice(["cross_entropy", "nll_loss"]))
    spatial = tuple(int(v) for v in rng.integers(1, 4, int(rng.choice([0, 0, 1, 2]))))
    batch = (int(rng.integers(0, 4)),) if spatial or rng.random() < 0.8 else ()
    x = rng.standard_normal(batch + (c,) + spatial)
    kw = {}
    if rng.random() < 0.4:
        kw["weight"] = T(rng.random(c) + 0.1, grad=False)
    probabilities = fn == "cross_entropy" and rng.random() < 0.3
    if probabilities:
        p = rng.random(x.shape)
        target = T(p / p.sum(axis=len(batch), keepdims=True))
    else:
        ignore = None
        if rng.random() < 0.4:
            ignore = int(rng.choice([-100, 0, c - 1, -1]))
            kw["ignore_index"] = ignore
        target = T(_class_target(rng, c, batch + spatial, ignore))
    if fn == "cross_entropy" and rng.random() < 0.5:
        kw["label_smoothing"] = float(rng.choice([0.0, 0.1, 0.5, 1.0]))
    if fn == "nll_loss":
        x = x - np.log(np.exp(x).sum(axis=len(batch), keepdims=True))
    return _loss_case(rng, fn, [T(x), target], **kw)


def _bce(rng):
    shape = _batch(rng) + tuple(int(v) for v in rng.integers(1, 4, int(rng.integers(0, 3))))
    logits = rng.random() < 0.5
    x = rng.standard_normal(shape) * 3 if logits else rng.uniform(0.05, 0.95, shape)
    if not logits and rng.random() < 0.2:  # log clamped at -100
        x = np.round(x)
    kw = {}
    if rng.random() < 0.4:
        kw["weight"] = T(rng.random(shape[-int(rng.integers(0, len(shape) + 1)):] if shape and
                                    rng.random() < 0.7 else ()) + 0.1, grad=False)
    if logits and rng.random() < 0.5:
        kw["pos_weight"] = T(rng.random(shape[-1:] if shape and rng.random() < 0.7 else ()) * 3,
                             grad=False)
    fn = "binary_cross_entropy_with_logits" if logits else "binary_cross_entropy"
    return _loss_case(rng, fn, [T(x), T(rng.random(shape))], **kw)


def _pointwise(rng):
    fn = str(rng.choice(["kl_div", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss",
                         "soft_margin_loss", "poisson_nll_loss"]))
    shape = _batch(rng) + tuple(int(v) for v in rng.integers(1, 4, int(rng.integers(0, 3))))
    x, y = rng.standard_normal(shape), rng.standard_normal(shape)
    if rng.random() < 0.2:
        y = x.copy()  # at the kinks
    elif rng.random() < 0.2:
        y = x + rng.choice([-1.0, 1.0, 0.5, 2.0], shape)  # at beta or delta
    kw = {}
    if fn == "kl_div":
        kw["log_target"] = bool(rng.random() < 0.5)
        y = y if kw["log_target"] else np.abs(y) * (rng.random(shape) < 0.7)
    elif fn == "smooth_l1_loss":
        kw["beta"] = float(rng.choice([0.0, 0.5, 1.0, 2.0]))
    elif fn == "huber_loss":
        kw["delta"] = float(rng.choice([0.5, 1.0, 2.0]))
    elif fn == "soft_margin_loss":
        y = np.sign(y) + (y == 0)
    elif fn == "poisson_nll_loss":
        kw.update(log_input=bool(rng.random() < 0.5), full=bool(rng.random() < 0.5))
        x = x if kw["log_input"] else np.abs(x) + 0.1
        y = np.round(np.abs(y) * 2)
        x = x * (rng.random(shape) < 0.8)
    return _loss_case(rng, fn, [T(x), T(y)], **kw)


def _margin(rng):
    fn = str(rng.choice(["margin_ranking_loss", "hinge_embedding_loss",
                         "cosine_embedding_loss", "triplet_margin_loss"]))
    n, d = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    sign = lambda shape: rng.choice([-1.0, 1.0], shape)
    margin = float(rng.choice([0.0, 0.5, 1.0]))
    if fn == "margin_ranking_loss":
        shape = (n,) if rng.random() < 0.8 else ()
        return _loss_case(rng, fn, [T(rng.standard_normal(shape)), T(rng.standard_normal(shape)),
                                    T(sign(shape))], margin=margin)
    if fn == "hinge_embedding_loss":
        shape = (n, d)
        return _loss_case(rng, fn, [T(rng.standard_normal(shape)), T(sign(shape))],
                          margin=margin)
    if fn == "cosine_embedding_loss":
        shape = (n, d) if rng.random() < 0.8 else (d,)
        target = sign(shape[:-1])
        return _loss_case(rng, fn, [T(rng.standard_normal(shape)), T(rng.standard_normal(shape)),
                                    T(target)], margin=margin)
    shape = (n, d) if rng.random() < 0.8 else (d,)
    return _loss_case(rng, fn, [T(rng.standard_normal(shape)) for _ in range(3)], margin=margin,
                      p=float(rng.choice([1.0, 2.0, 3.0])), swap=bool(rng.random() < 0.5))


def _multi_margin(rng):
    fn = str(rng.choice(["multi_margin_loss", "multilabel_margin_loss",
                         "multilabel_soft_margin_loss"]))
    c = int(rng.integers(1, 5))
    shape = (int(rng.integers(1, 4)), c) if rng.random() < 0.8 else (c,)
    x = rng.standard_normal(shape)
    if fn == "multi_margin_loss":
        kw = dict(p=int(rng.choice([1, 2])), margin=float(rng.choice([0.5, 1.0, 2.0])))
        if rng.random() < 0.4:
            kw["weight"] = T(rng.random(c) + 0.1, grad=False)
        return _loss_case(rng, fn, [T(x), T(rng.integers(0, c, shape[:-1]))], **kw)
    if fn == "multilabel_margin_loss":
        target = np.full(shape, -1)
        for row in target.reshape(-1, c):
            k = int(rng.integers(0, c + 1))
            row[:k] = rng.permutation(c)[:k]
        return _loss_case(rng, fn, [T(x), T(target)])
    kw = {"weight": T(rng.random(c) + 0.1, grad=False)} if rng.random() < 0.4 else {}
    return _loss_case(rng, fn, [T(x), T(rng.integers(0, 2, shape).astype(float))], **kw)


def _gaussian_nll(rng):
    n, d = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    shape = (n, d) if rng.random() < 0.8 else (d,)
    var_shape = {0: shape, 1: shape[:-1] + (1,), 2: shape[:-1]}[int(rng.integers(0, 3))]
    var = np.asarray(rng.random(var_shape) + 0.05)
    if rng.random() < 0.2:
        var[...] = 1e-8  # clamped to eps
    return _loss_case(rng, "gaussian_nll_loss", [T(rng.standard_normal(shape)),
                                                 T(rng.standard_normal(shape)), T(var)],
                      full=bool(rng.random() < 0.5), eps=float(rng.choice([1e-6, 0.1])))


def _ctc(rng):
    n, c, t = int(rng.integers(1, 4)), int(rng.integers(2, 5)), int(rng.integers(1, 7))
    blank = int(rng.integers(0, c))
    logits = rng.standard_normal((t, n, c))
    log_probs = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    input_lengths = rng.integers(1, t + 1, n)
    target_lengths = rng.integers(0, t + 2, n)  # some too long: infinite losses
    labels = [l for l in range(c) if l != blank]
    padded = rng.choice(labels, (n, int(target_lengths.max()) or 1))
    if rng.random() < 0.5:
        targets = padded
    else:
        targets = np.concatenate([padded[i, :target_lengths[i]] for i in range(n)])
    unbatched = rng.random() < 0.15
    if unbatched:
        log_probs, targets, input_lengths, target_lengths = (
            log_probs[:, 0], padded[0], input_lengths[:1], target_lengths[:1])
        if rng.random() < 0.5:
            input_lengths, target_lengths = input_lengths[0], target_lengths[0]
    kw = dict(blank=blank, zero_infinity=bool(rng.random() < 0.5))
    if rng.random() < 0.5 or np.ndim(input_lengths) == 0:
        lengths = (T(input_lengths), T(target_lengths))
    else:
        lengths = (tuple(int(v) for v in input_lengths), tuple(int(v) for v in target_lengths))
    return _loss_case(rng, "ctc_loss", [T(log_probs), T(targets), *lengths], **kw)


# --- attention -----------------------------------------------------------------------------------
def _mask(rng, shape, kind=None):
    """A bool (True = masked out for MHA, takes part for SDPA) or float mask of ``shape``."""
    kind = kind or str(rng.choice(["bool", "float"]))
    keep = rng.random(shape) < (0.2 if rng.random() < 0.2 else 0.7)
    if kind == "bool":
        return T(keep, grad=False)
    values = np.where(keep, rng.standard_normal(shape), -np.inf if rng.random() < 0.5 else -1e4)
    return T(values, grad=bool(rng.random() < 0.5))


def _mha(rng):
    heads, hd = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    e, n, l, s = heads * hd, int(rng.integers(1, 4)), int(rng.integers(1, 5)), \
        int(rng.integers(1, 5))
    kw = dict(bias=bool(rng.random() < 0.7), add_bias_kv=bool(rng.random() < 0.3),
              add_zero_attn=bool(rng.random() < 0.3), batch_first=bool(rng.random() < 0.5))
    kdim = vdim = e
    if rng.random() < 0.4:
        kdim, vdim = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        kw.update(kdim=kdim, vdim=vdim)
    unbatched = rng.random() < 0.2
    self_attention = kdim == vdim == e and rng.random() < 0.3
    if self_attention:
        s = l
    shape = lambda length, dim: (length, dim) if unbatched else (
        (n, length, dim) if kw["batch_first"] else (length, n, dim))
    q = T(rng.standard_normal(shape(l, e)), grad=bool(rng.random() < 0.8))
    k, v = (q, q) if self_attention else (T(rng.standard_normal(shape(s, kdim))),
                                          T(rng.standard_normal(shape(s, vdim))))
    call = dict(need_weights=bool(rng.random() < 0.6),
                average_attn_weights=bool(rng.random() < 0.5))
    if rng.random() < 0.5:
        call["key_padding_mask"] = _mask(rng, (s,) if unbatched else (n, s))
    if rng.random() < 0.5:
        if l == s and rng.random() < 0.3:
            call["attn_mask"] = T(np.triu(np.ones((l, s), bool), 1), grad=False)
            call["is_causal"] = True
        else:
            call["attn_mask"] = _mask(rng, (l, s) if rng.random() < 0.6 else
                                      ((1 if unbatched else n) * heads, l, s))
    return dict(name="MultiheadAttention", args=(e, heads), kwargs=kw, inputs=(q, k, v),
                call_kwargs=call)


def _sdpa(rng):
    lead = tuple(int(v) for v in rng.integers(1, 3, int(rng.integers(0, 3))))
    l, s, e, ev = (int(v) for v in rng.integers(1, 5, 4))
    kw = {}
    kv_lead = lead
    if len(lead) >= 1 and rng.random() < 0.3:
        group = int(rng.integers(1, 3))
        kv_lead, lead = lead, lead[:-1] + (lead[-1] * group,)
        kw["enable_gqa"] = True
    q = T(rng.standard_normal(lead + (l, e)))
    k, v = T(rng.standard_normal(kv_lead + (s, e))), T(rng.standard_normal(kv_lead + (s, ev)))
    if rng.random() < 0.3:
        kw["is_causal"] = True
    elif rng.random() < 0.6:
        shape = (l, s) if rng.random() < 0.5 else tuple(
            1 if rng.random() < 0.4 else d for d in lead) + (l, s)
        kw["attn_mask"] = _mask(rng, shape)
    if rng.random() < 0.4:
        kw["scale"] = float(rng.choice([0.1, 1.0, 2.5]))
    return dict(fn="scaled_dot_product_attention", args=(q, k, v), kwargs=kw)


# --- recurrent layers ----------------------------------------------------------------------------
def _rnn(rng):
    mode = str(rng.choice(["RNN", "LSTM", "GRU"]))
    i, h, layers = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    kw = dict(num_layers=layers, bias=bool(rng.random() < 0.7),
              batch_first=bool(rng.random() < 0.5), bidirectional=bool(rng.random() < 0.5))
    if mode == "RNN":
        kw["nonlinearity"] = str(rng.choice(["tanh", "relu"]))
    out_h = h
    if mode == "LSTM" and rng.random() < 0.4:
        kw["proj_size"] = out_h = int(rng.integers(1, h + 1)) if h > 1 else 0
    dirs = 2 if kw["bidirectional"] else 1
    n, length = int(rng.integers(1, 4)), int(rng.integers(1, 5))
    unbatched, packed = rng.random() < 0.2, rng.random() < 0.3
    if unbatched:
        x, state = T(rng.standard_normal((length, i))), (dirs * layers,)
    else:
        shape = (n, length, i) if kw["batch_first"] else (length, n, i)
        x, state = T(rng.standard_normal(shape)), (dirs * layers, n)
        if packed:
            lengths = rng.integers(1, length + 1, n)
            sort = rng.random() < 0.5
            if sort:
                lengths = np.sort(lengths)[::-1].copy()
            lengths[0 if sort else int(rng.integers(0, n))] = length
            x = Packed(x.array, lengths.tolist(), kw["batch_first"], sort)
    inputs = [x]
    if rng.random() < 0.5:
        h0 = T(rng.standard_normal(state + (out_h,)))
        inputs.append((h0, T(rng.standard_normal(state + (h,)))) if mode == "LSTM" else h0)
    return dict(name=mode, args=(i, h), kwargs=kw, inputs=inputs)


def _cell(rng):
    mode = str(rng.choice(["RNNCell", "LSTMCell", "GRUCell"]))
    i, h, n = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    kw = dict(bias=bool(rng.random() < 0.7))
    if mode == "RNNCell":
        kw["nonlinearity"] = str(rng.choice(["tanh", "relu"]))
    batch = (n,) if rng.random() < 0.8 else ()
    inputs = [T(rng.standard_normal(batch + (i,)))]
    if rng.random() < 0.6:
        h0 = T(rng.standard_normal(batch + (h,)))
        inputs.append((h0, T(rng.standard_normal(batch + (h,)))) if mode == "LSTMCell" else h0)
    return dict(name=mode, args=(i, h), kwargs=kw, inputs=inputs)


# --- transformer layers --------------------------------------------------------------------------
def _transformer(rng):
    decoder = rng.random() < 0.5
    heads, hd = int(rng.integers(1, 3)), int(rng.integers(1, 4))
    e, n = heads * hd, int(rng.integers(1, 3))
    kw = dict(dim_feedforward=int(rng.integers(1, 6)), dropout=0.0,
              activation=str(rng.choice(["relu", "gelu"])), batch_first=bool(rng.random() < 0.5),
              norm_first=bool(rng.random() < 0.5), bias=bool(rng.random() < 0.8))
    l, s = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    unbatched = rng.random() < 0.15
    shape = lambda length: (length, e) if unbatched else (
        (n, length, e) if kw["batch_first"] else (length, n, e))
    padding = lambda length: (length,) if unbatched else (n, length)
    call = {}
    inputs = [T(rng.standard_normal(shape(l)), grad=bool(rng.random() < 0.8))]
    if decoder:
        inputs.append(T(rng.standard_normal(shape(s))))
    prefix = "tgt" if decoder else "src"
    if rng.random() < 0.5:
        if rng.random() < 0.3:
            call[f"{prefix}_mask"] = T(np.triu(np.ones((l, l), bool), 1), grad=False)
            call["tgt_is_causal" if decoder else "is_causal"] = True
        else:
            call[f"{prefix}_mask"] = _mask(rng, (l, l))
    if rng.random() < 0.5:
        call[f"{prefix}_key_padding_mask"] = _mask(rng, padding(l), "bool")
    if decoder and rng.random() < 0.4:
        call["memory_mask"] = _mask(rng, (l, s))
    if decoder and rng.random() < 0.4:
        call["memory_key_padding_mask"] = _mask(rng, padding(s), "bool")
    name = "TransformerDecoderLayer" if decoder else "TransformerEncoderLayer"
    return dict(name=name, args=(e, heads), kwargs=kw, inputs=inputs, call_kwargs=call)


LOSSES = {"cross_entropy": _cross_entropy, "bce": _bce, "pointwise": _pointwise,
          "margin": _margin, "multi_margin": _multi_margin, "gaussian_nll": _gaussian_nll,
          "ctc": _ctc}
FAMILIES = dict(LOSSES, mha=_mha, sdpa=_sdpa, rnn=_rnn, rnn_cell=_cell,
                transformer=_transformer)


# the infinities and NaNs of empty means, probabilities 0 and 1 and impossible CTC alignments
@pytest.mark.filterwarnings("ignore:(divide by zero|invalid value) encountered:RuntimeWarning")
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_random_configurations_match_pytorch(family):
    rng = np.random.default_rng(sorted(FAMILIES).index(family))
    for _ in range(CONFIGS):
        _check(FAMILIES[family](rng))


# --- regression cases found by the sweep ---------------------------------------------------------
@pytest.mark.filterwarnings("ignore:(divide by zero|invalid value) encountered:RuntimeWarning")
def test_binary_cross_entropy_target_gradient_is_unclamped_minus_logit_as_pytorch():
    # the forward clamps its logs at -100; PyTorch's target gradient -logit(p) does not:
    # inf and -inf at p = 0 and 1 (NaN where the upstream gradient is 0), not 100 and -100
    p = np.array([0.0, 1.0, 0.25, 0.0, 1.0])
    fn = lambda lib: lambda x, y: lib.nn.functional.binary_cross_entropy(x, y, reduction="none")
    case = dict(fn="binary_cross_entropy", args=[T(p), T([0.3, 0.6, 0.2, 0.0, 1.0])],
                kwargs=dict(reduction="none"))
    _check(case)
    x = tinytorch.tensor(p, requires_grad=True)
    y = tinytorch.tensor([0.3, 0.6, 0.2, 0.0, 1.0], dtype=tinytorch.float64, requires_grad=True)
    fn(tinytorch)(x, y).backward(tinytorch.tensor([1.0, 1.0, 1.0, 0.0, 0.0],
                                                  dtype=tinytorch.float64))
    assert y.grad[:3].tolist() == [np.inf, -np.inf, np.log(3.0)]
    assert np.isnan(y.grad[3:].numpy()).all()


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_soft_margin_loss_refuses_a_target_that_requires_grad_as_pytorch(reduction):
    args = [T([0.5, -1.0]), T([1.0, -1.0])]
    _check(dict(fn="soft_margin_loss", args=args, kwargs=dict(reduction=reduction)))
    with pytest.raises(RuntimeError, match="not differentiable with respect to argument "
                                           "'target'"):
        tinytorch.nn.SoftMarginLoss()(tinytorch.zeros(2), tinytorch.ones(2, requires_grad=True))
    with tinytorch.no_grad():  # no graph: accepted, as PyTorch's
        tinytorch.nn.functional.soft_margin_loss(tinytorch.zeros(2),
                                                 tinytorch.ones(2, requires_grad=True))


@pytest.mark.parametrize("targets,length", [([1, 1], 1), ([2], 0), ([1, 2], 2), ([[1, 2]], 1)])
def test_unbatched_ctc_loss_takes_1d_targets_as_the_concatenated_form(targets, length):
    # PyTorch checks a 1-D target against target_length exactly ((S,) is sum(target_lengths)),
    # a 2-D (1, S) one as padded
    log_probs = np.log(np.full((3, 3), 1 / 3))
    for lengths in ((T([3]), T([length])), ((3,), (length,))):
        _check(dict(fn="ctc_loss", args=[T(log_probs), T(targets), *lengths], kwargs={}))
    with pytest.raises(RuntimeError) as got:
        tinytorch.nn.functional.ctc_loss(tinytorch.tensor(log_probs), tinytorch.tensor([1, 1]),
                                         (3,), (1,))
    with pytest.raises(RuntimeError) as expected:
        torch.nn.functional.ctc_loss(torch.tensor(log_probs), torch.tensor([1, 1]), (3,), (1,))
    assert str(got.value) == str(expected.value)
