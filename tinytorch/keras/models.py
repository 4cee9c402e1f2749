"""``Sequential`` (a linear stack of Keras layers) and ``Model`` (the functional API), plus
``model_from_json``, ``model_from_yaml`` and ``load_model``.

A model is an ``nn.Module`` whose children are its layers, registered under their Keras
names, so ``state_dict()`` keys read ``dense.weight``, ``conv2d.bias`` … and
``model.to('cuda')`` moves it (fit then runs on that device).
"""

from tinytorch.keras import _graph
from tinytorch.keras._model import Model
from tinytorch.keras._saving import load_model
from tinytorch.keras._saving import model_from_config
from tinytorch.keras._saving import model_from_json
from tinytorch.keras._saving import model_from_yaml
from tinytorch.keras.layers.base import InputLayer
from tinytorch.keras.layers.base import Layer


class Sequential(Model):
    """A linear stack of layers (Keras' ``Sequential``).

    Args:
        layers (list, optional): layers to :meth:`add` in order.
        name (str, optional): defaults to ``sequential``, ``sequential_1`` …

    >>> from tinytorch.keras.models import Sequential
    >>> from tinytorch.keras.layers import Dense
    >>> model = Sequential()
    >>> model.add(Dense(10, activation='sigmoid', input_shape=(784,)))
    >>> model.add(Dense(10, activation='softmax'))
    >>> model.count_params()
    7960
    """

    def __init__(self, layers=None, name=None):
        super().__init__(name=name)
        self.sample_shape = None  # Keras shape of one input sample, once known
        for layer in layers or []:
            self.add(layer)

    # --- structure -------------------------------------------------------------------------
    def add(self, layer):
        """Append ``layer`` (or a model); the model builds as soon as the input shape is
        known.

        Args:
            layer (Layer, Model or KerasTensor): the layer to append; the first one may carry
                ``input_shape=``, or be an :func:`Input` that only sets the input shape.

        Raises:
            TypeError: if ``layer`` is not a Keras layer (or :func:`Input`).
            ValueError: if a layer of the same name is already in the model, or an
                :func:`Input` comes after a layer.

        >>> from tinytorch.keras.layers import Dense
        >>> model = Sequential()
        >>> model.add(Dense(4, input_shape=(3,)))
        >>> model.add(Dense(2))
        >>> model.output_shape
        (None, 2)
        """
        if isinstance(layer, _graph.KerasTensor) and isinstance(layer.node.layer, InputLayer):
            layer = layer.node.layer
        if isinstance(layer, InputLayer):
            if self.layers:
                raise ValueError("Input() can only be the first element of a Sequential model")
            self.sample_shape = layer.shape
            return
        if not isinstance(layer, Layer):
            raise TypeError("The added layer must be an instance of class Layer (from "
                            f"tinytorch.keras.layers). Found: {layer!r}")
        if layer.name in dict(self.named_children()):
            raise ValueError(f"All layers added to a Sequential model should have unique "
                             f"names. Name {layer.name!r} is already the name of a layer")
        if not self.layers and layer.declared_input_shape is not None:
            self.sample_shape = layer.declared_input_shape
        self.add_module(layer.name, layer)
        if self.sample_shape is not None:
            self.build()

    def build(self, input_shape=None):
        """Create every layer's weights for inputs of ``input_shape`` ((None, …) Keras shape).

        Without an argument, uses the shape given by ``input_shape=`` / :func:`Input`.

        Args:
            input_shape (tuple, optional): the batch's shape, batch axis first (``None``).

        Raises:
            ValueError: if no input shape is known yet.

        >>> from tinytorch.keras.layers import Dense
        >>> model = Sequential([Dense(2)])
        >>> model.build((None, 5))
        >>> model.count_params()
        12
        """
        if input_shape is not None:
            self.sample_shape = tuple(input_shape)[1:]
        if self.sample_shape is None:
            raise ValueError("This model has not yet been built. Build the model first by "
                             "calling build() or fit() with some data, or specify an "
                             "input_shape argument in the first layer(s) for automatic build.")
        shape = self.sample_shape
        for layer in self.layers:
            shape = layer.ensure_built(shape)
        self._shapes = ((None, *self.sample_shape), (None, *shape))
        if self.device is not None:
            super().to(self.device)

    def ensure_built(self, input_shape):
        """Build for samples of ``input_shape`` unless built already (a model nested in
        another one is built this way).

        Args:
            input_shape (tuple): shape of one input sample, without the batch axis.

        Returns:
            tuple: shape of one output sample.

        >>> from tinytorch.keras.layers import Dense
        >>> Sequential([Dense(2)]).ensure_built((5,))
        (2,)
        """
        if self.sample_shape is None or not self.built:
            self.build((None, *input_shape))
        return self.output_shape[1:]

    @property
    def built(self):
        """Whether the input shape is known and every layer has its weights."""
        return self.sample_shape is not None and all(layer.built for layer in self.layers)

    @property
    def output_shape(self):
        """Keras output shape ``(None, …)`` of the last layer."""
        if not self.built:
            self.build()
        return self.layers[-1].output_shape

    @property
    def input_names(self):
        return [f"{self.layers[0].name}_input"] if self.layers else []

    @property
    def output_names(self):
        return [self.layers[-1].name] if self.layers else []

    @property
    def input_dtypes(self):
        return ["float32"]

    def output_shapes(self):
        return [self.output_shape]

    def relevant_nodes(self):
        return []

    def call(self, x):
        for layer in self.layers:
            x = layer.call_internal(x)
        return x

    def call_with_logits(self, xs, fused):
        """Output for ``xs`` (one input, internal layout) and the last layer's pre-activation
        when it applies ``fused[0]`` (see NOTE [Fused softmax cross-entropy]).

        Args:
            xs (list of Tensor): the one input batch, in the internal layout.
            fused (list or None): ``[activation name or None]``, what the loss can take the
                logits of (:func:`~tinytorch.keras.losses.fusable_activation`).

        Returns:
            tuple: ``([output], [logits or None])``.

        >>> from tinytorch.keras.layers import Dense
        >>> model = Sequential([Dense(2, activation='softmax', input_shape=(3,))])
        >>> outputs, logits = model.call_with_logits([tinytorch.ones(1, 3)], ['softmax'])
        >>> outputs[0].shape, logits[0] is not None
        (torch.Size([1, 2]), True)
        """
        (x,) = xs
        *body, last = self.layers
        for layer in body:
            x = layer.call_internal(x)
        if fused and fused[0] is not None and last.fusable(fused[0]):
            logits = last.pre_activation(x)
            return [last.activate(logits)], [logits]
        return [last.call_internal(x)], [None]

    # --- serialisation ---------------------------------------------------------------------
    def get_config(self):
        """``{"name": ..., "layers": [{"class_name": ..., "config": ...}, ...]}``.

        Returns:
            dict: the model's name and each layer's class name and config; the first layer's
            config holds ``batch_input_shape`` once the input shape is known.

        >>> from tinytorch.keras.layers import Dense
        >>> config = Sequential([Dense(2, input_shape=(3,))], name='net').get_config()
        >>> config['name'], config['layers'][0]['config']['batch_input_shape']
        ('net', [None, 3])
        """
        from tinytorch.keras import _saving
        configs = [_saving.layer_spec(layer) for layer in self.layers]
        if configs and self.sample_shape is not None:
            configs[0]["config"]["batch_input_shape"] = [None, *self.sample_shape]
        return {"name": self.name, "layers": configs}

    @classmethod
    def from_config(cls, config):
        """Recreate an (untrained) model from :meth:`get_config`'s output.

        Args:
            config (dict): what :meth:`get_config` returned.

        Returns:
            Sequential: a new model with freshly initialised weights.

        >>> from tinytorch.keras.layers import Dense
        >>> model = Sequential([Dense(2, input_shape=(3,))], name='net')
        >>> Sequential.from_config(model.get_config()).output_shape
        (None, 2)
        """
        return cls([model_from_config(c) for c in config["layers"]], config["name"])


__all__ = ["Model", "Sequential", "load_model", "model_from_config", "model_from_json",
           "model_from_yaml"]
