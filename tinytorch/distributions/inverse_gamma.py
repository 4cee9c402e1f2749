"""The inverse gamma distribution, after ``torch.distributions.InverseGamma``."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.gamma import Gamma
from tinytorch.distributions.transformed_distribution import TransformedDistribution
from tinytorch.distributions.transforms import PowerTransform

__all__ = ["InverseGamma"]


class InverseGamma(TransformedDistribution):
    """The distribution of ``1 / X`` for ``X ~ Gamma(concentration, rate)``.

    Args:
        concentration (float or Tensor): the shape (alpha), positive.
        rate (float or Tensor): the rate of the gamma (beta, the inverse gamma's scale),
            positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> InverseGamma(2.0, 1.0).log_prob(tinytorch.tensor(1.0))
    tensor(-1.)
    """

    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.positive
    has_rsample = True

    def __init__(self, concentration, rate, validate_args=None):
        base_dist = Gamma(concentration, rate, validate_args=validate_args)
        neg_one = -tinytorch.ones((), dtype=base_dist.rate.dtype, device=base_dist.rate.device)
        super().__init__(base_dist, PowerTransform(neg_one), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(InverseGamma, _instance)
        return super().expand(batch_shape, _instance=new)

    @property
    def concentration(self):
        """The gamma's shape."""
        return self.base_dist.concentration

    @property
    def rate(self):
        """The gamma's rate."""
        return self.base_dist.rate

    @property
    def mean(self):
        result = self.rate / (self.concentration - 1)
        return tinytorch.where(self.concentration > 1, result, math.inf)

    @property
    def mode(self):
        return self.rate / (self.concentration + 1)

    @property
    def variance(self):
        result = self.rate.square() / ((self.concentration - 1).square()
                                       * (self.concentration - 2))
        return tinytorch.where(self.concentration > 2, result, math.inf)

    def entropy(self):
        return (self.concentration + self.rate.log() + self.concentration.lgamma()
                - (1 + self.concentration) * self.concentration.digamma())
