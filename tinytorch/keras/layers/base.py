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

import contextlib
import re

import tinytorch
from tinytorch import nn
from tinytorch.keras import _graph
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


@contextlib.contextmanager
def training_mode(layer, training):
    """Keras' ``layer(x, training=...)``: run ``layer`` and every layer in it in training
    (True) or inference (False) mode, then give each back the mode it had; None changes
    nothing."""
    if training is None:
        yield
        return
    modes = [(module, module.training) for module in layer.modules()]
    layer.train(bool(training))
    try:
        yield
    finally:
        for module, mode in modes:
            module.training = mode


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
        self._trainable = bool(trainable)
        if batch_input_shape is not None:
            input_shape = tuple(batch_input_shape)[1:]
        self.declared_input_shape = tuple(input_shape) if input_shape is not None else None
        self._built = False
        self._shapes = None  # ((None, …) input shape(s), output shape(s)) of the last build
        self.inbound_nodes = []  # see NOTE [Functional graph] in tinytorch/keras/_graph.py

    @property
    def trainable(self):
        """Whether fit() updates this layer's weights (read when a model is compiled)."""
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        # as tf.keras: freezing a model (a layer of layers) freezes every layer in it
        self._trainable = bool(value)
        for child in self.children():
            if isinstance(child, Layer):
                child.trainable = value

    @property
    def built(self):
        return self._built

    @property
    def input_shape(self):
        """``(None, …)`` shape of the layer's input (a list for several inputs)."""
        return self._recorded_shapes()[0]

    @property
    def output_shape(self):
        """``(None, …)`` shape of the layer's output (a list for several outputs)."""
        return self._recorded_shapes()[1]

    def _recorded_shapes(self):
        if self._shapes is None:
            raise AttributeError(f"The layer {self.name!r} has never been called and thus has "
                                 f"no defined output shape.")
        return self._shapes

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
        """Build once for ``input_shape`` (one sample shape, or a list of them for a layer
        with several inputs), record the (None, …) shapes, and return the output sample
        shape (a list of shapes for several outputs)."""
        multi = _graph.is_shape_list(input_shape)
        input_shape = [tuple(s) for s in input_shape] if multi else tuple(input_shape)
        if not self._built:
            self.build(input_shape)
            self._built = True
        out = self.compute_output_shape(input_shape)
        out = [tuple(s) for s in out] if _graph.is_shape_list(out) else tuple(out)
        self._shapes = (_batched(input_shape), _batched(out))
        return out

    def __call__(self, inputs, *args, **kwargs):
        # KerasTensors record a node of the functional graph; real tensors run the layer
        if _graph.is_symbolic(inputs):
            return _graph.call_symbolic(self, inputs, kwargs)
        with training_mode(self, kwargs.pop("training", None)):
            return super().__call__(inputs, *args, **kwargs)

    def call_internal(self, x, **kwargs):
        """Run on the internal layout inside a model (a nested model overrides this)."""
        return self(x, **kwargs)

    def fusable(self, activation_name):
        """Whether this layer ends in the activation ``activation_name`` and can return its
        logits (see NOTE [Fused softmax cross-entropy])."""
        activation = getattr(self, "activation", None)
        return (hasattr(self, "pre_activation") and activation is not None
                and activation.__name__ == activation_name)

    def activate(self, logits):
        """Apply this layer's activation to what :meth:`pre_activation` returned."""
        return apply_activation(self.activation, logits)

    def forward(self, x, **kwargs):
        return self.call(x, **kwargs)

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
        (kh, kw, in, out), then bias …). They are copies, as in Keras: training does not
        change arrays already returned (EarlyStopping keeps its best weights this way)."""
        return [(t.detach() if perm is None else t.detach().permute(*perm)).cpu().numpy().copy()
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


def _batched(shape):
    if _graph.is_shape_list(shape):
        return [(None, *s) for s in shape]
    return (None, *shape)


def _inverse(perm):
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return inverse


class InputLayer(Layer):
    """The layer behind :func:`Input`: it holds a model input's shape and dtype and passes
    its value through.

    Args:
        input_shape (tuple): shape of one sample. batch_input_shape: the same with a leading
            batch entry. dtype (str): default ``'float32'``. name (str): default ``input_1``,
            ``input_2`` …
    """

    def __init__(self, input_shape=None, batch_size=None, dtype=None, name=None,
                 batch_input_shape=None, sparse=False):
        if input_shape is None and batch_input_shape is None:
            raise ValueError("An InputLayer should be passed either a `batch_input_shape` or "
                             "an `input_shape`.")
        if sparse:
            raise NotImplementedError("sparse inputs are not supported")
        super().__init__(name=name or _input_name(), input_shape=input_shape,
                         batch_input_shape=batch_input_shape)
        self.batch_size = batch_size
        self.dtype = dtype or backend.floatx()
        self.ensure_built(self.declared_input_shape)
        self.output = _graph.make_input_node(self, self.declared_input_shape, self.dtype)

    @property
    def shape(self):
        """Shape of one sample."""
        return self.declared_input_shape

    def call(self, x):
        return x

    def get_config(self):
        return {"batch_input_shape": [self.batch_size, *self.declared_input_shape],
                "dtype": self.dtype, "sparse": False, "name": self.name}


def _input_name():
    name = backend.get_uid("input")  # Keras numbers inputs from 1: input_1, input_2 ...
    return backend.get_uid("input") if name == "input" else name


def Input(shape=None, batch_size=None, name=None, dtype=None, batch_shape=None):
    """A model input: a :class:`~tinytorch.keras._graph.KerasTensor` of ``shape`` (one
    sample, no batch axis) to call layers on (functional API), or the first element of a
    ``Sequential``.

    Args:
        shape (tuple): e.g. ``(28, 28, 1)``; ``None`` entries are not supported.
        batch_size (int, optional): recorded only. name (str, optional): the layer's name.
        dtype (str, optional): ``'float32'`` (default) or an integer type for indices
            (``Embedding``). batch_shape (tuple, optional): instead of ``shape``.

    >>> from tinytorch.keras import Input, layers
    >>> from tinytorch.keras.models import Model
    >>> x = Input(shape=(4,))
    >>> Model(x, layers.Dense(2)(x)).output_shape
    (None, 2)
    """
    if shape is None and batch_shape is None:
        raise ValueError("Please provide to Input either a `shape` or a `batch_shape` "
                         "argument. Note that `shape` does not include the batch dimension.")
    if shape is not None and batch_shape is None:
        batch_shape = (batch_size, *tuple(shape))
    return InputLayer(batch_input_shape=batch_shape, name=name, dtype=dtype).output
