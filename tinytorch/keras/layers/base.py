"""The Keras ``Layer`` base class and ``Input``.

# NOTE [Keras layout]
Keras is channels-last: the user gives images as (batch, height, width, channels) and every
shape a layer reports (``output_shape``, ``summary()``) is channels-last. tinytorch's
convolution and pooling are channels-first (NCHW). ``Sequential`` moves rank-4 inputs to NCHW
once, every layer's ``call`` works on that internal layout, ``Flatten`` moves channels last
again before flattening (so a Dense kernel after it has Keras' row order), and a rank-4 model
output is moved back. Weights are stored in PyTorch layouts (``Linear``: (out, in); conv:
(out, in, kh, kw)); ``get_weights``/``set_weights`` speak Keras' layouts ((in, out) and
(kh, kw, in, out)).
"""

import re

import tinytorch
from tinytorch import nn
from tinytorch.keras import activations
from tinytorch.keras import backend


def _snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def as_pair(value, what):
    """Keras accepts an int or a pair for kernel sizes, strides and pool sizes."""
    if isinstance(value, int):
        return (value, value)
    value = tuple(value)
    if len(value) != 2 or not all(isinstance(v, int) for v in value):
        raise ValueError(f"{what} must be an int or a pair of ints, got {value!r}")
    return value


def apply_activation(fn, x):
    """Apply a Keras activation; softmax normalises the channel axis of the internal layout."""
    if fn is activations.softmax:
        return fn(x, axis=1 if x.ndim == 4 else -1)
    return fn(x)


class Layer(nn.Module):
    """Base class of the Keras-style layers: an ``nn.Module`` with Keras' naming, lazy
    ``build(input_shape)``, shape inference and weight access in Keras' layouts.

    Args:
        name (str, optional): defaults to the snake-cased class name made unique
            (``dense``, ``dense_1`` …; see :func:`tinytorch.keras.backend.clear_session`).
        trainable (bool): whether fit() updates this layer's weights.
        input_shape (tuple, optional): shape of one sample (no batch axis); only meaningful
            on a model's first layer.
        batch_input_shape (tuple, optional): the same with a leading batch entry.
        dtype: accepted for Keras compatibility; weights are float32 (``floatx``).
    """

    def __init__(self, name=None, trainable=True, input_shape=None, batch_input_shape=None,
                 dtype=None):
        super().__init__()
        self.name = name or backend.get_uid(_snake_case(type(self).__name__))
        self.trainable = trainable
        if batch_input_shape is not None:
            input_shape = tuple(batch_input_shape)[1:]
        self.declared_input_shape = tuple(input_shape) if input_shape is not None else None
        self.built = False
        self.input_shape = None
        self.output_shape = None

    # --- to be provided by subclasses ---------------------------------------------------
    def build(self, input_shape):
        """Create the weights for samples of ``input_shape`` (Keras layout, no batch axis)."""

    def compute_output_shape(self, input_shape):
        """Shape of one output sample for ``input_shape`` (both Keras layout, no batch axis)."""
        return tuple(input_shape)

    def call(self, x):
        """The computation, on the internal layout (see NOTE [Keras layout])."""
        raise NotImplementedError

    def get_config(self):
        """The constructor arguments that recreate this layer (JSON-serialisable)."""
        config = {"name": self.name, "trainable": self.trainable}
        if self.declared_input_shape is not None:
            config["batch_input_shape"] = [None, *self.declared_input_shape]
        return config

    def keras_weights(self):
        """[(tensor, permutation to Keras' layout or None)], in Keras' weight order."""
        return []

    # --- shared machinery ---------------------------------------------------------------
    def ensure_built(self, input_shape):
        """Build once for ``input_shape`` and record the (None, …) input and output shapes."""
        input_shape = tuple(input_shape)
        if not self.built:
            self.build(input_shape)
            self.built = True
        self.input_shape = (None, *input_shape)
        self.output_shape = (None, *self.compute_output_shape(input_shape))
        return self.output_shape[1:]

    def forward(self, x):
        return self.call(x)

    @classmethod
    def from_config(cls, config):
        """Recreate a layer from :meth:`get_config`'s output."""
        return cls(**config)

    @property
    def weights(self):
        """The layer's weight tensors in Keras' order (PyTorch layouts)."""
        return [t for t, _ in self.keras_weights()]

    def count_params(self):
        """Number of scalars in the layer's weights, trainable or not (as Keras counts)."""
        return sum(t.numel() for t in self.weights)

    def count_trainable_params(self):
        """Scalars fit() updates: parameters of a trainable layer (not BatchNorm statistics)."""
        if not self.trainable:
            return 0
        params = {id(p) for p in self.parameters()}
        return sum(t.numel() for t in self.weights if id(t) in params)

    def get_weights(self):
        """The weights as NumPy arrays in Keras' layouts (kernel (in, out), conv kernel
        (kh, kw, in, out), then bias …)."""
        return [(t.detach() if perm is None else t.detach().permute(*perm)).cpu().numpy()
                for t, perm in self.keras_weights()]

    def set_weights(self, weights):
        """Load arrays in Keras' layouts (as :meth:`get_weights` returns them).

        Raises:
            ValueError: if the number of arrays or a shape does not match.
        """
        slots = self.keras_weights()
        if len(weights) != len(slots):
            raise ValueError(f"layer {self.name!r} expects {len(slots)} weight arrays, "
                             f"got {len(weights)}")
        with tinytorch.no_grad():
            for (tensor, perm), value in zip(slots, weights):
                value = tinytorch.as_tensor(value)
                if perm is not None:
                    value = value.permute(*_inverse(perm))
                if tuple(value.shape) != tuple(tensor.shape):
                    raise ValueError(f"layer {self.name!r}: weight of shape "
                                     f"{tuple(tensor.shape)} cannot take a value of shape "
                                     f"{tuple(value.shape)}")
                tensor.copy_(value)

    def extra_repr(self):
        return f"name={self.name!r}"


def _inverse(perm):
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return inverse


class InputLayer:
    """What :func:`Input` returns: declares the sample shape of a ``Sequential`` model."""

    def __init__(self, shape, name=None):
        self.shape = tuple(shape)
        self.name = name or backend.get_uid("input")


def Input(shape=None, batch_size=None, name=None, dtype=None, batch_shape=None):
    """Declare a model input of ``shape`` (one sample, no batch axis).

    >>> from tinytorch.keras import Sequential, Input, layers
    >>> model = Sequential([Input(shape=(4,)), layers.Dense(2)])
    >>> model.output_shape
    (None, 2)
    """
    if shape is None and batch_shape is None:
        raise ValueError("Input() needs shape= (or batch_shape=)")
    return InputLayer(tuple(batch_shape)[1:] if shape is None else shape, name)
