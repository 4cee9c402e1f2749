"""The pointwise transforms, after ``torch.distributions.transforms``: exp, sigmoid, tanh,
abs, power and affine maps."""

import math
import numbers

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.transforms._base import Transform
from tinytorch.distributions.transforms._base import widened
from tinytorch.distributions.utils import sum_rightmost
from tinytorch.nn import functional as F

__all__ = ["AbsTransform", "AffineTransform", "CumulativeDistributionTransform", "ExpTransform",
           "PowerTransform", "SigmoidTransform", "SoftplusTransform", "TanhTransform"]


class _ElementwiseTransform(Transform):
    """A parameterless increasing bijection of the reals, applied elementwise; two instances
    of one class are equal."""

    domain = constraints.real
    bijective = True
    sign = +1

    def __eq__(self, other):
        return isinstance(other, type(self))

    __hash__ = object.__hash__


class ExpTransform(_ElementwiseTransform):
    """The map ``y = exp(x)``.

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> ExpTransform()(tinytorch.tensor(0.0))
    tensor(1.)
    """

    codomain = constraints.positive

    def _call(self, x):
        return x.exp()

    def _inverse(self, y):
        return y.log()

    def log_abs_det_jacobian(self, x, y):
        return x


class SigmoidTransform(_ElementwiseTransform):
    """The map ``y = 1 / (1 + exp(-x))``, inverse ``x = logit(y)``; ``y`` is clamped into
    ``[tiny, 1 - eps]`` of its dtype both ways.

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> SigmoidTransform()(tinytorch.tensor(0.0))
    tensor(0.5000)
    """

    codomain = constraints.unit_interval

    @staticmethod
    def _clamped(y):
        finfo = tinytorch.finfo(y.dtype)
        return y.clamp(min=finfo.tiny, max=1.0 - finfo.eps)

    def _call(self, x):
        return self._clamped(tinytorch.sigmoid(x))

    def _inverse(self, y):
        y = self._clamped(y)
        return y.log() - (-y).log1p()

    def log_abs_det_jacobian(self, x, y):
        return -F.softplus(-x) - F.softplus(x)


class SoftplusTransform(_ElementwiseTransform):
    """The map ``y = log(1 + exp(x))`` (linear above x = 20, as ``F.softplus``).

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> SoftplusTransform().inv(tinytorch.tensor(1.0))
    tensor(0.5413)
    """

    codomain = constraints.positive

    def _call(self, x):
        return F.softplus(x)

    def _inverse(self, y):
        return (-y).expm1().neg().log() + y

    def log_abs_det_jacobian(self, x, y):
        return -F.softplus(-x)


class TanhTransform(_ElementwiseTransform):
    """The map ``y = tanh(x)``; the inverse does not clamp (use ``cache_size=1`` near +-1).

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> TanhTransform().inv(tinytorch.tensor(0.5))
    tensor(0.5493)
    """

    codomain = constraints.interval(-1.0, 1.0)

    def _call(self, x):
        return x.tanh()

    def _inverse(self, y):
        return tinytorch.atanh(y)

    def log_abs_det_jacobian(self, x, y):
        # log(1 - tanh(x)^2) written without cancellation
        return 2.0 * (math.log(2.0) - x - F.softplus(-2.0 * x))


class AbsTransform(_ElementwiseTransform):
    """The map ``y = |x|`` (not bijective: the inverse returns ``y``).

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> AbsTransform()(tinytorch.tensor([-2.0, 1.0]))
    tensor([2., 1.])
    """

    codomain = constraints.positive
    bijective = False
    sign = Transform.sign

    def _call(self, x):
        return x.abs()

    def _inverse(self, y):
        return y


def _shape_of(value):
    return getattr(value, "shape", ())


class PowerTransform(Transform):
    """The map ``y = x ** exponent`` on the positive reals.

    Args:
        exponent (Tensor or float): the power.
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> PowerTransform(tinytorch.tensor(2.0))(tinytorch.tensor([3.0]))
    tensor([9.])
    """

    domain = constraints.positive
    codomain = constraints.positive
    bijective = True

    def __init__(self, exponent, cache_size=0):
        super().__init__(cache_size=cache_size)
        (self.exponent,) = broadcast_all(exponent)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return PowerTransform(self.exponent, cache_size=cache_size)

    @property
    def sign(self):
        """The sign of ``exponent`` (a tensor)."""
        return self.exponent.sign()

    def __eq__(self, other):
        if not isinstance(other, PowerTransform):
            return False
        return self.exponent.eq(other.exponent).all().item()

    __hash__ = object.__hash__

    def _call(self, x):
        return x.pow(self.exponent)

    def _inverse(self, y):
        return y.pow(1 / self.exponent)

    def log_abs_det_jacobian(self, x, y):
        return (self.exponent * y / x).abs().log()

    def forward_shape(self, shape):
        return tinytorch.broadcast_shapes(shape, _shape_of(self.exponent))

    def inverse_shape(self, shape):
        return self.forward_shape(shape)


class AffineTransform(Transform):
    """The pointwise map ``y = loc + scale * x``.

    Args:
        loc (Tensor or float): the shift.
        scale (Tensor or float): the scale.
        event_dim (int): how many rightmost dimensions make one event (0 for scalars, 1 for
            vectors); the log-Jacobian sums over them. Default: 0.
        cache_size (int): 0 or 1. Default: 0.

    >>> t = AffineTransform(1.0, 2.0)
    >>> t(tinytorch.tensor([0.0, 1.0])), t.log_abs_det_jacobian(tinytorch.zeros(2), None)
    (tensor([1., 3.]), tensor([0.6931, 0.6931]))
    """

    bijective = True

    def __init__(self, loc, scale, event_dim=0, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.loc = loc
        self.scale = scale
        self._event_dim = event_dim

    @property
    def event_dim(self):
        return self._event_dim

    @constraints.dependent_property(is_discrete=False)
    def domain(self):
        """The reals, over ``event_dim`` dimensions."""
        return widened(constraints.real, self.event_dim)

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        """The reals, over ``event_dim`` dimensions."""
        return widened(constraints.real, self.event_dim)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return AffineTransform(self.loc, self.scale, self.event_dim, cache_size=cache_size)

    def __eq__(self, other):
        if not isinstance(other, AffineTransform):
            return False
        for mine, theirs in ((self.loc, other.loc), (self.scale, other.scale)):
            if isinstance(mine, numbers.Number) and isinstance(theirs, numbers.Number):
                if mine != theirs:
                    return False
            elif not (mine == theirs).all().item():
                return False
        return True

    __hash__ = object.__hash__

    @property
    def sign(self):
        """The sign of ``scale`` (an int for a number scale, else a tensor)."""
        if isinstance(self.scale, numbers.Number):
            return 1 if float(self.scale) > 0 else -1 if float(self.scale) < 0 else 0
        return self.scale.sign()

    def _call(self, x):
        return self.loc + self.scale * x

    def _inverse(self, y):
        return (y - self.loc) / self.scale

    def log_abs_det_jacobian(self, x, y):
        shape = x.shape
        if isinstance(self.scale, numbers.Number):
            result = tinytorch.full_like(x, math.log(abs(self.scale)))
        else:
            result = tinytorch.abs(self.scale).log()
        if self.event_dim:
            result = sum_rightmost(result, self.event_dim)
            shape = shape[:-self.event_dim]
        return result.expand(shape)

    def forward_shape(self, shape):
        return tinytorch.broadcast_shapes(shape, _shape_of(self.loc), _shape_of(self.scale))

    def inverse_shape(self, shape):
        return self.forward_shape(shape)


class CumulativeDistributionTransform(Transform):
    """The cumulative distribution function of ``distribution``: its support onto [0, 1],
    log-Jacobian the log-density.

    Args:
        distribution (Distribution): a distribution with ``cdf``, ``icdf`` and ``log_prob``.
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> t = CumulativeDistributionTransform(tinytorch.distributions.Normal(0.0, 1.0))
    >>> t(tinytorch.tensor([0.0]))
    tensor([0.5000])
    """

    bijective = True
    codomain = constraints.unit_interval
    sign = +1

    def __init__(self, distribution, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.distribution = distribution

    @property
    def domain(self):
        """The distribution's support."""
        return self.distribution.support

    def _call(self, x):
        return self.distribution.cdf(x)

    def _inverse(self, y):
        return self.distribution.icdf(y)

    def log_abs_det_jacobian(self, x, y):
        return self.distribution.log_prob(x)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return CumulativeDistributionTransform(self.distribution, cache_size=cache_size)
