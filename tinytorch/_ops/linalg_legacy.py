"""The older linear-algebra spellings PyTorch keeps beside ``torch.linalg`` (``torch.lu``,
``torch.lu_solve``, ``torch.triangular_solve``, ``torch.cholesky_solve``,
``torch.cholesky_inverse``, ``torch.vander``, ``torch.nuclear_norm``, ``torch.frobenius_norm``)
and ``torch.linalg.cond``: each composed from the ``torch.linalg`` ops, whose gradients it
gets. The deprecated ones warn with PyTorch's message."""

import math
import warnings

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import linalg_lu
from tinytorch._ops import linalg_more
from tinytorch._ops import linalg_norms
from tinytorch._ops import linalg_spectral
from tinytorch._ops import shape
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import user_stacklevel
from tinytorch._ops.linalg_api import check_matrix
from tinytorch._ops.linalg_api import column_major
from tinytorch._ops.linalg_api import mT
from tinytorch._ops.linalg_api import named_tuple
from tinytorch._ops.linalg_triangular import CholeskySolve
from tinytorch.amp import autocast_mode as _autocast

triangular_solve_type = named_tuple("triangular_solve", ["solution", "cloned_coefficient"])
_lu_with_info = named_tuple("_lu_with_info", ["LU", "pivots", "info"])

_LU = ("torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and "
       "will be removed in a future PyTorch release.\nLU, pivots = torch.lu(A, compute_pivots)\n"
       "should be replaced with\nLU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\n"
       "LU, pivots, info = torch.lu(A, compute_pivots, get_infos=True)\nshould be replaced with\n"
       "LU, pivots, info = torch.linalg.lu_factor_ex(A, compute_pivots)")
_LU_SOLVE = ("torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed "
             "in a future PyTorch release.\nNote that torch.linalg.lu_solve has its arguments "
             "reversed.\nX = torch.lu_solve(B, LU, pivots)\nshould be replaced with\n"
             "X = torch.linalg.lu_solve(LU, pivots, B)")
_TRIANGULAR_SOLVE = (
    "torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand will be "
    "removed in a future PyTorch release.\ntorch.linalg.solve_triangular has its arguments "
    "reversed and does not return a copy of one of the inputs.\nX = torch.triangular_solve(B, "
    "A).solution\nshould be replaced with\nX = torch.linalg.solve_triangular(A, B).")
_JIT_ONLY = ("at::{name} is deprecated and it is just left for JIT compatibility. It will be "
             "removed in a future PyTorch release. Please use `{instead}` instead")


def _deprecated(message):
    warnings.warn(message, UserWarning, stacklevel=user_stacklevel())


def lu(A, pivot=True, get_infos=False):
    """The LU factorisation with partial pivoting, PyTorch's deprecated ``torch.lu``:
    :func:`tinytorch.linalg.lu_factor` (or ``lu_factor_ex`` with ``get_infos``). Warns as
    PyTorch does.

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        pivot (bool): pivot rows (only True is supported, as on PyTorch's CPU). Default: True.
        get_infos (bool): also return ``info`` and do not raise for a singular matrix.
            Default: False.

    Returns:
        tuple: ``(LU, pivots)``, or ``(LU, pivots, info)`` with ``get_infos``.

    Raises:
        RuntimeError: bad input, or (without ``get_infos``) a singular matrix.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     LU, pivots = tinytorch.lu(tinytorch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    >>> pivots
    tensor([2, 2], dtype=tinytorch.int32)
    """
    _deprecated(_LU)
    LU, pivots, info = linalg_lu.lu_factor_ex(A, pivot=pivot, check_errors=not get_infos)
    return _lu_with_info(LU, pivots, info) if get_infos else (LU, pivots)


def lu_solve(b, LU_data, LU_pivots):
    """Solves ``A X = b`` from A's LU factorisation (:func:`lu`), PyTorch's deprecated
    ``torch.lu_solve``: :func:`tinytorch.linalg.lu_solve` with its arguments in the old
    order. Warns as PyTorch does.

    Args:
        b (Tensor): (..., n, k).
        LU_data (Tensor): (..., n, n), the factorisation.
        LU_pivots (Tensor): (..., n) int32 pivots.

    Returns:
        Tensor: X, (..., n, k).

    >>> import warnings
    >>> A, b = tinytorch.tensor([[2.0, 0.0], [0.0, 4.0]]), tinytorch.tensor([[2.0], [2.0]])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.lu_solve(b, *tinytorch.lu(A))
    tensor([[1.0000],
            [0.5000]])
    """
    if _autocast.on and _autocast.active(b):
        return _autocast.run("linalg", lu_solve, b, LU_data, LU_pivots)
    _deprecated(_LU_SOLVE)
    return linalg_lu.lu_solve(LU_data, LU_pivots, b)


def _same_dtype(b, A):
    if b.dtype != A.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{_dtype.SCALAR_TYPE_NAMES[b.dtype]} and A of type "
                           f"{_dtype.SCALAR_TYPE_NAMES[A.dtype]} instead.")


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """Solves ``A X = b`` (``Aᵀ X = b`` with ``transpose``) for a triangular A, PyTorch's
    deprecated ``torch.triangular_solve``: :func:`tinytorch.linalg.solve_triangular`, plus a
    copy of A. Warns as PyTorch does.

    Args:
        b (Tensor): (..., n, k).
        A (Tensor): (..., n, n); only its upper (``upper``) or lower triangle is read.
        upper (bool): A is upper triangular. Default: True.
        transpose (bool): solve with Aᵀ. Default: False.
        unitriangular (bool): A's diagonal is taken as ones. Default: False.

    Returns:
        tuple: ``(solution, cloned_coefficient)``.

    Raises:
        RuntimeError: ``b`` and ``A`` differ in dtype, or bad shapes.

    >>> import warnings
    >>> A, b = tinytorch.tensor([[2.0, 1.0], [0.0, 4.0]]), tinytorch.tensor([[3.0], [4.0]])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.triangular_solve(b, A).solution
    tensor([[1.],
            [1.]])
    """
    if _autocast.on and _autocast.active(b):
        return _autocast.run("linalg", triangular_solve, b, A, upper, transpose, unitriangular)
    _deprecated(_TRIANGULAR_SOLVE)
    _same_dtype(b, A)
    solution = linalg_lu.solve_triangular(mT(A) if transpose else A, b,
                                          upper=bool(upper) != bool(transpose),
                                          unitriangular=unitriangular)
    # A's copy has the broadcast batch shape, as PyTorch's
    A = shape.expand(A, tuple(solution.shape[:-2]) + tuple(A.shape[-2:]))
    return triangular_solve_type(solution, column_major(A.clone()))


def cholesky_solve(B, L, upper=False):
    """Solves ``A X = B`` given A's Cholesky factor: ``A = L Lᵀ`` (``A = Uᵀ U`` with
    ``upper``), as two triangular solves; batch dims broadcast. Differentiable in ``B`` and
    ``L``, with PyTorch's gradient (which treats ``L`` as a full matrix: its other triangle
    gets a gradient too).

    Args:
        B (Tensor): (..., n, k).
        L (Tensor): (..., n, n), lower (or, with ``upper``, upper) triangular.
        upper (bool): ``L`` is the upper factor. Default: False.

    Returns:
        Tensor: X, (..., n, k).

    Raises:
        RuntimeError: ``B`` and ``L`` differ in dtype, or sizes that do not match (PyTorch's
            messages).

    >>> L = tinytorch.tensor([[2.0, 0.0], [1.0, 1.0]])
    >>> tinytorch.cholesky_solve(tinytorch.tensor([[6.0], [4.0]]), L)
    tensor([[1.],
            [1.]])
    """
    if _autocast.on and _autocast.active(B):
        return _autocast.run("linalg", cholesky_solve, B, L, upper)
    _same_dtype(B, L)
    check_matrix(L, "cholesky_solve", kernel="cholesky_solve_cpu")
    if B.ndim >= 2 and B.shape[-2] != L.shape[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{L.shape[-2]} by {L.shape[-1]} but each b matrix is {B.shape[-2]} by "
                           f"{B.shape[-1]}")
    batch = broadcast_shapes(tuple(B.shape[:-2]), tuple(L.shape[:-2]))
    return CholeskySolve.apply(shape.expand(B, batch + tuple(B.shape[-2:])),
                               shape.expand(L, batch + tuple(L.shape[-2:])), bool(upper))


def cholesky_inverse(L, upper=False):
    """The inverse of ``A = L Lᵀ`` (``Uᵀ U`` with ``upper``) from its Cholesky factor:
    :func:`cholesky_solve` of the identity. Differentiable, with PyTorch's gradient.

    Args:
        L (Tensor): (..., n, n), lower (or upper) triangular.
        upper (bool): ``L`` is the upper factor. Default: False.

    Returns:
        Tensor: A⁻¹, (..., n, n).

    Raises:
        LinAlgError: a zero on ``L``'s diagonal (PyTorch's message).

    >>> tinytorch.cholesky_inverse(tinytorch.tensor([[2.0, 0.0], [0.0, 0.5]]))
    tensor([[0.2500, 0.0000],
            [0.0000, 4.0000]])
    """
    if _autocast.on and _autocast.active(L):
        return _autocast.run("linalg", cholesky_inverse, L, upper)
    check_matrix(L, "cholesky_inverse", kernel="cholesky_inverse_out_cpu")
    zero = L.diagonal(dim1=-2, dim2=-1) == 0  # LAPACK's potri refuses, as PyTorch says
    if zero.any():
        first = zero.int().argmax(-1) + 1
        linalg_lu.raise_for_info(arithmetic.where(zero.any(-1), first, 0), lambda p, k: (
            f"cholesky_inverse: {p}The diagonal element {k} is zero, the inversion could not "
            "be completed because the input matrix is singular."))
    eye = _creation.eye(L.shape[-1], dtype=L.dtype, device=L.device)
    return cholesky_solve(shape.expand(eye, tuple(L.shape)), L, upper)


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D ``x``: columns ``x^(N-1), ..., x, 1`` (the other way
    round with ``increasing``). Integer and bool inputs give int64, as in PyTorch.

    Args:
        x (Tensor): (n,).
        N (int, optional): the number of columns. Default: n.
        increasing (bool): powers increase left to right. Default: False.

    Returns:
        Tensor: (n, N).

    Raises:
        RuntimeError: ``x`` is not 1-D, or ``N`` is negative.

    >>> tinytorch.vander(tinytorch.tensor([1, 2, 3]))
    tensor([[1, 1, 1],
            [4, 2, 1],
            [9, 3, 1]])
    """
    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    N = x.shape[0] if N is None else N
    if N < 0:
        raise RuntimeError("N must be non-negative.")
    if not x.dtype.is_floating_point:
        x = x.to(_dtype.int64)
    if N > 1:
        powers = linalg_more.vander(x, N=N)
    else:  # no column or the ones
        powers = _creation.ones(x.shape[0], N, dtype=x.dtype, device=x.device)
    return powers if increasing else shape.flip(powers, (-1,))


def nuclear_norm(input, dim=(-2, -1), keepdim=False):
    """The nuclear norm (sum of singular values), PyTorch's deprecated ``torch.nuclear_norm``:
    :func:`tinytorch.linalg.matrix_norm` with ``'nuc'``. Warns as PyTorch does.

    Args:
        input (Tensor): at least 2-D, floating point.
        dim (tuple of 2 ints): the matrix dims. Default: the last two.
        keepdim (bool): keep them as size 1. Default: False.

    Returns:
        Tensor: the norms.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.nuclear_norm(tinytorch.eye(3))
    tensor(3.)
    """
    if isinstance(dim, bool):  # nuclear_norm(input, keepdim) is PyTorch's first overload
        dim, keepdim = (-2, -1), dim
    _deprecated(_JIT_ONLY.format(name="nuclear_norm",
                                 instead="linalg.matrix_norm(A, 'nuc', dim, keepdim)"))
    return linalg_norms.matrix_norm(input, "nuc", tuple(dim), keepdim)


def frobenius_norm(input, dim, keepdim=False):
    """The Frobenius norm over one or two dims, PyTorch's deprecated ``torch.frobenius_norm``:
    :func:`tinytorch.linalg.vector_norm` with ``ord=2`` over ``dim``. Warns as PyTorch does.

    Args:
        input (Tensor): floating point.
        dim (int or tuple of ints): one or two dims.
        keepdim (bool): keep them as size 1. Default: False.

    Returns:
        Tensor: the norms.

    Raises:
        RuntimeError: more than two dims, or an integer input (PyTorch's messages).

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.frobenius_norm(tinytorch.ones(2, 2), (0, 1))
    tensor(2.)
    """
    dim = (dim,) if isinstance(dim, int) else tuple(dim)
    if len(dim) > 2:
        raise RuntimeError(f"Expected at most 2 dimensions, but got {len(dim)} dimensions "
                           f"instead.")
    _deprecated(_JIT_ONLY.format(name="frobenius_norm",
                                 instead="linalg.vector_norm(A, 2., dim, keepdim)"))
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. "
                           f"Got {_dtype.SCALAR_TYPE_NAMES[input.dtype]} instead.")
    return linalg_norms.vector_norm(input, 2, dim, keepdim)


_COND_ORDS = (None, 2, -2, 1, -1, math.inf, -math.inf, "fro", "nuc")


def _ord_text(p):
    return p if isinstance(p, str) else f"{p:g}"


def cond(A, p=None):
    """The condition number of a matrix (or of each in a batch) in the norm ``p``:
    ``‖A‖ ‖A⁻¹‖``. For ``p`` None or 2 (-2) it is the ratio of the largest singular value to
    the smallest (the smallest to the largest), for any shape; for the other norms A must be
    square, and a singular A gives inf. Differentiable (PyTorch's own gradient exists only for
    ``p`` None, 2 and -2).

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        p (int, float or str, optional): None, 2, -2, 1, -1, inf, -inf, ``'fro'`` or
            ``'nuc'``. Default: None (2).

    Returns:
        Tensor: the condition numbers, of A's batch shape (0 for empty matrices).

    Raises:
        RuntimeError: fewer than 2 dims, an unknown ``p``, a non-square A for a ``p`` that
            needs one, or a dtype other than float32/float64 (PyTorch's messages).

    >>> tinytorch.linalg.cond(tinytorch.tensor([[1.0, 0.0], [0.0, 4.0]]))
    tensor(4.)
    >>> tinytorch.linalg.cond(tinytorch.tensor([[1.0, 0.0], [0.0, 4.0]]), "fro")
    tensor(4.2500)
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", cond, A, p)
    if A.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if isinstance(p, bool) or p not in _COND_ORDS:
        raise RuntimeError(f"linalg.cond got an invalid norm type: {_ord_text(p)}")
    spectral = p in (None, 2, -2)
    if not spectral:
        check_matrix(A, f"linalg.cond(ord={_ord_text(p)})")
    if A.shape[-1] == 0 or A.shape[-2] == 0:
        return _creation.zeros(tuple(A.shape[:-2]), dtype=A.dtype, device=A.device)
    if spectral:
        s = linalg_spectral.svdvals(A)
        largest, smallest = s[..., :1], s[..., -1:]
        ratio = arithmetic.div(smallest, largest) if p == -2 else arithmetic.div(largest, smallest)
        return shape.squeeze(ratio, -1)  # PyTorch's result: a view of the ratio
    inverse, info = linalg_more.inv_ex(A)
    singular = info > 0
    # a singular matrix's "inverse" (inf/NaN) is replaced before its norm (an SVD for "nuc")
    inverse = arithmetic.where(shape.unsqueeze(shape.unsqueeze(singular, -1), -1), 0.0, inverse)
    ratio = arithmetic.mul(linalg_norms.matrix_norm(A, p), linalg_norms.matrix_norm(inverse, p))
    return arithmetic.where(singular, math.inf, ratio)
