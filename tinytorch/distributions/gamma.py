"""The gamma distribution, after ``torch.distributions.Gamma``. Samples come from the
backend generator's gamma sampler; their gradient with respect to the concentration is
PyTorch's implicit reparameterisation (``_standard_gamma_grad``)."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import broadcast_params

__all__ = ["Gamma"]


def standard_gamma(concentration, shape):
    """Gamma(concentration, 1) draws of ``shape``, at least the dtype's smallest normal."""
    with tinytorch.no_grad():
        value = tinytorch._standard_gamma(concentration.expand(shape))
        return value.clamp(min=tinytorch.finfo(value.dtype).tiny)


class Gamma(Distribution):
    """The gamma distribution with shape ``concentration`` and inverse scale ``rate``:
    density ``rate^a x^(a - 1) exp(-rate x) / Gamma(a)``, ``a`` the concentration.

    Args:
        concentration (float or Tensor): the shape, positive.
        rate (float or Tensor): the rate (1 / scale), positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> Gamma(2.0, 1.0).log_prob(tinytorch.tensor(1.0))
    tensor(-1.)
    """

    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, concentration, rate, validate_args=None):
        (self.concentration, self.rate), batch_shape = broadcast_params(concentration, rate)
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Gamma, batch_shape, ("concentration", "rate"), _instance)

    @property
    def mean(self):
        return self.concentration / self.rate

    @property
    def mode(self):
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self):
        return self.concentration / self.rate.pow(2)

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        concentration = self.concentration.expand(shape)
        x = standard_gamma(concentration, shape)
        # x itself, with d x / d concentration = _standard_gamma_grad (zero times a finite
        # gradient adds nothing to the value)
        x = x + (concentration - concentration.detach()) \
            * tinytorch._standard_gamma_grad(concentration.detach(), x)
        return x / self.rate.expand(shape)

    def log_prob(self, value):
        value = tinytorch.as_tensor(value, dtype=self.rate.dtype, device=self.rate.device)
        if self._validate_args:
            self._validate_sample(value)
        return (tinytorch.xlogy(self.concentration, self.rate)
                + tinytorch.xlogy(self.concentration - 1, value)
                - self.rate * value - tinytorch.lgamma(self.concentration))

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return tinytorch.special.gammainc(self.concentration, self.rate * value)

    def entropy(self):
        return (self.concentration - tinytorch.log(self.rate)
                + tinytorch.lgamma(self.concentration)
                + (1.0 - self.concentration) * tinytorch.digamma(self.concentration))
