"""``tinytorch.utils.checkpoint``: activation checkpointing (PyTorch's ``checkpoint`` and
``checkpoint_sequential``), built on ``autograd.Function``."""

import contextlib
import warnings

from tinytorch import _creation
from tinytorch import _grad_mode
from tinytorch import _random
from tinytorch import _tensor
from tinytorch.autograd import engine
from tinytorch.autograd.api import backward as _backward
from tinytorch.autograd.api import grad as _grad
from tinytorch.autograd.function import Function

# NOTE [Checkpoint variants]
# - ``use_reentrant=True`` is PyTorch's ``CheckpointFunction``: forward under ``no_grad`` saves
#   only the inputs; its backward re-runs the function with grad enabled on detached inputs and
#   calls ``autograd.backward`` on the recomputed outputs, so parameters used inside get their
#   ``.grad`` accumulated by that inner backward (not through ``autograd.grad``).
# - ``use_reentrant=False``: PyTorch drops saved tensors through saved-tensor hooks, which the
#   engine does not have. Here the first run records its graph, the leaves it reaches
#   (parameters, captured tensors) are read off it, and the graph is dropped; the outputs come
#   back from a ``Function`` whose inputs are the tensor arguments plus those leaves. Its
#   backward recomputes and calls ``autograd.grad`` with respect to them, so ``autograd.grad``
#   and ``backward(inputs=...)`` work and nothing is accumulated behind the engine's back.
# Both replay the random state of forward (``preserve_rng_state``) so dropout masks match.

__all__ = ["checkpoint", "checkpoint_sequential"]

_DEFAULT_WARNING = (
    "{name}: the use_reentrant parameter should be passed explicitly. {when} use_reentrant=False "
    "is recommended, but if you need to preserve the current default behavior, you can pass "
    "use_reentrant=True. Refer to docs for more details on the differences between the two "
    "variants.")


def _rng_stash(tensors, preserve):
    if not preserve:
        return None
    devices = {"cpu"} | {str(t.device) for t in tensors}
    return _random.stash_states(sorted(devices))


def _detached(values):
    """Tensors detached (keeping ``requires_grad``), as the recomputation's fresh leaves."""
    return tuple(v.detach().requires_grad_(v.requires_grad)
                 if isinstance(v, _tensor.Tensor) else v for v in values)


def _recompute(state, args, kwargs=None):
    """Re-run the checkpointed function with grad enabled (replaying forward's random
    state); its outputs as a tuple."""
    rng = _random.restored_states(state.rng) if state.rng else contextlib.nullcontext()
    with rng, _grad_mode.enable_grad():
        outputs = state.function(*args, **(kwargs or {}))
    return (outputs,) if isinstance(outputs, _tensor.Tensor) else tuple(outputs)


class _State:
    """What the checkpoint's Function keeps besides its saved inputs."""

    def __init__(self, function, rng):
        self.function = function
        self.rng = rng


class _ReentrantCheckpoint(Function):
    """PyTorch's ``CheckpointFunction``: y = function(*args) under no_grad; backward
    recomputes it and back-propagates through the recomputed graph."""

    @staticmethod
    def forward(ctx, state, *args):
        if not any(a.requires_grad for a in args if isinstance(a, _tensor.Tensor)):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                          stacklevel=4)
        ctx.state = state
        ctx.inputs = [None if isinstance(a, _tensor.Tensor) else a for a in args]
        ctx.save_for_backward(*[a for a in args if isinstance(a, _tensor.Tensor)])
        return state.function(*args)

    @staticmethod
    def backward(ctx, *grads):
        if not engine.is_checkpoint_valid():  # its inner backward would fill every leaf's .grad
            raise RuntimeError(
                "When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or "
                "passing an `inputs` parameter to .backward(). To resolve this error, you can "
                "either set use_reentrant=False, or call .backward() without passing the "
                "`inputs` argument.")
        tensors = iter(ctx.saved_tensors)
        inputs = _detached([next(tensors) if a is None else a for a in ctx.inputs])
        outputs = _recompute(ctx.state, inputs)
        pairs = [(o, _creation.zeros_like(o) if g is None else g) for o, g in zip(outputs, grads)
                 if isinstance(o, _tensor.Tensor) and o.requires_grad]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is "
                               "not necessary")
        _backward([o for o, _ in pairs], [g for _, g in pairs])
        return (None,) + tuple(a.grad if isinstance(a, _tensor.Tensor) else None
                               for a in inputs)


class _Recompute(Function):
    """The non-reentrant checkpoint (NOTE [Checkpoint variants]): forward hands back the
    already computed outputs; backward recomputes and differentiates with respect to the
    tensor inputs and the leaves the first run reached."""

    @staticmethod
    def forward(ctx, state, *tensors):
        ctx.state = state
        ctx.save_for_backward(*tensors[:state.n_inputs])
        return state.outputs

    @staticmethod
    def backward(ctx, *grads):
        state = ctx.state
        # Under create_graph the recomputation starts from the saved inputs as the graph
        # knows them, so the gradients it returns differentiate again.
        graph = _grad_mode.is_grad_enabled()
        inputs = ctx.saved_tensors if graph else _detached(ctx.saved_tensors)
        args, kwargs = state.rebuild(inputs)
        outputs = _recompute(state, args, kwargs)
        pairs = [(o, g) for o, g in zip(outputs, grads) if o.requires_grad and g is not None]
        wrt = [t for t in inputs if t.requires_grad] + state.leaves
        if not pairs or not wrt:
            return (None,) * (1 + len(inputs) + len(state.leaves))
        found = iter(_grad([o for o, _ in pairs], wrt, [g for _, g in pairs],
                           retain_graph=True, create_graph=graph, allow_unused=True))
        input_grads = tuple(next(found) if t.requires_grad else None for t in inputs)
        return (None,) + input_grads + tuple(found)


def _graph_leaves(outputs, own):
    """The leaf tensors requiring grad that ``outputs``' graph reaches, other than ``own``."""
    own = {id(t) for t in own}
    leaves, seen = {}, set()
    stack = []
    for o in outputs:
        if o._grad_fn is not None:
            stack.append(o._grad_fn)
        elif o.requires_grad and id(o) not in own:
            leaves[id(o)] = o
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for edge in node.next_edges:
            if edge is None:
                continue
            target, output_nr = edge[0], edge[1]
            if output_nr is not None:
                stack.append(target)
            elif id(target) not in own:
                leaves[id(target)] = target
    return list(leaves.values())


def _checkpoint_without_reentrant(function, preserve, args, kwargs):
    flat = list(args) + list(kwargs.values())
    positions = [i for i, v in enumerate(flat) if isinstance(v, _tensor.Tensor)]
    tensors = [flat[i] for i in positions]
    state = _State(function, _rng_stash(tensors, preserve))

    def rebuild(new_tensors):
        values = list(flat)
        for i, t in zip(positions, new_tensors):
            values[i] = t
        return values[:len(args)], dict(zip(kwargs, values[len(args):]))

    state.rebuild = rebuild
    state.n_inputs = len(tensors)
    first_args, first_kwargs = rebuild(_detached(tensors))
    with _grad_mode.enable_grad():
        out = function(*first_args, **first_kwargs)
    single = isinstance(out, _tensor.Tensor)
    outputs = (out,) if single else tuple(out)
    state.leaves = _graph_leaves(outputs, [t for t in first_args + list(first_kwargs.values())
                                           if isinstance(t, _tensor.Tensor)])
    state.outputs = tuple(o.detach() for o in outputs)
    del out, outputs  # drop the first run's graph: its intermediates are not kept
    result = _Recompute.apply(state, *tensors, *state.leaves)
    return result[0] if single else result


def checkpoint(function, *args, use_reentrant=None, preserve_rng_state=True, **kwargs):
    """Checkpoint a model or part of the model: run ``function`` without keeping its
    intermediate activations, and recompute them in backward.

    Forward keeps only the inputs; backward re-runs ``function`` with grad enabled (with the
    random state forward had, when ``preserve_rng_state``, so dropout masks match) and
    back-propagates through the recomputed graph. See NOTE [Checkpoint variants].

    Args:
        function: what to run: ``function(*args, **kwargs)`` returns a Tensor or a tuple of
            Tensors.
        *args: the inputs of ``function``.
        use_reentrant (bool): the variant. ``True``: PyTorch's reentrant one (no keyword
            arguments; parameters get gradients through an inner ``backward``, so it does
            not work with ``autograd.grad``). ``False`` (recommended): also takes keyword
            arguments and works with ``autograd.grad``. Not passing it warns, as PyTorch 2.13
            does, and means ``True``.
        preserve_rng_state (bool): replay forward's random state in the recomputation
            (default True).
        **kwargs: keyword inputs of ``function`` (``use_reentrant=False`` only).

    Returns:
        What ``function(*args, **kwargs)`` returns.

    Raises:
        ValueError: keyword arguments with ``use_reentrant=True``.

    >>> import tinytorch
    >>> from tinytorch.utils.checkpoint import checkpoint
    >>> lin = tinytorch.nn.Linear(2, 2)
    >>> x = tinytorch.ones(1, 2, requires_grad=True)
    >>> checkpoint(lin, x, use_reentrant=False).sum().backward()
    >>> x.grad.shape
    torch.Size([1, 2])
    """
    if use_reentrant is None:
        warnings.warn(_DEFAULT_WARNING.format(
            name="torch.utils.checkpoint", when="Starting in PyTorch 2.9, calling checkpoint "
            "without use_reentrant will raise an exception."), stacklevel=2)
        use_reentrant = True
    if kwargs and use_reentrant:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
    tensors = [a for a in args if isinstance(a, _tensor.Tensor)]
    if use_reentrant:
        return _ReentrantCheckpoint.apply(
            _State(function, _rng_stash(tensors, preserve_rng_state)), *args)
    if not _grad_mode.is_grad_enabled():
        return function(*args, **kwargs)
    return _checkpoint_without_reentrant(function, preserve_rng_state, args, kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Checkpoint a sequential model: split ``functions`` into ``segments`` chunks and
    checkpoint every chunk but the last (whose activations are kept, as PyTorch does).

    Args:
        functions: an :class:`~tinytorch.nn.Sequential` or a list of modules or functions
            to run in order.
        segments (int): the number of chunks.
        input (Tensor): the input of the first function.
        use_reentrant (bool): as in :func:`checkpoint` (not passing it warns and means
            ``True``).
        **kwargs: only ``preserve_rng_state`` (bool, default True).

    Returns:
        Tensor: the output of running ``functions`` in order on ``input``.

    Raises:
        ValueError: a keyword argument other than ``preserve_rng_state``.

    >>> import tinytorch
    >>> from tinytorch.utils.checkpoint import checkpoint_sequential
    >>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2), tinytorch.nn.ReLU())
    >>> x = tinytorch.ones(1, 2, requires_grad=True)
    >>> checkpoint_sequential(model, 2, x, use_reentrant=False).shape
    torch.Size([1, 2])
    """
    if use_reentrant is None:
        warnings.warn(_DEFAULT_WARNING.format(
            name="torch.utils.checkpoint.checkpoint_sequential",
            when="In version 2.9 we will raise an exception if use_reentrant is not passed."),
            stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
    functions = list(functions.children()) if hasattr(functions, "children") else functions
    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(_run_range(functions, start, end), input,
                           use_reentrant=use_reentrant, preserve_rng_state=preserve)
    return _run_range(functions, end + 1, len(functions) - 1)(input)


def _run_range(functions, start, end):
    def forward(input):
        for j in range(start, end + 1):
            input = functions[j](input)
        return input
    return forward
