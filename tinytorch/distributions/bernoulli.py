"""The Bernoulli distribution, after ``torch.distributions.Bernoulli``."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import broadcast_params
from tinytorch.distributions.utils import enumerate_values
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import logits_to_probs
from tinytorch.distributions.utils import probs_to_logits
from tinytorch.nn.functional import binary_cross_entropy_with_logits

__all__ = ["Bernoulli"]


def check_one_of(probs, logits):
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")


class BinaryParam(Distribution):
    """A family of one probability given as ``probs`` or as ``logits`` (its log-odds), not
    both; the other is computed on first use."""

    def _set_param(self, probs, logits):
        """Sets the given parameter (and ``_param``); returns the batch shape."""
        check_one_of(probs, logits)
        name, value = ("probs", probs) if probs is not None else ("logits", logits)
        (param,), batch_shape = broadcast_params(value)
        setattr(self, name, param)
        self._param = param
        return batch_shape

    def _expand_binary(self, cls, batch_shape, _instance):
        new = self._expand_params(cls, batch_shape, ("probs", "logits"), _instance)
        new._param = new.probs if "probs" in self.__dict__ else new.logits
        return new

    @lazy_property
    def logits(self):
        """The log-odds (from ``probs`` when those were given)."""
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        """The probability (from ``logits`` when those were given)."""
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def param_shape(self):
        """The shape of the given parameter."""
        return self._param.size()


class Bernoulli(BinaryParam):
    """The Bernoulli distribution: 1 with probability ``probs``, 0 otherwise. Give ``probs``
    or ``logits`` (log-odds), not both; the other is computed on first use.

    Args:
        probs (Number or Tensor): the probability of 1.
        logits (Number or Tensor): the log-odds of 1.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: neither or both of ``probs`` and ``logits`` are given.

    >>> Bernoulli(tinytorch.tensor([0.3])).log_prob(tinytorch.tensor([1.0]))
    tensor([-1.2040])
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        super().__init__(self._set_param(probs, logits), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_binary(Bernoulli, batch_shape, _instance)

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        mode = (self.probs >= 0.5).to(self.probs)
        return tinytorch.where(self.probs == 0.5, math.nan, mode)

    @property
    def variance(self):
        return self.probs * (1 - self.probs)


    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        with tinytorch.no_grad():
            probs = self.probs.expand(shape)
            u = tinytorch.rand(shape, dtype=probs.dtype, device=probs.device)
            return (u < probs).to(probs.dtype)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -binary_cross_entropy_with_logits(logits, value, reduction="none")

    def entropy(self):
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")

    def enumerate_support(self, expand=True):
        return enumerate_values(2, self._param, self._batch_shape, expand)
