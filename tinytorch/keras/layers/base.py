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


def to_internal(x):
    """Channels-last images -> NCHW (other ranks unchanged); see NOTE [Keras layout]."""
    return x.permute(0, 3, 1, 2) if x.ndim == 4 else x


def to_keras(x):
    """NCHW -> channels-last images (other ranks, and what is not a tensor, unchanged)."""
    return x.permute(0, 2, 3, 1) if isinstance(x, tinytorch.Tensor) and x.ndim == 4 else x


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

    A subclass creates its weights in :meth:`build`, computes in :meth:`call` and reports
    shapes in :meth:`compute_output_shape`, as a Keras layer does:

    >>> class Double(Layer):
    ...     def call(self, x):
    ...         return 2 * x
    >>> Double(name='double')(tinytorch.ones(2)).tolist()
    [2.0, 2.0]
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
        """Whether :meth:`build` has run (the layer's weights exist)."""
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
        """Create the layer's weights for inputs of ``input_shape``; the base layer has none.

        Called once, by :meth:`ensure_built`, when the layer first meets an input (a model's
        construction, or a call on a :func:`Input`).

        Args:
            input_shape (tuple): shape of one sample (Keras layout, no batch axis), or a list
                of them for a layer with several inputs.

        >>> from tinytorch.keras.layers import Dense
        >>> layer = Dense(3)
        >>> layer.build((4,))
        >>> layer.weight.shape  # PyTorch's (out, in) layout
        torch.Size([3, 4])
        """

    def compute_output_shape(self, input_shape):
        """The output shape for inputs of ``input_shape``; the base layer keeps the shape.

        Args:
            input_shape (tuple): shape of one sample (Keras layout, no batch axis), or a list
                of them for a layer with several inputs.

        Returns:
            tuple: shape of one output sample (Keras layout, no batch axis); a list of shapes
            for a layer with several outputs.

        >>> from tinytorch.keras.layers import Dense
        >>> Dense(3).compute_output_shape((5, 4))
        (5, 3)
        """
        return tuple(input_shape)

    def call(self, x):
        """The layer's computation; a subclass defines it. ``layer(x)`` runs it.

        Args:
            x (Tensor): a batch in the internal layout: images are (N, C, H, W), see
                NOTE [Keras layout] in ``tinytorch/keras/layers/base.py``.

        Returns:
            Tensor: the output batch, in the internal layout.

        Raises:
            NotImplementedError: on the base class, which has no computation.

        >>> from tinytorch.keras.layers import Activation
        >>> Activation('relu').call(tinytorch.tensor([-1.0, 2.0])).tolist()
        [0.0, 2.0]
        """
        raise NotImplementedError

    def get_config(self):
        """The constructor arguments that recreate this layer (see :meth:`from_config`).

        Returns:
            dict: JSON-serialisable; the base layer gives ``name``, ``trainable`` and, when
            declared, ``batch_input_shape``.

        >>> from tinytorch.keras.layers import Dense
        >>> Dense(3, name='out', input_shape=(4,)).get_config()['batch_input_shape']
        [None, 4]
        """
        config = {"name": self.name, "trainable": self.trainable}
        if self.declared_input_shape is not None:
            config["batch_input_shape"] = [None, *self.declared_input_shape]
        return config

    def keras_weights(self):
        """The weight tensors with the permutation that turns each into Keras' layout.

        Returns:
            list: ``(tensor, permutation or None)`` pairs in Keras' weight order; the base
            layer has none.

        >>> from tinytorch.keras.layers import Dense
        >>> layer = Dense(3)
        >>> layer.build((4,))
        >>> [(tuple(t.shape), perm) for t, perm in layer.keras_weights()]
        [((3, 4), (1, 0)), ((3,), None)]
        """
        return []

    # --- shared machinery ---------------------------------------------------------------
    def ensure_built(self, input_shape):
        """Build the layer once for ``input_shape`` and record its ``input_shape`` and
        ``output_shape`` (with the batch axis as None).

        Args:
            input_shape (tuple): shape of one sample (no batch axis), or a list of them for
                a layer with several inputs.

        Returns:
            tuple: shape of one output sample (a list of shapes for several outputs).

        >>> from tinytorch.keras.layers import Dense
        >>> layer = Dense(3)
        >>> layer.ensure_built((4,))
        (3,)
        >>> layer.output_shape
        (None, 3)
        """
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
        return self.call_eager(inputs, *args, **kwargs)

    def call_eager(self, inputs, *args, **kwargs):
        """``layer(x)`` on real data, as Keras runs it outside a model: ``x`` (a tensor, an
        array or a list of them) is in Keras' layout (images channels last, NOTE [Keras
        layout]); an unbuilt layer builds for it first. Without ``training=`` it runs in the
        mode ``train()``/``eval()`` set, as a PyTorch module does.

        Args:
            inputs (Tensor or array or list): the batch, in Keras' layout.
            *args: passed to :meth:`call`.
            **kwargs: passed to :meth:`call` (``training=`` as in :meth:`call_internal`).

        Returns:
            Tensor or list: the output, in Keras' layout.

        >>> from tinytorch.keras.layers import Conv2D
        >>> Conv2D(4, 3)(tinytorch.ones(2, 8, 8, 1)).shape  # built for (8, 8, 1) on the call
        torch.Size([2, 6, 6, 4])
        """
        many = isinstance(inputs, (list, tuple))
        xs = [tinytorch.as_tensor(v) for v in (inputs if many else [inputs])]
        if not self._built and not many:  # a list: recurrent layers build in call
            self.ensure_built(tuple(xs[0].shape[1:]))
        xs = [to_internal(x) for x in xs]
        out = self.call_internal(xs if many else xs[0], *args, **kwargs)
        if isinstance(out, (list, tuple)):
            return type(out)(to_keras(o) for o in out)
        return to_keras(out)

    def call_internal(self, x, *args, **kwargs):
        """Run the layer inside a model, on the internal layout (a nested model overrides
        this so that it does not convert layouts a second time).

        Args:
            x (Tensor): a batch in the internal layout (images (N, C, H, W)).
            **kwargs: keyword arguments of the layer's call (e.g. ``initial_state``).

        Returns:
            Tensor: what ``layer(x, **kwargs)`` returns.

        >>> from tinytorch.keras.layers import Flatten
        >>> Flatten().call_internal(tinytorch.ones(2, 3, 4, 4)).shape
        torch.Size([2, 48])
        """
        training = kwargs.pop("training", None)
        if training is None:  # every layer of every fit step: no context manager
            return nn.Module.__call__(self, x, *args, **kwargs)
        with training_mode(self, training):
            return nn.Module.__call__(self, x, *args, **kwargs)

    def fusable(self, activation_name):
        """Whether this layer ends in the activation ``activation_name`` and can return its
        logits, so that a loss can take them (see NOTE [Fused softmax cross-entropy]).

        Args:
            activation_name (str): e.g. ``'softmax'`` or ``'sigmoid'``.

        Returns:
            bool: True if the layer has a :meth:`pre_activation` and that activation.

        >>> from tinytorch.keras.layers import Dense
        >>> Dense(10, activation='softmax').fusable('softmax')
        True
        """
        activation = getattr(self, "activation", None)
        return (hasattr(self, "pre_activation") and activation is not None
                and activation.__name__ == activation_name)

    def activate(self, logits):
        """Apply this layer's activation to what its ``pre_activation`` returned (softmax
        normalises the channel axis of images).

        Args:
            logits (Tensor): the layer's output before its activation.

        Returns:
            Tensor: the layer's output.

        >>> from tinytorch.keras.layers import Activation
        >>> Activation('sigmoid').activate(tinytorch.zeros(2)).tolist()
        [0.5, 0.5]
        """
        return apply_activation(self.activation, logits)

    def forward(self, x, **kwargs):
        """``nn.Module``'s entry point: runs :meth:`call` (``layer(x)`` calls it).

        Args:
            x (Tensor): a batch in the internal layout.
            **kwargs: passed to :meth:`call`.

        Returns:
            Tensor: what :meth:`call` returns.

        >>> from tinytorch.keras.layers import Activation
        >>> Activation('relu').forward(tinytorch.tensor([-1.0, 2.0])).tolist()
        [0.0, 2.0]
        """
        return self.call(x, **kwargs)

    @classmethod
    def from_config(cls, config):
        """Recreate a layer from :meth:`get_config`'s output (new weights, not copies).

        Args:
            config (dict): the layer's constructor arguments.

        Returns:
            Layer: a new layer of this class.

        >>> from tinytorch.keras.layers import Dense
        >>> Dense.from_config(Dense(3, name='out').get_config()).units
        3
        """
        return cls(**config)

    @property
    def weights(self):
        """The layer's weight tensors in Keras' order (PyTorch layouts)."""
        return [t for t, _ in self.keras_weights()]

    def count_params(self):
        """Number of scalars in the layer's weights, trainable or not (as Keras counts).

        Returns:
            int: the count.

        >>> from tinytorch.keras.layers import BatchNormalization
        >>> layer = BatchNormalization()
        >>> layer.build((8,))
        >>> layer.count_params()  # gamma, beta, moving mean and variance
        32
        """
        return sum(t.numel() for t in self.weights)

    def count_trainable_params(self):
        """Scalars fit() updates: parameters of a trainable layer (not BatchNorm statistics).

        Returns:
            int: the count; 0 for a frozen layer (``trainable=False``).

        >>> from tinytorch.keras.layers import BatchNormalization
        >>> layer = BatchNormalization()
        >>> layer.build((8,))
        >>> layer.count_trainable_params()  # gamma and beta
        16
        """
        if not self.trainable:
            return 0
        params = {id(p) for p in self.parameters()}
        return sum(t.numel() for t in self.weights if id(t) in params)

    def get_weights(self):
        """The weights as NumPy arrays in Keras' layouts (kernel (in, out), conv kernel
        (kh, kw, in, out), then bias …). They are copies, as in Keras: training does not
        change arrays already returned (EarlyStopping keeps its best weights this way).

        Returns:
            list: NumPy arrays, in Keras' weight order.

        >>> from tinytorch.keras.layers import Dense
        >>> layer = Dense(3)
        >>> layer.build((4,))
        >>> [w.shape for w in layer.get_weights()]
        [(4, 3), (3,)]
        """
        return [(t.detach() if perm is None else t.detach().permute(*perm)).cpu().numpy().copy()
                for t, perm in self.keras_weights()]

    def set_weights(self, weights):
        """Load arrays in Keras' layouts (as :meth:`get_weights` returns them).

        Args:
            weights (list): arrays (or tensors), one per weight, in Keras' order and layouts.

        Raises:
            ValueError: if the number of arrays or a shape does not match.

        >>> from tinytorch.keras.layers import Dense
        >>> layer = Dense(3, use_bias=False)
        >>> layer.build((2,))
        >>> layer.set_weights([tinytorch.ones(2, 3)])
        >>> layer.weight.sum().item()
        6.0
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
        """The text inside the layer's ``repr`` parentheses: its name.

        Returns:
            str: ``name='...'``.

        >>> from tinytorch.keras.layers import Dense
        >>> Dense(3, name='out')
        Dense(name='out')
        """
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
        input_shape (tuple, optional): shape of one sample (no batch axis).
        batch_size (int, optional): recorded in the config only.
        dtype (str, optional): default ``'float32'`` (``floatx``).
        name (str, optional): default ``input_1``, ``input_2`` …
        batch_input_shape (tuple, optional): instead of ``input_shape``, with a leading
            batch entry.
        sparse (bool): only False; sparse inputs are not supported.

    Raises:
        ValueError: if neither ``input_shape`` nor ``batch_input_shape`` is given.
        NotImplementedError: if ``sparse`` is True.

    >>> InputLayer(input_shape=(28, 28, 1)).output_shape
    (None, 28, 28, 1)
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
        """Pass the input through unchanged.

        Args:
            x (Tensor): a batch of the model's input.

        Returns:
            Tensor: ``x`` itself.

        >>> x = tinytorch.ones(2, 4)
        >>> InputLayer(input_shape=(4,)).call(x) is x
        True
        """
        return x

    def get_config(self):
        """The arguments that recreate this input layer (see :meth:`Layer.from_config`).

        Returns:
            dict: ``batch_input_shape``, ``dtype``, ``sparse`` and ``name``.

        >>> InputLayer(input_shape=(4,), name='pixels').get_config()
        {'batch_input_shape': [None, 4], 'dtype': 'float32', 'sparse': False, 'name': 'pixels'}
        """
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
        batch_size (int, optional): accepted and ignored: the batch axis is always None
            (Keras would fix it).
        name (str, optional): the name of the :class:`InputLayer` made for it.
        dtype (str, optional): ``'float32'`` (default) or an integer type for indices
            (``Embedding``).
        batch_shape (tuple, optional): instead of ``shape``, with a leading batch entry.

    Returns:
        KerasTensor: a symbolic tensor of shape ``(None, *shape)``.

    Raises:
        ValueError: if neither ``shape`` nor ``batch_shape`` is given.

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
