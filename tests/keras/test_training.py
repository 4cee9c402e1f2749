"""fit / evaluate / predict on tiny synthetic data."""

import io
import os
import sys

import numpy as np
import pytest

import tinytorch
from tinytorch.keras import _console
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


class FakeClock:
    """Each reading is one second after the last, so printed times are predictable."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


class TerminalOut(io.StringIO):
    def isatty(self):
        return True


def fit_three_steps(monkeypatch, epochs=2, verbose=1, metrics=("accuracy",)):
    monkeypatch.setattr(_console, "clock", FakeClock())
    monkeypatch.setattr(_console, "INTERVAL", 0)  # draw every step, however fast
    x, labels = blobs(n=30)
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=list(metrics))
    return model.fit(x, to_categorical(labels, 3), batch_size=10, epochs=epochs,
                     verbose=verbose).history


def test_progress_off_a_terminal_is_one_line_per_epoch(capsys, monkeypatch):
    history = fit_three_steps(monkeypatch)
    out = capsys.readouterr().out
    expected = "".join(
        f"Epoch {e + 1}/2\n3/3 [==============================] - 1s 333ms/step - "
        f"loss: {history['loss'][e]:.4f} - accuracy: {history['accuracy'][e]:.4f}\n"
        for e in range(2))
    assert out == expected


def test_progress_on_a_terminal_redraws_one_bar_ending_with_the_result(monkeypatch):
    out = TerminalOut()
    monkeypatch.setattr(sys, "stdout", out)
    history = fit_three_steps(monkeypatch, epochs=1)
    text = out.getvalue()
    assert text.startswith("Epoch 1/1\n\r1/3 [==========....................] - ETA: 2s - ")
    drawings = text.split("\r")[1:]
    assert [d[:4] for d in drawings] == ["1/3 ", "2/3 ", "3/3 ", "3/3 "]  # no empty 0/3
    assert all(not d.endswith("\n") for d in drawings[:-1])
    assert drawings[-1] == (f"3/3 [==============================] - 4s 1s/step - loss: "
                            f"{history['loss'][0]:.4f} - accuracy: "
                            f"{history['accuracy'][0]:.4f}\n")


def test_progress_redraw_blanks_a_longer_earlier_line(monkeypatch):
    out = TerminalOut()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(_console, "clock", FakeClock())
    bar = _console.Progbar(2, verbose=1)
    bar.update(1, {"loss": 1.0, "accuracy": 0.5})
    bar.close({"loss": 1.0})
    first, last = out.getvalue().split("\r")[1:]
    final = "1/2 [===============...............] - 2s 2s/step - loss: 1.0000"
    assert last == final + " " * (len(first) - len(final)) + "\n"


def test_progress_bar_shows_on_a_terminal_of_zero_columns(monkeypatch):
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 0, 0, 0, 0))
    with os.fdopen(slave, "w") as terminal:
        monkeypatch.setattr(sys, "stdout", terminal)
        monkeypatch.setattr(_console, "clock", FakeClock())
        bar = _console.Progbar(4, verbose=1)
        bar.update(4, {"loss": 0.25})
        bar.close({"loss": 0.25})
    chunks = []
    while True:  # a pty hands its output over in pieces; read until the closed end says EIO
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    text = b"".join(chunks).decode()
    assert text.replace("\r\n", "\n").endswith(
        "\r4/4 [==============================] - 2s 500ms/step - loss: 0.2500\n")


def test_verbose_2_prints_one_line_per_epoch(capsys, monkeypatch):
    history = fit_three_steps(monkeypatch, verbose=2, metrics=())
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["Epoch 1/2", f" - 1s - loss: {history['loss'][0]:.4f}",
                     "Epoch 2/2", f" - 1s - loss: {history['loss'][1]:.4f}"]


def test_evaluate_off_a_terminal_prints_one_line(capsys, monkeypatch):
    monkeypatch.setattr(_console, "clock", FakeClock())
    x, labels = blobs(n=30)
    model = dense_model()
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    loss = model.evaluate(x, to_categorical(labels, 3), batch_size=10)
    assert capsys.readouterr().out == (
        f"3/3 [==============================] - 1s 333ms/step - loss: {loss:.4f}\n")


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
