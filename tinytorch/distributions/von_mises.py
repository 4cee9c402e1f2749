"""The von Mises distribution, after ``torch.distributions.VonMises``: log-density through
PyTorch's polynomial approximations of log I0 and log I1 (Abramowitz and Stegun 9.8.1-4),
so values match PyTorch's; Best and Fisher's rejection sampler."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import broadcast_params

__all__ = ["VonMises"]

# coefficients of (I0, I1) for x < 3.75 in (x / 3.75)^2, and of their scaled forms otherwise
_COEF_SMALL = [[1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.360768e-1, 0.45813e-2],
               [0.5, 0.87890594, 0.51498869, 0.15084934, 0.2658733e-1, 0.301532e-2,
                0.32411e-3]]
_COEF_LARGE = [[0.39894228, 0.1328592e-1, 0.225319e-2, -0.157565e-2, 0.916281e-2,
                -0.2057706e-1, 0.2635537e-1, -0.1647633e-1, 0.392377e-2],
               [0.39894228, -0.3988024e-1, -0.362018e-2, 0.163801e-2, -0.1031555e-1,
                0.2282967e-1, -0.2895312e-1, 0.1787654e-1, -0.420059e-2]]


def _eval_poly(y, coef):
    result = coef[-1]
    for c in reversed(coef[:-1]):
        result = c + y * result
    return result


def _log_modified_bessel_fn(x, order=0):
    """``log(I_order(x))`` for ``x > 0``, order 0 or 1."""
    y = (x / 3.75) ** 2
    small = _eval_poly(y, _COEF_SMALL[order])
    if order == 1:
        small = x.abs() * small
    small = small.log()
    large = x - 0.5 * x.log() + _eval_poly(3.75 / x, _COEF_LARGE[order]).log()
    return tinytorch.where(x < 3.75, small, large)


def _rejection_sample(loc, concentration, proposal_r, shape):
    x = tinytorch.zeros(shape, dtype=loc.dtype, device=loc.device)
    done = tinytorch.zeros(shape, dtype=tinytorch.bool, device=loc.device)
    while not done.all():
        u1, u2, u3 = tinytorch.rand((3,) + tuple(shape), dtype=loc.dtype,
                                    device=loc.device).unbind()
        z = tinytorch.cos(math.pi * u1)
        f = (1 + proposal_r * z) / (proposal_r + z)
        c = concentration * (proposal_r - f)
        accept = ((c * (2 - c) - u2) > 0) | ((c / u2).log() + 1 - c >= 0)
        x = tinytorch.where(accept & ~done, (u3 - 0.5).sign() * f.acos(), x)
        done = done | accept
    return (x + math.pi + loc) % (2 * math.pi) - math.pi


class VonMises(Distribution):
    """The circular von Mises distribution: density ``exp(k cos(x - loc)) / (2 pi I0(k))``.
    ``loc`` and values may be any real number; they are angles modulo 2 pi. No ``rsample``.

    Args:
        loc (float or Tensor): the mean angle, in radians.
        concentration (float or Tensor): ``k``, positive.
        validate_args (bool, optional): see ``Distribution``.

    >>> VonMises(0.0, 1.0).log_prob(tinytorch.tensor(0.0))
    tensor(-1.0738)
    """

    arg_constraints = {"loc": constraints.real, "concentration": constraints.positive}
    support = constraints.real
    has_rsample = False

    def __init__(self, loc, concentration, validate_args=None):
        (self.loc, self.concentration), _ = broadcast_params(loc, concentration)
        super().__init__(self.loc.shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(VonMises, batch_shape, ("loc", "concentration"), _instance)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return (self.concentration * tinytorch.cos(value - self.loc) - math.log(2 * math.pi)
                - _log_modified_bessel_fn(self.concentration, order=0))

    def sample(self, sample_shape=()):
        """Draws by Best and Fisher's rejection sampler ("Efficient simulation of the von
        Mises distribution", Applied Statistics 1979), in float64 (as PyTorch: float32 can
        hang for small concentrations).

        Args:
            sample_shape (tinytorch.Size): how many samples, as a shape. Default: one.

        Returns:
            Tensor: angles in [-pi, pi), shape ``sample_shape + batch_shape``.

        >>> VonMises(0.0, 2.0).sample((3,)).shape
        torch.Size([3])
        """
        with tinytorch.no_grad():
            loc = self.loc.double()
            kappa = self.concentration.double()
            tau = 1 + (1 + 4 * kappa ** 2).sqrt()
            rho = (tau - (2 * tau).sqrt()) / (2 * kappa)
            # second-order Taylor expansion around 0 for small kappa
            proposal_r = tinytorch.where(kappa < 1e-5, 1 / kappa + kappa,
                                         (1 + rho ** 2) / (2 * rho))
            x = _rejection_sample(loc, kappa, proposal_r, self._extended_shape(sample_shape))
            return x.to(self.loc.dtype)

    @property
    def mean(self):
        """The circular mean: ``loc``."""
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        """The circular variance, ``1 - I1(k) / I0(k)``."""
        return 1 - (_log_modified_bessel_fn(self.concentration, order=1)
                    - _log_modified_bessel_fn(self.concentration, order=0)).exp()
