"""The Transformer layers against torch.nn in float64 after sharing state dicts both ways:
outputs and gradients of inputs and every parameter, in training, in eval and on the
inference fast paths PyTorch takes without gradients (NaN rows, zeroed padding)."""

import inspect
import math
import warnings

import numpy as np
import pytest

import tinytorch
from tests.nn import _parity
from tests.nn._parity import arrays

torch = pytest.importorskip("torch")
# PyTorch's own notice when its encoder builds nested tensors (the path compared here).
pytestmark = pytest.mark.filterwarnings("ignore:The PyTorch API of nested tensors")
D = 8


def _f64(lib):
    return {"dtype": lib.float64}


def _enc_layer(batch_first=True, nhead=2, **kw):
    return lambda L: L.nn.TransformerEncoderLayer(D, nhead, 16, dropout=0.0,
                                                  batch_first=batch_first, **kw, **_f64(L))


def _encoder(batch_first=True, norm=True, **kw):
    def build(L):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the nested-tensor warning: its own test
            return L.nn.TransformerEncoder(
                _enc_layer(batch_first)(L), 2, norm=L.nn.LayerNorm(D, **_f64(L)) if norm
                else None, **kw)
    return build


def _dec_layer(batch_first=True, **kw):
    return lambda L: L.nn.TransformerDecoderLayer(D, 2, 16, dropout=0.0,
                                                  batch_first=batch_first, **kw, **_f64(L))


def _decoder(L):
    return L.nn.TransformerDecoder(_dec_layer()(L), 2, norm=L.nn.LayerNorm(D, **_f64(L)))


def _transformer(L, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return L.nn.Transformer(D, 2, 2, 2, 16, dropout=0.0, **kw, **_f64(L))


X, MEM = arrays((3, 5, D), (3, 4, D))
KPM = np.array([[0, 0, 1, 1, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, 1]], bool)
KPM_NOT_LEFT = np.array([[0, 1, 0, 1, 1], [0, 0, 0, 0, 0], [0, 0, 0, 0, 1]], bool)
MEM_KPM = np.array([[0, 0, 1, 1], [0, 0, 0, 0], [0, 1, 1, 1]], bool)


def _causal(n):
    return np.triu(np.full((n, n), -np.inf), 1)


CASES = [
    ("enc_layer", _enc_layer(), [X], {}),
    ("enc_layer_norm_first_gelu_padding",
     _enc_layer(norm_first=True, activation="gelu"), [X], {"src_key_padding_mask": KPM}),
    ("enc_layer_seq_first_causal", _enc_layer(False), [X],
     {"src_mask": _causal(3), "is_causal": True}),
    ("enc_layer_no_bias_eps", _enc_layer(bias=False, layer_norm_eps=1e-3), [X], {}),
    ("enc_layer_callable_activation", _enc_layer(activation=lambda x: x.tanh()), [X],
     {"src_mask": np.isinf(_causal(5))}),
    ("enc_layer_unbatched", _enc_layer(), [X[0]], {"src_key_padding_mask": KPM[0]}),
    ("encoder", _encoder(), [X], {"src_key_padding_mask": KPM}),
    ("encoder_detects_causal_mask", _encoder(False), [X], {"mask": _causal(3)}),
    ("dec_layer", _dec_layer(), [X, MEM],
     {"tgt_mask": _causal(5), "memory_key_padding_mask": MEM_KPM}),
    ("dec_layer_norm_first", _dec_layer(norm_first=True, activation="gelu"), [X, MEM],
     {"tgt_key_padding_mask": KPM}),
    ("decoder", _decoder, [X, MEM], {"tgt_mask": _causal(5), "tgt_is_causal": True}),
    ("transformer", _transformer, [MEM.transpose(1, 0, 2), X.transpose(1, 0, 2)],
     {"tgt_mask": _causal(5), "src_key_padding_mask": MEM_KPM}),
    ("transformer_batch_first", lambda L: _transformer(L, batch_first=True, norm_first=True),
     [MEM, X], {"tgt_mask": _causal(5), "memory_key_padding_mask": MEM_KPM}),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_transformer_module_matches_torch(case, device):
    _, build, inputs, kwargs = case
    _parity.compare(build, inputs, kwargs, device)


def test_transformer_loads_torch_state_dict(device):
    _, build, inputs, kwargs = CASES[-1]
    _parity.compare(build, inputs, kwargs, device, direction="from_torch")


# Eval mode, with and without gradients: PyTorch's fused encoder layer (NaN where a sequence
# is all padding) and the encoder's nested tensors (padded outputs 0) only run without.
EVAL_CASES = [
    ("enc_layer", _enc_layer(), [X], {"src_key_padding_mask": KPM}),
    ("enc_layer_odd_heads", _enc_layer(nhead=1), [X], {"src_key_padding_mask": KPM}),
    ("enc_layer_callable_activation", _enc_layer(activation=lambda x: x.relu()), [X],
     {"src_key_padding_mask": KPM}),
    ("encoder_nested", _encoder(), [X], {"src_key_padding_mask": KPM}),
    ("encoder_not_left_aligned", _encoder(), [X], {"src_key_padding_mask": KPM_NOT_LEFT}),
    ("encoder_no_mask_check", _encoder(mask_check=False), [X],
     {"src_key_padding_mask": KPM_NOT_LEFT}),
    ("encoder_nested_disabled", _encoder(enable_nested_tensor=False), [X],
     {"src_key_padding_mask": KPM}),
    ("dec_layer", _dec_layer(), [X, MEM], {"tgt_key_padding_mask": KPM}),
    ("transformer", lambda L: _transformer(L, batch_first=True), [MEM, X],
     {"src_key_padding_mask": MEM_KPM, "tgt_mask": _causal(5)}),
]


@pytest.mark.parametrize("grad", [True, False], ids=["grad", "no_grad"])
@pytest.mark.parametrize("case", EVAL_CASES, ids=[c[0] for c in EVAL_CASES])
def test_transformer_eval_matches_torch_including_fast_paths(case, grad):
    _, build, inputs, kwargs = case
    _parity.compare(build, inputs, kwargs, "cpu", train=False, grad=grad)


def test_encoder_layer_fast_path_rows_are_nan_as_in_torch():
    _, ref = _parity.compare(_enc_layer(), [X], {"src_key_padding_mask": KPM}, "cpu",
                             train=False, grad=False)
    assert np.isnan(ref[0][1]).all() and not np.isnan(ref[0][[0, 2]]).any()


def test_encoder_nested_path_zeroes_padding_as_in_torch():
    _, ref = _parity.compare(_encoder(norm=False), [X], {"src_key_padding_mask": KPM}, "cpu",
                             train=False, grad=False)
    assert not ref[0][KPM].any() and ref[0][~KPM].all()


def test_encoder_warns_why_nested_tensors_are_off_as_torch():
    for batch_first in (False, True):
        messages = []
        for lib in (torch, tinytorch):
            layer = lib.nn.TransformerEncoderLayer(D, 2, 16, batch_first=batch_first,
                                                   norm_first=True)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                lib.nn.TransformerEncoder(layer, 1)
            messages.append([str(w.message) for w in caught if "nested" in str(w.message)])
        assert messages[0] == messages[1] and len(messages[0]) == 1


def test_transformer_defaults_and_repr_match_torch():
    for name in ("Transformer", "TransformerEncoderLayer", "TransformerDecoderLayer",
                 "TransformerEncoder", "MultiheadAttention"):
        ours, theirs = (inspect.signature(getattr(lib.nn, name)) for lib in (tinytorch, torch))
        assert list(ours.parameters) == list(theirs.parameters), name
        for p, q in zip(ours.parameters.values(), theirs.parameters.values()):
            if p.name != "activation":
                assert p.default == q.default, (name, p.name)
    small = {"d_model": 64, "nhead": 4, "num_encoder_layers": 1, "num_decoder_layers": 1,
             "dim_feedforward": 256}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, theirs = tinytorch.nn.Transformer(**small), torch.nn.Transformer(**small)
    assert repr(ours) == repr(theirs)
    w = ours.encoder.layers[0].linear1.weight.detach().numpy()  # xavier_uniform_ (256, 64)
    bound = math.sqrt(6 / (64 + 256))
    assert np.abs(w).max() <= bound and abs(w.std() - bound / math.sqrt(3)) < 0.05 * bound


def test_generate_square_subsequent_mask_matches_torch():
    ours = tinytorch.nn.Transformer.generate_square_subsequent_mask(4, dtype=tinytorch.float64)
    theirs = torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)
    assert ours.dtype == tinytorch.float64
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert tinytorch.nn.Transformer.generate_square_subsequent_mask(2).dtype == tinytorch.float32


def test_encoder_layer_activation_module_is_a_submodule_as_in_torch():
    ours = tinytorch.nn.TransformerEncoderLayer(D, 2, 16, activation=tinytorch.nn.GELU())
    theirs = torch.nn.TransformerEncoderLayer(D, 2, 16, activation=torch.nn.GELU())
    assert repr(ours) == repr(theirs) and ours.activation_relu_or_gelu == 2


@pytest.mark.parametrize("make,call", [
    (lambda L: L.nn.TransformerEncoderLayer(D, 2, activation="tanh"), None),
    (lambda L: _transformer(L), lambda L, m: m(L.zeros(4, 2, D, dtype=L.float64),
                                               L.zeros(3, 5, D, dtype=L.float64))),
    (lambda L: _transformer(L), lambda L, m: m(L.zeros(4, 2, D, dtype=L.float64),
                                               L.zeros(3, 2, D + 1, dtype=L.float64))),
], ids=["activation", "batch", "d_model"])
def test_transformer_errors_match_torch(make, call):
    errors = []
    for lib in (torch, tinytorch):
        with pytest.raises(Exception) as caught:
            module = make(lib)
            call(lib, module)
        errors.append(caught.value)
    assert type(errors[0]) is type(errors[1]) and str(errors[0]) == str(errors[1])


def test_encoder_layer_double_backward():
    layer = tinytorch.nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, dtype=tinytorch.float64)
    x = tinytorch.randn(3, 2, 4, dtype=tinytorch.float64, requires_grad=True)
    assert tinytorch.autograd.gradgradcheck(lambda x: layer(x).tanh(), (x,))


def test_encoder_layer_dropout_active_in_training_only():
    layer = tinytorch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.5, batch_first=True)
    x = tinytorch.randn(2, 5, 8)
    assert not np.allclose(layer(x).detach().numpy(), layer(x).detach().numpy())
    layer.eval()
    np.testing.assert_array_equal(layer(x).detach().numpy(), layer(x).detach().numpy())
