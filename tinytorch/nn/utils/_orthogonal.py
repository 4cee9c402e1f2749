"""``nn.utils.parametrizations.orthogonal``: a weight kept orthogonal (orthonormal columns, or
rows when it is wide) by the matrix exponential or Cayley map of a skew-symmetric matrix, or a
product of Householder reflections, as PyTorch's (``torch/nn/utils/parametrizations.py``)."""

import enum

from tinytorch import _creation
from tinytorch import _finfo
from tinytorch._grad_mode import no_grad
from tinytorch._ops import join
from tinytorch._ops import linalg_api
from tinytorch._ops import linalg_more
from tinytorch._ops.compare import allclose
from tinytorch._tensor import Tensor
from tinytorch.nn.modules.module import Module
from tinytorch.nn.utils import parametrize


def _is_orthogonal(Q):
    n, k = Q.shape[-2], Q.shape[-1]
    eye = _creation.eye(k, dtype=Q.dtype, device=Q.device)
    return allclose(Q.mT @ Q, eye, atol=10.0 * n * _finfo.finfo(Q.dtype).eps)


def _make_orthogonal(A):
    """Q of A = QR (A tall), diag(R) non-negative."""
    X, tau = linalg_more.geqrf(A)
    Q = linalg_more.householder_product(X, tau)
    return Q * X.diagonal(dim1=-2, dim2=-1).sign().unsqueeze(-2)


class _OrthMaps(enum.Enum):
    matrix_exp = enum.auto()
    cayley = enum.auto()
    householder = enum.auto()


class _Orthogonal(Module):
    """Q(X) for a tall X (a wide one transposed): exp or Cayley of A = tril(X) - tril(X)ᵀ
    (padded square, Q's first k columns), or the Householder product of X's strict lower
    triangle with τ = 2 / (1 + |v|²) (columns signed by X's diagonal); times ``base`` under
    the dynamic trivialization."""

    def __init__(self, weight, orthogonal_map, *, use_trivialization=True):
        super().__init__()
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, X):
        n, k = X.shape[-2], X.shape[-1]
        transposed = n < k
        if transposed:
            X = X.mT
            n, k = k, n
        if self.orthogonal_map is _OrthMaps.householder:
            A = X.tril(diagonal=-1)
            tau = 2.0 / (1.0 + (A * A).sum(dim=-2))
            Q = linalg_more.householder_product(A, tau)
            Q = Q * X.diagonal(dim1=-2, dim2=-1).int().unsqueeze(-2)
        else:
            X = X.tril()
            if n != k:
                zeros = X.new_zeros(n, n - k).expand(*X.shape[:-2], -1, -1)
                X = join.cat([X, zeros], dim=-1)
            A = X - X.mT
            if self.orthogonal_map is _OrthMaps.matrix_exp:
                Q = linalg_more.matrix_exp(A)
            else:
                eye = _creation.eye(n, dtype=A.dtype, device=A.device)
                Q = linalg_api.solve(eye - 0.5 * A, eye + 0.5 * A)
            Q = Q[..., :k]
        if hasattr(self, "base"):
            Q = self.base @ Q
        return Q.mT if transposed else Q

    def right_inverse(self, Q):
        if Q.shape != self.shape:
            raise ValueError(f"Expected a matrix or batch of matrices of shape {self.shape}. "
                             f"Got a tensor of shape {Q.shape}.")
        with no_grad():
            return self._right_inverse(Q)

    def _right_inverse(self, Q):
        Q_init = Q
        n, k = Q.shape[-2], Q.shape[-1]
        transpose = n < k
        if transpose:
            Q = Q.mT
            n, k = k, n
        if not hasattr(self, "base"):
            if self.orthogonal_map is not _OrthMaps.householder:
                raise NotImplementedError("It is not possible to assign to the matrix exponential "
                                          "or the Cayley parametrizations when "
                                          "use_trivialization=False.")
            A, tau = linalg_more.geqrf(Q)
            sign = A.diagonal(dim1=-2, dim2=-1).sign()
            A.diagonal(dim1=-2, dim2=-1).copy_(sign * (1 - 2 * (tau == 0.0).to(sign.dtype)))
            return A.mT if transpose else A
        if n == k:
            Q = Q.clone() if _is_orthogonal(Q) else _make_orthogonal(Q)
        else:
            N = _creation.randn(*(tuple(Q.shape[:-2]) + (n, n - k)), dtype=Q.dtype, device=Q.device)
            Q = _make_orthogonal(join.cat([Q, N], dim=-1))
        self.base = Q
        neg_eye = _creation.zeros_like(Q_init)
        neg_eye.diagonal(dim1=-2, dim2=-1).fill_(-1.0)
        return neg_eye


def orthogonal(module, name="weight", orthogonal_map=None, *, use_trivialization=True):
    """Makes ``module.<name>`` orthogonal: ``QᵀQ = I`` for a tall (or square) weight,
    ``QQᵀ = I`` for a wide one; a tensor of more dims is a batch of matrices. The weight starts
    as the original if that is orthogonal, else as its orthogonalisation by QR.

    Args:
        module (nn.Module): the module holding the tensor.
        name (str): the parameter or buffer. Default: ``"weight"``.
        orthogonal_map (str, optional): ``"matrix_exp"``, ``"cayley"`` (of a skew-symmetric
            matrix) or ``"householder"`` (a product of reflections). Default: ``"matrix_exp"``
            for a square weight, ``"householder"`` otherwise.
        use_trivialization (bool): keep an extra orthogonal matrix ``base`` (the "dynamic
            trivialization"), ``module.parametrizations.<name>[0].base``. Default: True.

    Returns:
        nn.Module: ``module``, parametrized.

    Raises:
        ValueError: no such tensor, a tensor of fewer than 2 dims, or an unknown map.

    >>> layer = orthogonal(tinytorch.nn.Linear(3, 5))
    >>> Q = layer.weight
    >>> bool(tinytorch.allclose(Q.T @ Q, tinytorch.eye(3), atol=1e-5))
    True
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if weight.ndim < 2:
        raise ValueError("Expected a matrix or batch of matrices. "
                         f"Got a tensor of {weight.ndim} dimensions.")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.shape[-2] == weight.shape[-1] else "householder"
    orth_enum = getattr(_OrthMaps, orthogonal_map, None)
    if orth_enum is None:
        raise ValueError('orthogonal_map has to be one of "matrix_exp", "cayley", "householder". '
                         f"Got: {orthogonal_map}")
    orth = _Orthogonal(weight, orth_enum, use_trivialization=use_trivialization)
    parametrize.register_parametrization(module, name, orth, unsafe=True)
    return module
