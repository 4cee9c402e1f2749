"""Student's t distribution, after ``torch.distributions.StudentT``. Samples are
``X / sqrt(Z / df)`` with a normal X and a chi-squared Z (reparameterised as ``Chi2``'s)."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.chi2 import Chi2
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import standard_normal

__all__ = ["StudentT"]


class StudentT(Distribution):
    """Student's t distribution with ``df`` degrees of freedom, location ``loc`` and scale
    ``scale``.

    Args:
        df (float or Tensor): the degrees of freedom, positive.
        loc (float or Tensor): the location. Default: 0.
        scale (float or Tensor): the scale, positive. Default: 1.
        validate_args (bool, optional): see ``Distribution``.

    >>> StudentT(tinytorch.tensor([1.0])).log_prob(tinytorch.tensor([0.0]))
    tensor([-1.1447])
    """

    arg_constraints = {"df": constraints.positive, "loc": constraints.real,
                       "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, df, loc=0.0, scale=1.0, validate_args=None):
        self.df, self.loc, self.scale = broadcast_all(df, loc, scale)
        self._chi2 = Chi2(self.df)
        super().__init__(self.df.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_params(StudentT, batch_shape, ("df", "loc", "scale"), _instance)
        new._chi2 = self._chi2.expand(batch_shape)
        return new

    @property
    def mean(self):
        return tinytorch.where(self.df <= 1, math.nan, self.loc)

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        undefined = tinytorch.where(self.df > 1, math.inf, math.nan).to(self.df)
        return tinytorch.where(self.df > 2, self.scale.pow(2) * self.df / (self.df - 2),
                               undefined)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        x = standard_normal(shape, dtype=self.df.dtype, device=self.df.device)
        z = self._chi2.rsample(sample_shape)
        return self.loc + self.scale * x * tinytorch.rsqrt(z / self.df)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        y = (value - self.loc) / self.scale
        z = (self.scale.log() + 0.5 * self.df.log() + 0.5 * math.log(math.pi)
             + tinytorch.lgamma(0.5 * self.df) - tinytorch.lgamma(0.5 * (self.df + 1.0)))
        return -0.5 * (self.df + 1.0) * tinytorch.log1p(y ** 2.0 / self.df) - z

    def entropy(self):
        lbeta = (tinytorch.lgamma(0.5 * self.df) + math.lgamma(0.5)
                 - tinytorch.lgamma(0.5 * (self.df + 1)))
        return (self.scale.log()
                + 0.5 * (self.df + 1) * (tinytorch.digamma(0.5 * (self.df + 1))
                                         - tinytorch.digamma(0.5 * self.df))
                + 0.5 * self.df.log() + lbeta)
