"""How PyTorch reads an index expression where NumPy reads it otherwise (the backend indexes
as NumPy does): a short list holding slices or tensors as a tuple, and where the index
tensors' dims go (``indexing.getitem``/``setitem`` move them there).
"""

import collections.abc
import operator
import warnings

from tinytorch import _dtype
from tinytorch._ops import shape
from tinytorch._ops._util import is_tensor


def is_sequence(item):
    """A Python sequence (list, tuple, range, str, ...) or a host array (NumPy) used as an
    index: PyTorch turns each into an index tensor (and refuses strings doing so)."""
    if is_tensor(item):
        return False
    return isinstance(item, collections.abc.Sequence) or getattr(item, "ndim", 0) > 0


_SEQUENCE_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be "
    "changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be "
    "interpreted as tensor index, x[torch.tensor(seq)], which will result either in an error "
    "or a different result")


def as_items(index, stacklevel):
    """The tuple of per-dimension indices ``x[index]`` means. A tuple is one; any other
    sequence is one index, except that (as in PyTorch, which kept old NumPy's heuristic, and
    warns as it does) a non-array sequence shorter than 32 holding a tensor, a sequence, a
    slice, None or ... is taken as a tuple."""
    if isinstance(index, tuple):
        return index
    if isinstance(index, collections.abc.Sequence) and len(index) < 32 and any(
            is_tensor(i) or is_sequence(i) or i is None or isinstance(i, slice)
            or i is Ellipsis for i in index):
        warnings.warn(_SEQUENCE_AS_TUPLE, UserWarning, stacklevel=stacklevel + 1)
        return tuple(index)
    return (index,)


# NOTE [Integers beside index tensors]
# PyTorch applies an integer index first (a select), then the index tensors to what is left;
# NumPy counts an integer as one more advanced index. The two agree except where an integer
# is separated from the index tensors by a slice, None or ..., and the tensors themselves are
# side by side: NumPy then puts the tensors' broadcast dims first, PyTorch where the first
# tensor stands. x of shape (3, 4, 5): x[0, :, [1, 2]] is (4, 2) in PyTorch, (2, 4) in NumPy.
# The backend indexes as NumPy does; torch_order says where PyTorch's block goes, to_torch
# moves a result there and to_numpy a value to be written the other way.


def torch_order(items, ndim):
    """(p, basic): where PyTorch puts the advanced indices' dims of x[items] and the number
    of dims slices and None give, when that differs from NumPy's front (NOTE [Integers
    beside index tensors]); None when the two agree."""
    used = sum(dims_used(i) for i in items)
    kinds = []
    for item in items:
        if item is Ellipsis:
            kinds += "B" * (ndim - used)
        elif item is None or type(item) is slice:
            kinds.append("B")
        else:  # an int ("I"), an index array or a Python bool ("A")
            kinds.append("I" if type(item) is int else "A")
    if "I" not in kinds or "A" not in kinds:
        return None
    torch_kinds = [k for k in kinds if k != "I"]
    if _side_by_side(kinds) or not _side_by_side(torch_kinds):
        return None
    trailing = 0 if any(i is Ellipsis for i in items) else ndim - used
    return torch_kinds.index("A"), torch_kinds.count("B") + trailing


def _side_by_side(kinds):
    at = [i for i, k in enumerate(kinds) if k != "B"]
    return at[-1] - at[0] + 1 == len(at)


def too_many(items, shape):
    """PyTorch's IndexError for more indices than dims; its own words for a 0-d tensor
    indexed by one int (usually meant as ``item()``) or one slice."""
    if not shape and len(items) == 1 and isinstance(items[0], slice):
        return IndexError("slice() cannot be applied to a 0-dim tensor.")
    if not shape and len(items) == 1 and not is_tensor(items[0]) and hasattr(items[0],
                                                                              "__index__"):
        return IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                          "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    return IndexError(f"too many indices for tensor of dimension {len(shape)}")


def tensor_item(item, stacklevel):
    """An index tensor as PyTorch reads it: a uint8 one as a mask (see byte_mask), a 0-d one
    of another integer dtype as the integer it holds (a select: ``x[torch.tensor(1)]`` is a
    view, as ``x[1]``), any other as it is."""
    if item.dtype is _dtype.uint8:
        return byte_mask(item, stacklevel + 1)
    kind = item.dtype
    if item.ndim == 0 and kind.is_signed and not (kind.is_floating_point or kind.is_complex):
        return int(item.item())
    return item


def byte_mask(item, stacklevel):
    """A uint8 index tensor is a mask, as PyTorch still reads it, with its warning
    (``stacklevel``: frames from the caller's up to the user's line); PyTorch gives none for a
    0-d one, which its parser takes as a mask before the check that warns."""
    if item.ndim:
        warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                      "torch.bool instead.", UserWarning, stacklevel=stacklevel + 1)
    return item.bool()


def dims_used(item):
    """Dims of x an index item consumes: a bool mask (a tensor, or the backend array it
    becomes) its own, None, ... and a Python bool none, anything else one."""
    if item is None or item is Ellipsis or isinstance(item, bool):
        return 0
    array = item._data if is_tensor(item) else item
    return array.ndim if getattr(getattr(array, "dtype", None), "kind", "") == "b" else 1


def block_moves(order, ndim):
    """(source, destination) of movedim taking NumPy's front block of ``ndim`` result dims
    to PyTorch's place."""
    p, basic = order
    nb = ndim - basic
    return list(range(nb)), list(range(p, p + nb))


def to_torch(out, items, ndim):
    """``out``, the backend's (NumPy's) x[items] for an x of ``ndim`` dims, in PyTorch's
    order: contiguous, as PyTorch's result."""
    order = torch_order(items, ndim)
    if order is None:
        return out
    return shape.contiguous(shape.movedim(out, *block_moves(order, out.ndim)))


def to_numpy(value, x, items):
    """A tensor ``value`` for ``x[items] = value`` (PyTorch's order), broadcast and moved to
    the order in which the backend writes x[items]."""
    order = torch_order(items, x.ndim) if value.ndim else None
    if order is None:
        return value
    target = list(x._backend.getitem(x._data, items).shape)
    dst, src = block_moves(order, len(target))
    p, block = order[0], target[:len(dst)]
    rest = target[len(dst):]
    return shape.movedim(shape.expand(value, rest[:p] + block + rest[p:]), src, dst)


def int_index(item):
    """An int item of an index, as PyTorch reads it (``__index__``), or its IndexError."""
    try:
        return operator.index(item)
    except TypeError:
        raise IndexError(f"only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                         f"Variables are valid indices (got {type(item).__name__})") from None


def read_as_is(index, items):
    """The tensors of the user's ``index`` whose arrays the backend's ``items`` hold as they
    are (not a converted copy): what an indexing op's backward reads, to watch."""
    arrays = [i for i in items if not isinstance(i, (int, slice, type(None), type(Ellipsis)))]
    keys = index if type(index) is tuple else (index,)
    return [t for t in keys if is_tensor(t)
            and any(t._data is a for a in arrays)]
