"""Op database entries for the shape, index and construction API added in tensG
(tinytorch/_ops/diagonal.py, stacking.py, index_extra.py, scatter_reduce.py,
tensor_extra.py)."""

import itertools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo import shapes
from tests.opinfo.shape import _err
from tests.opinfo.shape import _grid
from tests.opinfo.shape import _long
from tests.opinfo.shape import _z
from tests.opinfo.shape import array
from tests.opinfo.shape import gather_sample


def _torch():
    import torch
    return torch


def _dim(draw, ndim):
    n = max(ndim, 1)
    return draw(st.integers(-n, n - 1))


def _two_dims(draw, ndim):
    a = draw(st.integers(0, ndim - 1))
    b = draw(st.integers(0, ndim - 2))
    b += b >= a
    return a - ndim if draw(st.booleans()) else a, b - ndim if draw(st.booleans()) else b


# --- diagonals and scans -------------------------------------------------------------------------
@st.composite
def diagonal_sample(draw):
    x = draw(array(min_dims=2))
    d1, d2 = _two_dims(draw, x.ndim)
    return Sample((x,), {"offset": draw(st.integers(-3, 3)), "dim1": d1, "dim2": d2})


@st.composite
def diag_embed_sample(draw):
    x = draw(array(min_dims=1, max_dims=2))
    d1, d2 = _two_dims(draw, x.ndim + 1)
    return Sample((x,), {"offset": draw(st.integers(-2, 2)), "dim1": d1, "dim2": d2})


def _moved_diag_index(shape, offset):
    r0, c0 = max(-offset, 0), max(offset, 0)
    k = max(0, min(shape[-2] - r0, shape[-1] - c0))
    rows = np.arange(r0, r0 + k)
    return (Ellipsis, rows, rows + c0 - r0)


def np_diag_embed(x, offset, dim1, dim2):
    nd = x.ndim + 1
    n = x.shape[-1] + abs(offset)
    out = np.zeros(x.shape[:-1] + (n, n), x.dtype)
    out[_moved_diag_index(out.shape, offset)] = x
    return np.moveaxis(out, (-2, -1), (dim1 % nd, dim2 % nd))


@st.composite
def diagonal_scatter_sample(draw):
    s = draw(diagonal_sample())
    target = np.diagonal(s.args[0], s.kwargs["offset"], s.kwargs["dim1"], s.kwargs["dim2"])
    return Sample((s.args[0], draw(floats(target.shape))), s.kwargs)


def np_diagonal_scatter(x, src, offset, dim1, dim2):
    moved = np.moveaxis(x, (dim1, dim2), (-2, -1)).copy()
    moved[_moved_diag_index(moved.shape, offset)] = src
    return np.moveaxis(moved, (-2, -1), (dim1 % x.ndim, dim2 % x.ndim))


@st.composite
def diag_sample(draw):
    return Sample((draw(array(min_dims=1, max_dims=2)),), {"diagonal": draw(st.integers(-2, 2))})


@st.composite
def tri_indices_sample(draw):
    return Sample((), {"row": draw(st.integers(0, 5)), "col": draw(st.integers(0, 5)),
                       "offset": draw(st.integers(-3, 3))})


@st.composite
def cross_sample(draw):
    bs = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=3,
                                                max_side=3))
    nd = max(len(bs.input_shapes[0]), len(bs.input_shapes[1]))
    dim = draw(st.integers(0, nd - 1))
    fixed = []
    for s in bs.input_shapes:
        s = (1,) * (nd - len(s)) + s
        fixed.append(s[:dim] + (3,) + s[dim + 1:])
    return Sample((draw(floats(fixed[0])), draw(floats(fixed[1]))),
                  {"dim": dim - nd if draw(st.booleans()) else dim})


def np_cross(a, b, dim):
    a, b = np.broadcast_arrays(a, b)
    return np.cross(a, b, axis=dim)


@st.composite
def scan_sample(draw, low=-2.0, high=2.0):
    x = draw(floats(draw(shapes(0, 3, 0, 5)), low, high))
    x = np.where(np.abs(x) < 1e-3, 0.0, x)  # PyTorch's cumprod double backward: 1e-38 wrong
    return Sample((x,), {"dim": _dim(draw, x.ndim)})


def np_scan(fn):
    def ref(x, dim):
        return fn(x.reshape(1), 0).reshape(()) if x.ndim == 0 else fn(x, dim % x.ndim)
    return ref


def np_logcumsumexp(x, dim):
    return np.logaddexp.accumulate(x, dim) if x.size else x


# --- stacks and splits ---------------------------------------------------------------------------
@st.composite
def same_shaped(draw, min_dims=0, max_dims=3):
    shape = draw(shapes(min_dims, max_dims, 1, 3))
    return Sample(tuple(draw(floats(shape)) for _ in range(draw(st.integers(1, 3)))))


@st.composite
def split_sample(draw, min_dims=1, exact_dim=None):
    x = draw(array(min_dims=min_dims, max_dims=3, max_side=6))
    if exact_dim is not None:
        dim = 0 if exact_dim == "h" and x.ndim == 1 else (1 if exact_dim == "h" else exact_dim)
        n = x.shape[dim]
        divisors = [k for k in range(1, 7) if n % k == 0]
        how = draw(st.sampled_from(divisors)) if draw(st.booleans()) else sorted(
            draw(st.lists(st.integers(0, n + 1), max_size=3)))
        return Sample((x,), {"indices_or_sections": how})
    dim = _dim(draw, x.ndim)
    how = draw(st.integers(1, 4)) if draw(st.booleans()) else draw(
        st.lists(st.integers(-7, 7), max_size=3))
    return Sample((x,), {"indices_or_sections": how, "dim": dim})


def np_tensor_split(x, indices_or_sections, dim):
    return tuple(np.array_split(x, indices_or_sections, dim % x.ndim))


@st.composite
def block_diag_sample(draw):
    n = draw(st.integers(1, 3))
    # min_side=1: PyTorch's block_diag backward misplaces gradients after an empty block
    return Sample(tuple(draw(array(0, 2, 1, 3)) for _ in range(n)))


def np_block_diag(*xs):
    xs = [x.reshape((1,) * (2 - x.ndim) + x.shape) for x in xs]
    out = np.zeros((sum(x.shape[0] for x in xs), sum(x.shape[1] for x in xs)))
    r = c = 0
    for x in xs:
        out[r:r + x.shape[0], c:c + x.shape[1]] = x
        r, c = r + x.shape[0], c + x.shape[1]
    return out


@st.composite
def vectors_sample(draw):
    n = draw(st.integers(1, 3))
    return Sample(tuple(draw(floats((draw(st.integers(0, 3)),))) for _ in range(n)))


def np_cartesian_prod(*xs):
    if len(xs) == 1:
        return xs[0]
    return np.array(list(itertools.product(*xs))).reshape(-1, len(xs))


@st.composite
def combinations_sample(draw):
    x = draw(floats((draw(st.integers(0, 4)),)))
    return Sample((x,), {"r": draw(st.integers(0, 3)), "with_replacement": draw(st.booleans())})


def np_combinations(x, r, with_replacement):
    if r == 0:
        return np.zeros(0)
    pick = itertools.combinations_with_replacement if with_replacement else \
        itertools.combinations
    return np.array([[x[i] for i in c] for c in pick(range(len(x)), r)]).reshape(-1, r)


@st.composite
def moveaxis_sample(draw):
    x = draw(array(min_dims=1))
    src = draw(st.permutations(range(x.ndim)))[:draw(st.integers(1, x.ndim))]
    dst = draw(st.permutations(range(x.ndim)))[:len(src)]
    return Sample((x,), {"source": tuple(src), "destination": tuple(dst)})


@st.composite
def select_sample(draw):
    x = draw(array(min_dims=1, min_side=1))
    dim = _dim(draw, x.ndim)
    n = x.shape[dim]
    return Sample((x,), {"dim": dim, "index": draw(st.integers(-n, n - 1))})


@st.composite
def narrow_sample(draw):
    x = draw(array(min_dims=1))
    dim = _dim(draw, x.ndim)
    n = x.shape[dim]
    start = draw(st.integers(0, n))
    return Sample((x,), {"dim": dim, "start": start, "length": draw(st.integers(0, n - start))})


@st.composite
def unravel_sample(draw):
    shape = draw(shapes(1, 3, 1, 4))
    n = int(np.prod(shape))
    idx = draw(hnp.arrays(np.int64, draw(shapes(0, 2, 0, 3)), elements=st.integers(0, n - 1)))
    return Sample((idx,), {"shape": shape})


# --- index ops -----------------------------------------------------------------------------------
@st.composite
def index_sample(draw, unique=False, value=False):
    x = draw(array(min_dims=1, min_side=1))
    dim = _dim(draw, x.ndim)
    n = x.shape[dim]
    if unique:
        idx = draw(st.permutations(range(n)))[:draw(st.integers(0, n))]
    else:
        idx = draw(st.lists(st.integers(0, n - 1), max_size=4))
    idx = np.array(idx, dtype=np.int64)
    if value:
        return Sample((x, idx), {"dim": dim, "value": draw(st.floats(-2, 2))})
    src_shape = x.shape[:dim % x.ndim] + (len(idx),) + x.shape[dim % x.ndim + 1:]
    return Sample((x, idx, draw(floats(src_shape))), {"dim": dim})


def _along(x, dim, idx):
    return (slice(None),) * (dim % x.ndim) + (idx,)


def np_index_add(x, idx, src, dim, alpha=1):
    out = x.copy()
    np.add.at(out, _along(x, dim, idx), alpha * src)
    return out


def np_index_copy(x, idx, src, dim):
    out = x.copy()
    out[_along(x, dim, idx)] = src
    return out


def np_index_fill(x, idx, dim, value):
    out = x.copy()
    out[_along(x, dim, idx)] = value
    return out


@st.composite
def masked_sample(draw, with_source=False):
    bs = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3,
                                                max_side=3))
    x = draw(floats(bs.input_shapes[0]))
    mask = draw(hnp.arrays(bool, bs.input_shapes[1]))
    if not with_source:
        return Sample((x, mask))
    n = int(np.broadcast_to(mask, bs.result_shape).sum())
    return Sample((x, mask, draw(floats((n + draw(st.integers(0, 2)),)))))


def np_masked_select(x, mask):
    x, mask = np.broadcast_arrays(x, mask)
    return x[mask]


def np_masked_scatter(x, mask, src):
    x, mask = np.broadcast_arrays(x, mask)
    out = x.copy()
    out[mask] = src[:int(mask.sum())]
    return out


@st.composite
def take_sample(draw):
    x = draw(array(min_side=1))
    n = x.size
    idx = draw(hnp.arrays(np.int64, draw(shapes(0, 2, 0, 3)), elements=st.integers(-n, n - 1)))
    return Sample((x, idx))


@st.composite
def select_scatter_sample(draw):
    s = draw(select_sample())
    x = s.args[0]
    target = np.take(x, s.kwargs["index"], s.kwargs["dim"])
    return Sample((x, draw(floats(target.shape))), s.kwargs)


def np_select_scatter(x, src, dim, index):
    out = x.copy()
    out[_along(x, dim, index)] = src
    return out


@st.composite
def slice_scatter_sample(draw):
    x = draw(array(min_dims=1))
    dim = _dim(draw, x.ndim)
    n = x.shape[dim]
    start = draw(st.none() | st.integers(-n - 1, n + 1))
    end = draw(st.none() | st.integers(-n - 1, n + 1))
    step = draw(st.integers(1, 3))
    target = x[_along(x, dim, slice(start, end, step))].shape
    return Sample((x, draw(floats(target))), {"dim": dim, "start": start, "end": end,
                                              "step": step})


def np_slice_scatter(x, src, dim, start, end, step):
    out = x.copy()
    out[_along(x, dim, slice(start, end, step))] = src
    return out


_UFUNCS = {"sum": np.add, "prod": np.multiply, "amax": np.maximum, "amin": np.minimum}
_IDENTITY = {"sum": 0.0, "prod": 1.0, "amax": -np.inf, "amin": np.inf, "mean": 0.0}


def np_scatter_reduce(x, index, src, dim, reduce, include_self):
    grid = _grid(index, dim % x.ndim)
    src = src[tuple(slice(0, n) for n in index.shape)]
    out = x.copy()
    if not include_self:
        out[grid] = _IDENTITY[reduce]
    np.add.at(out, grid, src) if reduce == "mean" else _UFUNCS[reduce].at(out, grid, src)
    if reduce == "mean":
        count = np.full(x.shape, 1.0 if include_self else 0.0)
        np.add.at(count, grid, 1.0)
        out = out / np.where(count == 0, 1, count)
    return out


def scatter_reduce_sample(reduce):
    @st.composite
    def sample(draw):
        s = draw(gather_sample(with_src=True))
        return Sample(s.args, {**s.kwargs, "reduce": reduce,
                               "include_self": draw(st.booleans())})
    return sample()


def _scatter_reduce(x, index, src, dim, reduce, include_self):
    return x.scatter_reduce(dim, index, src, reduce, include_self=include_self)


@st.composite
def addc_sample(draw, divide=False):
    bs = draw(hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3,
                                                max_side=3))
    a, b, c = (draw(floats(s)) for s in bs.input_shapes)
    if divide:
        c = np.where(c < 0, c - 0.5, c + 0.5)
    return Sample((a, b, c), {"value": draw(st.sampled_from([1, 0.5, -2.0]))})


@st.composite
def bound_sample(draw, name):
    x = draw(array())
    bound = draw(st.floats(-2, 2).filter(lambda b: not np.any(np.abs(x - b) < 1e-3)))
    return Sample((x,), {name: bound})  # no element at the kink: no derivative there


@st.composite
def logspace_sample(draw):
    return Sample((), {"start": draw(st.floats(-2, 2)), "end": draw(st.floats(-2, 2)),
                       "steps": draw(st.integers(0, 5)), "base": draw(st.sampled_from(
                           [10.0, 2.0, 0.5]))})


@st.composite
def sum_to_size_sample(draw):
    x = draw(array())
    lead = draw(st.integers(0, x.ndim))
    size = tuple(1 if draw(st.booleans()) else n for n in x.shape[lead:])
    return Sample((x,), {"size": size})


def np_sum_to_size(x, size):
    lead = x.ndim - len(size)
    out = x.sum(tuple(range(lead)))
    dims = tuple(i for i, s in enumerate(size) if s == 1)
    return out.sum(dims, keepdims=True) if dims else out


def _tupled(fn):
    def ref(*args, **kwargs):
        out = fn(*args, **kwargs)
        return tuple(out) if isinstance(out, list) else out
    return ref


_SRC_ERR = r"expected src to have a size equal to the slice of self"

OPS = [
    # diagonals and scans
    OpInfo("diagonal", tinytorch.diagonal,
           lambda x, offset, dim1, dim2: np.diagonal(x, offset, dim1, dim2), diagonal_sample(),
           lambda x, **kw: _torch().diagonal(x, **kw), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 2),), {"dim1": 1, "dim2": -1}), RuntimeError,
                        "diagonal dimensions cannot be identical 1, -1")]),
    OpInfo("diag_embed", tinytorch.diag_embed, np_diag_embed, diag_embed_sample(),
           lambda x, **kw: _torch().diag_embed(x, **kw), gradgrad=True),
    OpInfo("diag", tinytorch.diag, lambda x, diagonal: np.diag(x, diagonal), diag_sample(),
           lambda x, **kw: _torch().diag(x, **kw), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 2, 2),), {}), RuntimeError,
                        r"diag\(\): Supports 1D or 2D tensors. Got 3D")]),
    OpInfo("diagflat", lambda x, diagonal: tinytorch.diagflat(x, diagonal),
           lambda x, diagonal: np.diagflat(x, diagonal), diag_sample(),
           lambda x, diagonal: _torch().diagflat(x, diagonal), gradgrad=True),
    OpInfo("trace", tinytorch.trace, np.trace, diag_sample().map(
        lambda s: Sample((np.atleast_2d(s.args[0]),))), lambda x: _torch().trace(x),
           gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 2, 2),), {}), RuntimeError,
                        "trace: expected a matrix, but got tensor with dim 3")]),
    OpInfo("diagonal_scatter", tinytorch.diagonal_scatter, np_diagonal_scatter,
           diagonal_scatter_sample(), lambda x, s, **kw: _torch().diagonal_scatter(x, s, **kw),
           gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 3), _z(d, 3)), {}), RuntimeError,
                        _SRC_ERR + r". src size = \[3\], slice size = \[2\]")]),
    OpInfo("tril_indices", tinytorch.tril_indices,
           lambda row, col, offset: np.array(np.tril_indices(row, offset, col)).reshape(2, -1),
           tri_indices_sample(), lambda **kw: _torch().tril_indices(**kw), grad=False,
           errors=[_err(lambda d: ((-1, 4), {}), RuntimeError, "row must be non-negative")]),
    OpInfo("triu_indices", tinytorch.triu_indices,
           lambda row, col, offset: np.array(np.triu_indices(row, offset, col)).reshape(2, -1),
           tri_indices_sample(), lambda **kw: _torch().triu_indices(**kw), grad=False,
           errors=[_err(lambda d: ((3, 4), {"dtype": tinytorch.float32}), NotImplementedError,
                        "\"triu_indices\" not implemented for 'Float'")]),
    OpInfo("cross", tinytorch.cross, np_cross, cross_sample(),
           lambda a, b, dim: _torch().cross(a, b, dim=dim), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 2), _z(d, 2, 2)), {"dim": 1}), RuntimeError,
                        "linalg.cross: inputs dimension 1 must have length 3. Got 2 and 2")]),
    OpInfo("cumprod", tinytorch.cumprod, np_scan(np.cumprod), scan_sample(),
           lambda x, dim: _torch().cumprod(x, dim), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2),), {"dim": 1}), IndexError,
                        "Dimension out of range")]),
    OpInfo("logcumsumexp", tinytorch.logcumsumexp, np_scan(np_logcumsumexp), scan_sample(-5, 5),
           lambda x, dim: _torch().logcumsumexp(x, dim), gradgrad=True,
           errors=[_err(lambda d: ((_long(d, [1, 2]),), {"dim": 0}), NotImplementedError,
                        "not implemented for 'Long'")]),
    # stacks and splits
    *[OpInfo(name, (lambda f: lambda *xs: f(xs))(getattr(tinytorch, name)),
             (lambda f: lambda *xs: f(xs))(getattr(np, ref)), same_shaped(),
             (lambda n: lambda *xs: getattr(_torch(), n)(xs))(name), gradgrad=True,
             errors=[_err(lambda d: ((), {}), RuntimeError, "expects a non-empty TensorList")])
      for name, ref in (("hstack", "hstack"), ("vstack", "vstack"), ("row_stack", "vstack"),
                        ("dstack", "dstack"), ("column_stack", "column_stack"))],
    *[OpInfo(name, getattr(tinytorch, name), _tupled(getattr(np, name)), same_shaped(),
             (lambda n: lambda *xs: getattr(_torch(), n)(*xs))(name), gradgrad=True)
      for name in ("atleast_1d", "atleast_2d", "atleast_3d")],
    OpInfo("tensor_split", lambda x, indices_or_sections, dim=0:
           tinytorch.tensor_split(x, indices_or_sections, dim), np_tensor_split, split_sample(),
           lambda x, indices_or_sections, dim: _torch().tensor_split(x, indices_or_sections, dim),
           gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 3), 0), {}), RuntimeError,
                        "number of sections must be larger than 0, got 0"),
                   _err(lambda d: ((_z(d), 1), {}), RuntimeError,
                        "tensor_split expected at least a 1-dimensional tensor")]),
    OpInfo("hsplit", tinytorch.hsplit, _tupled(np.hsplit), split_sample(1, "h"),
           lambda x, indices_or_sections: _torch().hsplit(x, indices_or_sections),
           errors=[_err(lambda d: ((_z(d, 2, 6), 4), {}), RuntimeError,
                        "torch.hsplit attempted to split along dimension 1, but the size of the "
                        "dimension 6 is not divisible by the split_size 4!")]),
    OpInfo("vsplit", tinytorch.vsplit, _tupled(np.vsplit), split_sample(2, 0),
           lambda x, indices_or_sections: _torch().vsplit(x, indices_or_sections),
           errors=[_err(lambda d: ((_z(d, 6), 2), {}), RuntimeError,
                        "torch.vsplit requires a tensor with at least 2 dimension, but got a "
                        "tensor with 1 dimensions!")]),
    OpInfo("dsplit", tinytorch.dsplit, _tupled(np.dsplit), split_sample(3, 2),
           lambda x, indices_or_sections: _torch().dsplit(x, indices_or_sections)),
    OpInfo("block_diag", tinytorch.block_diag, np_block_diag, block_diag_sample(),
           lambda *xs: _torch().block_diag(*xs), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 1, 1, 1),), {}), RuntimeError,
                        "Input 0 has 3 dimensions")]),
    OpInfo("cartesian_prod", tinytorch.cartesian_prod, np_cartesian_prod, vectors_sample(),
           lambda *xs: _torch().cartesian_prod(*xs), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 2),), {}), RuntimeError,
                        r"Expect a 1D vector, but got shape \[2, 2\]")]),
    OpInfo("combinations", tinytorch.combinations, np_combinations, combinations_sample(),
           lambda x, **kw: _torch().combinations(x, **kw), gradgrad=True),
    OpInfo("moveaxis", tinytorch.moveaxis, np.moveaxis, moveaxis_sample(),
           lambda x, **kw: _torch().moveaxis(x, **kw), gradgrad=True),
    OpInfo("ravel", lambda x: x.mT.ravel() if x.ndim > 1 else x.ravel(),
           lambda x: np.ravel(np.swapaxes(x, -1, -2) if x.ndim > 1 else x),
           diag_sample().map(lambda s: Sample(s.args)),
           lambda x: x.mT.ravel() if x.ndim > 1 else x.ravel(), gradgrad=True),
    OpInfo("select", tinytorch.select, lambda x, dim, index: np.take(x, index, dim),
           select_sample(), lambda x, **kw: _torch().select(x, **kw), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 3), 0, 5), {}), IndexError,
                        r"select\(\): index 5 out of range for tensor of size \[2, 3\] at "
                        "dimension 0"),
                   _err(lambda d: ((_z(d), 0, 0), {}), IndexError,
                        r"select\(\) cannot be applied to a 0-dim tensor.")]),
    OpInfo("narrow_copy", tinytorch.narrow_copy,
           lambda x, dim, start, length: x[_along(x, dim, slice(start, start + length))],
           narrow_sample(), lambda x, **kw: _torch().narrow_copy(x, **kw), gradgrad=True),
    OpInfo("unravel_index", tinytorch.unravel_index, np.unravel_index, unravel_sample(),
           lambda i, shape: _torch().unravel_index(i, shape), grad=False,
           errors=[_err(lambda d: ((_z(d, 1), (2, 3)), {}), TypeError,
                        "expected 'indices' to be integer dtype"),
                   _err(lambda d: ((_long(d, 1), (2, -3)), {}), ValueError,
                        r"'shape' cannot have negative values, but got \(2, -3\)")]),
    # index ops
    OpInfo("index_add", lambda x, i, s, dim: x.index_add(dim, i, s, alpha=2),
           lambda x, i, s, dim: np_index_add(x, i, s, dim, 2), index_sample(),
           lambda x, i, s, dim: x.index_add(dim, i, s, alpha=2), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 3), _long(d, [5]), _z(d, 1, 3), 0), {}),
                        IndexError, "index out of range in self"),
                   _err(lambda d: ((_z(d, 2, 3), _long(d, [-1]), _z(d, 1, 3), 0), {}),
                        IndexError, "index out of range in self"),
                   _err(lambda d: ((_z(d, 2, 3), _long(d, [0, 0]), _z(d, 3, 3), 0), {}),
                        RuntimeError, r"index_add_\(\): Number of indices \(2\) should be "
                        r"equal to source.size\(dim\): \(3\), for dim: 0"),
                   _err(lambda d: ((_z(d, 2), _long(d, [[0]]), _z(d, 1), 0), {}), IndexError,
                        r"index_add_\(\): Index is supposed to be a vector, but got dim: 2 "
                        r"with type: Long and size: \[1, 1\]")]),
    OpInfo("index_copy", lambda x, i, s, dim: x.index_copy(dim, i, s), np_index_copy,
           index_sample(unique=True), lambda x, i, s, dim: x.index_copy(dim, i, s),
           gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 3), _long(d, [5]), _z(d, 1, 3), 0), {}),
                        IndexError, r"index_copy_\(\): index 5 is out of bounds for dimension "
                        "0 with size 2"),
                   _err(lambda d: ((_z(d, 2, 3), _long(d, [-1]), _z(d, 1, 3), 0), {}),
                        IndexError, r"index_copy_\(\): index -1 is out of bounds for dimension "
                        "0 with size 2")]),
    OpInfo("index_fill", lambda x, i, dim, value: x.index_fill(dim, i, value), np_index_fill,
           index_sample(value=True), lambda x, i, dim, value: x.index_fill(dim, i, value),
           gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2), _long(d, [0]), 0, _z(d, 2)), {}), RuntimeError,
                        "index_fill_ only supports a 0-dimensional value tensor, but got "
                        r"tensor with 1 dimension\(s\).")]),
    OpInfo("masked_select", tinytorch.masked_select, np_masked_select, masked_sample(),
           lambda x, m: _torch().masked_select(x, m), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 3), _long(d, [1, 0, 1])), {}), RuntimeError,
                        "masked_select: expected BoolTensor for mask")]),
    OpInfo("masked_scatter", lambda x, m, s: x.masked_scatter(m, s), np_masked_scatter,
           masked_sample(with_source=True), lambda x, m, s: x.masked_scatter(m, s),
           gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 3), tinytorch.ones(3, dtype=tinytorch.bool,
                                                                device=d), _z(d, 2)), {}),
                        RuntimeError, "Number of elements of source < number of ones in mask")]),
    OpInfo("take", tinytorch.take, lambda x, i: np.take(x.reshape(-1), i), take_sample(),
           lambda x, i: _torch().take(x, i), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 3), _long(d, [10])), {}), IndexError,
                        "out of range: tried to access index 10 on a tensor of 6 elements.")]),
    OpInfo("select_scatter", tinytorch.select_scatter, np_select_scatter,
           select_scatter_sample(), lambda x, s, **kw: _torch().select_scatter(x, s, **kw),
           gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 3), _z(d, 2), 0, 0), {}), RuntimeError,
                        _SRC_ERR + r". src size = \[2\], slice size = \[3\]")]),
    OpInfo("slice_scatter", tinytorch.slice_scatter, np_slice_scatter, slice_scatter_sample(),
           lambda x, s, **kw: _torch().slice_scatter(x, s, **kw), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 3), _z(d, 2, 2)), {"dim": 1, "step": 0}),
                        RuntimeError, "slice step must be positive")]),
    *[OpInfo(f"scatter_reduce_{r}", _scatter_reduce, np_scatter_reduce,
             scatter_reduce_sample(r), _scatter_reduce,
             gradgrad=r != "prod",  # PyTorch's second derivative: 1e206 at zeros in src
             gradcheck=r not in ("amax", "amin"),  # ties: no derivative; parity only
             errors=[_err(lambda d: ((_z(d, 2), _long(d, [0]), _z(d, 1), 0, "max", True), {}),
                          RuntimeError, "reduce argument must be either sum, prod, mean, amax "
                          "or amin, got max"),
                     _err(lambda d, r=r: ((_z(d, 2), _long(d, [0, -1]), _z(d, 2), 0, r, True),
                                          {}),
                          RuntimeError, "index -1 is out of bounds for dimension 0 with size 2")])
      for r in ("sum", "prod", "mean", "amax", "amin")],
    # pointwise, construction, conveniences
    OpInfo("addcmul", tinytorch.addcmul, lambda a, b, c, value: a + value * b * c,
           addc_sample(), lambda a, b, c, value: _torch().addcmul(a, b, c, value=value),
           gradgrad=True),
    OpInfo("addcdiv", tinytorch.addcdiv, lambda a, b, c, value: a + value * b / c,
           addc_sample(divide=True), lambda a, b, c, value: _torch().addcdiv(a, b, c,
                                                                              value=value),
           gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2), _long(d, [1, 2]), _long(d, [1, 2])), {}),
                        RuntimeError, "Integer division with addcdiv is no longer supported")]),
    OpInfo("clamp_min", tinytorch.clamp_min, lambda x, min: np.maximum(x, min),
           bound_sample("min"), lambda x, min: _torch().clamp_min(x, min), gradgrad=True),
    OpInfo("clamp_max", tinytorch.clamp_max, lambda x, max: np.minimum(x, max),
           bound_sample("max"), lambda x, max: _torch().clamp_max(x, max), gradgrad=True),
    OpInfo("logspace", tinytorch.logspace,
           lambda start, end, steps, base: np.logspace(start, end, steps, base=base),
           logspace_sample(), lambda **kw: _torch().logspace(**kw),
           grad=False,
           errors=[_err(lambda d: ((0, 1, -1), {}), RuntimeError,
                        "number of steps must be non-negative")]),
    OpInfo("sum_to_size", lambda x, size: x.sum_to_size(size), np_sum_to_size,
           sum_to_size_sample(), lambda x, size: x.sum_to_size(size), gradgrad=True,
           errors=[_err(lambda d: ((_z(d, 2, 3),), {"size": (2, 1, 3)}), RuntimeError,
                        r"size \{\[2, 1, 3\]\} is not expandable to size \{\[2, 3\]\}.")]),
]

# Where these compositions keep other values than PyTorch's kernels, so that an in-place write
# after the op raises at backward in PyTorch only (tests/test_ops.py's SAVED_DIFFERENCES).
SAVED_DIFFERENCES = {
    "cross": "tinytorch's cross multiplies rolled copies of the inputs and keeps those",
    **dict.fromkeys([f"scatter_reduce_{r}" for r in ("sum", "mean")],
                    "PyTorch keeps self, src and the result for every reduce; tinytorch's "
                    "scatter_add composition keeps nothing"),
}
