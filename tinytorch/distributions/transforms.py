"""Invertible maps between constrained spaces, after ``torch.distributions.transforms``:
``TransformedDistribution`` pushes a base distribution through them (``LogNormal`` is a
``Normal`` through ``ExpTransform``)."""

import math
import numbers

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import sum_rightmost
from tinytorch.nn import functional as F

__all__ = ["AbsTransform", "AffineTransform", "ComposeTransform", "ExpTransform",
           "PowerTransform", "SigmoidTransform", "TanhTransform", "Transform",
           "identity_transform"]


class Transform:
    """Base class of the invertible maps ``x => y`` with a computable log-Jacobian.

    Subclasses define ``_call`` (forward), ``_inverse`` and ``log_abs_det_jacobian``, and the
    class attributes ``domain``, ``codomain``, ``bijective`` and ``sign``.

    Args:
        cache_size (int): 1 caches the latest ``(x, y)`` pair (``t.inv(t(x))`` then returns
            ``x`` itself); 0 caches nothing. Default: 0.

    Raises:
        ValueError: ``cache_size`` is neither 0 nor 1.

    >>> t = ExpTransform()
    >>> t(tinytorch.tensor([0.0, 1.0])), t.inv(tinytorch.tensor([1.0]))
    (tensor([1.0000, 2.7183]), tensor([0.]))
    """

    bijective = False

    def __init__(self, cache_size=0):
        self._cache_size = cache_size
        self._inv = None
        if cache_size == 1:
            self._cached_x_y = None, None
        elif cache_size != 0:
            raise ValueError("cache_size must be 0 or 1")
        super().__init__()

    @property
    def event_dim(self):
        """How many rightmost dimensions make one event (domain's and codomain's, when they
        agree; ``ValueError`` otherwise)."""
        if self.domain.event_dim == self.codomain.event_dim:
            return self.domain.event_dim
        raise ValueError("Please use either .domain.event_dim or .codomain.event_dim")

    @property
    def inv(self):
        """The inverse transform, with ``t.inv.inv is t``."""
        if self._inv is None:
            self._inv = _InverseTransform(self)
        return self._inv

    @property
    def sign(self):
        """The sign of the derivative (+1 or -1) of a bijective univariate transform."""
        raise NotImplementedError

    def with_cache(self, cache_size=1):
        """This transform with another ``cache_size``.

        Args:
            cache_size (int): 0 or 1. Default: 1.

        Returns:
            Transform: ``self`` when the size is unchanged, else a new transform.

        Raises:
            NotImplementedError: the subclass takes constructor arguments and does not
                override it.

        >>> ExpTransform().with_cache(1)._cache_size
        1
        """
        if self._cache_size == cache_size:
            return self
        if type(self).__init__ is Transform.__init__:
            return type(self)(cache_size=cache_size)
        raise NotImplementedError(f"{type(self)}.with_cache is not implemented")

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = object.__hash__

    def __call__(self, x):
        return self._cached(x, 0, self._call)

    def _inv_call(self, y):
        return self._cached(y, 1, self._inverse)

    def _cached(self, value, side, compute):
        """``compute(value)``, or the other side of the cached pair when ``value`` is its
        side ``side`` (0: x, 1: y)."""
        if self._cache_size == 0:
            return compute(value)
        pair = self._cached_x_y
        if value is pair[side]:
            return pair[1 - side]
        result = compute(value)
        self._cached_x_y = (value, result) if side == 0 else (result, value)
        return result

    def _call(self, x):
        raise NotImplementedError

    def _inverse(self, y):
        raise NotImplementedError

    def log_abs_det_jacobian(self, x, y):
        """``log |dy/dx|`` at an input ``x`` and its output ``y``.

        Args:
            x (Tensor): the input.
            y (Tensor): the output ``self(x)``.

        Returns:
            Tensor: the log-Jacobian, ``x``'s shape less ``domain.event_dim`` dimensions.

        Raises:
            NotImplementedError: the subclass does not define it.

        >>> x = tinytorch.tensor([0.0, 2.0])
        >>> ExpTransform().log_abs_det_jacobian(x, x.exp())
        tensor([0., 2.])
        """
        raise NotImplementedError

    def __repr__(self):
        return self.__class__.__name__ + "()"

    def forward_shape(self, shape):
        """The output shape for an input of ``shape``.

        Args:
            shape (tinytorch.Size): the input shape.

        Returns:
            tinytorch.Size: the output shape (``shape`` unless the transform broadcasts).

        >>> AffineTransform(tinytorch.zeros(3), 2.0).forward_shape((2, 1))
        torch.Size([2, 3])
        """
        return shape

    def inverse_shape(self, shape):
        """The input shape for an output of ``shape``.

        Args:
            shape (tinytorch.Size): the output shape.

        Returns:
            tinytorch.Size: the input shape.

        >>> ExpTransform().inverse_shape((2,))
        (2,)
        """
        return shape


class _InverseTransform(Transform):
    """The inverse of a transform (``Transform.inv``)."""

    def __init__(self, transform):
        super().__init__(cache_size=transform._cache_size)
        self._inv = transform

    @constraints.dependent_property(is_discrete=False)
    def domain(self):
        return self._inv.codomain

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        return self._inv.domain

    @property
    def bijective(self):
        return self._inv.bijective

    @property
    def sign(self):
        return self._inv.sign

    @property
    def inv(self):
        return self._inv

    def with_cache(self, cache_size=1):
        return self.inv.with_cache(cache_size).inv

    def __eq__(self, other):
        return isinstance(other, _InverseTransform) and self._inv == other._inv

    __hash__ = object.__hash__

    def __repr__(self):
        return f"{self.__class__.__name__}({self._inv!r})"

    def __call__(self, x):
        return self._inv._inv_call(x)

    def log_abs_det_jacobian(self, x, y):
        return -self._inv.log_abs_det_jacobian(y, x)

    def forward_shape(self, shape):
        return self._inv.inverse_shape(shape)

    def inverse_shape(self, shape):
        return self._inv.forward_shape(shape)


def _widened(constraint, event_dim):
    """``constraint`` reinterpreted over ``event_dim`` rightmost dimensions."""
    if event_dim > constraint.event_dim:
        return constraints.independent(constraint, event_dim - constraint.event_dim)
    return constraint


class ComposeTransform(Transform):
    """The transforms ``parts`` applied in order (each one caches for itself).

    Args:
        parts (list of Transform): the transforms, first applied first.
        cache_size (int): 0 or 1, passed to every part. Default: 0.

    >>> t = ComposeTransform([ExpTransform(), AffineTransform(1.0, 2.0)])
    >>> t(tinytorch.tensor([0.0]))
    tensor([3.])
    """

    def __init__(self, parts, cache_size=0):
        if cache_size:
            parts = [part.with_cache(cache_size) for part in parts]
        super().__init__(cache_size=cache_size)
        self.parts = parts

    def __eq__(self, other):
        return isinstance(other, ComposeTransform) and self.parts == other.parts

    __hash__ = object.__hash__

    @constraints.dependent_property(is_discrete=False)
    def domain(self):
        """The first part's domain, over as many event dimensions as the chain needs."""
        if not self.parts:
            return constraints.real
        event_dim = self.parts[-1].codomain.event_dim
        for part in reversed(self.parts):
            event_dim += part.domain.event_dim - part.codomain.event_dim
            event_dim = max(event_dim, part.domain.event_dim)
        return _widened(self.parts[0].domain, event_dim)

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        """The last part's codomain, over as many event dimensions as the chain needs."""
        if not self.parts:
            return constraints.real
        event_dim = self.parts[0].domain.event_dim
        for part in self.parts:
            event_dim += part.codomain.event_dim - part.domain.event_dim
            event_dim = max(event_dim, part.codomain.event_dim)
        return _widened(self.parts[-1].codomain, event_dim)

    @lazy_property
    def bijective(self):
        """Whether every part is bijective."""
        return all(p.bijective for p in self.parts)

    @lazy_property
    def sign(self):
        """The product of the parts' signs."""
        sign = 1
        for p in self.parts:
            sign = sign * p.sign
        return sign

    @property
    def inv(self):
        """The inverted parts in reverse order."""
        if self._inv is None:
            self._inv = ComposeTransform([p.inv for p in reversed(self.parts)])
            self._inv._inv = self
        return self._inv

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return ComposeTransform(self.parts, cache_size=cache_size)

    def __call__(self, x):
        for part in self.parts:
            x = part(x)
        return x

    def log_abs_det_jacobian(self, x, y):
        if not self.parts:
            return tinytorch.zeros_like(x)
        xs = [x]
        for part in self.parts[:-1]:
            xs.append(part(xs[-1]))
        xs.append(y)
        result = 0
        event_dim = self.domain.event_dim
        for part, x, y in zip(self.parts, xs[:-1], xs[1:]):
            result = result + sum_rightmost(part.log_abs_det_jacobian(x, y),
                                            event_dim - part.domain.event_dim)
            event_dim += part.codomain.event_dim - part.domain.event_dim
        return result

    def forward_shape(self, shape):
        for part in self.parts:
            shape = part.forward_shape(shape)
        return shape

    def inverse_shape(self, shape):
        for part in reversed(self.parts):
            shape = part.inverse_shape(shape)
        return shape

    def __repr__(self):
        return (self.__class__.__name__ + "(\n    "
                + ",\n    ".join(repr(p) for p in self.parts) + "\n)")


identity_transform = ComposeTransform([])


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
        return _widened(constraints.real, self.event_dim)

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        """The reals, over ``event_dim`` dimensions."""
        return _widened(constraints.real, self.event_dim)

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
