"""``torch.linalg``'s triangular solve and LU family: solve_triangular, lu_factor(_ex), lu,
lu_solve, and torch.lu_unpack; argument checks with PyTorch's messages, then the ops of
``linalg_triangular``."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import linalg
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops.linalg_api import check_matrix
from tinytorch._ops.linalg_api import column_major
from tinytorch._ops.linalg_api import mT
from tinytorch._ops.linalg_api import named_tuple
from tinytorch._ops.linalg_decomp import LinAlgError
from tinytorch._ops.linalg_triangular import LuFactor
from tinytorch._ops.linalg_triangular import SolveTriangular
from tinytorch.amp import autocast_mode as _autocast

linalg_lu_factor = named_tuple("linalg_lu_factor", ["LU", "pivots"])
linalg_lu_factor_ex = named_tuple("linalg_lu_factor_ex", ["LU", "pivots", "info"])
linalg_lu = named_tuple("linalg_lu", ["P", "L", "U"])
lu_unpack_type = named_tuple("lu_unpack", ["P", "L", "U"])


def _at_least_2d(x, op, name):
    if x.ndim < 2:
        raise RuntimeError(f"{op}: The input tensor {name} must have at least 2 dimensions.")


def _check_system(A, B, left, op):
    """The shapes of ``A X = B`` (``X A = B``) agree; returns the broadcast batch shape."""
    rows = B.shape[-2] if left else B.shape[-1]
    if A.shape[-1] != rows:
        eq = "AX = B" if left else "XA = B"
        r, c = B.shape[-2], B.shape[-1]
        raise RuntimeError(f"{op}: Incompatible shapes of A and B for the equation {eq} "
                           f"({A.shape[-2]}x{A.shape[-1]} and {r}x{c})")
    return broadcast_shapes(A.shape[:-2], B.shape[:-2])


def _expand_batch(x, batch):
    return shape.expand(x, batch + tuple(x.shape[-2:]))


def solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """The solution X of ``A X = B`` (``X A = B`` when ``left`` is False) for a triangular A:
    only its upper (``upper``) or lower triangle is read, and its diagonal is taken as ones when
    ``unitriangular``. Batch dims broadcast; a zero on the diagonal gives inf/NaN, not an error.

    Args:
        A (Tensor): (..., n, n), float32 or float64.
        B (Tensor): (..., n, k) (``(..., k, n)`` when not ``left``).
        upper (bool): A is upper triangular (else lower).
        left (bool): solve ``A X = B`` (True) or ``X A = B``.
        unitriangular (bool): A's diagonal is all ones (not read).

    Returns:
        Tensor: X, of ``B``'s shape with the batch dims broadcast.

    Raises:
        RuntimeError: dims, squareness or shapes (PyTorch's messages).
        NotImplementedError: an integer or bool dtype.

    >>> A = tinytorch.tensor([[2., 1.], [0., 4.]])
    >>> tinytorch.linalg.solve_triangular(A, tinytorch.tensor([[3.], [4.]]), upper=True)
    tensor([[1.],
            [1.]])
    """
    op = "linalg.solve_triangular"
    _at_least_2d(A, op, "A")
    _at_least_2d(B, op, "B")
    _check_square(A, op)
    batch = _check_system(A, B, left, op)
    dtype = _dtype.promote_types(A.dtype, B.dtype)
    A, B = A.to(dtype), B.to(dtype)
    _check_lapack_dtype(A, "triangular_solve_cpu")
    A, B = _expand_batch(A, batch), _expand_batch(B, batch)
    if left:
        return SolveTriangular.apply(A, B, bool(upper), bool(unitriangular))
    # PyTorch's X is a result of its own (see shape.own)
    return shape.own(mT(SolveTriangular.apply(mT(A), mT(B), not upper, bool(unitriangular))))


def _check_square(A, op):
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{op}: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")


def _check_lapack_dtype(A, kernel):
    """PyTorch's refusal of the dtypes LAPACK has no routine for: all but float32/float64."""
    if not A.dtype.is_floating_point or A.dtype in (_dtype.float16, _dtype.bfloat16):
        not_implemented_for(kernel, A)


def _check_lu_input(A, op):
    if A.ndim < 2:
        raise RuntimeError(f"{op}: Expected tensor with 2 or more dimensions. Got size: "
                           f"{list(A.shape)} instead")
    _check_lapack_dtype(A, "lu_cpu")


def _lu_factor(A, pivot, op):
    _check_lu_input(A, op)
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    return LuFactor.apply(A)


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """:func:`lu_factor` that reports, rather than raises, a zero pivot: ``info`` holds, for
    each matrix, the 1-based index of U's first zero on the diagonal (0 when there is none).

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        pivot (bool): partial pivoting (the only kind there is on the CPU).
        check_errors (bool): raise as :func:`lu_factor` does instead.

    Returns:
        torch.return_types.linalg_lu_factor_ex: ``(LU, pivots, info)``; ``info`` int32 (...).

    Raises:
        RuntimeError: ``A`` has fewer than 2 dims, ``pivot`` is False, or (``check_errors``) a
            zero pivot.
        NotImplementedError: a dtype other than float32/float64.

    >>> tinytorch.linalg.lu_factor_ex(tinytorch.zeros(2, 2)).info
    tensor(1, dtype=tinytorch.int32)
    """
    LU, pivots, info = _lu_factor(A, pivot, "torch.lu_factor")
    if check_errors:
        raise_for_info(info, _zero_pivot_message("linalg.lu_factor_ex"), RuntimeError)
    return linalg_lu_factor_ex(LU, pivots, info)


def raise_for_info(info, message, exc=LinAlgError):
    """``exc(message(prefix, info))`` for the first matrix whose ``info`` (an int Tensor over
    the batch) is not 0; the prefix names its batch element when there is a batch."""
    flat = info.reshape(-1).tolist()
    bad = next((i for i, v in enumerate(flat) if v), None)
    if bad is not None:
        prefix = f"(Batch element {bad}): " if info.ndim else ""
        raise exc(message(prefix, flat[bad]))


def _zero_pivot_message(op):
    return lambda prefix, k: (
        f"torch.{op}: {prefix}U[{k},{k}] is zero and using it on lu_solve would result in a "
        "division by zero. If you still want to perform the factorization, consider calling "
        "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")


def lu_factor(A, *, pivot=True):
    """LU factorisation with partial pivoting, packed as LAPACK's getrf: ``A = P L U`` with L
    unit lower triangular (below the diagonal of ``LU``) and U upper triangular (the rest).

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        pivot (bool): partial pivoting (the only kind there is on the CPU).

    Returns:
        torch.return_types.linalg_lu_factor: ``(LU, pivots)``, ``pivots`` the 1-based row
        interchanges, int32 (..., min(m, n)).

    Raises:
        RuntimeError: a zero pivot (U would divide by zero in :func:`lu_solve`).

    >>> tinytorch.linalg.lu_factor(tinytorch.tensor([[1., 2.], [3., 4.]])).pivots
    tensor([2, 2], dtype=tinytorch.int32)
    """
    LU, pivots, info = _lu_factor(A, pivot, "torch.lu_factor")
    raise_for_info(info, _zero_pivot_message("linalg.lu_factor"), RuntimeError)
    return linalg_lu_factor(LU, pivots)


def _permutation(LU, pivots):
    """P (..., m, m), A = P L U, of LU's dtype (no gradient: a function of the pivots)."""
    m, dtype = LU.shape[-2], LU.dtype
    return reduction.NoGrad.apply(pivots, kernel=lambda be, p: be.lu_permutation(p, m, dtype))


def _triangles(LU):
    """L (..., m, k) unit lower triangular and U (..., k, n) upper triangular of packed LU."""
    m, n = LU.shape[-2:]
    k = min(m, n)
    eye = _creation.eye(m, k, dtype=LU.dtype, device=LU.device)
    return shape.tril(LU[..., :, :k], -1) + eye, shape.triu(LU[..., :k, :])


def lu(A, *, pivot=True):
    """LU factorisation with partial pivoting, ``A = P L U``: P a permutation matrix, L (m, k)
    unit lower triangular, U (k, n) upper triangular, k = min(m, n). A singular A is
    factorised too (U has a zero on its diagonal).

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        pivot (bool): partial pivoting (the only kind there is on the CPU).

    Returns:
        torch.return_types.linalg_lu: ``(P, L, U)``.

    >>> P, L, U = tinytorch.linalg.lu(tinytorch.tensor([[1., 2.], [3., 4.]]))
    >>> U
    tensor([[3.0000, 4.0000],
            [0.0000, 0.6667]])
    """
    LU, pivots, _ = _lu_factor(A, pivot, "linalg.lu")
    return linalg_lu(_permutation(LU, pivots), *_triangles(LU))


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """``torch.lu_unpack``: P, L and U from :func:`tinytorch.linalg.lu_factor`'s packed result
    (empty tensors for the parts not asked for).

    Args:
        LU_data (Tensor): packed LU, (..., m, n).
        LU_pivots (Tensor): 1-based int32 pivots, (..., min(m, n)).
        unpack_data (bool): compute L and U.
        unpack_pivots (bool): compute P.

    Returns:
        torch.return_types.lu_unpack: ``(P, L, U)``.

    >>> LU, pivots = tinytorch.linalg.lu_factor(tinytorch.tensor([[1., 2.], [3., 4.]]))
    >>> tinytorch.lu_unpack(LU, pivots).P
    tensor([[0., 1.],
            [1., 0.]])
    """
    empty = _creation.empty(0, dtype=LU_data.dtype, device=LU_data.device)
    P = _permutation(LU_data, LU_pivots) if unpack_pivots else empty
    L, U = _triangles(LU_data) if unpack_data else (empty, empty)
    return lu_unpack_type(P, L, U)


def _check_lu_solve(LU, pivots, B, left):
    op = "linalg.lu_solve"
    check_matrix(LU, "torch.linalg.lu_solve")
    _at_least_2d(B, op, "B")
    if pivots.dtype is not _dtype.int32:
        raise RuntimeError(f"{op}: pivots should be a Tensor of scalar type torch.int32")
    if LU.dtype is not B.dtype:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"{op}: Expected LU and B to have the same dtype, but found LU of "
                           f"type {names[LU.dtype]} and B of type {names[B.dtype]} instead")
    if pivots.shape[-1] != LU.shape[-1]:
        raise RuntimeError(f"{op}: Number of pivots per batch should be same as the dimension of "
                           "the matrix")
    return _check_system(LU, B, left, op)


def lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """The solution X of ``A X = B`` (``X A = B`` when not ``left``; Aᵀ in place of A when
    ``adjoint``) given A's :func:`lu_factor`; batch dims broadcast.

    Args:
        LU (Tensor): packed LU of A, (..., n, n).
        pivots (Tensor): its int32 pivots, (..., n).
        B (Tensor): (..., n, k) (``(..., k, n)`` when not ``left``), of ``LU``'s dtype.
        left (bool): solve ``A X = B`` (True) or ``X A = B``.
        adjoint (bool): solve with Aᵀ.

    Returns:
        Tensor: X.

    Raises:
        RuntimeError: dims, dtypes or shapes that do not fit (PyTorch's messages).

    >>> A = tinytorch.tensor([[1., 2.], [3., 4.]])
    >>> LU, pivots = tinytorch.linalg.lu_factor(A)
    >>> tinytorch.linalg.lu_solve(LU, pivots, tinytorch.tensor([[5.], [11.]]))
    tensor([[1.],
            [2.]])
    """
    if _autocast.on and _autocast.active(LU):
        return _autocast.run("lu_solve", lu_solve, LU, pivots, B, left=left, adjoint=adjoint)
    batch = _check_lu_solve(LU, pivots, B, left)
    if not left:  # X A = B: Aᵀ Xᵀ = Bᵀ
        return shape.own(mT(lu_solve(LU, pivots, mT(B), adjoint=not adjoint)))  # PyTorch's
    LU, B = _expand_batch(LU, batch), _expand_batch(B, batch)
    P = _permutation(LU, shape.expand(pivots, batch + tuple(pivots.shape[-1:])))
    if adjoint:  # Aᵀ = Uᵀ Lᵀ Pᵀ: X = P L⁻ᵀ U⁻ᵀ B
        Y = SolveTriangular.apply(mT(LU), B, False, False)
        return column_major(linalg.matmul(P, SolveTriangular.apply(mT(LU), Y, True, True)))
    Y = SolveTriangular.apply(LU, linalg.matmul(mT(P), B), False, True)
    return SolveTriangular.apply(LU, Y, True, False)
