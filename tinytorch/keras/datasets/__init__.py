"""Keras' ``datasets``: ``mnist.load_data()`` and ``fashion_mnist.load_data()`` from local
IDX files (no downloads)."""

from tinytorch.keras.datasets import fashion_mnist
from tinytorch.keras.datasets import mnist

__all__ = ["fashion_mnist", "mnist"]
