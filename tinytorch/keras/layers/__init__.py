"""Keras-named layers (``from tinytorch.keras.layers import Dense, Conv2D``)."""

from tinytorch.keras.layers.base import Input
from tinytorch.keras.layers.base import InputLayer
from tinytorch.keras.layers.base import Layer
from tinytorch.keras.layers.convolutional import Conv2D
from tinytorch.keras.layers.core import Activation
from tinytorch.keras.layers.core import Dense
from tinytorch.keras.layers.core import Dropout
from tinytorch.keras.layers.core import Flatten
from tinytorch.keras.layers.embeddings import Embedding
from tinytorch.keras.layers.merge import Add
from tinytorch.keras.layers.merge import Average
from tinytorch.keras.layers.merge import Concatenate
from tinytorch.keras.layers.merge import Dot
from tinytorch.keras.layers.merge import Maximum
from tinytorch.keras.layers.merge import Minimum
from tinytorch.keras.layers.merge import Multiply
from tinytorch.keras.layers.merge import Subtract
from tinytorch.keras.layers.merge import add
from tinytorch.keras.layers.merge import average
from tinytorch.keras.layers.merge import concatenate
from tinytorch.keras.layers.merge import dot
from tinytorch.keras.layers.merge import maximum
from tinytorch.keras.layers.merge import minimum
from tinytorch.keras.layers.merge import multiply
from tinytorch.keras.layers.merge import subtract
from tinytorch.keras.layers.normalization import BatchNormalization
from tinytorch.keras.layers.pooling import AveragePooling2D
from tinytorch.keras.layers.pooling import GlobalAveragePooling1D
from tinytorch.keras.layers.pooling import GlobalAveragePooling2D
from tinytorch.keras.layers.pooling import GlobalMaxPooling1D
from tinytorch.keras.layers.pooling import GlobalMaxPooling2D
from tinytorch.keras.layers.pooling import MaxPooling2D
from tinytorch.keras.layers.preprocessing import RandomFlip
from tinytorch.keras.layers.preprocessing import RandomRotation
from tinytorch.keras.layers.preprocessing import RandomTranslation
from tinytorch.keras.layers.preprocessing import RandomZoom
from tinytorch.keras.layers.recurrent import GRU
from tinytorch.keras.layers.recurrent import LSTM
from tinytorch.keras.layers.recurrent import SimpleRNN
from tinytorch.keras.layers.reshaping import Reshape
from tinytorch.keras.layers.reshaping import UpSampling2D
from tinytorch.keras.layers.wrappers import Bidirectional

Convolution2D = Conv2D
MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalMaxPool1D = GlobalMaxPooling1D

__all__ = ["Activation", "Add", "Average", "AveragePooling2D", "AvgPool2D",
           "BatchNormalization", "Concatenate", "Conv2D", "Convolution2D", "Dense", "Dot",
           "Dropout", "Embedding", "Flatten", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
           "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D",
           "GlobalMaxPooling1D", "GlobalMaxPooling2D", "Input", "InputLayer", "Layer", "MaxPool2D",
           "MaxPooling2D", "Maximum", "Minimum", "Multiply", "RandomFlip", "RandomRotation",
           "RandomTranslation", "RandomZoom", "Reshape", "Subtract", "UpSampling2D", "add",
           "average", "Bidirectional", "GRU", "LSTM", "SimpleRNN",
           "concatenate", "dot", "maximum", "minimum", "multiply", "subtract"]

_BY_NAME = {cls.__name__: cls for cls in (
    Activation, Add, Average, AveragePooling2D, BatchNormalization, Concatenate, Conv2D, Dense,
    Dot, Dropout, Embedding, Flatten, GlobalAveragePooling1D, GlobalAveragePooling2D,
    GlobalMaxPooling1D, GlobalMaxPooling2D, InputLayer, MaxPooling2D, Maximum, Minimum, Multiply,
    RandomFlip, RandomRotation, RandomTranslation, RandomZoom, Reshape, Subtract, UpSampling2D,
    Bidirectional, GRU, LSTM, SimpleRNN)}


def deserialize(config):
    """Recreate a layer from ``{"class_name": ..., "config": ...}`` (as in a model's JSON)."""
    name = config["class_name"]
    if name not in _BY_NAME:
        raise ValueError(f"Unknown layer: '{name}'. Known: {', '.join(sorted(_BY_NAME))}")
    return _BY_NAME[name].from_config(config["config"])
