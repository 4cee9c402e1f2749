"""Indexing: ``x[index]``, ``x[index] = v``, gather/scatter, index_select, masked_fill,
take_along_dim, nonzero (their docstrings: ``tinytorch/_torch_docs_index.py``).

NOTE [Index normalisation]
``x[index]`` is checked and normalised once in op code (``_normalize``): ints and slices are
bounds-/step-checked with PyTorch's errors, lists and index Tensors become backend arrays on
x's device, boolean masks are checked against the dims they cover. The backend then indexes
with NumPy's rules (which PyTorch's follow). Basic indexing (ints, slices, None, ...) gives a
view sharing x's version counter; any array index (advanced indexing) gives a copy. Both
backwards are one ``index_add`` kernel: zeros of x's shape with the gradient added at index.
"""

import numbers
import operator

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch import _memory_format
from tinytorch._ops import _util
from tinytorch._ops import conversion
from tinytorch._ops import index_order
from tinytorch._ops import inplace
from tinytorch._ops import scatter_legacy
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import wrap_dim


class Select(Op):
    """y = x[index], basic indexing (a view).  dL/dx = zeros of x's shape, g added at index.
    ``name``: PyTorch's node name, which depends on the index (see ``_basic_name``)."""

    view = True

    @staticmethod
    def forward(ctx, x, index, name=None):
        ctx.meta = (x.shape, _dtype.from_native(x.dtype), index)
        if name is not None:
            ctx.node_name = name
        return ctx.backend.getitem(x, index)

    @staticmethod
    def backward(ctx, g):
        if ctx.saved:
            ctx.saved_tensors  # noqa: B018  (Index's keep: raises if x was written since)
        shape, dtype, index = ctx.meta
        return ctx.backend.index_add(shape, index, g, dtype), None


class Index(Select):
    """y = x[index], advanced indexing (a copy, contiguous as PyTorch's: NumPy's puts an index
    array's dims first in memory when it is not the first item).  dL/dx = zeros, g accumulated
    at index (repeated indices add up). ``keep``: x saved, unused, for the in-place check
    alone (masked_select, take and combinations, whose PyTorch backward keeps the input)."""

    view = False

    @staticmethod
    def forward(ctx, x, index, name=None, keep=False):
        if keep:
            ctx.save_for_backward(x)
        return ctx.backend.ascontiguous(Select.forward(ctx, x, index, name))


class IndexAdd(Op):
    """y = zeros(shape) with y[index] += v.  dL/dv = g[index]. (Backward of Select/Index, so
    that indexing supports double backward.) ``kept``: a tensor saved, unused, for the
    in-place check alone (index_add's source, which PyTorch's backward keeps)."""

    @staticmethod
    def forward(ctx, v, shape, index, dtype, kept=None):
        ctx.index = index
        if kept is not None:
            ctx.save_for_backward(kept)
        return ctx.backend.index_add(shape, index, v, dtype)

    @staticmethod
    def backward(ctx, g):
        if ctx.saved:
            ctx.saved_tensors  # noqa: B018  (raises if kept was written in place since)
        return (ctx.backend.getitem(g, ctx.index),) + (None,) * (len(ctx.needs_input_grad) - 1)


class IndexPut(Op):
    """y = x with y[index] = v.  dL/dx = g with zeros at index; dL/dv = g[index] summed to
    v's shape; y laid out as PyTorch's clone of x, or in C order (``contiguous``). ``keep``: v
    saved, unused, for the in-place check alone (index_copy's source: PyTorch keeps it)."""

    @staticmethod
    def forward(ctx, x, v, index, keep=False, name=None, contiguous=False):
        ctx.meta = (index, getattr(v, "shape", None))
        if keep:
            ctx.save_for_backward(v)
        if name is not None:  # index_copy (NOTE [Node names])
            ctx.node_name = name
        be = ctx.backend
        return _setitem_kernel(be, be.copy(x) if contiguous else be.clone(x), index, v)

    @staticmethod
    def backward(ctx, g):
        if ctx.saved:
            ctx.saved_tensors  # noqa: B018  (keep: raises if v was written in place since)
        be, (index, v_shape) = ctx.backend, ctx.meta
        need_x, need_v = ctx.needs_input_grad[:2]
        gx = be.setitem_(be.copy(g), index, 0) if need_x else None
        gv = _sum_to_value(be, be.getitem(g, index), v_shape) if need_v else None
        return gx, gv, None


def _sum_to_value(be, g, shape):
    """Reduce g (the indexed region) to the assigned value's shape, which may have extra
    leading 1s that assignment ignores."""
    extra = len(shape) - g.ndim
    if extra > 0:
        return be.reshape(be.sum_to(g, tuple(shape[extra:])), shape)
    return be.sum_to(g, tuple(shape))


def _setitem_kernel(be, a, index, v):
    try:
        return be.setitem_(a, index, v)
    except ValueError:
        target = list(be.getitem(a, index).shape)
        if not any(hasattr(item, "shape") for item in index):  # basic: PyTorch's copy_ into
            ones = next((i for i, n in enumerate(v.shape) if n != 1), len(v.shape))  # the view
            shape.expanded_shape(tuple(v.shape[ones:]), target)  # of the value without lead 1s
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(v.shape)} cannot be "
                           f"broadcast to indexing result of shape {target}") from None


# --- index normalisation (see NOTE [Index normalisation]) ------------------------------------
def _check_bounds(be, arr, size, dim, exc=IndexError, negative=True, message=None):
    """Raise ``exc`` when an int index array has a value outside [-size, size), or outside
    [0, size) where ``negative`` is False (PyTorch's gather, scatter and index_add families
    refuse negative indices), with ``message`` or one naming the offending value."""
    if arr.size == 0:
        return
    lo, hi = int(be.to_host(be.amin(arr))), int(be.to_host(be.amax(arr)))
    if lo < (-size if negative else 0) or hi >= size:
        bad = hi if hi >= size else lo
        raise exc(message or f"index {bad} is out of bounds for dimension {dim} with size "
                             f"{size}")


def _as_index_tensor(x, item):
    if not is_tensor(item):
        if isinstance(item, (str, bytes)):
            raise TypeError(f"new(): invalid data type '{type(item).__name__}'")
        item = _creation.tensor(item, device=x.device)
        if item.dtype is not _dtype.bool_ and item.dtype is not _dtype.int64:
            item = item.long()  # PyTorch makes a Long index of any non-bool data, floats too
    elif item.device != x.device:
        item = item.to(x.device)
    if item.dtype.is_floating_point or item.dtype.is_complex:
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    return item


def _normalize(x, index, stacklevel):
    """(backend index tuple, advanced?) for ``x[index]``; PyTorch's errors on bad indices.
    ``stacklevel`` counts the frames from the caller's up to the user's line."""
    items = index_order.as_items(index, stacklevel + 1)
    items = tuple(_as_index_tensor(x, i) if index_order.is_sequence(i) else
                  index_order.tensor_item(i, stacklevel + 2) if is_tensor(i) else i
                  for i in items)
    shape = x.shape
    used = sum(index_order.dims_used(i) for i in items)
    if used > len(shape):
        raise index_order.too_many(items, shape)
    out, dim, advanced, ellipsis = [], 0, False, False
    for item in items:
        if item is Ellipsis:
            # PyTorch's ... that stands for no dims indexes nothing (to NumPy it separates
            # the index tensors around it), and so does a second one (NumPy refuses it)
            if ellipsis or used == len(shape):
                continue
            dim, ellipsis = dim + len(shape) - used, True
        elif item is None or isinstance(item, bool):
            advanced = advanced or isinstance(item, bool)
        elif isinstance(item, slice):
            if item.step is not None and operator.index(item.step) <= 0:
                raise ValueError("step must be greater than zero")
            dim += 1
        elif is_tensor(item):
            item, dim, advanced = _array_item(x, item, dim), dim + index_order.dims_used(item), True
        else:
            item = index_order.int_index(item)
            if not -shape[dim] <= item < shape[dim]:
                raise IndexError(f"index {item} is out of bounds for dimension {dim} with size "
                                 f"{shape[dim]}")
            dim += 1
        out.append(item)
    return tuple(out), advanced


def _array_item(x, item, dim):
    item = _as_index_tensor(x, item)
    if item.dtype is _dtype.bool_:
        j = next((j for j, (m, n) in enumerate(zip(item.shape, x.shape[dim:])) if m != n), None)
        if j is not None:
            raise IndexError(f"The shape of the mask {list(item.shape)} at index {j} does not "
                             f"match the shape of the indexed tensor {list(x.shape)} at index "
                             f"{dim + j}")
    else:
        _check_bounds(x._backend, item._data, x.shape[dim], dim)
    return item._data


def getitem(input, index, keep=False):
    """``input[index]``: ints, slices (positive steps), None, ..., int/bool Tensors or lists;
    ``keep``: see Index."""
    items, advanced = _normalize(input, index, 2)  # Tensor.__getitem__ is this function
    if advanced:
        out = Index.apply(input, items, keep=True) if keep else Index.apply(input, items)
        out = _util.watch(out, *index_order.read_as_is(index, items))
        return index_order.to_torch(out, items, input.ndim)
    return Select.apply(input, items, name=_basic_name(input.shape, items, type(index) is tuple))


def _basic_name(shape, items, in_tuple):
    """PyTorch's node for basic indexing (NOTE [Node names]): its last step that does
    something, left to right: an int selects, None unsqueezes, a slice slices, except that
    in a tuple a slice taking a whole dim from its start is skipped; with none, an alias."""
    name, dim = "AliasBackward0", 0
    for item in items:
        if item is Ellipsis:
            dim += len(shape) - sum(i is not None and i is not Ellipsis for i in items)
        elif item is None:
            name = "UnsqueezeBackward0"
        elif isinstance(item, slice):
            if not (in_tuple and _whole_slice(item, shape[dim])):
                name = "SliceBackward0"
            dim += 1
        else:
            name, dim = "SelectBackward0", dim + 1
    return name


def slice_along(input, dim, start, stop):
    """``input[..., start:stop]`` along ``dim`` (>= 0): PyTorch's slice, a view whose node is
    a SliceBackward0 even where it takes the whole dim (narrow, tensor_split)."""
    items, _ = _normalize(input, (slice(None),) * dim + (slice(start, stop),), 2)
    return Select.apply(input, items, name="SliceBackward0")


def setitem(input, index, value):
    """``input[index] = value`` in place; differentiable (see NOTE [In-place ops])."""
    if not (is_tensor(value) or isinstance(value, (numbers.Integral, float, complex))):
        raise TypeError(f"can't assign a {'numpy.' * (type(value).__module__ == 'numpy')}"
                        f"{type(value).__name__} to a {input.type()}")  # a list, None ...
    if index is False:  # PyTorch writes nothing (a lone True writes input.unsqueeze(0))
        return
    key, mask = index, index[0] if type(index) is tuple and len(index) == 1 else index
    index, advanced = _normalize(input, None if index is True else index, 3)
    if advanced:
        inplace.check_put_dtype(input, index, value, fills=True)
    if is_tensor(value):
        value = conversion.to(value, input.device, input.dtype)
        if advanced:
            value = index_order.to_numpy(value, input, index)
    else:
        value = _util.checked_scalar(value, input.dtype, halves=False)
    inplace.check_setitem_overlap(input, index, advanced, value)
    grad = _grad_mode.is_grad_enabled() and (
        input._requires_grad or (is_tensor(value) and value._requires_grad))
    if advanced and inplace.repeats_elements(input):  # index_put_ into an expand: it warns
        # (NOTE [Writes into repeated elements]); a mask and one value go on to masked_fill_
        warn = ("index_put", "masked_fill") if (
            is_tensor(mask) and mask.dtype is _dtype.bool_
            and (not is_tensor(value) or value.ndim == 0)) else ("index_put",)
        with _grad_mode.no_grad():
            none = _creation.zeros(input.shape, dtype=_dtype.bool_, device=input.device)
            written = IndexPut.apply(none, True, index)
        new = _util.watch(IndexPut.apply(input, value, index), *index_order.read_as_is(key, index))
        inplace.write_repeated(input, new, written, warn)
        return
    if not grad:
        _setitem_kernel(input._backend, input._data, index,
                        value._data if is_tensor(value) else value)
        input._vc[0] += 1
        return
    inplace.check_leaf(input, view=not advanced and not _whole(input.shape, index))
    if not advanced and not _whole(input.shape, index) and (
            input._view_src is not None or input._backend.internal_overlap(input._data)):
        # PyTorch's input[index].copy_(value): a view input goes stale (NOTE [In-place on
        # views]), an expanded one gets only the indexed elements, not each repeat
        old, chain = inplace.from_root(part := Select.apply(input, index))
        inplace.commit(part, IndexPut.apply(old, value, (Ellipsis,)), chain)
        return
    old, chain = inplace.from_root(input)
    new = IndexPut.apply(old, value, index)
    inplace.commit(input, _util.watch(new, *index_order.read_as_is(key, index)), chain)


def _whole(shape, index):
    """Whether PyTorch's ``x[index] = v`` writes x itself, not a view: ``...``, whole slices."""
    dim = 0
    for item in index:
        if item is Ellipsis:
            dim += len(shape) - len(index) + 1
        elif type(item) is slice and _whole_slice(item, shape[dim]):
            dim += 1
        else:
            return False
    return True


def _whole_slice(item, size):
    """A slice that PyTorch's indexing skips (applySlice's shortcut): 0 or more by 1."""
    return (item.start in (None, 0) and item.step in (None, 1)
            and (item.stop is None or item.stop >= size))


# --- gather / scatter family --------------------------------------------------------------------
class Gather(Op):
    """y = take_along_axis(x, index, axis) (index and x broadcast apart from axis).
    dL/dx = zeros with g scatter-added at index, summed back over broadcast dims."""

    @staticmethod
    def forward(ctx, x, index, axis):
        ctx.meta = (x.shape, _dtype.from_native(x.dtype), axis)
        ctx.save_for_backward(index, x)  # x unused, kept as by PyTorch (in-place check)
        return ctx.backend.take_along_axis(x, index, axis)

    @staticmethod
    def backward(ctx, g):
        be, (shape, dtype, axis) = ctx.backend, ctx.meta
        index, _ = ctx.saved_tensors
        full = list(g.shape)
        full[axis] = shape[axis]
        grad = be.scatter_add(be.zeros(tuple(full), dtype), axis,
                              be.broadcast_to(index, g.shape), g)
        return be.sum_to(grad, shape), None, None


def _gather(be, a, axis, index):
    """a gathered at index along axis, index no larger than a apart from axis."""
    part = tuple(slice(0, n) if d != axis else slice(None) for d, n in enumerate(index.shape))
    return be.take_along_axis(be.getitem(a, part), index, axis)


def _pad_to(be, a, shape, dtype):
    """a placed at the start of zeros of ``shape`` (a itself when it already has it)."""
    if tuple(a.shape) == tuple(shape):
        return a
    return be.setitem_(be.zeros(shape, dtype), tuple(slice(0, n) for n in a.shape), a)


class Scatter(Op):
    """y = x with y[index along axis] = src.  dL/dx = g zeroed at index; dL/dsrc = g gathered
    at index (zero where src was not used)."""

    @staticmethod
    def forward(ctx, x, src, index, axis):
        be = ctx.backend
        src_shape = getattr(src, "shape", None)
        ctx.meta = (_dtype.from_native(x.dtype), index, axis, src_shape)
        if src_shape is not None:
            src = be.getitem(src, tuple(slice(0, n) for n in index.shape))
        return be.scatter(x, axis, index, src)

    @staticmethod
    def backward(ctx, g):
        be, (dtype, index, axis, src_shape) = ctx.backend, ctx.meta
        need_x, need_src = ctx.needs_input_grad[:2]
        gx = be.scatter(g, axis, index, 0) if need_x else None
        gsrc = _pad_to(be, _gather(be, g, axis, index), src_shape, dtype) if need_src else None
        return gx, gsrc, None, None


class ScatterAdd(Op):
    """y = x with src added at index along axis.  dL/dx = g; dL/dsrc = g gathered at index."""

    @staticmethod
    def forward(ctx, x, src, index, axis):
        ctx.meta = (_dtype.from_native(x.dtype), index, axis, src.shape)
        src = ctx.backend.getitem(src, tuple(slice(0, n) for n in index.shape))
        return ctx.backend.scatter_add(x, axis, index, src)

    @staticmethod
    def backward(ctx, g):
        be, (dtype, index, axis, src_shape) = ctx.backend, ctx.meta
        need_x, need_src = ctx.needs_input_grad[:2]
        gsrc = _pad_to(be, _gather(be, g, axis, index), src_shape, dtype) if need_src else None
        return (g if need_x else None), gsrc, None, None


def _index_arg(input, index, op, dims_match=True):
    """Check an index tensor for gather/scatter-like ops; returns its array on input's device."""
    if not is_tensor(index) or index.dtype not in (_dtype.int64, _dtype.int32):
        got = index.dtype if is_tensor(index) else type(index).__name__
        raise RuntimeError(f"{op}(): Expected dtype int64 for index, got {got}")
    if dims_match and index.ndim != input.ndim and max(index.ndim, input.ndim) > 1:
        raise RuntimeError(f"{op}(): Index tensor must have the same number of dimensions as "
                           f"input tensor (index {list(index.shape)}, input "
                           f"{list(input.shape)})")
    return index.to(input.device)


def _check_extent(input, index, dim, op, src=None):
    for d in range(index.ndim):
        too_big = d != dim and index.shape[d] > input.shape[d]
        if too_big or (src is not None and index.shape[d] > (src.shape[d] if src.ndim else 1)):
            more = "" if src is None else f" and to be no larger size than src {list(src.shape)}"
            raise RuntimeError(
                f"{op}(): Expected index {list(index.shape)} to be no larger than self "
                f"{list(input.shape)} apart from dimension {dim}{more}")


def _as_1d(t):
    return t.reshape(1) if t.ndim == 0 else t


def _zero_dim(fn, input, dim, index, *rest, **kwargs):
    """``fn`` on a 0-d input (and 0-d index and source) as on their one-element 1-D views,
    its result 0-d again (PyTorch's scatter and gather accept 0-d tensors)."""
    wrap_dim(dim, 0, fn.__name__)
    rest = [_as_1d(r) if is_tensor(r) else r for r in rest]
    return fn(input.reshape(1), 0, _as_1d(index), *rest, **kwargs).reshape(())


def _empty(index):
    """PyTorch's gather, scatter and scatter_add check nothing more of an empty index (not its
    dtype, not its shape): gather gives an empty result of its shape, the scatters input."""
    return is_tensor(index) and index.numel() == 0


def untouched(input, src):
    """What a scatter with an empty index gives: a contiguous copy of ``input``, in the graph
    of a tensor ``src`` too (its gradient 0), as PyTorch's."""
    out = _memory_format.clone(input, memory_format=_memory_format.contiguous_format)
    return _util.in_graph_of(out, src) if is_tensor(src) else out


def gather(input, dim, index):
    if _empty(index):  # input, flattened to index's dims, gathered at nothing (and kept)
        wrap_dim(dim, max(input.ndim, 1), "gather")
        k = index.ndim
        none = _creation.zeros(tuple(index.shape), dtype=_dtype.int64, device=input.device)
        return Gather.apply(input.reshape((1,) * (k - 1) + (-1,)), none._data, k - 1)
    index = _index_arg(input, index, "gather")
    if input.ndim == 0 and index.ndim == 0:
        return _zero_dim(gather, input, dim, index)
    input, index = _as_1d(input), _as_1d(index)
    dim = wrap_dim(dim, input.ndim, "gather")
    _check_extent(input, index, dim, "gather")
    _check_bounds(input._backend, index._data, input.shape[dim], dim, RuntimeError, False)
    part = tuple(slice(0, n) if d != dim else slice(None) for d, n in enumerate(index.shape))
    if any(n != m for d, (n, m) in enumerate(zip(index.shape, input.shape)) if d != dim):
        input = getitem(input, part)
    return _util.watch(Gather.apply(input, index._data, dim), index)


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    src, value = scatter_source(src, value)
    if reduce is not None:
        return scatter_legacy.scatter(input, dim, index, src, value, reduce)
    return checked_scatter(input, dim, index, src, value, _scatter)


def _scatter(x, source, index, axis):
    if not is_tensor(source):  # a number converts as PyTorch's checked conversion
        source = _util.checked_scalar(source, x.dtype)
    return Scatter.apply(x, source, index, axis)


def scatter_source(src, value):
    """(src, value) of a scatter call: a number given as ``src`` is the value."""
    if src is None and value is None:
        raise TypeError("scatter() missing 1 required argument: 'src' or 'value'")
    return (None, src) if src is not None and not is_tensor(src) else (src, value)


def checked_scatter(input, dim, index, src, value, apply, check=None):
    """``apply(input, src or value, index array, dim)`` after scatter's checks in PyTorch's
    order: dim, the dtypes, the shapes, ``check()`` (a scatter variant's own), the bounds. A
    variant with a ``check`` takes an empty index too, as ``apply(input, src or value, None,
    None)``."""
    if _empty(index):
        wrap_dim(dim, max(input.ndim, 1), "scatter")  # contiguous, as PyTorch's scatters
        if src is not None and src.dtype != input.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        if check is not None:  # a variant's own node all the same, as PyTorch's
            check()
            return apply(input, value if src is None else src, None, None)
        return untouched(input, src)
    index = _index_arg(input, index, "scatter")
    if input.ndim == 0:  # as on one-element 1-D tensors
        wrap_dim(dim, 0, "scatter")
        src = None if src is None else _as_1d(src)
        return checked_scatter(input.reshape(1), 0, _as_1d(index), src, value, apply,
                               check).reshape(())
    dim = wrap_dim(dim, input.ndim, "scatter")
    if src is not None and src.dtype != input.dtype:
        raise RuntimeError(f"scatter(): Expected self.dtype to be equal to src.dtype (got "
                           f"{input.dtype} and {src.dtype})")
    _check_extent(input, index, dim, "scatter", src)
    if check is not None:
        check()
    _check_bounds(input._backend, index._data, input.shape[dim], dim, RuntimeError, False)
    return _util.watch(apply(input, value if src is None else src, index._data, dim), index)


def scatter_add(input, dim, index, src):
    if _empty(index):
        wrap_dim(dim, max(input.ndim, 1), "scatter_add")
        if src.dtype != input.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        return untouched(input, src)
    index = _index_arg(input, index, "scatter_add")
    if input.ndim == 0:
        return _zero_dim(scatter_add, input, dim, index, src)
    dim = wrap_dim(dim, input.ndim, "scatter_add")
    if src.dtype != input.dtype:
        raise RuntimeError(f"scatter_add(): Expected self.dtype to be equal to src.dtype (got "
                           f"{input.dtype} and {src.dtype})")
    _check_extent(input, index, dim, "scatter_add", src)
    _check_bounds(input._backend, index._data, input.shape[dim], dim, RuntimeError, False)
    return _util.watch(ScatterAdd.apply(input, src, index._data, dim), index)


def index_select(input, dim, index):
    if index.ndim > 1:
        raise IndexError(f"index_select(): Index is supposed to be a vector, got shape "
                         f"{list(index.shape)}")
    if index.dtype not in (_dtype.int64, _dtype.int32):
        raise RuntimeError(f"index_select(): Expected dtype int32 or int64 for index, got "
                           f"{index.dtype}")
    dim = wrap_dim(dim, input.ndim, "index_select")
    index = _as_1d(index.to(input.device))
    if input.ndim == 0:
        return getitem(input.reshape(1), index).reshape(())
    try:
        _check_bounds(input._backend, index._data, input.shape[dim], dim, negative=False,
                      message="index out of range in self")
    except IndexError:
        if input.ndim > 1 and dim == 1:  # PyTorch's kernel for dim 1 names the first bad entry
            n = input.shape[1]
            bad = next(i for i in index.tolist() if not 0 <= i < n)
            raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={n}") \
                from None
        raise
    out = Index.apply(input, (slice(None),) * dim + (index._data,), name="IndexSelectBackward0")
    return _util.watch(out, index)


class MaskedFill(Op):
    """y = where(mask, value, x), contiguous as PyTorch's.  dL/dx = where(mask, 0, g);
    dL/dvalue = Σ where(mask, g, 0)."""

    @staticmethod
    def forward(ctx, x, value, mask):
        ctx.mask = mask
        return ctx.backend.ascontiguous(ctx.backend.where(mask, value, x))

    @staticmethod
    def backward(ctx, g):
        be, mask = ctx.backend, ctx.mask
        need_x, need_v = ctx.needs_input_grad[:2]
        gx = be.where(mask, 0, g) if need_x else None  # the engine sums a broadcast one
        gv = be.sum(be.where(mask, g, 0)) if need_v else None
        return gx, gv, None


def masked_fill(input, mask, value):
    if mask.dtype is not _dtype.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype}")
    if is_tensor(value):
        if value.ndim != 0:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.ndim} dimension(s).")
        value = conversion.to(value, input.device, input.dtype)
    else:
        value = bool(value) if input.dtype is _dtype.bool_ else _util.checked_scalar(
            value, input.dtype)
    _util.broadcast_shapes(tuple(input.shape), tuple(mask.shape), op="masked_fill")
    return _util.watch(MaskedFill.apply(input, value, mask.to(input.device)._data), mask)


class Nonzero(Op):
    """Indices of the non-zero elements, shape (n, ndim) int64. Not differentiable."""

    differentiable = False

    @staticmethod
    def forward(ctx, x):
        return ctx.backend.nonzero(x)


def nonzero(input, *, as_tuple=False):
    if not as_tuple:
        return Nonzero.apply(input.detach())
    return Nonzero.apply(_as_1d(input.detach())).unbind(1)  # PyTorch's: views of nonzero()
