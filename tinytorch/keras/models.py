"""``Sequential``: a linear stack of Keras layers with compile/fit/evaluate/predict/summary,
plus ``model_from_json`` and ``load_model``.

A Sequential is an ``nn.Module`` whose children are its layers, registered under their Keras
names, so ``state_dict()`` keys read ``dense.weight``, ``conv2d.bias`` … and
``model.to('cuda')`` moves it (fit then runs on that device).
"""

import json
import os

import tinytorch
from tinytorch import nn
from tinytorch.keras import _console
from tinytorch.keras import _training
from tinytorch.keras import backend
from tinytorch.keras import layers as layers_module
from tinytorch.keras import losses
from tinytorch.keras import metrics as metrics_module
from tinytorch.keras import optimizers
from tinytorch.keras.layers.base import InputLayer
from tinytorch.keras.layers.base import Layer
from tinytorch.keras.layers.base import apply_activation

KERAS_VERSION = "2.2.4-tinytorch"


class Sequential(nn.Module):
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
        super().__init__()
        self.name = name or backend.get_uid("sequential")
        self.sample_shape = None  # Keras shape of one input sample, once known
        self.stop_training = False
        self.optimizer = self.loss = self.loss_fn = None
        self.metric_names = []
        self.history = None
        self._device = None
        for layer in layers or []:
            self.add(layer)

    # --- structure -------------------------------------------------------------------------
    @property
    def layers(self):
        """The model's layers, in order."""
        return list(self.children())

    def add(self, layer):
        """Append ``layer``; the model builds as soon as the input shape is known.

        Raises:
            TypeError: if ``layer`` is not a Keras layer (or :func:`Input`).
            ValueError: if a layer of the same name is already in the model.
        """
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
        if self.device is not None:
            super().to(self.device)

    @property
    def built(self):
        return self.sample_shape is not None and all(layer.built for layer in self.layers)

    @property
    def output_shape(self):
        """Keras output shape ``(None, …)`` of the last layer."""
        if not self.built:
            self.build()
        return self.layers[-1].output_shape

    @property
    def device(self):
        """Device of the weights (or the one given to ``to``/compile), None before either."""
        for param in self.parameters():
            return param.device
        return self._device

    def to(self, *args, **kwargs):
        """As ``nn.Module.to``; also remembers the device for layers built later."""
        for arg in (*args, kwargs.get("device")):
            if isinstance(arg, (str, tinytorch.device)):
                self._device = tinytorch.device(arg)
        return super().to(*args, **kwargs)

    def forward(self, x):
        """Run the model on a batch in Keras' layout (channels-last images); arrays are
        converted with ``tinytorch.as_tensor``."""
        output, _ = self.call_with_logits(tinytorch.as_tensor(x), None)
        return output

    def call_with_logits(self, x, fused_activation):
        """Output, and the last layer's pre-activation when it applies ``fused_activation``
        (see NOTE [Fused softmax cross-entropy]); otherwise None for the logits."""
        if x.ndim == 4:  # see NOTE [Keras layout]
            x = x.permute(0, 3, 1, 2)
        *body, last = self.layers
        for layer in body:
            x = layer(x)
        logits = None
        activation = getattr(last, "activation", None)
        if fused_activation and activation is not None and activation.__name__ == fused_activation:
            logits = last.pre_activation(x)
            x = apply_activation(activation, logits)
        else:
            x = last(x)
        return (x.permute(0, 2, 3, 1) if x.ndim == 4 else x), logits

    # --- parameters ------------------------------------------------------------------------
    def count_params(self):
        """Total number of weights (trainable or not), as in ``summary()``."""
        return sum(layer.count_params() for layer in self.layers)

    def get_weights(self):
        """All layers' weights as NumPy arrays in Keras' layouts (see ``Layer.get_weights``)."""
        return [w for layer in self.layers for w in layer.get_weights()]

    def set_weights(self, weights):
        """Set all layers' weights from a list like :meth:`get_weights` returns."""
        weights = list(weights)
        for layer in self.layers:
            count = len(layer.keras_weights())
            layer.set_weights(weights[:count])
            weights = weights[count:]

    def summary(self, line_length=65, positions=(0.45, 0.85, 1.0), print_fn=None):
        """Print Keras 2's table: layer name (type), output shape and parameter count per
        layer (a plain integer, as Keras 2 and the book print it), then total, trainable and
        non-trainable parameters (with thousands separators, as Keras 2 prints them)."""
        if not self.built:
            self.build()
        print_fn = print_fn or _console.echo
        stops = [int(line_length * p) for p in positions]

        def row(cells):
            # Keras' print_row: each cell is cut at its column's end, so a long name such
            # as "max_pooling2d_1 (MaxPooling2D)" keeps the columns aligned. The last cell
            # (the parameter count) is never cut: a wrong number is worse than a long line.
            line = ""
            for i, (cell, stop) in enumerate(zip(cells, stops)):
                if i:
                    line = line[:-1] + " "
                line += str(cell)
                if i < len(cells) - 1:
                    line = line[:stop]
                line += " " * (stop - len(line))
            return line.rstrip()
        print_fn(f'Model: "{self.name}"')
        print_fn("_" * line_length)
        print_fn(row(["Layer (type)", "Output Shape", "Param #"]))
        print_fn("=" * line_length)
        for i, layer in enumerate(self.layers):
            print_fn(row([f"{layer.name} ({type(layer).__name__})",
                          _shape_text(layer.output_shape), layer.count_params()]))
            print_fn("=" * line_length if i == len(self.layers) - 1 else "_" * line_length)
        total = self.count_params()
        trainable = sum(layer.count_trainable_params() for layer in self.layers)
        print_fn(f"Total params: {total:,}")
        print_fn(f"Trainable params: {trainable:,}")
        print_fn(f"Non-trainable params: {total - trainable:,}")
        print_fn("_" * line_length)

    # --- training --------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, device=None):
        """Choose the loss, optimizer and metrics (names or objects), and optionally a device.

        Args:
            optimizer (str or Optimizer): e.g. ``'sgd'`` or ``optimizers.SGD(lr=0.1)`` (Keras'
                update rules), or a ``tinytorch.optim`` optimizer already built on
                ``model.parameters()`` (PyTorch's rules).
            loss (str or callable): e.g. ``'categorical_crossentropy'``.
            metrics (list, optional): e.g. ``['accuracy']``.
            device (str, optional): move the model there (``'cuda'``); fit then uses it.
        """
        if loss is None:
            raise ValueError("compile() needs a loss, e.g. loss='categorical_crossentropy'")
        if device is not None:
            self.to(device)
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self.loss_fn = losses.get(loss)
        self.metric_names = list(metrics or [])

    def make_metrics(self):
        """Fresh metric objects for the compiled metric names."""
        units = self.output_shape[-1]
        return [metrics_module.get(m, self.loss_fn, units) for m in self.metric_names]

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, initial_epoch=0,
            device=None):
        """Train for ``epochs`` passes over (x, y); see :func:`tinytorch.keras._training.fit`.

        Returns:
            History: ``history.history`` maps 'loss', metric names and 'val_…' to per-epoch
            lists.
        """
        if device is not None:
            self.to(device)
        self.history = _training.fit(self, x, y, batch_size or 32, epochs, verbose,
                                     callbacks or [], validation_split, validation_data,
                                     shuffle, initial_epoch)
        return self.history

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1):
        """Loss and metrics on (x, y): ``[loss, *metrics]``, or the loss alone without
        metrics."""
        logs = _training.evaluate(self, x, y, batch_size or 32, verbose)
        values = list(logs.values())
        return values if len(values) > 1 else values[0]

    def predict(self, x, batch_size=None, verbose=0):
        """Model outputs for ``x`` as a NumPy array (one row per sample), like Keras.

        With a softmax output each row sums to 1 and ``argmax`` is the predicted class.
        """
        return _training.predict(self, x, batch_size or 32, verbose)

    # --- serialisation ---------------------------------------------------------------------
    def get_config(self):
        """``{"name": ..., "layers": [{"class_name": ..., "config": ...}, ...]}``."""
        configs = [{"class_name": type(l).__name__, "config": l.get_config()}
                   for l in self.layers]
        if configs and self.sample_shape is not None:
            configs[0]["config"]["batch_input_shape"] = [None, *self.sample_shape]
        return {"name": self.name, "layers": configs}

    @classmethod
    def from_config(cls, config):
        """Recreate an (untrained) model from :meth:`get_config`'s output."""
        return cls([layers_module.deserialize(c) for c in config["layers"]], config["name"])

    def to_json(self, **kwargs):
        """The architecture as a JSON string (``json.dumps`` kwargs such as ``indent``)."""
        return json.dumps({"class_name": "Sequential", "config": self.get_config(),
                           "keras_version": KERAS_VERSION, "backend": "tinytorch"}, **kwargs)

    def save_weights(self, filepath):
        """Write the weights (``state_dict``) with ``tinytorch.save`` (safetensors + JSON)."""
        tinytorch.save(self.state_dict(), os.fspath(filepath))

    def load_weights(self, filepath):
        """Load weights written by :meth:`save_weights` into this (built) model."""
        if not self.built:
            self.build()
        self.load_state_dict(tinytorch.load(os.fspath(filepath)))

    def save(self, filepath):
        """Write architecture, weights and compile settings to one file (no pickle, no HDF5);
        :func:`load_model` reads it back."""
        training = None
        if isinstance(self.loss, str):
            training = {"loss": self.loss, "metrics": [m for m in self.metric_names
                                                       if isinstance(m, str)]}
            if isinstance(self.optimizer, optimizers.Optimizer):
                training["optimizer"] = optimizers.serialize(self.optimizer)
        tinytorch.save({"model_config": self.to_json(), "training_config": json.dumps(training),
                        "weights": self.state_dict()}, os.fspath(filepath))


def _shape_text(shape):
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def model_from_json(json_string):
    """Recreate a model from :meth:`Sequential.to_json` (weights freshly initialised)."""
    spec = json.loads(json_string)
    if spec.get("class_name") != "Sequential":
        raise ValueError(f"only Sequential models can be loaded, got {spec.get('class_name')!r}")
    return Sequential.from_config(spec["config"])


def load_model(filepath, compile=True):
    """Load a model written by :meth:`Sequential.save`: architecture, weights and (when
    ``compile``) its loss, optimizer and metrics."""
    saved = tinytorch.load(os.fspath(filepath))
    model = model_from_json(saved["model_config"])
    model.load_state_dict(saved["weights"])
    training = json.loads(saved["training_config"])
    if compile and training:
        model.compile(training.get("optimizer", "rmsprop"), training["loss"],
                      training["metrics"])
    return model
