"""The Weibull distribution, after ``torch.distributions.Weibull``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.exponential import Exponential
from tinytorch.distributions.transformed_distribution import TransformedDistribution
from tinytorch.distributions.transforms import AffineTransform
from tinytorch.distributions.transforms import PowerTransform
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import euler_constant

__all__ = ["Weibull"]


class Weibull(TransformedDistribution):
    """The Weibull distribution: ``scale * E ** (1 / concentration)``, ``E ~ Exponential(1)``.

    Args:
        scale (float or Tensor): the scale (lambda), positive.
        concentration (float or Tensor): the shape (k), positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> Weibull(1.0, 1.0).log_prob(tinytorch.tensor(2.0))
    tensor(-2.)
    """

    arg_constraints = {"scale": constraints.positive, "concentration": constraints.positive}
    support = constraints.positive

    def __init__(self, scale, concentration, validate_args=None):
        self.scale, self.concentration = broadcast_all(scale, concentration)
        base_dist = Exponential(tinytorch.ones_like(self.scale), validate_args=validate_args)
        super().__init__(base_dist, self._transforms(), validate_args=validate_args)

    def _transforms(self):
        self.concentration_reciprocal = self.concentration.reciprocal()
        return [PowerTransform(exponent=self.concentration_reciprocal),
                AffineTransform(loc=0, scale=self.scale)]

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Weibull, _instance)
        new.scale = self.scale.expand(batch_shape)
        new.concentration = self.concentration.expand(batch_shape)
        TransformedDistribution.__init__(new, self.base_dist.expand(batch_shape),
                                         new._transforms(), validate_args=False)
        new._validate_args = self._validate_args
        return new

    @property
    def mean(self):
        return self.scale * tinytorch.exp(tinytorch.lgamma(1 + self.concentration_reciprocal))

    @property
    def mode(self):
        return (self.scale * ((self.concentration - 1) / self.concentration)
                ** self.concentration.reciprocal())

    @property
    def variance(self):
        return self.scale.pow(2) * (
            tinytorch.exp(tinytorch.lgamma(1 + 2 * self.concentration_reciprocal))
            - tinytorch.exp(2 * tinytorch.lgamma(1 + self.concentration_reciprocal)))

    def entropy(self):
        return (euler_constant * (1 - self.concentration_reciprocal)
                + tinytorch.log(self.scale * self.concentration_reciprocal) + 1)
