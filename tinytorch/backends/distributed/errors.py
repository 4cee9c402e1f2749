"""PyTorch's distributed exception types (``torch.distributed.DistError`` and its family)."""


class DistError(RuntimeError):
    """Raised when an error occurs in the distributed library."""

    __module__ = "tinytorch.distributed"


class DistBackendError(DistError):
    """Raised when a transport fails: a peer that never joins within the timeout, a
    communicator error, or an operation on a group broken by an earlier failure."""

    __module__ = "tinytorch.distributed"
