"""The normal (Gaussian) distribution, after ``torch.distributions.Normal``."""

import math

import tinytorch
from tinytorch.distributions.distribution import LocScale
from tinytorch.distributions.utils import standard_normal

__all__ = ["Normal"]


class Normal(LocScale):
    """The normal distribution with mean ``loc`` and standard deviation ``scale``.

    Args:
        loc (float or Tensor): the mean (mu).
        scale (float or Tensor): the standard deviation (sigma), positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> m = Normal(tinytorch.tensor([0.0]), tinytorch.tensor([1.0]))
    >>> m.log_prob(tinytorch.tensor([1.0]))
    tensor([-1.4189])
    """

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Normal, batch_shape, ("loc", "scale"), _instance)

    @property
    def mean(self):
        return self.loc

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return self.stddev.pow(2)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        eps = standard_normal(shape, dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + eps * self.scale

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        var = self.scale ** 2
        return (-((value - self.loc) ** 2) / (2 * var) - self.scale.log()
                - math.log(math.sqrt(2 * math.pi)))

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 * (1 + tinytorch.erf((value - self.loc) * self.scale.reciprocal()
                                        / math.sqrt(2)))

    def icdf(self, value):
        return self.loc + self.scale * tinytorch.erfinv(2 * value - 1) * math.sqrt(2)

    def entropy(self):
        return 0.5 + 0.5 * math.log(2 * math.pi) + tinytorch.log(self.scale)
