"""``nn.utils.prune``: zero out entries or channels of a module's tensors with a mask, as
PyTorch's ``torch.nn.utils.prune``: ``weight`` becomes ``weight_orig * weight_mask`` (see
NOTE [Pruning reparametrization]); pruning the same tensor again prunes among what is left;
:func:`remove` makes it permanent.

The random methods draw from tinytorch's generator, so they choose other entries than PyTorch
with the same seed; L1 and Ln pruning choose PyTorch's entries (see NOTE [Pruning ties]).
"""

import collections.abc

from tinytorch import _creation
from tinytorch.nn.utils._prune_base import BasePruningMethod
from tinytorch.nn.utils._prune_base import PruningContainer
from tinytorch.nn.utils._prune_base import _pruning_hooks
from tinytorch.nn.utils._prune_methods import CustomFromMask
from tinytorch.nn.utils._prune_methods import Identity
from tinytorch.nn.utils._prune_methods import L1Unstructured
from tinytorch.nn.utils._prune_methods import LnStructured
from tinytorch.nn.utils._prune_methods import RandomStructured
from tinytorch.nn.utils._prune_methods import RandomUnstructured
from tinytorch.nn.utils.convert_parameters import parameters_to_vector

__all__ = ["BasePruningMethod", "CustomFromMask", "Identity", "L1Unstructured", "LnStructured",
           "PruningContainer", "RandomStructured", "RandomUnstructured", "custom_from_mask",
           "global_unstructured", "identity", "is_pruned", "l1_unstructured", "ln_structured",
           "random_structured", "random_unstructured", "remove"]


def identity(module, name):
    """Reparametrize ``module.name`` as pruned with an all-ones mask (nothing pruned).

    Args:
        module (Module): the module holding the tensor.
        name (str): the parameter's name in ``module``.

    Returns:
        Module: ``module``, with ``<name>_orig``, ``<name>_mask`` and the pre-hook.

    >>> from tinytorch.nn.utils import prune
    >>> m = prune.identity(tinytorch.nn.Linear(2, 3), "bias")
    >>> m.bias_mask
    tensor([1., 1., 1.])
    """
    Identity.apply(module, name)
    return module


def random_unstructured(module, name, amount):
    """Prune ``amount`` entries of ``module.name`` chosen uniformly at random among the
    unpruned ones (tinytorch's random stream: not the entries PyTorch would pick).

    Args:
        module (Module): the module holding the tensor.
        name (str): the parameter's name in ``module``.
        amount (int or float): how many entries (int >= 0) or which fraction (float in [0, 1]).

    Returns:
        Module: ``module``, pruned.

    Raises:
        TypeError, ValueError: a bad ``amount`` (PyTorch's messages).

    >>> from tinytorch.nn.utils import prune
    >>> m = prune.random_unstructured(tinytorch.nn.Linear(2, 3), "weight", amount=0.5)
    >>> int(m.weight_mask.sum())
    3
    """
    RandomUnstructured.apply(module, name, amount)
    return module


def l1_unstructured(module, name, amount, importance_scores=None):
    """Prune the ``amount`` entries of ``module.name`` of smallest absolute value (or of
    smallest ``importance_scores``) among the unpruned ones.

    Args:
        module (Module): the module holding the tensor.
        name (str): the parameter's name in ``module``.
        amount (int or float): how many entries (int >= 0) or which fraction (float in [0, 1]).
        importance_scores (Tensor, optional): rank by these instead; the tensor's shape.

    Returns:
        Module: ``module``, pruned.

    >>> from tinytorch.nn.utils import prune
    >>> m = tinytorch.nn.Linear(3, 1, bias=False)
    >>> with tinytorch.no_grad():
    ...     _ = m.weight.copy_(tinytorch.tensor([[0.5, -0.1, 2.0]]))
    >>> prune.l1_unstructured(m, "weight", amount=1).weight
    tensor([[0.5000, -0.0000, 2.0000]], grad_fn=<MulBackward0>)
    """
    L1Unstructured.apply(module, name, amount=amount, importance_scores=importance_scores)
    return module


def random_structured(module, name, amount, dim):
    """Prune ``amount`` whole channels of ``module.name`` along ``dim``, chosen at random.

    Args:
        module (Module): the module holding the tensor.
        name (str): the parameter's name in ``module``.
        amount (int or float): how many channels (int) or which fraction (float in [0, 1]).
        dim (int): the channel dimension.

    Returns:
        Module: ``module``, pruned.

    >>> from tinytorch.nn.utils import prune
    >>> m = prune.random_structured(tinytorch.nn.Linear(2, 4), "weight", amount=2, dim=0)
    >>> int((m.weight_mask.sum(1) == 0).sum())
    2
    """
    RandomStructured.apply(module, name, amount, dim)
    return module


def ln_structured(module, name, amount, n, dim, importance_scores=None):
    """Prune the ``amount`` channels of ``module.name`` along ``dim`` of smallest ``n``-norm.

    Args:
        module (Module): the module holding the tensor.
        name (str): the parameter's name in ``module``.
        amount (int or float): how many channels (int) or which fraction (float in [0, 1]).
        n (int, float, inf, -inf, 'fro', 'nuc'): the norm's order.
        dim (int): the channel dimension.
        importance_scores (Tensor, optional): rank by these instead; the tensor's shape.

    Returns:
        Module: ``module``, pruned.

    >>> from tinytorch.nn.utils import prune
    >>> m = tinytorch.nn.Linear(2, 2, bias=False)
    >>> with tinytorch.no_grad():
    ...     _ = m.weight.copy_(tinytorch.tensor([[1.0, 1.0], [3.0, 0.0]]))
    >>> prune.ln_structured(m, "weight", amount=1, n=2, dim=0).weight_mask
    tensor([[0., 0.],
            [1., 1.]])
    """
    LnStructured.apply(module, name, amount, n, dim, importance_scores=importance_scores)
    return module


def _global_scores(parameters, importance_scores):
    scores = parameters_to_vector([importance_scores.get((module, name), getattr(module, name))
                                   for module, name in parameters])
    masks = parameters_to_vector([getattr(module, name + "_mask",
                                          _creation.ones_like(getattr(module, name)))
                                  for module, name in parameters])
    return scores, masks


def global_unstructured(parameters, pruning_method, importance_scores=None, **kwargs):
    """Prune the tensors ``parameters`` names as one: rank all their entries together and
    prune with ``pruning_method`` (an unstructured method class, e.g. ``L1Unstructured``).

    Args:
        parameters (Iterable[tuple[Module, str]]): the (module, name) pairs.
        pruning_method (type): the method's class; ``kwargs`` construct it (e.g. ``amount``).
        importance_scores (dict, optional): ``{(module, name): scores}`` for some pairs.
        **kwargs: arguments of ``pruning_method``.

    Raises:
        TypeError: ``parameters`` is not iterable, ``importance_scores`` is not a dict, or the
            method is not unstructured.

    >>> from tinytorch.nn.utils import prune
    >>> a, b = tinytorch.nn.Linear(2, 2), tinytorch.nn.Linear(2, 2)
    >>> prune.global_unstructured([(a, "weight"), (b, "weight")],
    ...                           pruning_method=prune.L1Unstructured, amount=4)
    >>> int(a.weight_mask.sum() + b.weight_mask.sum())
    4
    """
    if not isinstance(parameters, collections.abc.Iterable):
        raise TypeError("global_unstructured(): parameters is not an Iterable")
    importance_scores = importance_scores if importance_scores is not None else {}
    if not isinstance(importance_scores, dict):
        raise TypeError("global_unstructured(): importance_scores must be of type dict")
    parameters = list(parameters)
    scores, default_mask = _global_scores(parameters, importance_scores)
    container = PruningContainer()
    container._tensor_name = "temp"
    method = pruning_method(**kwargs)
    method._tensor_name = "temp"
    if method.PRUNING_TYPE != "unstructured":
        raise TypeError('Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. '
                        f"Found method {pruning_method} of type {method.PRUNING_TYPE}")
    container.add_pruning_method(method)
    final_mask = container.compute_mask(scores, default_mask)
    pointer = 0
    for module, name in parameters:
        param = getattr(module, name)
        num_param = param.numel()
        custom_from_mask(module, name, mask=final_mask[pointer:pointer + num_param].view_as(param))
        pointer += num_param


def custom_from_mask(module, name, mask):
    """Prune ``module.name`` with ``mask`` (zeros prune), composed with earlier pruning.

    Args:
        module (Module): the module holding the tensor.
        name (str): the parameter's name in ``module``.
        mask (Tensor): the tensor's shape.

    Returns:
        Module: ``module``, pruned.

    >>> from tinytorch.nn.utils import prune
    >>> m = prune.custom_from_mask(tinytorch.nn.Linear(2, 2), "bias",
    ...                            mask=tinytorch.tensor([0.0, 1.0]))
    >>> m.bias_mask
    tensor([0., 1.])
    """
    CustomFromMask.apply(module, name, mask)
    return module


def remove(module, name):
    """Make the pruning of ``module.name`` permanent: it becomes a parameter again, holding the
    pruned values; the hook, ``<name>_orig`` and ``<name>_mask`` go.

    Args:
        module (Module): the pruned module.
        name (str): the pruned tensor's name.

    Returns:
        Module: ``module``.

    Raises:
        ValueError: ``module.name`` is not pruned.

    >>> from tinytorch.nn.utils import prune
    >>> m = prune.remove(prune.identity(tinytorch.nn.Linear(2, 2), "bias"), "bias")
    >>> [name for name, _ in m.named_parameters()], prune.is_pruned(m)
    (['weight', 'bias'], False)
    """
    found = _pruning_hooks(module, name)
    if not found:
        raise ValueError(f"Parameter '{name}' of module {module} has to be pruned before "
                         "pruning can be removed")
    k, hook = found[0]
    hook.remove(module)
    del module._forward_pre_hooks[k]
    return module


def is_pruned(module):
    """Whether ``module`` or any of its submodules has a pruning pre-hook.

    Args:
        module (Module): the module to look through.

    Returns:
        bool: True if anything in it is pruned.

    >>> from tinytorch.nn.utils import prune
    >>> m = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2))
    >>> prune.is_pruned(m), prune.is_pruned(prune.identity(m[0], "weight"))
    (False, True)
    """
    return any(isinstance(hook, BasePruningMethod)
               for _, submodule in module.named_modules()
               for hook in submodule._forward_pre_hooks.values())
