"""``Tensor.share_memory_`` / ``is_shared`` (see NOTE [Shared memory] in
tinytorch/backends/shared_memory.py)."""

from tinytorch.backends import cuda as _cuda
from tinytorch.backends import shared_memory


def share_memory_(tensor):
    """Move a CPU tensor's data into shared memory, in place; returns the tensor.

    A no-op when the data is already shared and for cuda tensors, as in PyTorch. The tensor
    keeps its identity (parameters stay the optimizer's parameters); processes that then get
    it (forked, spawned, or through a ``tinytorch.multiprocessing`` queue) see its writes.
    Unlike PyTorch, which moves a whole storage, a view (``x[0]``, ``x.reshape(...)``) moves
    alone: from then on it no longer shares memory with the tensor it was taken from.

    Args:
        tensor (Tensor): the tensor (``self`` as a method).

    Returns:
        Tensor: ``tensor`` itself.

    >>> x = tinytorch.zeros(3)
    >>> x.share_memory_() is x, x.is_shared()
    (True, True)
    """
    if tensor._backend.device.type != "cpu" or shared_memory.is_shared(tensor._data):
        return tensor
    tensor._data = shared_memory.share(tensor._data)
    tensor._view_src = None  # its own storage now (see the docstring)
    return tensor


def is_shared(tensor):
    """Checks if the tensor's data is in shared memory (always for cuda tensors, as in
    PyTorch).

    Args:
        tensor (Tensor): the tensor (``self`` as a method).

    Returns:
        bool: True when the data is in shared memory.

    >>> tinytorch.zeros(3).is_shared()
    False
    """
    return tensor._backend.device.type != "cpu" or shared_memory.is_shared(tensor._data)


def pin_memory(tensor, device=None):
    """A copy of a CPU tensor for fast transfers to the accelerator; tinytorch does not
    page-lock host memory, so the copy is an ordinary one (``.to("cuda")`` works the same,
    without PyTorch's faster asynchronous copy) and ``is_pinned()`` stays False.

    Args:
        tensor (Tensor): a CPU tensor (``self`` as a method).
        device (str or tinytorch.device, optional): PyTorch's deprecated argument; ignored.

    Returns:
        Tensor: a copy of ``tensor`` (its strides kept, as PyTorch's).

    Raises:
        RuntimeError: without an accelerator (PyTorch's message), or for a cuda tensor.

    >>> import tinytorch
    >>> if tinytorch.cuda.is_available():
    ...     y = tinytorch.zeros(3).pin_memory()
    """
    if tensor._backend.device.type != "cpu":
        raise RuntimeError(f"cannot pin '{tensor.type()}' only dense CPU tensors can be pinned")
    if _cuda.cuda_unavailable_reason() is not None:
        raise RuntimeError("Cannot access accelerator device when none is available.")
    return tensor.clone()


def is_pinned(tensor, device=None):
    """Whether the tensor's data is in page-locked host memory: always False, as tinytorch
    never pins memory (see :meth:`pin_memory`).

    Args:
        tensor (Tensor): the tensor (``self`` as a method).
        device (str or tinytorch.device, optional): PyTorch's deprecated argument; ignored.

    Returns:
        bool: False.

    >>> import tinytorch
    >>> tinytorch.zeros(3).is_pinned()
    False
    """
    return False

