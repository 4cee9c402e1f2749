"""The Cauchy distribution, after ``torch.distributions.Cauchy``."""

import math

import tinytorch
from tinytorch.distributions.distribution import LocScale

__all__ = ["Cauchy"]


class Cauchy(LocScale):
    """The Cauchy (Lorentz) distribution with median ``loc`` and half width ``scale``:
    the ratio of two independent standard normals, shifted and scaled.

    Args:
        loc (float or Tensor): the mode and median.
        scale (float or Tensor): the half width at half maximum, positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> Cauchy(0.0, 1.0).cdf(tinytorch.tensor(1.0))
    tensor(0.7500)
    """

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Cauchy, batch_shape, ("loc", "scale"), _instance)

    def _full(self, value):
        return tinytorch.full(self._extended_shape(), value, dtype=self.loc.dtype,
                              device=self.loc.device)

    @property
    def mean(self):
        return self._full(math.nan)

    @property
    def variance(self):
        return self._full(math.inf)

    def rsample(self, sample_shape=()):
        # inverse-cdf draw of a standard Cauchy from a uniform on [0, 1)
        u = tinytorch.rand(self._extended_shape(sample_shape), dtype=self.loc.dtype,
                           device=self.loc.device)
        return self.icdf(u)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return (-math.log(math.pi) - self.scale.log()
                - (((value - self.loc) / self.scale) ** 2).log1p())

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return tinytorch.atan((value - self.loc) / self.scale) / math.pi + 0.5

    def icdf(self, value):
        return tinytorch.tan(math.pi * (value - 0.5)) * self.scale + self.loc

    def entropy(self):
        return math.log(4 * math.pi) + self.scale.log()
