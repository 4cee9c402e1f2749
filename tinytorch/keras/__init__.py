"""A Keras-style API on tinytorch, for the book's examples (``from tinytorch.keras import
layers, models``; ``from tinytorch.keras.models import Sequential``).

Built only on tinytorch's public API. Images are channels-last as in Keras; see
NOTE [Keras layout] in ``tinytorch/keras/layers/base.py``.
"""

from tinytorch.keras import activations
from tinytorch.keras import backend
from tinytorch.keras import callbacks
from tinytorch.keras import datasets
from tinytorch.keras import initializers
from tinytorch.keras import layers
from tinytorch.keras import losses
from tinytorch.keras import metrics
from tinytorch.keras import models
from tinytorch.keras import _model_docs  # noqa: F401  (attaches Model's docstrings)
from tinytorch.keras import optimizers
from tinytorch.keras import utils
from tinytorch.keras.layers import Input
from tinytorch.keras.models import Model
from tinytorch.keras.models import Sequential

__all__ = ["Input", "Model", "Sequential", "activations", "backend", "callbacks", "datasets",
           "initializers", "layers", "losses", "metrics", "models", "optimizers", "utils"]
