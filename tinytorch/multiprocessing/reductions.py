"""How tensors cross process boundaries in ``tinytorch.multiprocessing``: as shared memory.

Registered with multiprocessing's own pickler (``ForkingPickler``), which carries the
arguments of a spawned process and every queue and pipe message between the processes of
one program; plain ``pickle`` and files are not affected, and nothing here reads a file.
A CPU tensor is moved into shared memory (``share_memory_()``, as PyTorch does when it
sends one) and travels as a file descriptor plus its layout, so the receiver's tensor and
the sender's are the same memory. See NOTE [Shared memory] in
tinytorch/backends/shared_memory.py.
"""

from multiprocessing.reduction import DupFd
from multiprocessing.reduction import ForkingPickler

from tinytorch import backends
from tinytorch._tensor import Tensor
from tinytorch.backends import shared_memory
from tinytorch.nn.parameter import Parameter


def rebuild_tensor(cls, fd, layout, requires_grad):
    """The receiving side of :func:`reduce_tensor`."""
    data = shared_memory.attach(fd.detach(), *layout)
    tensor = Tensor._make(data, backends.get_backend("cpu"))
    if cls is Parameter:
        return Parameter(tensor, requires_grad)
    return tensor.requires_grad_(requires_grad)


def reduce_tensor(tensor):
    """``(rebuild_tensor, args)`` for ``tensor``, moved into shared memory first."""
    if tensor.requires_grad and not tensor.is_leaf:
        raise RuntimeError(
            "Cowardly refusing to serialize non-leaf tensor which requires_grad, since autograd "
            "does not support crossing process boundaries.  If you just want to transfer the "
            "data, call detach() on the tensor before serializing (e.g., putting it on the "
            "queue).")
    if tensor.device.type != "cpu":
        raise RuntimeError(
            f"tinytorch.multiprocessing cannot send a {tensor.device.type} tensor to another "
            f"process (PyTorch shares GPU memory through CUDA IPC; tinytorch does not): send "
            f"tensor.cpu() and move it to the GPU in the receiving process")
    fd, *layout = shared_memory.handle(tensor.share_memory_()._data)
    cls = Parameter if isinstance(tensor, Parameter) else Tensor
    return rebuild_tensor, (cls, DupFd(fd), tuple(layout), tensor.requires_grad)


def init_reductions():
    """Send tensors and parameters through multiprocessing as shared memory."""
    ForkingPickler.register(Tensor, reduce_tensor)
    ForkingPickler.register(Parameter, reduce_tensor)
