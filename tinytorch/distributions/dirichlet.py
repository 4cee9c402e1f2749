"""The Dirichlet distribution, after ``torch.distributions.Dirichlet``. Samples are
normalised gamma draws; their gradient with respect to the concentration is PyTorch's
implicit reparameterisation (``_dirichlet_grad``)."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.gamma import standard_gamma

__all__ = ["Dirichlet"]


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
