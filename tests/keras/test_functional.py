"""The functional API: Input, Model(inputs, outputs), shared layers, nested models,
multi-input / multi-output training, trainable freezing."""

import numpy as np
import pytest

import tinytorch
from tinytorch.keras import Input
from tinytorch.keras import layers
from tinytorch.keras import optimizers
from tinytorch.keras.models import Model
from tinytorch.keras.models import Sequential


def two_in_two_out():
    a, b = Input(shape=(4,)), Input(shape=(3,))
    merged = layers.concatenate([layers.Dense(8, activation="relu")(a), b])
    cls = layers.Dense(3, activation="softmax", name="cls")(merged)
    reg = layers.Dense(1, name="reg")(merged)
    return Model([a, b], [cls, reg])


def data(n=96, seed=0):
    rng = np.random.default_rng(seed)
    x1 = rng.random((n, 4)).astype("float32")
    x2 = rng.random((n, 3)).astype("float32")
    labels = (x1[:, 0] > 0.5).astype("int64") + (x1[:, 1] > 0.5)
    return x1, x2, labels, x2.sum(1, keepdims=True)


def test_input_returns_keras_tensor_with_batch_axis():
    x = Input(shape=(28, 28, 1), name="image")
    assert x.shape == (None, 28, 28, 1) and x.dtype == "float32"
    assert x.node.layer.name == "image" and "KerasTensor" in repr(x)
    y = layers.Conv2D(4, 3)(x)
    assert y.shape == (None, 26, 26, 4)


def test_input_names_count_from_one():
    assert [Input(shape=(1,)).node.layer.name for _ in range(3)] == \
        ["input_1", "input_2", "input_3"]


def test_model_runs_graph_like_the_layers_called_directly():
    model = two_in_two_out()
    rng = np.random.default_rng(1)
    x1, x2 = rng.random((5, 4)).astype("float32"), rng.random((5, 3)).astype("float32")
    cls, reg = model([x1, x2])
    dense, out = model.get_layer("dense"), model.get_layer("reg")
    hidden = tinytorch.cat([dense(tinytorch.as_tensor(x1)), tinytorch.as_tensor(x2)], 1)
    np.testing.assert_allclose(reg.detach().numpy(), out(hidden).detach().numpy(), rtol=1e-6)
    assert tuple(cls.shape) == (5, 3)
    assert model.input_names == ["input_1", "input_2"]
    assert model.output_names == ["cls", "reg"]
    assert [l.name for l in model.layers] == ["input_1", "input_2", "dense", "concatenate",
                                              "cls", "reg"]


def test_shared_layer_weights_are_counted_and_updated_once():
    x = Input(shape=(5,))
    shared = layers.Dense(5, activation="tanh")
    model = Model(x, layers.add([shared(x), shared(shared(x))]))
    assert model.count_params() == 30
    assert len(list(model.parameters())) == 2
    assert len(shared.inbound_nodes) == 3
    model.compile("sgd", "mse")
    before = shared.get_weights()[0].copy()
    model.train_on_batch(np.ones((4, 5), "float32"), np.zeros((4, 5), "float32"))
    assert not np.array_equal(before, shared.get_weights()[0])


def test_multi_output_fit_reports_keras_log_names():
    x1, x2, labels, target = data()
    model = two_in_two_out()
    model.compile("adam", loss={"cls": "sparse_categorical_crossentropy", "reg": "mse"},
                  loss_weights={"cls": 1.0, "reg": 0.5}, metrics={"cls": ["accuracy"]})
    history = model.fit([x1, x2], [labels, target], epochs=3, batch_size=16, verbose=0,
                        validation_split=0.25)
    assert list(history.history) == ["loss", "cls_loss", "reg_loss", "cls_accuracy",
                                     "val_loss", "val_cls_loss", "val_reg_loss",
                                     "val_cls_accuracy"]
    loss, cls_loss, reg_loss, acc = model.evaluate({"input_1": x1, "input_2": x2},
                                                   {"cls": labels, "reg": target}, verbose=0)
    assert loss == pytest.approx(cls_loss + 0.5 * reg_loss, rel=1e-5)
    assert 0.0 <= acc <= 1.0


def test_multi_output_training_reduces_both_losses(device):
    x1, x2, labels, target = data(200)
    model = two_in_two_out()
    model.compile("adam", loss=["sparse_categorical_crossentropy", "mse"], device=device)
    first = model.evaluate([x1, x2], [labels, target], verbose=0)
    model.fit([x1, x2], [labels, target], epochs=20, batch_size=20, verbose=0,
              validation_data=([x1, x2], [labels, target]))
    last = model.evaluate([x1, x2], [labels, target], verbose=0)
    assert last[1] < first[1] and last[2] < first[2]
    cls, reg = model.predict([x1, x2], batch_size=64)
    assert cls.shape == (200, 3) and reg.shape == (200, 1)
    np.testing.assert_allclose(cls.sum(1), np.ones(200), rtol=1e-5)


def test_compile_rejects_unknown_output_and_wrong_list_length():
    model = two_in_two_out()
    with pytest.raises(ValueError, match='Unknown entry in loss dictionary: "clz"'):
        model.compile("sgd", loss={"clz": "mse"})
    with pytest.raises(ValueError, match="one entry per model output"):
        model.compile("sgd", loss=["mse"])


def test_fit_with_wrong_number_of_arrays_raises():
    model = two_in_two_out()
    model.compile("sgd", loss="mse")
    with pytest.raises(ValueError, match="Expected to see 2 array"):
        model.fit(np.ones((4, 4)), [np.ones((4, 3)), np.ones((4, 1))], verbose=0)


def test_graph_disconnected_names_the_missing_input():
    a, b = Input(shape=(2,)), Input(shape=(2,))
    out = layers.add([a, b])
    with pytest.raises(ValueError, match="Graph disconnected"):
        Model(a, out)


def test_model_inputs_must_come_from_input():
    a = Input(shape=(2,))
    h = layers.Dense(2)(a)
    with pytest.raises(ValueError, match="must come from `tinytorch.keras.Input`"):
        Model(h, layers.Dense(1)(h))


def test_duplicate_layer_names_raise():
    a = Input(shape=(2,))
    out = layers.add([layers.Dense(2, name="d")(a), layers.Dense(2, name="d")(a)])
    with pytest.raises(ValueError, match='The name "d" is used 2 times'):
        Model(a, out)


def test_images_stay_channels_last_at_the_model_boundary():
    x = Input(shape=(6, 6, 1))
    left = layers.Conv2D(2, 3, padding="same")(x)
    right = layers.Conv2D(3, 3, padding="same")(x)
    model = Model(x, layers.concatenate([left, right]))
    assert model.output_shape == (None, 6, 6, 5)
    images = np.random.default_rng(0).random((2, 6, 6, 1)).astype("float32")
    out = model.predict(images)
    assert out.shape == (2, 6, 6, 5)
    conv = model.get_layer("conv2d_1")
    alone = Sequential([layers.Conv2D(3, 3, padding="same", input_shape=(6, 6, 1))])
    alone.set_weights(conv.get_weights())
    np.testing.assert_allclose(out[..., 2:], alone.predict(images), rtol=1e-5, atol=1e-6)


def gan_parts():
    generator = Sequential([layers.Dense(8, activation="relu", input_shape=(2,)),
                            layers.Dense(4)])
    discriminator = Sequential([layers.Dense(8, activation="relu", input_shape=(4,)),
                                layers.Dense(1, activation="sigmoid")])
    discriminator.compile("adam", "binary_crossentropy")
    discriminator.trainable = False
    z = Input(shape=(2,))
    gan = Model(z, discriminator(generator(z)))
    gan.compile("adam", "binary_crossentropy")
    return generator, discriminator, gan


def test_frozen_discriminator_is_untouched_by_the_gan_but_trains_alone():
    generator, discriminator, gan = gan_parts()
    rng = np.random.default_rng(0)
    frozen, moving = discriminator.get_weights(), generator.get_weights()
    gan.fit(rng.random((16, 2)), np.ones((16, 1)), epochs=2, batch_size=4, verbose=0)
    for a, b in zip(frozen, discriminator.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert any(not np.array_equal(a, b) for a, b in zip(moving, generator.get_weights()))
    # compiled while trainable: the discriminator's own training still updates it
    discriminator.train_on_batch(rng.random((8, 4)), np.ones((8, 1)))
    assert any(not np.array_equal(a, b) for a, b in zip(frozen, discriminator.get_weights()))


def test_frozen_layers_are_non_trainable_in_summary():
    generator, discriminator, gan = gan_parts()
    lines = []
    gan.summary(print_fn=lines.append)
    assert "Total params: 109" in lines and "Trainable params: 60" in lines
    assert "Non-trainable params: 49" in lines
    assert all(not layer.trainable for layer in discriminator.layers)


def test_layer_trainable_false_freezes_its_weights_in_fit():
    model = Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(1)])
    model.layers[0].trainable = False
    model.compile("sgd", "mse")
    frozen = model.layers[0].get_weights()
    model.fit(np.ones((8, 3)), np.zeros((8, 1)), epochs=2, verbose=0)
    for a, b in zip(frozen, model.layers[0].get_weights()):
        np.testing.assert_array_equal(a, b)
    lines = []
    model.summary(print_fn=lines.append)
    assert "Trainable params: 5" in lines and "Non-trainable params: 16" in lines


def test_layer_with_several_outputs_returns_a_list_of_keras_tensors():
    class Split(layers.Layer):
        def compute_output_shape(self, input_shape):
            half = input_shape[-1] // 2
            return [(half,), (input_shape[-1] - half,)]

        def call(self, x):
            half = x.shape[-1] // 2
            return x[:, :half], x[:, half:]

    x = Input(shape=(6,))
    first, second = Split()(x)
    assert first.shape == (None, 3) and second.index == 1
    model = Model(x, [layers.Dense(2)(first), second, layers.Dense(1)(second)])
    lines = []
    model.summary(print_fn=lines.append)
    assert any("[(None, 3), (None, 3)]" in line for line in lines)
    assert any(line.endswith("split[0][1]") for line in lines)
    out = model.predict(np.arange(12, dtype="float32").reshape(2, 6))
    np.testing.assert_array_equal(out[1], [[3, 4, 5], [9, 10, 11]])


def test_embedding_maps_indices_to_rows():
    tokens = Input(shape=(5,), dtype="int64")
    embedded = layers.Embedding(10, 3)(tokens)
    model = Model(tokens, layers.Flatten()(embedded))
    assert embedded.shape == (None, 5, 3) and model.count_params() == 30
    table = model.get_layer("embedding").get_weights()[0]
    assert table.shape == (10, 3) and np.abs(table).max() <= 0.05
    ids = np.array([[1, 2, 3, 4, 9]])
    np.testing.assert_array_equal(model.predict(ids), table[ids[0]].reshape(1, -1))


def test_embedding_trains_in_a_sequential_classifier():
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 20, (200, 6))
    labels = (ids < 10).sum(1) > 3
    model = Sequential([layers.Embedding(20, 4, input_length=6), layers.Flatten(),
                        layers.Dense(1, activation="sigmoid")])
    model.compile(optimizers.Adam(lr=0.03), "binary_crossentropy", metrics=["accuracy"])
    model.fit(ids, labels.astype("float32"), epochs=30, batch_size=20, verbose=0)
    assert model.evaluate(ids, labels.astype("float32"), verbose=0)[1] > 0.85


class Scale(layers.Layer):
    """A layer taking a KerasTensor by keyword (as a recurrent layer's initial_state)."""

    def call(self, x, offset=None, factors=()):
        for factor in factors:
            x = x * factor
        return x if offset is None else x + offset


def test_keras_tensors_given_by_keyword_are_graph_inputs(monkeypatch):
    from tinytorch.keras import layers as layers_module
    from tinytorch.keras.models import model_from_json
    monkeypatch.setitem(layers_module._BY_NAME, "Scale", Scale)
    x, shift = Input(shape=(3,)), Input(shape=(3,))
    out = Scale()(x, offset=shift, factors=[x, x])
    model = Model([x, shift], out)
    lines = []
    model.summary(print_fn=lines.append)
    assert any(line.rstrip().endswith("input_2[0][0]") for line in lines)
    a = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_allclose(model.predict([a, np.ones_like(a)]), a ** 3 + 1)
    clone = model_from_json(model.to_json())
    np.testing.assert_allclose(clone.predict([a, np.ones_like(a)]), a ** 3 + 1)


def test_siamese_model_shares_a_nested_model():
    encoder = Sequential([layers.Dense(4, activation="relu", input_shape=(6,))], name="enc")
    a, b = Input(shape=(6,)), Input(shape=(6,))
    model = Model([a, b], layers.Dot(axes=1, normalize=True)([encoder(a), encoder(b)]))
    assert model.count_params() == 28
    lines = []
    model.summary(print_fn=lines.append)
    row = lines.index(next(line for line in lines if line.startswith("enc (Sequential)")))
    assert lines[row].endswith("input_1[0][0]") and lines[row + 1].strip() == "input_2[0][0]"
    x = np.random.default_rng(0).random((3, 6)).astype("float32")
    np.testing.assert_allclose(model.predict([x, x]), np.ones((3, 1)), rtol=1e-5)


def test_call_with_training_true_augments_and_gives_back_each_layers_mode():
    model = Sequential([layers.RandomFlip("horizontal", seed=0, input_shape=(2, 2, 1)),
                        layers.Dropout(0.5)])
    model.eval()
    model.layers[1].train()
    x = np.arange(4 * 8, dtype="float32").reshape(8, 2, 2, 1) + 1
    out = np.asarray(model(x, training=True))
    flipped = (out == x[:, :, ::-1] * 2) | (out == x * 2) | (out == 0)
    assert flipped.all() and (out != x).any()  # RandomFlip and Dropout both ran
    assert not model.training and not model.layers[0].training and model.layers[1].training
    np.testing.assert_array_equal(np.asarray(model(x, training=False)), x)


def test_nested_model_called_with_training_false_stays_in_inference_mode():
    inner_in = Input(shape=(4,))
    inner = Model(inner_in, layers.Dropout(0.9)(inner_in), name="inner")
    a, b = Input(shape=(4,)), Input(shape=(4,))
    kept, plain = Model(a, inner(a, training=False)), Model(b, inner(b))
    ones = np.ones((64, 4), "float32")
    kept.train()
    np.testing.assert_array_equal(np.asarray(kept(ones)), ones)  # as Keras' base(x, False)
    assert inner.training and inner.layers[1].training
    plain.train()
    assert (np.asarray(plain(ones)) != 1).any()
    c = Input(shape=(4,))
    layer_kept = Model(c, layers.Dropout(0.9)(c, training=False))
    layer_kept.train()
    np.testing.assert_array_equal(np.asarray(layer_kept(ones)), ones)
