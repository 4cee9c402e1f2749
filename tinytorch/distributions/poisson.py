"""The Poisson distribution, after ``torch.distributions.Poisson``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import broadcast_params

__all__ = ["Poisson"]


class Poisson(Distribution):
    """The Poisson distribution with rate ``rate``: ``P(k) = rate^k exp(-rate) / k!``.

    Args:
        rate (Number or Tensor): the rate (mean), non-negative.
        validate_args (bool, optional): see ``Distribution``.

    >>> Poisson(tinytorch.tensor([2.0])).log_prob(tinytorch.tensor([1.0]))
    tensor([-1.3069])
    """

    arg_constraints = {"rate": constraints.nonnegative}
    support = constraints.nonnegative_integer

    def __init__(self, rate, validate_args=None):
        (self.rate,), batch_shape = broadcast_params(rate)
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Poisson, batch_shape, ("rate",), _instance)

    @property
    def mean(self):
        return self.rate

    @property
    def mode(self):
        return self.rate.floor()

    @property
    def variance(self):
        return self.rate

    def sample(self, sample_shape=()):
        with tinytorch.no_grad():
            return tinytorch.poisson(self.rate.expand(self._extended_shape(sample_shape)))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        rate, value = broadcast_all(self.rate, value)
        return value.xlogy(rate) - rate - (value + 1).lgamma()
