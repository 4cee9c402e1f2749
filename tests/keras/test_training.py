"""fit / evaluate / predict on tiny synthetic data."""

import numpy as np
import pytest

import tinytorch
from tinytorch.keras import optimizers
from tinytorch.keras.layers import Conv2D
from tinytorch.keras.layers import Dense
from tinytorch.keras.layers import Flatten
from tinytorch.keras.layers import MaxPooling2D
from tinytorch.keras.models import Sequential
from tinytorch.keras.utils import to_categorical


def blobs(n=120, classes=3, dim=4, seed=0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, n)
    centres = rng.normal(0, 3, (classes, dim))
    x = (centres[labels] + rng.normal(0, 0.5, (n, dim))).astype("float32")
    return x, labels


def dense_model(classes=3, dim=4):
    model = Sequential([Dense(8, activation="relu", input_shape=(dim,)),
                        Dense(classes, activation="softmax")])
    return model


def test_fit_learns_separable_blobs(device):
    x, labels = blobs()
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer=optimizers.Adam(lr=0.02),
                  metrics=["accuracy"], device=device)
    history = model.fit(x, to_categorical(labels, 3), batch_size=16, epochs=30, verbose=0)
    assert history.epoch == list(range(30))
    assert history.history["loss"][-1] < history.history["loss"][0]
    loss, acc = model.evaluate(x, to_categorical(labels, 3), verbose=0)
    assert acc > 0.9
    assert loss == pytest.approx(history.history["loss"][-1], rel=0.5)


def test_predict_rows_are_probabilities(device):
    x, _ = blobs(n=50)
    model = dense_model()
    model.to(device)
    predictions = model.predict(x, batch_size=7)
    assert predictions.shape == (50, 3)
    np.testing.assert_allclose(np.sum(predictions[11]), 1.0, rtol=1e-5)
    np.testing.assert_allclose(predictions.sum(axis=1), np.ones(50), rtol=1e-5)
    assert 0 <= np.argmax(predictions[11]) < 3


def test_evaluate_without_metrics_returns_scalar():
    x, labels = blobs(n=20)
    model = dense_model()
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    loss = model.evaluate(x, labels, verbose=0)
    assert isinstance(loss, float) and loss > 0


def test_sparse_and_categorical_losses_agree():
    x, labels = blobs(n=20)
    model = dense_model()
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["acc"])
    sparse = model.evaluate(x, labels, verbose=0)
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["acc"])
    dense = model.evaluate(x, to_categorical(labels, 3), verbose=0)
    np.testing.assert_allclose(sparse, dense, rtol=1e-5)


def test_validation_split_holds_out_last_samples():
    x, labels = blobs(n=100)
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    history = model.fit(x, to_categorical(labels, 3), batch_size=10, epochs=2,
                        validation_split=0.2, verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    expected = model.evaluate(x[80:], to_categorical(labels[80:], 3), verbose=0)
    np.testing.assert_allclose(history.history["val_loss"][-1], expected[0], rtol=1e-5)


def test_validation_data_is_evaluated_each_epoch():
    x, labels = blobs(n=40)
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    history = model.fit(x, to_categorical(labels, 3), epochs=3, verbose=0,
                        validation_data=(x[:10], to_categorical(labels[:10], 3)))
    assert len(history.history["val_loss"]) == 3


def test_binary_accuracy_is_picked_for_binary_crossentropy():
    x, labels = blobs(n=60, classes=2)
    model = Sequential([Dense(1, activation="sigmoid", input_shape=(4,))])
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    history = model.fit(x, labels.reshape(-1, 1), epochs=20, verbose=0, batch_size=8)
    assert history.history["accuracy"][-1] > 0.8


def test_cnn_fits_channels_last_images(device):
    rng = np.random.default_rng(0)
    x = rng.random((16, 12, 12, 1)).astype("float32")
    y = to_categorical(rng.integers(0, 2, 16), 2)
    model = Sequential([Conv2D(4, (3, 3), activation="relu", input_shape=(12, 12, 1)),
                        MaxPooling2D((2, 2)), Flatten(), Dense(2, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"],
                  device=device)
    history = model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(x).shape == (16, 2)


def test_fit_builds_model_without_input_shape():
    x, labels = blobs(n=20)
    model = Sequential([Dense(3, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    model.fit(x, to_categorical(labels, 3), epochs=1, verbose=0)
    assert model.layers[0].input_shape == (None, 4) and model.count_params() == 15


def test_fit_before_compile_raises():
    model = dense_model()
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(*blobs(n=4), verbose=0)


def test_fit_mismatched_lengths_raise():
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    with pytest.raises(ValueError, match="Found 10 input samples and 9 target samples"):
        model.fit(np.zeros((10, 4), "float32"), np.zeros((9, 3), "float32"), verbose=0)


def test_progress_output_looks_like_keras(capsys):
    x, labels = blobs(n=30)
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    model.fit(x, to_categorical(labels, 3), batch_size=10, epochs=2, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "3/3 [==============================]" in out
    assert "/step - loss: " in out and " - accuracy: " in out


def test_verbose_2_prints_one_line_per_epoch(capsys):
    x, labels = blobs(n=30)
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    model.fit(x, to_categorical(labels, 3), epochs=2, verbose=2)
    lines = [l for l in capsys.readouterr().out.splitlines() if l.startswith(" - ")]
    assert len(lines) == 2 and "loss: " in lines[0]


def test_second_fit_continues_optimizer_state():
    x, labels = blobs(n=20)
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.fit(x, to_categorical(labels, 3), batch_size=10, epochs=1, verbose=0)
    model.fit(x, to_categorical(labels, 3), batch_size=10, epochs=1, verbose=0)
    assert model.optimizer.iterations == 4


def test_trainable_false_layer_is_not_updated():
    x, labels = blobs(n=20)
    model = dense_model()
    model.layers[0].trainable = False
    before = model.layers[0].get_weights()[0].copy()
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    model.fit(x, to_categorical(labels, 3), epochs=1, verbose=0)
    np.testing.assert_array_equal(model.layers[0].get_weights()[0], before)
    lines = []
    model.summary(print_fn=lines.append)
    assert "Trainable params: 27" in lines and "Non-trainable params: 40" in lines


def test_input_dtype_is_cast_to_float32():
    model = dense_model()
    out = model.predict(np.zeros((2, 4), dtype="float64"))
    assert out.dtype == np.float32
    assert tinytorch.as_tensor(out).dtype == tinytorch.float32


def test_compile_accepts_a_pytorch_style_optimizer():
    x, labels = blobs(n=20)
    model = dense_model()
    model.compile(loss="categorical_crossentropy",
                  optimizer=tinytorch.optim.SGD(model.parameters(), lr=0.1))
    before = model.evaluate(x, to_categorical(labels, 3), verbose=0)
    model.fit(x, to_categorical(labels, 3), epochs=3, verbose=0)
    assert model.evaluate(x, to_categorical(labels, 3), verbose=0) < before
