"""Transforms onto Cholesky factors, after ``torch.distributions.transforms``:
``LowerCholeskyTransform``, ``PositiveDefiniteTransform`` and ``CorrCholeskyTransform``."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.transforms._base import Transform
from tinytorch.nn import functional as F

__all__ = ["CorrCholeskyTransform", "LowerCholeskyTransform", "PositiveDefiniteTransform"]


class LowerCholeskyTransform(Transform):
    """Unconstrained square matrices to lower-triangular ones with a positive diagonal: the
    strictly lower part kept, the diagonal exponentiated (not bijective: the upper part is
    dropped).

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> LowerCholeskyTransform()(tinytorch.zeros(2, 2))
    tensor([[1., 0.],
            [0., 1.]])
    """

    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.lower_cholesky

    def __eq__(self, other):
        return isinstance(other, LowerCholeskyTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return x.tril(-1) + x.diagonal(dim1=-2, dim2=-1).exp().diag_embed()

    def _inverse(self, y):
        return y.tril(-1) + y.diagonal(dim1=-2, dim2=-1).log().diag_embed()


class PositiveDefiniteTransform(Transform):
    """Unconstrained square matrices to positive-definite ones: ``L L^T`` with ``L`` from
    ``LowerCholeskyTransform``.

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> PositiveDefiniteTransform()(tinytorch.zeros(2, 2))
    tensor([[1., 0.],
            [0., 1.]])
    """

    domain = constraints.independent(constraints.real, 2)
    codomain = constraints.positive_definite

    def __eq__(self, other):
        return isinstance(other, PositiveDefiniteTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        x = LowerCholeskyTransform()(x)
        return x @ x.mT

    def _inverse(self, y):
        return LowerCholeskyTransform().inv(tinytorch.linalg.cholesky(y))


def _tril_indices(n, diag, device):
    """The (rows, cols) of the entries of an n x n matrix on or below diagonal ``diag``, in
    row order."""
    return tinytorch.tril_indices(n, n, offset=diag, device=device)


def tril_matrix_to_vec(mat, diag=0):
    """The entries of (a batch of) square matrices on or below diagonal ``diag``, row by row.
    """
    n = mat.shape[-1]
    if diag < -n or diag >= n:
        raise ValueError(f"diag ({diag}) provided is outside [{-n}, {n - 1}].")
    rows, cols = _tril_indices(n, diag, mat.device)
    return mat[..., rows, cols]


def vec_to_tril_matrix(vec, diag=0):
    """The square matrices whose entries on or below diagonal ``diag`` are ``vec``'s, row by
    row (zero elsewhere)."""
    # the positive root of D^2 + (1 + 2 diag) D - |diag| (diag + 1) - 2 len(vec) = 0
    n = (-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * vec.shape[-1]
                            + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2
    if round(n) - n > tinytorch.finfo(vec.dtype).eps:
        raise ValueError(f"The size of last dimension is {vec.shape[-1]} which cannot be "
                         "expressed as the lower triangular part of a square D x D matrix.")
    n = round(n)
    mat = tinytorch.zeros(tuple(vec.shape[:-1]) + (n, n), dtype=vec.dtype, device=vec.device)
    rows, cols = _tril_indices(n, diag, vec.device)
    mat[..., rows, cols] = vec
    return mat


class CorrCholeskyTransform(Transform):
    """Unconstrained vectors of length D(D-1)/2 to Cholesky factors of D x D correlation
    matrices (lower triangular, positive diagonal, unit rows): each row of the strictly lower
    part through ``tanh`` and a signed stick-breaking onto the unit sphere.

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> CorrCholeskyTransform()(tinytorch.zeros(1))
    tensor([[1., 0.],
            [0., 1.]])
    """

    domain = constraints.real_vector
    codomain = constraints.corr_cholesky
    bijective = True

    def __eq__(self, other):
        return isinstance(other, CorrCholeskyTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        eps = tinytorch.finfo(x.dtype).eps
        r = vec_to_tril_matrix(tinytorch.tanh(x).clamp(min=-1 + eps, max=1 - eps), diag=-1)
        z1m_cumprod_sqrt = (1 - r ** 2).sqrt().cumprod(-1)
        r = r + tinytorch.eye(r.shape[-1], dtype=r.dtype, device=r.device)
        return r * F.pad(z1m_cumprod_sqrt[..., :-1], [1, 0], value=1)

    def _inverse(self, y):
        y_cumsum = 1 - tinytorch.cumsum(y * y, dim=-1)
        y_cumsum_shifted = F.pad(y_cumsum[..., :-1], [1, 0], value=1)
        t = tril_matrix_to_vec(y, diag=-1) / tril_matrix_to_vec(y_cumsum_shifted,
                                                                 diag=-1).sqrt()
        return (t.log1p() - t.neg().log1p()) / 2

    def log_abs_det_jacobian(self, x, y, intermediates=None):
        y1m_cumsum_tril = tril_matrix_to_vec(1 - (y * y).cumsum(dim=-1), diag=-2)
        stick_breaking_logdet = 0.5 * y1m_cumsum_tril.log().sum(-1)
        tanh_logdet = -2 * (x + F.softplus(-2 * x) - math.log(2.0)).sum(dim=-1)
        return stick_breaking_logdet + tanh_logdet

    def forward_shape(self, shape):
        """The shape of the factors of vectors of ``shape``: ``(..., D, D)``.

        Args:
            shape (tuple of int): ``(..., D(D-1)/2)``.

        Returns:
            tuple of int: ``(..., D, D)``.

        Raises:
            ValueError: ``shape`` is 0-d or its last size is not a triangular number
                (PyTorch's messages).

        >>> CorrCholeskyTransform().forward_shape((5, 3))
        (5, 3, 3)
        """
        if len(shape) < 1:
            raise ValueError("Too few dimensions on input")
        n = shape[-1]
        d = round((0.25 + 2 * n) ** 0.5 + 0.5)
        if d * (d - 1) // 2 != n:
            raise ValueError("Input is not a flattened lower-diagonal number")
        return tuple(shape[:-1]) + (d, d)

    def inverse_shape(self, shape):
        """The shape of the vectors of factors of ``shape``.

        Args:
            shape (tuple of int): ``(..., D, D)``.

        Returns:
            tuple of int: ``(..., D(D-1)/2)``.

        Raises:
            ValueError: ``shape`` has fewer than 2 dimensions or is not square (PyTorch's
                messages).

        >>> CorrCholeskyTransform().inverse_shape((5, 3, 3))
        (5, 3)
        """
        if len(shape) < 2:
            raise ValueError("Too few dimensions on input")
        if shape[-2] != shape[-1]:
            raise ValueError("Input is not square")
        d = shape[-1]
        return tuple(shape[:-2]) + (d * (d - 1) // 2,)
