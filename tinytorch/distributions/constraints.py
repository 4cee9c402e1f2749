"""The regions a distribution's parameters and samples live in, after
``torch.distributions.constraints``: ``check(value)`` returns a bool tensor of the value's
shape less the constraint's ``event_dim`` rightmost dimensions."""

import tinytorch

__all__ = ["Constraint", "MixtureSameFamilyConstraint", "boolean", "cat", "corr_cholesky",
           "dependent", "dependent_property", "greater_than", "greater_than_eq",
           "half_open_interval", "independent", "integer_interval", "interval", "is_dependent",
           "less_than", "lower_cholesky", "lower_triangular", "multinomial", "nonnegative",
           "nonnegative_integer", "one_hot", "positive", "positive_definite", "positive_integer",
           "positive_semidefinite", "real", "real_vector", "simplex", "square", "stack",
           "symmetric", "unit_interval"]


class Constraint:
    """Base class of the constraints: a region a variable is valid in.

    Attributes:
        is_discrete (bool): whether the region is discrete. Default: False.
        event_dim (int): how many rightmost dimensions make one event; ``check`` reduces
            them away.

    >>> positive.check(tinytorch.tensor([-1.0, 2.0]))
    tensor([False,  True])
    """

    is_discrete = False
    event_dim = 0

    def check(self, value):
        """Tests each event of ``value`` against the constraint.

        Args:
            value (Tensor): the values, ``sample_shape + batch_shape + event_shape``.

        Returns:
            Tensor: bool, ``sample_shape + batch_shape``: whether each event is valid.

        Raises:
            NotImplementedError: the base class has no region.

        >>> unit_interval.check(tinytorch.tensor([0.5, 1.5]))
        tensor([ True, False])
        """
        raise NotImplementedError

    def __repr__(self):
        return type(self).__name__[1:] + "()"


class _Dependent(Constraint):
    """The region of a variable that depends on other variables: it cannot be checked."""

    def __init__(self, *, is_discrete=NotImplemented, event_dim=NotImplemented):
        self._is_discrete = is_discrete
        self._event_dim = event_dim
        super().__init__()

    @property
    def is_discrete(self):
        if self._is_discrete is NotImplemented:
            raise NotImplementedError(".is_discrete cannot be determined statically")
        return self._is_discrete

    @property
    def event_dim(self):
        if self._event_dim is NotImplemented:
            raise NotImplementedError(".event_dim cannot be determined statically")
        return self._event_dim

    def __call__(self, *, is_discrete=NotImplemented, event_dim=NotImplemented):
        if is_discrete is NotImplemented:
            is_discrete = self._is_discrete
        if event_dim is NotImplemented:
            event_dim = self._event_dim
        return _Dependent(is_discrete=is_discrete, event_dim=event_dim)

    def check(self, x):
        raise ValueError("Cannot determine validity of dependent constraint")


def is_dependent(constraint):
    """Whether ``constraint`` is a dependent constraint (one ``check`` cannot test).

    Args:
        constraint (Constraint): the constraint.

    Returns:
        bool: True for ``dependent`` and ``dependent_property`` objects.

    >>> is_dependent(dependent), is_dependent(real)
    (True, False)
    """
    return isinstance(constraint, _Dependent)


class dependent_property(property, _Dependent):
    """A property on an instance, a dependent constraint on the class (``Uniform.support``
    depends on ``low`` and ``high``).

    Args:
        fn (Callable, optional): the property's getter.
        is_discrete (bool, optional): the constraint's ``is_discrete``, if known statically.
        event_dim (int, optional): the constraint's ``event_dim``, if known statically.

    >>> is_dependent(tinytorch.distributions.Uniform.support)
    True
    """

    def __init__(self, fn=None, *, is_discrete=NotImplemented, event_dim=NotImplemented):
        property.__init__(self, fn)
        self._is_discrete = is_discrete
        self._event_dim = event_dim

    def __call__(self, fn):
        return dependent_property(fn, is_discrete=self._is_discrete, event_dim=self._event_dim)


class _Wrapping(Constraint):
    """A constraint built on ``base_constraint``, discrete when it is."""

    def __init__(self, base_constraint):
        self.base_constraint = base_constraint
        super().__init__()

    @property
    def is_discrete(self):
        """Whether the base constraint is discrete."""
        return self.base_constraint.is_discrete


class independent(_Wrapping):
    """A constraint whose ``reinterpreted_batch_ndims`` rightmost batch dimensions become event
    dimensions: an event is valid when all its entries are.

    Args:
        base_constraint (Constraint): the constraint on each entry.
        reinterpreted_batch_ndims (int): how many dimensions to fold into the event.

    >>> independent(positive, 1).check(tinytorch.tensor([[1.0, 2.0], [1.0, -1.0]]))
    tensor([ True, False])
    """

    def __init__(self, base_constraint, reinterpreted_batch_ndims):
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims
        super().__init__(base_constraint)

    @property
    def event_dim(self):
        """The base constraint's event_dim plus the reinterpreted dimensions."""
        return self.base_constraint.event_dim + self.reinterpreted_batch_ndims

    def check(self, value):
        result = self.base_constraint.check(value)
        if result.dim() < self.reinterpreted_batch_ndims:
            expected = self.base_constraint.event_dim + self.reinterpreted_batch_ndims
            raise ValueError(f"Expected value.dim() >= {expected} but got {value.dim()}")
        keep = result.dim() - self.reinterpreted_batch_ndims
        return result.reshape(tuple(result.shape[:keep]) + (-1,)).all(-1)

    def __repr__(self):
        return f"IndependentConstraint({self.base_constraint!r}, " \
               f"{self.reinterpreted_batch_ndims})"


class MixtureSameFamilyConstraint(_Wrapping):
    """The support of a ``MixtureSameFamily``: the component's constraint checked with the
    component dimension added back before the event dimensions.

    Args:
        base_constraint (Constraint): the component distribution's support.

    Raises:
        AssertionError: ``base_constraint`` is not a Constraint (PyTorch's message).

    >>> MixtureSameFamilyConstraint(positive).check(tinytorch.tensor([1.0, -1.0]))
    tensor([ True, False])
    """

    def __init__(self, base_constraint):
        if not isinstance(base_constraint, Constraint):
            raise AssertionError(f"base_constraint must be a Constraint, got "
                                 f"{type(base_constraint).__name__}")
        super().__init__(base_constraint)

    @property
    def event_dim(self):
        """The base constraint's event_dim."""
        return self.base_constraint.event_dim

    def check(self, value):
        result = self.base_constraint.check(value.unsqueeze(-1 - self.event_dim))
        if value.dim() < self.event_dim:
            raise ValueError(f"Expected value.dim() >= {self.event_dim} but got {value.dim()}")
        keep = value.dim() - self.event_dim
        return result.reshape(tuple(result.shape[:keep]) + (-1,)).all(-1)

    def __repr__(self):
        return f"{self.__class__.__name__}({self.base_constraint!r})"


class _Boolean(Constraint):
    is_discrete = True

    def check(self, value):
        return (value == 0) | (value == 1)


class _OneHot(Constraint):
    is_discrete = True
    event_dim = 1

    def check(self, value):
        is_boolean = (value == 0) | (value == 1)
        return is_boolean.all(-1) & value.sum(-1).eq(1)


class _Bounds(Constraint):
    """A constraint given by bounds, printed as PyTorch's (``GreaterThan(lower_bound=0.0)``)."""

    _label = ""
    _names = ()

    def __repr__(self):
        bounds = ", ".join(f"{name}={getattr(self, name)}" for name in self._names)
        return f"{self._label}({bounds})"


class _LowerBound(_Bounds):
    _names = ("lower_bound",)

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound
        super().__init__()


class _TwoBounds(_Bounds):
    _names = ("lower_bound", "upper_bound")

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound
        super().__init__()


class integer_interval(_TwoBounds):
    """The integers in ``[lower_bound, upper_bound]``.

    Args:
        lower_bound (int or Tensor): the smallest valid value.
        upper_bound (int or Tensor): the largest valid value.

    >>> integer_interval(0, 2).check(tinytorch.tensor([0.0, 1.5, 3.0]))
    tensor([ True, False, False])
    """

    is_discrete = True
    _label = "IntegerInterval"

    def check(self, value):
        return (value % 1 == 0) & (self.lower_bound <= value) & (value <= self.upper_bound)


class _IntegerGreaterThan(_LowerBound):
    is_discrete = True
    _label = "IntegerGreaterThan"

    def check(self, value):
        return (value % 1 == 0) & (value >= self.lower_bound)


class multinomial(Constraint):
    """Non-negative counts along the last dimension summing to at most ``upper_bound`` (the
    support of ``Multinomial``).

    Args:
        upper_bound (int): the largest valid total.

    >>> multinomial(3).check(tinytorch.tensor([[1.0, 2.0], [2.0, 2.0]]))
    tensor([ True, False])
    """

    is_discrete = True
    event_dim = 1

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound
        super().__init__()

    def check(self, value):
        return (value >= 0).all(dim=-1) & (value.sum(dim=-1) <= self.upper_bound)

    def __repr__(self):
        return "Multinomial()"


class _Real(Constraint):
    def check(self, value):
        return value == value  # False for NaN


class greater_than(_LowerBound):
    """The half line ``(lower_bound, inf]``.

    Args:
        lower_bound (float or Tensor): the (excluded) lower bound.

    >>> greater_than(1.0).check(tinytorch.tensor([1.0, 2.0]))
    tensor([False,  True])
    """

    _label = "GreaterThan"

    def check(self, value):
        return self.lower_bound < value


class greater_than_eq(_LowerBound):
    """The half line ``[lower_bound, inf)``.

    Args:
        lower_bound (float or Tensor): the (included) lower bound.

    >>> greater_than_eq(1.0).check(tinytorch.tensor([1.0, 0.0]))
    tensor([ True, False])
    """

    _label = "GreaterThanEq"

    def check(self, value):
        return self.lower_bound <= value


class less_than(_Bounds):
    """The half line ``[-inf, upper_bound)``.

    Args:
        upper_bound (float or Tensor): the (excluded) upper bound.

    >>> less_than(1.0).check(tinytorch.tensor([1.0, 0.0]))
    tensor([False,  True])
    """

    _label = "LessThan"
    _names = ("upper_bound",)

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound
        super().__init__()

    def check(self, value):
        return value < self.upper_bound


class interval(_TwoBounds):
    """The closed interval ``[lower_bound, upper_bound]``.

    Args:
        lower_bound (float or Tensor): the lower bound.
        upper_bound (float or Tensor): the upper bound.

    >>> interval(0.0, 1.0).check(tinytorch.tensor([1.0, 2.0]))
    tensor([ True, False])
    """

    _label = "Interval"

    def check(self, value):
        return (self.lower_bound <= value) & (value <= self.upper_bound)


class half_open_interval(_TwoBounds):
    """The interval ``[lower_bound, upper_bound)``.

    Args:
        lower_bound (float or Tensor): the (included) lower bound.
        upper_bound (float or Tensor): the (excluded) upper bound.

    >>> half_open_interval(0.0, 1.0).check(tinytorch.tensor([0.0, 1.0]))
    tensor([ True, False])
    """

    _label = "HalfOpenInterval"

    def check(self, value):
        return (self.lower_bound <= value) & (value < self.upper_bound)


class _Simplex(Constraint):
    event_dim = 1

    def check(self, value):
        return tinytorch.all(value >= 0, dim=-1) & ((value.sum(-1) - 1).abs() < 1e-6)


class _LowerTriangular(Constraint):
    event_dim = 2

    def check(self, value):
        flat = tuple(value.shape[:-2]) + (-1,)
        return (value.tril() == value).reshape(flat).all(-1)


class _LowerCholesky(_LowerTriangular):
    def check(self, value):
        positive_diagonal = (value.diagonal(dim1=-2, dim2=-1) > 0).all(-1)
        return super().check(value) & positive_diagonal


class _Square(Constraint):
    event_dim = 2

    def check(self, value):
        return tinytorch.full(tuple(value.shape[:-2]), value.shape[-2] == value.shape[-1],
                              dtype=tinytorch.bool, device=value.device)


class _Symmetric(_Square):
    def check(self, value):
        square_check = super().check(value)
        if not square_check.all():
            return square_check
        return tinytorch.isclose(value, value.mT, atol=1e-6).all(-2).all(-1)


class _PositiveSemidefinite(_Symmetric):
    _smallest = staticmethod(tinytorch.ge)  # the test of the eigenvalues against 0

    def check(self, value):
        sym_check = super().check(value)
        if not sym_check.all():
            return sym_check
        return self._smallest(tinytorch.linalg.eigvalsh(value), 0).all(-1)


class _PositiveDefinite(_PositiveSemidefinite):
    # PyTorch asks cholesky_ex for its info code; the smallest eigenvalue answers the same
    _smallest = staticmethod(tinytorch.gt)


class _CorrCholesky(Constraint):
    event_dim = 2

    def check(self, value):
        tol = tinytorch.finfo(value.dtype).eps * value.size(-1) * 10  # PyTorch's fudge factor
        row_norm = tinytorch.linalg.norm(value.detach(), dim=-1)
        unit_row_norm = (row_norm - 1.0).abs().le(tol).all(dim=-1)
        return lower_cholesky.check(value) & unit_row_norm


class _Joined(Constraint):
    """Constraints ``cseq`` on the parts of a value along ``dim``."""

    def __init__(self, cseq, dim):
        if not all(isinstance(c, Constraint) for c in cseq):
            raise AssertionError("All elements of cseq must be Constraint instances")
        self.cseq = list(cseq)
        self.dim = dim
        super().__init__()

    @property
    def is_discrete(self):
        """Whether a part is discrete."""
        return any(c.is_discrete for c in self.cseq)

    def __repr__(self):
        return type(self).__name__.capitalize() + "()"

    def _checked_dim(self, value):
        if not -value.dim() <= self.dim < value.dim():
            raise AssertionError(f"dim {self.dim} out of range for value with {value.dim()} "
                                 f"dimensions")


class cat(_Joined):
    """``cseq[i]`` on the i-th block (``lengths[i]`` entries) of dimension ``dim``, as
    ``tinytorch.cat`` joins them.

    Args:
        cseq (list of Constraint): the constraints.
        dim (int): the dimension. Default: 0.
        lengths (list of int, optional): each block's length. Default: 1 each.

    Raises:
        AssertionError: a part is not a Constraint, or ``lengths`` does not match ``cseq``.

    >>> cat([positive, real], 0, [1, 1]).check(tinytorch.tensor([-1.0, -1.0]))
    tensor([False,  True])
    """

    def __init__(self, cseq, dim=0, lengths=None):
        super().__init__(cseq, dim)
        self.lengths = list(lengths) if lengths is not None else [1] * len(self.cseq)
        if len(self.lengths) != len(self.cseq):
            raise AssertionError(f"lengths ({len(self.lengths)}) must match cseq "
                                 f"({len(self.cseq)})")

    @property
    def event_dim(self):
        """The largest event_dim of the parts."""
        return max(c.event_dim for c in self.cseq)

    def check(self, value):
        self._checked_dim(value)
        starts = [sum(self.lengths[:i]) for i in range(len(self.lengths))]
        return tinytorch.cat([c.check(value.narrow(self.dim, start, length)) for c, start, length
                              in zip(self.cseq, starts, self.lengths)], self.dim)


class stack(_Joined):
    """``cseq[i]`` on the i-th entry of dimension ``dim``, as ``tinytorch.stack`` joins them.

    Args:
        cseq (list of Constraint): the constraints, one per entry.
        dim (int): the dimension. Default: 0.

    Raises:
        AssertionError: a part is not a Constraint.

    >>> stack([positive, real], 0).check(tinytorch.tensor([-1.0, -1.0]))
    tensor([False,  True])
    """

    def __init__(self, cseq, dim=0):
        super().__init__(cseq, dim)

    @property
    def event_dim(self):
        """The largest event_dim of the parts (one more when ``dim`` falls inside it)."""
        dim = max(c.event_dim for c in self.cseq)
        return dim + 1 if self.dim + dim < 0 else dim

    def check(self, value):
        self._checked_dim(value)
        parts = [value.select(self.dim, i) for i in range(value.size(self.dim))]
        return tinytorch.stack([c.check(v) for v, c in zip(parts, self.cseq)], self.dim)


dependent = _Dependent()
boolean = _Boolean()
one_hot = _OneHot()
nonnegative_integer = _IntegerGreaterThan(0)
positive_integer = _IntegerGreaterThan(1)
real = _Real()
real_vector = independent(real, 1)
positive = greater_than(0.0)
nonnegative = greater_than_eq(0.0)
unit_interval = interval(0.0, 1.0)
simplex = _Simplex()
lower_triangular = _LowerTriangular()
lower_cholesky = _LowerCholesky()
square = _Square()
symmetric = _Symmetric()
positive_semidefinite = _PositiveSemidefinite()
positive_definite = _PositiveDefinite()
corr_cholesky = _CorrCholesky()
