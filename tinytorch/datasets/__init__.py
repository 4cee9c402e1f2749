"""``tinytorch.datasets``: MNIST / Fashion-MNIST from local IDX files (optionally downloaded),
torchvision-named transforms, and 2-D toy data sets (``tinytorch.datasets.toy``)."""

from tinytorch.datasets import toy
from tinytorch.datasets import transforms
from tinytorch.datasets.mnist import MNIST
from tinytorch.datasets.mnist import FashionMNIST

__all__ = ["FashionMNIST", "MNIST", "toy", "transforms"]
