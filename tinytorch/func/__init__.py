"""``tinytorch.func``: ``functional_call``, ``stack_module_state``, ``vmap``, the reverse-mode
transforms ``grad``, ``grad_and_value``, ``vjp``, ``jacrev`` and ``hessian``, the forward-mode
ones ``jvp``, ``jacfwd`` and ``linearize`` (computed by reverse mode) and ``functionalize``, as
PyTorch's ``torch.func`` has them. See NOTE [Swapping module tensors], NOTE [func transforms
over the tape], NOTE [vmap as a loop] and NOTE [Forward mode by double vjp]."""

import collections.abc

from tinytorch.func._forward import jacfwd
from tinytorch.func._forward import jvp
from tinytorch.func._forward import linearize
from tinytorch.func._transforms import grad
from tinytorch.func._transforms import grad_and_value
from tinytorch.func._transforms import hessian
from tinytorch.func._transforms import jacrev
from tinytorch.func._transforms import vjp
from tinytorch.func._vmap import vmap
from tinytorch._ops.join import stack
from tinytorch.nn.utils.stateless import _functional_call

__all__ = ["functional_call", "functionalize", "grad", "grad_and_value", "hessian", "jacfwd",
           "jacrev", "jvp", "linearize", "stack_module_state", "vjp", "vmap"]


def _merged(parameter_and_buffer_dicts):
    if isinstance(parameter_and_buffer_dicts, dict):
        return parameter_and_buffer_dicts
    if not isinstance(parameter_and_buffer_dicts, collections.abc.Sequence):
        raise ValueError("Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of "
                         f"dicts, but got {type(parameter_and_buffer_dicts)}")
    if not all(isinstance(d, dict) for d in parameter_and_buffer_dicts):
        raise ValueError("Expected all elements of parameter_and_buffer_dicts to be "
                         "dictionaries")
    counts = collections.Counter(k for d in parameter_and_buffer_dicts for k in d)
    repeated_keys = [key for key, n in counts.items() if n > 1]
    if repeated_keys:
        raise ValueError(f"{repeated_keys} appeared in multiple dictionaries; behavior of "
                         "functional call is ambiguous")
    return {k: v for d in parameter_and_buffer_dicts for k, v in d.items()}


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Call ``module`` with some of its parameters and buffers replaced by the given tensors
    for this one call; gradients flow to the given tensors, not to the module's own.

    Args:
        module (Module): the module to call.
        parameter_and_buffer_dicts (dict or sequence of dicts): tensors by their
            ``named_parameters``/``named_buffers`` names (several dicts must not share keys).
        args (Any or tuple): positional arguments of the call (one non-tuple value is wrapped).
        kwargs (dict, optional): keyword arguments of the call.
        tie_weights (bool): a tensor given for one of several tied names is used for all of
            them. Default: True.
        strict (bool): the dicts must name every parameter and buffer, and nothing else.
            Default: False.

    Returns:
        Any: what ``module`` returns.

    Raises:
        ValueError: the dicts are not dicts, share keys, or give tied names different tensors.
        RuntimeError: with ``strict``, a missing or unexpected key.

    >>> m = tinytorch.nn.Linear(2, 1)
    >>> params = {k: v.detach().clone().requires_grad_() for k, v in m.named_parameters()}
    >>> out = tinytorch.func.functional_call(m, params, (tinytorch.ones(1, 2),))
    >>> out.sum().backward()
    >>> params["bias"].grad, m.bias.grad
    (tensor([1.]), None)
    """
    return _functional_call(module, _merged(parameter_and_buffer_dicts), args, kwargs,
                            tie_weights=tie_weights, strict=strict)


def _stacked_leaf(tensors, name):
    if len({t.requires_grad for t in tensors}) > 1:
        raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
    result = stack(tensors)
    return result.detach().requires_grad_() if tensors[0].requires_grad else result


def stack_module_state(models):
    """Stack the parameters and buffers of ``M`` modules of one class for ensembling with
    :func:`vmap` and :func:`functional_call`.

    Args:
        models (sequence of Module or ModuleList): the modules, all of one class and mode.

    Returns:
        tuple: ``(params, buffers)``, dicts by ``named_parameters``/``named_buffers`` name of
        tensors with a leading dimension ``M``; the stacked parameters are new leaves that
        require grad (an optimizer can take them), unrelated to the modules' own.

    Raises:
        RuntimeError: no models, models of different classes or training modes, or a name
            whose tensors differ in ``requires_grad``.

    >>> models = [tinytorch.nn.Linear(3, 2) for _ in range(4)]
    >>> params, buffers = tinytorch.func.stack_module_state(models)
    >>> params["weight"].shape, params["weight"].is_leaf, buffers
    (torch.Size([4, 2, 3]), True, {})
    """
    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if len({m.training for m in models}) > 1:
        raise RuntimeError("stack_module_state: Expected all models to have the same "
                           "training/eval mode.")
    if any(type(m) is not type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    stacked = []
    for named in ("named_parameters", "named_buffers"):
        per_model = [dict(getattr(m, named)()) for m in models]
        stacked.append({k: _stacked_leaf([d[k] for d in per_model], k) for k in per_model[0]})
    return tuple(stacked)


def functionalize(func, *, remove="mutations"):
    """``func`` as a function without in-place operations, for graph capture. tinytorch has no
    mutation-removal pass (and nothing that captures graphs): the returned function calls
    ``func``, so its results are ``func``'s, mutations of the inputs included, as PyTorch's
    functionalized function gives.

    Args:
        func (Callable): the function.
        remove (str): ``'mutations'`` or ``'mutations_and_views'``. Default: ``'mutations'``.

    Returns:
        Callable: a function with ``func``'s arguments and results.

    Raises:
        RuntimeError: another ``remove``.

    >>> def f(x):
    ...     y = x.clone()
    ...     y.add_(1)
    ...     return y
    >>> tinytorch.func.functionalize(f)(tinytorch.zeros(2))
    tensor([1., 1.])
    """
    if remove not in ("mutations", "mutations_and_views"):
        raise RuntimeError(
            "functionalize(f, remove='mutations'): received invalid argument for "
            f"remove={remove}. Valid options are:\n     remove='mutations': all inplace and out= "
            "operators will be removed from the program, and replaced with their out-of-place "
            "equivalents.\n     remove='mutations_and_views': In addition to the above, all "
            "aliasing operators {view} will be replaced with their non-aliasing counterparts, "
            "{view}_copy.\n")

    def functionalized(*args, **kwargs):
        return func(*args, **kwargs)
    return functionalized
