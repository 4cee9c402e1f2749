"""The functional API's graph: symbolic tensors, the nodes layers record when called on them,
and running the recorded graph on real tensors.

# NOTE [Functional graph]
``Input(shape)`` returns a :class:`KerasTensor`: a shape ``(None, …)``, a dtype and the
:class:`Node` that produced it. Calling a layer on KerasTensors builds the layer for their
shapes, appends a Node to ``layer.inbound_nodes`` (its index there is Keras' *node index*;
a shared layer has one node per call) and returns new KerasTensors. ``Model(inputs,
outputs)`` walks back from the outputs to collect the nodes it needs; nodes are numbered
as they are created, so creation order is a topological order. Running the model feeds real
tensors through those nodes in that order. A layer whose ``compute_output_shape`` returns a
list of shapes has several outputs (a recurrent layer's ``return_state``); calling it on
KerasTensors returns a list of them. Keyword arguments may hold KerasTensors too (a
decoder's ``initial_state=encoder_states``): they become inputs of the node after the
positional ones, and are handed back under their keyword when the graph runs.
"""

import itertools

_ORDER = itertools.count()


class KerasTensor:
    """A symbolic tensor of a functional model: shape ``(None, …)``, dtype, producing node.

    Args:
        shape (tuple): Keras layout, batch axis first (``None``).
        dtype (str): e.g. ``'float32'``; ``Input(dtype='int64')`` gives integer inputs.
        node (Node): the call that produced it. index (int): which of its outputs.
    """

    def __init__(self, shape, dtype, node, index):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.node = node
        self.index = index

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def name(self):
        """``layer_name`` for a layer's first output, ``layer_name:i`` for the others."""
        layer = self.node.layer.name
        return layer if self.index == 0 else f"{layer}:{self.index}"

    def history(self):
        """``(layer, node_index, tensor_index)``: Keras' ``_keras_history``."""
        return self.node.layer, self.node.index, self.index

    def __repr__(self):
        return (f"<KerasTensor: shape={self.shape} dtype={self.dtype} "
                f"(created by layer '{self.node.layer.name}')>")


class Node:
    """One call of ``layer`` on KerasTensors; records what a model needs to replay it."""

    def __init__(self, layer, inputs, list_input, kwargs):
        self.layer = layer
        self.inputs = list(inputs)
        self.positional = len(self.inputs)
        self.list_input = list_input  # the layer takes a list (merge layers)
        self.kwargs = {}
        self.symbolic_kwargs = {}  # keyword -> (first input index, count, given as a list)
        for key, value in kwargs.items():
            group = value if isinstance(value, (list, tuple)) else [value]
            if group and all(isinstance(t, KerasTensor) for t in group):
                self.symbolic_kwargs[key] = (len(self.inputs), len(group),
                                             isinstance(value, (list, tuple)))
                self.inputs.extend(group)
            else:
                self.kwargs[key] = value
        self.outputs = []
        self.list_output = False
        self.index = len(layer.inbound_nodes)
        self.order = next(_ORDER)
        layer.inbound_nodes.append(self)

    def inbound_history(self):
        """``[(layer, node_index, tensor_index)]`` of the inputs (summary's Connected to)."""
        return [t.history() for t in self.inputs]

    def arguments(self, values):
        """(positional argument, keyword arguments) for the layer, from the input values."""
        args = values[:self.positional]
        kwargs = dict(self.kwargs)
        for key, (start, count, as_list) in self.symbolic_kwargs.items():
            group = values[start:start + count]
            kwargs[key] = list(group) if as_list else group[0]
        return (args if self.list_input else args[0]), kwargs


def is_shape_list(shape):
    """True for a list of shapes (several inputs or outputs), False for one shape."""
    return isinstance(shape, list) or (isinstance(shape, tuple) and bool(shape)
                                       and isinstance(shape[0], (tuple, list)))


def is_symbolic(inputs):
    """Whether a layer call gets KerasTensors (and so records a node)."""
    if isinstance(inputs, (list, tuple)):
        return any(isinstance(t, KerasTensor) for t in inputs)
    return isinstance(inputs, KerasTensor)


def make_input_node(layer, shape, dtype):
    """The node of an ``InputLayer``: no inputs, one KerasTensor out."""
    node = Node(layer, [], False, {})
    node.outputs = [KerasTensor((None, *shape), dtype, node, 0)]
    return node.outputs[0]


def call_symbolic(layer, inputs, kwargs):
    """``layer(inputs)`` on KerasTensors: build, record a Node, return output KerasTensor(s).

    Raises:
        TypeError: if real tensors and KerasTensors are mixed.
    """
    list_input = isinstance(inputs, (list, tuple))
    flat = list(inputs) if list_input else [inputs]
    if not flat or not all(isinstance(t, KerasTensor) for t in flat):
        raise TypeError(f"Layer {layer.name!r} was called on a mix of symbolic (Input()) and "
                        f"real tensors: {flat!r}. In a functional model every input must "
                        f"come from Input() or another layer.")
    shapes = [t.shape[1:] for t in flat]
    out = layer.ensure_built(shapes if list_input else shapes[0])
    node = Node(layer, flat, list_input, kwargs)
    node.list_output = is_shape_list(out)
    out_shapes = list(out) if node.list_output else [out]
    node.outputs = [KerasTensor((None, *s), "float32", node, i) for i, s in enumerate(out_shapes)]
    return list(node.outputs) if node.list_output else node.outputs[0]


def collect_nodes(inputs, outputs):
    """The nodes that compute ``outputs`` from ``inputs``, in creation (topological) order.

    Raises:
        ValueError: when an output depends on an Input that is not among ``inputs``.
    """
    given = {id(t) for t in inputs}
    seen = {id(t.node): t.node for t in inputs}
    stack = [t.node for t in outputs]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen[id(node)] = node
        if not node.inputs:
            tensor = node.outputs[0]
            if id(tensor) not in given:
                done = [n.layer.name for n in seen.values() if n is not node]
                raise ValueError(f"Graph disconnected: cannot obtain value for tensor {tensor} "
                                 f"at layer {node.layer.name!r}. The following previous "
                                 f"layers were accessed without issue: {done}")
        stack.extend(t.node for t in node.inputs)
    return sorted(seen.values(), key=lambda n: n.order)


def run(nodes, inputs, values, outputs, fused=None):
    """Feed ``values`` (tensors for ``inputs``, internal layout) through ``nodes``.

    ``fused[i]`` names an activation whose logits to return for output ``i`` when the layer
    producing it applies that activation (see NOTE [Fused softmax cross-entropy]).

    Returns:
        (list of output tensors, list of logits or None per output)
    """
    env = {id(t): v for t, v in zip(inputs, values)}
    wanted = {}
    for i, (t, activation) in enumerate(zip(outputs, fused or [None] * len(outputs))):
        if activation is not None:
            wanted[id(t)] = (i, activation)
    logits = [None] * len(outputs)
    for node in nodes:
        if not node.inputs:
            continue
        arg, kwargs = node.arguments([env[id(t)] for t in node.inputs])
        fuse = wanted.get(id(node.outputs[0])) if not node.list_output else None
        if fuse is not None and node.layer.fusable(fuse[1]) and not kwargs:
            logits[fuse[0]] = node.layer.pre_activation(arg)
            result = node.layer.activate(logits[fuse[0]])
        else:
            result = node.layer.call_internal(arg, **kwargs)
        results = list(result) if node.list_output else [result]
        for t, value in zip(node.outputs, results):
            env[id(t)] = value
    return [env[id(t)] for t in outputs], logits
