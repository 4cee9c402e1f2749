"""The logistic-normal distribution, after ``torch.distributions.LogisticNormal``."""

from tinytorch.distributions import constraints
from tinytorch.distributions.normal import Normal
from tinytorch.distributions.transformed_distribution import TransformedDistribution
from tinytorch.distributions.transforms import StickBreakingTransform

__all__ = ["LogisticNormal"]


class LogisticNormal(TransformedDistribution):
    """A ``Normal(loc, scale)`` vector of dimension K through ``StickBreakingTransform``: a
    distribution on the simplex of dimension K + 1 (``log(X / (1 - X.cumsum(-1)))[..., :-1]``
    is normal).

    Args:
        loc (float or Tensor): the base normal's mean.
        scale (float or Tensor): the base normal's standard deviation, positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> LogisticNormal(tinytorch.zeros(2), 1.0).log_prob(tinytorch.ones(3) / 3)
    tensor(1.4580)
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        base_dist = Normal(loc, scale, validate_args=validate_args)
        if not base_dist.batch_shape:
            base_dist = base_dist.expand([1])
        super().__init__(base_dist, StickBreakingTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(LogisticNormal, _instance)
        return super().expand(batch_shape, _instance=new)

    @property
    def loc(self):
        """The base normal's mean."""
        return self.base_dist.base_dist.loc

    @property
    def scale(self):
        """The base normal's standard deviation."""
        return self.base_dist.base_dist.scale
