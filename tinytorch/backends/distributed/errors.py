"""PyTorch's distributed exception types (``torch.distributed.DistError`` and its family)."""


class DistError(RuntimeError):
    """Raised when an error occurs in the distributed library; the base of its errors, and a
    ``RuntimeError``.

    >>> import tinytorch.distributed as dist
    >>> issubclass(dist.DistBackendError, dist.DistError), issubclass(dist.DistError,
    ...                                                               RuntimeError)
    (True, True)
    """

    __module__ = "tinytorch.distributed"


class DistBackendError(DistError):
    """Raised when a transport fails: a peer that never joins within the timeout, a
    communicator error, or an operation on a group broken by an earlier failure.

    >>> import tinytorch.distributed as dist
    >>> try:
    ...     raise dist.DistBackendError("all_reduce: rank 1 did not join within 600 s")
    ... except dist.DistError as error:
    ...     print(type(error).__name__, error)
    DistBackendError all_reduce: rank 1 did not join within 600 s
    """

    __module__ = "tinytorch.distributed"
