"""Exception classes PyTorch exposes at the top level (``torch.OutOfMemoryError``)."""


class OutOfMemoryError(RuntimeError):
    """Raised when a device has no memory left for an allocation (``torch.OutOfMemoryError``,
    also ``torch.cuda.OutOfMemoryError``): CuPy's out-of-memory error on a cuda device is
    raised as this, with PyTorch's message (``CUDA out of memory. Tried to allocate ...``).

    A ``RuntimeError``, as in PyTorch, so ``except RuntimeError`` still catches it.

    >>> import tinytorch
    >>> tinytorch.cuda.OutOfMemoryError is tinytorch.OutOfMemoryError
    True
    >>> issubclass(tinytorch.OutOfMemoryError, RuntimeError)
    True
    """


OutOfMemoryError.__module__ = "tinytorch"  # tracebacks name it tinytorch.OutOfMemoryError
