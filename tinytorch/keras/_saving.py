"""Model definitions as Keras 2 configs: JSON and YAML text, and whole-model files.

A functional model's config lists its layers, each with ``inbound_nodes``: one entry per call
of the layer inside this model, ``[[layer_name, node_index, tensor_index, kwargs], ...]``,
with node indices counted among this model's nodes (as Keras does), and the model's
``input_layers`` / ``output_layers`` as ``[layer_name, node_index, tensor_index]``.
Rebuilding calls the layers again in an order where every input already exists.
YAML is read with ``yaml.safe_load`` only (no Python objects are ever constructed).
"""

import json
import os

import tinytorch


def layer_spec(layer):
    """``{"class_name": ..., "config": ...}`` of a layer or a nested model."""
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def functional_config(model):
    """The config of a functional ``model`` (see the module doc)."""
    nodes = model.relevant_nodes()
    local = {}  # id(node) -> its index among this model's nodes of the same layer
    for node in nodes:
        local[id(node)] = sum(1 for n in nodes if n.layer is node.layer and n.order < node.order)
    layers = []
    for layer in model.layers:
        inbound = [_node_entries(node, local) for node in nodes
                   if node.layer is layer and node.inputs]
        layers.append({"name": layer.name, **layer_spec(layer), "inbound_nodes": inbound})

    def ends(tensors):
        return [[t.node.layer.name, local[id(t.node)], t.index] for t in tensors]
    return {"name": model.name, "layers": layers, "input_layers": ends(model.inputs),
            "output_layers": ends(model.outputs)}


def _node_entries(node, local):
    """Keras' ``[layer_name, node_index, tensor_index, kwargs]`` per input; an input given
    as a keyword argument carries ``{"_keyword": name, "_list": bool}`` instead."""
    keyword = {}
    for key, (start, count, as_list) in node.symbolic_kwargs.items():
        for i in range(start, start + count):
            keyword[i] = {"_keyword": key, "_list": as_list}
    return [[t.node.layer.name, local[id(t.node)], t.index, keyword.get(i, node.kwargs)]
            for i, t in enumerate(node.inputs)]


def _call_node(layer, entries, produced):
    """Call ``layer`` as one saved node describes; its output(s) as a list."""
    args, kwargs = [], {}
    for inbound, n, t, *rest in entries:
        value = produced[(inbound, n)][t]
        extra = rest[0] if rest else {}
        if "_keyword" in extra:
            key = extra["_keyword"]
            if extra["_list"]:
                kwargs.setdefault(key, []).append(value)
            else:
                kwargs[key] = value
        else:
            args.append(value)
            kwargs.update(extra)
    out = layer(args if len(args) > 1 else args[0], **kwargs)
    return out if isinstance(out, list) else [out]


def functional_from_config(config):
    """Recreate a functional model from :func:`functional_config`'s output."""
    from tinytorch.keras._model import Model
    layers = {spec["name"]: model_from_config(spec) for spec in config["layers"]}
    produced = {}  # (layer name, node index) -> output KerasTensor(s) as a list
    for name, layer in layers.items():
        if type(layer).__name__ == "InputLayer":
            produced[(name, 0)] = [layer.output]
    pending = [(spec["name"], i, node) for spec in config["layers"]
               for i, node in enumerate(spec["inbound_nodes"])]
    while pending:
        waiting = []
        for name, index, node in pending:
            if all((inbound, n) in produced for inbound, n, *_ in node):
                produced[(name, index)] = _call_node(layers[name], node, produced)
            else:
                waiting.append((name, index, node))
        if len(waiting) == len(pending):
            raise ValueError(f"Cannot rebuild the model: the inputs of {waiting[0][0]!r} are "
                             f"never produced")
        pending = waiting

    def ends(entries):
        return [produced[(name, n)][t] for name, n, t in entries]
    inputs, outputs = ends(config["input_layers"]), ends(config["output_layers"])
    return Model(inputs[0] if len(inputs) == 1 else inputs,
                 outputs[0] if len(outputs) == 1 else outputs, name=config["name"])


def model_from_config(config):
    """A layer or model from ``{"class_name": ..., "config": ...}``.

    Args:
        config (dict): a layer's or model's class name and config, as in a model's JSON
            (Keras' ``custom_objects`` are not supported: only tinytorch.keras' classes).

    Returns:
        Layer or Model: a new layer, or a model with freshly initialised weights.

    >>> layer = model_from_config({'class_name': 'Dense', 'config': {'units': 4}})
    >>> type(layer).__name__, layer.units
    ('Dense', 4)
    """
    from tinytorch.keras import layers as layers_module
    from tinytorch.keras import models
    name = config["class_name"]
    if name in ("Sequential", "Model", "Functional"):
        cls = models.Sequential if name == "Sequential" else models.Model
        return cls.from_config(config["config"])
    return layers_module.deserialize(config)


def _from_spec(spec):
    if not isinstance(spec, dict) or "class_name" not in spec:
        raise ValueError("not a Keras model definition (no 'class_name')")
    return model_from_config(spec)


def model_from_json(json_string):
    """Recreate a model from ``to_json()`` text (weights freshly initialised).

    Args:
        json_string (str): the text :meth:`Model.to_json` wrote (Keras' ``custom_objects``
            are not supported).

    Returns:
        Model: a new, uncompiled model.

    Raises:
        ValueError: if the text is not a model definition (no ``class_name``).

    >>> from tinytorch.keras import Input, layers
    >>> from tinytorch.keras.models import Model, model_from_json
    >>> x = Input(shape=(3,))
    >>> clone = model_from_json(Model(x, layers.Dense(2)(x)).to_json())
    >>> clone.output_shape
    (None, 2)
    """
    return _from_spec(json.loads(json_string))


def _yaml():
    try:
        import yaml
    except ImportError as error:
        raise ImportError("YAML model definitions need PyYAML: pip install 'tinytorch[yaml]'"
                          ) from error
    return yaml


def dump_yaml(spec, **kwargs):
    """``spec`` as YAML text (``yaml.safe_dump``: plain lists, dicts, strings, numbers)."""
    return _yaml().safe_dump(spec, **kwargs)


def model_from_yaml(yaml_string):
    """Recreate a model from ``to_yaml()`` text; parsed with ``yaml.safe_load``.

    Args:
        yaml_string (str): the text :meth:`Model.to_yaml` wrote.

    Returns:
        Model: a new, uncompiled model (weights freshly initialised).

    Raises:
        ImportError: without PyYAML (``pip install 'tinytorch[yaml]'``).
        ValueError: if the text is not a model definition (no ``class_name``).

    >>> from tinytorch.keras import Sequential, layers
    >>> text = Sequential([layers.Dense(2, input_shape=(3,))]).to_yaml()
    >>> model_from_yaml(text).output_shape
    (None, 2)
    """
    return _from_spec(_yaml().safe_load(yaml_string))


def load_model(filepath, compile=True):
    """Load a model written by ``model.save``: architecture, weights and (when ``compile``)
    its loss, optimizer, metrics and loss weights.

    Args:
        filepath (str or os.PathLike): the file :meth:`Model.save` wrote (tinytorch's
            safetensors format; Keras' HDF5 files cannot be read).
        compile (bool): compile the model with the saved settings, when it was compiled
            with named losses and metrics. The optimizer starts afresh: its state (moments,
            ``iterations``) is not saved.

    Returns:
        Model: the model, with the saved weights.

    >>> import os, tempfile
    >>> from tinytorch.keras import Sequential, layers
    >>> model = Sequential([layers.Dense(2, input_shape=(3,))])
    >>> model.compile('sgd', 'mse')
    >>> with tempfile.TemporaryDirectory() as d:
    ...     model.save(os.path.join(d, 'model.safetensors'))
    ...     loaded = load_model(os.path.join(d, 'model.safetensors'))
    >>> loaded.loss, type(loaded.optimizer).__name__
    ('mse', 'SGD')
    """
    saved = tinytorch.load(os.fspath(filepath))
    model = model_from_json(saved["model_config"])
    model.load_state_dict(saved["weights"])
    training = json.loads(saved["training_config"])
    if compile and training:
        model.compile(training.get("optimizer", "rmsprop"), training["loss"],
                      training["metrics"], training.get("loss_weights"))
    return model
