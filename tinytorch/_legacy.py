"""PyTorch's typed tensor classes that old scripts (the first DCGAN, many tutorials) still
use: ``torch.FloatTensor``, ``torch.LongTensor``, ``torch.cuda.FloatTensor`` ... (their
``torch.autograd.Variable`` is in ``tinytorch/autograd/variable.py``)."""

from tinytorch import _creation
from tinytorch import _device
from tinytorch import _dtype
from tinytorch._ops.conversion import Size
from tinytorch._ops.conversion import TYPE_NAMES
from tinytorch._tensor import Tensor


class _TensorType(type):
    """The metaclass of the typed tensor classes: ``isinstance`` checks a tensor's dtype and
    device type, and calling the class is PyTorch's legacy constructor in that dtype."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.type() == cls.legacy_name

    def __call__(cls, *args, device=None):
        where = _device.device(cls.device_type if device is None else device)
        if len(args) == 1 and isinstance(args[0], Tensor):
            return cls._same_type(args[0], where)
        if len(args) == 1 and not isinstance(args[0], (int, Size)):
            if not isinstance(args[0], (list, tuple)) and not hasattr(args[0], "__len__"):
                raise TypeError(f"new(): data must be a sequence (got "
                                f"{type(args[0]).__name__})")
            return _creation.tensor(args[0], dtype=cls.dtype, device=where)
        return _creation.empty(*(args or (0,)), dtype=cls.dtype, device=where)

    def _same_type(cls, t, where):
        """``FloatTensor(t)`` is ``t`` itself when ``t`` has the type, else PyTorch's error."""
        if t.dtype is cls.dtype and t.device.type == where.type:
            return t
        raise TypeError(f"expected {_options(cls.dtype, where)} (got "
                        f"{_options(t.dtype, t.device)})")


def _options(dtype, device):
    return (f"TensorOptions(dtype={_dtype.C_TYPE_NAMES[dtype].split()[-1]}, device={device}, "
            f"layout=Strided, requires_grad=false (default), pinned_memory=false (default), "
            f"memory_format=(nullopt))")


def tensor_types(module, device_type):
    """``{name: class}`` of the typed tensor classes on ``device_type`` (``'cpu'``: in
    ``tinytorch``, ``'cuda'``: in ``tinytorch.cuda``)."""
    prefix = "torch." if device_type == "cpu" else "torch.cuda."
    return {name: _TensorType(name, (), {
        "__module__": module, "__qualname__": name, "dtype": _dtype.by_name(dtype_name),
        "is_cuda": device_type == "cuda", "device_type": device_type,
        "legacy_name": prefix + name,
        "__doc__": f"PyTorch's legacy ``{prefix}{name}``: ``{name}(data)`` copies ``data``, "
                   f"``{name}(*sizes)`` is an uninitialised tensor, in "
                   f"``{dtype_name}`` on the {device_type.upper()}.\n\n"
                   f"    >>> import tinytorch\n"
                   f"    >>> tinytorch.{name}([1, 0]).dtype\n"
                   f"    tinytorch.{dtype_name}\n" if device_type == "cpu" else
                   f"PyTorch's legacy ``{prefix}{name}``: tensors of ``{dtype_name}`` on "
                   f"CUDA.\n\n    >>> import tinytorch\n"
                   f"    >>> tinytorch.cuda.{name}.dtype\n    tinytorch.{dtype_name}\n"})
            for dtype_name, name in TYPE_NAMES.items()}
