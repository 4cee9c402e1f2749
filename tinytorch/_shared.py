"""``Tensor.share_memory_`` / ``is_shared`` (see NOTE [Shared memory] in
tinytorch/backends/shared_memory.py)."""

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
