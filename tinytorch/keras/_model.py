"""``Model``: Keras' functional model (``Model(inputs, outputs)``) and the base of
``Sequential``: compile / fit / evaluate / predict / summary / saving for any number of
inputs and outputs.

A model is a :class:`~tinytorch.keras.layers.Layer` (an ``nn.Module``) whose children are its
layers under their Keras names, so it can itself be called on KerasTensors inside another
model (a GAN's ``discriminator(generator(z))``); shared layers are one child, so their
weights are counted and updated once. See NOTE [Functional graph] for how the graph is built.

The methods' docstrings are in ``tinytorch/keras/_model_docs.py``, as PyTorch keeps
``torch/_tensor_docs.py``, so that this file stays code.
"""

import json
import os

import tinytorch
from tinytorch.keras import _graph
from tinytorch.keras import _summary
from tinytorch.keras import _training
from tinytorch.keras import losses
from tinytorch.keras import optimizers
from tinytorch.keras.layers.base import InputLayer
from tinytorch.keras.layers.base import Layer
from tinytorch.keras.layers.base import to_internal
from tinytorch.keras.layers.base import to_keras
from tinytorch.keras.layers.base import training_mode

KERAS_VERSION = "2.2.4-tinytorch"


class Model(Layer):
    """A model from its input and output KerasTensors (Keras' functional API).

    Args:
        inputs: a KerasTensor from :func:`~tinytorch.keras.Input`, or a list of them.
        outputs: a KerasTensor computed from ``inputs`` by calling layers, or a list.
        name (str, optional): defaults to ``model``, ``model_1`` …

    Raises:
        ValueError: if an input is not from ``Input()``, an output cannot be computed from
            the inputs ("Graph disconnected"), or two layers share a name.

    >>> from tinytorch.keras import Input, layers
    >>> from tinytorch.keras.models import Model
    >>> a, b = Input(shape=(3,)), Input(shape=(2,))
    >>> merged = layers.concatenate([layers.Dense(4)(a), b])
    >>> model = Model([a, b], [layers.Dense(1)(merged), layers.Dense(2)(merged)])
    >>> model.count_params()
    37
    """

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True):
        super().__init__(name=name, trainable=trainable)
        self.stop_training = False
        self.optimizer = self.loss = None
        self.loss_fns, self.loss_weights, self.metric_names = [], [], []
        self.history = None
        self._device = None
        self._trainable_params = None
        if type(self) is Model or inputs is not None or outputs is not None:
            self._init_graph(inputs, outputs)

    def _init_graph(self, inputs, outputs):
        if inputs is None or outputs is None:
            raise TypeError("Model() needs inputs= and outputs= (the functional API); "
                            "subclassed models are not supported")
        self._single_input = not isinstance(inputs, (list, tuple))
        self._single_output = not isinstance(outputs, (list, tuple))
        self.inputs = [inputs] if self._single_input else list(inputs)
        self.outputs = [outputs] if self._single_output else list(outputs)
        for t in self.inputs:
            if not isinstance(t, _graph.KerasTensor) or not isinstance(t.node.layer,
                                                                        InputLayer):
                raise ValueError(f"Input tensors to a Model must come from "
                                 f"`tinytorch.keras.Input`. Received: {t!r}")
        for t in self.outputs:
            if not isinstance(t, _graph.KerasTensor):
                raise ValueError(f"Output tensors of a Model must be the output of a layer "
                                 f"called on Input() tensors. Received: {t!r}")
        self._nodes = _graph.collect_nodes(self.inputs, self.outputs)
        for node in self._nodes:
            known = self._modules.get(node.layer.name)
            if known is None:
                self.add_module(node.layer.name, node.layer)
            elif known is not node.layer:
                raise ValueError(f'The name "{node.layer.name}" is used 2 times in the model. '
                                 f"All layer names should be unique.")
        self._built = True
        self.ensure_built(self._input_sample_shapes())

    # --- structure -------------------------------------------------------------------------
    @property
    def layers(self):
        """The model's layers (functional models: inputs first, in call order)."""
        return list(self.children())

    def get_layer(self, name=None, index=None):
        if index is not None:
            if index >= len(self.layers):
                raise ValueError(f"Was asked to retrieve layer at index {index} but model "
                                 f"only has {len(self.layers)} layers.")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}.")

    @property
    def input_names(self):
        """Names of the model's inputs (a Sequential model's: its first layer's + ``_input``)."""
        return [t.node.layer.name for t in self.inputs]

    @property
    def output_names(self):
        """Names of the layers that produce the model's outputs."""
        return [t.node.layer.name for t in self.outputs]

    @property
    def input_dtypes(self):
        """Dtype name of each input (``'float32'`` unless ``Input(dtype=...)`` said else)."""
        return [t.dtype for t in self.inputs]

    @property
    def input(self):
        """The input KerasTensor, or the list of them for a model with several inputs."""
        return self.inputs[0] if self._single_input else list(self.inputs)

    @property
    def output(self):
        """The output KerasTensor, or the list of them for a model with several outputs."""
        return self.outputs[0] if self._single_output else list(self.outputs)

    def output_shapes(self):
        return [t.shape for t in self.outputs]

    def output_units(self, index):
        return self.output_shapes()[index][-1]

    def _input_sample_shapes(self):
        shapes = [t.shape[1:] for t in self.inputs]
        return shapes[0] if self._single_input else shapes

    def compute_output_shape(self, input_shape):
        shapes = [t.shape[1:] for t in self.outputs]
        return shapes[0] if self._single_output else shapes

    def relevant_nodes(self):
        return self._nodes

    @property
    def device(self):
        """Device of the weights (or the one given to ``to``/compile), None before either."""
        for param in self.parameters():
            return param.device
        return self._device

    def to(self, *args, **kwargs):
        for arg in (*args, kwargs.get("device")):
            if isinstance(arg, (str, tinytorch.device)):
                self._device = tinytorch.device(arg)
        return super().to(*args, **kwargs)

    # --- running ---------------------------------------------------------------------------
    def call(self, x):
        values = [x] if self._single_input else list(x)
        outs, _ = _graph.run(self._nodes, self.inputs, values, self.outputs)
        return outs[0] if self._single_output else outs

    def call_eager(self, inputs, *args, **kwargs):
        """``model(x)`` on real data: :meth:`forward` converts the layouts itself and takes
        NumPy arrays (see :meth:`Layer.call_eager`).

        Args:
            inputs (Tensor or array or list): the batch, in Keras' layout.
            *args: passed to :meth:`forward`.
            **kwargs: ``training=``, as in :meth:`Layer.call_internal`.

        Returns:
            Tensor or list: the output, in Keras' layout.

        >>> from tinytorch.keras import Input, layers
        >>> x = Input(shape=(4,))
        >>> Model(x, layers.Dense(2)(x))(tinytorch.ones(3, 4)).shape
        torch.Size([3, 2])
        """
        return Layer.call_internal(self, inputs, *args, **kwargs)

    def call_internal(self, x, training=None):
        with training_mode(self, training):
            return self.call(x)

    def call_with_logits(self, xs, fused):
        return _graph.run(self._nodes, self.inputs, xs, self.outputs, fused)

    def forward(self, x):
        xs = x if isinstance(x, (list, tuple)) else [x]
        xs = [to_internal(tinytorch.as_tensor(v)) for v in xs]
        outs, _ = self.call_with_logits(xs, None)
        outs = [to_keras(o) for o in outs]
        return outs[0] if len(outs) == 1 else outs

    # --- parameters ------------------------------------------------------------------------
    def keras_weights(self):
        return [slot for layer in self.layers for slot in layer.keras_weights()]

    def count_trainable_params(self):
        if not self.trainable:
            return 0
        return sum(layer.count_trainable_params() for layer in self.layers)

    def trainable_parameters(self):
        found, seen = [], set()
        for layer in self.layers:
            if not layer.trainable:
                continue
            params = (layer.trainable_parameters() if isinstance(layer, Model)
                      else list(layer.parameters()))
            for p in params:
                if id(p) not in seen:
                    seen.add(id(p))
                    found.append(p)
        return found

    def summary(self, line_length=None, positions=None, print_fn=None):
        _summary.print_summary(self, line_length, positions, print_fn)

    # --- training --------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None,
                device=None):
        if loss is None:
            raise ValueError("compile() needs a loss, e.g. loss='categorical_crossentropy'")
        if device is not None:
            self.to(device)
        names = self.output_names
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self.loss_fns = [None if fn is None else losses.get(fn)
                         for fn in _per_output(loss, names, "loss")]
        if all(fn is None for fn in self.loss_fns):
            raise ValueError(f"compile() found no loss for any output of {names}")
        weights = _per_output(1.0 if loss_weights is None else loss_weights, names,
                              "loss_weights")
        self.loss_weights = [1.0 if w is None else float(w) for w in weights]
        self.metric_names = metrics if isinstance(metrics, dict) else list(metrics or [])
        self.output_metrics = _metrics_per_output(metrics, names)
        # an unbuilt Sequential has no weights yet: fit() collects them once it is built
        self._trainable_params = self.trainable_parameters() if self.built else None

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, initial_epoch=0,
            steps_per_epoch=None, device=None):
        if device is not None:
            self.to(device)
        self.history = _training.fit(self, x, y, batch_size or 32, epochs, verbose,
                                     callbacks or [], validation_split, validation_data,
                                     shuffle, initial_epoch, steps_per_epoch)
        return self.history

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1,
                      callbacks=None, validation_data=None, initial_epoch=0):
        return self.fit(generator, None, None, epochs, verbose, callbacks, 0.0,
                        validation_data, True, initial_epoch, steps_per_epoch)

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1):
        return _scalar_or_list(_training.evaluate(self, x, y, batch_size or 32, verbose))

    def predict(self, x, batch_size=None, verbose=0):
        return _training.predict(self, x, batch_size or 32, verbose)

    def train_on_batch(self, x, y):
        return _scalar_or_list(_training.train_on_batch(self, x, y))

    def test_on_batch(self, x, y):
        return _scalar_or_list(_training.evaluate(self, x, y, None, 0))

    def predict_on_batch(self, x):
        return _training.predict(self, x, None, 0)

    # --- serialisation ---------------------------------------------------------------------
    def get_config(self):
        from tinytorch.keras import _saving  # _saving recreates models: imports this module
        return _saving.functional_config(self)

    @classmethod
    def from_config(cls, config):
        from tinytorch.keras import _saving
        return _saving.functional_from_config(config)

    def to_json(self, **kwargs):
        return json.dumps(self._spec(), **kwargs)

    def to_yaml(self, **kwargs):
        from tinytorch.keras import _saving
        return _saving.dump_yaml(self._spec(), **kwargs)

    def _spec(self):
        return {"class_name": type(self).__name__, "config": self.get_config(),
                "keras_version": KERAS_VERSION, "backend": "tinytorch"}

    def save_weights(self, filepath):
        tinytorch.save(self.state_dict(), os.fspath(filepath))

    def load_weights(self, filepath):
        if not self.built:
            self.build()
        self.load_state_dict(tinytorch.load(os.fspath(filepath)))

    def save(self, filepath):
        training = None
        if _plain(self.loss) and _plain(self.metric_names):
            training = {"loss": self.loss, "metrics": self.metric_names,
                        "loss_weights": self.loss_weights}
            if isinstance(self.optimizer, optimizers.Optimizer):
                training["optimizer"] = optimizers.serialize(self.optimizer)
        tinytorch.save({"model_config": self.to_json(), "training_config": json.dumps(training),
                        "weights": self.state_dict()}, os.fspath(filepath))


def _plain(value):
    """Strings, lists and dicts of strings (what a saved training config can hold)."""
    if isinstance(value, str):
        return True
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    return False


def _per_output(value, names, what):
    """One entry per output from a single value, a list or a dict keyed by output name."""
    if isinstance(value, dict):
        for key in value:
            if key not in names:
                raise ValueError(f'Unknown entry in {what} dictionary: "{key}". Only expected '
                                 f"the following keys: {names}")
        return [value.get(n) for n in names]
    if isinstance(value, (list, tuple)):
        if len(value) != len(names):
            raise ValueError(f"When passing a list as {what}, it should have one entry per "
                             f"model output. The model has {len(names)} outputs, but you "
                             f"passed {what}={value!r}")
        return list(value)
    return [value] * len(names)


def _metrics_per_output(metrics, names):
    """Keras' rules: a flat list applies to every output; a dict or a list of lists (one per
    output) gives each output its own."""
    if metrics is None:
        return [[] for _ in names]
    if isinstance(metrics, dict) or (isinstance(metrics, (list, tuple)) and metrics
                                     and all(isinstance(m, (list, tuple)) for m in metrics)):
        per = _per_output(metrics, names, "metrics")
        return [[] if m is None else list(m) if isinstance(m, (list, tuple)) else [m]
                for m in per]
    return [list(metrics) for _ in names]


def _scalar_or_list(logs):
    values = list(logs.values())
    return values if len(values) > 1 else values[0]
