"""The multivariate normal distribution, after ``torch.distributions.MultivariateNormal``.

Every computation goes through the lower-triangular factor L (Sigma = L L^T), solving with it
by ``tinytorch.linalg.solve_triangular`` as PyTorch does."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import size
from tinytorch.distributions.utils import standard_normal

__all__ = ["MultivariateNormal"]


def batch_mv(bmat, bvec):
    return tinytorch.matmul(bmat, bvec.unsqueeze(-1)).squeeze(-1)


def solve_tril(L, B):
    """L^-1 B, L and B broadcast over their batch dimensions."""
    return tinytorch.linalg.solve_triangular(L, B, upper=False)


def batch_mahalanobis(bL, bx):
    """x^T (L L^T)^-1 x = |L^-1 x|^2 for each vector of ``bx``; ``bL`` broadcasts to it."""
    return solve_tril(bL, bx.unsqueeze(-1)).squeeze(-1).pow(2).sum(-1)


def half_log_det(L):
    return L.diagonal(dim1=-2, dim2=-1).log().sum(-1)


def _precision_to_scale_tril(P):
    # L of Sigma = P^-1 from the Cholesky factor of P with its rows and columns reversed
    Lf = tinytorch.linalg.cholesky(tinytorch.flip(P, (-2, -1)))
    L_inv = tinytorch.transpose(tinytorch.flip(Lf, (-2, -1)), -2, -1)
    eye = tinytorch.eye(P.shape[-1], dtype=P.dtype, device=P.device)
    return solve_tril(L_inv, eye)


def _check_matrix(name, matrix, message):
    if matrix.dim() < 2:
        raise ValueError(f"{name}{message}, with optional leading batch dimensions")


class MultivariateNormal(Distribution):
    """The multivariate normal distribution with mean vector ``loc`` and a covariance given by
    exactly one of ``covariance_matrix``, ``precision_matrix`` (its inverse) or ``scale_tril``
    (its lower-triangular Cholesky factor L, positive diagonal: Sigma = L L^T).

    Args:
        loc (Tensor): the mean, ``batch_shape + (n,)``.
        covariance_matrix (Tensor): positive-definite covariance, ``(..., n, n)``.
        precision_matrix (Tensor): positive-definite precision, ``(..., n, n)``.
        scale_tril (Tensor): lower-triangular factor of the covariance, ``(..., n, n)``.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: ``loc`` is 0-d, not exactly one matrix is given, or it is less than 2-D.

    >>> m = MultivariateNormal(tinytorch.zeros(2), tinytorch.eye(2))
    >>> m.log_prob(tinytorch.zeros(2))
    tensor(-1.8379)
    """

    arg_constraints = {"loc": constraints.real_vector,
                       "covariance_matrix": constraints.positive_definite,
                       "precision_matrix": constraints.positive_definite,
                       "scale_tril": constraints.lower_cholesky}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, covariance_matrix=None, precision_matrix=None, scale_tril=None,
                 validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        given = {"scale_tril": scale_tril, "covariance_matrix": covariance_matrix,
                 "precision_matrix": precision_matrix}
        given = {k: v for k, v in given.items() if v is not None}
        if len(given) != 1:
            raise ValueError("Exactly one of covariance_matrix or precision_matrix or "
                             "scale_tril may be specified.")
        ((name, matrix),) = given.items()
        _check_matrix(name, matrix, " must be at least two-dimensional" if name != "scale_tril"
                      else " matrix must be at least two-dimensional")
        batch_shape = tinytorch.broadcast_shapes(matrix.shape[:-2], loc.shape[:-1])
        setattr(self, name, matrix.expand(size(batch_shape, (-1, -1))))
        self.loc = loc.expand(size(batch_shape, (-1,)))
        super().__init__(batch_shape, self.loc.shape[-1:], validate_args=validate_args)
        if scale_tril is not None:
            self._unbroadcasted_scale_tril = scale_tril
        elif covariance_matrix is not None:
            self._unbroadcasted_scale_tril = tinytorch.linalg.cholesky(covariance_matrix)
        else:
            self._unbroadcasted_scale_tril = _precision_to_scale_tril(precision_matrix)

    def expand(self, batch_shape, _instance=None):
        n = self.event_shape[0]
        new = self._expand_params(MultivariateNormal, batch_shape, ("loc",), _instance,
                                  event_shape=(n,))
        new = self._expand_params(MultivariateNormal, batch_shape,
                                  ("covariance_matrix", "scale_tril", "precision_matrix"),
                                  new, event_shape=(n, n))
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril
        return new

    def _matrix_shape(self):
        return size(self._batch_shape, self._event_shape, self._event_shape)

    @lazy_property
    def scale_tril(self):
        """The lower-triangular factor L of the covariance."""
        return self._unbroadcasted_scale_tril.expand(self._matrix_shape())

    @lazy_property
    def covariance_matrix(self):
        """The covariance L L^T."""
        L = self._unbroadcasted_scale_tril
        return tinytorch.matmul(L, L.mT).expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self):
        """The precision (inverse covariance) L^-T L^-1."""
        L = self._unbroadcasted_scale_tril
        eye = tinytorch.eye(L.shape[-1], dtype=L.dtype, device=L.device)
        L_inv = solve_tril(L, eye)
        return tinytorch.matmul(L_inv.mT, L_inv).expand(self._matrix_shape())

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return self._unbroadcasted_scale_tril.pow(2).sum(-1).expand(
            size(self._batch_shape, self._event_shape))

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        eps = standard_normal(shape, dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + batch_mv(self._unbroadcasted_scale_tril, eps)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        diff = value - self.loc
        M = batch_mahalanobis(self._unbroadcasted_scale_tril, diff)
        return (-0.5 * (self._event_shape[0] * math.log(2 * math.pi) + M)
                - half_log_det(self._unbroadcasted_scale_tril))

    def entropy(self):
        H = (0.5 * self._event_shape[0] * (1.0 + math.log(2 * math.pi))
             + half_log_det(self._unbroadcasted_scale_tril))
        if len(self._batch_shape) == 0:
            return H
        return H.expand(self._batch_shape)
