"""``jvp``, ``jacfwd`` and ``linearize`` of ``tinytorch.func``, computed by reverse mode.

NOTE [Forward mode by double vjp]: tinytorch has no forward-mode AD (no dual numbers). The
Jacobian-vector product ``J t`` of ``y = f(x)`` is the gradient with respect to a dummy
cotangent ``u`` of ``<J^T u, t>``: one backward pass with a graph gives ``J^T u`` (linear in
``u``), a second one gives ``J t``. The values are PyTorch's; it costs a forward and two
backward passes, and every op on the way needs a differentiable backward (double backward).
``jacfwd`` is PyTorch's own recipe over it, ``vmap(jvp)`` over the standard basis of the inputs
(so ``randomness`` applies to ``func`` as in PyTorch); ``linearize`` keeps the graph of
``J^T u`` so each call of its ``jvp_fn`` is one backward pass.
"""

from tinytorch import _creation
from tinytorch._grad_mode import enable_grad
from tinytorch._ops.join import split
from tinytorch._tensor import Tensor
from tinytorch.func import _pytree
from tinytorch.func import _transforms as tr
from tinytorch.func._vmap import vmap

_JVP = "jvp(f, primals, tangents)"


def _only_tensors(leaves, argname):
    if not leaves:
        raise RuntimeError(f"{_JVP}: Expected {argname} to contain at least one Tensor.")
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(f"{_JVP}: Expected {argname} to only contain Tensors, got "
                               f"{type(leaf)}")


def _outputs(output):
    leaves, spec = _pytree.flatten(output)
    if not leaves or leaves == [None]:
        raise RuntimeError(f"{_JVP}: Expected f to be a function that has non-empty output "
                           f"(got output = {leaves})")
    for leaf in leaves:
        if not isinstance(leaf, Tensor):
            raise RuntimeError(f"{_JVP}: expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(leaf)}")
    return leaves, spec


def _linearized(func, args, nums, has_aux):
    """Run ``func(*args)`` differentiably in the ``nums`` arguments: (output leaves, their
    spec, aux, push(tangent leaves) -> J t per output leaf, whether results keep a graph)."""
    outer = tr._nested()
    with enable_grad(), tr._Level():
        new_args, fresh, _, keep_graph = tr._prepare(args, nums, outer)
        output, aux = tr._split_aux(func(*new_args), has_aux, _JVP)
        leaves, spec = _outputs(output)
        # an integer output (argmax) has no cotangent; its jvp is zeros, as in PyTorch
        dummies = [_creation.zeros_like(out).requires_grad_(out.is_floating_point())
                   for out in leaves]
        live = [u for u in dummies if u.requires_grad]
        pulled = tr._grads(leaves, fresh, dummies, True)

    def push(tangents):
        tangents = [t.to(x.dtype) for t, x in zip(tangents, fresh)]
        with enable_grad():
            found = iter(tr._grads(pulled, live, tangents, keep_graph or tr._nested()
                                   or any(t.requires_grad for t in tangents)) if live else [])
        return [next(found) if u.requires_grad else u for u in dummies]
    return leaves, spec, aux, push, keep_graph


def _jvp(func, primals, tangents, argnums, strict, has_aux):
    """``jvp`` in the ``argnums`` arguments of ``primals`` (all of them when None)."""
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{_JVP}: Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    nums = tuple(range(len(primals))) if argnums is None else tr._argnums_tuple(argnums,
                                                                                 len(primals))
    diff = primals if argnums is None else tr._pick(tuple(primals[n] for n in nums), argnums)
    flat_primals, primals_spec = _pytree.flatten(diff)
    flat_tangents, tangents_spec = _pytree.flatten(tangents)
    if primals_spec != tangents_spec:
        raise RuntimeError(f"{_JVP}: Expected primals and tangents to have the same python "
                           "structure. For example, if primals is a tuple of 3 tensors, "
                           f"tangents also must be. Got primals with structure {primals_spec} "
                           f"and tangents with structure {tangents_spec}")
    _only_tensors(flat_primals, "primals")
    _only_tensors(flat_tangents, "tangents")
    for p, t in zip(flat_primals, flat_tangents):
        if t.shape != p.shape:
            raise RuntimeError("Trying to set a forward gradient that has a different size than "
                               "that of the original Tensor, this is not supported. Tensor is of "
                               f"size {list(p.shape)} while the given forward gradient is of "
                               f"size {list(t.shape)}.")
    leaves, spec, aux, push, keep_graph = _linearized(func, primals, nums, has_aux)
    if strict and not all(out.requires_grad for out in leaves):
        raise RuntimeError("jvp(f, primals, tangents, strict=True): The output of f is "
                           "independent of the inputs. This is not allowed with strict=True.")
    output = _pytree.unflatten(tr._detached(leaves, keep_graph), spec)
    result = output, _pytree.unflatten(push(flat_tangents), spec)
    return result + (tr._detached(aux, keep_graph),) if has_aux else result


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``func``'s output and its Jacobian-vector product at ``primals`` in the direction
    ``tangents``. tinytorch computes it by reverse mode (NOTE [Forward mode by double vjp]):
    PyTorch's values, at the cost of two backward passes.

    Args:
        func (Callable): returns a tensor or a tuple/list/dict of tensors (with ``has_aux``:
            ``(output, aux)``).
        primals (tuple): the arguments of ``func`` (tensors or nested structures of them).
        tangents (tuple): one tensor per primal tensor, of the same shapes and structure.
        strict (bool): raise if an output does not depend on the inputs. Default: False.
        has_aux (bool): ``func`` returns ``(output, aux)``. Default: False.

    Returns:
        tuple: ``(output, jvp_out)`` (``(output, jvp_out, aux)`` with ``has_aux``);
        ``jvp_out`` has the structure of the output.

    Raises:
        RuntimeError: primals that are not a tuple of tensors, tangents of another structure or
            shape, outputs that are not tensors, or (``strict``) an output independent of the
            inputs.

    >>> from tinytorch.func import jvp
    >>> x = tinytorch.tensor([1.0, 2.0])
    >>> jvp(lambda x: x ** 2, (x,), (tinytorch.tensor([1.0, 0.5]),))
    (tensor([1., 4.]), tensor([2., 2.]))
    """
    return _jvp(func, primals, tangents, None, strict, has_aux)


def _standard_basis(flat_primals):
    """Per primal, the rows of the identity over all primals' elements that belong to it:
    ``(total, *primal.shape)``."""
    numels = [p.numel() for p in flat_primals]
    total = sum(numels)
    basis, start = [], 0
    for p, n in zip(flat_primals, numels):
        rows = _creation.zeros(total, n, dtype=p.dtype, device=p.device)
        rows[start:start + n] = _creation.eye(n, dtype=p.dtype, device=p.device)
        basis.append(rows.reshape(total, *p.shape))
        start += n
    return basis, numels


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """A function computing the Jacobian of ``func`` with respect to its ``argnums`` inputs,
    as PyTorch does: ``vmap`` of :func:`jvp` over the standard basis of the inputs (by
    reverse mode here, NOTE [Forward mode by double vjp]; one ``jvp`` per input element).

    Args:
        func (Callable): returns a tensor or a tuple/list/dict of tensors (with ``has_aux``:
            ``(output, aux)``).
        argnums (int or tuple of int): the positional arguments to differentiate. Default: 0.
        has_aux (bool): ``func`` returns ``(output, aux)``. Default: False.
        randomness (str): :func:`vmap`'s, for the random ops ``func`` calls. Default:
            ``'error'``.

    Returns:
        Callable: ``(*args) -> jacobian`` (``(jacobian, aux)`` with ``has_aux``): for each
        output leaf, the argument structure of tensors ``out.shape + input.shape``.

    Raises:
        RuntimeError: :func:`jvp`'s errors, an ``argnums`` out of range, a random op under
            ``randomness='error'``.

    >>> from tinytorch.func import jacfwd
    >>> jacfwd(lambda x: x ** 2)(tinytorch.tensor([1.0, 2.0]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    def wrapper(*args):
        nums = tr._argnums_tuple(argnums, len(args))
        flat_primals, primals_spec = _pytree.flatten(
            tr._pick(tuple(args[n] for n in nums), argnums))
        basis, numels = _standard_basis(flat_primals)

        def push_jvp(basis):
            output = _jvp(func, args, basis, argnums, False, has_aux)
            return (output[1], output[2]) if has_aux else output[1]

        results = vmap(push_jvp, randomness=randomness)(_pytree.unflatten(basis, primals_spec))
        if has_aux:
            results, aux = results
            aux_leaves, aux_spec = _pytree.flatten(aux)  # every slice's aux is the same
            aux = _pytree.unflatten([a[0] for a in aux_leaves], aux_spec)
        jac_outs, spec = _pytree.flatten(results)
        per_output = []
        for jac in jac_outs:
            pieces = split(jac.movedim(0, -1), numels, -1)
            per_input = [piece.reshape(*jac.shape[1:], *p.shape)
                         for piece, p in zip(pieces, flat_primals)]
            per_output.append(_pytree.unflatten(per_input, primals_spec))
        result = _pytree.unflatten(per_output, spec)
        return (result, aux) if has_aux else result
    return wrapper


def linearize(func, *primals):
    """``func``'s output at ``primals`` and a function computing Jacobian-vector products
    there: ``jvp_fn(*tangents)`` is :func:`jvp`'s second result, without running ``func``
    again (one backward pass per call; NOTE [Forward mode by double vjp]).

    Args:
        func (Callable): returns a tensor or a tuple/list/dict of tensors.
        *primals (Tensor or tuple/list/dict of Tensor): the inputs.

    Returns:
        tuple: ``(output, jvp_fn)``.

    Raises:
        RuntimeError: (from ``jvp_fn``) tangents of another structure, shape or dtype than
            the primals.

    >>> from tinytorch.func import linearize
    >>> out, jvp_fn = linearize(tinytorch.sin, tinytorch.tensor([0.0, 1.0]))
    >>> jvp_fn(tinytorch.tensor([2.0, 0.0]))
    tensor([2., 0.])
    """
    flat_primals, primals_spec = _pytree.flatten(primals)
    leaves, spec, _, push, keep_graph = _linearized(func, primals, tuple(range(len(primals))),
                                                    False)

    def jvp_fn(*tangents):
        flat_tangents, tangents_spec = _pytree.flatten(tangents)
        if tangents_spec != primals_spec:
            raise RuntimeError(f"Expected the tangents {tangents_spec} to have the same argspec "
                               f"as the primals {primals_spec}")
        for i, (t, p) in enumerate(zip(flat_tangents, flat_primals)):
            for what in ("shape", "device", "dtype"):
                if getattr(t, what) != getattr(p, what):
                    raise RuntimeError(f"tangent:{i} with {what} {getattr(t, what)} in "
                                       "flattened pytree doesn't match the "
                                       f"{what} {getattr(p, what)} of the corresponding primal.")
        return _pytree.unflatten(push(flat_tangents), spec)
    return _pytree.unflatten(tr._detached(leaves, keep_graph), spec), jvp_fn
