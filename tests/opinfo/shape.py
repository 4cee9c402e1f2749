"""Op database entries for shape, join/split and indexing ops (tinytorch/_ops/shape.py,
join.py, indexing.py). Most ops take the same lambda for tinytorch and PyTorch, since the
APIs are the same."""

import warnings

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo import shapes


def _torch():
    import torch
    return torch


# --- strategies ----------------------------------------------------------------------------------
@st.composite
def array(draw, min_dims=0, max_dims=3, min_side=0, max_side=4):
    return draw(floats(draw(shapes(min_dims, max_dims, min_side, max_side))))


def _dim(draw, ndim, extra=0):
    n = max(ndim + extra, 1)
    return draw(st.integers(-n, n - 1))


@st.composite
def reshape_sample(draw):
    x = draw(array())
    n, shape = x.size, x.shape
    options = [(n,), (-1,), tuple(reversed(shape)), shape + (1,), (1,) + shape]
    if len(shape) >= 1 and n:
        options.append(shape[:-1] + (-1,))
    return Sample((x,), {"shape": draw(st.sampled_from(options))})


@st.composite
def permute_sample(draw):
    x = draw(array())
    return Sample((x,), {"dims": tuple(draw(st.permutations(range(x.ndim))))})


@st.composite
def two_dims(draw, min_dims=0):
    x = draw(array(min_dims=min_dims))
    return Sample((x,), {"dim0": _dim(draw, x.ndim), "dim1": _dim(draw, x.ndim)})


@st.composite
def expand_sample(draw):
    shape = tuple(1 if draw(st.booleans()) else n for n in draw(shapes(0, 3, 0, 3)))
    lead = tuple(draw(st.lists(st.integers(0, 3), max_size=2)))
    target = lead + tuple(draw(st.integers(0, 3)) if n == 1 else n for n in shape)
    return Sample((draw(floats(shape)),), {"size": target})


@st.composite
def expand_as_sample(draw):
    x = draw(expand_sample())
    return Sample((x.args[0], np.zeros(x.kwargs["size"])))


@st.composite
def array_sample(draw, min_dims=0, max_dims=3):
    return Sample((draw(array(min_dims, max_dims)),))


@st.composite
def flatten_sample(draw):
    x = draw(array())
    a, b = sorted((_dim(draw, x.ndim), _dim(draw, x.ndim)), key=lambda d: d % max(x.ndim, 1))
    return Sample((x,), {"start_dim": a, "end_dim": b})


@st.composite
def unflatten_sample(draw):
    sizes = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    n = int(np.prod(sizes))
    outer = draw(shapes(0, 2, 1, 3))
    dim = draw(st.integers(0, len(outer)))
    x = draw(floats(outer[:dim] + (n,) + outer[dim:]))
    if draw(st.booleans()):
        sizes = sizes[:-1] + (-1,)
    return Sample((x,), {"dim": dim, "sizes": sizes})


@st.composite
def squeeze_sample(draw):
    x = draw(floats(draw(shapes(0, 4, 0, 2))))
    kind = draw(st.sampled_from(["none", "int", "tuple"]))
    if kind == "none" or x.ndim == 0:
        return Sample((x,), {"dim": None})
    if kind == "int":
        return Sample((x,), {"dim": _dim(draw, x.ndim)})
    dims = draw(st.sets(st.integers(0, x.ndim - 1), min_size=1))
    return Sample((x,), {"dim": tuple(sorted(dims))})


@st.composite
def unsqueeze_sample(draw):
    x = draw(array())
    return Sample((x,), {"dim": _dim(draw, x.ndim, extra=1)})


@st.composite
def repeat_sample(draw):
    x = draw(array(max_side=3))
    extra = draw(st.integers(0, 2))
    return Sample((x,), {"sizes": tuple(draw(st.integers(0, 3)) for _ in range(x.ndim + extra))})


@st.composite
def tile_sample(draw):
    x = draw(array(max_side=3))
    return Sample((x,), {"dims": tuple(draw(st.lists(st.integers(0, 3), max_size=4)))})


@st.composite
def cat_sample(draw):
    base = draw(shapes(1, 3, 0, 3))
    dim = draw(st.integers(-len(base), len(base) - 1))
    arrays = []
    for _ in range(draw(st.integers(1, 3))):
        shape = list(base)
        shape[dim] = draw(st.integers(0, 3))
        arrays.append(draw(floats(tuple(shape))))
    return Sample(tuple(arrays), {"dim": dim})


@st.composite
def stack_sample(draw):
    shape = draw(shapes(0, 3, 0, 3))
    arrays = tuple(draw(floats(shape)) for _ in range(draw(st.integers(1, 3))))
    return Sample(arrays, {"dim": _dim(draw, len(shape), extra=1)})


@st.composite
def split_sample(draw):
    x = draw(array(min_dims=1))
    dim = _dim(draw, x.ndim)
    n = x.shape[dim]
    if draw(st.booleans()):
        size = draw(st.integers(1, 4)) if n else 0
        return Sample((x,), {"split_size_or_sections": size, "dim": dim})
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=3)))
    sizes = [b - a for a, b in zip([0] + cuts, cuts + [n])]
    return Sample((x,), {"split_size_or_sections": sizes, "dim": dim})


@st.composite
def chunk_sample(draw):
    x = draw(array(min_dims=1))
    return Sample((x,), {"chunks": draw(st.integers(1, 5)), "dim": _dim(draw, x.ndim)})


@st.composite
def dim_sample(draw, min_dims=1, min_side=0):
    x = draw(array(min_dims=min_dims, min_side=min_side))
    return Sample((x,), {"dim": _dim(draw, x.ndim)})


@st.composite
def flip_sample(draw):
    x = draw(array())
    n = max(x.ndim, 1)
    dims = draw(st.lists(st.integers(-n, n - 1), unique_by=lambda d: d % n, max_size=n))
    return Sample((x,), {"dims": tuple(dims)})


@st.composite
def roll_sample(draw):
    x = draw(array())
    if x.ndim == 0 or draw(st.booleans()):
        return Sample((x,), {"shifts": draw(st.integers(-5, 5)), "dims": None})
    dims = draw(st.lists(st.integers(0, x.ndim - 1), min_size=1, max_size=x.ndim, unique=True))
    return Sample((x,), {"shifts": tuple(draw(st.integers(-5, 5)) for _ in dims),
                         "dims": tuple(dims)})


@st.composite
def triangle_sample(draw):
    x = draw(array(min_dims=2))
    return Sample((x,), {"diagonal": draw(st.integers(-3, 3))})


@st.composite
def broadcast_pair(draw):
    from hypothesis.extra import numpy as hnp
    bs = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3,
                                                max_side=3))
    return Sample(tuple(draw(floats(s)) for s in bs.input_shapes))


# --- indexing strategies -------------------------------------------------------------------------
@st.composite
def _basic_item(draw, n):
    kind = draw(st.sampled_from(["int", "slice", "slice", "full"]))
    if kind == "int" and n > 0:
        return draw(st.integers(-n, n - 1))
    if kind == "full":
        return slice(None)
    start = draw(st.one_of(st.none(), st.integers(-n - 1, n + 1)))
    stop = draw(st.one_of(st.none(), st.integers(-n - 1, n + 1)))
    return slice(start, stop, draw(st.one_of(st.none(), st.integers(1, 3))))


@st.composite
def basic_index_sample(draw):
    x = draw(array(min_dims=0))
    k = draw(st.integers(0, x.ndim))  # dims indexed: the first `lead`, then after an
    lead = draw(st.integers(0, k)) if x.ndim and draw(st.booleans()) else k  # Ellipsis the last
    items = [draw(_basic_item(n)) for n in x.shape[:lead]]
    if lead < k or (x.ndim and draw(st.booleans())):
        items += [Ellipsis] + [draw(_basic_item(n)) for n in x.shape[x.ndim - (k - lead):]]
    for _ in range(draw(st.integers(0, 2))):  # new axes, which take no dim of x
        items.insert(draw(st.integers(0, len(items))), None)
    return Sample((x,), {"index": tuple(items)})


@st.composite
def advanced_index_sample(draw):
    """An int array index (repeats allowed) at one position, maybe with slices around it."""
    x = draw(array(min_dims=1, min_side=1))
    dim = draw(st.integers(0, x.ndim - 1))
    idx_shape = draw(shapes(1, 2, 0, 3))
    n = x.shape[dim]
    idx = draw(st.lists(st.integers(-n, n - 1), min_size=int(np.prod(idx_shape)),
                        max_size=int(np.prod(idx_shape))))
    index = (slice(None),) * dim + (np.array(idx, dtype=np.int64).reshape(idx_shape),)
    return Sample((x,), {"index": _as_lists(index)})


def _as_lists(index):
    return tuple(i.tolist() if isinstance(i, np.ndarray) else i for i in index)


@st.composite
def tensor_index_sample(draw):
    """x[idx] with idx an int64 array passed as a Tensor, or a boolean mask over leading dims."""
    x = draw(array(min_dims=1))
    if draw(st.booleans()):
        k = draw(st.integers(1, x.ndim))
        mask = draw(st.lists(st.booleans(), min_size=int(np.prod(x.shape[:k])),
                             max_size=int(np.prod(x.shape[:k]))))
        return Sample((x, np.array(mask, dtype=bool).reshape(x.shape[:k])))
    n = x.shape[0]
    idx = draw(st.lists(st.integers(-n, n - 1), max_size=4)) if n else []
    return Sample((x, np.array(idx, dtype=np.int64)))


@st.composite
def setitem_sample(draw):
    """x[index] = v with a basic index, or a unique int list (no repeats: order-free)."""
    x = draw(array(min_dims=1, min_side=1))
    if draw(st.booleans()):
        item = draw(_basic_item(x.shape[0]))
        index = (slice(None) if item is None else item,)
    else:
        rows = draw(st.lists(st.integers(0, x.shape[0] - 1), unique=True, max_size=3))
        index = (rows,)
    target = x[index].shape
    v_shape = target[draw(st.integers(0, len(target))):]
    if draw(st.booleans()):
        v_shape = tuple(1 if draw(st.booleans()) else n for n in v_shape)
    return Sample((x, draw(floats(v_shape))), {"index": index})


@st.composite
def _unique_positions(draw, n, k, shape, axis):
    """Int64 array of ``shape`` whose entries along ``axis`` are k distinct values < n."""
    perm = draw(st.permutations(range(n)))[:k]
    line = np.array(perm, dtype=np.int64).reshape([k if d == axis else 1
                                                   for d in range(len(shape))])
    return np.ascontiguousarray(np.broadcast_to(line, shape))


@st.composite
def gather_sample(draw, unique=False, with_src=False):
    x = draw(array(min_dims=1, max_dims=3, min_side=1))
    axis = draw(st.integers(0, x.ndim - 1))
    n = x.shape[axis]
    shape = tuple(draw(st.integers(0, m)) if d != axis else
                  draw(st.integers(0, n if unique else 4)) for d, m in enumerate(x.shape))
    if unique:
        index = draw(_unique_positions(n, shape[axis], shape, axis))
    else:
        index = draw(st.lists(st.integers(0, n - 1), min_size=int(np.prod(shape)),
                              max_size=int(np.prod(shape))))
        index = np.array(index, dtype=np.int64).reshape(shape)
    args = (x, index)
    if with_src:
        args += (draw(floats(shape)),)  # PyTorch's gradient needs src shaped like index
    return Sample(args, {"dim": axis - x.ndim if draw(st.booleans()) else axis})


@st.composite
def index_select_sample(draw):
    x = draw(array(min_dims=1, min_side=1))
    dim = _dim(draw, x.ndim)
    n = x.shape[dim]
    idx = draw(st.lists(st.integers(-0, n - 1), max_size=5))
    return Sample((x, np.array(idx, dtype=np.int64)), {"dim": dim})


@st.composite
def masked_fill_sample(draw):
    from hypothesis.extra import numpy as hnp
    shape = draw(shapes(0, 3, 0, 3))
    mask_shape = draw(hnp.broadcastable_shapes(shape, max_dims=len(shape), max_side=3))
    mask = draw(hnp.arrays(bool, mask_shape))
    return Sample((draw(floats(shape)), mask), {"value": draw(st.floats(-2, 2))})


@st.composite
def take_along_dim_sample(draw):
    x = draw(array(min_dims=1, min_side=1))
    if draw(st.booleans()):
        size = draw(st.integers(0, 5))
        idx = draw(st.lists(st.integers(0, x.size - 1), min_size=size, max_size=size))
        return Sample((x, np.array(idx, dtype=np.int64)), {"dim": None})
    axis = draw(st.integers(0, x.ndim - 1))
    shape = tuple(draw(st.sampled_from([1, m])) if d != axis else draw(st.integers(0, 3))
                  for d, m in enumerate(x.shape))
    idx = draw(st.lists(st.integers(0, x.shape[axis] - 1), min_size=int(np.prod(shape)),
                        max_size=int(np.prod(shape))))
    return Sample((x, np.array(idx, dtype=np.int64).reshape(shape)), {"dim": axis})


@st.composite
def nonzero_sample(draw):
    from hypothesis.extra import numpy as hnp
    shape = draw(shapes(1, 3, 0, 4))
    return Sample((draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.5]))),))


# --- NumPy references ----------------------------------------------------------------------------
def _grid(index, axis):
    grids = np.indices(index.shape, sparse=True)
    return tuple(index if d == axis else g for d, g in enumerate(grids))


def np_gather(x, index, dim):
    return x[_grid(index, dim % x.ndim)]


def np_scatter(x, index, src, dim):
    out = x.copy()
    out[_grid(index, dim % x.ndim)] = src[tuple(slice(0, n) for n in index.shape)]
    return out


def np_scatter_add(x, index, src, dim):
    out = x.copy()
    np.add.at(out, _grid(index, dim % x.ndim), src[tuple(slice(0, n) for n in index.shape)])
    return out


def np_scatter_fold(x, index, src, dim, reduce):
    """scatter's deprecated reduce=: src added or multiplied into x at index, in order."""
    out = x.copy()
    fold = np.add if reduce == "add" else np.multiply
    fold.at(out, _grid(index, dim % x.ndim), src[tuple(slice(0, n) for n in index.shape)])
    return out


def _quiet(fn):
    """``fn`` with scatter's reduce-with-Tensor-src deprecation warning (once per process in
    both libraries) silenced."""
    def call(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return fn(*args, **kwargs)
    return call


def _scatter_fold_ops():
    """scatter(..., reduce="add"/"multiply") with a src and with a value; no derivative (the
    backward raises in both libraries: tests/_ops/test_indexing.py)."""
    ops = []
    for r in ("add", "multiply"):
        src_form = _quiet(lambda x, index, src, dim, r=r: x.scatter(dim, index, src, reduce=r))
        value_form = lambda x, index, dim, r=r: x.scatter(dim, index, -1.5, reduce=r)  # noqa
        ops += [
            OpInfo(f"scatter_reduce_{r}", src_form,
                   lambda x, index, src, dim, r=r: np_scatter_fold(x, index, src, dim, r),
                   gather_sample(with_src=True), src_form, grad=False),
            OpInfo(f"scatter_value_reduce_{r}", value_form,
                   lambda x, index, dim, r=r: np_scatter_fold(x, index, np.full(index.shape,
                                                                                -1.5), dim, r),
                   gather_sample(), value_form, grad=False)]
    return ops


def np_chunk(x, chunks, dim):
    n = x.shape[dim]
    if n == 0:
        return (x,) * chunks
    size = -(-n // chunks)
    return tuple(np.split(x, list(range(size, n, size)), axis=dim))


def np_split(x, split_size_or_sections, dim):
    n = x.shape[dim]
    s = split_size_or_sections
    if isinstance(s, int):
        return tuple(np.split(x, list(range(s, n, s)), axis=dim)) if s else (x,)
    return tuple(np.split(x, list(np.cumsum(s)[:-1]), axis=dim))


def np_repeat(x, sizes):
    return np.tile(x.reshape((1,) * (len(sizes) - x.ndim) + x.shape), sizes)


def np_squeeze(x, dim=None):
    if dim is None or x.ndim == 0:
        return np.squeeze(x)
    dims = (dim,) if isinstance(dim, int) else dim
    return np.squeeze(x, tuple(d for d in dims if x.shape[d] == 1))


def np_flatten(x, start_dim=0, end_dim=-1):
    if x.ndim == 0:
        return x.reshape(1)
    s, e = start_dim % x.ndim, end_dim % x.ndim
    return x.reshape(x.shape[:s] + (int(np.prod(x.shape[s:e + 1])),) + x.shape[e + 1:])


def np_unflatten(x, dim, sizes):
    return x.reshape(x.shape[:dim] + tuple(sizes) + x.shape[dim + 1:])


def np_take_along_dim(x, indices, dim=None):
    if dim is None:
        return x.reshape(-1)[indices]
    return np.take_along_axis(x, indices, dim)


def np_setitem(x, v, index):
    out = x.copy()
    out[index] = v
    return out


def tt_setitem(x, v, index):
    out = x.clone()
    out[index] = v
    return out


def np_tril(x, diagonal=0):
    return np.tril(x, diagonal)


def np_triu(x, diagonal=0):
    return np.triu(x, diagonal)


# --- error cases ---------------------------------------------------------------------------------
def _err(fn_args, exc, match):
    return ErrorCase(lambda d: fn_args(d), exc, match)


def _z(d, *shape):
    return tinytorch.zeros(*shape, device=d)


def _long(d, values):
    return tinytorch.tensor(values, dtype=tinytorch.int64, device=d)


DIM_ERR = r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)"

OPS = [
    OpInfo("reshape", lambda x, shape: x.reshape(shape), lambda x, shape: x.reshape(shape),
           reshape_sample(), lambda x, shape: x.reshape(shape),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"shape": (4, 2)}), RuntimeError,
                        r"shape '\[4, 2\]' is invalid for input of size 6"),
                   _err(lambda d: ((_z(d, 2, 3),), {"shape": (-1, -1)}), RuntimeError,
                        "only one dimension can be inferred")]),
    OpInfo("view", lambda x, shape: x.view(shape), lambda x, shape: x.reshape(shape),
           reshape_sample(), lambda x, shape: x.view(shape),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"shape": (-1, 4)}), RuntimeError,
                        r"shape '\[-1, 4\]' is invalid for input of size 6")]),
    OpInfo("permute", lambda x, dims: x.permute(dims), lambda x, dims: x.transpose(dims),
           permute_sample(), lambda x, dims: x.permute(dims),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"dims": (0, 2)}), IndexError, DIM_ERR)]),
    OpInfo("transpose", tinytorch.transpose, lambda x, dim0, dim1: np.swapaxes(x, dim0, dim1)
           if x.ndim else x, two_dims(), lambda x, dim0, dim1: x.transpose(dim0, dim1),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"dim0": 0, "dim1": 2}), IndexError,
                        DIM_ERR)]),
    OpInfo("t", lambda x: x.t(), lambda x: x.T, array_sample(max_dims=2), lambda x: x.t(),
           errors=[_err(lambda d: ((_z(d, 2, 3, 4),), {}), RuntimeError,
                        r"t\(\) expects a tensor with <= 2 dimensions, but self is 3D")]),
    OpInfo("T", lambda x: x.T, lambda x: x.T, array_sample(min_dims=2, max_dims=2),
           lambda x: x.T),
    OpInfo("mT", lambda x: x.mT, lambda x: np.swapaxes(x, -1, -2), array_sample(min_dims=2),
           lambda x: x.mT),
    OpInfo("swapaxes", lambda x, dim0, dim1: tinytorch.swapaxes(x, dim0, dim1),
           lambda x, dim0, dim1: np.swapaxes(x, dim0, dim1) if x.ndim else x, two_dims(),
           lambda x, dim0, dim1: x.swapaxes(dim0, dim1)),
    OpInfo("movedim", lambda x, dim0, dim1: tinytorch.movedim(x, dim0, dim1),
           lambda x, dim0, dim1: np.moveaxis(x, dim0, dim1) if x.ndim else x,
           two_dims(min_dims=1), lambda x, dim0, dim1: x.movedim(dim0, dim1)),
    OpInfo("expand", lambda x, size: x.expand(size), lambda x, size: np.broadcast_to(x, size),
           expand_sample(), lambda x, size: x.expand(size),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"size": (2, 4)}), RuntimeError,
                        r"expanded size of the tensor \(4\) must match the existing size \(3\)")]),
    OpInfo("expand_as", lambda x, other: x.expand_as(other),
           lambda x, other: np.broadcast_to(x, other.shape), expand_as_sample(),
           lambda x, other: x.expand_as(other)),
    OpInfo("broadcast_to", lambda x, size: tinytorch.broadcast_to(x, size),
           lambda x, size: np.broadcast_to(x, size), expand_sample(),
           lambda x, size: x.broadcast_to(size)),
    OpInfo("broadcast_tensors", tinytorch.broadcast_tensors, lambda *xs: np.broadcast_arrays(*xs),
           broadcast_pair(), lambda *xs: _torch().broadcast_tensors(*xs),
           errors=[_err(lambda d: ((_z(d, 2, 3), _z(d, 4)), {}), RuntimeError,
                        r"size of tensor a \(3\) must match the size of tensor b \(4\)")]),
    OpInfo("flatten", lambda x, start_dim, end_dim: x.flatten(start_dim, end_dim), np_flatten,
           flatten_sample(), lambda x, start_dim, end_dim: x.flatten(start_dim, end_dim),
           errors=[_err(lambda d: ((_z(d, 2, 3, 4),), {"start_dim": 2, "end_dim": 1}),
                        RuntimeError, "start_dim cannot come after end_dim")]),
    OpInfo("unflatten", lambda x, dim, sizes: x.unflatten(dim, sizes), np_unflatten,
           unflatten_sample(), lambda x, dim, sizes: x.unflatten(dim, sizes),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"dim": 1, "sizes": (2, 2)}), RuntimeError,
                        r"sizes \[2, 2\] don't multiply up to the size of dim 1 \(3\)")]),
    OpInfo("squeeze", lambda x, dim: x.squeeze(dim), np_squeeze, squeeze_sample(),
           lambda x, dim: x.squeeze() if dim is None else x.squeeze(dim),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"dim": 2}), IndexError, DIM_ERR)]),
    OpInfo("unsqueeze", lambda x, dim: x.unsqueeze(dim), lambda x, dim: np.expand_dims(
        x, dim), unsqueeze_sample(), lambda x, dim: x.unsqueeze(dim),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"dim": 3}), IndexError,
                        r"expected to be in range of \[-3, 2\], but got 3")]),
    OpInfo("repeat", lambda x, sizes: x.repeat(sizes), np_repeat, repeat_sample(),
           lambda x, sizes: x.repeat(sizes),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"sizes": (2,)}), RuntimeError,
                        "repeat dims can not be smaller than number of dimensions")]),
    OpInfo("tile", lambda x, dims: x.tile(dims), lambda x, dims: np.tile(x, dims) if dims
           else x, tile_sample(), lambda x, dims: x.tile(dims)),
    OpInfo("cat", lambda *xs, dim: tinytorch.cat(xs, dim), lambda *xs, dim: np.concatenate(
        xs, dim), cat_sample(), lambda *xs, dim: _torch().cat(xs, dim),
           errors=[_err(lambda d: ((_z(d, 2, 3), _z(d, 2, 4)), {"dim": 0}), RuntimeError,
                        r"Sizes of tensors must match except in dimension 0\. Expected size 3 "
                        r"but got size 4 for tensor number 1"),
                   _err(lambda d: ((_z(d, 2, 3), _z(d, 3)), {"dim": 0}), RuntimeError,
                        "same number of dimensions: got 2 and 1"),
                   _err(lambda d: ((_z(d, 2, 3),), {"dim": 2}), IndexError, DIM_ERR),
                   _err(lambda d: ((), {"dim": 0}), ValueError, "expected a non-empty list")]),
    OpInfo("concat", lambda *xs, dim: tinytorch.concat(xs, dim=dim),
           lambda *xs, dim: np.concatenate(xs, dim), cat_sample(),
           lambda *xs, dim: _torch().concat(xs, dim=dim)),
    OpInfo("stack", lambda *xs, dim: tinytorch.stack(xs, dim), lambda *xs, dim: np.stack(xs, dim),
           stack_sample(), lambda *xs, dim: _torch().stack(xs, dim),
           errors=[_err(lambda d: ((_z(d, 2, 3), _z(d, 2, 4)), {"dim": 0}), RuntimeError,
                        r"stack expects each tensor to be equal size, but got \[2, 3\] at entry "
                        r"0 and \[2, 4\] at entry 1"),
                   _err(lambda d: ((), {"dim": 0}), RuntimeError, "non-empty TensorList")]),
    OpInfo("split", lambda x, split_size_or_sections, dim: x.split(split_size_or_sections, dim),
           np_split, split_sample(),
           lambda x, split_size_or_sections, dim: x.split(split_size_or_sections, dim),
           errors=[_err(lambda d: ((_z(d, 3),), {"split_size_or_sections": [1, 1], "dim": 0}),
                        RuntimeError, r"sum exactly to 3 .* but got split_sizes=\[1, 1\]")]),
    OpInfo("chunk", lambda x, chunks, dim: x.chunk(chunks, dim), np_chunk, chunk_sample(),
           lambda x, chunks, dim: x.chunk(chunks, dim),
           errors=[_err(lambda d: ((_z(d, 3),), {"chunks": 0, "dim": 0}), RuntimeError,
                        "chunk expects `chunks` to be greater than 0, got: 0")]),
    OpInfo("unbind", lambda x, dim: x.unbind(dim), lambda x, dim: tuple(
        np.take(x, i, dim) for i in range(x.shape[dim])), dim_sample(min_side=1),
           lambda x, dim: x.unbind(dim)),
    OpInfo("flip", lambda x, dims: x.flip(dims), lambda x, dims: np.flip(x, dims) if x.ndim
           else x, flip_sample(), lambda x, dims: x.flip(dims),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"dims": (0, 0)}), RuntimeError,
                        "appears multiple times")]),
    OpInfo("roll", lambda x, shifts, dims: x.roll(shifts, dims),
           lambda x, shifts, dims: np.roll(x, shifts, dims), roll_sample(),
           lambda x, shifts, dims: x.roll(shifts, dims),
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"shifts": 1, "dims": (0, 1)}), RuntimeError,
                        "shifts and dimensions must align. shifts: 1, dims:2")]),
    OpInfo("tril", lambda x, diagonal: x.tril(diagonal), np_tril, triangle_sample(),
           lambda x, diagonal: x.tril(diagonal),
           errors=[_err(lambda d: ((_z(d, 3),), {"diagonal": 0}), RuntimeError,
                        "at least 2 dimensions")]),
    OpInfo("triu", lambda x, diagonal: x.triu(diagonal), np_triu, triangle_sample(),
           lambda x, diagonal: x.triu(diagonal)),
    OpInfo("contiguous", lambda x, dims: x.permute(dims).contiguous(),
           lambda x, dims: x.transpose(dims), permute_sample(),
           lambda x, dims: x.permute(dims).contiguous()),
    OpInfo("clone", lambda x: x.clone(), np.copy, st.builds(lambda a: Sample((a,)), array()),
           lambda x: x.clone()),
    # --- indexing ---------------------------------------------------------------------------
    OpInfo("getitem_basic", lambda x, index: x[index], lambda x, index: x[index],
           basic_index_sample(), lambda x, index: x[index],
           errors=[_err(lambda d: ((_z(d, 3),), {"index": 5}), IndexError,
                        "index 5 is out of bounds for dimension 0 with size 3"),
                   _err(lambda d: ((_z(d, 3, 4),), {"index": (slice(None), -5)}), IndexError,
                        "index -5 is out of bounds for dimension 1 with size 4"),
                   _err(lambda d: ((_z(d, 3),), {"index": slice(None, None, -1)}), ValueError,
                        "step must be greater than zero"),
                   _err(lambda d: ((_z(d, 3),), {"index": (0, 0)}), IndexError,
                        "too many indices for tensor of dimension 1")]),
    OpInfo("getitem_advanced", lambda x, index: x[index], lambda x, index: x[index],
           advanced_index_sample(), lambda x, index: x[index],
           errors=[_err(lambda d: ((_z(d, 3),), {"index": [0, 5]}), IndexError,
                        "index 5 is out of bounds for dimension 0 with size 3")]),
    OpInfo("getitem_tensor", lambda x, i: x[i], lambda x, i: x[i], tensor_index_sample(),
           lambda x, i: x[i],
           errors=[_err(lambda d: ((_z(d, 3, 4), tinytorch.tensor([True, False], device=d)),
                                   {}), IndexError, r"shape of the mask \[2\] at index 0 does "
                        r"not match the shape of the indexed tensor \[3, 4\]"),
                   _err(lambda d: ((_z(d, 3), _long(d, [1, -4])), {}), IndexError,
                        "index -4 is out of bounds for dimension 0 with size 3")]),
    OpInfo("setitem", tt_setitem, np_setitem, setitem_sample(), tt_setitem,
           errors=[_err(lambda d: ((_z(d, 3, 2), _z(d, 3)), {"index": (slice(None),)}),
                        RuntimeError, r"The expanded size of the tensor \(2\) must match the "
                        r"existing size \(3\) at non-singleton dimension 1"),
                   _err(lambda d: ((_z(d, 3), _z(d, 1)), {"index": 3}), IndexError,
                        "index 3 is out of bounds for dimension 0 with size 3")]),
    OpInfo("gather", lambda x, index, dim: x.gather(dim, index), lambda x, index, dim:
           np_gather(x, index, dim), gather_sample(),
           lambda x, index, dim: x.gather(dim, index),
           errors=[_err(lambda d: ((_z(d, 3, 4), _long(d, [[5]]), 1), {}), RuntimeError,
                        "index 5 is out of bounds for dimension 1 with size 4"),
                   _err(lambda d: ((_z(d, 3, 4), _long(d, [[-1]]), 1), {}), RuntimeError,
                        "index -1 is out of bounds for dimension 1 with size 4"),
                   _err(lambda d: ((_z(d, 3, 4), _long(d, [1]), 1), {}), RuntimeError,
                        "Index tensor must have the same number of dimensions as input"),
                   _err(lambda d: ((_z(d, 3, 4), _long(d, [[1]]), 2), {}), IndexError,
                        DIM_ERR)]),
    OpInfo("take_along_dim", lambda x, i, dim: tinytorch.take_along_dim(x, i, dim),
           np_take_along_dim, take_along_dim_sample(),
           lambda x, i, dim: _torch().take_along_dim(x, i, dim)),
    OpInfo("scatter", lambda x, index, src, dim: x.scatter(dim, index, src),
           lambda x, index, src, dim: np_scatter(x, index, src, dim),
           gather_sample(unique=True, with_src=True),
           lambda x, index, src, dim: x.scatter(dim, index, src),
           errors=[_err(lambda d: ((_z(d, 3, 4), _long(d, [[4]]), _z(d, 1, 1), 1), {}),
                        RuntimeError, "index 4 is out of bounds for dimension 1 with size 4"),
                   _err(lambda d: ((_z(d, 3, 4), _long(d, [[-1]]), _z(d, 1, 1), 1), {}),
                        RuntimeError, "index -1 is out of bounds for dimension 1 with size 4")]),
    OpInfo("scatter_value", lambda x, index, dim: x.scatter(dim, index, value=2.5),
           lambda x, index, dim: np_scatter(x, index, np.full(index.shape, 2.5), dim),
           gather_sample(unique=True), lambda x, index, dim: x.scatter(dim, index, value=2.5)),
    OpInfo("scatter_add", lambda x, index, src, dim: x.scatter_add(dim, index, src),
           lambda x, index, src, dim: np_scatter_add(x, index, src, dim),
           gather_sample(with_src=True),
           lambda x, index, src, dim: x.scatter_add(dim, index, src),
           errors=[_err(lambda d: ((_z(d, 3, 4), _long(d, [[-1]]), _z(d, 1, 1), 0), {}),
                        RuntimeError, "index -1 is out of bounds for dimension 0 with size 3")]),
    *_scatter_fold_ops(),
    OpInfo("index_select", lambda x, index, dim: x.index_select(dim, index),
           lambda x, index, dim: np.take(x, index, dim), index_select_sample(),
           lambda x, index, dim: x.index_select(dim, index),
           errors=[_err(lambda d: ((_z(d, 3, 4), _long(d, [7]), 0), {}), IndexError,
                        "index out of range in self"),
                   _err(lambda d: ((_z(d, 3, 4), _long(d, [-1, 0]), 0), {}), IndexError,
                        "index out of range in self"),
                   _err(lambda d: ((_z(d, 3, 4), _long(d, [0, -1, 9]), 1), {}), RuntimeError,
                        "INDICES element is out of DATA bounds, id=-1 axis_dim=4")]),
    OpInfo("masked_fill", lambda x, mask, value: x.masked_fill(mask, value),
           lambda x, mask, value: np.where(mask, value, x), masked_fill_sample(),
           lambda x, mask, value: x.masked_fill(mask, value),
           errors=[_err(lambda d: ((_z(d, 3), _long(d, [1, 0, 1]), 1.0), {}), RuntimeError,
                        "only supports boolean masks")]),
    OpInfo("nonzero", lambda x: x.nonzero(), np.argwhere, nonzero_sample(),
           lambda x: x.nonzero(), grad=False),
]
