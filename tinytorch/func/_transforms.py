"""``grad``, ``grad_and_value``, ``vjp``, ``jacrev`` and ``hessian`` of ``tinytorch.func``,
written over the tape (``autograd.grad``), with ``torch.func``'s signatures, pytree inputs and
messages.

NOTE [func transforms over the tape]: PyTorch's transforms wrap tensors per nesting level; we
instead give each differentiated input a fresh node (a detached leaf, or a view of an input that
already requires grad), run the function with grad enabled and call ``autograd.grad``. The
gradients keep a graph (``create_graph``) only where someone can differentiate them again:
inside another transform, or when an input requires grad. A function whose result depends on
an input only through a closure over an outer transform's tensor is differentiated by the
outer one as well, which is what nesting asks for; what we do not reproduce is functorch's
separation of levels for a tensor captured by two nested transforms of the same variable
("perturbation confusion"). Unused inputs get zero gradients, as in PyTorch.
"""

import functools
import threading

from tinytorch import _creation
from tinytorch._grad_mode import enable_grad
from tinytorch._ops.join import stack
from tinytorch._tensor import Tensor
from tinytorch.autograd.api import grad as _autograd_grad
from tinytorch.func import _pytree

_state = threading.local()
_VJP = "vjp(f, *primals)"  # jacrev's messages too, as PyTorch's jacrev runs vjp


class _Level:
    """Marks the code running inside a transform, so nested ones keep their graphs."""

    def __enter__(self):
        _state.depth = getattr(_state, "depth", 0) + 1

    def __exit__(self, *exc):
        _state.depth -= 1


def _nested():
    return getattr(_state, "depth", 0) > 0


def _flatten(tree):
    """(tensor leaves, rebuild(leaves) -> a tree of tree's structure) of nested tensors."""
    leaves, spec = _pytree.flatten(tree)
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(leaf)}")
    return leaves, functools.partial(_pytree.unflatten, spec=spec)


def _fresh(t):
    return t.view_as(t) if t.requires_grad else t.detach().requires_grad_()


def _grads(outputs, inputs, grad_outputs, create_graph):
    """d(outputs . grad_outputs)/d(inputs), zeros where an input is unused."""
    live = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    found = [None] * len(inputs)
    if live:
        found = _autograd_grad([o for o, _ in live], inputs, [g for _, g in live],
                               retain_graph=True, create_graph=create_graph, allow_unused=True)
    return [_creation.zeros_like(x) if g is None else g for g, x in zip(found, inputs)]


def _argnums_tuple(argnums, nargs):
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    for num in nums:
        if not -nargs <= num < nargs:
            raise RuntimeError(f"Got argnum={num}, but only {nargs} positional inputs")
    return nums


def _prepare(args, argnums, outer):
    """(args with the differentiated ones replaced by fresh nodes, the fresh leaves, rebuild
    of the argnums tree, whether the gradients need a graph). ``outer``: called inside
    another transform."""
    nums = _argnums_tuple(argnums, len(args))
    leaves, rebuild = _flatten(tuple(args[n] for n in nums))
    fresh = [_fresh(t) for t in leaves]
    new_args = list(args)
    for num, value in zip(nums, rebuild(fresh)):
        new_args[num] = value
    keep_graph = outer or any(t.requires_grad for t in leaves)
    return new_args, fresh, rebuild, keep_graph


def _split_aux(output, has_aux, where):
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(f"{where}: output of function f should be a tuple: "
                           "(output, aux) if has_aux is True")
    return output


def _detached(tree, keep_graph):
    if keep_graph or tree is None:
        return tree
    try:
        leaves, rebuild = _flatten(tree)
    except ValueError:
        return tree
    return rebuild([t.detach() for t in leaves])


def _pick(grads_tree, argnums):
    return grads_tree[0] if isinstance(argnums, int) else grads_tree


def grad_and_value(func, argnums=0, has_aux=False):
    """A function computing ``func``'s gradient with respect to the ``argnums`` inputs
    together with ``func``'s value. See NOTE [func transforms over the tape].

    Args:
        func (Callable): returns a scalar tensor (with ``has_aux``: ``(scalar, aux)``).
        argnums (int or tuple of int): the positional arguments to differentiate; each may be a
            tensor or a tuple/list/dict of tensors. Default: 0.
        has_aux (bool): ``func`` returns ``(output, aux)``; aux is passed through. Default:
            False.

    Returns:
        Callable: ``(*args, **kwargs) -> (grad, value)`` (``(grad, (value, aux))`` with
        ``has_aux``); ``grad`` has the structure of the argument (a tuple for tuple argnums).

    >>> from tinytorch.func import grad_and_value
    >>> grad_and_value(lambda x: (x ** 2).sum())(tinytorch.tensor([1.0, 2.0]))
    (tensor([2., 4.]), tensor(5.))
    """
    def wrapper(*args, **kwargs):
        outer = _nested()
        with enable_grad(), _Level():
            new_args, fresh, rebuild, keep_graph = _prepare(args, argnums, outer)
            output, aux = _split_aux(func(*new_args, **kwargs), has_aux,
                                     "grad_and_value(f)(*args)")
            if not isinstance(output, Tensor):
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"Tensor, got {type(output)}")
            if output.dim() != 0:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"scalar Tensor, got tensor with {output.dim()} dims. Maybe "
                                   "you wanted to use the vjp or jacrev APIs instead?")
            grads = _grads([output], fresh, [_creation.ones_like(output)], keep_graph)
        value = _detached(output, keep_graph)
        result = _pick(rebuild(grads), argnums)
        if has_aux:
            return result, (value, _detached(aux, keep_graph))
        return result, value
    return wrapper


def grad(func, argnums=0, has_aux=False):
    """A function computing the gradient of ``func`` (a scalar) with respect to its
    ``argnums`` inputs; transforms nest (``grad(grad(f))``). See :func:`grad_and_value`.

    Args:
        func (Callable): returns a scalar tensor (with ``has_aux``: ``(scalar, aux)``).
        argnums (int or tuple of int): the positional arguments to differentiate. Default: 0.
        has_aux (bool): ``func`` returns ``(output, aux)``. Default: False.

    Returns:
        Callable: ``(*args, **kwargs) -> grad`` (``(grad, aux)`` with ``has_aux``).

    >>> from tinytorch.func import grad
    >>> x = tinytorch.tensor(2.0)
    >>> grad(lambda x: x ** 3)(x), grad(grad(lambda x: x ** 3))(x)
    (tensor(12.), tensor(12.))
    """
    inner = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        grads, value = inner(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads
    return wrapper


def vjp(func, *primals, has_aux=False):
    """Run ``func(*primals)`` and return its output with a function giving vector-Jacobian
    products: ``vjp_fn(cotangents)`` is the gradient of ``sum(output * cotangents)`` with
    respect to each primal.

    Args:
        func (Callable): returns a tensor or a tuple/list/dict of tensors (with ``has_aux``:
            ``(output, aux)``).
        *primals (Tensor or tuple/list/dict of Tensor): the inputs.
        has_aux (bool): ``func`` returns ``(output, aux)``. Default: False.

    Returns:
        tuple: ``(output, vjp_fn)`` (``(output, vjp_fn, aux)`` with ``has_aux``); ``vjp_fn``
        returns a tuple with one gradient per primal and may be called several times.

    >>> from tinytorch.func import vjp
    >>> out, vjp_fn = vjp(lambda x: x ** 2, tinytorch.tensor([1.0, 3.0]))
    >>> vjp_fn(tinytorch.ones(2))
    (tensor([2., 6.]),)
    """
    outer = _nested()
    with enable_grad(), _Level():
        new_primals, fresh, rebuild, keep_graph = _prepare(primals, tuple(range(len(primals))),
                                                           outer)
        output, aux = _split_aux(func(*new_primals), has_aux, _VJP)
        out_leaves, _ = _flatten(output)

    def vjp_fn(cotangents):
        tangent_leaves, _ = _flatten(cotangents)
        with enable_grad():
            return tuple(rebuild(_grads(out_leaves, fresh, tangent_leaves,
                                        keep_graph or _nested())))

    value = _detached(output, keep_graph)
    if has_aux:
        return value, vjp_fn, _detached(aux, keep_graph)
    return value, vjp_fn


def _jacobian_rows(out, fresh, keep_graph):
    """For one output tensor: per input leaf, the Jacobian ``out.shape + input.shape``."""
    flat = out.reshape(-1)
    rows = []
    for i in range(flat.numel()):
        one_hot = _creation.zeros_like(flat)
        one_hot[i] = 1
        rows.append(_grads([flat], fresh, [one_hot], keep_graph))
    jacobians = []
    for j, x in enumerate(fresh):
        column = [row[j] for row in rows]
        stacked = stack(column) if column else _creation.zeros(0, *x.shape, dtype=x.dtype,
                                                                device=x.device)
        jacobians.append(stacked.reshape(*out.shape, *x.shape))
    return jacobians


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """A function computing the Jacobian of ``func`` with respect to its ``argnums`` inputs by
    reverse mode, one backward pass per output element.

    Args:
        func (Callable): returns a tensor or a tuple/list/dict of tensors (with ``has_aux``:
            ``(output, aux)``).
        argnums (int or tuple of int): the positional arguments to differentiate. Default: 0.
        has_aux (bool): ``func`` returns ``(output, aux)``. Default: False.
        chunk_size (int, optional): accepted for compatibility (no vectorization here).

    Returns:
        Callable: ``(*args, **kwargs) -> jacobian`` (``(jacobian, aux)`` with ``has_aux``):
        for each output leaf, the argument structure of tensors ``out.shape + input.shape``.

    >>> from tinytorch.func import jacrev
    >>> jacrev(lambda x: x ** 2)(tinytorch.tensor([1.0, 2.0]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    def wrapper(*args, **kwargs):
        outer = _nested()
        with enable_grad(), _Level():
            new_args, fresh, rebuild, keep_graph = _prepare(args, argnums, outer)
            output, aux = _split_aux(func(*new_args, **kwargs), has_aux, _VJP)
            out_leaves, rebuild_out = _flatten(output)
            per_output = [_pick(rebuild(_jacobian_rows(out, fresh, keep_graph)), argnums)
                          for out in out_leaves]
        result = rebuild_out(per_output)
        return (result, _detached(aux, keep_graph)) if has_aux else result
    return wrapper


def hessian(func, argnums=0):
    """A function computing the Hessian of ``func`` (a scalar) with respect to its ``argnums``
    inputs: ``jacrev(jacrev(func))`` (PyTorch uses forward over reverse; the values agree).

    Args:
        func (Callable): returns a scalar tensor.
        argnums (int or tuple of int): the positional arguments to differentiate. Default: 0.

    Returns:
        Callable: ``(*args, **kwargs) -> hessian``, shape ``input.shape + input.shape``.

    >>> from tinytorch.func import hessian
    >>> hessian(lambda x: (x ** 3).sum())(tinytorch.tensor([1.0, 2.0]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    return jacrev(jacrev(func, argnums), argnums)
