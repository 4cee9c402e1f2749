"""Op database entries for the older linear-algebra spellings (torch.cholesky_solve,
torch.cholesky_inverse, torch.triangular_solve, torch.vander), torch.linalg.cond, and the 3-D
LP pooling and max unpooling."""

import math
import re
import warnings

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo.linalgH import _Torch
from tests.opinfo.linalgH import _err
from tests.opinfo.linalgH import _t
from tests.opinfo.linalgH import spd
from tests.opinfo.linalgH import spread
from tests.opinfo.linalgS import triangular
from tests.opinfo.normL import _lp_pool_ref
from tests.opinfo.normL import _max_unpool_ref
from tests.opinfo.normL import lp_pool_sample
from tests.opinfo.normL import max_unpool_sample

F = tinytorch.nn.functional


def _quiet(function):
    """``function`` with the deprecation warnings of the old spellings silenced."""
    def call(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function(*args, **kwargs)
    return call


@st.composite
def cholesky_solve_sample(draw):
    lower = np.linalg.cholesky(draw(spd()))
    upper = draw(st.booleans())
    b = draw(floats(lower.shape[:-1] + (draw(st.integers(1, 3)),)))
    return Sample((b, np.swapaxes(lower, -1, -2) if upper else lower), {"upper": upper})


def _np_cholesky_solve(b, factor, upper=False):
    lower = np.swapaxes(factor, -1, -2) if upper else factor
    return np.linalg.solve(lower @ np.swapaxes(lower, -1, -2), b)


def _np_cholesky_inverse(factor, upper=False):
    eye = np.broadcast_to(np.eye(factor.shape[-1]), factor.shape)
    return _np_cholesky_solve(eye, factor, upper)


@st.composite
def triangular_solve_sample(draw):
    a = draw(triangular())
    b = draw(floats(a.shape[:-1] + (draw(st.integers(1, 3)),)))
    return Sample((b, a), {"upper": draw(st.booleans()), "transpose": draw(st.booleans()),
                           "unitriangular": draw(st.booleans())})


def _np_triangular_solve(b, a, upper=True, transpose=False, unitriangular=False):
    t = np.triu(a) if upper else np.tril(a)
    if unitriangular:
        idx = np.arange(a.shape[-1])
        t[..., idx, idx] = 1.0
    return np.linalg.solve(np.swapaxes(t, -1, -2) if transpose else t, b), a


def _triangular_solve_of(lib):
    return _quiet(lambda b, a, **kw: tuple(lib.triangular_solve(b, a, **kw)))


@st.composite
def vander_sample(draw):
    n = draw(st.integers(1, 4))
    return Sample((draw(floats((n,), -2, 2)),), {"N": draw(st.sampled_from([None, 0, 1, 2, 4])),
                                                 "increasing": draw(st.booleans())})


def _np_vander(x, N=None, increasing=False):
    return np.vander(x, N, increasing)


_SPECTRAL = [None, 2, -2]
_NORMS = [1, -1, math.inf, -math.inf, "fro", "nuc"]


@st.composite
def cond_sample(draw, ords, square):
    m = draw(st.integers(1, 4))
    a = draw(spread(m=m, n=m if square else None))
    return Sample((a,), {"p": draw(st.sampled_from(ords))})


_COND_ERRORS = [
    _err(lambda d: (_t(3, device=d),), RuntimeError,
         "linalg.cond: The input tensor must have at least 2 dimensions."),
    ErrorCase(lambda d: ((_t(3, 3, device=d),), {"p": 3}), RuntimeError,
              re.escape("linalg.cond got an invalid norm type: 3")),
    ErrorCase(lambda d: ((_t(3, 3, device=d),), {"p": "foo"}), RuntimeError,
              re.escape("linalg.cond got an invalid norm type: foo")),
    ErrorCase(lambda d: ((_t(2, 3, device=d),), {"p": 1}), RuntimeError,
              re.escape("linalg.cond(ord=1): A must be batches of square matrices, but they "
                        "are 2 by 3 matrices")),
    ErrorCase(lambda d: ((_t(2, 3, device=d),), {"p": "fro"}), RuntimeError,
              re.escape("linalg.cond(ord=fro): A must be batches of square matrices, but they "
                        "are 2 by 3 matrices")),
]

# PyTorch's cholesky_solve and cholesky_inverse gradients treat the factor as a full matrix
# (its other triangle, which the solve never reads, gets a gradient too): not the derivative,
# so no finite-difference check, gradient parity with PyTorch only (the second derivative's in
# tests/test_spellings.py)
OPS = [
    OpInfo("cholesky_solve", tinytorch.cholesky_solve, _np_cholesky_solve,
           cholesky_solve_sample(), torch_op=lambda *a, **kw: _Torch().cholesky_solve(*a, **kw),
           gradcheck=False, rtol=1e-5, atol=1e-5, errors=[
               _err(lambda d: (_t(3, 2, device=d), _t(3, 3, dtype=tinytorch.float64, device=d)),
                    RuntimeError, "Expected b and A to have the same dtype, but found b of type "
                    "Float and A of type Double instead."),
               _err(lambda d: (_t(3, 2, device=d), _t(2, 2, device=d)), RuntimeError,
                    "Incompatible matrix sizes for cholesky_solve: each A matrix is 2 by 2 but "
                    "each b matrix is 3 by 2")]),
    OpInfo("cholesky_inverse", tinytorch.cholesky_inverse, _np_cholesky_inverse,
           cholesky_solve_sample().map(lambda s: Sample((s.args[1],), s.kwargs)),
           torch_op=lambda *a, **kw: _Torch().cholesky_inverse(*a, **kw), gradcheck=False,
           rtol=1e-5, atol=1e-5, errors=[
               _err(lambda d: (_t(3, 2, device=d),), RuntimeError,
                    "cholesky_inverse: A must be batches of square matrices, but they are 3 by 2 "
                    "matrices"),
               _err(lambda d: (_t(3, device=d),), RuntimeError,
                    "cholesky_inverse: The input tensor A must have at least 2 dimensions.")]),
    OpInfo("triangular_solve", _triangular_solve_of(tinytorch), _np_triangular_solve,
           triangular_solve_sample(), torch_op=_triangular_solve_of(_Torch()), gradgrad=True,
           rtol=1e-5, atol=1e-5, errors=[
               _err(lambda d: (_t(3, 2, device=d), _t(3, 3, dtype=tinytorch.float64, device=d)),
                    RuntimeError, "Expected b and A to have the same dtype, but found b of type "
                    "Float and A of type Double instead.")]),
    # PyTorch's vander has no working gradient (its backward fails on an in-place cumprod), so
    # its values are compared in tests/test_spellings.py
    OpInfo("vander", tinytorch.vander, _np_vander, vander_sample(), gradgrad=True, errors=[
               _err(lambda d: (_t(2, 2, device=d),), RuntimeError,
                    "x must be a one-dimensional tensor."),
               ErrorCase(lambda d: ((_t(2, device=d),), {"N": -1}), RuntimeError,
                         re.escape("N must be non-negative."))]),
    # PyTorch differentiates cond only through the singular values (p None, 2, -2)
    OpInfo("linalg.cond", tinytorch.linalg.cond, lambda a, p=None: np.linalg.cond(a, p),
           cond_sample(_SPECTRAL, square=False),
           torch_op=lambda *a, **kw: _Torch().linalg.cond(*a, **kw), gradgrad=True,
           rtol=1e-5, atol=1e-5, errors=_COND_ERRORS),
    OpInfo("linalg.cond(p=norm)", tinytorch.linalg.cond, lambda a, p=None: np.linalg.cond(a, p),
           cond_sample(_NORMS, square=True), rtol=1e-5, atol=1e-5),
    OpInfo("lp_pool3d", F.lp_pool3d, _lp_pool_ref, lp_pool_sample(3),
           lambda x, *a, **kw: _Torch().nn.functional.lp_pool3d(x, *a, **kw), gradgrad=True),
    OpInfo("max_unpool3d", F.max_unpool3d, _max_unpool_ref(3), max_unpool_sample(3),
           lambda x, i, **kw: _Torch().nn.functional.max_unpool3d(x, i, **kw), gradgrad=True,
           errors=[_err(lambda d: (_t(2, 2, 2, device=d),
                                   tinytorch.zeros(2, 2, 2, dtype=tinytorch.int64, device=d), 2),
                        RuntimeError, "Input to max_unpooling3d should be a 4d or 5d Tensor, but "
                        "got a tensor with 3 dimensions.")]),
]
