"""Keras' SimpleRNN, LSTM, GRU and Bidirectional: shapes, counts, Keras weight layouts and
initialisers, and values and gradients against the equivalent torch.nn layer (float64)."""

import json

import numpy as np
import pytest

import tinytorch
from tinytorch.keras import Input
from tinytorch.keras import optimizers
from tinytorch.keras.layers import GRU
from tinytorch.keras.layers import LSTM
from tinytorch.keras.layers import Bidirectional
from tinytorch.keras.layers import Dense
from tinytorch.keras.layers import Embedding
from tinytorch.keras.layers import SimpleRNN
from tinytorch.keras.models import Model
from tinytorch.keras.models import Sequential
from tinytorch.keras.models import load_model
from tinytorch.keras.models import model_from_json

torch = pytest.importorskip("torch")

LAYERS = {"SimpleRNN": SimpleRNN, "LSTM": LSTM, "GRU": GRU}
STATES = {"SimpleRNN": 1, "LSTM": 2, "GRU": 1}


@pytest.mark.parametrize("return_state", [False, True])
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("kind", sorted(LAYERS))
def test_output_shapes_for_every_return_combination(kind, return_sequences, return_state):
    layer = LAYERS[kind](6, return_sequences=return_sequences, return_state=return_state)
    out = layer(tinytorch.randn(3, 5, 4))
    step = (3, 5, 6) if return_sequences else (3, 6)
    expected = [step] + [(3, 6)] * STATES[kind] if return_state else step
    got = [tuple(t.shape) for t in out] if return_state else tuple(out.shape)
    assert got == expected
    symbolic = LAYERS[kind](6, return_sequences=return_sequences,
                            return_state=return_state)(Input(shape=(5, 4)))
    shapes = [t.shape for t in symbolic] if return_state else symbolic.shape
    batched = ([(None, *s[1:]) for s in expected] if return_state
               else (None, *expected[1:]))
    assert shapes == batched


@pytest.mark.parametrize("layer,count", [
    (SimpleRNN(32), 32 * (10 + 32) + 32),
    (LSTM(32), 4 * (32 * (10 + 32) + 32)),
    (GRU(32), 3 * (32 * (10 + 32) + 2 * 32)),
    (Bidirectional(LSTM(32)), 2 * 5504)], ids=["SimpleRNN", "LSTM", "GRU", "Bidirectional"])
def test_summary_shows_keras_parameter_counts(layer, count):
    model = Sequential([Input(shape=(7, 10)), layer])
    lines = []
    model.summary(print_fn=lines.append)
    row = next(line for line in lines if line.startswith(layer.name))
    assert row.split()[-1] == str(count)
    assert model.count_params() == count


@pytest.mark.parametrize("kind,gates,bias", [
    ("SimpleRNN", 1, (8,)), ("LSTM", 4, (32,)), ("GRU", 3, (2, 24))])
def test_weights_have_keras_layouts_and_initialisers(kind, gates, bias):
    layer = LAYERS[kind](8)
    layer(tinytorch.zeros(2, 3, 5))
    kernel, recurrent, b = layer.get_weights()
    assert kernel.shape == (5, gates * 8) and recurrent.shape == (8, gates * 8)
    assert b.shape == bias
    assert np.abs(kernel).max() <= np.sqrt(6 / (5 + gates * 8))  # glorot_uniform
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(8), atol=1e-5)  # orthogonal
    expected = np.zeros(bias, "float32")
    if kind == "LSTM":
        expected[8:16] = 1.0  # unit_forget_bias
    np.testing.assert_array_equal(b, expected)
    layer.set_weights([kernel * 2, recurrent, b + 1])
    np.testing.assert_array_equal(layer.get_weights()[0], kernel * 2)
    np.testing.assert_array_equal(layer.get_weights()[2], b + 1)


def _torch_twin(kind, layers, **kwargs):
    """The torch.nn layer equal to the Keras layer(s) (one per direction), float64."""
    first = layers[0]
    cls = {"SimpleRNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[kind]
    if kind == "SimpleRNN":
        kwargs["nonlinearity"] = "tanh" if first.mode == "RNN_TANH" else "relu"
    feats = first.weight_ih.shape[1]
    module = cls(feats, first.units, batch_first=True, bias=first.use_bias,
                 bidirectional=len(layers) == 2, dtype=torch.float64, **kwargs)
    u = first.units
    order = np.r_[u:2 * u, 0:u, 2 * u:3 * u] if kind == "GRU" else slice(None)
    with torch.no_grad():
        for layer, suffix in zip(layers, ("", "_reverse")):
            weights = layer.get_weights()
            getattr(module, "weight_ih_l0" + suffix).copy_(torch.tensor(weights[0].T[order]))
            getattr(module, "weight_hh_l0" + suffix).copy_(torch.tensor(weights[1].T[order]))
            if not layer.use_bias:
                continue
            b = weights[2]
            b_ih, b_hh = (b[0], b[1]) if kind == "GRU" else (b, np.zeros_like(b))
            getattr(module, "bias_ih_l0" + suffix).copy_(torch.tensor(b_ih[order]))
            getattr(module, "bias_hh_l0" + suffix).copy_(torch.tensor(b_hh[order]))
    return module


def _grads_by_torch_name(kind, layer, suffix=""):
    """The Keras layer's parameter gradients under the torch twin's names."""
    u = layer.units
    order = np.r_[u:2 * u, 0:u, 2 * u:3 * u] if kind == "GRU" else slice(None)
    grads = {"weight_ih_l0" + suffix: layer.weight_ih.grad.numpy()[order],
             "weight_hh_l0" + suffix: layer.weight_hh.grad.numpy()[order]}
    if layer.use_bias:
        b = layer.bias.grad.numpy()
        grads["bias_ih_l0" + suffix] = (b[0] if kind == "GRU" else b)[order]
        grads["bias_hh_l0" + suffix] = (b[1] if kind == "GRU" else b)[order]
    return grads


@pytest.mark.parametrize("options", [{}, {"go_backwards": True}, {"use_bias": False},
                                     {"initial_state": True}],
                         ids=["default", "go_backwards", "no_bias", "initial_state"])
@pytest.mark.parametrize("kind", ["SimpleRNN", "SimpleRNN-relu", "LSTM", "GRU"])
def test_values_and_gradients_match_torch_float64(kind, options):
    kind, _, activation = kind.partition("-")
    options = dict(options)
    with_state = options.pop("initial_state", False)
    layer = LAYERS[kind](5, activation=activation or "tanh", return_sequences=True,
                         return_state=True, bias_initializer="random_normal", **options)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4, 2))
    states = [rng.standard_normal((3, 5)) for _ in range(STATES[kind])] if with_state else None
    layer(tinytorch.zeros(1, 4, 2))
    layer.double()
    twin = _torch_twin(kind, [layer])

    xt = tinytorch.tensor(x, requires_grad=True)
    init = None if states is None else [tinytorch.tensor(s) for s in states]
    out, *final = layer(xt, initial_state=init)
    weight = rng.standard_normal(out.shape)
    (out * tinytorch.tensor(weight)).sum().backward()

    xr = torch.tensor(x[:, ::-1].copy() if options.get("go_backwards") else x,
                      requires_grad=True)
    hx = None
    if states is not None:
        hx = [torch.tensor(s).unsqueeze(0) for s in states]
        hx = tuple(hx) if kind == "LSTM" else hx[0]
    ref, ref_final = twin(xr, hx)
    ref_final = list(ref_final) if kind == "LSTM" else [ref_final]
    (ref * torch.tensor(weight)).sum().backward()

    np.testing.assert_allclose(out.detach().numpy(), ref.detach().numpy(), rtol=1e-10)
    for mine, theirs in zip(final, ref_final):
        np.testing.assert_allclose(mine.detach().numpy(), theirs[0].detach().numpy(),
                                   rtol=1e-10)
    grad_x = xr.grad.numpy()
    if options.get("go_backwards"):
        grad_x = grad_x[:, ::-1]
    np.testing.assert_allclose(xt.grad.numpy(), grad_x, rtol=1e-9, atol=1e-12)
    for name, grad in _grads_by_torch_name(kind, layer).items():
        np.testing.assert_allclose(grad, getattr(twin, name).grad.numpy(), rtol=1e-9,
                                   atol=1e-12, err_msg=name)


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
def test_bidirectional_matches_torch_bidirectional(kind):
    layer = Bidirectional(LAYERS[kind](4, return_sequences=True, return_state=True,
                                       bias_initializer="random_normal"))
    layer(tinytorch.zeros(1, 6, 3))
    layer.double()
    twin = _torch_twin(kind, [layer.forward_layer, layer.backward_layer])
    x = np.random.default_rng(1).standard_normal((2, 6, 3))
    xt = tinytorch.tensor(x, requires_grad=True)
    out, *states = layer(xt)
    out.sum().backward()
    xr = torch.tensor(x, requires_grad=True)
    ref, ref_states = twin(xr)
    ref.sum().backward()
    np.testing.assert_allclose(out.detach().numpy(), ref.detach().numpy(), rtol=1e-10)
    # Keras: forward states then backward states; torch: h_n (and c_n) by direction
    ref_states = list(ref_states) if kind == "LSTM" else [ref_states]
    expected = [s[0] for s in ref_states] + [s[1] for s in ref_states]
    for mine, theirs in zip(states, expected):
        np.testing.assert_allclose(mine.detach().numpy(), theirs.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(xt.grad.numpy(), xr.grad.numpy(), rtol=1e-9, atol=1e-12)
    grads = {**_grads_by_torch_name(kind, layer.forward_layer),
             **_grads_by_torch_name(kind, layer.backward_layer, "_reverse")}
    for name, grad in grads.items():
        np.testing.assert_allclose(grad, getattr(twin, name).grad.numpy(), rtol=1e-9,
                                   atol=1e-12, err_msg=name)


@pytest.mark.parametrize("merge_mode,shape", [
    ("concat", (2, 5, 8)), ("sum", (2, 5, 4)), ("ave", (2, 5, 4)), ("mul", (2, 5, 4)),
    (None, [(2, 5, 4), (2, 5, 4)])])
def test_bidirectional_merge_modes(merge_mode, shape):
    layer = Bidirectional(GRU(4, return_sequences=True), merge_mode=merge_mode)
    out = layer(tinytorch.randn(2, 5, 3))
    got = [tuple(t.shape) for t in out] if merge_mode is None else tuple(out.shape)
    assert got == shape
    expected = [s[1:] for s in shape] if merge_mode is None else shape[1:]
    assert layer.compute_output_shape((5, 3)) == expected
    assert layer.forward_layer.name == "forward_gru"
    assert layer.backward_layer.name == "backward_gru" and layer.backward_layer.go_backwards


def test_unsupported_options_raise_named_errors():
    with pytest.raises(NotImplementedError, match="recurrent_dropout=0.2"):
        LSTM(4, recurrent_dropout=0.2)
    with pytest.raises(NotImplementedError, match="reset_after=False"):
        GRU(4, reset_after=False)
    with pytest.raises(NotImplementedError, match="recurrent_activation='hard_sigmoid'"):
        LSTM(4, recurrent_activation="hard_sigmoid")
    with pytest.raises(NotImplementedError, match="SimpleRNN\\(activation='sigmoid'\\)"):
        SimpleRNN(4, activation="sigmoid")
    with pytest.raises(NotImplementedError, match="stateful=True"):
        GRU(4, stateful=True)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        Sequential([LSTM(4, input_shape=(10,))])
    with pytest.raises(ValueError, match="not compatible with `cell.state_size`"):
        LSTM(4)(tinytorch.zeros(2, 3, 1), initial_state=[tinytorch.zeros(2, 4)])
    with pytest.raises(ValueError, match="Invalid merge mode"):
        Bidirectional(LSTM(4), merge_mode="max")


@pytest.mark.parametrize("kind,constant", [("SimpleRNN", True), ("LSTM", False),
                                           ("GRU", False)])
def test_input_dropout_follows_keras_code_path(kind, constant):
    layer = LAYERS[kind](3, dropout=0.5)
    layer(tinytorch.zeros(1, 2, 2))
    dropped = layer._input_dropout(tinytorch.ones(64, 6, 8), True).numpy()
    assert set(np.unique(dropped)) == {0.0, 2.0}
    same_every_step = (dropped == dropped[:, :1]).all()
    assert same_every_step == constant
    np.testing.assert_array_equal(layer._input_dropout(tinytorch.ones(2, 3, 8), False), 1.0)


def test_embedding_recurrent_classifier_fit_lowers_the_loss(device):
    rng = np.random.default_rng(0)
    ids = rng.integers(1, 10, size=(200, 8))
    labels = (ids == 3).any(axis=1).astype("float32")  # does the sequence hold a 3?
    model = Sequential([Embedding(10, 8, input_length=8),
                        Bidirectional(GRU(4, return_sequences=True, dropout=0.1)), LSTM(8),
                        Dense(1, activation="sigmoid")])
    model.compile(optimizers.Adam(lr=0.02), "binary_crossentropy", device=device)
    history = model.fit(ids, labels, epochs=6, batch_size=25, verbose=0)
    assert history.history["loss"][-1] < 0.7 * history.history["loss"][0]


def test_functional_encoder_decoder_round_trips_through_json(tmp_path):
    encoder_in, decoder_in = Input(shape=(5, 3)), Input(shape=(4, 2))
    _, h, c = LSTM(6, return_state=True)(encoder_in)
    sequence = LSTM(6, return_sequences=True)(decoder_in, initial_state=[h, c])
    summary = Bidirectional(GRU(3))(sequence)
    model = Model([encoder_in, decoder_in], Dense(2)(summary))
    rng = np.random.default_rng(0)
    data = [rng.standard_normal((2, 5, 3)).astype("float32"),
            rng.standard_normal((2, 4, 2)).astype("float32")]
    expected = model.predict(data)
    assert expected.shape == (2, 2)
    spec = json.loads(model.to_json())
    assert [entry[3] for entry in spec["config"]["layers"][3]["inbound_nodes"][0][1:]] == \
        [{"_keyword": "initial_state", "_list": True}] * 2
    clone = model_from_json(model.to_json())
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(data), expected, rtol=1e-6)
    model.compile("adam", "mse")
    model.save(tmp_path / "seq2seq.safetensors")
    np.testing.assert_allclose(load_model(tmp_path / "seq2seq.safetensors").predict(data),
                               expected, rtol=1e-6)


def test_sequential_json_round_trip_keeps_recurrent_config():
    model = Sequential([Bidirectional(LSTM(4, return_sequences=True, dropout=0.1),
                                      input_shape=(5, 3), merge_mode="sum"),
                        SimpleRNN(2, activation="relu", go_backwards=True), Dense(1)])
    text = model.to_json()
    clone = model_from_json(text)
    assert clone.to_json() == text
    assert clone.count_params() == model.count_params()
    assert clone.layers[0].merge_mode == "sum" and clone.layers[1].go_backwards
    x = np.random.default_rng(0).standard_normal((2, 5, 3)).astype("float32")
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(x), model.predict(x), rtol=1e-6)
