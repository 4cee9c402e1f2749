"""``tinytorch.device``: a device type ("cpu" or "cuda") and an optional index."""

_TYPES = ("cpu", "cuda")


class device:
    """Where a tensor lives. ``device("cuda:1")``, ``device("cuda", 1)`` and ``device("cpu")``.

    Only ``'cpu'`` and ``'cuda'`` are known types (PyTorch knows more, e.g. ``'mps'``).

    Args:
        type (str or device): ``'cpu'``, ``'cuda'`` or ``'cuda:N'``; or a device to copy.
        index (int, optional): the device's index; None (the default) for the current one.

    Raises:
        TypeError: ``type`` is neither a str nor a device.
        ValueError: the string has an index and ``index`` is given too.
        RuntimeError: an unknown type, a malformed string or a bad index (PyTorch's
            messages).

    >>> device("cuda:1")
    device(type='cuda', index=1)
    """

    # A dict gives the slots their docstrings.
    __slots__ = {"type": "The device type: ``'cpu'`` or ``'cuda'``.",
                 "index": "The device index, or None when none was given."}

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif not isinstance(type, str):
            raise TypeError(f"device() expects a string like 'cpu' or 'cuda:0', got {type!r}")
        elif ":" in type:
            if index is not None:
                raise ValueError(f"device string {type!r} already has an index; got index={index}")
            type, _, idx = type.partition(":")
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}:{idx}'")
            index = int(idx)
        if type not in _TYPES:
            raise RuntimeError(
                f"Expected one of {', '.join(_TYPES)} device type at start of device string: "
                f"{type}")
        if index is not None and (not isinstance(index, int) or index < 0):
            raise RuntimeError(f"Device index must not be negative, got {index}")
        if type == "cpu" and index not in (None, 0):
            raise RuntimeError(f"CPU device index must be 0 or None, got {index}")
        self.type = type
        self.index = index

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"
