"""The reparametrization behind ``nn.utils.prune``: :class:`BasePruningMethod` and the
:class:`PruningContainer` that composes repeated pruning of one tensor.

NOTE [Pruning reparametrization]: as in PyTorch, pruning ``module.weight`` moves the parameter
to ``weight_orig``, registers the 0/1 ``weight_mask`` buffer, and sets the plain attribute
``weight = weight_mask * weight_orig``, recomputed by a forward pre-hook (the pruning method
object itself) before every call, so gradients reach ``weight_orig`` through the mask. The
state dict then holds ``weight_orig`` and ``weight_mask``, under PyTorch's names.
"""

import abc
import collections.abc

from tinytorch import _creation


def _pruning_hooks(module, name):
    """(hook id, method) of the pruning methods registered on ``module`` for ``name``."""
    return [(k, hook) for k, hook in module._forward_pre_hooks.items()
            if isinstance(hook, BasePruningMethod) and hook._tensor_name == name]


def _composite_method(cls, module, name, *args, **kwargs):
    """The new method for ``module.name``: alone, or appended to the tensor's earlier pruning
    (whose hook is taken off; the caller registers the result)."""
    found = _pruning_hooks(module, name)
    if len(found) > 1:
        raise AssertionError(f"Avoid adding multiple pruning hooks to the same tensor {name} of "
                             f"module {module}. Use a PruningContainer.")
    # Built before the old hook goes (PyTorch builds it after), so that a bad argument
    # leaves the earlier pruning in place.
    method = cls(*args, **kwargs)
    method._tensor_name = name
    for k, _ in found:
        del module._forward_pre_hooks[k]
    if not found:
        return method
    old_method = found[0][1]
    if isinstance(old_method, PruningContainer):
        old_method.add_pruning_method(method)
        return old_method
    container = PruningContainer(old_method)
    container.add_pruning_method(method)
    return container


def _check_scores_shape(scores, shape, what):
    if scores.shape != shape:
        raise AssertionError(f"importance_scores should have the same shape as {what}, got "
                             f"{scores.shape} vs {shape}")


class BasePruningMethod(abc.ABC):
    """Abstract base of the pruning methods: subclasses set ``PRUNING_TYPE``
    (``"unstructured"``, ``"structured"`` with a ``dim`` attribute, or ``"global"``) and
    implement :meth:`compute_mask`. See NOTE [Pruning reparametrization].

    >>> from tinytorch.nn.utils import prune
    >>> class KeepPositive(prune.BasePruningMethod):
    ...     PRUNING_TYPE = "unstructured"
    ...     def compute_mask(self, t, default_mask):
    ...         return default_mask * (t > 0)
    >>> KeepPositive().prune(tinytorch.tensor([-1.0, 2.0]))
    tensor([-0., 2.])
    """

    _tensor_name = None

    def __call__(self, module, inputs):
        setattr(module, self._tensor_name, self.apply_mask(module))

    @abc.abstractmethod
    def compute_mask(self, t, default_mask):
        """The new mask for ``t``: ``default_mask`` (the mask so far) with more entries zeroed.

        Args:
            t (Tensor): the importance scores (by default, the tensor itself).
            default_mask (Tensor): the mask of earlier pruning, same shape as ``t``.

        Returns:
            Tensor: the mask, same shape as ``t``.

        Raises:
            AssertionError, ValueError, IndexError: (per method) an amount, dim or mask that
                does not fit ``t``.

        >>> from tinytorch.nn.utils import prune
        >>> prune.L1Unstructured(amount=1).compute_mask(tinytorch.tensor([2.0, -1.0]),
        ...                                             default_mask=tinytorch.ones(2))
        tensor([1., 0.])
        """

    def apply_mask(self, module):
        """``module.<name>_mask * module.<name>_orig``: the pruned tensor.

        Args:
            module (Module): the pruned module.

        Returns:
            Tensor: the masked tensor (differentiable in ``<name>_orig``).

        Raises:
            AssertionError: the method was never applied to a tensor.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(2, 1)
        >>> method = prune.Identity.apply(m, "bias")
        >>> bool((method.apply_mask(m) == m.bias_orig).all())
        True
        """
        if self._tensor_name is None:
            raise AssertionError(f"Module {module} has to be pruned")
        mask = getattr(module, self._tensor_name + "_mask")
        orig = getattr(module, self._tensor_name + "_orig")
        return mask.to(dtype=orig.dtype) * orig

    @classmethod
    def apply(cls, module, name, *args, importance_scores=None, **kwargs):
        """Prune ``module.name`` with a new ``cls(*args, **kwargs)``, composed with its earlier
        pruning (see :class:`PruningContainer`).

        Args:
            module (Module): the module holding the tensor.
            name (str): the parameter's name in ``module``.
            importance_scores (Tensor, optional): scores to rank the entries by, in place of
                the tensor itself; same shape.

        Returns:
            BasePruningMethod: the method now registered as the forward pre-hook.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(3, 2)
        >>> _ = prune.L1Unstructured.apply(m, "weight", amount=2)
        >>> sorted(name for name, _ in m.named_buffers())
        ['weight_mask']
        """
        method = _composite_method(cls, module, name, *args, **kwargs)
        orig = getattr(module, name)
        if importance_scores is not None:
            _check_scores_shape(importance_scores, orig.shape, f"parameter {name} of {module}")
        else:
            importance_scores = orig
        fresh = not isinstance(method, PruningContainer)
        if fresh:
            module.register_parameter(name + "_orig", orig)
            del module._parameters[name]
            default_mask = _creation.ones_like(orig)
        else:
            default_mask = getattr(module, name + "_mask").detach().clone()
        try:
            mask = method.compute_mask(importance_scores, default_mask=default_mask)
            module.register_buffer(name + "_mask", mask)
            setattr(module, name, method.apply_mask(module))
            module.register_forward_pre_hook(method)
        except Exception:
            if fresh:
                module.register_parameter(name, getattr(module, name + "_orig"))
                del module._parameters[name + "_orig"]
            raise
        return method

    def prune(self, t, default_mask=None, importance_scores=None):
        """``t`` with this method's mask applied, without touching any module.

        Args:
            t (Tensor): the tensor to prune.
            default_mask (Tensor, optional): the mask so far (default all ones).
            importance_scores (Tensor, optional): scores to rank by instead of ``t``.

        Returns:
            Tensor: ``t * mask``.

        >>> from tinytorch.nn.utils import prune
        >>> prune.L1Unstructured(amount=1).prune(tinytorch.tensor([2.0, 1.0]))
        tensor([2., 0.])
        """
        if importance_scores is not None:
            _check_scores_shape(importance_scores, t.shape, "tensor t")
        else:
            importance_scores = t
        default_mask = default_mask if default_mask is not None else _creation.ones_like(t)
        return t * self.compute_mask(importance_scores, default_mask=default_mask)

    def remove(self, module):
        """Make the pruning permanent: ``module.<name>`` becomes a parameter again holding the
        pruned values; ``<name>_orig`` and ``<name>_mask`` go. (The caller drops the hook.)

        Args:
            module (Module): the pruned module.

        Raises:
            AssertionError: the method was never applied to a tensor.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(2, 1)
        >>> prune.Identity.apply(m, "bias").remove(m)
        >>> "bias_orig" in dict(m.named_parameters())
        False
        """
        if self._tensor_name is None:
            raise AssertionError(f"Module {module} has to be pruned before pruning can be "
                                 "removed")
        weight = self.apply_mask(module)
        if hasattr(module, self._tensor_name):
            delattr(module, self._tensor_name)
        orig = module._parameters[self._tensor_name + "_orig"]
        orig.data = weight.data
        del module._parameters[self._tensor_name + "_orig"]
        del module._buffers[self._tensor_name + "_mask"]
        setattr(module, self._tensor_name, orig)


def _structured_slice(method, t, mask):
    """The index of the channels (along ``method.dim``) that still have an unpruned entry."""
    if not hasattr(method, "dim"):
        raise AttributeError('Pruning methods of PRUNING_TYPE "structured" need to have the '
                             "attribute `dim` defined.")
    n_dims = t.dim()
    dim = method.dim + n_dims if method.dim < 0 else method.dim
    if dim < 0:
        raise IndexError(f"Index is out of bounds for tensor with dimensions {n_dims}")
    keep_channel = mask.sum(dim=[d for d in range(n_dims) if d != dim]) != 0
    slc = [slice(None)] * n_dims
    slc[dim] = keep_channel
    return tuple(slc)


class PruningContainer(BasePruningMethod):
    """The pruning methods applied one after another to one tensor; the last one prunes only
    what the earlier ones left (the unpruned entries, or the unpruned channels for a
    structured method).

    Args:
        *args (BasePruningMethod): the methods, in the order they were applied.

    Raises:
        TypeError: an argument is not a pruning method.
        ValueError: a method acts on another tensor name than the container.

    >>> from tinytorch.nn.utils import prune
    >>> m = prune.l1_unstructured(tinytorch.nn.Linear(4, 1), "weight", amount=1)
    >>> m = prune.l1_unstructured(m, "weight", amount=1)
    >>> type(m._forward_pre_hooks[next(iter(m._forward_pre_hooks))]).__name__
    'PruningContainer'
    >>> int(m.weight_mask.sum())
    2
    """

    def __init__(self, *args):
        self._pruning_methods = ()
        if not isinstance(args, collections.abc.Iterable):
            self._tensor_name = args._tensor_name
            self.add_pruning_method(args)
        elif len(args) == 1:
            self._tensor_name = args[0]._tensor_name
            self.add_pruning_method(args[0])
        else:
            for method in args:
                self.add_pruning_method(method)

    def add_pruning_method(self, method):
        """Append ``method`` to the container.

        Args:
            method (BasePruningMethod): a method on the container's tensor name.

        Raises:
            TypeError: ``method`` is not a pruning method.
            ValueError: ``method`` acts on another tensor name.

        >>> from tinytorch.nn.utils import prune
        >>> first, second = prune.Identity(), prune.Identity()
        >>> first._tensor_name = second._tensor_name = "weight"
        >>> container = prune.PruningContainer(first)
        >>> container.add_pruning_method(second)
        >>> len(container)
        2
        """
        if not isinstance(method, BasePruningMethod) and method is not None:
            raise TypeError(f"{type(method)} is not a BasePruningMethod subclass")
        if method is not None and self._tensor_name != method._tensor_name:
            raise ValueError("Can only add pruning methods acting on the parameter named "
                             f"'{self._tensor_name}' to PruningContainer {self}. Found "
                             f"'{method._tensor_name}'")
        self._pruning_methods += (method,)

    def __len__(self):
        return len(self._pruning_methods)

    def __iter__(self):
        return iter(self._pruning_methods)

    def __getitem__(self, idx):
        return self._pruning_methods[idx]

    def compute_mask(self, t, default_mask):
        # The last method prunes only what the earlier ones left.
        method = self._pruning_methods[-1]
        new_mask = default_mask.to(dtype=t.dtype)
        if method.PRUNING_TYPE == "unstructured":
            slc = default_mask == 1
        elif method.PRUNING_TYPE == "structured":
            slc = _structured_slice(method, t, default_mask)
        elif method.PRUNING_TYPE == "global":
            slc = (slice(None),) * len(t.shape)
        else:
            raise ValueError(f"Unrecognized PRUNING_TYPE {method.PRUNING_TYPE}")
        partial_mask = method.compute_mask(t[slc], default_mask=default_mask[slc])
        new_mask[slc] = partial_mask.to(dtype=new_mask.dtype)
        return new_mask
