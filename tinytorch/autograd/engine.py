"""The backward engine: iterative topological order with dependency counting.

Gradients flow as backend arrays, or as Tensors when ``create_graph=True`` (then every
backward formula runs on tinytorch ops and is itself recorded; see NOTE [Double backward]).
"""

from itertools import filterfalse

from tinytorch import _tensor
from tinytorch.autograd import anomaly
from tinytorch.autograd import grad_mode
from tinytorch.autograd.graph_backend import GraphBackend



def _dependencies(roots):
    """Count, for each node reachable from ``roots``, the edges that point to it."""
    deps = dict.fromkeys(roots, 0)  # a root reached from another root is counted, not pushed
    stack = list(roots)
    while stack:
        for edge in stack.pop().next_edges:
            if edge is not None and edge[1] is not None:  # see NOTE [Edges]
                child = edge[0]
                if child in deps:
                    deps[child] += 1
                else:
                    deps[child] = 1
                    stack.append(child)
    return deps


def _call_backward(node, grads, create_graph):
    """The op's backward through ``run_backward`` (user Functions wrap their gradients there);
    raises the second-backward error for a freed graph and, for create_graph, runs it recorded
    (see NOTE [Double backward])."""
    if node.saved is None:
        node.saved_tensors  # raises the "backward through the graph a second time" error
    op = node.op
    if not create_graph:
        return op.run_backward(node, grads)  # run_backward's caller disabled grad mode
    node.graph_mode = True
    node.backend = GraphBackend(node.backend, node)
    try:
        with grad_mode.enable_grad():
            return op.run_backward(node, grads)
    finally:
        node.backend = node.backend.base
        node.graph_mode = False


def _count_error(node, result):
    return RuntimeError(
        f"function {node.name()} returned an incorrect number of gradients "
        f"(expected {len(node.next_edges)}, got {len(result)})")


def _edge_index(node, edge):
    return next(i for i, e in enumerate(node.next_edges) if e is edge)


# NOTE [Broadcast reduction in backward]
# As in PyTorch's engine, a backward may return an input's gradient in a shape the input
# broadcasts to (the output's, for the broadcasting arithmetic ops); the engine sums it back
# to the input's shape, so no op repeats that reduction. Any other shape, and any dtype other
# than the input's, is the op's error.


def _fit_grad(node, edge, g, create_graph):
    """``g`` summed to its input's shape (see NOTE [Broadcast reduction in backward]), or the
    error naming the op when it cannot be."""
    shape, dtype = edge[2], edge[3]
    data = g._data if create_graph else g
    if data.dtype != dtype:
        raise RuntimeError(
            f"Function {node.name()} returned an invalid gradient at index "
            f"{_edge_index(node, edge)} - expected "
            f"dtype {dtype} but got {data.dtype} (shapes {list(data.shape)} and {list(shape)})")
    if not _broadcasts_to(shape, data.shape):
        raise RuntimeError(
            f"Function {node.name()} returned an invalid gradient at index "
            f"{_edge_index(node, edge)} - got "
            f"{list(data.shape)} but expected shape compatible with {list(shape)}")
    if not create_graph:
        return node.backend.sum_to(g, shape)
    with grad_mode.enable_grad():  # the reduction is part of the recorded backward
        return GraphBackend(node.backend, node).sum_to(g, shape)


def _broadcasts_to(shape, target):
    if len(shape) > len(target):
        return False
    return all(n == 1 or n == m for n, m in zip(shape, target[len(target) - len(shape):]))


class _Run:
    """One backward pass: where gradients go (leaf .grad, or captured for autograd.grad)."""

    def __init__(self, create_graph, capture, accumulate_only):
        self.create_graph = create_graph
        self.capture = capture  # {id(leaf) or (node, nr): position} for autograd.grad
        self.captured = {}
        self.accumulate_only = accumulate_only  # ids of leaves backward(inputs=...) fills
        self.stolen = set()

    def to_leaf(self, leaf, g):
        if leaf._hooks:
            for hook in leaf._hooks:
                out = hook(self.wrap(g, leaf._backend))
                if out is not None:
                    g = out if self.create_graph else out._data
        if self.capture is not None:
            key = id(leaf)
            if key in self.capture:
                self._capture(self.capture[key], g)
            return
        if self.accumulate_only is not None and id(leaf) not in self.accumulate_only:
            return
        self.accumulate(leaf, g)

    def accumulate(self, leaf, g):
        grad = leaf.grad
        if self.create_graph:
            leaf.grad = g if grad is None else grad + g
        elif grad is not None:
            leaf._backend.add_(grad._data, g)  # in place: see NOTE [Gradient aliasing]
        else:
            # Steal the array when nothing else can see it; see NOTE [Gradient aliasing].
            backend = leaf._backend
            stolen = self.stolen
            if id(g) in stolen or not backend.is_owner(g):
                g = backend.copy(g)
            stolen.add(id(g))
            leaf.grad = _tensor.Tensor._make(g, backend)

    def _capture(self, pos, g):
        prev = self.captured.get(pos)
        self.captured[pos] = g if prev is None else prev + g

    def wrap(self, g, backend):
        return g if self.create_graph else _tensor.Tensor._make(g, backend)


# NOTE [Gradient aliasing]
# A backward may hand the same array to two inputs (add returns (g, g)) or a view of a
# buffer (reshape). A leaf's .grad is later updated in place (optimizer, zero_grad, the next
# accumulation), so a new .grad only takes a gradient array it owns alone; otherwise it gets
# a copy. Once .grad exists, a plain backward adds into it in place, as PyTorch's
# AccumulateGrad does (`variable_grad += new_grad`): `g = x.grad; loss.backward()` updates g
# too, and a .grad that is a view adds into its base.


def run_backward(roots, root_grads, retain_graph, create_graph, capture=None,
                 accumulate_only=None):
    """Propagate ``root_grads`` from ``roots`` (Tensors) through the graph."""
    if create_graph:
        return _run(roots, root_grads, retain_graph, True, capture, accumulate_only)
    # no_grad() by hand: a context-manager object per backward costs more than the tiny graph
    state = grad_mode._state
    prev = state.enabled
    state.enabled = False
    try:
        return _run(roots, root_grads, retain_graph, False, capture, accumulate_only)
    finally:
        state.enabled = prev


def _run(roots, root_grads, retain_graph, create_graph, capture, accumulate_only):
    run = _Run(create_graph, capture, accumulate_only)
    buffers = {}  # see NOTE [Gradient buffers]
    root_nodes = []
    for t, g in zip(roots, root_grads):
        if t.grad_fn is None:
            run.to_leaf(t, g)
            continue
        if t.grad_fn not in buffers:
            root_nodes.append(t.grad_fn)
        _buffer(buffers, t.grad_fn, t._output_nr, g)
    deps = _dependencies(root_nodes)
    ready = list(filterfalse(deps.__getitem__, root_nodes))  # no comprehension frame
    check_nan = anomaly.active and anomaly.nan_check
    # Leaves without hooks in a plain backward go straight to accumulate (skips to_leaf).
    plain = capture is None and accumulate_only is None
    capturing = capture is not None
    while ready:
        node = ready.pop()
        g = buffers.pop(node)
        edges = node.next_edges
        op = node.op
        try:
            if node.prepare or capturing:
                grads = _prepare(node, g if node.n_outputs > 1 else [g], run)
                result = ((None,) * len(edges) if grads is None
                          else _call_backward(node, grads, create_graph))
            elif create_graph or op.takes_tensors or node.saved is None:
                result = _call_backward(node, (g,), create_graph)
            else:  # the common case inline: a built-in op's plain backward through a live graph
                result = op.backward(node, g)
        except Exception:
            if anomaly.active:
                anomaly.warn_forward_trace(node)
            raise
        if type(result) is not tuple:
            result = (result,)
        if len(result) != len(edges):
            raise _count_error(node, result)
        if not retain_graph:
            node.saved = None
        for edge, g in zip(edges, result):
            if edge is None or g is None:
                continue
            target, nr, shape, dtype = edge  # see NOTE [Edges]
            data = g._data if create_graph else g
            if data.shape != shape or data.dtype != dtype:
                g = _fit_grad(node, edge, g, create_graph)
            if check_nan:
                anomaly.check_gradient(node, _edge_index(node, edge), g, node.backend)
            if nr is None:
                if not plain or target._hooks is not None:
                    run.to_leaf(target, g)
                elif target.grad is not None and not create_graph:
                    target._backend.add_(target.grad._data, g)  # see NOTE [Gradient aliasing]
                else:
                    run.accumulate(target, g)
                continue
            if target.n_outputs == 1:  # _buffer's common case, inline
                prev = buffers.get(target)
                buffers[target] = g if prev is None else prev + g
            else:
                _buffer(buffers, target, nr, g)
            left = deps[target] - 1
            deps[target] = left
            if left == 0:
                ready.append(target)
    return run.captured


# NOTE [Gradient buffers]
# The gradient flowing into a node waits in buffers[node] until every edge to the node has
# delivered: the gradient itself for a node with one output (almost all of them), a list
# with one slot per output (None until one arrives) for a node with several.


def _buffer(buffers, node, nr, g):
    """Add ``g`` to what is buffered for output ``nr`` of ``node``."""
    if node.n_outputs == 1:
        prev = buffers.get(node)
        buffers[node] = g if prev is None else prev + g
        return
    buf = buffers.get(node)
    if buf is None:
        buf = buffers[node] = [None] * node.n_outputs
    buf[nr] = g if buf[nr] is None else buf[nr] + g


def _prepare(node, grads, run):
    """Run tensor hooks, retain_grad and capture for ``node``'s outputs; fill missing grads
    with zeros (or return None when every gradient is missing and none is needed)."""
    if node.tensor_hooks:
        for nr, hooks in node.tensor_hooks.items():
            for hook in hooks:
                if grads[nr] is not None:
                    out = hook(run.wrap(grads[nr], node.backend))
                    if out is not None:
                        grads[nr] = out if run.create_graph else out._data
    if node.retained:
        for nr, ref in node.retained.items():
            t = ref()
            if t is not None and grads[nr] is not None:
                g = grads[nr] if run.create_graph else node.backend.copy(grads[nr])
                if t.grad is None:
                    t.grad = run.wrap(g, node.backend)
                else:
                    t.grad = run.wrap(t.grad + g if run.create_graph else t.grad._data + g,
                                      node.backend)
    if run.capture is not None:
        for nr, g in enumerate(grads):
            pos = run.capture.get((node, nr))
            if pos is not None and g is not None:
                run._capture(pos, g)
    if all(g is None for g in grads):
        return None
    if node.materialize_grads and any(g is None for g in grads):
        grads = [g if g is not None else _zeros_for(node, nr, run) for nr, g in enumerate(grads)]
    return grads


def _zeros_for(node, nr, run):
    shape, dtype = node.output_meta[nr]
    z = node.backend.zeros(shape, dtype)
    return run.wrap(z, node.backend) if run.create_graph else z
