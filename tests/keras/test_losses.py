"""Losses: values against hand computation; the fused softmax path is exact and stable."""

import math

import numpy as np
import pytest

import tinytorch
from tinytorch.keras import losses
from tinytorch.keras.layers import Dense
from tinytorch.keras.models import Sequential


def t(values):
    return tinytorch.tensor(values, dtype=tinytorch.float32)


def test_categorical_crossentropy_matches_hand_value():
    value = losses.categorical_crossentropy(t([[0.0, 1.0]]), t([[0.2, 0.8]]))
    assert float(value[0]) == pytest.approx(-math.log(0.8), rel=1e-6)


def test_categorical_crossentropy_from_logits_matches_probabilities():
    logits = t([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]])
    target = t([[0, 1, 0], [1, 0, 0]])
    fused = losses.categorical_crossentropy(target, logits, from_logits=True)
    plain = losses.categorical_crossentropy(target, tinytorch.softmax(logits, -1))
    np.testing.assert_allclose(fused.numpy(), plain.numpy(), rtol=1e-5)


def test_sparse_categorical_crossentropy_takes_labels():
    probs = t([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
    labels = tinytorch.tensor([1, 2])
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy(labels, probs).numpy(),
                               [-math.log(0.7), -math.log(0.4)], rtol=1e-5)


def test_binary_crossentropy_logits_is_stable():
    logits = t([[100.0], [-100.0]])
    value = losses.binary_crossentropy(t([[0.0], [1.0]]), logits, from_logits=True)
    np.testing.assert_allclose(value.numpy(), [100.0, 100.0], rtol=1e-5)


def test_mse_and_mae_by_name():
    y_true, y_pred = t([[1.0, 2.0]]), t([[2.0, 4.0]])
    assert float(losses.get("mse")(y_true, y_pred)[0]) == pytest.approx(2.5)
    assert float(losses.get("mean_absolute_error")(y_true, y_pred)[0]) == pytest.approx(1.5)


def test_unknown_loss_lists_known_names():
    with pytest.raises(ValueError, match="Unknown loss function: 'crossentropy'"):
        losses.get("crossentropy")


def test_softmax_output_loss_is_computed_from_logits():
    # A saturated softmax: probabilities underflow to 0, log-softmax does not.
    model = Sequential([Dense(2, activation="softmax", input_shape=(1,),
                              kernel_initializer="ones")])
    model.layers[0].set_weights([np.array([[200.0, -200.0]], "float32"),
                                 np.zeros(2, "float32")])
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    loss = model.evaluate(np.ones((1, 1), "float32"), np.array([[0.0, 1.0]], "float32"),
                          verbose=0)
    assert loss == pytest.approx(400.0, rel=1e-5)
