"""to_json / model_from_json, save / load_model, save_weights / load_weights."""

import json

import numpy as np
import pytest

from tinytorch.keras.layers import BatchNormalization
from tinytorch.keras.layers import Conv2D
from tinytorch.keras.layers import Dense
from tinytorch.keras.layers import Dropout
from tinytorch.keras.layers import Flatten
from tinytorch.keras.layers import MaxPooling2D
from tinytorch.keras.models import Model
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


def functional_model():
    from tinytorch.keras import Input
    from tinytorch.keras import layers
    a, b = Input(shape=(4,)), Input(shape=(3,), name="side")
    shared = Dense(4, activation="relu", name="shared")
    merged = layers.concatenate([shared(a), b, layers.Dense(3)(shared(shared(a)))])
    return Model([a, b], [Dense(2, activation="softmax", name="cls")(merged),
                          Dense(1, name="reg")(merged)], name="two_heads")


def test_functional_to_json_uses_keras_inbound_nodes():
    model = functional_model()
    spec = json.loads(model.to_json())
    assert spec["class_name"] == "Model"
    config = spec["config"]
    assert config["input_layers"] == [["input_1", 0, 0], ["side", 0, 0]]
    assert config["output_layers"] == [["cls", 0, 0], ["reg", 0, 0]]
    shared = next(layer for layer in config["layers"] if layer["name"] == "shared")
    assert shared["inbound_nodes"] == [[["input_1", 0, 0, {}]], [["input_1", 0, 0, {}]],
                                       [["shared", 1, 0, {}]]]


def roundtrip_matches(model, clone):
    assert [type(l) for l in clone.layers] == [type(l) for l in model.layers]
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    assert clone.count_params() == model.count_params()
    clone.set_weights(model.get_weights())
    rng = np.random.default_rng(0)
    x = [rng.random((3, 4)).astype("float32"), rng.random((3, 3)).astype("float32")]
    for a, b in zip(model.predict(x), clone.predict(x)):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_functional_json_round_trip_rebuilds_shared_layers():
    model = functional_model()
    clone = model_from_json(model.to_json())
    roundtrip_matches(model, clone)
    assert len(clone.get_layer("shared").inbound_nodes) == 3
    assert clone.to_json() == model.to_json()


def test_functional_yaml_round_trip():
    pytest.importorskip("yaml")
    from tinytorch.keras.models import model_from_yaml
    model = functional_model()
    text = model.to_yaml()
    assert "class_name: Model" in text and "!!python" not in text
    roundtrip_matches(model, model_from_yaml(text))


def test_sequential_yaml_round_trip():
    pytest.importorskip("yaml")
    from tinytorch.keras.models import model_from_yaml
    model = cnn()
    clone = model_from_yaml(model.to_yaml())
    assert clone.to_json() == model.to_json()


def test_model_from_yaml_never_builds_python_objects():
    yaml = pytest.importorskip("yaml")
    from tinytorch.keras.models import model_from_yaml
    with pytest.raises(yaml.YAMLError):
        model_from_yaml("!!python/object/apply:os.system ['true']")


def test_nested_models_round_trip_and_save(tmp_path):
    from tinytorch.keras import Input
    generator = Sequential([Dense(8, activation="relu", input_shape=(2,)), Dense(4)])
    discriminator = Sequential([Dense(1, activation="sigmoid", input_shape=(4,))])
    z = Input(shape=(2,))
    gan = Model(z, discriminator(generator(z)))
    gan.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    path = tmp_path / "gan.safetensors"
    gan.save(path)
    loaded = load_model(path)
    x = np.random.default_rng(0).random((5, 2)).astype("float32")
    np.testing.assert_allclose(loaded.predict(x), gan.predict(x), rtol=1e-6)
    assert [type(l).__name__ for l in loaded.layers] == ["InputLayer", "Sequential",
                                                          "Sequential"]
    assert loaded.metric_names == ["accuracy"]


def test_multi_output_compile_settings_survive_save(tmp_path):
    model = functional_model()
    model.compile("sgd", loss={"cls": "categorical_crossentropy", "reg": "mse"},
                  loss_weights=[1.0, 0.25], metrics={"cls": "accuracy"})
    model.save(tmp_path / "m.safetensors")
    loaded = load_model(tmp_path / "m.safetensors")
    assert loaded.loss_weights == [1.0, 0.25]
    assert loaded.output_metrics == [["accuracy"], []]
