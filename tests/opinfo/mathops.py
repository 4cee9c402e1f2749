"""Op database entries for order statistics, differences, distances, fused matrix products
and small helpers (tinytorch/_ops/mathops.py)."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import bool_refused
from tests.opinfo import floats
from tests.opinfo import shapes
from tests.opinfo.reduction import _dim_error
from tests.opinfo.reduction import _t
from tests.opinfo.reduction import _torch
from tests.opinfo.reduction import reduce_sample


def _pair(name):
    """``tuple(x.<name>(**kwargs))`` for tinytorch and torch alike."""
    return lambda x, *args, **kw: tuple(getattr(x, name)(*args, **kw))


@st.composite
def kth_sample(draw, median=False):
    """Distinct values (ties would let PyTorch pick either index), one dim, ``keepdim`` and
    (for kthvalue) ``k``."""
    s = draw(reduce_sample(min_side=1, tuples=False, allow_none=False, unique=True))
    x = s.args[0]
    if not median:
        s.kwargs["k"] = draw(st.integers(1, x.shape[s.kwargs["dim"]] if x.ndim else 1))
    return s


def _np_kthvalue(x, k, dim=-1, keepdim=False):
    if x.ndim == 0:
        return x.copy(), np.zeros((), np.int64)
    idx = np.take(np.argsort(x, axis=dim, kind="stable"), [k - 1], axis=dim)
    values = np.take_along_axis(x, idx, dim)
    if not keepdim:
        values, idx = np.squeeze(values, dim), np.squeeze(idx, dim)
    return values, idx


def _np_median_dim(x, dim, keepdim=False):
    k = (x.shape[dim] - 1) // 2 + 1 if x.ndim else 1
    return _np_kthvalue(x, k, dim, keepdim)


def _np_median(x):
    return np.asarray(np.sort(x.reshape(-1))[(x.size - 1) // 2])


OPS = [
    OpInfo("kthvalue", _pair("kthvalue"), _np_kthvalue, kth_sample(), _pair("kthvalue"),
           errors=[ErrorCase(lambda d: ((_t(2, 3, device=d), 4), {}), RuntimeError,
                             r"kthvalue\(\): selected number k out of range for dimension 1"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d), 0), {"dim": 0}), RuntimeError,
                             r"kthvalue\(\): selected number k out of range for dimension 0"),
                   _dim_error(_pair("kthvalue"), 1), bool_refused("kthvalue", 1)]),
    OpInfo("median_dim", _pair("median"), _np_median_dim, kth_sample(median=True),
           _pair("median"),
           errors=[_dim_error(_pair("median")),
                   ErrorCase(lambda d: ((_t(2, 0, device=d),), {"dim": -1}), IndexError,
                             r"median\(\): Expected reduction dim 1 to have non-zero size\."),
                   bool_refused("median", dim=0)]),
    OpInfo("median", tinytorch.median, _np_median,
           st.builds(lambda s: Sample(s.args), kth_sample(median=True)),
           lambda x: _torch().median(x), errors=[bool_refused("median")]),
]


@st.composite
def diff_sample(draw):
    """An array of at least one dim, ``n``, ``dim`` and maybe ``prepend`` / ``append``."""
    s = draw(reduce_sample(min_dims=1, tuples=False, allow_none=False, keepdim=False))
    x, dim = s.args[0], s.kwargs["dim"]
    s.kwargs["n"] = draw(st.integers(0, 3))
    args = [x]
    for name in ("prepend", "append"):
        if draw(st.booleans()):
            side = list(x.shape)
            side[dim] = draw(st.integers(0, 2))
            args.append(draw(floats(tuple(side))))
            s.kwargs[name] = len(args) - 1  # the positional slot it rides in
    return Sample(tuple(args), s.kwargs)


def _diff_call(lib_diff):
    """``diff(x, ...)`` with prepend / append taken from the positional slots the sample
    names."""
    def call(x, *extra, n=1, dim=-1, prepend=None, append=None):
        return lib_diff(x, n=n, dim=dim,
                        prepend=None if prepend is None else extra[prepend - 1],
                        append=None if append is None else extra[append - 1])
    return call


def _np_diff(x, *extra, n, dim, prepend=None, append=None):
    kw = {}
    if prepend is not None:
        kw["prepend"] = extra[prepend - 1]
    if append is not None:
        kw["append"] = extra[append - 1]
    return np.diff(x, n=n, axis=dim, **kw)


def _generic(draw, shapes):
    """Arrays of these shapes: each entry a tenth plus its own multiple of 0.001 * sqrt(k),
    so no two entries are equal and no two differences tie in size (p-norms are not
    differentiable there, and p=0 would flip in float32)."""
    tenths = st.integers(-30, 30).map(lambda v: v / 10)
    xs = [draw(hnp.arrays(np.float64, s, elements=tenths)) for s in shapes]
    jitter = iter(0.001 * np.sqrt(np.arange(2, 2 + sum(x.size for x in xs))))
    return tuple(np.asarray(x + np.fromiter(jitter, np.float64, x.size).reshape(x.shape))
                 for x in xs)


@st.composite
def cdist_sample(draw):
    """Rows ``(B?, P, M)`` and ``(B?, R, M)`` with broadcastable batch dims, and ``p``."""
    batch = draw(st.sampled_from([(), (2,), (1, 3), (2, 1)]))
    batch2 = draw(st.sampled_from([batch, batch[1:], (1,) * len(batch)]))
    m = draw(st.integers(1, 3))
    shapes = (batch + (draw(st.integers(1, 3)), m), batch2 + (draw(st.integers(1, 3)), m))
    return Sample(_generic(draw, shapes), {"p": draw(st.sampled_from(
        [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, float("inf")]))})


def _np_cdist(x1, x2, p):
    u = np.abs(x1[..., :, None, :] - x2[..., None, :, :])
    if p == 0:
        return (u != 0).sum(-1).astype(x1.dtype)
    if np.isinf(p):
        return u.max(-1)
    return (u ** p).sum(-1) ** (1 / p)


@st.composite
def dist_sample(draw):
    """Two broadcastable arrays and ``p`` (not inf on no elements: PyTorch's error)."""
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
    p = draw(st.sampled_from([0.5, 1.0, 2.0, 3.0, float("inf")]))
    if 0 in shapes.result_shape and np.isinf(p):
        p = 2.0
    return Sample(_generic(draw, shapes.input_shapes), {"p": p})


def _np_dist(x, y, p):
    u = np.abs(x - y).reshape(-1)
    if np.isinf(p):
        return np.asarray(u.max())
    return np.asarray((u ** p).sum() ** (1 / p))


def _cdist_error(a, b, kw, match):
    return ErrorCase(lambda d: ((tinytorch.ones(*a, device=d), tinytorch.ones(*b, device=d)),
                                kw), RuntimeError, match)


OPS += [
    OpInfo("diff", _diff_call(tinytorch.diff), _np_diff, diff_sample(),
           _diff_call(lambda *a, **kw: _torch().diff(*a, **kw)),
           errors=[ErrorCase(lambda d: ((_t(device=d),), {}), RuntimeError,
                             "diff expects input to be at least one-dimensional"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d),), {"n": -1}), RuntimeError,
                             "order must be non-negative but got -1"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d), _t(3, device=d)), {"prepend": 1}),
                             RuntimeError, "diff expects prepend or append to be the same "
                                           "dimension as input"),
                   _dim_error(tinytorch.diff)]),
    OpInfo("cdist", tinytorch.cdist, _np_cdist, cdist_sample(),
           lambda x1, x2, p: _torch().cdist(x1, x2, p),
           errors=[_cdist_error((3,), (2, 3), {}, "cdist only supports at least 2D tensors, "
                                                  "X1 got: 1D"),
                   _cdist_error((2, 3), (2, 4), {}, "X1 and X2 must have the same number of "
                                                    "columns. X1: 3 X2: 4"),
                   _cdist_error((2, 3), (2, 3), {"p": -1},
                                "cdist only supports non-negative p values"),
                   _cdist_error((2, 2, 3), (3, 2, 3), {}, r"The size of tensor a \(2\) must "
                                                          r"match the size of tensor b \(3\)"),
                   ErrorCase(lambda d: ((tinytorch.ones(2, 3, dtype=tinytorch.int64, device=d),
                                         _t(2, 3, device=d)), {}), RuntimeError,
                             "cdist only supports floating-point dtypes, X1 got: Long"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d),
                                         _t(2, 3, dtype=tinytorch.float64, device=d)), {}),
                             RuntimeError, "expected scalar type Float but found Double")]),
    OpInfo("dist", tinytorch.dist, _np_dist, dist_sample(),
           lambda x, y, p: _torch().dist(x, y, p),
           errors=[ErrorCase(lambda d: ((_t(0, device=d), _t(0, device=d)), {"p": np.inf}),
                             RuntimeError, "linalg.vector_norm cannot compute the inf norm on "
                                           "an empty tensor")]),
]


@st.composite
def addmm_sample(draw, kind):
    """``input`` (of the result's shape or one that broadcasts to it), the two factors of the
    product (``kind``: "mm", "bmm" or "mv"), ``beta`` and ``alpha``."""
    b, n, m, p = (draw(st.integers(1, 3)) for _ in range(4))
    factors = {"mm": ((n, m), (m, p)), "bmm": ((b, n, m), (b, m, p)), "mv": ((n, m), (m,))}
    out = {"mm": (n, p), "bmm": (b, n, p), "mv": (n,)}[kind]
    base = draw(st.sampled_from([out, out[1:], (1,) * len(out), ()]))
    arrays = [draw(floats(s)) for s in (base,) + factors[kind]]
    scales = st.sampled_from([0, 1, 0.5, -2])
    return Sample(tuple(arrays), {"beta": draw(scales), "alpha": draw(scales)})


def _np_addmm(input, a, b, beta, alpha):
    product = alpha * (a @ b)
    return product if beta == 0 else beta * np.broadcast_to(input, product.shape) + product


def _torch_call(name):
    return lambda *args, **kw: getattr(_torch(), name)(*args, **kw)


OPS += [
    OpInfo("addmm", tinytorch.addmm, _np_addmm, addmm_sample("mm"), _torch_call("addmm"),
           errors=[ErrorCase(lambda d: ((_t(3, device=d), _t(3, device=d), _t(3, 2, device=d)),
                                        {}), RuntimeError, "mat1 must be a matrix, got 1-D"),
                   ErrorCase(lambda d: ((_t(3, device=d), _t(2, 3, device=d),
                                         _t(4, 2, device=d)), {}), RuntimeError,
                             r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x2\)"),
                   ErrorCase(lambda d: ((_t(3, device=d), _t(2, 3, device=d),
                                         _t(3, 2, device=d)), {}), RuntimeError,
                             r"The expanded size of the tensor \(2\) must match the existing "
                             r"size \(3\) at non-singleton dimension 1")]),
    OpInfo("baddbmm", tinytorch.baddbmm, _np_addmm, addmm_sample("bmm"),
           _torch_call("baddbmm"),
           errors=[ErrorCase(lambda d: ((_t(2, device=d), _t(2, 3, device=d),
                                         _t(2, 3, 2, device=d)), {}), RuntimeError,
                             "batch1 must be a 3D tensor")]),
    OpInfo("addmv", tinytorch.addmv, _np_addmm, addmm_sample("mv"), _torch_call("addmv"),
           errors=[ErrorCase(lambda d: ((_t(3, device=d), _t(2, 3, device=d), _t(3, device=d)),
                                        {}), RuntimeError,
                             r"size mismatch, got input \(3\), mat \(2x3\), vec \(3\)"),
                   ErrorCase(lambda d: ((_t(3, 1, device=d), _t(2, 3, device=d),
                                         _t(3, device=d)), {}), RuntimeError,
                             "vector \\+ matrix @ vector expected, got 2, 2, 1")]),
]


@st.composite
def nan_to_num_sample(draw):
    """Finite values with NaN, +inf and -inf mixed in, and the three replacements (given
    explicitly: the defaults depend on the dtype, so tests/test_mathops.py checks those)."""
    x = draw(floats(draw(shapes(0, 3, 0))))
    flat = x.reshape(-1)
    for i in range(flat.size):
        flat[i] = draw(st.sampled_from([flat[i], flat[i], np.nan, np.inf, -np.inf]))
    return Sample((x,), {"nan": draw(st.sampled_from([0.0, 1.5])),
                         "posinf": draw(st.sampled_from([5.0, 100.0])),
                         "neginf": draw(st.sampled_from([-7.0, 0.0]))})


@st.composite
def meshgrid_sample(draw):
    n = draw(st.integers(1, 3))
    xs = tuple(draw(floats(draw(st.sampled_from([(), (1,), (2,), (3,), (0,)]))))
               for _ in range(n))
    return Sample(xs, {"indexing": draw(st.sampled_from(["ij", "xy"]))})


@st.composite
def tensordot_sample(draw):
    """``a`` (free dims, then the contracted ones, then its axes shuffled) and ``b``
    (contracted, then free), with ``dims`` an int or the two lists."""
    sizes = st.lists(st.integers(0, 3), max_size=2).map(tuple)
    free_a, inner, free_b = draw(sizes), draw(sizes), draw(sizes)
    a = draw(floats(free_a + inner))
    b = draw(floats(inner + free_b))
    if draw(st.booleans()):
        return Sample((a, b), {"dims": len(inner)})
    order = draw(st.permutations(range(a.ndim)))
    a = np.transpose(a, order).copy()
    where = [order.index(len(free_a) + i) for i in range(len(inner))]
    return Sample((a, b), {"dims": (where, list(range(len(inner))))})


def _np_tensordot(a, b, dims):
    return np.asarray(np.tensordot(a, b, axes=dims))


def _mesh_error(make, match):
    return ErrorCase(lambda d: (make(d), {"indexing": "ij"}), RuntimeError, match)


OPS += [
    OpInfo("nan_to_num", tinytorch.nan_to_num, np.nan_to_num, nan_to_num_sample(),
           lambda x, **kw: _torch().nan_to_num(x, **kw)),
    OpInfo("meshgrid", tinytorch.meshgrid,
           lambda *xs, indexing: [g.copy() for g in np.meshgrid(*xs, indexing=indexing)],
           meshgrid_sample(), lambda *xs, indexing: _torch().meshgrid(*xs, indexing=indexing),
           errors=[_mesh_error(lambda d: (_t(2, 2, device=d),), "torch.meshgrid: Expected 0D "
                                                               "or 1D tensor in the tensor list"),
                   _mesh_error(lambda d: (_t(2, device=d),
                                          _t(2, dtype=tinytorch.float64, device=d)),
                               "meshgrid expects all tensors to have the same dtype"),
                   _mesh_error(lambda d: (), "meshgrid expects a non-empty TensorList"),
                   ErrorCase(lambda d: ((_t(2, device=d),), {"indexing": "foo"}), RuntimeError,
                             'torch.meshgrid: indexing must be one of "xy" or "ij", but '
                             "received: foo")]),
    OpInfo("tensordot", tinytorch.tensordot, _np_tensordot, tensordot_sample(),
           lambda a, b, dims: _torch().tensordot(a, b, dims),
           errors=[ErrorCase(lambda d: ((_t(2, 3, device=d), _t(4, 5, device=d)), {"dims": 1}),
                             RuntimeError, "contracted dimensions need to match, but first has "
                                           "size 3 in dim -1 and second has size 4 in dim 0"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d), _t(3, 5, device=d)),
                                        {"dims": -1}), RuntimeError,
                             "tensordot expects dims >= 0, but got dims=-1"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d), _t(3, 5, device=d)), {"dims": 3}),
                             RuntimeError, "tensordot expects dims < ndim_a or ndim_b, but got "
                                           "dims=3")]),
]
