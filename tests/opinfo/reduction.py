"""Op database entries for reductions and linear algebra."""

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import bool_refused
from tests.opinfo import floats
from tests.opinfo import shapes
from tests.opinfo.core import array


def _torch():
    import torch
    return torch


def _t(*shape, dtype=None, device="cpu"):
    return tinytorch.ones(*shape, dtype=dtype, device=device)


def _dim_error(method, *extra):
    """dim 5 of a 2-D tensor: IndexError with PyTorch's wording."""
    return ErrorCase(lambda d: ((_t(2, 3, device=d), *extra), {"dim": 5}), IndexError,
                     r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 5\)")


@st.composite
def reduce_sample(draw, min_side=0, min_dims=0, elements=None, unique=False, tuples=True,
                  allow_none=True, keepdim=True, low=-3.0, high=3.0):
    """An array and a ``dim`` (None, int, negative int or tuple) plus ``keepdim``."""
    shape = draw(shapes(min_dims, 3, min_side))
    if elements is None:  # rounded: no tiny values that float32 would flush to 0
        elements = st.floats(low, high, allow_subnormal=False).map(lambda v: round(v, 3))
    x = draw(array(shape, elements, unique=unique))
    n = max(x.ndim, 1)
    choices = [st.integers(-n, n - 1)]
    if allow_none:
        choices.append(st.none())
    if tuples and x.ndim:
        choices.append(st.lists(st.integers(0, x.ndim - 1), min_size=1, max_size=x.ndim,
                                unique=True).map(tuple))
    kwargs = {"dim": draw(st.one_of(*choices))}
    if keepdim:
        kwargs["keepdim"] = draw(st.booleans())
    return Sample((x,), kwargs)


def _axis(x, dim):
    """NumPy's axis for a torch ``dim`` (a 0-d tensor accepts 0 and -1 as "all")."""
    return None if x.ndim == 0 else dim


def _np_reduce(fn):
    def ref(x, dim=None, keepdim=False, **kw):
        return np.asarray(fn(x, axis=_axis(x, dim), keepdims=keepdim, **kw))
    return ref


def _method(name):
    """``x.<name>(**kwargs)`` for tinytorch and torch alike."""
    return lambda x, **kw: getattr(x, name)(**kw)


def _np_var(x, dim=None, keepdim=False, correction=1):
    return np.asarray(np.var(x, axis=_axis(x, dim), keepdims=keepdim, ddof=correction))


def _np_std(x, dim=None, keepdim=False, correction=1):
    return np.sqrt(_np_var(x, dim, keepdim, correction))


_ROUNDED = st.floats(-3, 3).map(lambda v: round(v, 2))


@st.composite
def tie_sample(draw):
    """Exactly two tied maxima along the reduced dim: gradcheck's central difference then
    agrees with PyTorch's even split (0.5 each)."""
    x = draw(array((draw(st.integers(1, 3)), 3), st.floats(-3, -0.5).map(lambda v: round(v, 2))))
    x[:, 1] = x[:, 2] = 1.0
    return Sample((x,), {"dim": 1, "keepdim": draw(st.booleans())})


@st.composite
def var_sample(draw):
    s = draw(reduce_sample(min_side=2, min_dims=1, unique=True))
    s.kwargs["correction"] = draw(st.sampled_from([0, 1]))
    return s


@st.composite
def prod_sample(draw):
    s = draw(reduce_sample(tuples=False, low=-2, high=2))
    if s.kwargs["dim"] is None:  # torch's prod has no keepdim without a dim
        del s.kwargs["dim"], s.kwargs["keepdim"]
    if draw(st.booleans()):  # zeros: the exclusive-product gradient path
        s.args[0].reshape(-1)[: s.args[0].size // 2] = 0.0
    return s


def _np_prod(x, dim=None, keepdim=False):
    return np.asarray(np.prod(x, axis=_axis(x, dim), keepdims=keepdim))


@st.composite
def max_dim_sample(draw):
    """Distinct values (ties would make the first-index gradient ambiguous) and one dim."""
    s = draw(reduce_sample(min_side=1, unique=True, tuples=False, allow_none=False))
    return s


def _np_max_dim(kind):
    def ref(x, dim, keepdim=False):
        axis = _axis(x, dim)
        values = (np.amax if kind == "max" else np.amin)(x, axis=axis, keepdims=keepdim)
        idx = (np.argmax if kind == "max" else np.argmin)(x, axis=axis, keepdims=keepdim)
        return np.asarray(values), np.asarray(idx)
    return ref


def _np_arg(kind):
    def ref(x, dim=None, keepdim=False):
        fn = np.argmax if kind == "max" else np.argmin
        if dim is None and keepdim:
            return np.asarray(fn(x)).reshape((1,) * x.ndim)
        return np.asarray(fn(x, axis=_axis(x, dim), keepdims=keepdim))
    return ref


@st.composite
def sort_sample(draw, topk=False):
    """Distinct values (ties would let PyTorch's unstable sort pick either index), one dim,
    ``descending`` (or, for topk, ``k`` and ``largest``)."""
    s = draw(reduce_sample(tuples=False, allow_none=False, keepdim=False, unique=True))
    x, dim = s.args[0], s.kwargs["dim"]
    if topk:
        s.kwargs["k"] = draw(st.integers(0, x.shape[dim] if x.ndim else 1))
        s.kwargs["largest"] = draw(st.booleans())
    else:
        s.kwargs["descending"] = draw(st.booleans())
    return s


def _np_sort(x, dim=-1, descending=False):
    if x.ndim == 0:
        return x.copy(), np.zeros((), np.int64)
    idx = np.argsort(-x if descending else x, axis=dim, kind="stable")
    return np.take_along_axis(x, idx, dim), idx


def _np_topk(x, k, dim=-1, largest=True):
    values, idx = _np_sort(x, dim, largest)
    if x.ndim == 0:
        return values, idx
    return (np.take(values, np.arange(k), axis=dim), np.take(idx, np.arange(k), axis=dim))


def _np_logsumexp(x, dim, keepdim=False):
    axis = _axis(x, dim)
    m = np.amax(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdim else np.asarray(np.squeeze(out, axis=axis))


@st.composite
def cumsum_sample(draw):
    x = draw(floats(draw(shapes(0, 3, 0))))
    n = max(x.ndim, 1)
    return Sample((x,), {"dim": draw(st.integers(-n, n - 1))})


def _np_cumsum(x, dim):
    return np.cumsum(x, axis=dim) if x.ndim else x.copy()


@st.composite
def norm_sample(draw):
    p = draw(st.sampled_from(["fro", 2, 1, 3, 0.5, -1.5, float("inf"), -float("inf")]))
    kinked = p in (0.5, -1.5, float("inf"), -float("inf"))
    # p < 1 is singular at 0 and inf norms tie on |x|: keep values distinct and away from 0.
    # (A zero under p < 0: tests/_ops/test_api_forms.py.)
    elements = st.floats(0.1, 3).map(lambda v: round(v, 3)) if kinked else None
    s = draw(reduce_sample(min_side=1 if kinked else 0, elements=elements, unique=kinked))
    dim = s.kwargs["dim"]
    s.kwargs["p"] = 2 if p == "fro" and isinstance(dim, tuple) and len(dim) > 2 else p
    return s


def _np_norm(x, p="fro", dim=None, keepdim=False):
    axis = _axis(x, dim)
    a = np.abs(x)
    p = 2 if p == "fro" else p
    if np.isinf(p):
        return np.asarray((np.amax if p > 0 else np.amin)(a, axis=axis, keepdims=keepdim))
    return np.asarray(np.sum(a ** p, axis=axis, keepdims=keepdim) ** (1 / p))


@st.composite
def bool_reduce_sample(draw):
    s = draw(reduce_sample())
    return Sample((np.asarray(s.args[0] > 0),), s.kwargs)


@st.composite
def matrices(draw, kind):
    n, k, m, b = (draw(st.integers(0, 4)) for _ in range(4))
    shape_a, shape_b = {"mm": ((n, k), (k, m)), "bmm": ((b, n, k), (b, k, m)),
                        "dot": ((k,), (k,)), "outer": ((n,), (m,))}[kind]
    return Sample((draw(floats(shape_a)), draw(floats(shape_b))))


@st.composite
def matmul_pair(draw):
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))
    batch_a = draw(st.sampled_from([(), (2,), (3, 1)]))
    batch_b = draw(st.sampled_from([(), (1,), (4, 1, 1)])) if batch_a else ()
    kind = draw(st.sampled_from(["mm", "vec-mat", "mat-vec", "vec-vec", "batched"]))
    a_shape = {"mm": (n, k), "vec-mat": (k,), "mat-vec": batch_a + (n, k), "vec-vec": (k,),
               "batched": batch_a + (n, k)}[kind]
    b_shape = {"mm": (k, m), "vec-mat": batch_a + (k, m), "mat-vec": (k,), "vec-vec": (k,),
               "batched": batch_b + (k, m)}[kind]
    return Sample((draw(floats(a_shape)), draw(floats(b_shape))))


_EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]), ("ij->", [(2, 3)]), ("ij->ji", [(2, 3)]), ("i,j->ij", [(3,), (4,)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]), ("...ij,...jk->...ik", [(2, 1, 2, 3), (5, 3, 4)]),
    ("i...->...", [(2, 3, 4)]), ("...", [(2, 3)]), ("iij->j", [(3, 3, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 1)]), ("ij,jk", [(2, 3), (1, 4)]),
    ("ba,ab", [(3, 2), (2, 3)]), ("i,i", [(0,), (0,)]), ("bi,bi->b", [(4, 3), (4, 3)]),
    ("iji->ji", [(3, 2, 3)]), ("ijij->ji", [(2, 3, 2, 3)]),
]


@st.composite
def einsum_sample(draw):
    eq, shapes_ = draw(st.sampled_from(_EINSUM_CASES))
    return Sample(tuple(draw(floats(s)) for s in shapes_), {"equation": eq})


def _einsum_error(eq, shapes_, match):
    return ErrorCase(lambda d: (tuple(_t(*s, device=d) for s in shapes_), {"equation": eq}),
                     RuntimeError, match)


def _mm_error(a, b, match):
    return ErrorCase(lambda d: ((_t(*a, device=d), _t(*b, device=d)), {}), RuntimeError, match)


REDUCTIONS = [
    OpInfo("sum", _method("sum"), _np_reduce(np.sum), reduce_sample(), _method("sum"),
           errors=[_dim_error(_method("sum"))]),
    OpInfo("mean", _method("mean"), _np_reduce(np.mean), reduce_sample(min_side=1),
           _method("mean"),
           errors=[ErrorCase(lambda d: ((tinytorch.arange(3, device=d),), {}), RuntimeError,
                             "mean.*could not infer output dtype.*Got: Long"),
                   _dim_error(_method("mean"))]),
    OpInfo("prod", _method("prod"), _np_prod, prod_sample(), _method("prod"),
           errors=[_dim_error(_method("prod"))]),
    OpInfo("var", _method("var"), _np_var, var_sample(), _method("var"),
           errors=[ErrorCase(lambda d: ((tinytorch.arange(3, device=d),), {}), RuntimeError,
                             "std and var only support floating point")]),
    OpInfo("std", _method("std"), _np_std, var_sample(), _method("std")),
    OpInfo("var_unbiased", lambda x, **kw: x.var(0, False), lambda x: _np_var(x, 0, False, 0),
           st.builds(lambda x: Sample((x,)), floats((3, 2))), lambda x: x.var(0, False)),
    OpInfo("max", lambda x: x.max(), lambda x: np.asarray(np.amax(x)),
           st.builds(lambda s: Sample(s.args), reduce_sample(min_side=1, unique=True)),
           lambda x: x.max(),
           errors=[ErrorCase(lambda d: ((_t(0, device=d),), {}), RuntimeError,
                             "Expected reduction dim to be specified for input.numel\\(\\) == 0")]),
    OpInfo("min", lambda x: x.min(), lambda x: np.asarray(np.amin(x)),
           st.builds(lambda s: Sample(s.args), reduce_sample(min_side=1, unique=True)),
           lambda x: x.min()),
    OpInfo("max_dim", _method("max"), _np_max_dim("max"), max_dim_sample(), _method("max"),
           errors=[_dim_error(_method("max")),
                   ErrorCase(lambda d: ((_t(0, 3, device=d),), {"dim": 0}), IndexError,
                             "Expected reduction dim 0 to have non-zero size")]),
    OpInfo("min_dim", _method("min"), _np_max_dim("min"), max_dim_sample(), _method("min")),
    OpInfo("max_binary", lambda a, b: tinytorch.max(a, b), np.maximum,
           st.builds(lambda a, b: Sample((a, b)), array((2, 3), _ROUNDED), array((3,), _ROUNDED)),
           lambda a, b: _torch().max(a, b), gradgrad=False),  # ties: a kink
    OpInfo("amax", _method("amax"), _np_reduce(np.amax), reduce_sample(min_side=1, unique=True),
           _method("amax")),
    OpInfo("amin", _method("amin"), _np_reduce(np.amin), reduce_sample(min_side=1, unique=True),
           _method("amin")),
    OpInfo("amax_ties", _method("amax"), _np_reduce(np.amax), tie_sample(), _method("amax"),
           gradgrad=False),  # ties: second-order finite differences fail there
    OpInfo("argmax", _method("argmax"), _np_arg("max"),
           reduce_sample(min_side=1, tuples=False), _method("argmax"), grad=False,
           errors=[_dim_error(_method("argmax")),
                   bool_refused("argmax", exc=RuntimeError,
                                match=r"argmax\(\): does not support bool input")]),
    OpInfo("argmin", _method("argmin"), _np_arg("min"),
           reduce_sample(min_side=1, tuples=False), _method("argmin"), grad=False,
           errors=[bool_refused("argmin", exc=RuntimeError,
                                match=r"argmin\(\): does not support bool input")]),
    OpInfo("sort", lambda x, **kw: tuple(x.sort(**kw)), _np_sort, sort_sample(),
           lambda x, **kw: tuple(x.sort(**kw)), errors=[_dim_error(_method("sort"))]),
    OpInfo("argsort", _method("argsort"), lambda x, **kw: _np_sort(x, **kw)[1], sort_sample(),
           _method("argsort"), grad=False, errors=[_dim_error(_method("argsort"))]),
    OpInfo("msort", tinytorch.msort, lambda x: _np_sort(x, 0)[0],
           st.builds(lambda s: Sample(s.args), sort_sample()), lambda x: _torch().msort(x)),
    OpInfo("topk", lambda x, **kw: tuple(x.topk(**kw)), _np_topk, sort_sample(topk=True),
           lambda x, **kw: tuple(x.topk(**kw)),
           errors=[ErrorCase(lambda d: ((_t(2, 3, device=d),), {"k": 4}), RuntimeError,
                             "selected index k out of range"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d),), {"k": -1}), RuntimeError,
                             "selected index k out of range"),
                   ErrorCase(lambda d: ((_t(2, 3, device=d),), {"k": 1, "dim": 5}),
                             IndexError, r"Dimension out of range \(expected to be in range "
                                         r"of \[-2, 1\], but got 5\)"),
                   bool_refused("topk", exc=RuntimeError, match="topk does not support bool "
                                "dtypes on (CPU|CUDA)", k=1)]),
    OpInfo("logsumexp", _method("logsumexp"), _np_logsumexp,
           reduce_sample(min_side=1, allow_none=False, low=-30, high=30), _method("logsumexp")),
    OpInfo("cumsum", _method("cumsum"), _np_cumsum, cumsum_sample(), _method("cumsum"),
           errors=[_dim_error(_method("cumsum"))]),
    OpInfo("norm", _method("norm"), _np_norm, norm_sample(), _method("norm"),
           errors=[ErrorCase(lambda d: ((tinytorch.arange(3, device=d),), {}), RuntimeError,
                             "Expected a floating point or complex tensor as input. Got Long"),
                   ErrorCase(lambda d: ((_t(2, 2, 2, device=d),), {"dim": (0, 1, 2)}),
                             RuntimeError, "dim must be a 2-tuple")],
           gradgrad=False),  # at 0 PyTorch's second derivative is NaN, tinytorch's 0
    OpInfo("all", _method("all"), _np_reduce(np.all), bool_reduce_sample(), _method("all"),
           grad=False),
    OpInfo("any", _method("any"), _np_reduce(np.any), reduce_sample(), _method("any"),
           grad=False),
]

LINALG = [
    OpInfo("matmul", lambda a, b: a @ b, np.matmul, matmul_pair(), lambda a, b: a @ b,
           errors=[bool_refused("addmm_impl", n=2),
                   _mm_error((2, 3), (4, 5), r"shapes cannot be multiplied \(2x3 and "
                                                       r"4x5\)"),
                   _mm_error((2, 3), (2,), r"size mismatch, got input \(2\), mat "
                                                     r"\(2x3\), vec \(2\)"),
                   _mm_error((5, 2, 3), (4, 3, 2),
                             r"size of tensor a \(5\) must match the size of tensor b \(4\)")]),
    OpInfo("mm", tinytorch.mm, np.matmul, matrices("mm"), lambda a, b: _torch().mm(a, b),
           errors=[ErrorCase(lambda d: ((_t(2, 3, device=d), _t(4, 5, device=d)), {}),
                             RuntimeError, r"shapes cannot be multiplied \(2x3 and 4x5\)"),
                   ErrorCase(lambda d: ((_t(3, device=d), _t(3, 5, device=d)), {}),
                             RuntimeError, "self must be a matrix")]),
    OpInfo("bmm", tinytorch.bmm, np.matmul, matrices("bmm"), lambda a, b: _torch().bmm(a, b),
           errors=[ErrorCase(lambda d: ((_t(2, 3, 4, device=d), _t(3, 4, 5, device=d)), {}),
                             RuntimeError, r"batch2 tensor to be: \[2, 4\] but got: \[3, 4\]"),
                   ErrorCase(lambda d: ((_t(3, 4, device=d), _t(2, 4, 5, device=d)), {}),
                             RuntimeError, "batch1 must be a 3D tensor")]),
    OpInfo("dot", tinytorch.dot, np.dot, matrices("dot"), lambda a, b: _torch().dot(a, b),
           errors=[ErrorCase(lambda d: ((_t(3, device=d), _t(4, device=d)), {}), RuntimeError,
                             r"expected tensor \[3\] and src \[4\]"),
                   ErrorCase(lambda d: ((_t(3, 1, device=d), _t(3, device=d)), {}),
                             RuntimeError, "1D tensors expected, but got 2D and 1D tensors")]),
    OpInfo("outer", tinytorch.outer, np.outer, matrices("outer"),
           lambda a, b: _torch().outer(a, b),
           errors=[ErrorCase(lambda d: ((_t(3, 1, device=d), _t(3, device=d)), {}),
                             RuntimeError, "Expected 1-D argument self, but got 2-D")]),
    OpInfo("einsum", lambda *xs, equation: tinytorch.einsum(equation, *xs),
           lambda *xs, equation: np.asarray(np.einsum(equation, *xs)), einsum_sample(),
           lambda *xs, equation: _torch().einsum(equation, *xs),
           errors=[_einsum_error("ij,jk", [(2, 3), (4, 5)],
                                 "subscript j has size 4 for operand 1 which does not broadcast "
                                 "with previously seen size 3"),
                   _einsum_error("ij,jk", [(2, 3)], "fewer operands were provided"),
                   _einsum_error("ij", [(2, 3, 4)], r"number of subscripts in the equation "
                                                    r"\(2\) does not match the number of "
                                                    r"dimensions \(3\)"),
                   _einsum_error("ij->k", [(2, 3)], "output subscript k does not appear"),
                   _einsum_error("ii->i", [(2, 3)], "subscript i is repeated for operand 0 but "
                                                    "the sizes don't match, 3 != 2")]),
]

OPS = REDUCTIONS + LINALG
