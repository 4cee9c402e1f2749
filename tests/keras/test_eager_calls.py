"""A Keras layer called on real data outside a model (``layer(x)``), as Keras allows: it
builds for the input on its first call and reads and writes Keras' layout, so it gives what the
same layer gives inside a model."""

import numpy as np
import pytest

import tinytorch
from tinytorch import keras
from tinytorch.keras import layers

X4 = np.random.default_rng(0).random((2, 8, 8, 3), dtype=np.float32)
X3 = np.random.default_rng(1).random((2, 6, 4), dtype=np.float32)
X2 = np.random.default_rng(2).random((2, 5), dtype=np.float32)


@pytest.mark.parametrize("make, x", [
    (lambda: layers.Dense(3), X2),
    (lambda: layers.Dense(2), X4),
    (lambda: layers.Conv2D(4, 3, activation="relu"), X4),
    (lambda: layers.MaxPooling2D(2), X4),
    (lambda: layers.Flatten(), X4),
    (lambda: layers.AveragePooling2D(2), X4),
    (lambda: layers.Activation("softmax"), X4),
    (lambda: layers.Reshape((4, 4, 12)), X4),
    (lambda: layers.BatchNormalization(), X4),
    (lambda: layers.LSTM(3), X3),
], ids=["dense", "dense-4d", "conv2d", "maxpool", "flatten", "avgpool", "softmax", "reshape",
        "batchnorm", "lstm"])
def test_an_unbuilt_layer_called_on_data_gives_what_it_gives_in_a_model(make, x):
    keras.utils.set_random_seed(0)
    alone = make()
    got = alone(x)  # builds it for x.shape[1:] (Keras' layout)
    model = keras.Sequential([keras.Input(shape=x.shape[1:]), make()])
    model.set_weights(alone.get_weights())
    want = model(x)
    assert alone.built and tuple(got.shape) == tuple(want.shape)
    np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-6)


def test_layers_called_on_data_take_lists_and_return_lists():
    a, b = tinytorch.ones(2, 3), tinytorch.zeros(2, 3)
    assert layers.Concatenate()([a, b]).tolist() == [[1.0] * 3 + [0.0] * 3] * 2
    images = layers.Concatenate()([X4, X4])  # channels last: joined on the last axis
    assert tuple(images.shape) == (2, 8, 8, 6)
    out, h, c = layers.LSTM(3, return_state=True)(X3)
    assert tuple(out.shape) == tuple(h.shape) == tuple(c.shape) == (2, 3)


def test_training_flag_of_a_direct_call_reaches_the_layer():
    drop = layers.Dropout(0.5)
    x = tinytorch.ones(4, 100)
    assert drop(x, training=False).tolist() == x.tolist()
    assert (drop(x, training=True) == 0).any()
