"""The Laplace distribution, after ``torch.distributions.Laplace``."""

import tinytorch
from tinytorch.distributions.distribution import LocScale

__all__ = ["Laplace"]


class Laplace(LocScale):
    """The Laplace distribution with location ``loc`` and scale ``scale``:
    density ``exp(-|x - loc| / scale) / (2 scale)``.

    Args:
        loc (float or Tensor): the mean.
        scale (float or Tensor): the scale, positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> Laplace(0.0, 1.0).log_prob(tinytorch.tensor(1.0))
    tensor(-1.6931)
    """

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Laplace, batch_shape, ("loc", "scale"), _instance)

    @property
    def mean(self):
        return self.loc

    @property
    def variance(self):
        return 2 * self.scale.pow(2)

    @property
    def stddev(self):
        return (2 ** 0.5) * self.scale

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        finfo = tinytorch.finfo(self.loc.dtype)
        u = self.loc.new_empty(shape).uniform_(finfo.eps - 1, 1)
        return self.loc - self.scale * u.sign() * tinytorch.log1p(-u.abs())

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return -tinytorch.log(2 * self.scale) - tinytorch.abs(value - self.loc) / self.scale

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 - 0.5 * (value - self.loc).sign() * tinytorch.expm1(
            -(value - self.loc).abs() / self.scale)

    def icdf(self, value):
        term = value - 0.5
        return self.loc - self.scale * term.sign() * tinytorch.log1p(-2 * term.abs())

    def entropy(self):
        return 1 + tinytorch.log(2 * self.scale)
