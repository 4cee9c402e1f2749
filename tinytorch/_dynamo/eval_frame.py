"""``OptimizedModule``: what :func:`tinytorch.compile` returns for an ``nn.Module``.

NOTE [Compiled modules]
PyTorch's ``torch.compile(module)`` returns an ``OptimizedModule`` whose one child is the
module, ``_orig_mod``: its ``state_dict`` keys and parameter names gain the prefix
``_orig_mod.`` (scripts that save a compiled model strip it when loading into a plain one),
while reading, setting and deleting any other attribute reaches the module itself, its
``training`` flag is the module's, and calling it calls the module (hooks included).
tinytorch compiles nothing: the wrapper calls the module eagerly, with PyTorch's shape.
"""

import collections.abc

from tinytorch.nn.modules.module import Module

_OWN = frozenset({"_orig_mod", "forward", "__dict__"})  # PyTorch's, kept on the wrapper


class OptimizedModule(Module):
    """The module :func:`tinytorch.compile` returns for ``mod`` (NOTE [Compiled modules]):
    ``mod`` as its only child ``_orig_mod``, every other attribute read from and written to
    ``mod``; calling it calls ``mod`` (eagerly: nothing is compiled).

    Args:
        mod (nn.Module): the module to wrap.

    >>> import warnings
    >>> net = tinytorch.nn.Linear(2, 3)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # compile warns once that it compiles nothing
    ...     compiled = tinytorch.compile(net)
    >>> compiled._orig_mod is net, compiled.in_features, list(compiled.state_dict())
    (True, 2, ['_orig_mod.weight', '_orig_mod.bias'])
    >>> compiled(tinytorch.ones(2)).shape
    torch.Size([3])
    """

    def __init__(self, mod):
        object.__setattr__(self, "_orig_mod", mod)  # read while Module.__init__ runs
        super().__init__()
        self._orig_mod = mod  # now registered as the child

    @property
    def training(self):
        """The wrapped module's ``training`` flag (setting it sets the module's)."""
        return self._orig_mod.training

    @training.setter
    def training(self, value):
        if "_modules" in self.__dict__:  # not Module.__init__'s default
            self._orig_mod.training = value

    def forward(self, *args, **kwargs):
        """Calls the wrapped module (its hooks run), as the compiled forward would.

        Args:
            *args: the module's positional arguments.
            **kwargs: its keyword arguments.

        Returns:
            What the module returns.

        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     compiled = tinytorch.compile(tinytorch.nn.ReLU())
        >>> compiled.forward(tinytorch.tensor([-1.0, 2.0]))
        tensor([0., 2.])
        """
        return self._orig_mod(*args, **kwargs)

    def __getattr__(self, name):
        modules = self.__dict__.get("_modules")
        if modules is None or "_orig_mod" not in modules:  # half-built (copying, unpickling)
            raise AttributeError(f"'OptimizedModule' object has no attribute '{name}'")
        mod = modules["_orig_mod"]
        return mod if name == "_orig_mod" else getattr(mod, name)

    def __setattr__(self, name, value):
        if hasattr(type(self), name) or name in _OWN:
            super().__setattr__(name, value)
        else:
            setattr(self._orig_mod, name, value)

    def __delattr__(self, name):
        if hasattr(type(self), name) or name in _OWN:
            super().__delattr__(name)
        else:
            delattr(self._orig_mod, name)

    def __len__(self):
        if isinstance(self._orig_mod, collections.abc.Sized):
            return len(self._orig_mod)
        raise TypeError(f"{type(self._orig_mod).__name__} does not support len()")

    def __dir__(self):
        own = dir(self._orig_mod)
        return own + [name for name in super().__dir__() if name not in own]

    def __reduce__(self):
        return (type(self), (self._orig_mod,))
