"""Matrix decomposition and solver kernels written once over ``xp`` (``xp.linalg``).

NOTE [Factorisation info]
PyTorch names the failing matrix and the LAPACK ``info`` in its errors (the first zero pivot of
LU, the order of the first leading minor that is not positive-definite). The factorising
kernels return ``(result, info)``: ``info`` is None when every matrix factorised, else an
int64 NumPy array over the batch (0 = factorised). It is computed only after a failure, which
NumPy reports by raising and CuPy (under ``errstate(linalg="raise")``) likewise.
"""

import contextlib
import math

import numpy


class ArrayLinalgKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def _raising(self):
        """A context in which ``xp.linalg`` raises LinAlgError for a failed factorisation."""
        if self.xp is numpy:
            return contextlib.nullcontext()
        import cupyx  # CUDA backend only: cupy is loaded already
        return cupyx.errstate(linalg="raise")

    def _factorise(self, f, a, info):
        try:
            with self._raising():
                return f(), None
        except numpy.linalg.LinAlgError:
            return None, info(self.to_host(a))

    def _column_major(self, a):
        """a with each matrix in column-major order, as LAPACK leaves its results and PyTorch
        returns them (a copy unless it is so already)."""
        t = self.xp.swapaxes(a, -1, -2)
        return a if t.flags.c_contiguous else self.xp.swapaxes(self.xp.ascontiguousarray(t),
                                                                 -1, -2)

    def inv(self, a):
        return self._factorise(lambda: self._column_major(self.xp.linalg.inv(a)), a, _lu_info)

    def solve(self, a, b):
        return self._factorise(lambda: self._column_major(self.xp.linalg.solve(a, b)), a,
                               _lu_info)

    def cholesky(self, a):
        l, info = self._factorise(lambda: self._column_major(self.xp.linalg.cholesky(a)), a,
                                  _cholesky_info)
        if info is None and l.size:
            # LAPACK's potrf stops at a NaN pivot (info: its order), as PyTorch reports it;
            # NumPy's factorisation runs on and returns NaN from there (the first NaN on L's
            # diagonal, since each later pivot depends on the earlier ones)
            nan = self.xp.isnan(self.xp.diagonal(l, 0, -2, -1))
            if bool(nan.any()):
                info = self.to_host(self.xp.where(nan.any(-1), nan.argmax(-1) + 1, 0))
        return l, info

    def slogdet(self, a):
        sign, logabsdet = self.xp.linalg.slogdet(a)
        return sign, logabsdet

    def eigh(self, a):
        w, v = self.xp.linalg.eigh(a, UPLO="L")
        return w, self._column_major(v)

    def svd(self, a, full_matrices):
        u, s, vh = self.xp.linalg.svd(a, full_matrices=full_matrices)
        return self._column_major(u), s, self._column_major(vh)

    def qr_complete(self, a):
        q, r = self.xp.linalg.qr(a, mode="complete")
        return self._column_major(q), self._column_major(r)

    def geqrf(self, a):
        """LAPACK's geqrf: R above the diagonal, the Householder vectors below it, and tau
        (``qr``'s raw mode, whose matrix is transposed: LAPACK's column-major one)."""
        h, tau = self.xp.linalg.qr(a, mode="raw")
        return self._column_major(self.xp.swapaxes(h, -1, -2)), tau

    def cholesky_solve(self, b, factor, upper):
        """Two triangular solves, each reading the factor's triangle."""
        lower = self.xp.swapaxes(factor, -1, -2) if upper else factor
        y = self.solve_triangular(lower, b, False, False)
        return self.solve_triangular(self.xp.swapaxes(lower, -1, -2), y, True, False)

    def solve_triangular(self, a, b, upper, unitriangular):
        """Substitution, one row of X at a time (vectorised over the batch and B's columns), as
        LAPACK's trsm: a zero on the diagonal gives inf/NaN, never an error."""
        xp, n = self.xp, a.shape[-1]
        x = xp.empty(b.shape, dtype=xp.result_type(a, b))
        with numpy.errstate(divide="ignore", invalid="ignore"):
            for i in (range(n - 1, -1, -1) if upper else range(n)):
                done = slice(i + 1, n) if upper else slice(0, i)
                row = b[..., i, :] - (a[..., i:i + 1, done] @ x[..., done, :])[..., 0, :]
                x[..., i, :] = row if unitriangular else row / a[..., i, i, None]
        return self._column_major(x)

    def lu_factor(self, a):
        lu = a.reshape((math.prod(a.shape[:-2]),) + a.shape[-2:]).copy()  # may be empty
        pivots, info = _getrf(self.xp, lu, 0)
        batch = a.shape[:-2]
        return (self._column_major(lu.reshape(a.shape)),
                pivots.reshape(batch + pivots.shape[-1:]),
                info.astype(numpy.int32).reshape(batch))

    def lu_permutation(self, pivots, m, dtype):
        """P (..., m, m) with A = P L U from getrf's 1-based row interchanges (..., k)."""
        xp = self.xp
        piv = pivots.reshape((math.prod(pivots.shape[:-1]), pivots.shape[-1]))
        piv = piv.astype(numpy.int64) - 1
        rows = xp.arange(piv.shape[0])
        perm = xp.broadcast_to(xp.arange(m), (piv.shape[0], m)).copy()
        for j in range(piv.shape[-1]):
            p = piv[:, j]
            perm[rows, j], perm[rows, p] = perm[rows, p], perm[rows, j].copy()
        eye = xp.eye(m, dtype=self.native_dtype(dtype))
        p = xp.swapaxes(eye[perm], -1, -2).reshape(pivots.shape[:-1] + (m, m))
        return xp.ascontiguousarray(p)  # contiguous, as PyTorch's

    def matrix_exp(self, a):
        """Scaling and squaring with the [13/13] Padé approximant (Higham 2005, the algorithm of
        SciPy's expm): each matrix scaled by 2⁻ˢ to a 1-norm under θ₁₃, then squared s times."""
        xp = self.xp
        norm = xp.abs(a).sum(axis=-2).max(axis=-1, initial=0)
        norm = xp.nan_to_num(norm, nan=0.0, posinf=0.0)  # NaN/inf input: NaN out, unscaled
        s = xp.maximum(0, xp.ceil(xp.log2(xp.maximum(norm / _THETA13, 1))))
        x = _pade13(xp, a * (2.0 ** -s)[..., None, None].astype(a.dtype))
        for i in range(int(s.max(initial=0))):
            x = xp.where((i < s)[..., None, None], x @ x, x)
        return x


def _getrf(xp, lu, tiny):
    """LU with partial pivoting of each matrix of ``lu`` (b, m, n), in place (LAPACK getrf's
    packed L and U): returns the 1-based row interchanges (b, min(m, n)) int32 and getrf's
    ``info``, the 1-based index of the first pivot at or below ``tiny`` (b,) (0: none), whose
    column is left unscaled."""
    b, m, n = lu.shape
    rows = xp.arange(b)
    pivots = xp.empty((b, min(m, n)), dtype=numpy.int32)
    info = xp.zeros(b, dtype=numpy.int64)
    for k in range(min(m, n)):
        p = k + xp.argmax(xp.abs(lu[:, k:, k]), axis=1)
        pivots[:, k] = p + 1
        lu[rows, k], lu[rows, p] = lu[rows, p], lu[rows, k].copy()
        pivot = lu[:, k, k]
        zero = xp.abs(pivot) <= tiny
        info[(info == 0) & zero] = k + 1
        lu[:, k + 1:, k] /= xp.where(zero, 1, pivot)[:, None]
        lu[:, k + 1:, k + 1:] -= lu[:, k + 1:, k, None] * lu[:, k, None, k + 1:]
    return pivots, info


def _lu_info(a):
    """LAPACK getrf's info for each matrix of ``a`` (host), computed after it failed: the
    first pivot of LU with partial pivoting that is zero to rounding (getrf's blocked order of
    operations makes it exactly zero where this one may leave n·eps·max|a|)."""
    lu = numpy.array(a, dtype=numpy.float64).reshape((math.prod(a.shape[:-2]),) + a.shape[-2:])
    tiny = a.shape[-1] * numpy.finfo(a.dtype).eps * numpy.abs(lu).max(axis=(1, 2), initial=0)
    return _getrf(numpy, lu, tiny)[1].reshape(a.shape[:-2])


# Padé [13/13] coefficients and the 1-norm up to which it is exact to float64 rounding
_PADE13 = (64764752532480000., 32382376266240000., 7771770303897600., 1187353796428800.,
           129060195264000., 10559470521600., 670442572800., 33522128640., 1323241920.,
           40840800., 960960., 16380., 182., 1.)
_THETA13 = 5.371920351148152


def _pade13(xp, a):
    """r₁₃(A) = (V - U)⁻¹ (V + U), U the odd and V the even terms of the approximant."""
    c = _PADE13
    eye = xp.eye(a.shape[-1], dtype=a.dtype)
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = a @ (a6 @ (c[13] * a6 + c[11] * a4 + c[9] * a2) + c[7] * a6 + c[5] * a4 + c[3] * a2
             + c[1] * eye)
    v = a6 @ (c[12] * a6 + c[10] * a4 + c[8] * a2) + c[6] * a6 + c[4] * a4 + c[2] * a2 + c[0] * eye
    return xp.linalg.solve(v - u, v + u)


def _cholesky_info(a):
    """LAPACK potrf's info for each matrix of ``a`` (host): the order of the first leading
    minor that is not positive-definite, 0 when all are."""
    m = numpy.asarray(a).reshape((-1,) + a.shape[-2:])
    info = numpy.zeros(m.shape[0], dtype=numpy.int64)
    for i, x in enumerate(m):
        for k in range(1, x.shape[-1] + 1):
            try:
                numpy.linalg.cholesky(x[:k, :k])
            except numpy.linalg.LinAlgError:
                info[i] = k
                break
    return info.reshape(a.shape[:-2])
