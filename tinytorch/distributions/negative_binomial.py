"""The negative binomial distribution, after ``torch.distributions.NegativeBinomial``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.binomial import TrialCounts
from tinytorch.distributions.gamma import Gamma
from tinytorch.distributions.utils import lazy_property
from tinytorch.nn.functional import logsigmoid

__all__ = ["NegativeBinomial"]


class NegativeBinomial(TrialCounts):
    """The number of successes of Bernoulli trials of success probability ``probs`` (or
    log-odds ``logits``; give one, not both) before ``total_count`` failures: a Poisson with a
    Gamma(``total_count``, ``exp(-logits)``) rate. ``total_count`` may be any non-negative
    real.

    Args:
        total_count (float or Tensor): the number of failures, non-negative.
        probs (Tensor): the success probability, in [0, 1).
        logits (Tensor): the log-odds of success.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: neither or both of ``probs`` and ``logits`` are given.

    >>> NegativeBinomial(2.0, tinytorch.tensor([0.5])).log_prob(tinytorch.tensor([1.0]))
    tensor([-1.3863])
    """

    arg_constraints = {"total_count": constraints.greater_than_eq(0),
                       "probs": constraints.half_open_interval(0.0, 1.0),
                       "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, total_count, probs=None, logits=None, validate_args=None):
        super().__init__(total_count, probs, logits, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return super().expand(batch_shape,
                              self._get_checked_instance(NegativeBinomial, _instance))

    @property
    def mean(self):
        return self.total_count * tinytorch.exp(self.logits)

    @property
    def mode(self):
        return ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0)

    @property
    def variance(self):
        return self.mean / tinytorch.sigmoid(-self.logits)

    @lazy_property
    def _gamma(self):
        # not validated: total_count may be 0
        return Gamma(concentration=self.total_count, rate=tinytorch.exp(-self.logits),
                     validate_args=False)

    def sample(self, sample_shape=()):
        with tinytorch.no_grad():
            return tinytorch.poisson(self._gamma.sample(sample_shape=sample_shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        log_unnormalized_prob = (self.total_count * logsigmoid(-self.logits)
                                 + value * logsigmoid(self.logits))
        log_normalization = (-tinytorch.lgamma(self.total_count + value)
                             + tinytorch.lgamma(1.0 + value) + tinytorch.lgamma(self.total_count))
        # total_count = 0 at value 0 has probability 1, but lgamma(0) is infinite
        log_normalization = log_normalization.masked_fill(self.total_count + value == 0.0, 0.0)
        return log_unnormalized_prob - log_normalization
