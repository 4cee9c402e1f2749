"""Fashion-MNIST (Zalando) from local IDX files, e.g. Debian's ``dataset-fashion-mnist``."""

import os

from tinytorch.keras.datasets import _local

DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
ENV_VAR = "TINYTORCH_FASHION_MNIST_DIR"


def load_data(path=None):
    """Load Fashion-MNIST: ``(x_train, y_train), (x_test, y_test)``.

    Looks in ``path``, ``$TINYTORCH_FASHION_MNIST_DIR``, ``/usr/share/datasets/fashion-mnist``
    (``apt-get install dataset-fashion-mnist``) and ``~/.keras/datasets/fashion-mnist``.

    Returns:
        NumPy uint8 arrays shaped (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).

    Raises:
        FileNotFoundError: saying which files to put where.
    """
    directories = [path, os.environ.get(ENV_VAR), DEBIAN_DIR, "~/.keras/datasets/fashion-mnist"]
    return _local.load_directory("fashion_mnist", directories)
