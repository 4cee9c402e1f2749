"""to_categorical and set_random_seed as in Keras."""

import random

import numpy as np
import pytest

import tinytorch
from tinytorch.keras.utils import set_random_seed
from tinytorch.keras.utils import to_categorical


def test_to_categorical_one_hot_float32():
    out = to_categorical([0, 2, 1], num_classes=3)
    assert isinstance(out, np.ndarray) and out.dtype == np.float32
    np.testing.assert_array_equal(out, np.eye(3, dtype="float32")[[0, 2, 1]])


def test_to_categorical_infers_classes_and_drops_trailing_axis():
    out = to_categorical(np.array([[1], [3]], dtype="uint8"))
    assert out.shape == (2, 4)
    np.testing.assert_array_equal(out.argmax(1), [1, 3])


def test_to_categorical_out_of_range_raises():
    with pytest.raises(ValueError, match=r"\[0, 2\)"):
        to_categorical([0, 2], num_classes=2)


def test_set_random_seed_seeds_python_numpy_and_tinytorch_as_keras():
    draws = []
    for _ in range(2):
        set_random_seed(3)
        draws.append((random.random(), np.random.rand(), tinytorch.rand(2).tolist()))
    assert draws[0] == draws[1]
    set_random_seed(4)
    assert np.random.rand() != draws[0][1]


def test_set_random_seed_rejects_a_non_integer_seed():
    with pytest.raises(ValueError, match=r"Expected `seed` argument to be an integer\. "
                       r"Received: seed=1\.5 \(of type <class 'float'>\)"):
        set_random_seed(1.5)
