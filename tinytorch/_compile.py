"""``tinytorch.compile``: PyTorch's ``torch.compile``, accepted so scripts run unchanged."""

import warnings

from tinytorch._ops._util import user_stacklevel

_warned = set()  # the functions that have warned in this process


def warn_once(name, what):
    """Warn, the first time ``name`` is called in this process, that it ``what`` (a
    ``UserWarning`` pointing at the user's line)."""
    if name not in _warned:
        _warned.add(name)
        warnings.warn(f"{name} {what} (this warning is shown once)", UserWarning,
                      stacklevel=user_stacklevel())


def compile(model=None, *, fullgraph=False, dynamic=None, backend=None, mode=None,  # noqa: A001
            options=None, name=None, disable=False, **kwargs):
    """Return ``model`` unchanged: tinytorch runs every op eagerly and compiles nothing.

    The first call in a process warns once (a ``UserWarning``) that compilation has no
    effect; later calls are silent. Every argument is accepted and ignored. Used without
    ``model`` (``@tinytorch.compile(mode="max-autotune")``) it returns a decorator.

    Args:
        model (callable, optional): an ``nn.Module`` or a function.
        fullgraph, dynamic, backend, mode, options, name, disable: PyTorch's options; ignored.

    Returns:
        ``model`` itself (or a decorator that returns its argument).

    >>> import warnings
    >>> import tinytorch
    >>> from tinytorch import nn
    >>> net = nn.Linear(2, 2)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.compile(net) is net
    True
    """
    if model is None:
        return lambda fn: compile(fn)
    warn_once("tinytorch.compile", "returns the model unchanged: tinytorch runs eagerly and has "
                                   "no compiler")
    return model
