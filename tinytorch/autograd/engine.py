"""The backward engine: iterative topological order with dependency counting.

Gradients flow as backend arrays, or as Tensors when ``create_graph=True`` (then every
backward formula runs on tinytorch ops and is itself recorded; see NOTE [Double backward]).
"""

from itertools import filterfalse
from sys import getrefcount

from tinytorch import _anomaly
from tinytorch import _grad_mode
from tinytorch import _profiling
from tinytorch import _tensor
from tinytorch._dtype import from_native
from tinytorch.autograd.graph_backend import GraphBackend



def _dependencies(roots):
    """Count, for each node reachable from ``roots`` and each leaf with hooks, the edges that
    point to it (a leaf with hooks sees its gradient once, summed, as in PyTorch)."""
    deps = dict.fromkeys(roots, 0)  # a root reached from another root is counted, not pushed
    stack = list(roots)
    while stack:
        for edge in stack.pop().next_edges:
            if edge is None:
                continue
            child = edge[0]
            if edge[1] is not None:  # see NOTE [Edges]
                if child in deps:
                    deps[child] += 1
                else:
                    deps[child] = 1
                    stack.append(child)
            elif child._hooks is not None:
                deps[child] = deps.get(child, 0) + 1
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
        with _grad_mode.enable_grad():
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
# As in PyTorch's engine (validate_outputs), a backward may return an input's gradient in a
# shape the input broadcasts to (the output's, for the broadcasting arithmetic ops); the
# engine sums it back to the input's shape, so no op repeats that reduction. Any other shape
# is the op's error. A gradient of another dtype is cast to the input's, as PyTorch's engine
# casts it (a custom Function's float32 gradient for a float64 or bfloat16 input, say; tinytorch
# raised until 2026-12-07, found by torch.amp.custom_bwd's example).


def _fit_grad(node, edge, g, create_graph):
    """``g`` cast to its input's dtype and summed to its input's shape (see NOTE [Broadcast
    reduction in backward]), or the error naming the op when it cannot be."""
    shape, dtype = edge[2], edge[3]
    data = g._data if create_graph else g
    if data.dtype != dtype:
        if create_graph:  # recorded, as the rest of this backward
            with _grad_mode.enable_grad():
                g = g.to(from_native(dtype))
        else:
            g = node.backend.astype(g, from_native(dtype))
        data = g._data if create_graph else g
    if not _broadcasts_to(shape, data.shape):
        raise RuntimeError(
            f"Function {node.name()} returned an invalid gradient at index "
            f"{_edge_index(node, edge)} - got "
            f"{list(data.shape)} but expected shape compatible with {list(shape)}")
    if not create_graph:
        return node.backend.sum_to(g, shape)
    with _grad_mode.enable_grad():  # the reduction is part of the recorded backward
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

    def to_leaf(self, leaf, g, sole):
        """Deliver ``g``, the leaf's whole gradient in this pass, through its hooks; ``sole``:
        see NOTE [Gradient ownership]."""
        hooks = leaf._hooks
        if hooks is not None and hooks.pre:
            sole = False  # a hook may keep the tensor it is given, or the one it returns
            for hook in tuple(hooks.pre.values()):
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
        self.accumulate(leaf, g, sole)
        if hooks is not None:
            for hook in tuple(hooks.post.values()):
                if hook(leaf) is not None:
                    raise RuntimeError("Tensor post accumulate grad hooks should return None.")

    def accumulate(self, leaf, g, sole):
        """Add ``g`` into ``leaf.grad``; see NOTE [Gradient ownership]."""
        grad = leaf._grad  # the engine's gradients fit the leaf: no set_grad checks
        if self.create_graph:  # recorded: a copy (PyTorch's CopyBackwards), or a new sum
            leaf._grad = g.clone() if grad is None else grad + g
        elif grad is not None:
            leaf._backend.add_(grad._data, g)
        else:  # PyTorch's layout contract: the leaf's strides where it is dense
            backend = leaf._backend
            g = backend.preserve_format(g, leaf._data, sole and backend.is_owner(g))
            leaf._grad = _tensor.Tensor._make(g, backend)

    def _capture(self, pos, g):
        prev = self.captured.get(pos)
        self.captured[pos] = g if prev is None else prev + g

    def wrap(self, g, backend):
        return g if self.create_graph else _tensor.Tensor._make(g, backend)


_PLAIN_RUN = _Run(False, None, None)  # loss.backward()'s, shared: it holds no state of a pass


# NOTE [Gradient ownership]
# Which gradient arrays the engine may write into, and when it must copy (PyTorch's
# InputBuffer / AccumulateGrad rules). A backward may return its incoming gradient unchanged
# or as a view (add, neg, reshape, expand, a mean over a size-1 dim, a custom Function), the
# same array for two inputs (add returns (g, g)), or an array it also keeps (a saved value);
# a hook may keep the tensor it was given; autograd.grad hands its results to the caller.
# So an array that comes out of a backward or a hook may be referenced elsewhere, and the
# engine never writes into it. The rules:
# 1. Gradients flowing between nodes are summed out of place (buffers[node] = prev + g), so
#    the engine never writes into a gradient in flight. Captured results (autograd.grad)
#    are summed the same way; like PyTorch's, two of them may share an array.
# 2. A leaf's new .grad takes the array itself ("steals" it) only when nothing but the engine
#    can reach it: it owns its memory (backend.is_owner: not a view, so no other array
#    shares it) and its reference count is the edge loop's own (the result tuple's slot,
#    zip's cached tuple, the loop variable, `data`, getrefcount's argument: _SOLE_REFS).
#    Any other holder -- a second slot of the same tuple, a gradient buffer, a saved value,
#    a hook's closure, the user's root gradient -- raises the count, and the leaf gets a copy.
#    This is PyTorch's `new_grad.use_count() <= num_expected_refs`. A gradient the engine
#    reduced itself (_fit_grad's sum_to) is new and referenced only by the loop. As PyTorch's
#    layout contract also asks, it must be laid out as the leaf (the leaf's strides where the
#    leaf is dense, a transposed or channels-last parameter; else contiguous), or the copy is
#    made in that layout (backend.preserve_format).
# 3. Once .grad exists, a plain backward adds into it in place, as AccumulateGrad does
#    (`variable_grad += new_grad`): by rule 2 .grad's array belongs to the leaf alone (or is
#    one the user assigned), so `g = x.grad; loss.backward()` updates g too, and a .grad that
#    is a view adds into its base.
# 4. With create_graph the new .grad is a recorded copy (g.clone()) and later sums are out
#    of place: the graph may use g elsewhere. retain_grad() stores a copy, then sums out of
#    place. A hook's returned gradient is never stolen.
# tests/autograd/test_gradient_ownership.py holds each case; the random-program tester
# (tests/autograd/test_random_programs.py) checks the rule against PyTorch across programs.


def _sole_refs():
    """getrefcount's reading for a gradient only _run's edge loop holds (keep in step with
    that loop; tests/autograd/test_gradient_ownership.py checks a fresh gradient is stolen)."""
    for _edge, g in zip((None,), ([],)):
        data = g  # noqa: F841 -- mirrors the loop's `data`
        return getrefcount(g)


_SOLE_REFS = _sole_refs()


# Whether each backward pass running now (innermost last) is a plain one, filling every
# leaf's .grad: not autograd.grad's nor backward(inputs=...)'s (is_checkpoint_valid).
_plain_runs = []


def is_checkpoint_valid():
    """Whether the backward pass running now is a plain ``backward()`` (PyTorch's
    ``torch.autograd._is_checkpoint_valid``): a reentrant checkpoint's inner backward fills
    every leaf's ``.grad``, which ``autograd.grad`` and ``backward(inputs=...)`` must not."""
    return not _plain_runs or _plain_runs[-1]


def run_backward(roots, root_grads, retain_graph, create_graph, capture=None,
                 accumulate_only=None):
    """Propagate ``root_grads`` from ``roots`` (Tensors) through the graph."""
    _plain_runs.append(capture is None and accumulate_only is None)
    # no_grad() by hand (not for create_graph): a context-manager object per backward costs
    # more than the tiny graph
    state = _grad_mode._state
    prev = state.enabled
    state.enabled = prev and create_graph
    try:
        return _run(roots, root_grads, retain_graph, create_graph, capture, accumulate_only)
    finally:
        state.enabled = prev
        _plain_runs.pop()


def _run(roots, root_grads, retain_graph, create_graph, capture, accumulate_only):
    run = (_PLAIN_RUN if capture is None and accumulate_only is None and not create_graph
           else _Run(create_graph, capture, accumulate_only))
    buffers = {}  # see NOTE [Gradient buffers]
    root_nodes, leaf_roots = _seed(run, buffers, roots, root_grads)
    deps = _dependencies(root_nodes)
    for t in leaf_roots:  # a hooked leaf the graph does not reach takes its gradient now
        if not deps.get(t) and t in buffers:
            run.to_leaf(t, buffers.pop(t), False)
    ready = list(filterfalse(deps.__getitem__, root_nodes))  # no comprehension frame
    check_nan = _anomaly.active and _anomaly.nan_check
    # Leaves without hooks in a plain backward go straight to accumulate (skips to_leaf).
    plain = capture is None and accumulate_only is None
    capturing = capture is not None
    profiling = _profiling.recorder  # see NOTE [Profiler] in tinytorch/profiler.py
    while ready:
        node = ready.pop()
        g = buffers.pop(node, None)
        edges = node.next_edges
        op = node.op
        if profiling is not None:
            event = profiling.begin(node.name())
        try:
            if g is None:  # no edge into it carried a gradient (see _no_gradient)
                result = (None,) * len(edges)
            elif node.prepare or capturing:
                grads = _prepare(node, g if node.n_outputs > 1 else [g], run)
                result = (None,) * len(edges) if grads is None else _hooked(node, grads, run)
            elif create_graph or op.takes_tensors or node.saved is None:
                result = _call_backward(node, (g,), create_graph)
            else:  # the common case inline: a built-in op's plain backward through a live graph
                result = op.backward(node, g)
        except Exception:
            if profiling is not None:
                profiling.end(event)
            if _anomaly.active:
                _anomaly.warn_forward_trace(node)
            raise
        if profiling is not None:
            profiling.end(event)
        if type(result) is not tuple:
            result = (result,)
        if len(result) != len(edges):
            raise _count_error(node, result)
        if not retain_graph and node.saved:  # a node that saved nothing stays usable
            node.saved = None
        for edge, g in zip(edges, result):
            if edge is None:
                continue
            if g is None:
                _no_gradient(run, buffers, deps, ready, edge)
                continue
            target, nr, shape, dtype = edge  # see NOTE [Edges]
            data = g._data if create_graph else g
            if data.shape != shape or data.dtype != dtype:
                g = _fit_grad(node, edge, g, create_graph)
            if check_nan:
                _anomaly.check_gradient(node, _edge_index(node, edge), g, node.backend)
            if nr is None:  # a leaf; see NOTE [Gradient ownership]
                if target._hooks is not None:
                    _hooked_leaf(run, buffers, deps, target, g)
                elif target._grad is not None and plain and not create_graph:
                    target._backend.add_(target._grad._data, g)  # AccumulateGrad's +=
                else:
                    sole = getrefcount(g) <= _SOLE_REFS  # before g is an argument on the stack
                    if plain:
                        run.accumulate(target, g, sole)
                    else:
                        run.to_leaf(target, g, sole)
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


def _seed(run, buffers, roots, root_grads):
    """Buffer the root gradients; return the root nodes and the roots that are hooked leaves
    (a root leaf without hooks takes its gradient at once)."""
    node = roots[0]._grad_fn if len(roots) == 1 else None
    if node is not None and node.n_outputs == 1:  # the common case: loss.backward()
        buffers[node] = root_grads[0]
        return [node], ()
    root_nodes = []
    leaf_roots = []
    for t, g in zip(roots, root_grads):
        if t._grad_fn is None:  # the root gradient may be the caller's: never stolen
            if t._hooks is None:
                run.to_leaf(t, g, False)
            else:
                leaf_roots.append(t)
                prev = buffers.get(t)
                buffers[t] = g if prev is None else prev + g
            continue
        if t._grad_fn not in buffers:
            root_nodes.append(t._grad_fn)
        _buffer(buffers, t._grad_fn, t._output_nr, g)
    return root_nodes, leaf_roots


def _no_gradient(run, buffers, deps, ready, edge):
    """An edge that carries no gradient (a backward returned None for a differentiable
    input) still counts down its target's dependencies, as in PyTorch's engine: a node or
    hooked leaf that gets gradients through its other edges must still run, and one that
    gets none passes None on."""
    target = edge[0]
    if edge[1] is None:  # a leaf: only a hooked one waits for all its edges
        if target._hooks is None:
            return
        left = deps[target] - 1
        deps[target] = left
        if left == 0 and target in buffers:
            run.to_leaf(target, buffers.pop(target), False)
        return
    left = deps[target] - 1
    deps[target] = left
    if left == 0:
        ready.append(target)


def _hooked_leaf(run, buffers, deps, leaf, g):
    """A leaf with hooks sees its gradient once, summed over every edge into it, as in
    PyTorch (its AccumulateGrad node buffers its inputs)."""
    prev = buffers.get(leaf)
    buffers[leaf] = g if prev is None else prev + g
    left = deps[leaf] - 1
    deps[leaf] = left
    if left == 0:
        run.to_leaf(leaf, buffers.pop(leaf), prev is not None)  # a sum is the engine's own


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
    """Capture (before the tensor hooks, as PyTorch's autograd.grad returns a non-leaf's
    gradient), run tensor hooks and retain_grad for ``node``'s outputs; fill missing grads
    with zeros (or return None when every gradient is missing and none is needed)."""
    if node.watched is not None:  # index tensors written in place since (_util.watch)
        for t, version in node.watched:
            if t._vc[0] != version:
                raise _anomaly.modified_error(t, None, t._vc[0], version)
    if run.capture is not None:
        for nr, g in enumerate(grads):
            pos = run.capture.get((node, nr))
            if pos is not None and g is not None:
                run._capture(pos, g)
    if node.tensor_hooks:
        for nr, hooks in node.tensor_hooks.items():
            for hook in tuple(hooks.values()):
                if grads[nr] is not None:
                    out = hook(run.wrap(grads[nr], node.backend))
                    if out is not None:
                        grads[nr] = out if run.create_graph else out._data
    if node.retained:
        for nr, ref in node.retained.items():
            t = ref()
            if t is not None and grads[nr] is not None:
                g = grads[nr] if run.create_graph else node.backend.copy(grads[nr])
                if t._grad is None:
                    t._grad = run.wrap(g, node.backend)
                else:
                    t._grad = run.wrap(t._grad + g if run.create_graph else t._grad._data + g,
                                      node.backend)
    if all(g is None for g in grads):
        return None
    if node.materialize_grads and any(g is None for g in grads):
        grads = [g if g is not None else _zeros_for(node, nr, run) for nr, g in enumerate(grads)]
    return grads


def _hooked(node, grads, run):
    """``node``'s backward (on the engine's slower path), between its own hooks if it has
    any, as PyTorch's: each pre-hook sees the output gradients and may replace them, each hook
    the input gradients the backward gave and the output gradients, and may replace the input
    gradients."""
    if node.node_hooks is None:
        return _call_backward(node, grads, run.create_graph)
    pre, post = node.node_hooks

    def wrapped(gs):
        return tuple(None if g is None else run.wrap(g, node.backend) for g in gs)

    def replaced(hook, out, gs):
        if len(out) != len(gs):
            raise RuntimeError(f"hook '{getattr(hook, '__name__', hook)}' has returned an "
                               f"incorrect number of values (got {len(out)}, but expected "
                               f"{len(gs)})")
        return [t if t is None or run.create_graph else t._data for t in out]

    for hook in tuple(pre.values()):
        out = hook(wrapped(grads))
        if out is not None:
            grads = replaced(hook, out, grads)
    result = _call_backward(node, grads, run.create_graph)
    result = list(result) if type(result) is tuple else [result]
    for hook in tuple(post.values()):
        out = hook(wrapped(result), wrapped(grads))
        if out is not None:
            result = replaced(hook, out, result)
    return tuple(result)


def _zeros_for(node, nr, run):
    shape, dtype = node.output_meta[nr]
    z = node.backend.zeros(shape, dtype)  # the device backend: the graph one is not in yet
    return _tensor.Tensor._make(z, node.backend) if run.create_graph else z
