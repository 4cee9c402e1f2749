"""``nn.utils.stateless``: call a module with some of its parameters and buffers replaced by
given tensors (``functional_call``), as PyTorch's ``torch.nn.utils.stateless``; gradients flow
to the given tensors. ``tinytorch.func.functional_call`` is the current name.

NOTE [Swapping module tensors]: as PyTorch's ``_reparametrize_module``, the given tensors are
put into the modules' ``_parameters``/``_buffers`` (plain tensors are allowed there) or set as
attributes, for the duration of one call, and the originals are put back afterwards, even if
the call raises; the caller's dict then holds what the modules held at the end of the call.
"""

import contextlib
import warnings

from tinytorch._tensor import Tensor
from tinytorch.nn.modules.module import Module

__all__ = ["functional_call"]

_MISSING = object()


def _check_attr_name(name):
    if "." in name:
        raise KeyError('tensor name can\'t contain "."')
    if name == "":
        raise KeyError('tensor name can\'t be empty string ""')


def _swap_tensor(module, name, tensor):
    """Put ``tensor`` (or nothing, for ``_MISSING``) at ``module.name``; return what was
    there (``_MISSING`` for nothing)."""
    if tensor is not _MISSING and not isinstance(tensor, Tensor) and tensor is not None:
        raise TypeError(f"{tensor} is not an instance of torch.Tensor")
    _check_attr_name(name)
    for store in (module._parameters, module._buffers):
        if name in store:
            orig = store[name]
            if tensor is _MISSING:
                del store[name]
            else:
                store[name] = tensor
            return orig
    orig = getattr(module, name) if hasattr(module, name) else _MISSING
    if orig is not _MISSING and not isinstance(orig, Tensor) and orig is not None:
        raise TypeError(f"attribute `{name}`: {orig} is not an instance of torch.Tensor")
    if tensor is not _MISSING:
        setattr(module, name, tensor)
    elif hasattr(module, name):
        delattr(module, name)
    return orig


def _submodule(module, path, memo):
    if not path:
        return module
    if path not in memo:
        prefix, _, attr = path.rpartition(".")
        parent = _submodule(module, prefix, memo)
        try:
            sub = getattr(parent, attr)
        except AttributeError as ex:
            raise AttributeError(f"{parent._get_name()} has no attribute `{attr}`") from ex
        if not isinstance(sub, Module):
            raise TypeError(f"submodule `{path}`: {sub} is not an instance of torch.nn.Module")
        memo[path] = sub
    return memo[path]


def _swap_all(module, named_tensors, memo):
    """Swap every ``name: tensor``; return the originals. On an error, put back what was
    swapped so far."""
    originals = {}
    try:
        for name, tensor in named_tensors.items():
            prefix, _, attr = name.rpartition(".")
            originals[name] = _swap_tensor(_submodule(module, prefix, memo), attr, tensor)
    except Exception:
        _swap_all(module, originals, memo)
        raise
    return originals


def _all_named_tensors(module):
    named = dict(module.named_parameters(remove_duplicate=False))
    named.update(module.named_buffers(remove_duplicate=False))
    return named


def _untie_named_tensors_map(module, parameters_and_buffers):
    """``parameters_and_buffers`` with each given tensor also under the names tied to it."""
    tied_names = {}
    for name, tensor in _all_named_tensors(module).items():
        tied_names.setdefault(id(tensor), set()).add(name)
    tied_names_map = {name: names for names in tied_names.values() if len(names) > 1
                      for name in names}
    given = [name for name in parameters_and_buffers if name in tied_names_map]
    for name in given:
        names = tied_names_map[name]
        values = {id(parameters_and_buffers[n]) for n in names if n in parameters_and_buffers}
        if len(values) != 1:
            raise ValueError(f"functional_call got multiple values for keys {sorted(names)}, "
                             "which are tied. Consider using tie_weights=False")
    untied = dict(parameters_and_buffers)
    for name in given:
        for tied_name in tied_names_map[name]:
            untied[tied_name] = parameters_and_buffers[name]
    return untied


def _check_keys(module, keys):
    valid = set(_all_named_tensors(module))
    missing, unexpected = sorted(valid - set(keys)), sorted(set(keys) - valid)
    error_msgs = []
    if unexpected:
        error_msgs.append(f"Unexpected key(s): {', '.join(map(repr, unexpected))}.")
    if missing:
        error_msgs.append(f"Missing key(s): {', '.join(map(repr, missing))}.")
    if error_msgs:
        raise RuntimeError("Error(s) in reparametrizing for {}:\n\t{}".format(
            module._get_name(), "\n\t".join(error_msgs)))


@contextlib.contextmanager
def _reparametrize_module(module, parameters_and_buffers, tie_weights=False, strict=False):
    """See NOTE [Swapping module tensors]."""
    untied = parameters_and_buffers
    if tie_weights:
        untied = _untie_named_tensors_map(module, parameters_and_buffers)
    if strict:
        _check_keys(module, untied)
    memo = {}
    originals = {}
    try:
        originals = _swap_all(module, untied, memo)
        yield
    finally:
        # The call may have replaced a tensor (a buffer reassigned in forward): the caller's
        # dict gets what the module held at the end, as PyTorch's does.
        final = _swap_all(module, originals, memo)
        parameters_and_buffers.update({k: final[k] for k in parameters_and_buffers
                                       if k in final})


def _functional_call(module, parameters_and_buffers, args=None, kwargs=None, *,
                     tie_weights=True, strict=False):
    kwargs = {} if kwargs is None else kwargs
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    with _reparametrize_module(module, parameters_and_buffers, tie_weights=tie_weights,
                               strict=strict):
        return module(*args, **kwargs)


def functional_call(module, parameters_and_buffers, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Deprecated alias of :func:`tinytorch.func.functional_call` (warns as PyTorch does).

    Args:
        module (Module): the module to call.
        parameters_and_buffers (dict[str, Tensor]): tensors to use in place of the module's,
            by their ``named_parameters``/``named_buffers`` names.
        args (Any or tuple): positional arguments of the call (one non-tuple value is wrapped).
        kwargs (dict, optional): keyword arguments of the call.
        tie_weights (bool): a tensor given for one of several tied names is used for all of
            them. Default: True.
        strict (bool): the dict must name every parameter and buffer, and nothing else.
            Default: False.

    Returns:
        Any: what ``module`` returns.

    >>> import warnings
    >>> from tinytorch.nn.utils import stateless
    >>> m = tinytorch.nn.Linear(1, 1)
    >>> weights = {"weight": tinytorch.ones(1, 1), "bias": tinytorch.zeros(1)}
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     stateless.functional_call(m, weights, tinytorch.tensor([[3.0]]))
    tensor([[3.]])
    """
    warnings.warn("`torch.nn.utils.stateless.functional_call` is deprecated as of PyTorch 2.0 "
                  "and will be removed in a future version of PyTorch. Please use "
                  "`torch.func.functional_call` instead which is a drop-in replacement.",
                  FutureWarning, stacklevel=2)
    return _functional_call(module, parameters_and_buffers, args, kwargs,
                            tie_weights=tie_weights, strict=strict)
