"""The public ``tinytorch.autograd.Function`` (PyTorch's API) for user-defined ops.

Its ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` see Tensors; it produces
the same graph node type as the built-in ``Op`` and runs on the same engine.
"""

import functools
import inspect

from tinytorch import _grad_mode
from tinytorch import _hooks
from tinytorch import _tensor
from tinytorch._ops._op import Node
from tinytorch._ops._op import _connect_inputs
from tinytorch._ops._op import _connect_outputs
from tinytorch._ops._op import _device_mismatch


class Function:
    """Subclass with static ``forward(ctx, ...)`` and ``backward(ctx, ...)``; call ``apply``.

    >>> import tinytorch
    >>> class Cube(tinytorch.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x ** 3
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         (x,) = ctx.saved_tensors
    ...         return grad_output * 3 * x ** 2
    >>> x = tinytorch.tensor([2.0], requires_grad=True)
    >>> Cube.apply(x).backward()
    >>> x.grad
    tensor([12.])
    """

    takes_tensors = True
    node_name = "FunctionBackward"  # its node's name (NOTE [Node names] in _ops/_op.py)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.node_name = f"{cls.__name__}Backward"

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run :meth:`forward` and, when grad mode is on and a tensor input requires grad,
        record the call in the graph so that backward reaches :meth:`backward`.

        Args:
            *args: the inputs of :meth:`forward` (tensors and other values).
            **kwargs: keyword inputs of :meth:`forward` (not differentiated).

        Returns:
            :meth:`forward`'s output, a tensor or a tuple; an output that is one of the
            inputs comes back as a new tensor object, as PyTorch returns a view.

        Raises:
            RuntimeError: the tensor inputs are on different devices.

        >>> import tinytorch
        >>> class Double(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         return x * 2
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         return grad_output * 2
        >>> y = Double.apply(tinytorch.ones(2, requires_grad=True))
        >>> y
        tensor([2., 2.], grad_fn=<DoubleBackward>)
        """
        form2 = cls.setup_context is not Function.setup_context
        if form2:  # PyTorch 2's form: its defaults are inputs too (one gradient each)
            bound = inspect.signature(cls.forward).bind(*args, **kwargs)
            bound.apply_defaults()
            args, kwargs = bound.args, bound.kwargs
        tensors = [a for a in args if isinstance(a, _tensor.Tensor)]
        backend = tensors[0]._backend if tensors else None
        if any(t._backend is not backend for t in tensors):
            raise _device_mismatch(cls, args)
        ctx = FunctionCtx()
        ctx.op = cls
        ctx.backend = backend
        record = _grad_mode.is_grad_enabled() and any(t._requires_grad for t in tensors)
        if record:
            _connect_inputs(ctx, args)
        else:
            ctx.needs_input_grad = (False,) * len(args)
        with _grad_mode.no_grad():
            if not form2:
                out = cls.forward(ctx, *args, **kwargs)
            else:  # forward(*args), then setup_context(ctx, inputs, output)
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
        single = not isinstance(out, tuple)
        outputs = (out,) if single else out
        outputs = tuple(_fresh_output(o, args, ctx.dirty) for o in outputs)
        if record:
            before = _check_dirty(ctx.dirty, outputs)
            if any(isinstance(t, _tensor.Tensor) and len(t._vc) > 1 for t in ctx.saved):
                raise RuntimeError(_grad_mode.SAVED_ERROR)  # NOTE [Inference tensors]
            ctx.saved = tuple(t._data if isinstance(t, _tensor.Tensor) else t for t in ctx.saved)
            ctx.non_differentiable = tuple(t._data for t in ctx.non_differentiable)
            arrays = [a._data if isinstance(a, _tensor.Tensor) else a for a in args]
            _connect_outputs(ctx, args, arrays, outputs)
            for t, (old, old_nr) in zip(ctx.dirty, before):
                t._vc[0] += 1
                _hooks.move_retained(t, old, old_nr)
        return outputs[0] if single else outputs

    @classmethod
    def run_backward(cls, ctx, grads):
        """The engine's entry to :meth:`backward` (what a built-in ``Op``'s node calls):
        wrap the gradients as tensors, call ``backward``, and check that it returned one
        gradient per input of :meth:`apply`, dropping extra trailing Nones, as PyTorch does.

        Args:
            ctx (FunctionCtx): the node of the call.
            grads (sequence): one gradient (a tensor, a backend array or None) per output.

        Returns:
            tuple: one gradient per input, as backend arrays (tensors while the engine
            builds a graph for ``create_graph=True``).

        Raises:
            RuntimeError: ``backward`` returned fewer gradients than the inputs, more where
                one of the extra ones is not None, or one that is neither a tensor nor None
                (PyTorch's messages).

        >>> import tinytorch
        >>> class Double(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         return x * 2
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         return grad_output * 2
        >>> y = Double.apply(tinytorch.ones(2, requires_grad=True))
        >>> [g.tolist() for g in Double.run_backward(y.grad_fn, [tinytorch.ones(2)])]
        [[2.0, 2.0]]
        """
        wrapped = [g if isinstance(g, _tensor.Tensor) or g is None
                   else _tensor.Tensor._make(g, ctx.backend) for g in grads]
        result = cls.backward(ctx, *wrapped)
        if not isinstance(result, tuple):
            result = (result,)
        n = len(ctx.next_edges)
        if len(result) != n:
            if len(result) < n or any(r is not None for r in result[n:]):
                raise RuntimeError(f"function {ctx.name()} returned an incorrect number of "
                                   f"gradients (expected {n}, got {len(result)})")
            result = result[:n]  # extra trailing Nones, which PyTorch allows
        for r in result:
            if r is not None and not isinstance(r, _tensor.Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(r).__name__})")
        if ctx.graph_mode:
            return result
        return tuple(None if r is None else r._data for r in result)

    @staticmethod
    def forward(ctx, *args, **kwargs):
        """Define the forward of the custom Function; every subclass overrides it.

        It runs under ``no_grad`` on tensors. Stash what backward needs on ``ctx``:
        ``ctx.save_for_backward(*tensors)`` for tensors, attributes for anything else;
        ``ctx.needs_input_grad`` says which inputs need a gradient, and
        ``ctx.mark_dirty``/``ctx.mark_non_differentiable`` flag in-place and
        non-differentiable outputs.

        Args:
            ctx (FunctionCtx): the context object of this call.
            *args: the inputs given to :meth:`apply`.
            **kwargs: the keyword inputs given to :meth:`apply`.

        Returns:
            A tensor, or a tuple of tensors and other values.

        Raises:
            NotImplementedError: the subclass does not override it.

        >>> import tinytorch
        >>> class Scale(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x, k):
        ...         ctx.k = k  # not a tensor: an attribute
        ...         return x * k
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         return grad_output * ctx.k, None  # no gradient for k
        >>> x = tinytorch.ones(2, requires_grad=True)
        >>> Scale.apply(x, 3.0).sum().backward()
        >>> x.grad
        tensor([3., 3.])
        """
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        """PyTorch 2's second form of a Function: override it together with a ``forward``
        that takes no ``ctx`` (``forward(*args)``); :meth:`apply` runs ``forward`` and then
        this, to save on ``ctx`` what backward needs. Not overridden, ``forward(ctx, *args)``
        does both.

        Args:
            ctx (FunctionCtx): the context object of this call.
            inputs (tuple): the inputs given to :meth:`apply` (defaults filled in).
            output: what ``forward`` returned.

        Raises:
            NotImplementedError: called on the base class.

        >>> import tinytorch
        >>> class Scale(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(x, k):
        ...         return x * k
        ...     @staticmethod
        ...     def setup_context(ctx, inputs, output):
        ...         ctx.k = inputs[1]
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         return grad_output * ctx.k, None
        >>> x = tinytorch.ones(2, requires_grad=True)
        >>> Scale.apply(x, 3.0).sum().backward()
        >>> x.grad
        tensor([3., 3.])
        """
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        """Define the gradient formula of the custom Function; every subclass that is
        differentiated overrides it.

        Args:
            ctx (FunctionCtx): the context object :meth:`forward` filled in.
            *grad_outputs: the gradient with respect to each output of :meth:`forward`.

        Returns:
            One gradient per input of :meth:`forward` (a tuple when there are several):
            None for an input that is not a tensor or needs no gradient.

        Raises:
            NotImplementedError: the subclass does not override it.

        >>> import tinytorch
        >>> class Square(tinytorch.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x * x
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         (x,) = ctx.saved_tensors
        ...         return grad_output * 2 * x
        >>> x = tinytorch.tensor([3.0], requires_grad=True)
        >>> Square.apply(x).backward()
        >>> x.grad
        tensor([6.])
        """
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode AD.")


class _DelayedError(Function):
    """Identity whose backward raises: what :func:`once_differentiable` puts after a
    backward run in a recorded pass (PyTorch's ``torch::autograd::Error`` node)."""

    @staticmethod
    def forward(ctx, *outputs):
        return outputs

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("trying to differentiate twice a function that was marked with "
                           "@once_differentiable")


_DelayedError.node_name = "torch::autograd::Error"


def once_differentiable(fn):
    """Decorate a custom Function's ``backward`` that is not differentiable itself: it runs
    without recording, and where a double backward would reach it (its gradients require
    grad), its results pass through a node that raises PyTorch's error.

    Args:
        fn (callable): the ``backward(ctx, *grad_outputs)``.

    Returns:
        callable: the decorated ``backward``.

    >>> import tinytorch
    >>> class Square(tinytorch.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x
    ...     @staticmethod
    ...     @once_differentiable
    ...     def backward(ctx, grad_output):
    ...         (x,) = ctx.saved_tensors
    ...         return 2 * x * grad_output
    >>> x = tinytorch.tensor([3.0], requires_grad=True)
    >>> Square.apply(x).backward()
    >>> x.grad
    tensor([6.])
    """
    @functools.wraps(fn)
    def wrapper(ctx, *args, **kwargs):
        with _grad_mode.no_grad():
            outputs = fn(ctx, *args, **kwargs)
        if not _grad_mode.is_grad_enabled() or not any(
                isinstance(a, _tensor.Tensor) and a.requires_grad for a in args):
            return outputs
        single = not isinstance(outputs, tuple)
        wrapped = _DelayedError.apply(*[None if o is None else o.detach().requires_grad_()
                                        for o in ((outputs,) if single else outputs)])
        return wrapped[0] if single else wrapped
    return wrapper


def _fresh_output(o, args, dirty):
    """An output that is one of the inputs (returned as-is) gets a new Tensor object, as
    PyTorch makes a view, unless it was marked dirty: then it is the input itself, which
    becomes the function's output (its history goes through the function's backward);
    otherwise the output itself."""
    if not isinstance(o, _tensor.Tensor):
        return o
    if any(o is a for a in args) and not any(o is d for d in dirty):
        return _tensor.Tensor._make(o._data, o._backend, vc=o._vc)
    return o


def _check_dirty(dirty, outputs):
    """PyTorch's checks of ``mark_dirty``'s tensors; their (grad_fn, output_nr) before."""
    for t in dirty:
        if not any(t is o for o in outputs):
            raise RuntimeError("Some elements marked as dirty during the forward method were "
                               "not returned as output. The inputs that are modified inplace "
                               "must all be outputs of the Function.")
        if t._requires_grad and t._grad_fn is None:
            raise RuntimeError("a leaf Variable that requires grad has been used in an "
                               "in-place operation.")
    return [(t._grad_fn, t._output_nr) for t in dirty]


class FunctionCtx(Node):
    """The type of the ``ctx`` a custom :class:`Function`'s ``forward`` and ``backward``
    receive (also the output's ``grad_fn``), exported for type annotations.

    >>> import tinytorch
    >>> class Identity(tinytorch.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx: tinytorch.autograd.FunctionCtx, x):
    ...         return x.clone()
    ...     @staticmethod
    ...     def backward(ctx: tinytorch.autograd.FunctionCtx, grad_output):
    ...         return grad_output
    >>> y = Identity.apply(tinytorch.ones(1, requires_grad=True))
    >>> isinstance(y.grad_fn, tinytorch.autograd.FunctionCtx)
    True
    """
