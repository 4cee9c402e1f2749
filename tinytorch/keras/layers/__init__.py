"""Keras-named layers (``from tinytorch.keras.layers import Dense, Conv2D``)."""

from tinytorch.keras.layers.base import Input
from tinytorch.keras.layers.base import InputLayer
from tinytorch.keras.layers.base import Layer
from tinytorch.keras.layers.convolutional import Conv2D
from tinytorch.keras.layers.core import Activation
from tinytorch.keras.layers.core import Dense
from tinytorch.keras.layers.core import Dropout
from tinytorch.keras.layers.core import Flatten
from tinytorch.keras.layers.normalization import BatchNormalization
from tinytorch.keras.layers.pooling import AveragePooling2D
from tinytorch.keras.layers.pooling import MaxPooling2D

Convolution2D = Conv2D
MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D

__all__ = ["Activation", "AveragePooling2D", "AvgPool2D", "BatchNormalization", "Conv2D",
           "Convolution2D", "Dense", "Dropout", "Flatten", "Input", "InputLayer", "Layer",
           "MaxPool2D", "MaxPooling2D"]

_BY_NAME = {"Activation": Activation, "AveragePooling2D": AveragePooling2D,
            "BatchNormalization": BatchNormalization, "Conv2D": Conv2D, "Dense": Dense,
            "Dropout": Dropout, "Flatten": Flatten, "MaxPooling2D": MaxPooling2D}


def deserialize(config):
    """Recreate a layer from ``{"class_name": ..., "config": ...}`` (as in a model's JSON)."""
    name = config["class_name"]
    if name not in _BY_NAME:
        raise ValueError(f"Unknown layer: '{name}'. Known: {', '.join(sorted(_BY_NAME))}")
    return _BY_NAME[name].from_config(config["config"])
