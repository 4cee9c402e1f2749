"""MNIST from the user's own IDX files (Keras' ``mnist.load_data``, without the download)."""

import os

from tinytorch.keras.datasets import _local

ENV_VAR = "TINYTORCH_MNIST_DIR"


def load_data(path=None):
    """Load MNIST: ``(x_train, y_train), (x_test, y_test)``.

    Looks for ``train-images-idx3-ubyte[.gz]`` and the other three standard files in
    ``path``, then ``$TINYTORCH_MNIST_DIR``, then ``~/.keras/datasets/mnist`` and
    ``~/.keras/datasets``.

    Returns:
        NumPy uint8 arrays shaped (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).

    Raises:
        FileNotFoundError: saying which files to put where.
    """
    directories = [path, os.environ.get(ENV_VAR), "~/.keras/datasets/mnist",
                   "~/.keras/datasets"]
    return _local.load_directory("mnist", directories)
