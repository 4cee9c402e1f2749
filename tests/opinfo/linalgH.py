"""Op database entries for ``tinytorch.linalg`` and the top-level linear-algebra names: inv,
det, slogdet, solve, cholesky, norms, products, eigh, qr, svd. Matrices are well conditioned:
M Mᵀ + n I (a row negated for a negative determinant), so float32 and finite differences
agree with the float64 reference."""

import re

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats

_BATCH = st.sampled_from([(), (2,), (1, 2)])


def _torch():
    import torch
    return torch


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
