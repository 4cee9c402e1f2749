"""PyTorch's NumPy spellings of argument names.

NOTE [NumPy argument names]
PyTorch's argument parser, which binds every ``torch.*`` function and Tensor method written in
C++, also takes ``axis`` for ``dim``, ``keepdims`` for ``keepdim``, ``x``, ``a`` or ``x1`` for
``input`` and ``x2`` for ``other``: ``x.sum(axis=0, keepdims=True)`` and
``torch.cat(ts, axis=1)`` run there, and NumPy habits put them in scripts. :func:`accept`
wraps the public functions of a namespace (the ``tinytorch`` module, the Tensor class) whose
signature names one of those parameters; the wrapper renames the keywords and calls the
function, so a call without keywords costs one more frame and one test. (PyTorch's functions
written in Python, as ``nn.functional``'s, take no such spellings, and nor do those here.)
"""

import functools
import inspect

_SPELLINGS = (("axis", "dim"), ("keepdims", "keepdim"), ("x", "input"), ("a", "input"),
              ("x1", "input"), ("x2", "other"))
_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _spellings(fn):
    """(NumPy's name, the parameter's) pairs ``fn`` can take."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return ()
    return tuple((alias, name) for alias, name in _SPELLINGS
                 if name in params and alias not in params and params[name].kind in _NAMED)


def _renaming(fn, spellings):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        if kwargs:
            for alias, name in spellings:
                if alias in kwargs:
                    if name in kwargs:
                        raise TypeError(f"{fn.__name__}() got multiple values for argument "
                                        f"'{name}'")
                    kwargs[name] = kwargs.pop(alias)
        return fn(*args, **kwargs)
    call.numpy_names = True
    return call


_made = {}  # id of a function -> its renaming wrapper: one wrapper wherever it is bound


def accept(namespace, names, known_only=False):
    """Rebind each function ``names`` lists in ``namespace`` (a module or a class) that has a
    ``dim``, ``keepdim``, ``input`` or ``other`` parameter to one that also takes NumPy's
    spellings of them (NOTE [NumPy argument names]); ``known_only``: only the functions an
    earlier call wrapped (``nn.functional``'s that are ``tinytorch``'s own, as in PyTorch)."""
    for name in names:
        fn = inspect.getattr_static(namespace, name, None)  # a staticmethod stays one
        if not inspect.isfunction(fn) or getattr(fn, "numpy_names", False):
            continue
        wrapper = _made.get(id(fn))
        if wrapper is None and not known_only:
            spellings = _spellings(fn)
            wrapper = _made[id(fn)] = _renaming(fn, spellings) if spellings else None
        if wrapper is not None:
            setattr(namespace, name, wrapper)
