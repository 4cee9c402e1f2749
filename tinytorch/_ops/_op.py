"""Graph nodes and the internal ``Op`` base that every built-in op subclasses.

A ``Node`` is both the ``ctx`` an op's forward/backward sees and the graph node its outputs
point to (``Tensor.grad_fn``). Edges point *backwards*: to the input's node or, for a leaf,
to the leaf tensor itself. Nothing points from a node to its outputs, so the tape has no
reference cycles. See NOTE [Saved values].

This module sits below every op and imports only the grad-mode and anomaly state (and the
Tensor class); the engine in ``tinytorch/autograd`` runs the nodes it makes (docs/autograd.md).
"""

import threading
import weakref

from tinytorch import _anomaly
from tinytorch import _grad_mode
from tinytorch._hooks import RemovableHandle
from tinytorch._ops._node_classes import named
from tinytorch import _tensor

# NOTE [Saved values]
# ctx.save_for_backward stores arrays. When the graph is built we record where each saved
# array came from: input i, output i, or neither, and the version counter at that moment.
# Unpacking checks the version (PyTorch's "modified by an inplace operation" error) and, when
# a graph of the backward pass is being built (create_graph=True), rebuilds graph-connected
# Tensors: an input comes back attached to the input's own node (or is the leaf), an output
# comes back attached to this node. Saving arrays instead of output Tensors avoids the
# cycle output -> node -> output. Where PyTorch's op saves a copy of an input (a reshape that
# had to copy), forward saves the copy and sets ``ctx.copies``: it comes back attached to the
# input's node like the input, but with no version check (a later write into the input does
# not reach the copy).

# NOTE [Node names]
# A node's name (grad_fn.name(), a printed tensor's grad_fn=<...>) is PyTorch's for the same
# call wherever PyTorch's graph ends in one node doing the same last step. An Op class's
# ``node_name`` is that name: "<class name>Backward0" unless the class sets another (ReLU:
# "ReluBackward0"). Where PyTorch's name depends on the call (sum with a dim: SumBackward1;
# x ** y: PowBackward1), forward stores one of the op's constant strings in ``ctx.node_name``
# (one attribute store, no formatting on the hot path; a caller that alone knows, such as
# squeeze calling Reshape, passes it as the ``name`` option), and ``name()`` prefers it. A
# custom Function's node is "<class name>Backward", as in PyTorch.


class Node:
    """The ctx of one op call and its node in the autograd graph (a tensor's ``grad_fn``).
    Whoever creates one sets ``op`` (the Op or Function class) and ``backend``.

    >>> (tinytorch.ones(1, requires_grad=True) * 2).grad_fn
    <MulBackward0 object at 0x...>
    """

    # Defaults live on the class so creating a node sets only op and backend (no __init__:
    # a Python-level constructor call costs more than the two stores).
    saved = ()
    needs_input_grad = ()
    materialize_grads = True
    non_differentiable = ()
    dirty = ()
    next_edges = ()  # see NOTE [Edges]
    saved_meta = None
    copies = None  # per saved value, the input it is a copy of, or None (NOTE [Saved values])
    n_outputs = 1
    tensor_hooks = None
    node_hooks = None  # (pre-hooks, hooks): register_prehook, register_hook
    watched = None  # ((tensor, version), ...): index tensors backward reads (_util.watch)
    retained = None
    prepare = False  # the engine runs _prepare first: several outputs, hooks or retain_grad
    trace = None
    graph_mode = False
    node_name = None  # set by a forward whose name depends on the call (NOTE [Node names])
    unpack_hook = None  # set when saved values went through a pack hook (NOTE [Saved-tensor hooks])

    # --- ctx API ---------------------------------------------------------------------------------
    def save_for_backward(self, *values):
        """Saves the given values for :meth:`saved_tensors` in ``backward``; call at most once,
        in ``forward``.

        Args:
            *values (Tensor or None): the values backward needs.

        >>> class Scale(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x, w):
        ...         ctx.save_for_backward(w)  # backward needs only w
        ...         return x * w
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         (w,) = ctx.saved_tensors
        ...         return grad_output * w, None
        >>> x = tinytorch.ones(2, requires_grad=True)
        >>> Scale.apply(x, tinytorch.tensor([2.0, 3.0])).sum().backward()
        >>> x.grad
        tensor([2., 3.])
        """
        self.saved = values

    @property
    def saved_tensors(self):
        """The values given to :meth:`save_for_backward` (for a built-in op, its arrays).
        Raises RuntimeError once freed by backward or when one was modified in place."""
        if self.saved is None:
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved "
                "tensors after they have already been freed). Saved intermediate values of the "
                "graph are freed when you call .backward() or autograd.grad(). Specify "
                "retain_graph=True if you need to backward through the graph a second time or "
                "if you need to access saved tensors after calling backward.")
        meta = self.saved_meta
        if self.unpack_hook is not None:
            return self._unpack_hooked(meta)
        if meta is None:
            return self.saved
        for m in meta:
            if m is not None and m[2][0] != m[3]:
                raise self._modified_error(meta.index(m), self.saved)
        if not self.graph_mode and not self.op.takes_tensors:
            return self.saved
        return tuple(self._unpack(i, v) for i, v in enumerate(self.saved))

    def _unpack_hooked(self, meta):
        """The saved values through the unpack hook (NOTE [Saved-tensor hooks])."""
        values = tuple(self.unpack_hook(v)._data if packed else v
                       for v, packed in zip(self.saved, self.packed))
        for i, m in enumerate(meta):
            if m is not None and m[2][0] != m[3]:
                raise self._modified_error(i, values)
        if not self.graph_mode and not self.op.takes_tensors:
            return values
        return tuple(self._unpack(i, v) for i, v in enumerate(values))

    def mark_dirty(self, *tensors):
        """Marks inputs that ``forward`` modified in place; call at most once, in ``forward``.

        Their version counters move on, so a graph that saved them raises at backward. As in
        PyTorch, each must be returned by ``forward``; ``apply`` returns the input itself, now
        with the function as its ``grad_fn``, and a leaf that requires grad is refused.

        Args:
            *tensors (Tensor): the inputs modified in place.

        >>> class AddOne_(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.mark_dirty(x)
        ...         return x.add_(1)
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         return grad_output
        >>> b = tinytorch.tensor([1.0], requires_grad=True) * 2
        >>> AddOne_.apply(b) is b
        True
        >>> b
        tensor([3.], grad_fn=<AddOne_Backward>)
        """
        self.dirty = tensors

    def mark_non_differentiable(self, *tensors):
        """Marks outputs as non-differentiable: they do not require grad, and backward still
        gets a gradient for each (zeros); call at most once, in ``forward``.

        Args:
            *tensors (Tensor): outputs of ``forward``.

        >>> class ArgMax(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         index = x.argmax()
        ...         ctx.mark_non_differentiable(index)
        ...         return index
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         return None
        >>> ArgMax.apply(tinytorch.tensor([1.0, 3.0], requires_grad=True)).requires_grad
        False
        """
        self.non_differentiable = tensors

    def set_materialize_grads(self, value):
        """Sets whether backward gets zero tensors (``True``, the default) or None for the
        gradients of outputs that did not reach the loss.

        Args:
            value (bool): materialize missing gradients as zeros.

        >>> class Twice(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.set_materialize_grads(False)
        ...         return x.clone(), x.clone()
        ...     @staticmethod
        ...     def backward(ctx, grad_a, grad_b):
        ...         return grad_a if grad_b is None else grad_a + grad_b
        >>> x = tinytorch.tensor([1.0], requires_grad=True)
        >>> Twice.apply(x)[0].sum().backward()
        >>> x.grad
        tensor([1.])
        """
        self.materialize_grads = bool(value)

    def name(self):
        """Returns the node's name, PyTorch's for the same call: the op's name and
        ``Backward`` with PyTorch's index for a built-in op (``MulBackward0``,
        ``SumBackward1`` for a sum over a dim, ``AddmmBackward0`` for ``F.linear`` with a
        bias) and without one for a custom Function (``MyFunctionBackward``). See
        docs/pytorch_drop_in.md for the few that differ where PyTorch decomposes an op
        into several nodes.

        Returns:
            str: the name.

        >>> (tinytorch.ones(1, requires_grad=True) * 2).grad_fn.name()
        'MulBackward0'
        >>> tinytorch.ones(2, 3, requires_grad=True).sum(1).grad_fn.name()
        'SumBackward1'
        """
        return self.node_name or self.op.node_name

    def __repr__(self):  # the class name, as PyTorch's: NotImplemented's is the name's end
        return f"<{self.name().rpartition('::')[2]} object at {hex(id(self))}>"

    @property
    def next_functions(self):
        """``(node, output_nr)`` per input: the node that made it, a leaf's
        :class:`AccumulateGrad` node, or ``(None, 0)`` where no gradient flows.

        >>> x = tinytorch.ones(2, requires_grad=True)
        >>> (x * 2).grad_fn.next_functions
        ((<AccumulateGrad object at 0x...>, 0), (None, 0))
        """
        return tuple((None, 0) if e is None else (named(e[0]), e[1]) if e[1] is not None
                     else (AccumulateGrad.of(e[0]), 0) for e in self.next_edges)

    def register_hook(self, hook):
        """Registers ``hook(grad_inputs, grad_outputs)``, called after this node's backward
        with the gradients it computed (one per input, None where none flows) and the ones it
        was given; a returned tuple replaces ``grad_inputs``.

        Args:
            hook (Callable): the hook.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters it.

        >>> x = tinytorch.ones(2, requires_grad=True)
        >>> y = x * 3
        >>> _ = y.grad_fn.register_hook(lambda grad_inputs, _: (grad_inputs[0] * 2, None))
        >>> y.sum().backward()
        >>> x.grad
        tensor([6., 6.])
        """
        return self._add_node_hook(1, hook)

    def register_prehook(self, hook):
        """Registers ``hook(grad_outputs)``, called before this node's backward with the
        gradients of its outputs; a returned tuple replaces them.

        Args:
            hook (Callable): the hook.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters it.

        >>> x = tinytorch.ones(2, requires_grad=True)
        >>> y = x * 3
        >>> _ = y.grad_fn.register_prehook(lambda grad_outputs: (grad_outputs[0] * 2,))
        >>> y.sum().backward()
        >>> x.grad
        tensor([6., 6.])
        """
        return self._add_node_hook(0, hook)

    def _add_node_hook(self, which, hook):
        if self.node_hooks is None:  # (pre-hooks, hooks), run on the engine's slower path
            self.node_hooks, self.prepare = ({}, {}), True
        handle = RemovableHandle(self.node_hooks[which])
        self.node_hooks[which][handle.id] = hook
        return handle

    # --- saved values -----------------------------------------------------------------------------
    def _modified_error(self, i, values):
        m = self.saved_meta[i]
        value = _tensor.Tensor._make(values[i], self.backend.base if self.graph_mode
                                     else self.backend)
        edge = (self, m[1]) if m[0] == "out" else self.next_edges[m[1]]
        return _anomaly.modified_error(value, edge, m[2][0], m[3])

    def _unpack(self, i, value):
        m = self.saved_meta[i]
        if m is None and (value is None or isinstance(value, (int, float))):
            return value
        # While the graph backend is swapped in (see NOTE [Double backward]) the device
        # backend is its base; Tensors always carry the device backend.
        backend = self.backend.base if self.graph_mode else self.backend
        if m is None:
            return _tensor.Tensor._make(value, backend)
        if m[0] == "in":
            edge = self.next_edges[m[1]]
            if edge is None:
                return _tensor.Tensor._make(value, backend)
            if edge[1] is None:
                return edge[0]  # the leaf itself
            return _tensor.Tensor._make(value, backend, True, edge[0], edge[1], m[2])
        return _tensor.Tensor._make(value, backend, True, self, m[1], m[2])


class AccumulateGrad:
    """The node a leaf tensor that requires grad stands for in ``next_functions``, as PyTorch's
    (where it adds the gradient into ``.grad``; tinytorch's engine does that itself, see
    NOTE [Gradient ownership] in tinytorch/autograd/engine.py). One per leaf while it is
    referenced, so two graphs over the same leaf show the same node.

    >>> x = tinytorch.ones(2, requires_grad=True)
    >>> node = (x * 2).grad_fn.next_functions[0][0]
    >>> node.name(), node.variable is x, node.next_functions
    ('torch::autograd::AccumulateGrad', True, ())
    """

    _live = weakref.WeakValueDictionary()  # id(leaf) -> its node (which holds the leaf)
    next_functions = ()

    def __init__(self, variable):
        self.variable = variable
        self.metadata = {}

    @classmethod
    def of(cls, leaf):
        """The node of ``leaf``: the live one, else a new one."""
        node = cls._live.get(id(leaf))
        if node is None:
            node = cls._live[id(leaf)] = cls(leaf)
        return node

    def name(self):
        """Returns PyTorch's name for the node, ``'torch::autograd::AccumulateGrad'``."""
        return "torch::autograd::AccumulateGrad"

    __repr__ = Node.__repr__  # <AccumulateGrad object at 0x...>


def _device_mismatch(op, args):
    devices = [str(a.device) for a in args if isinstance(a, _tensor.Tensor)]
    return RuntimeError(
        f"Expected all tensors to be on the same device, but found at least two devices, "
        f"{' and '.join(sorted(set(devices)))}! (when checking arguments for {op.__name__}: "
        f"devices {devices}). Move them with .to(device); a common cause is a tensor created "
        "inside forward() without device=, or input data not moved to the model's device.")


def _zero_dim_arrays(ctx, out):
    """NumPy returns scalars for 0-d results and Tensor._make turns them into 0-d arrays;
    do it here, in ctx.saved too, so a saved output is still recognised as the output
    (see NOTE [Saved values]) and double backward stays connected through it."""
    if type(out) is not tuple:
        if out.ndim:  # the common case, checked first: it runs on every op that saves
            return out
        fixed = ctx.backend.to_array(out)
        ctx.saved = tuple(fixed if v is out else v for v in ctx.saved)
        return fixed
    fixed = tuple(o if o.ndim else ctx.backend.to_array(o) for o in out)
    swap = {id(o): f for o, f in zip(out, fixed) if o is not f}
    if swap:
        ctx.saved = tuple(swap.get(id(v), v) for v in ctx.saved)
    return fixed


_grad_state = _grad_mode._state  # read directly on the hot path (is_grad_enabled's value)
_NO_GRADS = [(False,) * n for n in range(8)]
_ALL_GRADS = [(True,) * n for n in range(8)]


class Op:
    """Base of the built-in ops: ``forward(ctx, *arrays, **options)`` returns an array (or a
    tuple of arrays); ``backward(ctx, *grad_outputs)`` returns one gradient per positional
    input (None where there is none). Both sit side by side in each subclass."""

    takes_tensors = False  # forward/backward see arrays
    view = False  # output 0 shares storage (and the version counter) with input 0
    multiple_views = False  # every output is a view of input 0 (split, unbind): PyTorch
    # refuses in-place writes into them while grad mode is on
    differentiable = True
    broadcasts = False  # the tensor inputs broadcast together (see _broadcast_error)
    node_name = "OpBackward0"  # PyTorch's name for the node (NOTE [Node names])

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "node_name" not in cls.__dict__:
            cls.node_name = f"{cls.__name__}Backward0"

    @classmethod
    def apply(cls, *args, **options):
        # The hot path of every op call: one pass over the arguments, locals instead of
        # repeated global and attribute lookups, no per-call allocations beyond what the graph
        # keeps; the edges are only built when the call is recorded.
        tensor_type = _tensor.Tensor
        backend = None
        wants_grad = False
        arrays = []
        for a in args:
            if isinstance(a, tensor_type):
                if backend is None:
                    backend = a._backend
                elif a._backend is not backend:
                    raise _device_mismatch(cls, args)
                if a._requires_grad:
                    wants_grad = True
                arrays.append(a._data)
            else:
                arrays.append(a)
        ctx = Node()
        ctx.op = cls
        ctx.backend = backend
        record = wants_grad and cls.differentiable and _grad_state.enabled
        if record:
            _connect_inputs(ctx, args)
        else:
            n = len(args)
            ctx.needs_input_grad = _NO_GRADS[n] if n < 8 else (False,) * n
        try:
            out = cls.forward(ctx, *arrays, **options)
        except ValueError as e:
            if cls.broadcasts:
                _broadcast_error(args, e)
            raise
        if type(out) is tuple:
            return _multiple_outputs(ctx, args, arrays, options, out, record)
        # One output (the common case): attached to ctx as it is made.
        if ctx.saved and not out.ndim:
            out = _zero_dim_arrays(ctx, out)
        attach = (record and out.dtype.kind in "fcV"  # V: bfloat16, NOTE [bfloat16 arrays]
                  and not (ctx.non_differentiable and _marked(ctx, out)))
        t = tensor_type._make(out, ctx.backend, attach, ctx if attach else None)
        if cls.view:
            _link_view(t, cls, args, options)
        if record and (ctx.saved or _anomaly.active):
            _record_saved(ctx, args, arrays, (t,))
        return t

    @classmethod
    def run_backward(cls, ctx, grads):
        return cls.backward(ctx, *grads)


def _broadcast_error(args, error):
    """PyTorch's error for tensor inputs whose shapes do not broadcast, raised from the
    kernel's ``error``. Checked only once a kernel has failed: NumPy and CuPy check the
    shapes anyway, so checking them before every call would be work done twice."""
    from tinytorch._ops._util import broadcast_shapes  # a real cycle: the ops import _op
    shapes = [a._data.shape for a in args if isinstance(a, _tensor.Tensor)]
    try:
        broadcast_shapes(*shapes)
    except RuntimeError as mismatch:
        raise mismatch from error


def _refresh_view(view):
    from tinytorch._ops.inplace import refresh_view  # a real cycle: the ops import _op
    refresh_view(view)


# NOTE [Edges]
# ctx.next_edges holds one entry per positional input: None when no gradient flows to it,
# else (target, output_nr, shape, dtype), where target is the input's grad_fn (a Node) or,
# for a leaf, the leaf Tensor itself with output_nr None; shape and dtype are the input's at
# the call, which the engine checks each gradient against.


def _connect_inputs(ctx, args):
    """Set needs_input_grad and the edges to the inputs (see NOTE [Edges])."""
    tensor_type = _tensor.Tensor
    edges = []
    every = True
    for a in args:
        if isinstance(a, tensor_type) and a._requires_grad:
            if a._view_src is not None and a._view_version != a._vc[0]:
                _refresh_view(a)
            data = a._data
            grad_fn = a._grad_fn
            edges.append((a, None, data.shape, data.dtype) if grad_fn is None
                         else (grad_fn, a._output_nr, data.shape, data.dtype))
        else:
            edges.append(None)
            every = False
    n = len(edges)
    ctx.needs_input_grad = (_ALL_GRADS[n] if every and n < 8
                            else tuple([e is not None for e in edges]))
    ctx.next_edges = edges


def _marked(ctx, array):
    """Whether forward marked ``array`` non-differentiable (callers first test that it
    marked anything)."""
    return any(array is n for n in ctx.non_differentiable)


def _link_view(t, op, args, options):
    """Output ``t`` of a view op shares input 0's storage and version counter (and keeps what
    re-deriving it after an in-place change of its base needs; see NOTE [In-place on views])."""
    base = args[0]
    t._vc = base._vc
    t._view_src = (base, op, args[1:], options, 0)
    t._view_version = base._vc[0]


def _multiple_outputs(ctx, args, arrays, options, out, record):
    """Op.apply's end for a forward that returned a tuple of arrays."""
    backend = ctx.backend
    if ctx.saved:
        out = _zero_dim_arrays(ctx, out)
    outputs = tuple([_tensor.Tensor._make(o, backend) for o in out])
    if ctx.op.view:
        _link_view(outputs[0], ctx.op, args, options)
    if record:
        _connect_outputs(ctx, args, arrays, outputs)
    return outputs


def _connect_outputs(ctx, args, arrays, outputs):
    """Attach the outputs to ctx as their grad_fn; record where saved arrays came from."""
    if len(outputs) > 1:
        ctx.n_outputs = len(outputs)
        ctx.prepare = True
        ctx.output_meta = [(t._data.shape, t.dtype) for t in outputs]
    for i, t in enumerate(outputs):
        if t._data.dtype.kind in "fcV" and not (ctx.non_differentiable and _marked(ctx, t._data)):
            t._requires_grad = True
            t._grad_fn = ctx
            t._output_nr = i
    _record_saved(ctx, args, arrays, outputs)


# NOTE [Saved-tensor hooks]
# Inside ``autograd.graph.saved_tensors_hooks(pack, unpack)`` (the innermost such context of
# the thread), every array an op saves for backward is handed to ``pack`` as a Tensor when the
# call is recorded, and the node keeps what pack returns instead of the array; ``saved_tensors``
# hands each back through ``unpack`` (which must return a Tensor of the same content), so a
# hook can move saved activations to the CPU, compress or count them, as PyTorch's. Numbers
# and None pass as they are. The version checks of NOTE [Saved values] still run, from the
# metadata recorded before packing; in a recorded backward (create_graph) the unpacked values
# are linked to the graph as the originals are.
class _SavedHooks(threading.local):
    on = 0  # such contexts open in any thread: a cheap test before the thread-local's stack

    def __init__(self):
        self.stack = []  # (pack, unpack) pairs, innermost last
        self.disabled = None  # disable_saved_tensors_hooks's message, while it is active


saved_hooks = _SavedHooks()


def _pack(ctx):
    pack, unpack = saved_hooks.stack[-1]
    packed = tuple(not (v is None or isinstance(v, (int, float))) for v in ctx.saved)
    ctx.saved = tuple(pack(_tensor.Tensor._make(v, ctx.backend)) if p else v
                      for v, p in zip(ctx.saved, packed))
    ctx.packed, ctx.unpack_hook = packed, unpack


def _saved_inference(t):
    """Input ``t``, saved by a recorded op, is an inference tensor: PyTorch's error, unless it
    requires grad (NOTE [Inference tensors]); else its version."""
    if not t._requires_grad:
        raise RuntimeError(_grad_mode.SAVED_ERROR)
    return t._vc[0]


def _record_saved(ctx, args, arrays, outputs):
    """Where each saved array came from (see NOTE [Saved values]); the forward's stack for
    anomaly mode."""
    if ctx.saved:
        meta = []
        for value in ctx.saved:
            origin = None
            if value is not None:
                for i, x in enumerate(arrays):
                    if x is value:
                        t = args[i]
                        if isinstance(t, _tensor.Tensor):  # not a Python number passed as is
                            vc = t._vc
                            try:  # an inference tensor's counter has two items: free check
                                (version,) = vc
                            except ValueError:
                                version = _saved_inference(t)
                            origin = ("in", i, vc, version)
                        break
                else:
                    for i, t in enumerate(outputs):
                        if value is t._data:
                            origin = ("out", i, t._vc, t._vc[0])
                            break
            meta.append(origin)
        if ctx.copies is not None:  # a copy of an input matches none of them above
            for k, i in enumerate(ctx.copies):
                if i is not None:
                    meta[k] = ("in", i, (0,), 0)  # its own version, never moved
        ctx.saved_meta = meta
        if _SavedHooks.on and saved_hooks.stack:
            _pack(ctx)
    if _anomaly.active:
        ctx.trace = _anomaly.capture_trace()
