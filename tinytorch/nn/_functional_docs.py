"""Docstrings of ``tinytorch.nn.functional``'s functions, kept here so that ``functional.py``
stays one short function per op, as PyTorch keeps ``torch/_torch_docs.py``. Imported once
from ``tinytorch.nn``.
"""

from tinytorch.nn import functional as F


def add_docstr(function, doc):
    """Attach ``doc`` to ``function`` (a function or method), which must have none."""
    if function.__doc__:
        raise RuntimeError(f"{function.__qualname__} already has a docstring")
    function.__doc__ = doc
