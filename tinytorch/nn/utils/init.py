"""``nn.utils.skip_init``: build a module without caring for its initial values."""

import inspect

from tinytorch.nn.modules.module import Module

__all__ = ["skip_init"]


def skip_init(module_cls, *args, **kwargs):
    """Build ``module_cls(*args, **kwargs)`` on ``device`` (default cpu) for values that will
    be overwritten (e.g. by ``load_state_dict``), with PyTorch's checks.

    PyTorch builds the module on its "meta" device and allocates it uninitialised; tinytorch
    has no meta device, so the module is built and initialised as usual. Treat its values as
    uninitialised: that is the contract, and what PyTorch gives.

    Args:
        module_cls (type): a :class:`Module` subclass whose constructor takes ``device``.
        *args: positional arguments of the constructor.
        **kwargs: keyword arguments of the constructor (``device`` included).

    Returns:
        Module: the module.

    Raises:
        RuntimeError: ``module_cls`` is not a Module subclass, or takes no ``device``.

    >>> from tinytorch.nn.utils import skip_init
    >>> skip_init(tinytorch.nn.Linear, 5, 1).weight.shape
    torch.Size([1, 5])
    """
    if not (inspect.isclass(module_cls) and issubclass(module_cls, Module)):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    kwargs["device"] = kwargs.pop("device", "cpu")
    return module_cls(*args, **kwargs)
