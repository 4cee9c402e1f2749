"""The exponential distribution, after ``torch.distributions.Exponential``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import broadcast_params

__all__ = ["Exponential"]


class Exponential(Distribution):
    """The exponential distribution with rate ``rate``: density rate exp(-rate x), x >= 0.

    Args:
        rate (float or Tensor): rate = 1 / scale, positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> Exponential(2.0).mean
    tensor(0.5000)
    """

    arg_constraints = {"rate": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, rate, validate_args=None):
        (self.rate,), batch_shape = broadcast_params(rate)
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Exponential, batch_shape, ("rate",), _instance)

    @property
    def mean(self):
        return self.rate.reciprocal()

    @property
    def mode(self):
        return tinytorch.zeros_like(self.rate)

    @property
    def stddev(self):
        return self.rate.reciprocal()

    @property
    def variance(self):
        return self.rate.pow(-2)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        # inverse-cdf draw: -log(1 - u) is a standard exponential draw for u in [0, 1)
        u = tinytorch.rand(shape, dtype=self.rate.dtype, device=self.rate.device)
        return -tinytorch.log1p(-u) / self.rate

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self.rate.log() - self.rate * value

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 1 - tinytorch.exp(-self.rate * value)

    def icdf(self, value):
        return -tinytorch.log1p(-value) / self.rate

    def entropy(self):
        return 1.0 - tinytorch.log(self.rate)
