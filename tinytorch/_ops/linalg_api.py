"""``torch.linalg``'s inverse, determinants, solve and factorisations: argument checks with
PyTorch's messages, then the ops of ``linalg_decomp``."""

import warnings

from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import linalg_decomp
from tinytorch._ops import shape
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops._util import return_type as named_tuple
from tinytorch._ops._util import user_stacklevel
from tinytorch.amp import autocast_mode as _autocast

_LOW_PRECISION = (_dtype.float16, _dtype.bfloat16)


linalg_slogdet = named_tuple("linalg_slogdet", ["sign", "logabsdet"])
slogdet_type = named_tuple("slogdet", ["sign", "logabsdet"])


def check_float(x, op, low_precision=False, kernel=None):
    """PyTorch's errors for an integer (or, unless allowed, half-precision) input of a linalg
    function (``kernel``: the function whose NotImplementedError PyTorch raises instead)."""
    if kernel is not None and not x.dtype.is_floating_point:
        not_implemented_for(kernel, x)
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. "
                           f"Got {_dtype.SCALAR_TYPE_NAMES[x.dtype]}")
    if x.dtype in _LOW_PRECISION and not low_precision:
        raise RuntimeError(f"{op}: Low precision dtypes not supported. "
                           f"Got {_dtype.SCALAR_TYPE_NAMES[x.dtype]}")


def check_matrix(x, op, square=True, name="A", low_precision=False, kernel=None):
    """``x`` is a (batch of) float32/float64 (float16/bfloat16 too, if allowed) matrices,
    square if asked (``kernel``: see ``check_float``)."""
    if x.ndim < 2:
        raise RuntimeError(f"{op}: The input tensor {name} must have at least 2 dimensions.")
    check_float(x, op, low_precision, kernel)
    if square and x.shape[-1] != x.shape[-2]:
        raise RuntimeError(f"{op}: A must be batches of square matrices, but they are "
                           f"{x.shape[-2]} by {x.shape[-1]} matrices")


def mT(x):
    return shape.transpose(x, -2, -1)


def column_major(x, name=None):
    """x, a result the caller just computed, with each matrix in column-major order, as LAPACK
    leaves its results and PyTorch's linalg functions return them (a recorded copy unless it
    is so already): a result of its own, its node named ``name`` or as x's (see shape.own)."""
    node = x._grad_fn
    return shape.own(mT(shape.contiguous(mT(x))), name or (node and node.name()))


def inv(A):
    """Inverse of a square matrix (or of each in a batch).

    Args:
        A (Tensor): (..., n, n), float32 or float64.

    Returns:
        Tensor: A⁻¹, (..., n, n).

    Raises:
        RuntimeError: ``A`` is not a batch of square float matrices.
        LinAlgError: a matrix is singular (PyTorch's message, naming the zero pivot).

    >>> tinytorch.linalg.inv(tinytorch.tensor([[2., 0.], [0., 4.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", inv, A)
    check_matrix(A, "linalg.inv")
    return linalg_decomp.Inv.apply(A)


def det(A):
    """Determinant of a square matrix (or of each in a batch).

    Args:
        A (Tensor): (..., n, n), float32 or float64.

    Returns:
        Tensor: det A, (...).

    Raises:
        RuntimeError: ``A`` is not a batch of square float matrices.

    >>> tinytorch.linalg.det(tinytorch.tensor([[2., 0.], [0., 3.]]))
    tensor(6.)
    """
    check_matrix(A, "linalg.det")
    return linalg_decomp.Det.apply(A)


def _slogdet(A, op):
    check_matrix(A, op)
    return linalg_decomp.SlogDet.apply(A)


def slogdet(A):
    """Sign and log of the absolute value of the determinant (stable where det under- or
    overflows); sign is 0 and logabsdet -inf for a singular matrix.

    Args:
        A (Tensor): (..., n, n), float32 or float64.

    Returns:
        torch.return_types.linalg_slogdet: ``(sign, logabsdet)``, each (...).

    >>> tinytorch.linalg.slogdet(tinytorch.tensor([[-2., 0.], [0., 3.]])).sign
    tensor(-1.)
    """
    return linalg_slogdet(*_slogdet(A, "linalg.slogdet"))


def slogdet_legacy(input):
    """``torch.slogdet``: :func:`tinytorch.linalg.slogdet` as a ``torch.return_types.slogdet``.

    Args:
        input (Tensor): (..., n, n), float32 or float64.

    Returns:
        torch.return_types.slogdet: ``(sign, logabsdet)``.

    >>> tinytorch.slogdet(tinytorch.eye(2)).logabsdet
    tensor(0.)
    """
    return slogdet_type(*_slogdet(input, "linalg.slogdet"))


def logdet(input):
    """Log of the determinant: NaN where it is negative, -inf where it is 0.

    Args:
        input (Tensor): (..., n, n), float32 or float64.

    Returns:
        Tensor: log det, (...).

    >>> tinytorch.logdet(2 * tinytorch.eye(2))
    tensor(1.3863)
    """
    sign, logabsdet = _slogdet(input, "logdet")
    return arithmetic.where(sign < 0, float("nan"), logabsdet)


def solve(A, B, *, left=True):
    """The solution X of ``A X = B`` (or of ``X A = B`` when ``left`` is False); batch dims
    broadcast, and a ``B`` of shape (..., n) (``A.shape[:-1]``, or 1-D) is a batch of vectors.

    Args:
        A (Tensor): (..., n, n), float32 or float64.
        B (Tensor): (..., n, k) or (..., n), of ``A``'s dtype.
        left (bool): solve ``A X = B`` (True) or ``X A = B``.

    Returns:
        Tensor: X, of ``B``'s shape with the batch dims broadcast.

    Raises:
        RuntimeError: PyTorch's errors for dims, dtypes and shapes.
        LinAlgError: a matrix ``A`` is singular.

    >>> tinytorch.linalg.solve(tinytorch.tensor([[2., 0.], [0., 4.]]), tinytorch.tensor([2., 2.]))
    tensor([1.0000, 0.5000])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", solve, A, B, left=left)
    A, B, finish = prepare_solve(A, B, left)
    return finish(linalg_decomp.Solve.apply(A, B))


def prepare_solve(A, B, left):
    """PyTorch's checks of ``linalg.solve``'s arguments; returns A and B as one batch of
    ``A X = B`` systems (B (..., n, k)) and the function that gives the X asked for."""
    check_matrix(A, "linalg.solve")
    if B.ndim < 1 + (not left):
        raise RuntimeError("linalg.solve: The input tensor B must have at least 2 dimensions.")
    if A.dtype is not B.dtype:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A "
                           f"of type {names[A.dtype]} and B of type {names[B.dtype]} instead")
    vector = left and (B.ndim == 1 or (B.ndim == A.ndim - 1 and B.shape == A.shape[:-1]))
    if vector:
        B = shape.unsqueeze(B, -1)
    if not left:
        A, B = mT(A), mT(B)
    if B.shape[-2] != A.shape[-1]:
        eq = "AX = B" if left else "XA = B"
        rows, cols = (B.shape[-2], B.shape[-1]) if left else (B.shape[-1], B.shape[-2])
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation {eq} "
                           f"({A.shape[-2]}x{A.shape[-1]} and {rows}x{cols})")
    batch = broadcast_shapes(A.shape[:-2], B.shape[:-2], op="linalg.solve")
    A = shape.expand(A, batch + tuple(A.shape[-2:]))
    B = shape.expand(B, batch + tuple(B.shape[-2:]))

    def finish(X):  # PyTorch's solution is a result of its own (see shape.own)
        if vector:
            return shape.own(shape.squeeze(X, -1))
        return X if left else shape.own(mT(X))
    return A, B, finish


def cholesky(A, *, upper=False):
    """The Cholesky factor of a symmetric positive-definite matrix: L lower triangular with
    ``A = L Lᵀ`` (or Lᵀ, upper triangular, when ``upper``); reads A's lower triangle.

    Args:
        A (Tensor): (..., n, n), float32 or float64.
        upper (bool): return the upper factor Lᵀ.

    Returns:
        Tensor: the factor, (..., n, n).

    Raises:
        RuntimeError: ``A`` is not a batch of square float matrices.
        LinAlgError: a matrix is not positive-definite (PyTorch's message).

    >>> tinytorch.linalg.cholesky(tinytorch.tensor([[4., 2.], [2., 2.]]))
    tensor([[2., 0.],
            [1., 1.]])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", cholesky, A, upper=upper)
    check_matrix(A, "linalg.cholesky")
    L = linalg_decomp.Cholesky.apply(A)
    return shape.own(mT(L)) if upper else L  # PyTorch's kernel writes U: see shape.own


def cholesky_legacy(input, upper=False):
    """``torch.cholesky`` (deprecated in PyTorch, which warns): :func:`tinytorch.linalg.cholesky`
    with ``upper`` positional.

    Args:
        input (Tensor): (..., n, n) symmetric positive-definite.
        upper (bool): return the upper factor.

    Returns:
        Tensor: the factor.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.cholesky(4 * tinytorch.eye(2))
    tensor([[2., 0.],
            [0., 2.]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("linalg", cholesky_legacy, input, upper)
    warnings.warn(_CHOLESKY_DEPRECATED, UserWarning, stacklevel=user_stacklevel())
    return shape.own(cholesky(input, upper=upper), "CholeskyBackward0")  # PyTorch's node


_CHOLESKY_DEPRECATED = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
    "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = "
    "torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced "
    "with\nU = torch.linalg.cholesky(A).mH\nThis transform will produce equivalent results for "
    "all valid (symmetric positive definite) inputs.")
