"""The multivariate normal with a low-rank-plus-diagonal covariance, after
``torch.distributions.LowRankMultivariateNormal``: log-determinant and Mahalanobis distance
through the small capacitance matrix ``I + W^T D^-1 W`` (matrix determinant lemma, Woodbury
identity)."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.multivariate_normal import batch_mahalanobis
from tinytorch.distributions.multivariate_normal import batch_mv
from tinytorch.distributions.multivariate_normal import solve_tril
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import size
from tinytorch.distributions.utils import standard_normal

__all__ = ["LowRankMultivariateNormal"]


def _plus_identity(K):
    return K + tinytorch.eye(K.shape[-1], dtype=K.dtype, device=K.device)


def batch_capacitance_tril(W, D):
    """The Cholesky factor of ``I + W^T D^-1 W`` for batches of matrices W, vectors D."""
    return tinytorch.linalg.cholesky(_plus_identity(tinytorch.matmul(W.mT / D.unsqueeze(-2), W)))


def batch_lowrank_logdet(W, D, capacitance_tril):
    """``log|W W^T + D| = log|C| + log|D|`` (matrix determinant lemma)."""
    return 2 * capacitance_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1) + D.log().sum(-1)


def batch_lowrank_mahalanobis(W, D, x, capacitance_tril):
    """``x^T (W W^T + D)^-1 x`` through the Woodbury identity."""
    Wt_Dinv_x = batch_mv(W.mT / D.unsqueeze(-2), x)
    return (x.pow(2) / D).sum(-1) - batch_mahalanobis(capacitance_tril, Wt_Dinv_x)


class LowRankMultivariateNormal(Distribution):
    """The multivariate normal with covariance ``cov_factor @ cov_factor.T + diag(cov_diag)``;
    determinants and inverses go through the rank x rank capacitance matrix.

    Args:
        loc (Tensor): the mean, ``batch_shape + event_shape``.
        cov_factor (Tensor): the low-rank factor, ``batch_shape + event_shape + (rank,)``.
        cov_diag (Tensor): the diagonal part, positive, ``batch_shape + event_shape``.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: a parameter has too few dimensions, the shapes do not match, or the batch
            shapes do not broadcast (PyTorch's messages).

    >>> d = LowRankMultivariateNormal(tinytorch.zeros(2), tinytorch.tensor([[1.0], [0.0]]),
    ...                               tinytorch.ones(2))
    >>> d.covariance_matrix
    tensor([[2., 0.],
            [0., 1.]])
    """

    arg_constraints = {"loc": constraints.real_vector,
                       "cov_factor": constraints.independent(constraints.real, 2),
                       "cov_diag": constraints.independent(constraints.positive, 1)}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, cov_factor, cov_diag, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        event_shape = loc.shape[-1:]
        if cov_factor.dim() < 2:
            raise ValueError("cov_factor must be at least two-dimensional, with optional "
                             "leading batch dimensions")
        if cov_factor.shape[-2:-1] != event_shape:
            raise ValueError(f"cov_factor must be a batch of matrices with shape "
                             f"{event_shape[0]} x m")
        if cov_diag.shape[-1:] != event_shape:
            raise ValueError(f"cov_diag must be a batch of vectors with shape {event_shape}")
        try:
            loc_, self.cov_factor, cov_diag_ = tinytorch.broadcast_tensors(
                loc.unsqueeze(-1), cov_factor, cov_diag.unsqueeze(-1))
        except RuntimeError as e:
            raise ValueError(f"Incompatible batch shapes: loc {loc.shape}, cov_factor "
                             f"{cov_factor.shape}, cov_diag {cov_diag.shape}") from e
        self.loc = loc_[..., 0]
        self.cov_diag = cov_diag_[..., 0]
        self._unbroadcasted_cov_factor = cov_factor
        self._unbroadcasted_cov_diag = cov_diag
        self._capacitance_tril = batch_capacitance_tril(cov_factor, cov_diag)
        super().__init__(self.loc.shape[:-1], event_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_params(LowRankMultivariateNormal, batch_shape, ("loc", "cov_diag"),
                                  _instance, event_shape=self.event_shape)
        new.cov_factor = self.cov_factor.expand(
            size(batch_shape, self.event_shape, self.cov_factor.shape[-1:]))
        new._unbroadcasted_cov_factor = self._unbroadcasted_cov_factor
        new._unbroadcasted_cov_diag = self._unbroadcasted_cov_diag
        new._capacitance_tril = self._capacitance_tril
        return new

    def _matrix_shape(self):
        return size(self._batch_shape, self._event_shape, self._event_shape)

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return (self._unbroadcasted_cov_factor.pow(2).sum(-1)
                + self._unbroadcasted_cov_diag).expand(size(self._batch_shape,
                                                            self._event_shape))

    @lazy_property
    def scale_tril(self):
        """The Cholesky factor of the covariance, from the well-conditioned
        ``D^1/2 (I + D^-1/2 W W^T D^-1/2) D^1/2`` (eigenvalues of the middle factor >= 1)."""
        cov_diag_sqrt_unsqueeze = self._unbroadcasted_cov_diag.sqrt().unsqueeze(-1)
        Dinvsqrt_W = self._unbroadcasted_cov_factor / cov_diag_sqrt_unsqueeze
        K = _plus_identity(tinytorch.matmul(Dinvsqrt_W, Dinvsqrt_W.mT))
        return (cov_diag_sqrt_unsqueeze * tinytorch.linalg.cholesky(K)).expand(
            self._matrix_shape())

    @lazy_property
    def covariance_matrix(self):
        """``W W^T + diag(D)``."""
        W = self._unbroadcasted_cov_factor
        return (tinytorch.matmul(W, W.mT) + tinytorch.diag_embed(
            self._unbroadcasted_cov_diag)).expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self):
        """``D^-1 - D^-1 W C^-1 W^T D^-1`` (Woodbury), C the capacitance matrix."""
        Wt_Dinv = self._unbroadcasted_cov_factor.mT / self._unbroadcasted_cov_diag.unsqueeze(-2)
        A = solve_tril(self._capacitance_tril, Wt_Dinv)
        return (tinytorch.diag_embed(self._unbroadcasted_cov_diag.reciprocal())
                - A.mT @ A).expand(self._matrix_shape())

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        W_shape = shape[:-1] + self.cov_factor.shape[-1:]
        eps_W = standard_normal(W_shape, dtype=self.loc.dtype, device=self.loc.device)
        eps_D = standard_normal(shape, dtype=self.loc.dtype, device=self.loc.device)
        return (self.loc + batch_mv(self._unbroadcasted_cov_factor, eps_W)
                + self._unbroadcasted_cov_diag.sqrt() * eps_D)

    def _log_det(self):
        return batch_lowrank_logdet(self._unbroadcasted_cov_factor,
                                    self._unbroadcasted_cov_diag, self._capacitance_tril)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        M = batch_lowrank_mahalanobis(self._unbroadcasted_cov_factor,
                                      self._unbroadcasted_cov_diag, value - self.loc,
                                      self._capacitance_tril)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + self._log_det() + M)

    def entropy(self):
        H = 0.5 * (self._event_shape[0] * (1.0 + math.log(2 * math.pi)) + self._log_det())
        if len(self._batch_shape) == 0:
            return H
        return H.expand(self._batch_shape)
