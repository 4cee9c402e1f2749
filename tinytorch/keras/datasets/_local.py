"""Finding and reading the four IDX files of an MNIST-format data set on local disk."""

import os

import tinytorch
from tinytorch.datasets import MNIST

STEMS = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
         "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def _find(directory, stem):
    for suffix in ("", ".gz"):
        candidate = os.path.join(directory, stem + suffix)
        if os.path.isfile(candidate):
            return candidate
    return None


def find_directory(name, directories):
    """The first of ``directories`` holding all four IDX files (plain or .gz).

    Raises:
        FileNotFoundError: naming the files, the directories searched and where to put them.
    """
    searched = [os.path.expanduser(os.fspath(d)) for d in directories if d]
    for directory in searched:
        if all(_find(directory, stem) for stem in STEMS):
            return directory
    raise FileNotFoundError(
        f"{name}: the IDX files {', '.join(s + '[.gz]' for s in STEMS)} were not found in "
        f"{searched}. No download is attempted: put the four files in one of those "
        f"directories, or pass load_data(path='DIR').")


def load_directory(name, directories):
    """((x_train, y_train), (x_test, y_test)) as uint8 NumPy arrays, Keras' shapes.

    The IDX files are parsed by :class:`tinytorch.datasets.MNIST`.
    """
    directory = find_directory(name, directories)
    splits = [MNIST(directory, train=train) for train in (True, False)]
    return tuple((s.data.numpy(), s.targets.to(tinytorch.uint8).numpy()) for s in splits)
