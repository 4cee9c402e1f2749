"""The half-normal distribution, after ``torch.distributions.HalfNormal``, and the folding at
zero it shares with ``HalfCauchy``."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.normal import Normal
from tinytorch.distributions.transformed_distribution import TransformedDistribution
from tinytorch.distributions.transforms import AbsTransform

__all__ = ["HalfNormal"]


class Folded(TransformedDistribution):
    """``|X|`` for ``X`` of the symmetric family ``base_class`` centred at 0 with ``scale``:
    twice the base density on the non-negative reals."""

    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True
    base_class = None

    def __init__(self, scale, validate_args=None):
        base_dist = self.base_class(0, scale, validate_args=False)
        super().__init__(base_dist, AbsTransform(), validate_args=validate_args)

    @property
    def scale(self):
        """The scale of the full (unfolded) distribution."""
        return self.base_dist.scale

    @property
    def mode(self):
        return tinytorch.zeros_like(self.scale)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value = tinytorch.as_tensor(value, dtype=self.scale.dtype, device=self.scale.device)
        log_prob = self.base_dist.log_prob(value) + math.log(2)
        return tinytorch.where(value >= 0, log_prob, -math.inf)

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob):
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)


class HalfNormal(Folded):
    """The distribution of ``|X|`` for ``X ~ Normal(0, scale)``.

    Args:
        scale (float or Tensor): the scale of the full normal, positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> HalfNormal(1.0).log_prob(tinytorch.tensor(1.0))
    tensor(-0.7258)
    """

    base_class = Normal

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(HalfNormal, _instance)
        return super().expand(batch_shape, _instance=new)

    @property
    def mean(self):
        return self.scale * math.sqrt(2 / math.pi)

    @property
    def variance(self):
        return self.scale.pow(2) * (1 - 2 / math.pi)
