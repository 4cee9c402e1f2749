"""``map_tensors``: a function applied to every tensor of a nested structure of arguments."""

from tinytorch._tensor import Tensor


def map_tensors(fn, value):
    """``value`` with ``fn(t)`` in place of every Tensor ``t`` in it, also inside (nested)
    lists, tuples (named ones too) and dicts; anything else as it is."""
    if isinstance(value, Tensor):
        return fn(value)
    if isinstance(value, dict):
        return {k: map_tensors(fn, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [map_tensors(fn, v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    return value
