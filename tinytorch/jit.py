"""``tinytorch.jit``: the parts of ``torch.jit`` that eager model code calls, so that it runs.

tinytorch has no TorchScript: ``script`` and ``trace`` return their argument unchanged (and
warn once), the decorators (``ignore``, ``unused``, ``export``, ``script_if_tracing``) return
the function, ``is_scripting`` and ``is_tracing`` are ``False`` (PyTorch's eager answers, which
model code checks to take its Python path), and ``annotate`` returns the value. ``save`` and
``load`` refuse: a TorchScript archive holds compiled code tinytorch cannot produce or run;
save a ``state_dict`` with ``tinytorch.save`` instead.
"""

from typing import Final  # noqa: F401  (torch.jit.Final, for class annotations)

from tinytorch._compile import warn_once

__all__ = ["Final", "annotate", "export", "ignore", "is_scripting", "is_tracing", "load", "save",
           "script", "script_if_tracing", "trace", "unused"]

_NO_TORCHSCRIPT = "tinytorch has no TorchScript: save and load the model's state_dict instead"


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """Return ``obj`` unchanged: tinytorch runs it eagerly (it has no TorchScript compiler).

    The first call in a process warns once (a ``UserWarning``).

    Args:
        obj (callable): an ``nn.Module``, a function or a class.
        optimize, _frames_up, _rcb, example_inputs: PyTorch's arguments; ignored.

    Returns:
        ``obj`` itself.

    >>> import warnings
    >>> import tinytorch
    >>> net = tinytorch.nn.Linear(2, 2)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.jit.script(net) is net
    True
    """
    warn_once("tinytorch.jit.script", "returns its argument unchanged: tinytorch runs eagerly "
                                      "and has no TorchScript")
    return obj


def trace(func, example_inputs=None, optimize=None, check_trace=True, check_inputs=None,
          check_tolerance=1e-05, strict=True, _force_outplace=False, _module_class=None,
          _compilation_unit=None, example_kwarg_inputs=None, _store_inputs=True):
    """Return ``func`` unchanged, without running it: tinytorch has no tracer.

    The first call in a process warns once (a ``UserWarning``).

    Args:
        func (callable): an ``nn.Module`` or a function.
        example_inputs: the inputs PyTorch would trace with; ignored, as are PyTorch's
            other arguments (``check_trace``, ``strict``, ...).

    Returns:
        ``func`` itself.

    >>> import warnings
    >>> import tinytorch
    >>> net = tinytorch.nn.Linear(2, 2)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     traced = tinytorch.jit.trace(net, tinytorch.ones(1, 2))
    >>> traced is net
    True
    """
    warn_once("tinytorch.jit.trace", "returns its argument unchanged: tinytorch runs eagerly "
                                     "and has no tracer")
    return func


def ignore(drop=False, **kwargs):
    """Decorator: leave a function to Python (here: everything already is). Works bare
    (``@jit.ignore``) and called (``@jit.ignore(drop=True)``), as PyTorch's.

    Args:
        drop (bool or callable): PyTorch's option (or the decorated function when used bare).
        kwargs: PyTorch's further options; ignored.

    Returns:
        The function itself, or a decorator that returns its argument.

    >>> import tinytorch
    >>> @tinytorch.jit.ignore
    ... def f(x):
    ...     return x + 1
    >>> f(1)
    2
    """
    if callable(drop):
        return drop
    return lambda fn: fn


def unused(fn):
    """Decorator: mark a method TorchScript should not compile; returns ``fn`` itself.

    Args:
        fn (callable): the function or method.

    Returns:
        ``fn``.

    >>> import tinytorch
    >>> tinytorch.jit.unused(len) is len
    True
    """
    return fn


def export(fn):
    """Decorator: mark a method TorchScript should compile as an entry point; returns ``fn``.

    Args:
        fn (callable): the method.

    Returns:
        ``fn``.

    >>> import tinytorch
    >>> tinytorch.jit.export(len) is len
    True
    """
    return fn


def script_if_tracing(fn):
    """Decorator: script ``fn`` when it is called while tracing; never the case here, so it
    returns ``fn`` itself.

    Args:
        fn (callable): the function.

    Returns:
        ``fn``.

    >>> import tinytorch
    >>> tinytorch.jit.script_if_tracing(len) is len
    True
    """
    return fn


def is_scripting():
    """Whether the caller is being compiled by TorchScript: always ``False`` in tinytorch (as in
    PyTorch's eager mode), so model code takes its Python path.

    Returns:
        bool: ``False``.

    >>> import tinytorch
    >>> tinytorch.jit.is_scripting()
    False
    """
    return False


def is_tracing():
    """Whether the caller runs under ``torch.jit.trace``: always ``False`` in tinytorch.

    Returns:
        bool: ``False``.

    >>> import tinytorch
    >>> tinytorch.jit.is_tracing()
    False
    """
    return False


def annotate(the_type, the_value):
    """Give TorchScript the type of ``the_value``; in eager mode (always, here) returns it.

    Args:
        the_type (type): the type TorchScript would use.
        the_value: the value.

    Returns:
        ``the_value``.

    >>> import tinytorch
    >>> tinytorch.jit.annotate(list, [])
    []
    """
    return the_value


def save(m, f, _extra_files=None):
    """Refuse: a TorchScript archive holds compiled code, which tinytorch cannot produce.

    Args:
        m (nn.Module): the module.
        f (str or file): where PyTorch would write the archive.
        _extra_files (dict, optional): PyTorch's argument.

    Raises:
        RuntimeError: always; the message says to save the state_dict (``tinytorch.save``).

    >>> import tinytorch
    >>> tinytorch.jit.save(tinytorch.nn.Linear(2, 2), "model.pt")
    Traceback (most recent call last):
    ...
    RuntimeError: tinytorch has no TorchScript: save and load the model's state_dict instead
    """
    raise RuntimeError(_NO_TORCHSCRIPT)


def load(f, map_location=None, _extra_files=None, _restore_shapes=False):
    """Refuse: a TorchScript archive holds compiled code, which tinytorch cannot run.

    Args:
        f (str or file): the archive.
        map_location, _extra_files, _restore_shapes: PyTorch's arguments.

    Raises:
        RuntimeError: always; the message says to load a state_dict instead.

    >>> import tinytorch
    >>> tinytorch.jit.load("model.pt")
    Traceback (most recent call last):
    ...
    RuntimeError: tinytorch has no TorchScript: save and load the model's state_dict instead
    """
    raise RuntimeError(_NO_TORCHSCRIPT)
