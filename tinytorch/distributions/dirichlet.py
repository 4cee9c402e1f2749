"""The Dirichlet and beta distributions, after ``torch.distributions.Dirichlet`` and
``torch.distributions.Beta``. Samples are normalised gamma draws; their gradient with respect
to the concentration is PyTorch's implicit reparameterisation (``_dirichlet_grad``)."""

import math
import numbers

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.gamma import standard_gamma
from tinytorch.distributions.utils import broadcast_all

__all__ = ["Beta", "Dirichlet"]


class Dirichlet(Distribution):
    """The Dirichlet distribution over the probability simplex with concentration
    ``concentration``: density proportional to ``prod x_i^(a_i - 1)``.

    Args:
        concentration (Tensor): the concentrations, positive, shape
            ``batch_shape + (k,)``.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: ``concentration`` is zero-dimensional (PyTorch's message).

    >>> Dirichlet(tinytorch.tensor([1.0, 1.0, 1.0])).log_prob(tinytorch.tensor([0.2, 0.3, 0.5]))
    tensor(0.6931)
    """

    arg_constraints = {"concentration": constraints.independent(constraints.positive, 1)}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, concentration, validate_args=None):
        if concentration.dim() < 1:
            raise ValueError("`concentration` parameter must be at least one-dimensional.")
        self.concentration = concentration
        super().__init__(concentration.shape[:-1], concentration.shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Dirichlet, batch_shape, ("concentration",), _instance,
                                   event_shape=self.event_shape)

    def rsample(self, sample_shape=()):
        concentration = self.concentration.expand(self._extended_shape(sample_shape))
        gammas = standard_gamma(concentration, concentration.shape)
        x = gammas / gammas.sum(-1, True)
        fixed = concentration.detach()
        grad = tinytorch._dirichlet_grad(x, fixed, fixed.sum(-1, True).expand_as(fixed))
        # x itself, with d x_j / d concentration_i = grad_i (delta_ij - x_j), PyTorch's
        # _Dirichlet backward (zero times a finite gradient adds nothing to the value)
        delta = (concentration - fixed) * grad
        return x + delta - x * delta.sum(-1, True)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return (tinytorch.xlogy(self.concentration - 1.0, value).sum(-1)
                + tinytorch.lgamma(self.concentration.sum(-1))
                - tinytorch.lgamma(self.concentration).sum(-1))

    @property
    def mean(self):
        return self.concentration / self.concentration.sum(-1, True)

    @property
    def mode(self):
        concentrationm1 = (self.concentration - 1).clamp(min=0.0)
        total = concentrationm1.sum(-1, True)
        mode = concentrationm1 / tinytorch.where(total == 0, math.nan, total)  # 0 / 0 is NaN
        # every concentration below 1: the mass piles on the largest one's corner
        corner = tinytorch.nn.functional.one_hot(mode.argmax(dim=-1),
                                                 concentrationm1.shape[-1]).to(mode)
        return tinytorch.where((self.concentration < 1).all(dim=-1, keepdim=True), corner, mode)

    @property
    def variance(self):
        con0 = self.concentration.sum(-1, True)
        return self.concentration * (con0 - self.concentration) / (con0.pow(2) * (con0 + 1))

    def entropy(self):
        k = self.concentration.size(-1)
        a0 = self.concentration.sum(-1)
        return (tinytorch.lgamma(self.concentration).sum(-1) - tinytorch.lgamma(a0)
                - (k - a0) * tinytorch.digamma(a0)
                - ((self.concentration - 1.0) * tinytorch.digamma(self.concentration)).sum(-1))


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
