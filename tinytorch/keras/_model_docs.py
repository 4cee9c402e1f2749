"""Docstrings of ``Model``'s methods, kept here so that ``_model.py`` stays code, as PyTorch
keeps ``torch/_tensor_docs.py`` (and tinytorch ``tinytorch/_tensor_docs.py``).

Each text is attached once, at import (``tinytorch/keras/__init__.py`` imports this module),
to a method that has none. ``Sequential`` inherits the ones it does not override. The examples
build small models whose Dense kernels start at zero, so their losses are exact numbers.
"""

from tinytorch.keras._model import Model


def add_docstr(method, doc):
    """Attach ``doc`` to ``method`` (a function of ``Model``), which must have none."""
    if method.__doc__:
        raise RuntimeError(f"{method.__qualname__} already has a docstring")
    method.__doc__ = doc


add_docstr(Model.get_layer, """A layer by ``name`` or by position ``index`` in :attr:`layers`.

Args:
    name (str, optional): the layer's name.
    index (int, optional): its position in :attr:`layers`; wins over ``name``.

Returns:
    Layer: the layer.

Raises:
    ValueError: if ``index`` is past the last layer, or no layer is called ``name``.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,), name='x')
>>> model = Model(x, layers.Dense(2, name='out')(x))
>>> model.get_layer('out').units, model.get_layer(index=0).name
(2, 'x')
""")

add_docstr(Model.output_shapes, """``(None, …)`` shape of each output.

Returns:
    list of tuple: one Keras shape (batch axis ``None`` first) per output.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, [layers.Dense(2)(x), layers.Dense(1)(x)]).output_shapes()
[(None, 2), (None, 1)]
""")

add_docstr(Model.output_units, """Size of the last axis of output ``index`` (decides what
'accuracy' means: binary accuracy for one unit).

Args:
    index (int): the output's position.

Returns:
    int: the size of that output's last axis.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, [layers.Dense(2)(x), layers.Dense(1)(x)]).output_units(1)
1
""")

add_docstr(Model.compute_output_shape, """Shape of one sample of each output.

The shapes come from the graph built for the model's inputs; ``input_shape`` is not used.

Args:
    input_shape (tuple or list of tuple): shape of one input sample (no batch axis).

Returns:
    tuple or list of tuple: one output sample's shape, a list for several outputs.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, layers.Dense(2)(x)).compute_output_shape((3,))
(2,)
""")

add_docstr(Model.relevant_nodes, """The graph's nodes (summary shows connections through
these only): one per layer call inside this model. A Sequential model has none.

Returns:
    list: the nodes, in creation (topological) order; empty for a Sequential model.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> len(Model(x, layers.Dense(2)(x)).relevant_nodes())
2
""")

add_docstr(Model.to, """As ``nn.Module.to``; also remembers the device for layers built later.

Args:
    *args: a device (``'cuda'``, ``tinytorch.device``), a dtype, or a tensor, as
        ``nn.Module.to`` takes them.
    **kwargs: ``device=``, ``dtype=``, ``non_blocking=``, as ``nn.Module.to`` takes them.

Returns:
    Model: the model itself, moved.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(2)(x))
>>> model.to('cpu') is model, model.device
(True, device(type='cpu'))
""")

add_docstr(Model.call, """Run the graph on the internal layout (a model nested in another
one runs this); images are NCHW here (see NOTE [Keras layout]).

Args:
    x (Tensor or list of Tensor): the input batch, a list for several inputs.

Returns:
    Tensor or list of Tensor: the outputs, internal layout; a list for several outputs.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, layers.Dense(2)(x)).call(tinytorch.ones(4, 3)).shape
torch.Size([4, 2])
""")

add_docstr(Model.call_internal, """Run on the internal layout when this model is a layer of
another model: :meth:`call`, with keyword arguments (such as ``training``) ignored.

Args:
    x (Tensor or list of Tensor): the input batch, a list for several inputs.
    **kwargs: ignored.

Returns:
    Tensor or list of Tensor: as :meth:`call`.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, layers.Dense(2)(x)).call_internal(tinytorch.ones(4, 3)).shape
torch.Size([4, 2])
""")

add_docstr(Model.call_with_logits, """Outputs for the list of inputs ``xs`` (internal layout),
and per output the logits of its fused activation (see NOTE [Fused softmax cross-entropy]) or
None.

Args:
    xs (list of Tensor): one batch per input, internal layout.
    fused (list or None): per output, the activation whose logits the loss takes
        (:func:`~tinytorch.keras.losses.fusable_activation`) or None; None for no output.

Returns:
    tuple: ``(outputs, logits)``, two lists with one entry per output.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(2, activation='softmax')(x))
>>> outputs, logits = model.call_with_logits([tinytorch.ones(4, 3)], ['softmax'])
>>> outputs[0].shape, logits[0].shape
(torch.Size([4, 2]), torch.Size([4, 2]))
""")

add_docstr(Model.forward, """Run on a batch in Keras' layout (``model(x)``).

Args:
    x (Tensor, array or list): the input batch, channels-last images; a list for several
        inputs. Arrays are converted with ``tinytorch.as_tensor``.

Returns:
    Tensor or list of Tensor: the outputs, Keras' layout; a list for several outputs.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, layers.Dense(2)(x))(tinytorch.ones(4, 3)).shape
torch.Size([4, 2])
""")

add_docstr(Model.keras_weights, """The weights of every layer, in Keras' order, with the
permutation that turns each into Keras' layout.

Returns:
    list of tuple: ``(tensor, permutation or None)`` per weight; a Dense kernel is stored
    ``(out, in)`` (PyTorch's layout) and permuted ``(1, 0)`` to Keras' ``(in, out)``.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> [(tuple(t.shape), perm) for t, perm in Model(x, layers.Dense(2)(x)).keras_weights()]
[((2, 3), (1, 0)), ((2,), None)]
""")

add_docstr(Model.count_trainable_params, """Number of scalars fit() updates: the parameters
of the trainable layers (0 when the model itself is frozen).

Returns:
    int: the count, as the summary's "Trainable params".

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, layers.Dense(2)(x)).count_trainable_params()
8
""")

add_docstr(Model.trainable_parameters, """Parameters of the layers that are trainable now
(what compile() freezes in), each once even when a layer is shared.

Returns:
    list of Parameter: in layer order.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> hidden = layers.Dense(4)
>>> model = Model(x, layers.Dense(2)(hidden(x)))
>>> hidden.trainable = False
>>> [tuple(p.shape) for p in model.trainable_parameters()]
[(2, 4), (2,)]
""")

add_docstr(Model.summary, """Print Keras' table: layer name (type), output shape, parameter
count and, for a model that is not a plain chain, what each layer is connected to; then total,
trainable and non-trainable parameters.

Args:
    line_length (int, optional): width of the table. Default: 65, or 98 with the
        "Connected to" column.
    positions (list, optional): right end of each column, as fractions of ``line_length``
        or as character positions.
    print_fn (callable, optional): called with each line. Default: print to standard output.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,), name='x')
>>> Model(x, layers.Dense(2, name='y')(x), name='net').summary()
Model: "net"
_________________________________________________________________
Layer (type)                 Output Shape              Param #
=================================================================
x (InputLayer)               (None, 3)                 0
_________________________________________________________________
y (Dense)                    (None, 2)                 8
=================================================================
Total params: 8
Trainable params: 8
Non-trainable params: 0
_________________________________________________________________
""")

add_docstr(Model.compile, """Choose the loss(es), optimizer and metrics, and freeze the set
of trainable weights (as Keras: changing ``trainable`` afterwards needs another compile).

Args:
    optimizer (str or Optimizer): e.g. ``'sgd'`` or ``optimizers.SGD(lr=0.1)`` (Keras'
        rules), or a ``tinytorch.optim`` optimizer built on the model's parameters.
        Default: ``'rmsprop'``.
    loss: a name or function for every output, or a list / dict (by output layer name)
        with one per output.
    metrics (list or dict, optional): e.g. ``['accuracy']`` (every output), a dict by
        output name, or a list of lists.
    loss_weights (list or dict, optional): the total loss is the weighted sum of the
        outputs' losses (default weight 1).
    device (str, optional): move the model there (``'cuda'``); fit then uses it. Not a
        Keras argument.

Raises:
    ValueError: if no output gets a loss, or a list / dict of losses, loss weights or metrics
        does not match the outputs.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(1)(x))
>>> model.compile(optimizer='adam', loss='mse', metrics=['mae'])
>>> type(model.optimizer).__name__, model.loss
('Adam', 'mse')
""")

add_docstr(Model.fit, """Train for ``epochs`` passes over ``(x, y)`` (see
:func:`tinytorch.keras._training.fit`).

Args:
    x: the inputs: an array or tensor, or a list (or dict by input layer name) for several
        inputs; or a :class:`~tinytorch.keras.utils.Sequence` (such as
        ``ImageDataGenerator().flow(x, y)``) or an iterator of ``(x, y)`` batches.
    y: the targets, likewise by output (None when ``x`` yields batches).
    batch_size (int, optional): samples per gradient update. Default: 32.
    epochs (int): the epoch to stop at: training runs epochs ``initial_epoch`` to
        ``epochs - 1``. Default: 1.
    verbose (int): 0 silent, 1 a progress bar, 2 one line per epoch. Default: 1.
    callbacks (list of Callback, optional): called during training (a
        :class:`~tinytorch.keras.callbacks.History` always comes first).
    validation_split (float): the fraction of the data held out for validation: the last
        samples, taken before shuffling (not with a generator).
    validation_data (tuple, optional): ``(x_val, y_val)`` evaluated after each epoch; wins
        over ``validation_split``. A third element (Keras' sample weights) is ignored.
    shuffle (bool): reshuffle the samples before each epoch (arrays only). Default: True.
    initial_epoch (int): the epoch to start at (to resume training). Default: 0.
    steps_per_epoch (int, optional): batches an epoch from a generator; a Sequence defaults
        to ``len(x)``.
    device (str, optional): move the model there first. Not a Keras argument.

Returns:
    History: ``history.history`` maps 'loss', per-output losses, metric names and ``'val_…'``
    to per-epoch lists.

Raises:
    RuntimeError: if the model was not compiled.
    ValueError: if the arrays do not match the model's inputs and outputs or each other.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(1, kernel_initializer='zeros')(x))
>>> model.compile('sgd', 'mse')
>>> model.fit(tinytorch.ones(4, 3), tinytorch.ones(4, 1), epochs=2, verbose=0).epoch
[0, 1]
""")

add_docstr(Model.fit_generator, """Keras 2's name for :meth:`fit` on a generator of
``(x, y)`` batches.

Args:
    generator: a :class:`~tinytorch.keras.utils.Sequence` or an iterator of ``(x, y)``
        batches.
    steps_per_epoch (int, optional): batches an epoch (needed for an iterator; a Sequence
        defaults to ``len(generator)``).
    epochs (int): the epoch to stop at. Default: 1.
    verbose (int): 0 silent, 1 a progress bar, 2 one line per epoch. Default: 1.
    callbacks (list of Callback, optional): called during training.
    validation_data (tuple, optional): ``(x_val, y_val)`` evaluated after each epoch.
    initial_epoch (int): the epoch to start at. Default: 0.

Returns:
    History: as :meth:`fit`.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(1)(x))
>>> model.compile('sgd', 'mse')
>>> def batches():
...     while True:
...         yield tinytorch.ones(4, 3), tinytorch.ones(4, 1)
>>> list(model.fit_generator(batches(), steps_per_epoch=2, verbose=0).history)
['loss']
""")

add_docstr(Model.evaluate, """Loss and metrics on ``(x, y)``, in batches, without updating
the weights.

Args:
    x: the inputs: an array or tensor, or a list (or dict by input layer name).
    y: the targets, likewise by output.
    batch_size (int, optional): samples per batch. Default: 32.
    verbose (int): 1 shows a progress bar, 0 nothing. Default: 1.

Returns:
    float or list: the loss alone when there is nothing else, else ``[loss, *output losses,
    *metrics]`` (per-output losses only for several outputs).

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(1, kernel_initializer='zeros')(x))
>>> model.compile('sgd', 'mse', metrics=['mae'])
>>> model.evaluate(tinytorch.ones(4, 3), tinytorch.ones(4, 1), verbose=0)
[1.0, 1.0]
""")

add_docstr(Model.predict, """Outputs for ``x`` as a NumPy array per output (a list for
several outputs).

With a softmax output each row sums to 1 and ``argmax`` is the predicted class.

Args:
    x: the inputs: an array or tensor, or a list (or dict by input layer name).
    batch_size (int, optional): samples per batch. Default: 32.
    verbose (int): 1 shows a progress bar. Default: 0.

Returns:
    numpy.ndarray or list of numpy.ndarray: the outputs, Keras' layout.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, layers.Dense(1, kernel_initializer='zeros')(x)).predict(tinytorch.ones(2, 3))
array([[0.],
       [0.]], dtype=float32)
""")

add_docstr(Model.train_on_batch, """One optimizer step on one batch.

Args:
    x: the batch's inputs (an array or tensor, a list or dict for several inputs).
    y: the batch's targets, likewise by output.

Returns:
    float or list: the batch's loss before the step (and metrics, as :meth:`evaluate`).

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(1, kernel_initializer='zeros')(x))
>>> model.compile('sgd', 'mse')
>>> model.train_on_batch(tinytorch.ones(4, 3), tinytorch.ones(4, 1))
1.0
""")

add_docstr(Model.test_on_batch, """Loss (and metrics) on one batch, without updating the
weights.

Args:
    x: the batch's inputs (an array or tensor, a list or dict for several inputs).
    y: the batch's targets, likewise by output.

Returns:
    float or list: as :meth:`evaluate`.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(1, kernel_initializer='zeros')(x))
>>> model.compile('sgd', 'mse')
>>> model.test_on_batch(tinytorch.ones(4, 3), tinytorch.zeros(4, 1))
0.0
""")

add_docstr(Model.predict_on_batch, """Outputs for one batch (as :meth:`predict`).

Args:
    x: the batch's inputs (an array or tensor, a list or dict for several inputs).

Returns:
    numpy.ndarray or list of numpy.ndarray: as :meth:`predict`.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, layers.Dense(2)(x)).predict_on_batch(tinytorch.ones(4, 3)).shape
(4, 2)
""")

add_docstr(Model.get_config, """Keras' functional config: layers with their inbound nodes,
input and output layers (see :mod:`tinytorch.keras._saving`).

Returns:
    dict: ``name``, ``layers`` (each with ``class_name``, ``config`` and ``inbound_nodes``),
    ``input_layers`` and ``output_layers``.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,), name='x')
>>> config = Model(x, layers.Dense(2, name='y')(x)).get_config()
>>> config['input_layers'], config['output_layers']
([['x', 0, 0]], [['y', 0, 0]])
""")

add_docstr(Model.from_config.__func__, """Recreate an (untrained) model from
:meth:`get_config`'s output.

Args:
    config (dict): what :meth:`get_config` returned.

Returns:
    Model: a new model, weights freshly initialised.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model.from_config(Model(x, layers.Dense(2)(x)).get_config()).output_shape
(None, 2)
""")

add_docstr(Model.to_json, """The architecture as a JSON string (no weights).

Args:
    **kwargs: passed to ``json.dumps``, such as ``indent``.

Returns:
    str: ``{"class_name": ..., "config": ..., "keras_version": ..., "backend": ...}``;
    :func:`~tinytorch.keras.models.model_from_json` reads it back.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> json.loads(Model(x, layers.Dense(2)(x)).to_json())['class_name']
'Model'
""")

add_docstr(Model.to_yaml, """The architecture as YAML (needs PyYAML:
``pip install tinytorch[yaml]``).

Args:
    **kwargs: passed to ``yaml.safe_dump``.

Returns:
    str: the :meth:`to_json` content as YAML;
    :func:`~tinytorch.keras.models.model_from_yaml` reads it back.

>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> Model(x, layers.Dense(2)(x)).to_yaml().splitlines()[0]
'backend: tinytorch'
""")

add_docstr(Model.save_weights, """Write the weights (``state_dict``) with ``tinytorch.save``
(safetensors + JSON; not Keras' HDF5).

Args:
    filepath (str or os.PathLike): the file to write.

>>> import tempfile
>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(2)(x))
>>> with tempfile.TemporaryDirectory() as d:
...     model.save_weights(os.path.join(d, 'weights.safetensors'))
...     os.listdir(d)
['weights.safetensors']
""")

add_docstr(Model.load_weights, """Load weights written by :meth:`save_weights` into this
model (a Sequential model is built first if needed).

Args:
    filepath (str or os.PathLike): the file :meth:`save_weights` wrote.

>>> import tempfile
>>> from tinytorch.keras import Input, layers
>>> x = Input(shape=(3,))
>>> model, copy = Model(x, layers.Dense(2, name='d')(x)), Model(x, layers.Dense(2, name='d')(x))
>>> with tempfile.TemporaryDirectory() as d:
...     model.save_weights(os.path.join(d, 'w.safetensors'))
...     copy.load_weights(os.path.join(d, 'w.safetensors'))
>>> bool((copy.get_weights()[0] == model.get_weights()[0]).all())
True
""")

add_docstr(Model.save, """Write architecture, weights and compile settings to one file (no
pickle, no HDF5); :func:`~tinytorch.keras.models.load_model` reads it back.

The compile settings are kept when loss and metrics are given by name; the optimizer's
config is kept, not its state.

Args:
    filepath (str or os.PathLike): the file to write.

>>> import tempfile
>>> from tinytorch.keras import Input, layers, models
>>> x = Input(shape=(3,))
>>> model = Model(x, layers.Dense(2)(x))
>>> with tempfile.TemporaryDirectory() as d:
...     model.save(os.path.join(d, 'model.safetensors'))
...     models.load_model(os.path.join(d, 'model.safetensors')).output_shape
(None, 2)
""")
