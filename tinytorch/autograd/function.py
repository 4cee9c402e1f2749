"""The public ``tinytorch.autograd.Function`` (PyTorch's API) for user-defined ops.

Its ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` see Tensors; it produces
the same graph node type as the built-in ``Op`` and runs on the same engine.
"""

from tinytorch import _grad_mode
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

    @classmethod
    def apply(cls, *args, **kwargs):
        tensors = [a for a in args if isinstance(a, _tensor.Tensor)]
        backend = tensors[0]._backend if tensors else None
        if any(t._backend is not backend for t in tensors):
            raise _device_mismatch(cls, args)
        ctx = Node()
        ctx.op = cls
        ctx.backend = backend
        record = _grad_mode.is_grad_enabled() and any(t._requires_grad for t in tensors)
        if record:
            _connect_inputs(ctx, args)
        else:
            ctx.needs_input_grad = (False,) * len(args)
        with _grad_mode.no_grad():
            out = cls.forward(ctx, *args, **kwargs)
        single = not isinstance(out, tuple)
        outputs = (out,) if single else out
        outputs = tuple(_fresh_output(o, args) for o in outputs)
        if record:
            ctx.saved = tuple(t._data if isinstance(t, _tensor.Tensor) else t for t in ctx.saved)
            ctx.non_differentiable = tuple(t._data for t in ctx.non_differentiable)
            arrays = [a._data if isinstance(a, _tensor.Tensor) else a for a in args]
            _connect_outputs(ctx, args, arrays, outputs)
            for t in ctx.dirty:
                t._vc[0] += 1
        return outputs[0] if single else outputs

    @classmethod
    def run_backward(cls, ctx, grads):
        wrapped = [g if isinstance(g, _tensor.Tensor) or g is None
                   else _tensor.Tensor._make(g, ctx.backend) for g in grads]
        result = cls.backward(ctx, *wrapped)
        if not isinstance(result, tuple):
            result = (result,)
        # Arguments after the inputs' gradients (PyTorch allows extra Nones) are dropped.
        result = result[:len(ctx.next_edges)] if len(result) > len(ctx.next_edges) else result
        if ctx.graph_mode:
            return result
        return tuple(r._data if isinstance(r, _tensor.Tensor) else r for r in result)

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode AD.")


def _fresh_output(o, args):
    """An output that is one of the inputs (returned as-is) gets a new Tensor object, as
    PyTorch makes a view; otherwise the output itself."""
    if not isinstance(o, _tensor.Tensor):
        return o
    if any(o is a for a in args):
        return _tensor.Tensor._make(o._data, o._backend, vc=o._vc)
    return o


class FunctionCtx(Node):
    """The type of ``ctx`` (exported for type annotations)."""
