"""to_json / model_from_json, save / load_model, save_weights / load_weights."""

import json

import numpy as np

from tinytorch.keras.layers import BatchNormalization
from tinytorch.keras.layers import Conv2D
from tinytorch.keras.layers import Dense
from tinytorch.keras.layers import Dropout
from tinytorch.keras.layers import Flatten
from tinytorch.keras.layers import MaxPooling2D
from tinytorch.keras.models import Sequential
from tinytorch.keras.models import load_model
from tinytorch.keras.models import model_from_json


def cnn():
    return Sequential([Conv2D(3, (3, 3), padding="same", activation="relu",
                              input_shape=(6, 6, 1)),
                       BatchNormalization(), MaxPooling2D((2, 2)), Flatten(), Dropout(0.2),
                       Dense(2, activation="softmax")])


def test_to_json_round_trip_keeps_architecture():
    model = cnn()
    text = model.to_json()
    spec = json.loads(text)
    assert spec["class_name"] == "Sequential"
    assert spec["config"]["layers"][0]["config"]["batch_input_shape"] == [None, 6, 6, 1]
    clone = model_from_json(text)
    assert [type(l) for l in clone.layers] == [type(l) for l in model.layers]
    assert [l.output_shape for l in clone.layers] == [l.output_shape for l in model.layers]
    assert clone.count_params() == model.count_params()
    assert clone.to_json() == text


def test_save_and_load_model_round_trip(tmp_path):
    model = cnn()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    x = np.random.default_rng(0).random((4, 6, 6, 1)).astype("float32")
    expected = model.predict(x)
    path = tmp_path / "model.safetensors"
    model.save(path)
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict(x), expected, rtol=1e-6)
    assert loaded.loss == "categorical_crossentropy" and loaded.metric_names == ["accuracy"]
    assert type(loaded.optimizer).__name__ == "Adam"
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_save_weights_load_weights_round_trip(tmp_path):
    model = Sequential([Dense(4, input_shape=(3,)), Dense(2)])
    path = tmp_path / "weights.safetensors"
    model.save_weights(path)
    other = Sequential([Dense(4, input_shape=(3,), name="dense"), Dense(2, name="dense_1")])
    other.load_weights(path)
    for a, b in zip(other.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_state_dict_keys_use_layer_names():
    model = Sequential([Dense(4, input_shape=(3,)), BatchNormalization()])
    assert sorted(model.state_dict()) == sorted([
        "dense.weight", "dense.bias", "batch_normalization.gamma",
        "batch_normalization.beta", "batch_normalization.moving_mean",
        "batch_normalization.moving_variance"])


def test_set_weights_round_trip():
    model = Sequential([Dense(4, input_shape=(3,)), Dense(2)])
    weights = [w + 1 for w in model.get_weights()]
    model.set_weights(weights)
    for a, b in zip(model.get_weights(), weights):
        np.testing.assert_array_equal(a, b)
