"""``model.summary()``: Keras 2's table.

A Sequential model, or a functional one that is a plain chain, gets three columns on 65
characters (``Layer (type)``, ``Output Shape``, ``Param #``); any other functional model gets
Keras' fourth column, ``Connected to``, on 98 characters: one ``layer[node_index][tensor_index]``
per input, the first beside the layer and the rest on lines of their own (a shared layer has
one node per call, so ``dense[1][0]`` is its second call's output). As in Keras, a layer name
wider than its column is cut; a figure (shape, count, connection) never is: it pushes the
next column right instead.
"""

from tinytorch.keras import _console


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """Print ``model``'s table through ``print_fn`` (one call per line)."""
    print_fn = print_fn or _console.echo
    if not model.built:
        model.build()
    chain = _is_chain(model)
    line_length = line_length or (65 if chain else 98)
    positions = positions or ([0.45, 0.85, 1.0] if chain else [0.33, 0.55, 0.67, 1.0])
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    header = ["Layer (type)", "Output Shape", "Param #"] + ([] if chain else ["Connected to"])
    relevant = {id(n) for n in model.relevant_nodes()}
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    print_fn(_row(header, positions))
    print_fn("=" * line_length)
    layers = model.layers
    for i, layer in enumerate(layers):
        cells = [f"{layer.name} ({type(layer).__name__})", _output_shape(layer, relevant),
                 layer.count_params()]  # a plain integer, as Keras 2 and the book print it
        if chain:
            print_fn(_row(cells, positions))
        else:
            connections = _connections(layer, relevant) or [""]
            print_fn(_row(cells + connections[:1], positions))
            for connection in connections[1:]:
                print_fn(_row(["", "", "", connection], positions))
        print_fn(("=" if i == len(layers) - 1 else "_") * line_length)
    total, trainable = model.count_params(), model.count_trainable_params()
    print_fn(f"Total params: {total:,}")
    print_fn(f"Trainable params: {trainable:,}")
    print_fn(f"Non-trainable params: {total - trainable:,}")
    print_fn("_" * line_length)


def _row(cells, positions):
    line = ""
    for i, (cell, stop) in enumerate(zip(cells, positions)):
        text = str(cell)
        if i == 0:
            # Keras' print_row cuts a cell at its column's end and turns the last character
            # into the separating space: "max_pooling2d_1 (MaxPooling2D)" keeps 28 chars
            line = text[:stop - 1].ljust(stop)
            continue
        line += text
        line = line.ljust(stop) if len(line) < stop else line + " "
    return line.rstrip()


def _is_chain(model):
    """Keras' ``sequential_like``: one input, one output, every node fed by at most one
    layer, no tensor feeding two nodes and no layer called twice."""
    nodes = model.relevant_nodes()
    if not nodes:
        return True
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return False
    consumers, layers = {}, set()
    for node in nodes:
        if len(node.inputs) > 1 or id(node.layer) in layers:
            return False
        layers.add(id(node.layer))
        for t in node.inputs:
            consumers[id(t)] = consumers.get(id(t), 0) + 1
    return all(count == 1 for count in consumers.values())


def _output_shape(layer, relevant):
    shapes = [_shape_text(_node_shape(n)) for n in layer.inbound_nodes if id(n) in relevant]
    if len(set(shapes)) > 1:
        return "multiple"
    return shapes[0] if shapes else _shape_text(layer.output_shape)


def _node_shape(node):
    shapes = [t.shape for t in node.outputs]
    return shapes if node.list_output else shapes[0]


def _connections(layer, relevant):
    return [f"{inbound.name}[{node_index}][{tensor_index}]"
            for node in layer.inbound_nodes if id(node) in relevant
            for inbound, node_index, tensor_index in node.inbound_history()]


def _shape_text(shape):
    if isinstance(shape, list):
        return "[" + ", ".join(_shape_text(s) for s in shape) + "]"
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
