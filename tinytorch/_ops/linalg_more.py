"""``torch.linalg``'s lstsq, cross, matrix_exp, householder_product, vander, diagonal,
tensorinv, tensorsolve, the ``_ex`` forms of inv, solve and cholesky, and torch.geqrf:
argument checks with PyTorch's messages over differentiable ops (the matrix exponential is an
op of ``linalg_triangular``, the rest are compositions)."""

import math

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _finfo
from tinytorch._ops import arithmetic
from tinytorch._ops import join
from tinytorch._ops import linalg
from tinytorch._ops import linalg_api
from tinytorch._ops import linalg_spectral
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops._util import wrap_dim
from tinytorch._ops.linalg_api import check_matrix
from tinytorch._ops.linalg_api import column_major
from tinytorch._ops.linalg_api import mT
from tinytorch._ops.linalg_api import named_tuple
from tinytorch._ops.linalg_api import prepare_solve
from tinytorch._ops.linalg_lu import lu_solve
from tinytorch._ops.linalg_lu import raise_for_info
from tinytorch._ops.linalg_triangular import LuFactor
from tinytorch._ops.linalg_triangular import MatrixExp
from tinytorch.amp import autocast_mode as _autocast

linalg_lstsq = named_tuple("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])
linalg_inv_ex = named_tuple("linalg_inv_ex", ["inverse", "info"])
linalg_solve_ex = named_tuple("linalg_solve_ex", ["result", "info"])
linalg_cholesky_ex = named_tuple("linalg_cholesky_ex", ["L", "info"])
geqrf_type = named_tuple("geqrf", ["a", "tau"])

_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def _check_lstsq(A, B, driver):
    op = "torch.linalg.lstsq"
    if A.ndim < 2:
        raise RuntimeError(f"{op}: input must have at least 2 dimensions.")
    if B.ndim < 1:
        raise RuntimeError(f"{op}: other must have at least 1 dimension.")
    if not 0 <= A.ndim - B.ndim <= 1:
        raise RuntimeError(f"{op}: input.dim() must be greater or equal to other.dim() and "
                           "(input.dim() - other.dim()) <= 1")
    if A.dtype is not B.dtype:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"{op}: Expected input and other to have the same dtype, but got "
                           f"input's dtype {names[A.dtype]} and other's dtype {names[B.dtype]}")
    if A.dtype not in (_dtype.float32, _dtype.float64):
        raise RuntimeError("This function doesn't handle types other than float and double")
    if driver not in _DRIVERS:
        raise RuntimeError(f"{op}: parameter `driver` should be one of ({', '.join(_DRIVERS)})")
    matrix = B.ndim == A.ndim  # else a batch of vectors
    if (B.shape[-2] if matrix else B.shape[-1]) != A.shape[-2]:
        raise RuntimeError(f"{op}: input.size(-2) should match other.size(-2)")
    broadcast_shapes(A.shape[:-2], B.shape[:-2] if matrix else B.shape[:-1])


def lstsq(A, B, rcond=None, *, driver=None):
    """A least-squares solution X of ``A X ≈ B``: the minimum-norm X minimising ``‖A X - B‖``,
    singular values at or below ``rcond · σ_max`` taken as zero (computed as pinv(A) B, whose
    gradient PyTorch's lstsq backward uses too).

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        B (Tensor): (..., m, k), or (..., m) a batch of vectors; batch dims broadcast.
        rcond (float, optional): relative cutoff; default eps · max(m, n).
        driver (str, optional): ``'gelsy'`` (the CPU default), ``'gelsd'``, ``'gelss'`` or
            ``'gels'`` (the CUDA default; PyTorch has no other there, tinytorch takes any on
            any device): which of the other fields are filled, as in PyTorch.

    Returns:
        torch.return_types.linalg_lstsq: ``solution`` (..., n, k); ``residuals``, the squared
        residual norms of each column (driver not gelsy, m > n and A of full rank; else empty);
        ``rank`` int64 (...) (not gels); ``singular_values`` (..., min(m, n)) (gelsd, gelss).

    Raises:
        RuntimeError: dims, dtypes, sizes or a driver that do not fit (PyTorch's messages).

    >>> A = tinytorch.tensor([[1., 0.], [0., 1.], [1., 1.]])
    >>> tinytorch.linalg.lstsq(A, tinytorch.tensor([[1.], [1.], [3.]])).solution
    tensor([[1.3333],
            [1.3333]])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", lstsq, A, B, rcond, driver=driver)
    if driver is None:
        driver = "gelsy" if A.device.type == "cpu" else "gels"
    _check_lstsq(A, B, driver)
    vector = B.ndim == A.ndim - 1
    if vector:
        B = shape.unsqueeze(B, -1)
    m, n = A.shape[-2:]
    rtol = _finfo.finfo(A.dtype).eps * max(m, n) if rcond is None or rcond < 0 else rcond
    X = linalg.matmul(linalg_spectral.pinv(A, rtol=rtol), B)
    if m > n:  # PyTorch's X: the first n rows of LAPACK's column-major (..., m, k) result
        rest = _creation.zeros(tuple(X.shape[:-2]) + (m - n, X.shape[-1]), dtype=X.dtype,
                               device=X.device)
        X = column_major(join.cat([X, rest], -2))[..., :n, :]
    else:
        X = column_major(X)
    empty = _creation.empty(0, dtype=A.dtype, device=A.device)
    rank = _creation.empty(0, dtype=_dtype.int64, device=A.device)
    if driver != "gels":
        rank = linalg_spectral.matrix_rank(A, rtol=rtol)
    # empty, a result of its own and in the graph, as PyTorch's
    residuals = shape.own(shape.reshape(X, (-1,))[:0], "LinalgLstsqBackward0")
    if driver != "gelsy" and m > n and (driver == "gels" or bool((rank == n).all())):
        residuals = reduction.sum(arithmetic.pow(linalg.matmul(A, X) - B, 2), -2)
    values = linalg_spectral.svdvals(A.detach()) if driver in ("gelsd", "gelss") else empty
    X = shape.own(shape.squeeze(X, -1) if vector else X, "LinalgLstsqBackward0")  # PyTorch's
    return linalg_lstsq(X, residuals, rank, values)


def cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim``; the other dims broadcast.

    Args:
        input (Tensor): (..., 3, ...).
        other (Tensor): of ``input``'s dtype, size 3 along ``dim``.
        dim (int): the dimension of the vectors. Default: -1.

    Returns:
        Tensor: ``input × other``, of the broadcast shape.

    Raises:
        RuntimeError: a size other than 3 along ``dim``, or different dtypes.

    >>> tinytorch.linalg.cross(tinytorch.tensor([1., 0., 0.]), tinytorch.tensor([0., 1., 0.]))
    tensor([0., 0., 1.])
    """
    if input.dtype is not other.dtype:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"expected scalar type {names[input.dtype]} but found "
                           f"{names[other.dtype]}")
    if input.dtype is _dtype.bool_:
        not_implemented_for("cross", input)
    wrap_dim(dim, max(input.ndim, other.ndim))
    a, b = input.shape[dim], other.shape[dim]
    if a != 3 or b != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. "
                           f"Got {a} and {b}")
    broadcast_shapes(input.shape, other.shape)
    a1, a2 = shape.roll(input, -1, dim), shape.roll(input, -2, dim)
    b1, b2 = shape.roll(other, -1, dim), shape.roll(other, -2, dim)
    return a1 * b2 - a2 * b1


def matrix_exp(A):
    """The matrix exponential ``exp(A) = Σ Aᵏ / k!`` of a square matrix (or of each in a batch),
    by scaling and squaring with a Padé approximant.

    Args:
        A (Tensor): (..., n, n), float32 or float64.

    Returns:
        Tensor: exp(A), (..., n, n).

    Raises:
        RuntimeError: ``A`` is not a batch of square float32/float64 matrices.

    >>> tinytorch.linalg.matrix_exp(tinytorch.tensor([[0., 1.], [0., 0.]]))
    tensor([[1., 1.],
            [0., 1.]])
    """
    check_matrix(A, "linalg.matrix_exp", low_precision=True)
    if A.dtype in (_dtype.float16, _dtype.bfloat16):  # no LAPACK solve for them: in float32
        return MatrixExp.apply(A.float()).to(A.dtype)
    return MatrixExp.apply(A)


def _check_householder(A, tau):
    op = "torch.linalg.householder_product"
    if A.ndim < 2:
        raise RuntimeError(f"{op}: input must have at least 2 dimensions.")
    if A.shape[-2] < A.shape[-1]:
        raise RuntimeError(f"{op}: input.shape[-2] must be greater than or equal to "
                           "input.shape[-1]")
    if A.shape[-1] < tau.shape[-1]:
        raise RuntimeError(f"{op}: input.shape[-1] must be greater than or equal to "
                           "tau.shape[-1]")
    if tau.ndim != A.ndim - 1:
        raise RuntimeError(f"{op}: Expected tau to have one dimension less than input, but got "
                           f"tau.ndim equal to {tau.ndim} and input.ndim is equal to {A.ndim}")
    if tau.shape[:-1] != A.shape[:-2]:
        raise RuntimeError(f"{op}: Expected batch dimensions of tau to be equal to "
                           f"input.shape[:-2], but got {list(tau.shape[:-1])}")
    if tau.dtype is not A.dtype:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"{op}: tau dtype {names[tau.dtype]} does not match input dtype "
                           f"{names[A.dtype]}")
    if A.dtype not in (_dtype.float32, _dtype.float64):
        not_implemented_for("orgqr_cpu", A)


def householder_product(A, tau):
    """The first n columns of the product of Householder reflections ``H₁ ⋯ Hₖ``,
    ``Hᵢ = I - τᵢ vᵢ vᵢᵀ``, vᵢ column i of A below the diagonal with a 1 on it (LAPACK's
    orgqr: Q from the reflectors of a QR factorisation).

    Args:
        A (Tensor): (..., m, n), m >= n, float32 or float64: the reflectors.
        tau (Tensor): (..., k), k <= n, of ``A``'s dtype: their scales.

    Returns:
        Tensor: (..., m, n).

    Raises:
        RuntimeError: shapes or dtypes that do not fit (PyTorch's messages).

    >>> A = tinytorch.tensor([[0., 0.], [1., 0.]])
    >>> tinytorch.linalg.householder_product(A, tinytorch.tensor([1.]))
    tensor([[ 0., -1.],
            [-1.,  0.]])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", householder_product, A, tau)
    _check_householder(A, tau)
    m, n = A.shape[-2:]
    eye = _creation.eye(m, n, dtype=A.dtype, device=A.device)
    V = shape.tril(A, -1) + eye
    Q = shape.expand(eye, tuple(A.shape))
    for i in reversed(range(tau.shape[-1])):
        v = V[..., :, i:i + 1]
        w = linalg.matmul(shape.transpose(v, -2, -1), Q)
        Q = Q - shape.unsqueeze(shape.unsqueeze(tau[..., i], -1), -1) * linalg.matmul(v, w)
    return column_major(Q, "LinalgHouseholderProductBackward0")


def vander(x, *, N=None):
    """The Vandermonde matrix of ``x``: columns ``x⁰, x¹, …, x^(N-1)`` (increasing powers).

    Args:
        x (Tensor): (..., n), float or integer.
        N (int, optional): the number of columns. Default: n.

    Returns:
        Tensor: (..., n, N); integer inputs give int64, as PyTorch's.

    Raises:
        RuntimeError: N < 2, or a bool, float16 or bfloat16 ``x`` (as PyTorch).

    >>> tinytorch.linalg.vander(tinytorch.tensor([1, 2, 3]))
    tensor([[1, 1, 1],
            [1, 2, 4],
            [1, 3, 9]])
    """
    if x.dtype in (_dtype.bool_, _dtype.float16, _dtype.bfloat16):
        raise RuntimeError("linalg.vander supports floating point, complex, and integer "
                           f"tensors, but got {_dtype.SCALAR_TYPE_NAMES[x.dtype]}")
    if N is None:
        N = x.shape[-1] if x.ndim else 1
    if N <= 1:
        raise RuntimeError("N must be greater than 1.")
    if not x.dtype.is_floating_point:
        x = x.to(_dtype.int64)
    columns = [_creation.ones(tuple(x.shape), dtype=x.dtype, device=x.device), x]
    for _ in range(N - 2):  # products, not powers: exact gradients at 0
        columns.append(columns[-1] * x)
    return join.stack(columns, -1)


def inv_ex(A, *, check_errors=False):
    """:func:`inv` that reports, rather than raises, a singular matrix: ``info`` holds, for
    each matrix, the 1-based index of the first zero pivot of its LU (0 when invertible); the
    inverse of a singular matrix is not meaningful (inf/NaN).

    Args:
        A (Tensor): (..., n, n), float32 or float64.
        check_errors (bool): raise LinAlgError for a singular matrix instead.

    Returns:
        torch.return_types.linalg_inv_ex: ``(inverse, info)``, ``info`` int32 (...).

    >>> tinytorch.linalg.inv_ex(2 * tinytorch.eye(2)).inverse
    tensor([[0.5000, 0.0000],
            [0.0000, 0.5000]])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", inv_ex, A, check_errors=check_errors)
    check_matrix(A, "linalg.inv")
    LU, pivots, info = LuFactor.apply(A)
    if check_errors:
        raise_for_info(info, lambda p, k: (
            f"linalg.inv_ex: {p}The diagonal element {k} is zero, the inversion could not be "
            "completed because the input matrix is singular."))
    eye = _creation.eye(A.shape[-1], dtype=A.dtype, device=A.device)
    return linalg_inv_ex(lu_solve(LU, pivots, shape.expand(eye, tuple(A.shape))), info)


def solve_ex(A, B, *, left=True, check_errors=False):
    """:func:`solve` that reports, rather than raises, a singular A: ``info`` as in
    :func:`inv_ex`.

    Args:
        A (Tensor): (..., n, n), float32 or float64.
        B (Tensor): (..., n, k) or (..., n), of ``A``'s dtype.
        left (bool): solve ``A X = B`` (True) or ``X A = B``.
        check_errors (bool): raise LinAlgError for a singular A instead.

    Returns:
        torch.return_types.linalg_solve_ex: ``(result, info)``, ``info`` int32 (...).

    >>> tinytorch.linalg.solve_ex(2 * tinytorch.eye(2), tinytorch.ones(2)).result
    tensor([0.5000, 0.5000])
    """
    _, B, finish = prepare_solve(A, B, left)  # LU of A itself: info of A's batch shape
    LU, pivots, info = LuFactor.apply(A if left else mT(A))
    if check_errors:
        raise_for_info(info, lambda p, k: (
            f"torch.linalg.solve_ex: {p}The solver failed because the input matrix is "
            "singular."))
    return linalg_solve_ex(finish(lu_solve(LU, pivots, B)), info)


def _cholesky_info(be, a):
    """potrf's info per matrix, int32 (...): 0, or the order of the first leading minor that is
    not positive-definite (NOTE [Factorisation info])."""
    _, info = be.cholesky(a)
    if info is None:
        return be.zeros(a.shape[:-2], _dtype.int32)
    return be.from_host(info.astype("int32"))


def cholesky_ex(A, *, upper=False, check_errors=False):
    """:func:`cholesky` that reports, rather than raises, a matrix that is not positive-definite:
    ``info`` holds, for each matrix, the order of its first leading minor that is not
    positive-definite (0 when it is). The factor of such a matrix is NaN (PyTorch leaves
    LAPACK's partial result there, which no caller should read).

    Args:
        A (Tensor): (..., n, n) symmetric positive-definite, float32 or float64.
        upper (bool): return the upper factor Lᵀ.
        check_errors (bool): raise LinAlgError for a matrix that is not positive-definite.

    Returns:
        torch.return_types.linalg_cholesky_ex: ``(L, info)``, ``info`` int32 (...).

    >>> tinytorch.linalg.cholesky_ex(-tinytorch.eye(2)).info
    tensor(1, dtype=tinytorch.int32)
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", cholesky_ex, A, upper=upper, check_errors=check_errors)
    check_matrix(A, "linalg.cholesky")
    info = reduction.NoGrad.apply(A, kernel=_cholesky_info)
    if check_errors:
        raise_for_info(info, lambda p, k: (
            f"linalg.cholesky_ex: {p}The factorization could not be completed because the input "
            f"is not positive-definite (the leading minor of order {k} is not "
            "positive-definite)."))
    failed = shape.unsqueeze(shape.unsqueeze(info != 0, -1), -1)
    eye = _creation.eye(A.shape[-1], dtype=A.dtype, device=A.device)
    L = linalg_api.cholesky(arithmetic.where(failed, eye, A), upper=upper)
    L = column_major(arithmetic.where(failed, float("nan"), L), "LinalgCholeskyExBackward0")
    return linalg_cholesky_ex(L, info)


def geqrf(input):
    """``torch.geqrf``: the QR factorisation in LAPACK's form: R on and above the diagonal of
    ``a``, the Householder vectors below it, their scales in ``tau``
    (:func:`tinytorch.linalg.householder_product` of the two gives Q). No gradient, as
    PyTorch's.

    Args:
        input (Tensor): (..., m, n), float32 or float64.

    Returns:
        torch.return_types.geqrf: ``(a, tau)``, ``tau`` (..., min(m, n)).

    Raises:
        RuntimeError: ``input`` has fewer than 2 dims.
        NotImplementedError: a dtype other than float32/float64.

    >>> tinytorch.geqrf(tinytorch.tensor([[3., 1.], [4., 2.]])).tau
    tensor([1.6000, 0.0000])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("linalg", geqrf, input)
    if input.ndim < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    if input.dtype not in (_dtype.float32, _dtype.float64):
        not_implemented_for("geqrf_cpu", input)
    return geqrf_type(*reduction.NoGrad.apply(input, kernel=lambda be, a: be.geqrf(a)))


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonals of the matrices of ``A``: :func:`tinytorch.diagonal` over the last two
    dims by default.

    Args:
        A (Tensor): (..., m, n).
        offset (int): which diagonal: 0 the main one, > 0 above it, < 0 below. Default: 0.
        dim1 (int): the first dim of the matrices. Default: -2.
        dim2 (int): the second dim. Default: -1.

    Returns:
        Tensor: a view, the diagonal's elements in its last dim.

    >>> tinytorch.linalg.diagonal(tinytorch.arange(9.0).reshape(3, 3), offset=1)
    tensor([1., 5.])
    """
    return A.diagonal(offset, dim1, dim2)


def _require_square(a, split, what):
    rows, cols = math.prod(a.shape[:split]), math.prod(a.shape[split:])
    if rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[{what}:]) "
                           f"== prod(self.shape[:{what}]), but got {cols} != {rows}")
    return rows


def tensorinv(A, ind=2):
    """The tensor inverse of ``A``: the X with ``tensordot(X, A, ind) == I`` over the first
    ``ind`` dims, i.e. :func:`inv` of ``A`` as a (prod(A.shape[:ind]), prod(A.shape[ind:]))
    matrix, shaped ``A.shape[ind:] + A.shape[:ind]``.

    Args:
        A (Tensor): a tensor whose first ``ind`` dims hold as many elements as the rest.
        ind (int): a positive number of leading dims. Default: 2.

    Returns:
        Tensor: the inverse, of shape ``A.shape[ind:] + A.shape[:ind]``.

    Raises:
        RuntimeError: ``ind`` not positive, the two groups of dims of unequal sizes, or a
            singular ``A`` (PyTorch's messages).

    >>> A = tinytorch.eye(4, dtype=tinytorch.float64).reshape(4, 2, 2)
    >>> tinytorch.linalg.tensorinv(A, ind=1).shape
    torch.Size([2, 2, 4])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", tensorinv, A, ind)
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    n = _require_square(A, ind, "ind")
    return shape.reshape(linalg_api.inv(shape.reshape(A, (n, n))),
                         tuple(A.shape[ind:]) + tuple(A.shape[:ind]))


def tensorsolve(A, B, dims=None):
    """The X with ``tensordot(A, X, X.ndim) == B``: :func:`solve` of ``A`` as a
    (B.numel(), rest) matrix; ``dims``, if given, are dims of ``A`` moved to its end first.

    Args:
        A (Tensor): the tensor of coefficients; its first ``B.ndim`` dims match ``B``'s.
        B (Tensor): the right-hand side.
        dims (tuple of int, optional): dims of ``A`` to move to the end. Default: None.

    Returns:
        Tensor: X, of shape ``A.shape[B.ndim:]`` (after moving ``dims``).

    Raises:
        RuntimeError: the dims of ``A`` after ``B``'s hold another number of elements than
            ``B``, or a singular system (PyTorch's messages).

    >>> A = tinytorch.eye(6, dtype=tinytorch.float64).reshape(2, 3, 6)
    >>> tinytorch.linalg.tensorsolve(A, tinytorch.ones(2, 3, dtype=tinytorch.float64)).shape
    torch.Size([6])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", tensorsolve, A, B, dims)
    if dims is not None:
        dims = [wrap_dim(d, A.ndim, "tensorsolve") for d in dims]
        A = shape.movedim(A, dims, list(range(A.ndim - len(dims), A.ndim)))
    n = _require_square(A, B.ndim, "other.ndim")
    x = linalg_api.solve(shape.reshape(A, (n, n)), shape.reshape(B, (n,)))
    return shape.reshape(x, tuple(A.shape[B.ndim:]))
