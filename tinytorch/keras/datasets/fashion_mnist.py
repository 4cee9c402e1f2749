"""Fashion-MNIST (Zalando) from local IDX files, e.g. Debian's ``dataset-fashion-mnist``."""

import os

from tinytorch.keras.datasets import _local

DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
ENV_VAR = "TINYTORCH_FASHION_MNIST_DIR"


def load_data(path=None):
    """Load Fashion-MNIST: ``(x_train, y_train), (x_test, y_test)``.

    Looks in ``path``, ``$TINYTORCH_FASHION_MNIST_DIR``, ``/usr/share/datasets/fashion-mnist``
    (``apt-get install dataset-fashion-mnist``) and ``~/.keras/datasets/fashion-mnist``.
    Unlike Keras, nothing is downloaded. The files are MNIST's IDX format, plain or gzipped.

    Args:
        path (str or os.PathLike, optional): a directory holding the four files, searched
            first.

    Returns:
        NumPy uint8 arrays shaped (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).

    Raises:
        FileNotFoundError: saying which files to put where.

    Usually ``(x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()``; here, on
    four tiny gzipped files written for the example (one blank image per split, label 9):

    >>> import gzip, pathlib, struct, tempfile
    >>> files = {'images-idx3': struct.pack('>4I', 2051, 1, 28, 28) + bytes(784),
    ...          'labels-idx1': struct.pack('>2I', 2049, 1) + bytes([9])}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     for split in ('train', 't10k'):
    ...         for kind, data in files.items():
    ...             _ = pathlib.Path(d, f'{split}-{kind}-ubyte.gz').write_bytes(gzip.compress(data))
    ...     (x_train, y_train), _ = load_data(path=d)
    >>> x_train.shape, y_train
    ((1, 28, 28), array([9], dtype=uint8))
    """
    directories = [path, os.environ.get(ENV_VAR), DEBIAN_DIR, "~/.keras/datasets/fashion-mnist"]
    return _local.load_directory("fashion_mnist", directories)
