"""The binomial distribution, after ``torch.distributions.Binomial``, and the constructor it
shares with ``NegativeBinomial`` (a count of trials and a success probability)."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.bernoulli import BinaryParam
from tinytorch.distributions.bernoulli import check_one_of
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import enumerate_values

__all__ = ["Binomial"]


class TrialCounts(BinaryParam):
    """A count distribution of ``total_count`` and ``probs`` or ``logits`` (log-odds of
    success, each computed from the other on first use), broadcast together; ``total_count``
    takes the parameter's dtype."""

    def __init__(self, total_count, probs=None, logits=None, validate_args=None):
        check_one_of(probs, logits)
        if probs is not None:
            self.total_count, self.probs = broadcast_all(total_count, probs)
            self._param = self.probs
        else:
            self.total_count, self.logits = broadcast_all(total_count, logits)
            self._param = self.logits
        self.total_count = self.total_count.type_as(self._param)
        super().__init__(self._param.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_params(type(self), batch_shape, ("total_count", "probs", "logits"),
                                  _instance)
        new._param = new.probs if "probs" in self.__dict__ else new.logits
        return new


class Binomial(TrialCounts):
    """The number of successes in ``total_count`` Bernoulli trials of success probability
    ``probs`` (or log-odds ``logits``; give one, not both); ``total_count`` broadcasts with it.

    Args:
        total_count (int or Tensor): the number of trials. Default: 1.
        probs (Tensor): the success probability.
        logits (Tensor): the log-odds of success.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: neither or both of ``probs`` and ``logits`` are given.

    >>> Binomial(4, tinytorch.tensor([0.5])).log_prob(tinytorch.tensor([2.0]))
    tensor([-0.9808])
    """

    arg_constraints = {"total_count": constraints.nonnegative_integer,
                       "probs": constraints.unit_interval, "logits": constraints.real}
    has_enumerate_support = True

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        super().__init__(total_count, probs, logits, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return super().expand(batch_shape, self._get_checked_instance(Binomial, _instance))

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self.total_count)

    @property
    def mean(self):
        return self.total_count * self.probs

    @property
    def mode(self):
        return ((self.total_count + 1) * self.probs).floor().clamp(max=self.total_count)

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        with tinytorch.no_grad():
            return tinytorch.binomial(self.total_count.expand(shape).contiguous(),
                                      self.probs.expand(shape).contiguous())

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        n, logits = self.total_count, self.logits
        # k log p + (n - k) log(1 - p) = k logit - n max(logit, 0) - n log1p(e^-|logit|),
        # max(logit, 0) written so that its gradient at 0 is 1/2 (as PyTorch's)
        clamp_by_zero = (logits.clamp(min=0) + logits - logits.clamp(max=0)) / 2
        normalize_term = (n * clamp_by_zero + n * tinytorch.log1p(tinytorch.exp(-logits.abs()))
                          - tinytorch.lgamma(n + 1))
        return (value * logits - tinytorch.lgamma(value + 1) - tinytorch.lgamma(n - value + 1)
                - normalize_term)

    def _homogeneous_count(self, what):
        total_count = int(self.total_count.max())
        if not self.total_count.min() == total_count:
            raise NotImplementedError(f"Inhomogeneous total count not supported by `{what}`.")
        return total_count

    def entropy(self):
        self._homogeneous_count("entropy")
        log_prob = self.log_prob(self.enumerate_support(False))
        return -(tinytorch.exp(log_prob) * log_prob).sum(0)

    def enumerate_support(self, expand=True):
        total_count = self._homogeneous_count("enumerate_support")
        return enumerate_values(1 + total_count, self._param, self._batch_shape, expand)
