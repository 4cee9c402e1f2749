"""The ``Transform`` base class, its inverse, ``ComposeTransform`` and
``identity_transform``, after ``torch.distributions.transforms``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import sum_rightmost

__all__ = ["ComposeTransform", "Transform", "identity_transform"]


class Transform:
    """Base class of the invertible maps ``x => y`` with a computable log-Jacobian.

    Subclasses define ``_call`` (forward), ``_inverse`` and ``log_abs_det_jacobian``, and the
    class attributes ``domain``, ``codomain``, ``bijective`` and ``sign``.

    Args:
        cache_size (int): 1 caches the latest ``(x, y)`` pair (``t.inv(t(x))`` then returns
            ``x`` itself); 0 caches nothing. Default: 0.

    Raises:
        ValueError: ``cache_size`` is neither 0 nor 1.

    >>> t = tinytorch.distributions.ExpTransform()
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

        >>> tinytorch.distributions.ExpTransform().with_cache(1)._cache_size
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
        >>> tinytorch.distributions.ExpTransform().log_abs_det_jacobian(x, x.exp())
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

        >>> tinytorch.distributions.AffineTransform(tinytorch.zeros(3), 2.0).forward_shape((2, 1))
        torch.Size([2, 3])
        """
        return shape

    def inverse_shape(self, shape):
        """The input shape for an output of ``shape``.

        Args:
            shape (tinytorch.Size): the output shape.

        Returns:
            tinytorch.Size: the input shape.

        >>> tinytorch.distributions.ExpTransform().inverse_shape((2,))
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


def widened(constraint, event_dim):
    """``constraint`` reinterpreted over ``event_dim`` rightmost dimensions."""
    if event_dim > constraint.event_dim:
        return constraints.independent(constraint, event_dim - constraint.event_dim)
    return constraint


class ComposeTransform(Transform):
    """The transforms ``parts`` applied in order (each one caches for itself).

    Args:
        parts (list of Transform): the transforms, first applied first.
        cache_size (int): 0 or 1, passed to every part. Default: 0.

    >>> from tinytorch.distributions import AffineTransform, ExpTransform
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
        return widened(self.parts[0].domain, event_dim)

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        """The last part's codomain, over as many event dimensions as the chain needs."""
        if not self.parts:
            return constraints.real
        event_dim = self.parts[0].domain.event_dim
        for part in self.parts:
            event_dim += part.codomain.event_dim - part.domain.event_dim
            event_dim = max(event_dim, part.codomain.event_dim)
        return widened(self.parts[-1].codomain, event_dim)

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
