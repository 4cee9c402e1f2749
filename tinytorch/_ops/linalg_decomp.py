"""Differentiable matrix functions over the factorising kernels: inv, det, slogdet, solve,
cholesky, eigh, qr, svd (``torch.linalg``'s maths; the public wrappers are in
``tinytorch/_ops/linalg_api.py``)."""

from tinytorch import _dtype
from tinytorch._ops._op import Op


class LinAlgError(RuntimeError):
    """Raised when a matrix cannot be factorised (singular, not positive-definite); a
    ``RuntimeError`` as PyTorch's ``torch.linalg.LinAlgError``.

    >>> try:
    ...     tinytorch.linalg.inv(tinytorch.zeros(2, 2))
    ... except tinytorch.linalg.LinAlgError as e:
    ...     print(str(e).split(",")[0])
    linalg.inv: The diagonal element 1 is zero
    """


def _mT(be, x):
    axes = list(range(x.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return be.transpose(x, tuple(axes))


def _raise_info(info, batched, message):
    """LinAlgError for the first failed matrix; see NOTE [Factorisation info]."""
    flat = info.reshape(-1)
    i = next((k for k, v in enumerate(flat) if v), 0)  # none found: the first, pivot 1
    prefix = f"(Batch element {i}): " if batched else ""
    raise LinAlgError(message(prefix, max(int(flat[i]), 1)))


def _inv_message(prefix, k):
    return (f"linalg.inv: {prefix}The diagonal element {k} is zero, the inversion could not be "
            "completed because the input matrix is singular.")


def _solve_message(prefix, k):
    return (f"torch.linalg.solve: {prefix}The solver failed because the input matrix is "
            "singular.")


def _cholesky_message(prefix, k):
    return (f"linalg.cholesky: {prefix}The factorization could not be completed because the "
            f"input is not positive-definite (the leading minor of order {k} is not "
            "positive-definite).")


def _inverse(be, a):
    x, info = be.inv(a)
    if info is not None:
        _raise_info(info, a.ndim > 2, _inv_message)
    return x


def _diag(be, x):
    """The diagonals (..., n) of matrices (..., n, n)."""
    return be.einsum("...ii->...i", x)


def _diag_embed(be, v):
    """Diagonal matrices (..., n, n) from vectors (..., n)."""
    n = v.shape[-1]
    return be.einsum("...i,ij->...ij", v, be.eye(n, n, _dtype.from_native(v.dtype)))


def _scale(be, g, x):
    """Each matrix of x (..., m, n) times its scalar of g (...)."""
    return be.einsum("...,...ij->...ij", g, x)


def _columns(be, x, start, stop):
    return be.getitem(x, (Ellipsis, slice(start, stop)))


def _rows(be, x, start, stop):
    return be.getitem(x, (Ellipsis, slice(start, stop), slice(None)))


class Inv(Op):
    """X = A⁻¹.  dL/dA = -Xᵀ G Xᵀ."""

    node_name = "LinalgInvExBackward0"

    @staticmethod
    def forward(ctx, a):
        x = _inverse(ctx.backend, a)
        ctx.save_for_backward(x)
        return x

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        xt = _mT(be, x)
        return be.neg(be.matmul(be.matmul(xt, g), xt))


class SlogDet(Op):
    """(sign, log|det A|).  dL/dA = g_logabsdet A⁻ᵀ; sign is piecewise constant (its gradient
    0), yet requires grad and is kept, as PyTorch's."""

    node_name = "LinalgSlogdetBackward0"

    @staticmethod
    def forward(ctx, a):
        sign, logabsdet = ctx.backend.slogdet(a)
        ctx.save_for_backward(a, sign)
        return sign, logabsdet

    @staticmethod
    def backward(ctx, g_sign, g_logabsdet):
        be = ctx.backend
        a, _ = ctx.saved_tensors
        inv, info = be.inv(a)
        if info is None:
            return _scale(be, g_logabsdet, _mT(be, inv))
        # a singular matrix: A⁻ᵀ = cof(A) / det A, inf or NaN where det A = 0, as PyTorch's
        sign, logabsdet = be.slogdet(a)
        # a zero incoming gradient (only sign used: PyTorch's undefined one) gives 0, not NaN
        factor = be.where(be.ne(g_logabsdet, 0),
                          be.div(g_logabsdet, be.mul(sign, be.exp(logabsdet))), 0.0)
        # a product, not _scale's einsum, whose inf * 0 NumPy would report from its own module
        return be.mul(be.expand_dims(be.expand_dims(factor, -1), -1), _cofactors(be, a))


class Det(Op):
    """d = det A = sign · exp(log|det A|).  dL/dA = g d A⁻ᵀ (A invertible)."""

    node_name = "LinalgDetBackward0"

    @staticmethod
    def forward(ctx, a):
        be = ctx.backend
        sign, logabsdet = be.slogdet(a)
        d = be.mul(sign, be.exp(logabsdet))
        ctx.save_for_backward(a, d)
        return d

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, d = ctx.saved_tensors
        inv, info = be.inv(a)
        if info is None:
            return _scale(be, be.mul(g, d), _mT(be, inv))
        return _scale(be, g, _cofactors(be, a))  # d A⁻ᵀ is cof(A), also where A is singular


def _cofactors(be, a):
    """The cofactor matrices cof(A) = det(A) A⁻ᵀ of (..., n, n) matrices, also singular ones,
    from the SVD A = U diag(s) Vᵀ: det(U) det(V) U diag(∏_{j≠i} s_j) Vᵀ (PyTorch's det
    backward takes this route where A is not invertible)."""
    u, s, vh = be.svd(a, False)
    ones = be.ones_like(be.getitem(s, (Ellipsis, slice(None, 1))))
    before = be.cumprod(be.concatenate([ones, be.getitem(s, (Ellipsis, slice(None, -1)))], -1),
                        -1)
    after = be.flip(be.cumprod(be.flip(
        be.concatenate([be.getitem(s, (Ellipsis, slice(1, None))), ones], -1), (-1,)), -1),
        (-1,))
    orientation = be.mul(be.slogdet(u)[0], be.slogdet(vh)[0])  # ±1 each
    return _scale(be, orientation, be.matmul(be.mul(u, be.expand_dims(
        be.mul(before, after), -2)), vh))


class Solve(Op):
    """X = A⁻¹ B (A, B of one batch shape, B (..., n, k)).  dL/dB = A⁻ᵀ G, dL/dA = -dL/dB Xᵀ."""

    node_name = "LinalgSolveExBackward0"

    @staticmethod
    def forward(ctx, a, b):
        x, info = ctx.backend.solve(a, b)
        if info is not None:
            _raise_info(info, a.ndim > 2, _solve_message)
        ctx.save_for_backward(a, x)
        return x

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, x = ctx.saved_tensors
        gb, _ = be.solve(_mT(be, a), g)
        ga = be.neg(be.matmul(gb, _mT(be, x))) if ctx.needs_input_grad[0] else None
        return ga, gb


class Cholesky(Op):
    """L = chol(A), A = L Lᵀ.  dL/dA = sym(L⁻ᵀ Φ(Lᵀ G) L⁻¹), Φ = the lower triangle with the
    diagonal halved, sym(M) = (M + Mᵀ)/2."""

    node_name = "LinalgCholeskyExBackward0"  # PyTorch's linalg.cholesky is cholesky_ex's L

    @staticmethod
    def forward(ctx, a):
        l, info = ctx.backend.cholesky(a)
        if info is not None:
            _raise_info(info, a.ndim > 2, _cholesky_message)
        ctx.save_for_backward(l)
        return l

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (l,) = ctx.saved_tensors
        phi = be.tril(be.matmul(_mT(be, l), g), 0)
        phi = be.sub(phi, be.mul(0.5, _diag_embed(be, _diag(be, phi))))
        l_inv = _inverse(be, l)
        ga = be.matmul(be.matmul(_mT(be, l_inv), phi), l_inv)
        return be.mul(0.5, be.add(ga, _mT(be, ga)))


def _solve(be, a, b):
    """A⁻¹ B for an upper triangular A (a decomposition's R): LAPACK's solve, or, where some
    R is singular, substitution, whose inf and NaN are PyTorch's (its triangular solve)."""
    x, info = be.solve(a, b)
    return x if info is None else be.solve_triangular(a, b, True, False)


def _off_diagonal_reciprocal(be, e):
    """1 / e off the diagonal, 0 on it (e's diagonal holds the zero differences)."""
    n = e.shape[-1]
    eye = be.eye(n, n, _dtype.from_native(e.dtype))
    return be.mul(be.sub(1, eye), be.div(1, be.add(e, eye)))


class Eigh(Op):
    """A = V diag(w) Vᵀ (A's lower triangle).  dL/dA = sym(V (diag(g_w) + F ∘ Vᵀ g_V) Vᵀ),
    F_ij = 1 / (w_j - w_i) off the diagonal (distinct eigenvalues), sym(M) = (M + Mᵀ)/2: the
    gradient on symmetric matrices, as PyTorch's."""

    node_name = "LinalgEighBackward0"

    @staticmethod
    def forward(ctx, a):
        w, v = ctx.backend.eigh(a)
        ctx.save_for_backward(w, v)
        return w, v

    @staticmethod
    def backward(ctx, g_w, g_v):
        be = ctx.backend
        w, v = ctx.saved_tensors
        e = be.sub(be.expand_dims(w, -2), be.expand_dims(w, -1))
        inner = be.mul(_off_diagonal_reciprocal(be, e), be.matmul(_mT(be, v), g_v))
        inner = be.add(inner, _diag_embed(be, g_w))
        ga = be.matmul(be.matmul(v, inner), _mT(be, v))
        return be.mul(0.5, be.add(ga, _mT(be, ga)))


class Svd(Op):
    """A = U diag(S) Vh, reduced (k = min(m, n)).  dL/dA = U [J S + diag(g_S) + S K] Vh
    + (I - U Uᵀ) g_U S⁻¹ Vh + U S⁻¹ g_Vh (I - Vhᵀ Vh): J = F ∘ (Uᵀ g_U - g_Uᵀ U),
    K = F ∘ (Vh g_Vhᵀ - g_Vh Vhᵀ), F_ij = 1 / (S_j² - S_i²) (distinct singular values)."""

    node_name = "LinalgSvdBackward0"

    @staticmethod
    def forward(ctx, a, full_matrices):
        u, s, vh = ctx.backend.svd(a, full_matrices)
        ctx.save_for_backward(u, s, vh)
        return u, s, vh

    @staticmethod
    def backward(ctx, g_u, g_s, g_vh):
        be = ctx.backend
        u, s, vh = ctx.saved_tensors
        m, n, k = u.shape[-2], vh.shape[-1], s.shape[-1]
        if u.shape[-1] != k or vh.shape[-2] != k:  # full_matrices: the extra vectors are free
            u, g_u = _columns(be, u, 0, k), _columns(be, g_u, 0, k)
            vh, g_vh = _rows(be, vh, 0, k), _rows(be, g_vh, 0, k)
        s2 = be.mul(s, s)
        f = _off_diagonal_reciprocal(be, be.sub(be.expand_dims(s2, -2), be.expand_dims(s2, -1)))
        utgu = be.matmul(_mT(be, u), g_u)
        vhgv = _mT(be, be.matmul(g_vh, _mT(be, vh)))
        j = be.mul(f, be.sub(utgu, _mT(be, utgu)))
        kk = be.mul(f, be.sub(vhgv, _mT(be, vhgv)))
        col, row = be.expand_dims(s, -1), be.expand_dims(s, -2)
        inner = be.add(be.add(be.mul(j, row), be.mul(col, kk)), _diag_embed(be, g_s))
        ga = be.matmul(be.matmul(u, inner), vh)
        if m > k:  # (I - U Uᵀ) g_U S⁻¹ Vh
            rest = be.sub(g_u, be.matmul(u, utgu))
            ga = be.add(ga, be.matmul(be.div(rest, row), vh))
        if n > k:  # U S⁻¹ g_Vh (I - Vhᵀ Vh)
            rest = be.sub(g_vh, be.matmul(_mT(be, vhgv), vh))
            ga = be.add(ga, be.matmul(u, be.div(rest, col)))
        return ga, None


def _copyltu(be, m):
    """The symmetric matrix with m's lower triangle: tril(m) + tril(m, -1)ᵀ."""
    return be.add(be.tril(m, 0), _mT(be, be.tril(m, -1)))


def _qr_square_backward(be, q, r, g_q, g_r):
    """dL/dA for A = QR, R square (m >= n): (g_Q + Q copyltu(R g_Rᵀ - g_Qᵀ Q)) R⁻ᵀ."""
    m = _mT(be, be.sub(be.matmul(g_r, _mT(be, r)), be.matmul(_mT(be, q), g_q)))
    b = be.add(g_q, be.matmul(q, _copyltu(be, m)))
    return _mT(be, _solve(be, r, _mT(be, b)))


class Qr(Op):
    """A = QR, reduced.  m >= n: dL/dA = (g_Q + Q copyltu(R g_Rᵀ - g_Qᵀ Q)) R⁻ᵀ; m < n, with
    A = [X | Y], R = [U | V], Y = Q V: dL/dX the square formula at g_Q + Y g_Vᵀ, dL/dY = Q g_V
    (PyTorch's: it keeps Q and R, not A)."""

    node_name = "LinalgQrBackward0"

    @staticmethod
    def forward(ctx, a):
        q, r = ctx.backend.qr(a)
        ctx.save_for_backward(q, r)
        return q, r

    @staticmethod
    def backward(ctx, g_q, g_r):
        be = ctx.backend
        q, r = ctx.saved_tensors
        m, n = q.shape[-2], r.shape[-1]
        if m >= n:
            return _qr_square_backward(be, q, r, g_q, g_r)
        x_r, y = _columns(be, r, 0, m), be.matmul(q, _columns(be, r, m, n))
        g_u, g_v = _columns(be, g_r, 0, m), _columns(be, g_r, m, n)
        g_x = _qr_square_backward(be, q, x_r, be.add(g_q, be.matmul(y, _mT(be, g_v))), g_u)
        return be.concatenate([g_x, be.matmul(q, g_v)], -1)


class QrComplete(Op):
    """Complete QR of a tall A (m > n): Q (m, m), R (m, n). Not differentiable (PyTorch's error
    at backward): the last m - n columns of Q are not determined by A."""

    @staticmethod
    def forward(ctx, a):
        return ctx.backend.qr_complete(a)

    @staticmethod
    def backward(ctx, g_q, g_r):
        raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and "
                           "nrows > ncols.")


class PinvGrad(Op):
    """P = pinv(A), its value computed (without gradient) by the caller.  dL/dA = PyTorch's
    pinv_backward: for m <= n, with K = Gᵀ P: -(P K)ᵀ + K Pᵀ - A P K Pᵀ + Pᵀ P (Gᵀ - K A);
    for m > n, with K = P Gᵀ: -(K P)ᵀ + (Gᵀ - A K) P Pᵀ + Pᵀ K - Pᵀ K P A."""

    node_name = "LinalgPinvBackward0"

    @staticmethod
    def forward(ctx, a, p):
        p = ctx.backend.copy(p)
        ctx.save_for_backward(a, p)
        return p

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, p = ctx.saved_tensors
        pt, gt = _mT(be, p), _mT(be, g)
        mm = be.matmul
        if a.shape[-2] <= a.shape[-1]:
            k = mm(gt, p)
            kpt = mm(k, pt)
            ga = be.add(be.sub(kpt, _mT(be, mm(p, k))), be.sub(
                mm(mm(pt, p), be.sub(gt, mm(k, a))), mm(mm(a, p), kpt)))
        else:
            k = mm(p, gt)
            ptk = mm(pt, k)
            ga = be.add(be.sub(ptk, _mT(be, mm(k, p))), be.sub(
                mm(mm(be.sub(gt, mm(a, k)), p), pt), mm(mm(ptk, p), a)))
        return ga, None


class QrR(Op):
    """R of A = QR, reduced, without Q: not differentiable (PyTorch's error at backward)."""

    @staticmethod
    def forward(ctx, a):
        return ctx.backend.qr(a)[1]

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when "
                           "mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to "
                           "differentiate through linalg.qr.")
