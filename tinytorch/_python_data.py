"""Python data (nested lists, tuples and other sequences of numbers) read as PyTorch's
``torch.tensor`` reads it: its dtype, and its errors. As PyTorch's, the sizes come from the
first entries all the way down, then every entry is checked against them (when they hold
any element: an empty first entry makes the tensor empty, whatever the others hold)."""

import builtins
import collections.abc

from tinytorch import _dtype
from tinytorch import _tensor


def _is_sequence(x):
    # any sequence, as PyTorch's (a deque, an array.array, a UserList), but a string
    return isinstance(x, (list, tuple, builtins.range)) or (
        isinstance(x, collections.abc.Sequence) and not isinstance(x, (str, bytes)))


def _sizes(data):
    """The sizes PyTorch reads down the first entries; a string there has 'too many
    dimensions' (a string elsewhere is an invalid data type)."""
    sizes = []
    while _is_sequence(data):
        sizes.append(len(data))
        if not sizes[-1]:
            break
        data = data[0]
    if isinstance(data, (str, bytes)):
        raise ValueError(f"too many dimensions '{type(data).__name__}'")
    return sizes


def infer_dtype(data, given=False):
    """PyTorch's inference for Python data: each number's type (bool, int64, the default
    float dtype; a NumPy scalar's or a tensor's own), promoted over the nested lists,
    tuples, ranges and other sequences; the default float dtype when there is none.
    Anything else (None, a dict, a string) raises PyTorch's error (another one when a dtype
    was ``given``), where NumPy made None a NaN."""
    if isinstance(data, _tensor.Tensor):
        return data.dtype
    if hasattr(data, "dtype"):  # NumPy/CuPy arrays and scalars; a torch.Tensor's "torch.float32"
        return _dtype.by_name(getattr(data.dtype, "name", str(data.dtype).rpartition(".")[2]))
    if isinstance(data, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    found = None
    if 0 in _sizes(data) and given:  # with a dtype, PyTorch reads none of an empty tensor's
        return _dtype.get_default_dtype()
    stack = [data]
    while stack:
        x = stack.pop()
        if _is_sequence(x) and len(x):
            stack.extend(x)
            continue
        if _is_sequence(x):  # empty: PyTorch's default float dtype, wherever it is
            d = _dtype.get_default_dtype()
        elif isinstance(x, _tensor.Tensor) or hasattr(x, "dtype"):  # first: np.float64 is a float
            d = infer_dtype(x)
        elif isinstance(x, bool):
            d = _dtype.bool_
        elif isinstance(x, int):
            d = _dtype.int64
        elif isinstance(x, float):
            d = _dtype.get_default_dtype()
        elif given:
            raise TypeError(f"must be real number, not {type(x).__name__}")
        elif isinstance(x, (str, bytes)):
            raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
        else:
            raise RuntimeError(f"Could not infer dtype of {type(x).__name__}")
        found = d if found is None else _dtype.promote_types(found, d)
    return _dtype.get_default_dtype() if found is None else found


def empty_sizes(data):
    """The sizes of nested ``data`` when they hold no element (PyTorch reads them down the
    first entries and stores nothing, so the other entries are not checked:
    ``tensor([[], [1]])`` is (2, 0)), else None."""
    if not _is_sequence(data):
        return None
    sizes = _sizes(data)
    return sizes if 0 in sizes else None


def shape_error(data, dtype):
    """PyTorch's error for nested ``data`` whose entries do not all have the sizes read down
    its first entries (the first such entry, depth first; a sequence where a number goes
    raises as converting it to ``dtype``), or None when they do."""
    sizes = _sizes(data)
    stack = [(data, 0)]
    while stack:
        x, dim = stack.pop()
        if dim == len(sizes):
            if _is_sequence(x):  # where a number goes: Python's error converting it
                return TypeError(f"must be real number, not {type(x).__name__}"
                                 if dtype.is_floating_point else
                                 f"'{type(x).__name__}' object cannot be interpreted as an "
                                 "integer")
            continue
        if not _is_sequence(x):
            return TypeError("not a sequence")
        if len(x) != sizes[dim]:
            return ValueError(f"expected sequence of length {sizes[dim]} at dim {dim} (got "
                              f"{len(x)})")
        stack.extend((y, dim + 1) for y in reversed(x))
    return None
