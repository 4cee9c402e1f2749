"""``Module.to`` argument parsing, kept out of module.py."""

from tinytorch import _device
from tinytorch import _dtype
from tinytorch._tensor import Tensor


def parse_to(*args, **kwargs):
    """``(device, dtype, memory_format)`` from ``Module.to``'s arguments (each may be
    None)."""
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    memory_format = kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() received invalid keyword arguments {sorted(kwargs)}")
    for a in args:
        if isinstance(a, Tensor):
            device, dtype = a.device, a.dtype
        elif isinstance(a, _dtype.dtype):
            dtype = a
        elif isinstance(a, (str, _device.device)):
            device = a
        elif _device.ordinal(a) is not None:  # model.to(rank): the accelerator's device
            device = _device.device(a)
        else:
            raise TypeError(f"to() received an invalid combination of arguments: {a!r}")
    return device, (None if dtype is None else _dtype.to_dtype(dtype, "to")), memory_format
