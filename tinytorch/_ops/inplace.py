"""In-place ops.

NOTE [In-place ops]
``x.op_(...)`` computes ``op(x, ...)`` out of place (recorded by autograd as usual), writes
the result into x's storage (so views of x see it), bumps x's version counter and makes x
the output of the new node. Saved values check the counter at backward (see NOTE
[Saved values]). A leaf that requires grad may only be changed in place under no_grad.
When the call is recorded, the op runs on a snapshot of x (a copy standing at x's place in
the graph), so what it saves is not overwritten by the write-back: ``h.mul_(w)``,
``h.pow_(2)`` stay differentiable, as PyTorch's saved ``original self`` makes them.
"""

from tinytorch._ops._util import is_tensor
from tinytorch.autograd import grad_mode


def check_leaf(x):
    if x._requires_grad and x.grad_fn is None and grad_mode.is_grad_enabled():
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                           "operation. Wrap the update in `with torch.no_grad():` (as "
                           "optimizers do) or work on x.clone().")


def commit(x, out):
    """Write ``out`` (a Tensor computed from x) into x in place and take over its history."""
    check_leaf(x)
    if tuple(out._data.shape) != tuple(x._data.shape):
        raise RuntimeError(f"output with shape {list(x.shape)} doesn't match the broadcast "
                           f"shape {list(out.shape)}")
    x._backend.copy_(x._data, out._data)
    x._vc[0] += 1
    if out.grad_fn is not None:
        x.grad_fn = out.grad_fn
        x._output_nr = out._output_nr
        x._requires_grad = True
    return x


def inplace(x, fn, *args, **kwargs):
    """``x = fn(x, *args, **kwargs)`` in place (see NOTE [In-place ops])."""
    check_leaf(x)
    return commit(x, fn(_snapshot(x, args), *args, **kwargs))


def _snapshot(x, args):
    """x itself, or, when the call will be recorded, a copy of x's values with x's place in
    the graph (same grad_fn and output number) and a version counter of its own."""
    recorded = x._requires_grad or any(is_tensor(a) and a._requires_grad for a in args)
    if not (recorded and grad_mode.is_grad_enabled()):
        return x
    from tinytorch._tensor import Tensor
    return Tensor._make(x._backend.copy(x._data), x._backend, x._requires_grad, x.grad_fn,
                        x._output_nr)


def copy_(x, src):
    """Copy ``src`` (broadcast, cast, moved across devices) into x; differentiable."""
    from tinytorch._ops.conversion import to
    from tinytorch._ops.shape import expand
    if not is_tensor(src):
        return fill_(x, src)
    src = expand(to(src, x.device, x.dtype), x.shape)
    if not (src._requires_grad and grad_mode.is_grad_enabled()):
        check_leaf(x)
        x._backend.copy_(x._data, src._data)
        x._vc[0] += 1
        return x
    from tinytorch._ops.arithmetic import add
    return commit(x, add(src, 0))


def fill_(x, value):
    """Set every element to ``value`` (a number or a 0-d tensor)."""
    check_leaf(x)
    if is_tensor(value):
        value = value.item()
    x._backend.copy_(x._data, value)
    x._vc[0] += 1
    if x.grad_fn is not None:
        x.grad_fn = None
        x._requires_grad = False
    return x


def uniform_(x, low, high, generator):
    from tinytorch import _random
    check_leaf(x)
    x._backend.uniform_(_random.rng_for(x._backend, generator), x._data, low, high)
    x._vc[0] += 1
    return x


def normal_(x, mean, std, generator):
    from tinytorch import _random
    check_leaf(x)
    x._backend.normal_(_random.rng_for(x._backend, generator), x._data, mean, std)
    x._vc[0] += 1
    return x


