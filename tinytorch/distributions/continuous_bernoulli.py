"""The continuous Bernoulli distribution, after ``torch.distributions.ContinuousBernoulli``
(Loaiza-Ganem and Cunningham, NeurIPS 2019)."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.bernoulli import BinaryParam
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import clamp_probs
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import logits_to_probs
from tinytorch.nn.functional import binary_cross_entropy_with_logits

__all__ = ["ContinuousBernoulli"]


class ContinuousBernoulli(BinaryParam):
    """The continuous Bernoulli distribution on [0, 1]: density proportional to
    ``p^x (1 - p)^(1 - x)``. ``probs`` (in (0, 1)) or ``logits`` (its log-odds) name the
    parameter, not a probability; give one, not both. Near ``p = 1/2`` (inside ``lims``) the
    normaliser and moments are Taylor expansions, as PyTorch's.

    Args:
        probs (Number or Tensor): the parameter, in (0, 1) (clamped into it).
        logits (Number or Tensor): its log-odds.
        lims (tuple of float): the unstable region around 1/2. Default: (0.499, 0.501).
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: neither or both of ``probs`` and ``logits`` are given, or
            ``validate_args`` is given and a probability is outside [0, 1].

    >>> ContinuousBernoulli(tinytorch.tensor([0.8])).log_prob(tinytorch.tensor([0.5]))
    tensor([-0.0788])
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, probs=None, logits=None, lims=(0.499, 0.501), validate_args=None):
        batch_shape = self._set_param(probs, logits)
        if probs is not None:
            if validate_args is not None and not self.arg_constraints["probs"].check(
                    self.probs).all():
                raise ValueError("The parameter probs has invalid values")
            self.probs = self._param = clamp_probs(self.probs)
        self._lims = lims
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_binary(ContinuousBernoulli, batch_shape, _instance)
        new._lims = self._lims
        return new

    @lazy_property
    def probs(self):
        """The parameter in (0, 1) (from ``logits`` when those were given)."""
        return clamp_probs(logits_to_probs(self.logits, is_binary=True))

    def _outside_unstable_region(self):
        return (self.probs <= self._lims[0]) | (self.probs > self._lims[1])

    def _cut_probs(self):
        return tinytorch.where(self._outside_unstable_region(), self.probs, self._lims[0])

    def _cont_bern_log_norm(self):
        """The log normalising constant as a function of ``probs``."""
        cut_probs = self._cut_probs()
        below_half = tinytorch.where(cut_probs <= 0.5, cut_probs, 0.0)
        above_half = tinytorch.where(cut_probs >= 0.5, cut_probs, 1.0)
        log_norm = tinytorch.log(tinytorch.abs(tinytorch.log1p(-cut_probs)
                                               - tinytorch.log(cut_probs))) \
            - tinytorch.where(cut_probs <= 0.5, tinytorch.log1p(-2.0 * below_half),
                              tinytorch.log(2.0 * above_half - 1.0))
        x = tinytorch.pow(self.probs - 0.5, 2)
        taylor = math.log(2.0) + (4.0 / 3.0 + 104.0 / 45.0 * x) * x
        return tinytorch.where(self._outside_unstable_region(), log_norm, taylor)

    @property
    def mean(self):
        cut_probs = self._cut_probs()
        mus = cut_probs / (2.0 * cut_probs - 1.0) \
            + 1.0 / (tinytorch.log1p(-cut_probs) - tinytorch.log(cut_probs))
        x = self.probs - 0.5
        taylor = 0.5 + (1.0 / 3.0 + 16.0 / 45.0 * tinytorch.pow(x, 2)) * x
        return tinytorch.where(self._outside_unstable_region(), mus, taylor)

    @property
    def variance(self):
        cut_probs = self._cut_probs()
        variances = cut_probs * (cut_probs - 1.0) / tinytorch.pow(1.0 - 2.0 * cut_probs, 2) \
            + 1.0 / tinytorch.pow(tinytorch.log1p(-cut_probs) - tinytorch.log(cut_probs), 2)
        x = tinytorch.pow(self.probs - 0.5, 2)
        taylor = 1.0 / 12.0 - (1.0 / 15.0 - 128.0 / 945.0 * x) * x
        return tinytorch.where(self._outside_unstable_region(), variances, taylor)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        return self.icdf(tinytorch.rand(shape, dtype=self.probs.dtype, device=self.probs.device))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return (-binary_cross_entropy_with_logits(logits, value, reduction="none")
                + self._cont_bern_log_norm())

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        cut_probs = self._cut_probs()
        cdfs = (tinytorch.pow(cut_probs, value) * tinytorch.pow(1.0 - cut_probs, 1.0 - value)
                + cut_probs - 1.0) / (2.0 * cut_probs - 1.0)
        unbounded_cdfs = tinytorch.where(self._outside_unstable_region(), cdfs, value)
        return tinytorch.where(value <= 0.0, tinytorch.zeros_like(value),
                               tinytorch.where(value >= 1.0, tinytorch.ones_like(value),
                                               unbounded_cdfs))

    def icdf(self, value):
        cut_probs = self._cut_probs()
        return tinytorch.where(
            self._outside_unstable_region(),
            (tinytorch.log1p(-cut_probs + value * (2.0 * cut_probs - 1.0))
             - tinytorch.log1p(-cut_probs))
            / (tinytorch.log(cut_probs) - tinytorch.log1p(-cut_probs)),
            value)

    def entropy(self):
        log_probs0 = tinytorch.log1p(-self.probs)
        log_probs1 = tinytorch.log(self.probs)
        return self.mean * (log_probs0 - log_probs1) - self._cont_bern_log_norm() - log_probs0
