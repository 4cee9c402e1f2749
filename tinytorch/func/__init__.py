"""``tinytorch.func``: ``functional_call`` and the reverse-mode transforms ``grad``,
``grad_and_value``, ``vjp``, ``jacrev`` and ``hessian``, as PyTorch's ``torch.func`` has them
(for meta-learning and per-model parameter dictionaries). See NOTE [Swapping module tensors]
and NOTE [func transforms over the tape]; ``vmap`` and forward mode are not provided."""

import collections.abc

from tinytorch.func._transforms import grad
from tinytorch.func._transforms import grad_and_value
from tinytorch.func._transforms import hessian
from tinytorch.func._transforms import jacrev
from tinytorch.func._transforms import vjp
from tinytorch.nn.utils.stateless import _functional_call

__all__ = ["functional_call", "grad", "grad_and_value", "hessian", "jacrev", "vjp"]


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
