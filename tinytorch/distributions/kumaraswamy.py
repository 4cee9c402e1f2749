"""The Kumaraswamy distribution, after ``torch.distributions.Kumaraswamy``."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.transformed_distribution import TransformedDistribution
from tinytorch.distributions.transforms import AffineTransform
from tinytorch.distributions.transforms import PowerTransform
from tinytorch.distributions.uniform import Uniform
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import euler_constant

__all__ = ["Kumaraswamy"]


def _moments(a, b, n):
    """The n-th moment of Kumaraswamy(a, b): ``b B(1 + n / a, b)``."""
    arg1 = 1 + n / a
    log_value = tinytorch.lgamma(arg1) + tinytorch.lgamma(b) - tinytorch.lgamma(arg1 + b)
    return b * tinytorch.exp(log_value)


class Kumaraswamy(TransformedDistribution):
    """The Kumaraswamy distribution on [0, 1]: density ``a b x^(a-1) (1 - x^a)^(b-1)``, a
    uniform draw ``u`` through ``(1 - u^(1/b))^(1/a)``.

    Args:
        concentration1 (float or Tensor): ``a`` (alpha), positive.
        concentration0 (float or Tensor): ``b`` (beta), positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> Kumaraswamy(2.0, 3.0).log_prob(tinytorch.tensor(0.5))
    tensor(0.5232)
    """

    arg_constraints = {"concentration1": constraints.positive,
                       "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        self.concentration1, self.concentration0 = broadcast_all(concentration1, concentration0)
        base_dist = Uniform(tinytorch.full_like(self.concentration0, 0),
                            tinytorch.full_like(self.concentration0, 1),
                            validate_args=validate_args)
        transforms = [PowerTransform(exponent=self.concentration0.reciprocal()),
                      AffineTransform(loc=1.0, scale=-1.0),
                      PowerTransform(exponent=self.concentration1.reciprocal())]
        super().__init__(base_dist, transforms, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Kumaraswamy, _instance)
        new.concentration1 = self.concentration1.expand(batch_shape)
        new.concentration0 = self.concentration0.expand(batch_shape)
        return super().expand(batch_shape, _instance=new)

    @property
    def mean(self):
        return _moments(self.concentration1, self.concentration0, 1)

    @property
    def mode(self):
        a, b = self.concentration1, self.concentration0
        log_mode = b.reciprocal() * (-b).log1p() - (-b * a).log1p()
        return tinytorch.where((b < 1) | (a < 1), math.nan, log_mode).exp()

    @property
    def variance(self):
        return (_moments(self.concentration1, self.concentration0, 2)
                - tinytorch.pow(self.mean, 2))

    def entropy(self):
        t1 = 1 - self.concentration1.reciprocal()
        t0 = 1 - self.concentration0.reciprocal()
        h0 = tinytorch.digamma(self.concentration0 + 1) + euler_constant
        return t0 + t1 * h0 - tinytorch.log(self.concentration1) \
            - tinytorch.log(self.concentration0)
