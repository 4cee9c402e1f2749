"""Matrix decomposition and solver kernels written once over ``xp`` (``xp.linalg``).

NOTE [Factorisation info]
PyTorch names the failing matrix and the LAPACK ``info`` in its errors (the first zero pivot of
LU, the order of the first leading minor that is not positive-definite). The factorising
kernels return ``(result, info)``: ``info`` is None when every matrix factorised, else an
int64 NumPy array over the batch (0 = factorised). It is computed only after a failure, which
NumPy reports by raising and CuPy (under ``errstate(linalg="raise")``) likewise.
"""

import contextlib

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

    def inv(self, a):
        return self._factorise(lambda: self.xp.linalg.inv(a), a, _lu_info)

    def solve(self, a, b):
        return self._factorise(lambda: self.xp.linalg.solve(a, b), a, _lu_info)

    def cholesky(self, a):
        return self._factorise(lambda: self.xp.linalg.cholesky(a), a, _cholesky_info)

    def slogdet(self, a):
        sign, logabsdet = self.xp.linalg.slogdet(a)
        return sign, logabsdet

    def eigh(self, a):
        w, v = self.xp.linalg.eigh(a, UPLO="L")
        return w, v

    def svd(self, a, full_matrices):
        u, s, vh = self.xp.linalg.svd(a, full_matrices=full_matrices)
        return u, s, vh

    def qr_complete(self, a):
        q, r = self.xp.linalg.qr(a, mode="complete")
        return q, r


def _lu_info(a):
    """LAPACK getrf's info for each matrix of ``a`` (host), computed after it failed: the
    1-based index of the first pivot of LU with partial pivoting that is zero to rounding
    (getrf's blocked order of operations makes it exactly zero where this one may leave
    n·eps·max|a|), 0 when there is none."""
    lu = numpy.array(a, dtype=numpy.float64).reshape((-1,) + a.shape[-2:])
    info = numpy.zeros(lu.shape[0], dtype=numpy.int64)
    rows = numpy.arange(lu.shape[0])
    n = lu.shape[-1]
    tiny = n * numpy.finfo(a.dtype).eps * numpy.abs(lu).max(axis=(1, 2), initial=0)
    for k in range(n):
        p = k + numpy.argmax(numpy.abs(lu[:, k:, k]), axis=1)
        lu[rows, k], lu[rows, p] = lu[rows, p], lu[rows, k].copy()
        pivot = lu[:, k, k]
        zero = numpy.abs(pivot) <= tiny
        info[(info == 0) & zero] = k + 1
        factors = lu[:, k + 1:, k] / numpy.where(zero, 1, pivot)[:, None]
        lu[:, k + 1:, k + 1:] -= factors[:, :, None] * lu[:, k, None, k + 1:]
    return info.reshape(a.shape[:-2])


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
