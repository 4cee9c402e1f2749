"""``Distribution``: the base class of the probability distributions, after
``torch.distributions.Distribution`` (shapes, argument validation, the sampling contract)."""

import warnings

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.utils import broadcast_params
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import size

__all__ = ["Distribution"]


class Distribution:
    """Base class of the probability distributions.

    Samples have shape ``sample_shape + batch_shape + event_shape``: ``batch_shape`` indexes
    independent distributions with their own parameters, ``event_shape`` is the shape of one
    draw (``()`` for a univariate distribution).

    Args:
        batch_shape (tinytorch.Size): the shape over which parameters are batched.
        event_shape (tinytorch.Size): the shape of a single sample.
        validate_args (bool, optional): check the parameters against ``arg_constraints`` now,
            and values against ``support`` in ``log_prob``/``cdf``. Default: the class-wide
            setting (``set_default_validate_args``; on unless Python runs with ``-O``).

    >>> d = tinytorch.distributions.Normal(tinytorch.zeros(3), 1.0)
    >>> d.batch_shape, d.event_shape
    (torch.Size([3]), torch.Size([]))
    """

    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__

    @staticmethod
    def set_default_validate_args(value):
        """Turns argument validation on or off for every distribution made without an explicit
        ``validate_args``.

        Args:
            value (bool): whether to validate.

        Raises:
            ValueError: ``value`` is not a bool.

        >>> Distribution.set_default_validate_args(True)
        """
        if value not in [True, False]:
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape = size(batch_shape)
        self._event_shape = size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            self._validate_parameters()
        super().__init__()

    def _validate_parameters(self):
        try:
            arg_constraints = self.arg_constraints
        except NotImplementedError:
            arg_constraints = {}
            warnings.warn(f"{self.__class__} does not define `arg_constraints`. Please set "
                          "`arg_constraints = {}` or initialize the distribution with "
                          "`validate_args=False` to turn off validation.", stacklevel=3)
        for param, constraint in arg_constraints.items():
            if constraints.is_dependent(constraint):
                continue
            if param not in self.__dict__ and \
                    isinstance(getattr(type(self), param), lazy_property):
                continue  # a parameter computed from another one, on demand
            value = getattr(self, param)
            if not constraint.check(value).all():
                raise ValueError(
                    f"Expected parameter {param} ({type(value).__name__} of shape "
                    f"{tuple(value.shape)}) of distribution {self!r} to satisfy the "
                    f"constraint {constraint!r}, but found invalid values:\n{value}")

    def expand(self, batch_shape, _instance=None):
        """A new distribution whose parameters are expanded (not copied) to ``batch_shape``.

        Args:
            batch_shape (tinytorch.Size): the new batch shape.

        Returns:
            Distribution: the expanded distribution.

        Raises:
            NotImplementedError: the subclass does not define ``expand``.

        >>> tinytorch.distributions.Normal(0.0, 1.0).expand((2,)).batch_shape
        torch.Size([2])
        """
        raise NotImplementedError

    @property
    def batch_shape(self):
        """The shape over which parameters are batched."""
        return self._batch_shape

    @property
    def event_shape(self):
        """The shape of a single sample (without batching)."""
        return self._event_shape

    @property
    def arg_constraints(self):
        """A dict from parameter name to the ``Constraint`` the parameter must satisfy."""
        raise NotImplementedError

    @property
    def support(self):
        """The ``Constraint`` describing where the distribution's values lie."""
        raise NotImplementedError

    @property
    def mean(self):
        """The mean of the distribution."""
        raise NotImplementedError

    @property
    def mode(self):
        """The mode of the distribution."""
        raise NotImplementedError(f"{self.__class__} does not implement mode")

    @property
    def variance(self):
        """The variance of the distribution."""
        raise NotImplementedError

    @property
    def stddev(self):
        """The standard deviation of the distribution."""
        return self.variance.sqrt()

    def sample(self, sample_shape=()):
        """Draws ``sample_shape`` samples (each of ``batch_shape + event_shape``), without
        recording gradients.

        Args:
            sample_shape (tinytorch.Size): how many samples, as a shape. Default: one.

        Returns:
            Tensor: shape ``sample_shape + batch_shape + event_shape``.

        >>> tinytorch.distributions.Normal(tinytorch.zeros(3), 1.0).sample((2,)).shape
        torch.Size([2, 3])
        """
        with tinytorch.no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()):
        """Draws a reparameterised sample: a differentiable function of the parameters and of
        parameter-free noise, so gradients flow back to the parameters.

        Args:
            sample_shape (tinytorch.Size): how many samples, as a shape. Default: one.

        Returns:
            Tensor: shape ``sample_shape + batch_shape + event_shape``.

        Raises:
            NotImplementedError: the distribution has no reparameterised sampler
                (``has_rsample`` is False).

        >>> loc = tinytorch.zeros(2, requires_grad=True)
        >>> tinytorch.distributions.Normal(loc, 1.0).rsample().sum().backward()
        >>> loc.grad
        tensor([1., 1.])
        """
        raise NotImplementedError

    def log_prob(self, value):
        """The log of the probability density (or mass) function at ``value``.

        Args:
            value (Tensor): values broadcastable to ``batch_shape + event_shape``.

        Returns:
            Tensor: the log-probabilities, ``value``'s shape less ``event_shape``.

        Raises:
            NotImplementedError: the subclass does not define it.

        >>> tinytorch.distributions.Normal(0.0, 1.0).log_prob(tinytorch.tensor(0.0))
        tensor(-0.9189)
        """
        raise NotImplementedError

    def cdf(self, value):
        """The cumulative distribution function at ``value``.

        Args:
            value (Tensor): values broadcastable to ``batch_shape``.

        Returns:
            Tensor: P(X <= value).

        Raises:
            NotImplementedError: the subclass does not define it.

        >>> tinytorch.distributions.Normal(0.0, 1.0).cdf(tinytorch.tensor(0.0))
        tensor(0.5000)
        """
        raise NotImplementedError

    def icdf(self, value):
        """The inverse cumulative distribution function (quantile function) at ``value``.

        Args:
            value (Tensor): probabilities in [0, 1].

        Returns:
            Tensor: the x with cdf(x) = value.

        Raises:
            NotImplementedError: the subclass does not define it.

        >>> tinytorch.distributions.Uniform(0.0, 2.0).icdf(tinytorch.tensor(0.25))
        tensor(0.5000)
        """
        raise NotImplementedError

    def enumerate_support(self, expand=True):
        """Every value a discrete distribution takes, enumerated along dimension 0.

        Args:
            expand (bool): expand the values over ``batch_shape``. Default: True.

        Returns:
            Tensor: shape ``(cardinality,) + batch_shape + event_shape`` (singleton batch
            dimensions when ``expand`` is False).

        Raises:
            NotImplementedError: the distribution is not discrete.

        >>> tinytorch.distributions.Bernoulli(0.3).enumerate_support()
        tensor([0., 1.])
        """
        raise NotImplementedError

    def entropy(self):
        """The entropy of the distribution, batched over ``batch_shape``.

        Returns:
            Tensor: shape ``batch_shape``.

        Raises:
            NotImplementedError: the subclass does not define it.

        >>> tinytorch.distributions.Uniform(0.0, 1.0).entropy()
        tensor(0.)
        """
        raise NotImplementedError

    def perplexity(self):
        """The perplexity ``exp(entropy)``, batched over ``batch_shape``.

        Returns:
            Tensor: shape ``batch_shape``.

        >>> tinytorch.distributions.Categorical(tinytorch.ones(4)).perplexity()
        tensor(4.)
        """
        return tinytorch.exp(self.entropy())

    def _extended_shape(self, sample_shape=()):
        return size(sample_shape, self._batch_shape, self._event_shape)

    def _validate_sample(self, value):
        if not isinstance(value, tinytorch.Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        event_dim_start = value.dim() - len(self._event_shape)
        if tuple(value.shape[event_dim_start:]) != self._event_shape:
            raise ValueError(f"The right-most size of value must match event_shape: "
                             f"{value.size()} vs {self._event_shape}.")
        actual_shape = value.size()
        expected_shape = size(self._batch_shape, self._event_shape)
        for i, j in zip(reversed(actual_shape), reversed(expected_shape)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(f"Value is not broadcastable with batch_shape+event_shape: "
                                 f"{actual_shape} vs {expected_shape}.")
        support = self.support
        if not support.check(value).all():
            raise ValueError(
                f"Expected value argument ({type(value).__name__} of shape "
                f"{tuple(value.shape)}) to be within the support ({support!r}) of the "
                f"distribution {self!r}, but found invalid values:\n{value}")

    def _expand_params(self, cls, batch_shape, names, _instance=None, event_shape=()):
        """The ``expand`` of a distribution whose parameters ``names`` have shape
        ``batch_shape + event_shape`` (those present in the instance's dict are expanded)."""
        new = self._get_checked_instance(cls, _instance)
        batch_shape = size(batch_shape)
        for name in names:
            if name in self.__dict__:
                setattr(new, name, self.__dict__[name].expand(size(batch_shape, event_shape)))
        Distribution.__init__(new, batch_shape, self._event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _get_checked_instance(self, cls, _instance=None):
        if _instance is None and type(self).__init__ != cls.__init__:
            raise NotImplementedError(
                f"Subclass {self.__class__.__name__} of {cls.__name__} that defines a custom "
                "__init__ method must also define a custom .expand() method.")
        return self.__new__(type(self)) if _instance is None else _instance

    def __repr__(self):
        params = {k: self.__dict__[k] for k in self.arg_constraints if k in self.__dict__}
        args = ", ".join(f"{k}: {v if v.numel() == 1 else v.size()}" for k, v in params.items())
        return self.__class__.__name__ + "(" + args + ")"


class LocScale(Distribution):
    """A real-valued family with a real ``loc`` and a positive ``scale`` broadcast together
    (Normal, Laplace, Cauchy): their shared constructor and constraints."""

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        (self.loc, self.scale), batch_shape = broadcast_params(loc, scale)
        super().__init__(batch_shape, validate_args=validate_args)

    @property
    def mode(self):
        return self.loc
