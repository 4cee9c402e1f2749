"""The beta distribution, after ``torch.distributions.Beta``: a two-category Dirichlet."""

import numbers

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.dirichlet import Dirichlet
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import broadcast_all

__all__ = ["Beta"]


class Beta(Distribution):
    """The beta distribution on [0, 1] with concentrations ``concentration1`` (alpha) and
    ``concentration0`` (beta): a two-category ``Dirichlet``'s first coordinate.

    Args:
        concentration1 (float or Tensor): alpha, positive.
        concentration0 (float or Tensor): beta, positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> Beta(2.0, 2.0).log_prob(tinytorch.tensor(0.5))
    tensor(0.4055)
    """

    arg_constraints = {"concentration1": constraints.positive,
                       "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        if isinstance(concentration1, numbers.Number) and \
                isinstance(concentration0, numbers.Number):
            both = tinytorch.tensor([float(concentration1), float(concentration0)])
        else:
            both = tinytorch.stack(broadcast_all(concentration1, concentration0), -1)
        self._dirichlet = Dirichlet(both, validate_args=validate_args)
        super().__init__(self._dirichlet._batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_params(Beta, batch_shape, (), _instance)
        new._dirichlet = self._dirichlet.expand(batch_shape)
        return new

    @property
    def mean(self):
        return self.concentration1 / (self.concentration1 + self.concentration0)

    @property
    def mode(self):
        return self._dirichlet.mode[..., 0]

    @property
    def variance(self):
        total = self.concentration1 + self.concentration0
        return self.concentration1 * self.concentration0 / (total.pow(2) * (total + 1))

    def rsample(self, sample_shape=()):
        return self._dirichlet.rsample(sample_shape).select(-1, 0)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self._dirichlet.log_prob(tinytorch.stack([value, 1.0 - value], -1))

    def entropy(self):
        return self._dirichlet.entropy()

    @property
    def concentration1(self):
        """alpha, the first concentration."""
        return self._dirichlet.concentration[..., 0]

    @property
    def concentration0(self):
        """beta, the second concentration."""
        return self._dirichlet.concentration[..., 1]
