"""``biject_to`` and ``transform_to``, after ``torch.distributions.constraint_registry``: from
a constraint to a transform from the unconstrained reals onto it (a bijection for
``biject_to``, for HMC; any map for ``transform_to``, for optimisation)."""

import numbers

from tinytorch.distributions import constraints
from tinytorch.distributions import transforms

__all__ = ["ConstraintRegistry", "biject_to", "transform_to"]


class ConstraintRegistry:
    """A registry from Constraint types to factories of transforms.

    >>> registry = ConstraintRegistry()
    >>> registry.register(constraints.positive, lambda c: transforms.ExpTransform())
    ... # doctest: +ELLIPSIS
    <function <lambda> at ...>
    >>> registry(constraints.positive)
    ExpTransform()
    """

    def __init__(self):
        self._registry = {}
        super().__init__()

    def register(self, constraint, factory=None):
        """Registers ``factory(constraint) -> Transform`` for a Constraint subclass.

        Args:
            constraint (type or Constraint): a Constraint subclass, or an instance of it.
            factory (Callable, optional): the factory; without it, a decorator.

        Returns:
            Callable: the factory (or the decorator).

        Raises:
            TypeError: ``constraint`` is neither a Constraint subclass nor an instance.

        >>> ConstraintRegistry().register(constraints.real)  # doctest: +ELLIPSIS
        <function ConstraintRegistry.register.<locals>.<lambda> at ...>
        """
        if factory is None:
            return lambda factory: self.register(constraint, factory)
        if isinstance(constraint, constraints.Constraint):
            constraint = type(constraint)
        if not isinstance(constraint, type) or not issubclass(constraint,
                                                              constraints.Constraint):
            raise TypeError(f"Expected constraint to be either a Constraint subclass or "
                            f"instance, but got {constraint}")
        self._registry[constraint] = factory
        return factory

    def __call__(self, constraint):
        """The transform to the constrained space of ``constraint``.

        Args:
            constraint (Constraint): the constraint.

        Returns:
            Transform: the registered factory's transform.

        Raises:
            NotImplementedError: no factory is registered for the constraint's type.

        >>> transform_to(constraints.positive)(tinytorch.zeros(1))
        tensor([1.])
        """
        try:
            factory = self._registry[type(constraint)]
        except KeyError:
            raise NotImplementedError(f"Cannot transform {type(constraint).__name__} "
                                      "constraints") from None
        return factory(constraint)


biject_to = ConstraintRegistry()
transform_to = ConstraintRegistry()


def _register_both(*constraint_types):
    def decorator(factory):
        for constraint in constraint_types:
            biject_to.register(constraint, factory)
            transform_to.register(constraint, factory)
        return factory
    return decorator


@_register_both(constraints.real)
def _transform_to_real(constraint):
    return transforms.identity_transform


for _registry in (biject_to, transform_to):
    _registry.register(constraints.independent, lambda c, r=_registry: (
        transforms.IndependentTransform(r(c.base_constraint), c.reinterpreted_batch_ndims)))
    _registry.register(constraints.cat, lambda c, r=_registry: transforms.CatTransform(
        [r(part) for part in c.cseq], c.dim, c.lengths))
    _registry.register(constraints.stack, lambda c, r=_registry: transforms.StackTransform(
        [r(part) for part in c.cseq], c.dim))


@_register_both(constraints.greater_than, constraints.greater_than_eq)
def _transform_to_greater_than(constraint):
    return transforms.ComposeTransform([transforms.ExpTransform(),
                                        transforms.AffineTransform(constraint.lower_bound, 1)])


@_register_both(constraints.less_than)
def _transform_to_less_than(constraint):
    return transforms.ComposeTransform([transforms.ExpTransform(),
                                        transforms.AffineTransform(constraint.upper_bound, -1)])


@_register_both(constraints.interval, constraints.half_open_interval)
def _transform_to_interval(constraint):
    lower_is_0 = isinstance(constraint.lower_bound, numbers.Number) \
        and constraint.lower_bound == 0
    upper_is_1 = isinstance(constraint.upper_bound, numbers.Number) \
        and constraint.upper_bound == 1
    if lower_is_0 and upper_is_1:
        return transforms.SigmoidTransform()
    loc = constraint.lower_bound
    scale = constraint.upper_bound - constraint.lower_bound
    return transforms.ComposeTransform([transforms.SigmoidTransform(),
                                        transforms.AffineTransform(loc, scale)])


@_register_both(constraints.corr_cholesky)
def _transform_to_corr_cholesky(constraint):
    return transforms.CorrCholeskyTransform()


biject_to.register(constraints.simplex, lambda c: transforms.StickBreakingTransform())
transform_to.register(constraints.simplex, lambda c: transforms.SoftmaxTransform())
transform_to.register(constraints.lower_cholesky, lambda c: transforms.LowerCholeskyTransform())
for _constraint in (constraints.positive_definite, constraints.positive_semidefinite):
    transform_to.register(_constraint, lambda c: transforms.PositiveDefiniteTransform())
