"""Op database entries for the triangular solve, LU, lstsq and matrix-function corner of
``tinytorch.linalg``. Matrices are well conditioned, and LU samples are P L U with |L| <= 1/2 and
|diag U| in [1, 2], so partial pivoting picks each pivot with a margin (no finite difference
crosses a change of pivot)."""

import re

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo.linalgH import _AWAY
from tests.opinfo.linalgH import _BATCH
from tests.opinfo.linalgH import _Torch
from tests.opinfo.linalgH import _err
from tests.opinfo.linalgH import _matrix_errors
from tests.opinfo.linalgH import _np_cholesky
from tests.opinfo.linalgH import _np_solve as _np_solve_any
from tests.opinfo.linalgH import _sym
from tests.opinfo.linalgH import _t
from tests.opinfo.linalgH import cholesky_sample
from tests.opinfo.linalgH import invertible
from tests.opinfo.linalgH import solve_sample
from tests.opinfo.linalgH import spread


def _diag_away(draw, shape):
    """Entries of either sign with |x| in [1, 2]."""
    return draw(floats(shape, 1, 2)) * np.where(draw(floats(shape, -1, 1)) < 0, -1, 1)


@st.composite
def triangular(draw, batch=None, n=None):
    """(*, n, n) with |diagonal| in [1, 2] and the rest in [-1/2, 1/2] (both triangles: the
    solve reads one)."""
    batch = draw(_BATCH) if batch is None else batch
    n = draw(st.integers(1, 4)) if n is None else n
    a = draw(floats(batch + (n, n), -0.5, 0.5))
    idx = np.arange(n)
    a[..., idx, idx] = _diag_away(draw, batch + (n,))
    return a


def _system(draw, a):
    """(A, B, left) for ``A X = B`` (``X A = B`` when not left), B's batch dims the same as
    A's or broadcasting against them."""
    n, batch = a.shape[-1], a.shape[:-2]
    left = draw(st.booleans())
    k = draw(st.integers(1, 3))
    if draw(st.booleans()):
        batch = (2,) + (1,) * len(batch)
    return (a, draw(floats(batch + ((n, k) if left else (k, n))))), left


@st.composite
def solve_triangular_sample(draw):
    args, left = _system(draw, draw(triangular()))
    return Sample(args, {"upper": draw(st.booleans()), "left": left,
                         "unitriangular": draw(st.booleans())})


def _np_solve_triangular(a, b, upper, left=True, unitriangular=False):
    t = np.triu(a) if upper else np.tril(a)
    if unitriangular:
        idx = np.arange(a.shape[-1])
        t[..., idx, idx] = 1
    if left:
        return np.linalg.solve(t, b)
    return np.swapaxes(np.linalg.solve(np.swapaxes(t, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)


@st.composite
def plu(draw, square=False):
    """P L U (*, m, n), |L| <= 1/2 below its unit diagonal, |diag U| in [1, 2]."""
    batch, m = draw(_BATCH), draw(st.integers(1, 4))
    n = m if square else draw(st.integers(1, 4))
    k = min(m, n)
    lower = np.tril(draw(floats(batch + (m, k), -0.5, 0.5)), -1) + np.eye(m, k)
    upper = np.triu(draw(floats(batch + (k, n), -1, 1)))
    idx = np.arange(k)
    upper[..., idx, idx] = _diag_away(draw, batch + (k,))
    perm = np.eye(m)[draw(st.permutations(range(m)))]
    return perm @ lower @ upper


def _np_lu(a):
    """getrf by the textbook: LU with partial pivoting, packed, and 1-based int32 pivots."""
    lu = np.array(a, dtype=np.float64).reshape((-1,) + a.shape[-2:])
    m, n = lu.shape[-2:]
    pivots = np.zeros(lu.shape[:1] + (min(m, n),), dtype=np.int32)
    for x, piv in zip(lu, pivots):
        for j in range(min(m, n)):
            p = j + int(np.argmax(np.abs(x[j:, j])))
            piv[j] = p + 1
            x[[j, p]] = x[[p, j]]
            x[j + 1:, j] /= x[j, j]
            x[j + 1:, j + 1:] -= np.outer(x[j + 1:, j], x[j, j + 1:])
    return lu.reshape(a.shape), pivots.reshape(a.shape[:-2] + (min(m, n),))


def _np_unpack(lu, pivots):
    m, n = lu.shape[-2:]
    k = min(m, n)
    perm = np.empty(lu.shape[:-2] + (m, m))
    for i in np.ndindex(lu.shape[:-2]):
        order = np.arange(m)
        for j, p in enumerate(pivots[i] - 1):
            order[[j, p]] = order[[p, j]]
        perm[i] = np.eye(m)[order].T
    return perm, np.tril(lu[..., :k], -1) + np.eye(m, k), np.triu(lu[..., :k, :])


def _np_lu_factor_ex(a):
    lu, pivots = _np_lu(a)
    return lu, pivots, np.zeros(a.shape[:-2], dtype=np.int32)


def _lu_factor_ex_of(lib):
    return lambda a: tuple(lib.linalg.lu_factor_ex(a))


def _lu_of(lib):
    return lambda a: tuple(lib.linalg.lu(a))


def _lu_unpack_of(lib):
    return lambda a: tuple(lib.lu_unpack(*lib.linalg.lu_factor(a)))


@st.composite
def lu_solve_sample(draw):
    args, left = _system(draw, draw(plu(square=True)))
    return Sample(args, {"left": left, "adjoint": draw(st.booleans())})


def _lu_solve_of(lib):
    def f(a, b, **kw):
        return lib.linalg.lu_solve(*lib.linalg.lu_factor(a), b, **kw)
    return f


def _np_lu_solve(a, b, left=True, adjoint=False):
    if adjoint:
        a = np.swapaxes(a, -1, -2)
    return _np_solve(a, b, left)


def _np_solve(a, b, left):
    if left:
        return np.linalg.solve(a, b)
    return np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)


def _singular(d):
    return tinytorch.tensor([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 0.0], [0.0, 0.0]]], device=d)


_ST = "linalg.solve_triangular"


def _not_for(kernel, dtype):
    """PyTorch's refusal of a dtype by a LAPACK kernel, named for the device it runs on."""
    return f"\"{kernel}_(cpu|cuda)\" not implemented for '{dtype}'"
_LU_ZERO = ("U[1,1] is zero and using it on lu_solve would result in a division by zero. If "
            "you still want to perform the factorization, consider calling linalg.lu(A, pivot) "
            "or linalg.lu_factor_ex(A, pivot)")


def _st_err(make_a, make_b, exc, match, **kw):
    return ErrorCase(lambda d: ((make_a(d), make_b(d)), dict({"upper": True}, **kw)), exc,
                     re.escape(match))


def _lu_solve_err(make_lu, pivots, make_b, match):
    return ErrorCase(lambda d: ((make_lu(d), tinytorch.tensor(pivots, dtype=tinytorch.int32,
                                                              device=d), make_b(d)), {}),
                     RuntimeError, re.escape(match))


@st.composite
def packed_lu_sample(draw):
    """(LU, pivots, B): lu_solve on a factorisation given as data."""
    s = draw(lu_solve_sample())
    return Sample(_np_lu(s.args[0]) + (s.args[1],), s.kwargs)


def _np_lu_solve_packed(lu, pivots, b, **kw):
    perm, lower, upper = _np_unpack(lu, pivots)
    return _np_lu_solve(perm @ lower @ upper, b, **kw)


OPS = [
    OpInfo("linalg.solve_triangular", tinytorch.linalg.solve_triangular, _np_solve_triangular,
           solve_triangular_sample(),
           torch_op=lambda a, b, **kw: _Torch().linalg.solve_triangular(a, b, **kw),
           gradgrad=True, rtol=1e-5, atol=1e-5, errors=[
               _st_err(lambda d: _t(3, device=d), lambda d: _t(3, 1, device=d), RuntimeError,
                       f"{_ST}: The input tensor A must have at least 2 dimensions."),
               _st_err(lambda d: _t(3, 3, device=d), lambda d: _t(3, device=d), RuntimeError,
                       f"{_ST}: The input tensor B must have at least 2 dimensions."),
               _st_err(lambda d: _t(2, 3, device=d), lambda d: _t(2, 1, device=d), RuntimeError,
                       f"{_ST}: A must be batches of square matrices, but they are 2 by 3 "
                       "matrices"),
               _st_err(lambda d: _t(3, 3, device=d), lambda d: _t(2, 1, device=d), RuntimeError,
                       f"{_ST}: Incompatible shapes of A and B for the equation AX = B (3x3 and "
                       "2x1)"),
               _st_err(lambda d: _t(3, 3, device=d), lambda d: _t(1, 2, device=d), RuntimeError,
                       f"{_ST}: Incompatible shapes of A and B for the equation XA = B (3x3 and "
                       "1x2)", left=False),
               ErrorCase(lambda d: ((_t(3, 3, dtype=tinytorch.int64, device=d),
                                     _t(3, 1, dtype=tinytorch.int64, device=d)), {"upper": True}),
                         NotImplementedError, _not_for("triangular_solve", "Long"))]),
    OpInfo("linalg.lu_factor", lambda a, **kw: tuple(tinytorch.linalg.lu_factor(a, **kw)), _np_lu,
           plu().map(lambda a: Sample((a,))),
           torch_op=lambda a: tuple(_Torch().linalg.lu_factor(a)), gradgrad=True, rtol=1e-5,
           atol=1e-5, errors=[
               _err(lambda d: (_singular(d),), RuntimeError,
                    f"torch.linalg.lu_factor: (Batch element 1): {_LU_ZERO}"),
               _err(lambda d: (_t(3, device=d),), RuntimeError,
                    "torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: [3] "
                    "instead"),
               ErrorCase(lambda d: ((_t(2, 2, dtype=tinytorch.int64, device=d),), {}),
                         NotImplementedError, _not_for("lu", "Long")),
               ErrorCase(lambda d: ((_t(2, 2, device=d),), {"pivot": False}), RuntimeError,
                         re.escape("linalg.lu_factor: LU without pivoting is not implemented on "
                                   "the CPU"))]),
    OpInfo("linalg.lu_factor_ex", _lu_factor_ex_of(tinytorch), _np_lu_factor_ex,
           plu().map(lambda a: Sample((a,))), torch_op=_lu_factor_ex_of(_Torch()), rtol=1e-5,
           atol=1e-5),
    OpInfo("linalg.lu", _lu_of(tinytorch), lambda a: _np_unpack(*_np_lu(a)),
           plu().map(lambda a: Sample((a,))), torch_op=_lu_of(_Torch()), gradgrad=True,
           rtol=1e-5, atol=1e-5, errors=[
               _err(lambda d: (_t(3, device=d),), RuntimeError,
                    "linalg.lu: Expected tensor with 2 or more dimensions. Got size: [3] "
                    "instead")]),
    OpInfo("lu_unpack", _lu_unpack_of(tinytorch), lambda a: _np_unpack(*_np_lu(a)),
           plu().map(lambda a: Sample((a,))), torch_op=_lu_unpack_of(_Torch()), rtol=1e-5,
           atol=1e-5),
    OpInfo("linalg.lu_solve", _lu_solve_of(tinytorch), _np_lu_solve, lu_solve_sample(),
           torch_op=_lu_solve_of(_Torch()), gradgrad=True, rtol=1e-5, atol=1e-5),
    OpInfo("linalg.lu_solve(LU, pivots, B)", tinytorch.linalg.lu_solve, _np_lu_solve_packed,
           packed_lu_sample(),
           torch_op=lambda *a, **kw: _Torch().linalg.lu_solve(*a, **kw), rtol=1e-5, atol=1e-5,
           errors=[
               _lu_solve_err(lambda d: _t(3, 3, device=d), [1, 2, 3],
                             lambda d: _t(2, 1, device=d),
                             "linalg.lu_solve: Incompatible shapes of A and B for the equation "
                             "AX = B (3x3 and 2x1)"),
               _lu_solve_err(lambda d: _t(3, 3, device=d), [1, 2, 3], lambda d: _t(3, device=d),
                             "linalg.lu_solve: The input tensor B must have at least 2 "
                             "dimensions."),
               _lu_solve_err(lambda d: _t(3, 3, device=d), [1, 2, 3],
                             lambda d: _t(3, 1, dtype=tinytorch.float64, device=d),
                             "linalg.lu_solve: Expected LU and B to have the same dtype, but "
                             "found LU of type Float and B of type Double instead"),
               _lu_solve_err(lambda d: _t(2, 3, device=d), [1, 2], lambda d: _t(2, 1, device=d),
                             "torch.linalg.lu_solve: A must be batches of square matrices, but "
                             "they are 2 by 3 matrices"),
               _lu_solve_err(lambda d: _t(3, 3, device=d), [1, 2], lambda d: _t(3, 1, device=d),
                             "linalg.lu_solve: Number of pivots per batch should be same as the "
                             "dimension of the matrix"),
               ErrorCase(lambda d: ((_t(3, 3, device=d), _t(3, dtype=tinytorch.int64, device=d),
                                     _t(3, 1, device=d)), {}), RuntimeError,
                         re.escape("linalg.lu_solve: pivots should be a Tensor of scalar type "
                                   "torch.int32"))]),
]


# --- lstsq, cross, matrix_exp, householder_product, vander, inv_ex, solve_ex --------------------
@st.composite
def lstsq_sample(draw):
    a = draw(spread())
    m, batch = a.shape[-2], a.shape[:-2]
    b_shape = batch + (m,) if draw(st.booleans()) else batch + (m, draw(st.integers(1, 3)))
    return Sample((a, draw(floats(b_shape))),
                  {"driver": draw(st.sampled_from(["gelsy", "gelsd", "gelss", "gels"]))})


def _np_lstsq(a, b, driver="gelsy"):
    vector = b.ndim == a.ndim - 1
    b2 = b[..., None] if vector else b
    x = np.linalg.pinv(a) @ b2
    m, n = a.shape[-2:]
    empty = np.zeros(0)
    residuals = np.sum((a @ x - b2) ** 2, axis=-2) if driver != "gelsy" and m > n else empty
    rank = np.asarray(np.linalg.matrix_rank(a)) if driver != "gels" else np.zeros(0, np.int64)
    values = np.linalg.svd(a, compute_uv=False) if driver in ("gelsd", "gelss") else empty
    return x[..., 0] if vector else x, residuals, rank, values


def _lstsq_of(lib, fields=4):
    """lstsq's fields; the gradient tests take the first three (singular_values is a float
    output without a gradient, which finite differences would see move)."""
    return lambda a, b, **kw: tuple(lib.linalg.lstsq(a, b, **kw))[:fields]


@st.composite
def cross_sample(draw):
    dim = draw(st.sampled_from([-1, 0, 1]))
    shape = [2, 2]
    shape[dim] = 3
    other = list(shape)
    other[1 - dim % 2] = 1
    return Sample((draw(floats(tuple(shape))), draw(floats(tuple(other)))), {"dim": dim})


@st.composite
def matrix_exp_sample(draw):
    batch, n = draw(_BATCH), draw(st.integers(1, 4))
    return Sample((draw(floats(batch + (n, n), -1, 1)) * draw(st.sampled_from([0.5, 3.0])),))


def _np_matrix_exp(a):
    """exp(A) by its Taylor series, the matrix scaled to a 1-norm under 1/2 and squared back."""
    s = int(max(0, np.ceil(np.log2(max(np.abs(a).sum(-2).max(initial=0) / 0.5, 1)))))
    x = a / 2.0 ** s
    term = out = np.broadcast_to(np.eye(a.shape[-1]), a.shape).copy()
    for k in range(1, 25):
        term = term @ x / k
        out = out + term
    for _ in range(s):
        out = out @ out
    return out


@st.composite
def householder_sample(draw):
    batch, n = draw(_BATCH), draw(st.integers(1, 3))
    m, k = n + draw(st.integers(0, 2)), draw(st.integers(1, n))  # k = 0: PyTorch's output
    # requires grad (its gradient is 0), tinytorch's, the identity, does not
    return Sample((draw(floats(batch + (m, n), -1, 1)), draw(floats(batch + (k,), -1, 1))))


def _np_householder(a, tau):
    m, n = a.shape[-2:]
    v = np.tril(a, -1) + np.eye(m, n)
    q = np.broadcast_to(np.eye(m), a.shape[:-2] + (m, m))
    for i in range(tau.shape[-1]):
        vi = v[..., :, i:i + 1]
        q = q - tau[..., i, None, None] * (q @ vi) @ np.swapaxes(vi, -1, -2)
    return q[..., :n]


@st.composite
def vander_sample(draw):
    # |x| >= 0.2: PyTorch's cumprod-based second derivative underflows to 0 near 0
    x = draw(hnp.arrays(np.float64, draw(st.sampled_from([(3,), (2, 3)])), elements=_AWAY))
    return Sample((x,), {"N": draw(st.sampled_from([None, 2, 4]))})


def _np_vander(x, N=None):
    return x[..., None] ** np.arange(x.shape[-1] if N is None else N)


def _np_inv_ex(a):
    return np.linalg.inv(a), np.zeros(a.shape[:-2], np.int32)


def _inv_ex_of(lib):
    return lambda a, **kw: tuple(lib.linalg.inv_ex(a, **kw))


def _np_solve_ex(a, b, left=True):
    return _np_solve_any(a, b, left), np.zeros(a.shape[:-2], np.int32)


def _solve_ex_of(lib):
    return lambda a, b, **kw: tuple(lib.linalg.solve_ex(a, b, **kw))


def _cholesky_ex_of(lib):
    return _sym(lambda a, **kw: tuple(lib.linalg.cholesky_ex(a, **kw)))


def _np_cholesky_ex(a, upper=False):
    return _np_cholesky(a, upper), np.zeros(a.shape[:-2], np.int32)


_HH = "torch.linalg.householder_product"

OPS += [
    OpInfo("linalg.lstsq singular_values", _lstsq_of(tinytorch), _np_lstsq, lstsq_sample(),
           torch_op=_lstsq_of(_Torch()), grad=False, atol=1e-5),
    OpInfo("linalg.lstsq", _lstsq_of(tinytorch, 3), lambda a, b, **kw: _np_lstsq(a, b, **kw)[:3],
           lstsq_sample(), torch_op=_lstsq_of(_Torch(), 3), gradgrad=True, atol=1e-5, errors=[
               ErrorCase(lambda d: ((_t(4, 3, device=d), _t(3, 1, device=d)), {}), RuntimeError,
                         re.escape("torch.linalg.lstsq: input.size(-2) should match "
                                   "other.size(-2)")),
               ErrorCase(lambda d: ((_t(4, 3, device=d), _t(4, 1, device=d)),
                                    {"driver": "foo"}), RuntimeError,
                         re.escape("torch.linalg.lstsq: parameter `driver` should be one of "
                                   "(gels, gelsy, gelsd, gelss)")),
               _err(lambda d: (_t(4, 3, dtype=tinytorch.float64, device=d), _t(4, 1, device=d)),
                    RuntimeError, "torch.linalg.lstsq: Expected input and other to have the "
                    "same dtype, but got input's dtype Double and other's dtype Float"),
               _err(lambda d: (_t(3, device=d), _t(3, device=d)), RuntimeError,
                    "torch.linalg.lstsq: input must have at least 2 dimensions."),
               _err(lambda d: (_t(4, 3, device=d), _t(2, 4, 1, device=d)), RuntimeError,
                    "torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() "
                    "and (input.dim() - other.dim()) <= 1"),
               _err(lambda d: (_t(3, 3, dtype=tinytorch.int64, device=d),
                               _t(3, 1, dtype=tinytorch.int64, device=d)), RuntimeError,
                    "This function doesn't handle types other than float and double")]),
    OpInfo("linalg.cross", tinytorch.linalg.cross, lambda a, b, dim=-1: np.cross(a, b, axis=dim),
           cross_sample(), torch_op=lambda a, b, **kw: _Torch().linalg.cross(a, b, **kw),
           gradgrad=True, errors=[
               _err(lambda d: (_t(3, device=d), _t(4, device=d)), RuntimeError,
                    "linalg.cross: inputs dimension -1 must have length 3. Got 3 and 4"),
               _err(lambda d: (_t(2, 3, device=d), _t(4, 3, device=d)), RuntimeError,
                    "The size of tensor a (2) must match the size of tensor b (4) at "
                    "non-singleton dimension 0"),
               _err(lambda d: (_t(3, device=d), _t(3, dtype=tinytorch.float64, device=d)),
                    RuntimeError, "expected scalar type Float but found Double"),
               _err(lambda d: (_t(3, dtype=tinytorch.bool, device=d),
                               _t(3, dtype=tinytorch.bool, device=d)), NotImplementedError,
                    "\"cross\" not implemented for 'Bool'"),
               ErrorCase(lambda d: ((_t(3, device=d), _t(3, device=d)), {"dim": 2}), IndexError,
                         re.escape("Dimension out of range (expected to be in range of [-1, 0], "
                                   "but got 2)"))]),
    OpInfo("linalg.matrix_exp", tinytorch.linalg.matrix_exp, _np_matrix_exp,
           matrix_exp_sample(), torch_op=lambda a: _Torch().linalg.matrix_exp(a), gradgrad=True,
           rtol=1e-5, atol=1e-5, errors=_matrix_errors("linalg.matrix_exp")),
    OpInfo("linalg.householder_product", tinytorch.linalg.householder_product, _np_householder,
           householder_sample(),
           torch_op=lambda a, tau: _Torch().linalg.householder_product(a, tau), gradgrad=True,
           errors=[
               _err(lambda d: (_t(3, device=d), _t(1, device=d)), RuntimeError,
                    f"{_HH}: input must have at least 2 dimensions."),
               _err(lambda d: (_t(2, 3, device=d), _t(1, device=d)), RuntimeError,
                    f"{_HH}: input.shape[-2] must be greater than or equal to input.shape[-1]"),
               _err(lambda d: (_t(3, 2, device=d), _t(3, device=d)), RuntimeError,
                    f"{_HH}: input.shape[-1] must be greater than or equal to tau.shape[-1]"),
               _err(lambda d: (_t(3, 2, device=d), _t(2, 2, device=d)), RuntimeError,
                    f"{_HH}: Expected tau to have one dimension less than input, but got "
                    "tau.ndim equal to 2 and input.ndim is equal to 2"),
               _err(lambda d: (_t(2, 3, 2, device=d), _t(3, 2, device=d)), RuntimeError,
                    f"{_HH}: Expected batch dimensions of tau to be equal to input.shape[:-2], "
                    "but got [3]"),
               _err(lambda d: (_t(3, 2, device=d), _t(2, dtype=tinytorch.float64, device=d)),
                    RuntimeError, f"{_HH}: tau dtype Double does not match input dtype Float"),
               ErrorCase(lambda d: ((_t(3, 2, dtype=tinytorch.int64, device=d),
                                     _t(2, dtype=tinytorch.int64, device=d)), {}),
                         NotImplementedError, _not_for("orgqr", "Long"))]),
    OpInfo("linalg.vander", tinytorch.linalg.vander, _np_vander, vander_sample(),
           torch_op=lambda x, **kw: _Torch().linalg.vander(x, **kw), gradgrad=True, errors=[
               ErrorCase(lambda d: ((_t(2, device=d),), {"N": 1}), RuntimeError,
                         re.escape("N must be greater than 1.")),
               _err(lambda d: (_t(2, dtype=tinytorch.bool, device=d),), RuntimeError,
                    "linalg.vander supports floating point, complex, and integer tensors, but "
                    "got Bool")]),
    OpInfo("linalg.inv_ex", _inv_ex_of(tinytorch), _np_inv_ex, invertible(),
           torch_op=_inv_ex_of(_Torch()), gradgrad=True, rtol=1e-5, atol=1e-5, errors=[
               ErrorCase(lambda d: ((_singular(d),), {"check_errors": True}),
                         tinytorch.linalg.LinAlgError,
                         re.escape("linalg.inv_ex: (Batch element 1): The diagonal element 1 is "
                                   "zero, the inversion could not be completed because the "
                                   "input matrix is singular."))]),
    OpInfo("linalg.cholesky_ex", _cholesky_ex_of(tinytorch), _np_cholesky_ex, cholesky_sample(),
           torch_op=_cholesky_ex_of(_Torch()), gradgrad=True, errors=[
               ErrorCase(lambda d: ((tinytorch.tensor([[1.0, 2.0], [2.0, 1.0]], device=d),),
                                    {"check_errors": True}), tinytorch.linalg.LinAlgError,
                         re.escape("linalg.cholesky_ex: The factorization could not be completed "
                                   "because the input is not positive-definite (the leading "
                                   "minor of order 2 is not positive-definite)."))]),
    OpInfo("linalg.solve_ex", _solve_ex_of(tinytorch), _np_solve_ex, solve_sample(),
           torch_op=_solve_ex_of(_Torch()), gradgrad=True, rtol=1e-5, atol=1e-5, errors=[
               ErrorCase(lambda d: ((_singular(d), _t(2, device=d)), {"check_errors": True}),
                         tinytorch.linalg.LinAlgError,
                         re.escape("torch.linalg.solve_ex: (Batch element 1): The solver failed "
                                   "because the input matrix is singular."))]),
]


def _geqrf_qr_of(lib):
    """Q and R from geqrf's reflectors (through householder_product) and its upper triangle."""
    def f(a):
        x, tau = lib.geqrf(a)
        return lib.linalg.householder_product(x, tau), lib.triu(x)[..., :a.shape[-1], :]
    return f


OPS += [
    OpInfo("geqrf", _geqrf_qr_of(tinytorch), lambda a: np.linalg.qr(a),
           st.integers(1, 3).flatmap(lambda n: spread(m=n + 1, n=n)).map(lambda a: Sample((a,))),
           torch_op=_geqrf_qr_of(_Torch()), grad=False, atol=1e-5, errors=[
               _err(lambda d: (_t(3, device=d),), RuntimeError,
                    "torch.geqrf: input must have at least 2 dimensions."),
               ErrorCase(lambda d: ((_t(2, 2, dtype=tinytorch.int64, device=d),), {}),
                         NotImplementedError, _not_for("geqrf", "Long"))]),
]
