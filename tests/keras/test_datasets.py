"""mnist / fashion_mnist.load_data from local IDX files."""

import gzip
import struct

import numpy as np
import pytest

from tinytorch.keras.datasets import fashion_mnist
from tinytorch.keras.datasets import mnist

STEMS = {"train-images-idx3-ubyte": (6, 28, 28), "train-labels-idx1-ubyte": (6,),
         "t10k-images-idx3-ubyte": (2, 28, 28), "t10k-labels-idx1-ubyte": (2,)}


def write_idx(directory, compress):
    arrays = {}
    for i, (stem, shape) in enumerate(STEMS.items()):
        data = (np.arange(np.prod(shape)) * (i + 1) % 256).astype("uint8").reshape(shape)
        payload = struct.pack(">HBB", 0, 8, len(shape)) + \
            struct.pack(f">{len(shape)}I", *shape) + data.tobytes()
        if compress:
            (directory / f"{stem}.gz").write_bytes(gzip.compress(payload))
        else:
            (directory / stem).write_bytes(payload)
        arrays[stem] = data
    return arrays


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gz"])
def test_mnist_load_data_from_path_returns_keras_shapes(tmp_path, compress):
    arrays = write_idx(tmp_path, compress)
    (x_train, y_train), (x_test, y_test) = mnist.load_data(path=str(tmp_path))
    assert x_train.shape == (6, 28, 28) and x_train.dtype == np.uint8
    assert y_train.shape == (6,) and y_test.shape == (2,) and x_test.shape == (2, 28, 28)
    np.testing.assert_array_equal(x_test, arrays["t10k-images-idx3-ubyte"])


def test_mnist_env_var_is_searched(tmp_path, monkeypatch):
    write_idx(tmp_path, compress=True)
    monkeypatch.setenv(mnist.ENV_VAR, str(tmp_path))
    (x_train, _), _ = mnist.load_data()
    assert x_train.shape == (6, 28, 28)


def test_missing_files_say_where_to_put_them(tmp_path, monkeypatch):
    monkeypatch.delenv(mnist.ENV_VAR, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.*put the four"):
        mnist.load_data(path=str(tmp_path / "nowhere"))


def test_fashion_mnist_takes_a_path(tmp_path):
    write_idx(tmp_path, compress=False)
    (_, y_train), _ = fashion_mnist.load_data(path=str(tmp_path))
    assert y_train.shape == (6,)
