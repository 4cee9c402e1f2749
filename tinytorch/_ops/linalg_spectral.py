"""``torch.linalg``'s eigen-, QR and singular value decompositions and what is built on them
(pinv, matrix_rank), with the old ``torch.svd`` / ``torch.pinverse`` forms."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _finfo
from tinytorch import _grad_mode
from tinytorch._ops import arithmetic
from tinytorch._ops import linalg
from tinytorch._ops import linalg_decomp
from tinytorch._ops import pointwise
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops.linalg_api import check_matrix
from tinytorch._ops.linalg_api import mT
from tinytorch._ops.linalg_api import named_tuple
from tinytorch.amp import autocast_mode as _autocast

linalg_eigh = named_tuple("linalg_eigh", ["eigenvalues", "eigenvectors"])
linalg_qr = named_tuple("linalg_qr", ["Q", "R"])
linalg_svd = named_tuple("linalg_svd", ["U", "S", "Vh"])
svd_type = named_tuple("svd", ["U", "S", "V"])


def _uplo(A, UPLO, op):
    check_matrix(A, op, kernel="linalg_eigh_cpu")
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return linalg_decomp.Eigh.apply(A if UPLO == "L" else mT(A))


def eigh(A, UPLO="L"):
    """Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix, from its
    lower (``UPLO="L"``) or upper triangle. Gradients assume distinct eigenvalues; the
    eigenvectors' signs are LAPACK's.

    Args:
        A (Tensor): (..., n, n), float32 or float64.
        UPLO (str): ``"L"`` or ``"U"``, the triangle read.

    Returns:
        torch.return_types.linalg_eigh: ``(eigenvalues (..., n), eigenvectors (..., n, n))``.

    Raises:
        RuntimeError: ``A`` is not a batch of square float matrices, or a bad ``UPLO``.

    >>> tinytorch.linalg.eigh(tinytorch.tensor([[2., 0.], [0., 1.]])).eigenvalues
    tensor([1., 2.])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", eigh, A, UPLO)
    return linalg_eigh(*_uplo(A, UPLO, "linalg.eigh"))


def eigvalsh(A, UPLO="L"):
    """The eigenvalues (ascending) of a symmetric matrix: :func:`eigh`'s first output.

    Args:
        A (Tensor): (..., n, n), float32 or float64.
        UPLO (str): ``"L"`` or ``"U"``, the triangle read.

    Returns:
        Tensor: (..., n).

    >>> tinytorch.linalg.eigvalsh(tinytorch.tensor([[2., 1.], [1., 2.]]))
    tensor([1., 3.])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", eigvalsh, A, UPLO)
    return _uplo(A, UPLO, "linalg.eigvalsh")[0]


def qr(A, mode="reduced"):
    """QR decomposition ``A = Q R``, Q with orthonormal columns, R upper triangular.

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        mode (str): ``"reduced"`` (Q (..., m, k), R (..., k, n), k = min(m, n)), ``"complete"``
            (Q (..., m, m), R (..., m, n)) or ``"r"`` (R only; Q empty).

    Returns:
        torch.return_types.linalg_qr: ``(Q, R)``.

    Raises:
        RuntimeError: a bad ``mode`` or input (PyTorch's messages).

    >>> q, r = tinytorch.linalg.qr(tinytorch.tensor([[3., 0.], [4., 5.]]))
    >>> r.abs()
    tensor([[5., 4.],
            [0., 3.]])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", qr, A, mode)
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    check_matrix(A, "linalg.qr", square=False)
    if mode == "complete" and A.shape[-2] > A.shape[-1]:
        return linalg_qr(*linalg_decomp.QrComplete.apply(A))
    if mode == "r":
        return linalg_qr(_creation.empty(0, dtype=A.dtype, device=A.device),
                         linalg_decomp.QrR.apply(A))
    return linalg_qr(*linalg_decomp.Qr.apply(A))


def svd(A, full_matrices=True, *, driver=None):
    """Singular value decomposition ``A = U diag(S) Vh``, S descending. Gradients assume
    distinct (and, where m != n, nonzero) singular values; the vectors' signs are LAPACK's.

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        full_matrices (bool): U (..., m, m) and Vh (..., n, n) (True), or (..., m, k) and
            (..., k, n), k = min(m, n).
        driver (None): CUDA's cuSOLVER driver choice; only None is accepted (as on CPU).

    Returns:
        torch.return_types.linalg_svd: ``(U, S, Vh)``.

    Raises:
        RuntimeError: ``driver`` given, or ``A`` not a batch of float matrices.

    >>> tinytorch.linalg.svd(tinytorch.tensor([[3., 0.], [0., -4.]])).S
    tensor([4., 3.])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", svd, A, full_matrices, driver=driver)
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on "
                           "CUDA inputs with cuSOLVER backend.")
    check_matrix(A, "linalg.svd", square=False)
    return linalg_svd(*linalg_decomp.Svd.apply(A, bool(full_matrices)))


def svdvals(A, *, driver=None):
    """The singular values of a matrix, descending.

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        driver (None): as in :func:`svd`.

    Returns:
        Tensor: (..., min(m, n)).

    >>> tinytorch.linalg.svdvals(tinytorch.tensor([[3., 0.], [0., -4.]]))
    tensor([4., 3.])
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", svdvals, A, driver=driver)
    return svd(A, False, driver=driver).S


def svd_legacy(input, some=True, compute_uv=True):
    """``torch.svd``: ``(U, S, V)`` with V (not Vh); ``some`` chooses reduced matrices; without
    ``compute_uv`` U and V are zeros (m, m) and (n, n).

    Args:
        input (Tensor): (..., m, n), float32 or float64.
        some (bool): the reduced decomposition. Default: True.
        compute_uv (bool): compute U and V. Default: True.

    Returns:
        torch.return_types.svd: ``(U, S, V)``.

    >>> tinytorch.svd(tinytorch.tensor([[3., 0.], [0., -4.]])).S
    tensor([4., 3.])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("linalg", svd_legacy, input, some, compute_uv)
    U, S, Vh = svd(input, full_matrices=not some)
    if not compute_uv:
        m, n = input.shape[-2], input.shape[-1]
        batch = tuple(input.shape[:-2])
        return svd_type(_creation.zeros(batch + (m, m), dtype=input.dtype, device=input.device),
                        S.detach(),
                        _creation.zeros(batch + (n, n), dtype=input.dtype, device=input.device))
    return svd_type(U, S, mT(Vh))


def _cutoff(S, atol, rtol, shape_mn):
    """The singular values kept: above max(atol, rtol · S_max) (PyTorch's defaults)."""
    if rtol is None:
        rtol = 0.0 if atol is not None and _positive(atol) else (
            _finfo.finfo(S.dtype).eps * max(shape_mn))
    smax = reduction.amax(S, -1, keepdim=True) if S.shape[-1] else S
    tol = arithmetic.mul(smax.detach(), rtol)
    if isinstance(atol, (int, float)):
        tol = pointwise.clamp(tol, min=atol)
    elif atol is not None:
        tol = arithmetic.maximum(tol, shape.unsqueeze(atol, -1).to(S.dtype))
    return S > tol


def _positive(atol):
    return atol > 0 if isinstance(atol, (int, float)) else bool((atol > 0).any())


def _pinv_check(A):
    if A.ndim < 2 or not A.dtype.is_floating_point or A.dtype.itemsize < 4:
        shape_txt = ", ".join(str(s) for s in A.shape)
        raise RuntimeError(f"linalg.pinv({_dtype.SCALAR_TYPE_NAMES[A.dtype]}{{[{shape_txt}]}}): "
                           "expected a tensor with 2 or more dimensions of float, double, cfloat "
                           "or cdouble types")


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """Moore-Penrose pseudo-inverse through the SVD (or eigh, when ``hermitian``), singular
    values at or below ``max(atol, rtol · σ_max)`` treated as zero.

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        atol (float or Tensor, optional): absolute tolerance. Default: 0.
        rtol (float or Tensor, optional): relative tolerance; default eps · max(m, n), or 0
            when a positive ``atol`` is given.
        hermitian (bool): A is symmetric (its lower triangle is read).

    Returns:
        Tensor: (..., n, m).

    Raises:
        RuntimeError: ``A`` is not a batch of float32/float64 matrices.

    >>> tinytorch.linalg.pinv(tinytorch.tensor([[2., 0.], [0., 0.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.0000]])
    """
    _pinv_check(A)
    with _grad_mode.no_grad():
        if hermitian:
            w, v = linalg_decomp.Eigh.apply(A)
            keep = _cutoff(arithmetic.abs(w), atol, rtol, A.shape[-2:])
            u, vh = v, mT(v)
        else:
            u, w, vh = linalg_decomp.Svd.apply(A, False)
            keep = _cutoff(w, atol, rtol, A.shape[-2:])
        inv_w = arithmetic.where(keep, 1 / arithmetic.where(keep, w, 1.0), 0.0)
        p = linalg.matmul(mT(vh) * shape.unsqueeze(inv_w, -2), mT(u))
    return linalg_decomp.PinvGrad.apply(A, p)


def pinverse(input, rcond=1e-15):
    """``torch.pinverse``: :func:`pinv` with ``rtol=rcond``.

    Args:
        input (Tensor): (..., m, n), float32 or float64.
        rcond (float): relative tolerance. Default: 1e-15.

    Returns:
        Tensor: (..., n, m).

    >>> tinytorch.pinverse(tinytorch.tensor([[2., 0.], [0., 4.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("linalg", pinverse, input, rcond)
    return pinv(input, rtol=rcond)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False):
    """Numerical rank: the number of singular values (``|eigenvalues|`` when ``hermitian``) above
    ``max(atol, rtol · σ_max)`` (the defaults of :func:`pinv`).

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        atol (float or Tensor, optional): absolute tolerance.
        rtol (float or Tensor, optional): relative tolerance.
        hermitian (bool): A is symmetric.

    Returns:
        Tensor: int64 ranks, (...).

    >>> tinytorch.linalg.matrix_rank(tinytorch.ones(3, 3))
    tensor(1)
    """
    if _autocast.on and _autocast.active(A):
        return _autocast.run("linalg", matrix_rank, A, atol=atol, rtol=rtol, hermitian=hermitian)
    check_matrix(A, "linalg.matrix_rank", square=hermitian)
    A = A.detach()
    S = arithmetic.abs(eigvalsh(A)) if hermitian else svdvals(A)
    return reduction.sum(_cutoff(S, atol, rtol, A.shape[-2:]), -1)
