"""``tinytorch.device``: a device type ("cpu" or "cuda") and an optional index."""

import operator
import re

_TYPES = ("cpu", "cuda")
_STRING = re.compile(r"([a-zA-Z_]+)(?::([1-9][0-9]*|0))?")  # PyTorch's (c10::Device)


class device:
    """Where a tensor lives. ``device("cuda:1")``, ``device("cuda", 1)`` and ``device("cpu")``.

    Only ``'cpu'`` and ``'cuda'`` are known types (PyTorch knows more, e.g. ``'mps'``).

    Args:
        type (str or device or int): ``'cpu'``, ``'cuda'`` or ``'cuda:N'``; a device to copy;
            or, as PyTorch's legacy form, a device ordinal N alone: the current accelerator's
            device N (``cuda:N``; a RuntimeError when tinytorch has no accelerator, i.e.
            CuPy is not installed).
        index (int, optional): the device's index; None (the default) for the current one.

    A device is not equal to its string (``device("cpu") != "cpu"``, as in PyTorch: compare
    ``x.device.type == "cpu"``), has no order, and its attributes cannot be set.

    Raises:
        TypeError: ``type`` is neither a str, a device nor an int, or ``index`` is not an int
            (or is given beside an ordinal).
        RuntimeError: an unknown type, a malformed string, an index both in the string and
            given, or a negative index (PyTorch's messages).

    >>> device("cuda:1")
    device(type='cuda', index=1)
    """

    # A dict gives the slots their docstrings.
    __slots__ = {"type": "The device type: ``'cpu'`` or ``'cuda'``.",
                 "index": "The device index, or None when none was given."}

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, str):
            type, index = _parse(type, index)
        elif ordinal(type) is not None:
            type, index = _accelerator(ordinal(type), index)
        else:
            raise TypeError(f"device() expects a string like 'cpu' or 'cuda:0', got {type!r}")
        if type not in _TYPES:
            raise RuntimeError(
                f"Expected one of {', '.join(_TYPES)} device type at start of device string: "
                f"{type}")
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "index", index)

    def __setattr__(self, name, value):  # hashable, so fixed, as PyTorch's
        raise AttributeError(f"attribute '{name}' of 'torch.device' objects is not writable")

    def __reduce__(self):
        return device, (self.type, self.index)

    def __eq__(self, other):  # a string is not a device: torch.device("cpu") != "cpu"
        if not isinstance(other, device):
            return NotImplemented
        return (self.type, self.index) == (other.type, other.index)

    def __lt__(self, other):
        raise TypeError("comparison not implemented")

    __le__ = __gt__ = __ge__ = __lt__

    def __hash__(self):
        return hash((self.type, self.index))

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"


def _parse(string, index):
    """A device string's type and index (``index`` the one given beside it), by PyTorch's
    rules and messages."""
    if not string:
        raise RuntimeError("Device string must not be empty")
    match = _STRING.fullmatch(string)
    if match is None:
        raise RuntimeError(f"Invalid device string: '{string}'")
    if match[2] is not None:
        if index is not None:
            raise RuntimeError("type (string) must not include an index because index was "
                               f"passed explicitly: {string}")
        return match[1], int(match[2])
    if index is not None and (type(index) is not int):
        raise TypeError(f"device(): argument 'index' (position 2) must be int, not "
                        f"{type(index).__name__}")
    if index is not None and index < 0:
        raise RuntimeError("Device index must not be negative")
    return match[1], index


def ordinal(value):
    """``value`` as a device ordinal (an int or another integer type, not a bool), else None:
    PyTorch takes ``device=0`` or ``x.to(0)`` as the current accelerator's device 0."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def _accelerator(number, index):
    """(type, index) for ``device(number)`` by PyTorch's rules and messages: the current
    accelerator (CUDA, when CuPy is installed: see tinytorch.accelerator) with that index."""
    if index is not None:
        raise TypeError("device(): argument 'type' (position 1) must be str, not int")
    if number < 0:
        raise RuntimeError("Device index must not be negative")
    from tinytorch.backends.cuda import is_built  # CuPy installed, as a CUDA build of PyTorch
    if not is_built():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    return "cuda", number
