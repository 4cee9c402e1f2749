"""The legacy hook-based weight normalization (``nn.utils.weight_norm``), deprecated in
PyTorch in favour of :func:`tinytorch.nn.utils.parametrizations.weight_norm`; kept for scripts
and checkpoints that use it (keys ``<name>_g`` and ``<name>_v``)."""

import warnings

from tinytorch.nn.parameter import Parameter
from tinytorch.nn.utils.parametrizations import norm_except_dim
from tinytorch.nn.utils.parametrizations import weight_norm_value

__all__ = ["WeightNorm", "remove_weight_norm", "weight_norm"]


class WeightNorm:
    """The forward pre-hook that recomputes ``module.<name>`` from ``<name>_g`` and
    ``<name>_v`` before every forward.

    Args:
        name (str): the parameter's name.
        dim (int, optional): the dim that keeps its own magnitude (None: the whole tensor).

    >>> from tinytorch.nn.utils.weight_norm import WeightNorm
    >>> WeightNorm("weight", None).dim
    -1
    """

    def __init__(self, name, dim):
        self.name = name
        self.dim = -1 if dim is None else dim

    def compute_weight(self, module):
        """``g * v / ||v||`` from the module's ``<name>_g`` and ``<name>_v``.

        Args:
            module (Module): the module.

        Returns:
            Tensor: the weight.

        >>> from tinytorch.nn.utils.weight_norm import WeightNorm
        >>> m = tinytorch.nn.Linear(2, 2)
        >>> m.weight_g, m.weight_v = tinytorch.ones(2, 1), tinytorch.eye(2) * 3
        >>> WeightNorm("weight", 0).compute_weight(m)
        tensor([[1., 0.],
                [0., 1.]])
        """
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return weight_norm_value(v, g, self.dim)

    @staticmethod
    def apply(module, name, dim):
        """Replace parameter ``name`` of ``module`` by ``<name>_g`` and ``<name>_v`` and
        register the hook; warns that the API is deprecated, as PyTorch does.

        Args:
            module (Module): the module.
            name (str): the parameter's name.
            dim (int, optional): the dim that keeps its own magnitude.

        Returns:
            WeightNorm: the registered hook.

        Raises:
            RuntimeError: ``name`` already has a weight_norm hook.

        >>> import warnings
        >>> from tinytorch.nn.utils.weight_norm import WeightNorm
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     WeightNorm.apply(tinytorch.nn.Linear(2, 2), "weight", 0).name
        'weight'
        """
        warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                      "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning,
                      stacklevel=3)
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError(
                    f"Cannot register two weight_norm hooks on the same parameter {name}")
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        del module._parameters[name]
        module.register_parameter(name + "_g",
                                  Parameter(norm_except_dim(weight, 2, fn.dim).data))
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        """Put back parameter ``name`` (its current value) in place of ``<name>_g`` and
        ``<name>_v``.

        Args:
            module (Module): the module.

        >>> import warnings
        >>> from tinytorch.nn.utils.weight_norm import WeightNorm
        >>> m = tinytorch.nn.Linear(2, 2)
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     WeightNorm.apply(m, "weight", 0).remove(m)
        >>> [name for name, _ in m.named_parameters()]
        ['bias', 'weight']
        """
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.data))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """Apply weight normalization, ``w = g v / ||v||``, with a forward pre-hook: parameter
    ``name`` is replaced by ``<name>_g`` (magnitude) and ``<name>_v`` (direction), and the
    weight is recomputed before every forward (https://arxiv.org/abs/1602.07868).

    Deprecated (a FutureWarning, as in PyTorch): use
    :func:`tinytorch.nn.utils.parametrizations.weight_norm`, which loads this one's state
    dicts.

    Args:
        module (Module): the module holding the parameter.
        name (str): the parameter's name. Default: ``"weight"``.
        dim (int, optional): the dim that keeps its own magnitude; None for the whole
            tensor. Default: ``0``.

    Returns:
        Module: ``module``, with the hook.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     m = tinytorch.nn.utils.weight_norm(tinytorch.nn.Linear(20, 40))
    >>> m.weight_g.shape, m.weight_v.shape
    (torch.Size([40, 1]), torch.Size([40, 20]))
    """
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module, name="weight"):
    """Remove the hook-based weight normalization from ``module``: ``name`` becomes a plain
    parameter again, holding the current weight.

    Args:
        module (Module): the module.
        name (str): the parameter's name. Default: ``"weight"``.

    Returns:
        Module: ``module``.

    Raises:
        ValueError: ``module`` has no weight_norm on ``name``.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     m = tinytorch.nn.utils.weight_norm(tinytorch.nn.Linear(2, 2))
    >>> sorted(tinytorch.nn.utils.remove_weight_norm(m).state_dict())
    ['bias', 'weight']
    """
    for k, hook in module._forward_pre_hooks.items():
        if isinstance(hook, WeightNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
