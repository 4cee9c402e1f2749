"""The half-Cauchy distribution, after ``torch.distributions.HalfCauchy``."""

import math

import tinytorch
from tinytorch.distributions.cauchy import Cauchy
from tinytorch.distributions.half_normal import Folded

__all__ = ["HalfCauchy"]


class HalfCauchy(Folded):
    """The distribution of ``|X|`` for ``X ~ Cauchy(0, scale)``.

    Args:
        scale (float or Tensor): the scale of the full Cauchy, positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> HalfCauchy(1.0).log_prob(tinytorch.tensor(1.0))
    tensor(-1.1447)
    """

    base_class = Cauchy

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(HalfCauchy, _instance)
        return super().expand(batch_shape, _instance=new)

    @property
    def mean(self):
        return tinytorch.full(self._extended_shape(), math.inf, dtype=self.scale.dtype,
                              device=self.scale.device)

    @property
    def variance(self):
        return self.base_dist.variance
