"""MNIST from the user's own IDX files (Keras' ``mnist.load_data``, without the download)."""

import os

from tinytorch.keras.datasets import _local

ENV_VAR = "TINYTORCH_MNIST_DIR"


def load_data(path=None):
    """Load MNIST: ``(x_train, y_train), (x_test, y_test)``.

    Looks for ``train-images-idx3-ubyte[.gz]`` and the other three standard files in
    ``path``, then ``$TINYTORCH_MNIST_DIR``, then ``~/.keras/datasets/mnist`` and
    ``~/.keras/datasets``. Unlike Keras, nothing is downloaded.

    Args:
        path (str or os.PathLike, optional): a directory holding the four files, searched
            first. (Keras' ``path`` names a file under ``~/.keras/datasets`` instead.)

    Returns:
        NumPy uint8 arrays shaped (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).

    Raises:
        FileNotFoundError: saying which files to put where.

    Usually ``(x_train, y_train), (x_test, y_test) = mnist.load_data()``; here, on four tiny
    files written for the example (IDX headers, then blank images and zero labels):

    >>> import pathlib, struct, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for split, n in (('train', 2), ('t10k', 1)):
    ...         images = struct.pack('>4I', 2051, n, 28, 28) + bytes(784 * n)
    ...         labels = struct.pack('>2I', 2049, n) + bytes(n)
    ...         _ = pathlib.Path(d, f'{split}-images-idx3-ubyte').write_bytes(images)
    ...         _ = pathlib.Path(d, f'{split}-labels-idx1-ubyte').write_bytes(labels)
    ...     (x_train, y_train), (x_test, y_test) = load_data(path=d)
    >>> x_train.shape, y_train.dtype, x_test.shape
    ((2, 28, 28), dtype('uint8'), (1, 28, 28))
    """
    directories = [path, os.environ.get(ENV_VAR), "~/.keras/datasets/mnist",
                   "~/.keras/datasets"]
    return _local.load_directory("mnist", directories)
