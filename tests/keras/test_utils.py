"""to_categorical as in Keras."""

import numpy as np
import pytest

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
