"""Merge layers: values, shapes, Keras' errors, and the channels-last axis on images."""

import numpy as np
import pytest

import tinytorch
from tinytorch.keras import Input
from tinytorch.keras import layers
from tinytorch.keras.models import Model

RNG = np.random.default_rng(0)
A = RNG.random((3, 4)).astype("float32")
B = RNG.random((3, 4)).astype("float32")
C = RNG.random((3, 4)).astype("float32")


def run(layer, *arrays):
    inputs = [Input(shape=a.shape[1:]) for a in arrays]
    return Model(inputs, layer(inputs)).predict(list(arrays))


@pytest.mark.parametrize("layer, expected", [
    (layers.Add, A + B + C), (layers.Multiply, A * B * C), (layers.Average, (A + B + C) / 3),
    (layers.Maximum, np.maximum(np.maximum(A, B), C)),
    (layers.Minimum, np.minimum(np.minimum(A, B), C))],
    ids=["add", "multiply", "average", "maximum", "minimum"])
def test_elementwise_merges_match_numpy(layer, expected):
    np.testing.assert_allclose(run(layer(), A, B, C), expected, rtol=1e-6)


def test_subtract_takes_exactly_two_inputs():
    np.testing.assert_allclose(run(layers.Subtract(), A, B), A - B, rtol=1e-6)
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layers.subtract([Input(shape=(4,))] * 3)


def test_merge_needs_a_list_of_at_least_two():
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        layers.Add()(Input(shape=(4,)))
    with pytest.raises(ValueError, match="at least 2 inputs. Got 1 inputs"):
        layers.add([Input(shape=(4,))])


def test_elementwise_merge_broadcasts_ones_and_rejects_mismatch():
    assert layers.add([Input(shape=(3, 1)), Input(shape=(3, 5))]).shape == (None, 3, 5)
    with pytest.raises(ValueError, match="could not be broadcast"):
        layers.add([Input(shape=(3,)), Input(shape=(4,))])


def test_concatenate_joins_last_axis_by_default():
    out = run(layers.Concatenate(), A, B[:, :2])
    np.testing.assert_array_equal(out, np.concatenate([A, B[:, :2]], axis=-1))
    np.testing.assert_array_equal(run(layers.Concatenate(axis=1), A, B),
                                  np.concatenate([A, B], axis=1))


def test_concatenate_channels_of_images_in_keras_layout():
    x = RNG.random((2, 5, 6, 3)).astype("float32")
    y = RNG.random((2, 5, 6, 2)).astype("float32")
    np.testing.assert_array_equal(run(layers.Concatenate(), x, y), np.concatenate([x, y], -1))
    np.testing.assert_array_equal(run(layers.Concatenate(axis=2), x, x),
                                  np.concatenate([x, x], 2))


def test_concatenate_shape_mismatch_raises_keras_message():
    with pytest.raises(ValueError, match="matching shapes except for the concat axis"):
        layers.concatenate([Input(shape=(3, 4)), Input(shape=(2, 5))])


def test_dot_of_vectors_and_cosine_similarity():
    out = run(layers.Dot(axes=1), A, B)
    np.testing.assert_allclose(out, (A * B).sum(1, keepdims=True), rtol=1e-5)
    cos = run(layers.Dot(axes=1, normalize=True), A, B)
    expected = (A * B).sum(1) / np.linalg.norm(A, axis=1) / np.linalg.norm(B, axis=1)
    np.testing.assert_allclose(cos[:, 0], expected, rtol=1e-5)


def test_dot_of_sequences_follows_keras_batch_dot():
    x = RNG.random((2, 3, 4)).astype("float32")
    y = RNG.random((2, 5, 4)).astype("float32")
    assert layers.dot([Input(shape=(3, 4)), Input(shape=(5, 4))], axes=2).shape == \
        (None, 3, 5)
    np.testing.assert_allclose(run(layers.Dot(axes=(2, 2)), x, y),
                               np.einsum("bik,bjk->bij", x, y), rtol=1e-5)
    z = RNG.random((2, 5, 3)).astype("float32")
    np.testing.assert_allclose(run(layers.Dot(axes=(1, 2)), x, z),
                               np.einsum("bki,bjk->bij", x, z), rtol=1e-5)


def test_merge_layers_pass_gradients_to_every_input():
    a = tinytorch.tensor(A, requires_grad=True)
    b = tinytorch.tensor(B, requires_grad=True)
    layers.Average()([a, b]).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), np.full_like(A, 0.5))
    np.testing.assert_allclose(b.grad.numpy(), np.full_like(B, 0.5))
