"""Keras layers: channels-last shapes, Keras' padding/flatten conventions, weight layouts."""

import numpy as np
import pytest

import tinytorch
from tinytorch.keras.layers import Activation
from tinytorch.keras.layers import AveragePooling2D
from tinytorch.keras.layers import BatchNormalization
from tinytorch.keras.layers import Conv2D
from tinytorch.keras.layers import Dense
from tinytorch.keras.layers import Dropout
from tinytorch.keras.layers import Flatten
from tinytorch.keras.layers import Input
from tinytorch.keras.layers import MaxPooling2D
from tinytorch.keras.models import Sequential


@pytest.mark.parametrize("padding,strides,expected", [
    ("valid", (1, 1), (3, 3)), ("same", (1, 1), (5, 5)), ("valid", (2, 2), (2, 2)),
    ("same", (2, 2), (3, 3))])
def test_conv2d_output_shape_follows_book(padding, strides, expected):
    model = Sequential([Conv2D(1, (3, 3), strides=strides, padding=padding,
                               input_shape=(5, 5, 1))])
    assert model.output_shape == (None, *expected, 1)
    out = model(tinytorch.ones(2, 5, 5, 1))
    assert tuple(out.shape) == (2, *expected, 1)


def test_conv2d_same_matches_tensorflow_asymmetric_padding():
    # 4x4 input, 3x3 ones kernel, stride 2, 'same': TF pads 0 before / 1 after.
    layer = Conv2D(1, (3, 3), strides=2, padding="same", use_bias=False,
                   kernel_initializer="ones", input_shape=(4, 4, 1))
    model = Sequential([layer])
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    out = model(tinytorch.as_tensor(x)).detach().numpy()[0, :, :, 0]
    padded = np.pad(x[0, :, :, 0], ((0, 1), (0, 1)))
    expected = [[padded[i:i + 3, j:j + 3].sum() for j in (0, 2)] for i in (0, 2)]
    np.testing.assert_allclose(out, expected)


def test_pooling_halves_height_and_width():
    x = tinytorch.rand(2, 6, 6, 3)
    for layer in (MaxPooling2D((2, 2)), AveragePooling2D((2, 2))):
        model = Sequential([Input((6, 6, 3)), layer])
        assert tuple(model(x).shape) == (2, 3, 3, 3)


def test_average_pooling_same_ignores_padding():
    model = Sequential([AveragePooling2D((2, 2), padding="same", input_shape=(3, 3, 1))])
    out = model(tinytorch.ones(1, 3, 3, 1))
    np.testing.assert_allclose(out.detach().numpy(), np.ones((1, 2, 2, 1)), rtol=1e-6)


def test_max_pooling_same_never_picks_padding():
    model = Sequential([MaxPooling2D((2, 2), padding="same", input_shape=(3, 3, 1))])
    out = model(-tinytorch.ones(1, 3, 3, 1))
    np.testing.assert_allclose(out.detach().numpy(), -np.ones((1, 2, 2, 1)))


def test_flatten_uses_channels_last_order():
    x = np.arange(2 * 2 * 3, dtype="float32").reshape(1, 2, 2, 3)
    model = Sequential([Flatten(input_shape=(2, 2, 3))])
    np.testing.assert_array_equal(model(tinytorch.as_tensor(x)).numpy(), x.reshape(1, -1))


def test_dense_get_weights_uses_keras_layout():
    layer = Dense(3, input_shape=(5,))
    Sequential([layer])
    kernel, bias = layer.get_weights()
    assert kernel.shape == (5, 3) and bias.shape == (3,)
    np.testing.assert_array_equal(kernel, layer.weight.detach().numpy().T)


def test_conv_set_weights_round_trips_keras_layout():
    layer = Conv2D(4, (3, 2), input_shape=(6, 6, 2))
    Sequential([layer])
    kernel = np.arange(3 * 2 * 2 * 4, dtype="float32").reshape(3, 2, 2, 4)
    layer.set_weights([kernel, np.ones(4, "float32")])
    np.testing.assert_array_equal(layer.get_weights()[0], kernel)
    assert tuple(layer.weight.shape) == (4, 2, 3, 2)


def test_set_weights_wrong_shape_names_layer():
    layer = Dense(3, input_shape=(5,))
    Sequential([layer])
    with pytest.raises(ValueError, match="dense"):
        layer.set_weights([np.zeros((3, 5), "float32"), np.zeros(3, "float32")])


def test_glorot_uniform_stays_within_limit():
    layer = Dense(50, input_shape=(100,))
    Sequential([layer])
    limit = (6 / 150) ** 0.5
    assert float(layer.weight.detach().abs().max()) <= limit
    assert float(layer.bias.detach().abs().max()) == 0.0


def test_softmax_activation_rows_sum_to_one():
    model = Sequential([Dense(4, input_shape=(3,)), Activation("softmax")])
    np.testing.assert_allclose(model(tinytorch.rand(5, 3)).detach().numpy().sum(1),
                               np.ones(5), rtol=1e-6)


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "softmax", "relu", "elu",
                                  "selu", "softplus", "gelu", "swish", "silu", "leaky_relu"])
def test_activation_by_name_keeps_shape(name):
    model = Sequential([Dense(4, activation=name, input_shape=(3,))])
    assert tuple(model(tinytorch.randn(2, 3)).shape) == (2, 4)


def test_unknown_activation_lists_known_names():
    with pytest.raises(ValueError, match="Unknown activation function: 'relux'.*relu"):
        Dense(2, activation="relux")


def test_dropout_only_in_training():
    model = Sequential([Dropout(0.5, input_shape=(1000,))])
    x = tinytorch.ones(1, 1000)
    model.eval()
    assert tinytorch.equal(model(x), x)
    model.train()
    kept = model(x)
    assert 300 < int((kept > 0).sum()) < 700 and float(kept.max()) == 2.0


def test_batch_normalization_normalises_channels_last():
    model = Sequential([BatchNormalization(input_shape=(4, 4, 3))])
    model.train()
    x = tinytorch.randn(8, 4, 4, 3) * 5 + 2
    y = model(x).detach().numpy()
    np.testing.assert_allclose(y.mean(axis=(0, 1, 2)), np.zeros(3), atol=1e-4)
    np.testing.assert_allclose(y.std(axis=(0, 1, 2)), np.ones(3), atol=1e-2)


def test_reshape_and_upsampling_keep_keras_element_order():
    from tinytorch.keras.layers import Reshape
    from tinytorch.keras.layers import UpSampling2D
    x = np.arange(2 * 12, dtype="float32").reshape(2, 12)
    model = Sequential([Reshape((2, 3, 2), input_shape=(12,)), UpSampling2D((2, 1)),
                        Reshape((-1,))])
    assert model.layers[1].output_shape == (None, 4, 3, 2)
    expected = np.repeat(x.reshape(2, 2, 3, 2), 2, axis=1).reshape(2, -1)
    np.testing.assert_array_equal(model.predict(x), expected)
    with pytest.raises(ValueError, match="total size of new array must be unchanged"):
        Reshape((5,)).compute_output_shape((6,))


@pytest.mark.parametrize("cls, reduce, axes", [
    ("GlobalAveragePooling2D", np.mean, (1, 2)), ("GlobalMaxPooling2D", np.max, (1, 2)),
    ("GlobalAveragePooling1D", np.mean, (1,)), ("GlobalMaxPooling1D", np.max, (1,))])
@pytest.mark.parametrize("keepdims", [False, True])
def test_global_poolings_reduce_every_position_of_each_channel(cls, reduce, axes, keepdims):
    from tinytorch.keras import layers
    shape = (2, 5, 4, 3) if len(axes) == 2 else (2, 6, 3)
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    layer = getattr(layers, cls)(keepdims=keepdims)
    model = Sequential([tinytorch.keras.Input(shape=shape[1:]), layer])
    want = reduce(x, axis=axes, keepdims=keepdims)
    assert model.output_shape == (None,) + want.shape[1:]
    np.testing.assert_allclose(model(x).detach().numpy(), want, rtol=1e-6)
    again = getattr(layers, cls).from_config(layer.get_config())
    assert again.keepdims == keepdims and model.count_params() == 0


def test_global_pooling_names_the_rank_it_expects():
    from tinytorch.keras.layers import GlobalAveragePooling2D
    with pytest.raises(ValueError, match=r"expected ndim=4, found ndim=3"):
        Sequential([tinytorch.keras.Input(shape=(8, 3)), GlobalAveragePooling2D()])
