"""More ``nn.Module`` methods, kept out of module.py: replacing a submodule by its dotted
name, extra state in the state dict and ``compile``."""

from tinytorch import _compile


def set_submodule(self, target, module, strict=False):
    """Set the submodule at the dotted path ``target`` (``"encoder.layers.0.linear1"``) to
    ``module``, as PyTorch's: model surgery by name.

    Args:
        target (str): the dotted path of the submodule.
        module (Module): the new submodule.
        strict (bool): only replace an existing submodule (an AttributeError if there is
            none); otherwise one may also be added under an existing parent. Default: False.

    Raises:
        ValueError: ``target`` is empty or ``module`` is not a Module.
        AttributeError: a parent on the path does not exist or is not a Module, ``strict``
            and there is no such submodule, or the attribute there is not a Module.

    >>> import tinytorch
    >>> net = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2), tinytorch.nn.ReLU())
    >>> net.set_submodule("1", tinytorch.nn.Tanh())
    >>> net
    Sequential(
      (0): Linear(in_features=2, out_features=2, bias=True)
      (1): Tanh()
    )
    """
    from tinytorch.nn.modules.module import Module  # a real cycle: module.py imports this
    if target == "":
        raise ValueError("Cannot set the submodule without a target name!")
    atoms = target.split(".")
    if not isinstance(module, Module):
        raise ValueError(f"`module` is not an nn.Module, found {type(module)}")
    parent = self if len(atoms) == 1 else self.get_submodule(".".join(atoms[:-1]))
    if strict and not hasattr(parent, atoms[-1]):
        raise AttributeError(f"{parent._get_name()} has no attribute `{atoms[-1]}`")
    if hasattr(parent, atoms[-1]) and not isinstance(getattr(parent, atoms[-1]), Module):
        raise AttributeError(f"`{atoms[-1]}` is not an nn.Module")
    setattr(parent, atoms[-1], module)


def get_extra_state(self):
    """Return the module's extra state for its state dict; override it (with
    :meth:`set_extra_state`) to store state other than tensors, which the state dict then
    holds under ``<prefix>_extra_state``. The base method is never called.

    Returns:
        object: the extra state.

    Raises:
        RuntimeError: always, from the base class (PyTorch's message).

    >>> import tinytorch
    >>> class Counter(tinytorch.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.calls = 3
    ...     def get_extra_state(self):
    ...         return {"calls": self.calls}
    ...     def set_extra_state(self, state):
    ...         self.calls = state["calls"]
    >>> dict(Counter().state_dict())
    {'_extra_state': {'calls': 3}}
    """
    raise RuntimeError(
        "Reached a code path in Module.get_extra_state() that should never be called. Please "
        "file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml "
        "to report this bug.")


def set_extra_state(self, state):
    """Restore the extra state :meth:`get_extra_state` returned, from a state dict's
    ``<prefix>_extra_state`` entry (missing if absent, when loading strictly).

    Args:
        state (object): the extra state.

    Raises:
        RuntimeError: always, from the base class (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.nn.Linear(1, 1).set_extra_state({})
    Traceback (most recent call last):
    RuntimeError: Reached a code path in Module.set_extra_state() that should never be called...
    """
    raise RuntimeError(
        "Reached a code path in Module.set_extra_state() that should never be called. Please "
        "file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml "
        "to report this bug.")


def compile(self, *args, **kwargs):  # noqa: A001 -- PyTorch's name
    """PyTorch's in-place ``Module.compile``: tinytorch runs every op eagerly, so the module
    is left as it is (the first call in a process warns once, as :func:`tinytorch.compile`).

    Args:
        *args: :func:`tinytorch.compile`'s options, ignored.
        **kwargs: as ``args``.

    >>> import warnings
    >>> import tinytorch
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.nn.Linear(2, 2).compile()
    """
    _compile.compile(self, *args, **kwargs)
