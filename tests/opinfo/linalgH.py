"""Op database entries for ``tinytorch.linalg`` and the top-level linear-algebra names: inv,
det, slogdet, solve, cholesky, norms, products, eigh, qr, svd. Matrices are well conditioned:
M Mᵀ + n I (a row negated for a negative determinant), so float32 and finite differences
agree with the float64 reference."""

import math
import re

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats

_BATCH = st.sampled_from([(), (2,), (1, 2)])


def _torch():
    import torch
    return torch


class _Torch:
    """torch, imported when first used (the parity tests skip without it)."""

    def __getattr__(self, name):
        import torch
        return getattr(torch, name)


def _t(*shape, dtype=None, device="cpu"):
    return tinytorch.ones(*shape, dtype=dtype, device=device)


def _err(make, exc, match):
    """An ErrorCase whose args are built by ``make(device)`` with no kwargs."""
    return ErrorCase(lambda d: (make(d), {}), exc, re.escape(match))


@st.composite
def spd(draw, batch=None, n=None):
    """A symmetric positive-definite (*, n, n): M Mᵀ + n I."""
    batch = draw(_BATCH) if batch is None else batch
    n = draw(st.integers(1, 4)) if n is None else n
    m = draw(floats(batch + (n, n), -1, 1))
    return m @ np.swapaxes(m, -1, -2) + n * np.eye(n)


@st.composite
def invertible(draw):
    """SPD with its first row negated when drawn: det of either sign, well conditioned."""
    a = draw(spd())
    if draw(st.booleans()):
        a[..., 0, :] *= -1
    return Sample((a,))


@st.composite
def solve_sample(draw):
    a = draw(invertible()).args[0]
    n, batch = a.shape[-1], a.shape[:-2]
    left = draw(st.booleans())
    kind = draw(st.sampled_from(["matrix", "vector", "broadcast"]))
    k = draw(st.integers(1, 3))
    if kind == "vector" and left:
        b_shape = batch + (n,)
    elif kind == "broadcast":
        b_shape = (3,) + (1,) * len(batch) + ((n, k) if left else (k, n))
    else:
        b_shape = batch + ((n, k) if left else (k, n))
    return Sample((a, draw(floats(b_shape))), {"left": left})


def _np_solve(a, b, left=True):
    if not left:
        return np.swapaxes(_np_solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)
    if b.ndim == a.ndim - 1:
        return np.linalg.solve(a, b[..., None])[..., 0]
    return np.linalg.solve(a, b)


def _sym(lib_cholesky):
    """The factor of (A + Aᵀ)/2: a function of every entry, as finite differences need (the
    factorisation itself reads only the lower triangle)."""
    def f(a, **kw):
        if a.ndim >= 2 and a.dtype.is_floating_point and a.shape[-1] == a.shape[-2]:
            a = (a + a.mT) / 2
        return lib_cholesky(a, **kw)
    return f


@st.composite
def cholesky_sample(draw):
    return Sample((draw(spd()),), {"upper": draw(st.booleans())})


def _np_cholesky(a, upper=False):
    lower = np.linalg.cholesky(a)
    return np.swapaxes(lower, -1, -2) if upper else lower


def _np_logdet(a):
    sign, logabsdet = np.linalg.slogdet(a)
    return np.where(sign < 0, np.nan, logabsdet)


_SQUARE = "A must be batches of square matrices, but they are 2 by 3 matrices"
_INT = "Expected a floating point or complex tensor as input. Got Long"


def _matrix_errors(op, *extra):
    """The dims, squareness and dtype errors every square-matrix function shares."""
    return [
        _err(lambda d: (_t(3, device=d), *extra), RuntimeError,
             f"{op}: The input tensor A must have at least 2 dimensions."),
        _err(lambda d: (_t(2, 3, device=d), *extra), RuntimeError, f"{op}: {_SQUARE}"),
        _err(lambda d: (_t(2, 2, dtype=tinytorch.int64, device=d), *extra), RuntimeError,
             f"{op}: {_INT}"),
    ]


def _singular(d):
    return tinytorch.tensor([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 0.0], [0.0, 1.0]]], device=d)


OPS = [
    OpInfo("linalg.inv", tinytorch.linalg.inv, np.linalg.inv, invertible(),
           torch_op=lambda a: _torch().linalg.inv(a), gradgrad=True, rtol=1e-5, atol=1e-6,
           errors=_matrix_errors("linalg.inv") + [
               _err(lambda d: (_singular(d),), tinytorch.linalg.LinAlgError,
                    "linalg.inv: (Batch element 1): The diagonal element 1 is zero, the "
                    "inversion could not be completed because the input matrix is singular."),
               _err(lambda d: (tinytorch.eye(2, dtype=tinytorch.float16, device=d),),
                    RuntimeError, "linalg.inv: Low precision dtypes not supported. Got Half")]),
    OpInfo("inverse", tinytorch.inverse, np.linalg.inv, invertible(),
           torch_op=lambda a: _torch().inverse(a)),
    OpInfo("linalg.det", tinytorch.linalg.det, np.linalg.det, invertible(),
           torch_op=lambda a: _torch().linalg.det(a), gradgrad=True,
           errors=_matrix_errors("linalg.det")),
    OpInfo("det", tinytorch.det, np.linalg.det, invertible(),
           torch_op=lambda a: _torch().det(a)),
    OpInfo("linalg.slogdet", tinytorch.linalg.slogdet, np.linalg.slogdet, invertible(),
           torch_op=lambda a: _torch().linalg.slogdet(a), gradgrad=True,
           errors=_matrix_errors("linalg.slogdet")),
    OpInfo("slogdet", tinytorch.slogdet, np.linalg.slogdet, invertible(),
           torch_op=lambda a: _torch().slogdet(a)),
    OpInfo("logdet", tinytorch.logdet, _np_logdet, invertible(),
           torch_op=lambda a: _torch().logdet(a), gradgrad=True),
    OpInfo("linalg.solve", tinytorch.linalg.solve, _np_solve, solve_sample(),
           torch_op=lambda a, b, **kw: _torch().linalg.solve(a, b, **kw), gradgrad=True,
           errors=[
               _err(lambda d: (_singular(d), _t(2, device=d)), tinytorch.linalg.LinAlgError,
                    "torch.linalg.solve: (Batch element 1): The solver failed because the "
                    "input matrix is singular."),
               _err(lambda d: (_t(3, 3, device=d), _t(4, device=d)), RuntimeError,
                    "linalg.solve: Incompatible shapes of A and B for the equation AX = B "
                    "(3x3 and 4x1)"),
               _err(lambda d: (_t(3, 3, device=d), _t(3, dtype=tinytorch.float64, device=d)),
                    RuntimeError, "linalg.solve: Expected A and B to have the same dtype, but "
                    "found A of type Float and B of type Double instead"),
               _err(lambda d: (_t(3, 3, device=d), tinytorch.tensor(1.0, device=d)),
                    RuntimeError,
                    "linalg.solve: The input tensor B must have at least 2 dimensions."),
               _err(lambda d: (_t(2, 3, device=d), _t(2, device=d)), RuntimeError,
                    f"linalg.solve: {_SQUARE}")]),
    OpInfo("linalg.cholesky", _sym(tinytorch.linalg.cholesky), _np_cholesky, cholesky_sample(),
           torch_op=_sym(lambda a, **kw: _torch().linalg.cholesky(a, **kw)), gradgrad=True,
           errors=_matrix_errors("linalg.cholesky") + [
               _err(lambda d: (tinytorch.tensor([[1.0, 2.0], [2.0, 1.0]], device=d),),
                    tinytorch.linalg.LinAlgError,
                    "linalg.cholesky: The factorization could not be completed because the "
                    "input is not positive-definite (the leading minor of order 2 is not "
                    "positive-definite).")]),
]


# --- norms ------------------------------------------------------------------------------------
_AWAY = st.tuples(st.booleans(), st.floats(0.2, 3.0)).map(lambda t: t[1] if t[0] else -t[1])


def _distinct(shape):
    """Values with |v| in [0.2, 3] and distinct |v| (no ties at max/min, no kink at 0)."""
    return hnp.arrays(np.float64, shape, elements=_AWAY, unique=True).filter(
        lambda a: len(np.unique(np.abs(a))) == a.size)


@st.composite
def vector_norm_sample(draw):
    shape = draw(st.sampled_from([(3,), (2, 3), (2, 1, 3)]))
    dim = draw(st.sampled_from([None, -1, 0] + ([(0, -1)] if len(shape) > 1 else [])))
    return Sample((draw(_distinct(shape)),), {"ord": draw(st.sampled_from(
        [2, 1, 3, 0.5, math.inf, -math.inf])), "dim": dim, "keepdim": draw(st.booleans())})


def _np_vector_norm(x, ord=2, dim=None, keepdim=False):
    axis = tuple(range(x.ndim)) if dim is None else dim if isinstance(dim, tuple) else (dim,)
    a = np.abs(x)
    if math.isinf(ord):
        return (np.max if ord > 0 else np.min)(a, axis=axis, keepdims=keepdim)
    return np.sum(a ** ord, axis=axis, keepdims=keepdim) ** (1 / ord)


def _rounded(a):
    """No tiny entries, no -0.0: the signs LAPACK's Householder reflections take from them agree
    between float32 and float64."""
    return np.round(a, 3) + 0.0


@st.composite
def spread(draw, batch=None, m=None, n=None, symmetric=False):
    """(*, m, n) = Q₁ diag(s) Q₂ᵀ, s spread over [1, k + 1] with gaps of at least 0.5 (distinct
    singular values, condition number <= 5); ``symmetric``: Q diag(±s) Qᵀ (distinct
    eigenvalues of either sign)."""
    batch = draw(_BATCH) if batch is None else batch
    m = draw(st.integers(1, 4)) if m is None else m
    n = (m if symmetric else draw(st.integers(1, 4))) if n is None else n
    k = min(m, n)
    q1 = np.linalg.qr(_rounded(draw(floats(batch + (m, m), -1, 1))) + 2 * np.eye(m))[0]
    q2 = q1 if symmetric else np.linalg.qr(_rounded(draw(floats(batch + (n, n), -1, 1)))
                                           + 2 * np.eye(n))[0]
    s = np.arange(1, k + 1) + draw(floats(batch + (k,), 0, 0.5))
    if symmetric:
        s = s - (k + 1) / 2 + 0.25  # both signs, never 0
    return (q1[..., :, :k] * s[..., None, :]) @ np.swapaxes(q2[..., :, :k], -1, -2)


@st.composite
def matrix_norm_sample(draw):
    a = draw(spread())
    if draw(st.booleans()):  # entries of distinct size: no ties among row and column sums
        a = a + draw(_distinct(a.shape)) / 8
    ord = draw(st.sampled_from(["fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf]))
    if ord in (1, -1, math.inf, -math.inf):  # sums of |a|: no entry on the kink at 0, where
        a = np.where(np.abs(a) < 0.125, 0.25, a)  # finite differences straddle it
    return Sample((a,), {"ord": ord, "keepdim": draw(st.booleans())})


def _np_matrix_norm(a, ord="fro", keepdim=False):
    out = np.linalg.norm(a, ord, axis=(-2, -1), keepdims=keepdim)
    return out


@st.composite
def norm_sample(draw):
    kind = draw(st.sampled_from(["vector", "matrix", "flat"]))
    if kind == "vector":
        s = draw(vector_norm_sample())
        dim = s.kwargs["dim"]  # a 2-tuple would make it a matrix norm
        kw = dict(s.kwargs, dim=-1 if dim is None or isinstance(dim, tuple) else dim)
        return Sample(s.args, kw)
    if kind == "matrix":
        s = draw(matrix_norm_sample())
        return Sample(s.args, dict(s.kwargs, dim=(-2, -1)))
    return Sample((draw(_distinct((2, 3))),), {})


def _np_norm(x, ord=None, dim=None, keepdim=False):
    if dim is None:
        return np.sqrt(np.sum(x * x))
    if isinstance(dim, tuple) and len(dim) == 2:
        return _np_matrix_norm(x, "fro" if ord is None else ord, keepdim)
    return _np_vector_norm(x, 2 if ord is None else ord, dim, keepdim)


_NORM_ERRORS = [
    ErrorCase(lambda d: ((_t(3, dtype=tinytorch.int64, device=d),), {}), RuntimeError,
              re.escape("linalg.vector_norm: Expected a floating point or complex tensor as "
                        "input. Got Long")),
    ErrorCase(lambda d: ((_t(3, device=d),), {"ord": "fro"}), TypeError,
              re.escape("linalg_vector_norm(): argument 'ord' must be Number, not str")),
    ErrorCase(lambda d: ((_t(3, dtype=tinytorch.float64, device=d),),
                         {"dtype": tinytorch.float32}), RuntimeError,
              re.escape("linalg.vector_norm: the dtype of the input (Double) should be "
                        "convertible without narrowing to the specified dtype (Float)")),
    ErrorCase(lambda d: ((_t(3, device=d),), {"dtype": tinytorch.int64}), RuntimeError,
              re.escape("linalg.vector_norm: dtype should be floating point or complex, but got "
                        "Long")),
]
_MATRIX_NORM_ERRORS = [
    ErrorCase(lambda d: ((_t(3, device=d),), {}), RuntimeError, re.escape(
        "linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")),
    ErrorCase(lambda d: ((_t(3, 3, device=d),), {"ord": 3}), RuntimeError,
              re.escape("linalg.matrix_norm: Order 3 not supported.")),
    ErrorCase(lambda d: ((_t(3, 3, device=d),), {"dim": (0, 0)}), RuntimeError,
              re.escape("linalg.matrix_norm: dims must be different. Got (0, 0)")),
    ErrorCase(lambda d: ((_t(3, 3, device=d),), {"dim": 0}), RuntimeError,
              re.escape("linalg.matrix_norm: dim must be a 2-tuple. Got 0")),
]


def _vector_norm_of(lib):
    return lambda x, **kw: lib.linalg.vector_norm(x, **kw)


def _matrix_norm_of(lib):
    return lambda a, **kw: lib.linalg.matrix_norm(a, **kw)


def _norm_of(lib):
    return lambda a, **kw: lib.linalg.norm(a, **kw)


OPS += [
    OpInfo("linalg.vector_norm", _vector_norm_of(tinytorch), _np_vector_norm,
           vector_norm_sample(), torch_op=_vector_norm_of(_Torch()), gradgrad=True,
           errors=_NORM_ERRORS),
    OpInfo("linalg.matrix_norm", _matrix_norm_of(tinytorch), _np_matrix_norm,
           matrix_norm_sample(), torch_op=_matrix_norm_of(_Torch()), gradgrad=True,
           errors=_MATRIX_NORM_ERRORS),
    OpInfo("linalg.norm", _norm_of(tinytorch), _np_norm, norm_sample(),
           torch_op=_norm_of(_Torch()), gradgrad=True, errors=[
               ErrorCase(lambda d: ((_t(2, 2, 2, device=d),), {"ord": 2}), RuntimeError,
                         re.escape("linalg.norm: If dim is not specified but ord is, the input "
                                   "must be 1D or 2D. Got 3D."))]),
]


# --- products ---------------------------------------------------------------------------------
@st.composite
def mv_sample(draw):
    n, m = draw(st.integers(0, 4)), draw(st.integers(0, 4))
    return Sample((draw(floats((n, m))), draw(floats((m,)))))


@st.composite
def inner_sample(draw):
    k = draw(st.integers(1, 3))
    a = draw(st.sampled_from([(), (2,), (3, 2)]))
    b = draw(st.sampled_from([(), (4,), (1, 2)]))
    if not a or not b:
        return Sample((draw(floats(a + ((k,) if a else ()))), draw(floats(b + ((k,) if b else ())))))
    return Sample((draw(floats(a + (k,))), draw(floats(b + (k,)))))


@st.composite
def addr_sample(draw):
    n, m = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    shape = draw(st.sampled_from([(n, m), (m,), (1, m), ()]))
    return Sample((draw(floats(shape)), draw(floats((n,))), draw(floats((m,)))),
                  {"beta": draw(st.sampled_from([1, 0.5, 0])), "alpha": draw(st.sampled_from([1, 2.0]))})


@st.composite
def addbmm_sample(draw):
    b, n, m, p = (draw(st.integers(1, 3)) for _ in range(4))
    return Sample((draw(floats((n, p))), draw(floats((b, n, m))), draw(floats((b, m, p)))),
                  {"beta": draw(st.sampled_from([1, 0.5])), "alpha": draw(st.sampled_from([1, -1.5]))})


@st.composite
def multi_dot_sample(draw):
    sizes = [draw(st.integers(1, 3)) for _ in range(draw(st.integers(3, 5)))]
    mats = [draw(floats((a, b))) for a, b in zip(sizes, sizes[1:])]
    if draw(st.booleans()):
        mats[0] = mats[0][0]
    if draw(st.booleans()):
        mats[-1] = mats[-1][:, 0]
    return Sample(tuple(mats))


def _np_multi_dot(*mats):
    return np.linalg.multi_dot(list(mats))


@st.composite
def vecdot_sample(draw):
    s = draw(st.sampled_from([((2, 3), (3,)), ((2, 1, 3), (4, 3)), ((3,), (3,))]))
    return Sample((draw(floats(s[0])), draw(floats(s[1]))), {"dim": -1})


@st.composite
def matrix_power_sample(draw):
    a = draw(invertible()).args[0] / draw(st.sampled_from([1, 2]))
    return Sample((a / a.shape[-1],), {"n": draw(st.integers(-2, 3))})


def _np_matrix_power(a, n):
    return np.linalg.matrix_power(a, n) if a.ndim == 2 else np.stack(
        [_np_matrix_power(x, n) for x in a])


OPS += [
    OpInfo("mv", tinytorch.mv, np.matmul, mv_sample(), torch_op=lambda a, b: _torch().mv(a, b),
           gradgrad=True, errors=[
               _err(lambda d: (_t(3, 3, device=d), _t(2, device=d)), RuntimeError,
                    "size mismatch, got input (3), mat (3x3), vec (2)"),
               _err(lambda d: (_t(3, device=d), _t(3, device=d)), RuntimeError,
                    "vector + matrix @ vector expected, got 1, 1, 1")]),
    OpInfo("inner", tinytorch.inner, np.inner, inner_sample(),
           torch_op=lambda a, b: _torch().inner(a, b), gradgrad=True, errors=[
               _err(lambda d: (_t(3, 3, device=d), _t(2, device=d)), RuntimeError,
                    "inner() the last dimension must match on both input tensors but got "
                    "shapes [3, 3] and [2]")]),
    OpInfo("ger", tinytorch.ger, np.outer, mv_sample().map(
        lambda s: Sample((s.args[1], s.args[1][::-1].copy()))),
           torch_op=lambda a, b: _torch().ger(a, b), gradgrad=True),
    OpInfo("addr", tinytorch.addr,
           lambda x, a, b, beta=1, alpha=1: (beta * x if beta else 0) + alpha * np.outer(a, b),
           addr_sample(), torch_op=lambda *a, **kw: _torch().addr(*a, **kw), gradgrad=True,
           errors=[
               _err(lambda d: (_t(2, 3, device=d), _t(2, 2, device=d), _t(3, device=d)),
                    RuntimeError, "addr: Expected 1-D argument vec1, but got 2-D"),
               ErrorCase(lambda d: ((_t(2, 3, dtype=tinytorch.int64, device=d),
                                     _t(2, dtype=tinytorch.int64, device=d),
                                     _t(3, dtype=tinytorch.int64, device=d)), {"alpha": 1.5}),
                         RuntimeError, re.escape("For integral input tensors, argument alpha "
                                                 "must not be a floating point number."))]),
    OpInfo("addbmm", tinytorch.addbmm,
           lambda x, a, b, beta=1, alpha=1: beta * x + alpha * np.matmul(a, b).sum(0),
           addbmm_sample(), torch_op=lambda *a, **kw: _torch().addbmm(*a, **kw), gradgrad=True),
    OpInfo("linalg.multi_dot", lambda *m: tinytorch.linalg.multi_dot(m), _np_multi_dot,
           multi_dot_sample(), torch_op=lambda *m: _torch().linalg.multi_dot(m), gradgrad=True,
           errors=[
               _err(lambda d: (_t(3, device=d),), RuntimeError,
                    "multi_dot(): expected at least 2 tensors but got 1"),
               _err(lambda d: (_t(2, 3, device=d), _t(2, 3, device=d)), RuntimeError,
                    "multi_dot(): tensors 0 and 1 with shapes [2, 3] and [2, 3] cannot be "
                    "multiplied"),
               _err(lambda d: (_t(2, 3, device=d), _t(3, 2, 3, device=d), _t(3, device=d)),
                    RuntimeError, "multi_dot(): tensor 1 must be 2D but got 3D"),
               _err(lambda d: (_t(2, 3, device=d), _t(3, 2, dtype=tinytorch.float64, device=d)),
                    RuntimeError, "multi_dot(): all tensors must have be the same dtype but "
                    "tensor 0 is float and tensor 1 double")]),
    OpInfo("linalg.vecdot", lambda x, y, **kw: tinytorch.linalg.vecdot(x, y, **kw),
           lambda x, y, dim=-1: np.sum(x * y, axis=dim), vecdot_sample(),
           torch_op=lambda x, y, **kw: _torch().linalg.vecdot(x, y, **kw), gradgrad=True),
    OpInfo("linalg.matrix_power", tinytorch.linalg.matrix_power, _np_matrix_power,
           matrix_power_sample(), torch_op=lambda a, n: _torch().linalg.matrix_power(a, n),
           gradgrad=True, errors=[
               _err(lambda d: (_t(2, 3, device=d), 2), RuntimeError,
                    f"linalg.matrix_power: {_SQUARE}"),
               _err(lambda d: (_t(2, 2, device=d), 1.5), TypeError,
                    "linalg_matrix_power(): argument 'n' (position 2) must be int, not float")]),
]


# --- eigh, qr, svd, pinv, matrix_rank -------------------------------------------------------
# Eigen- and singular vectors are fixed up to sign only (LAPACK's choices differ between float32
# and float64, NumPy and PyTorch): the entries compared are their squares.
@st.composite
def eigh_sample(draw):
    return Sample((draw(spread(symmetric=True)),), {"UPLO": draw(st.sampled_from(["L", "U"]))})


def _eigh_of(lib):
    def f(a, **kw):
        w, v = lib.linalg.eigh(_symmetrised(a), **kw)
        return w, v * v
    return f


def _symmetrised(a):
    if a.ndim >= 2 and a.dtype.is_floating_point and a.shape[-1] == a.shape[-2]:
        return (a + a.mT) / 2
    return a


def _np_eigh(a, UPLO="L"):
    w, v = np.linalg.eigh(a, UPLO=UPLO)
    return w, v * v


@st.composite
def qr_sample(draw):
    batch, m, n = draw(_BATCH), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    a = draw(spread(batch, m, min(m, n)))  # a wide A: its leading square block well conditioned
    if n > m:
        a = np.concatenate([a, _rounded(draw(floats(batch + (m, n - m))))], -1)
    # no exact zeros below the diagonal: LAPACK skips the reflection of a column that has them,
    # and the factors (R's signs) jump as an entry crosses 0
    a = a + 0.05 * (1 + np.arange(a.shape[-1]))
    # complete mode of a tall matrix has no gradient: tests/_ops/test_linalg.py
    modes = ["reduced"] + ["complete"] * (a.shape[-2] <= a.shape[-1])
    return Sample((a,), {"mode": draw(st.sampled_from(modes))})


def _np_qr(a, mode="reduced"):
    return np.linalg.qr(a, mode=mode)


def _qr_of(lib):
    return lambda a, **kw: tuple(lib.linalg.qr(a, **kw))


@st.composite
def svd_sample(draw):
    return Sample((draw(spread()),), {"full_matrices": draw(st.booleans())})


def _svd_of(lib):
    def f(a, full_matrices=True):
        u, s, vh = lib.linalg.svd(a, full_matrices=full_matrices)
        k = s.shape[-1]
        u, vh = u[..., :k], vh[..., :k, :]
        return u * u, s, vh * vh
    return f


def _np_svd(a, full_matrices=True):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return u * u, s, vh * vh


def _legacy_svd_of(lib):
    def f(a, some=True):
        u, s, v = lib.svd(a, some=some)
        k = s.shape[-1]
        return u[..., :k] * u[..., :k], s, v[..., :k] * v[..., :k]
    return f


def _np_legacy_svd(a, some=True):
    u, s, vh = _np_svd(a)
    return u, s, np.swapaxes(vh, -1, -2)


@st.composite
def pinv_sample(draw):
    hermitian = draw(st.booleans())
    return Sample((draw(spread(symmetric=hermitian)),), {"hermitian": hermitian})


def _pinv_of(lib):
    return lambda a, hermitian=False: lib.linalg.pinv(
        _symmetrised(a) if hermitian else a, hermitian=hermitian)


@st.composite
def rank_sample(draw):
    batch, m, n, r = draw(_BATCH), draw(st.integers(1, 4)), draw(st.integers(1, 4)), None
    r = draw(st.integers(0, min(m, n)))
    return Sample((draw(spread(batch, m, r)) @ draw(spread(batch, r, n)) if r else
                   np.zeros(batch + (m, n)),))


OPS += [
    OpInfo("linalg.eigh", _eigh_of(tinytorch), _np_eigh, eigh_sample(),
           torch_op=_eigh_of(_Torch()), gradgrad=True, atol=1e-5, errors=[
               ErrorCase(lambda d: ((_t(2, 2, device=d),), {"UPLO": "X"}), RuntimeError,
                         re.escape("Expected UPLO argument to be 'L' or 'U', but got X")),
               _err(lambda d: (_t(2, 3, device=d),), RuntimeError, f"linalg.eigh: {_SQUARE}")]),
    OpInfo("linalg.eigvalsh", lambda a, **kw: tinytorch.linalg.eigvalsh(_symmetrised(a), **kw),
           lambda a, UPLO="L": np.linalg.eigvalsh(a, UPLO=UPLO), eigh_sample(),
           torch_op=lambda a, **kw: _torch().linalg.eigvalsh(_symmetrised(a), **kw),
           gradgrad=True),
    OpInfo("linalg.qr", _qr_of(tinytorch), _np_qr, qr_sample(), torch_op=_qr_of(_Torch()),
           gradgrad=True, atol=1e-5, errors=[
               ErrorCase(lambda d: ((_t(2, 2, device=d),), {"mode": "x"}), RuntimeError,
                         re.escape("qr received unrecognized mode 'x' but expected one of "
                                   "'reduced' (default), 'r', or 'complete'")),
               _err(lambda d: (_t(3, device=d),), RuntimeError,
                    "linalg.qr: The input tensor A must have at least 2 dimensions."),
               _err(lambda d: (_t(2, 3, dtype=tinytorch.int64, device=d),), RuntimeError,
                    f"linalg.qr: {_INT}")]),
    OpInfo("linalg.svd", _svd_of(tinytorch), _np_svd, svd_sample(), torch_op=_svd_of(_Torch()),
           gradgrad=True, atol=1e-5, errors=[
               _err(lambda d: (_t(3, device=d),), RuntimeError,
                    "linalg.svd: The input tensor A must have at least 2 dimensions.")]),
    OpInfo("svd", _legacy_svd_of(tinytorch), _np_legacy_svd, svd_sample().map(
        lambda s: Sample(s.args, {"some": s.kwargs["full_matrices"]})),
           torch_op=_legacy_svd_of(_Torch()), atol=1e-5),
    OpInfo("linalg.svdvals", tinytorch.linalg.svdvals,
           lambda a: np.linalg.svd(a, compute_uv=False), spread().map(lambda a: Sample((a,))),
           torch_op=lambda a: _torch().linalg.svdvals(a), gradgrad=True),
    OpInfo("linalg.pinv", _pinv_of(tinytorch),
           lambda a, hermitian=False: np.linalg.pinv(a, hermitian=hermitian), pinv_sample(),
           torch_op=_pinv_of(_Torch()), gradgrad=True, atol=1e-5, errors=[
               _err(lambda d: (_t(3, device=d),), RuntimeError,
                    "linalg.pinv(Float{[3]}): expected a tensor with 2 or more dimensions of "
                    "float, double, cfloat or cdouble types")]),
    OpInfo("pinverse", tinytorch.pinverse, np.linalg.pinv, spread().map(lambda a: Sample((a,))),
           torch_op=lambda a: _torch().pinverse(a)),
    OpInfo("linalg.matrix_rank", tinytorch.linalg.matrix_rank,
           lambda a: np.asarray(np.linalg.matrix_rank(a)), rank_sample(),
           torch_op=lambda a: _torch().linalg.matrix_rank(a), grad=False),
]
