"""Transforms that reshape or combine other transforms, after
``torch.distributions.transforms``: ``ReshapeTransform``, ``IndependentTransform``,
``CatTransform``, ``StackTransform``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.transforms._base import Transform
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import sum_rightmost

__all__ = ["CatTransform", "IndependentTransform", "ReshapeTransform", "StackTransform"]


class ReshapeTransform(Transform):
    """Reshapes the rightmost ``in_shape`` dimensions to ``out_shape`` (unit Jacobian).

    Args:
        in_shape (tinytorch.Size): the input event shape.
        out_shape (tinytorch.Size): the output event shape, as many elements.
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    Raises:
        ValueError: the shapes have different numbers of elements (PyTorch's message).

    >>> ReshapeTransform((4,), (2, 2))(tinytorch.zeros(3, 4)).shape
    torch.Size([3, 2, 2])
    """

    bijective = True

    def __init__(self, in_shape, out_shape, cache_size=0):
        self.in_shape = tinytorch.Size(in_shape)
        self.out_shape = tinytorch.Size(out_shape)
        if self.in_shape.numel() != self.out_shape.numel():
            raise ValueError("in_shape, out_shape have different numbers of elements")
        super().__init__(cache_size=cache_size)

    @constraints.dependent_property
    def domain(self):
        """The reals over ``in_shape``."""
        return constraints.independent(constraints.real, len(self.in_shape))

    @constraints.dependent_property
    def codomain(self):
        """The reals over ``out_shape``."""
        return constraints.independent(constraints.real, len(self.out_shape))

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return ReshapeTransform(self.in_shape, self.out_shape, cache_size=cache_size)

    @staticmethod
    def _reshaped(x, old, new):
        return x.reshape(tuple(x.shape[:x.dim() - len(old)]) + tuple(new))

    def _call(self, x):
        return self._reshaped(x, self.in_shape, self.out_shape)

    def _inverse(self, y):
        return self._reshaped(y, self.out_shape, self.in_shape)

    def log_abs_det_jacobian(self, x, y):
        batch_shape = x.shape[:x.dim() - len(self.in_shape)]
        return tinytorch.zeros(batch_shape, dtype=x.dtype, device=x.device)

    @staticmethod
    def _new_shape(shape, old, new):
        if len(shape) < len(old):
            raise ValueError("Too few dimensions on input")
        cut = len(shape) - len(old)
        if tuple(shape[cut:]) != tuple(old):
            raise ValueError(f"Shape mismatch: expected {shape[cut:]} but got {old}")
        return tuple(shape[:cut]) + tuple(new)

    def forward_shape(self, shape):
        return self._new_shape(shape, self.in_shape, self.out_shape)

    def inverse_shape(self, shape):
        return self._new_shape(shape, self.out_shape, self.in_shape)


class IndependentTransform(Transform):
    """``base_transform`` with ``reinterpreted_batch_ndims`` more rightmost dimensions in its
    event: the same map, its log-Jacobian summed over them.

    Args:
        base_transform (Transform): the transform.
        reinterpreted_batch_ndims (int): how many more rightmost dimensions are dependent.
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> from tinytorch.distributions import ExpTransform
    >>> t = IndependentTransform(ExpTransform(), 1)
    >>> t.log_abs_det_jacobian(tinytorch.ones(2), None)
    tensor(2.)
    """

    def __init__(self, base_transform, reinterpreted_batch_ndims, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.base_transform = base_transform.with_cache(cache_size)
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return IndependentTransform(self.base_transform, self.reinterpreted_batch_ndims,
                                    cache_size=cache_size)

    @constraints.dependent_property(is_discrete=False)
    def domain(self):
        """The base domain over the extra dimensions."""
        return constraints.independent(self.base_transform.domain,
                                       self.reinterpreted_batch_ndims)

    @constraints.dependent_property(is_discrete=False)
    def codomain(self):
        """The base codomain over the extra dimensions."""
        return constraints.independent(self.base_transform.codomain,
                                       self.reinterpreted_batch_ndims)

    @property
    def bijective(self):
        """Whether the base transform is bijective."""
        return self.base_transform.bijective

    @property
    def sign(self):
        """The base transform's sign."""
        return self.base_transform.sign

    def _call(self, x):
        if x.dim() < self.domain.event_dim:
            raise ValueError("Too few dimensions on input")
        return self.base_transform(x)

    def _inverse(self, y):
        if y.dim() < self.codomain.event_dim:
            raise ValueError("Too few dimensions on input")
        return self.base_transform.inv(y)

    def log_abs_det_jacobian(self, x, y):
        return sum_rightmost(self.base_transform.log_abs_det_jacobian(x, y),
                             self.reinterpreted_batch_ndims)

    def __repr__(self):
        return f"{self.__class__.__name__}({self.base_transform!r}, " \
               f"{self.reinterpreted_batch_ndims})"

    def forward_shape(self, shape):
        return self.base_transform.forward_shape(shape)

    def inverse_shape(self, shape):
        return self.base_transform.inverse_shape(shape)




class _Combining(Transform):
    """A transform applying ``transforms`` to slices of its input along ``dim``."""

    def __init__(self, tseq, dim, cache_size):
        if not all(isinstance(t, Transform) for t in tseq):
            raise AssertionError("All elements of tseq must be Transform instances")
        if cache_size:
            tseq = [t.with_cache(cache_size) for t in tseq]
        super().__init__(cache_size=cache_size)
        self.transforms = list(tseq)
        self.dim = dim

    @property
    def bijective(self):
        """Whether every part is bijective."""
        return all(t.bijective for t in self.transforms)

    def _check(self, value, var, where="tensor"):
        """PyTorch's checks of ``value`` (named ``var``) along ``dim``."""
        if not -value.dim() <= self.dim < value.dim():
            raise AssertionError(f"dim {self.dim} out of range for {where} with {value.dim()} "
                                 f"dimensions")
        if value.size(self.dim) != self._size:
            raise AssertionError(f"{var}.size({self.dim}) = {value.size(self.dim)} must equal "
                                 f"{self._size_label} {self._size}")

    def _map(self, value, var, apply):
        """``apply(transform, slice)`` for each part, as the slices of ``value``."""
        self._check(value, var)
        return [apply(t, v) for t, v in zip(self.transforms, self._slices(value))]


class CatTransform(_Combining):
    """Applies ``tseq[i]`` to the i-th block (of ``lengths[i]`` entries) of dimension ``dim``,
    as ``tinytorch.cat`` would join them.

    Args:
        tseq (list of Transform): the transforms.
        dim (int): the dimension. Default: 0.
        lengths (list of int, optional): each block's length. Default: 1 each.
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    Raises:
        AssertionError: a part is not a Transform, or ``lengths`` does not match ``tseq``.

    >>> from tinytorch.distributions import ExpTransform, identity_transform
    >>> CatTransform([ExpTransform(), identity_transform], 0, [1, 2])(tinytorch.zeros(3))
    tensor([1., 0., 0.])
    """

    def __init__(self, tseq, dim=0, lengths=None, cache_size=0):
        super().__init__(tseq, dim, cache_size)
        self.lengths = list(lengths) if lengths is not None else [1] * len(self.transforms)
        if len(self.lengths) != len(self.transforms):
            raise AssertionError(f"lengths ({len(self.lengths)}) must match transforms "
                                 f"({len(self.transforms)})")

    @lazy_property
    def event_dim(self):
        """The largest event_dim of the parts."""
        return max(t.event_dim for t in self.transforms)

    @lazy_property
    def length(self):
        """The total length along ``dim``."""
        return sum(self.lengths)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return CatTransform(self.transforms, self.dim, self.lengths, cache_size)

    _size_label = "length"
    _size = length

    def _slices(self, value):
        starts = [sum(self.lengths[:i]) for i in range(len(self.lengths))]
        return [value.narrow(self.dim, s, n) for s, n in zip(starts, self.lengths)]

    def _call(self, x):
        return tinytorch.cat(self._map(x, "x", lambda t, v: t(v)), dim=self.dim)

    def _inverse(self, y):
        return tinytorch.cat(self._map(y, "y", lambda t, v: t.inv(v)), dim=self.dim)

    def log_abs_det_jacobian(self, x, y):
        self._check(x, "x", "x")
        self._check(y, "y", "y")
        logdetjacs = [sum_rightmost(t.log_abs_det_jacobian(xs, ys), self.event_dim - t.event_dim)
                      for t, xs, ys in zip(self.transforms, self._slices(x), self._slices(y))]
        dim = (self.dim - x.dim() if self.dim >= 0 else self.dim) + self.event_dim
        return tinytorch.cat(logdetjacs, dim=dim) if dim < 0 else sum(logdetjacs)

    @constraints.dependent_property
    def domain(self):
        """The parts' domains, joined as ``constraints.cat``."""
        return constraints.cat([t.domain for t in self.transforms], self.dim, self.lengths)

    @constraints.dependent_property
    def codomain(self):
        """The parts' codomains, joined as ``constraints.cat``."""
        return constraints.cat([t.codomain for t in self.transforms], self.dim, self.lengths)


class StackTransform(_Combining):
    """Applies ``tseq[i]`` to the i-th entry of dimension ``dim``, as ``tinytorch.stack``
    would join them.

    Args:
        tseq (list of Transform): the transforms, one per entry of ``dim``.
        dim (int): the dimension. Default: 0.
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    Raises:
        AssertionError: a part is not a Transform.

    >>> from tinytorch.distributions import ExpTransform, identity_transform
    >>> StackTransform([ExpTransform(), identity_transform], 1)(tinytorch.zeros(1, 2))
    tensor([[1., 0.]])
    """

    def __init__(self, tseq, dim=0, cache_size=0):
        super().__init__(tseq, dim, cache_size)

    def with_cache(self, cache_size=1):
        if self._cache_size == cache_size:
            return self
        return StackTransform(self.transforms, self.dim, cache_size)

    _size_label = "len(transforms)"

    @property
    def _size(self):
        return len(self.transforms)

    def _slices(self, value):
        return [value.select(self.dim, i) for i in range(value.size(self.dim))]

    def _call(self, x):
        return tinytorch.stack(self._map(x, "x", lambda t, v: t(v)), dim=self.dim)

    def _inverse(self, y):
        return tinytorch.stack(self._map(y, "y", lambda t, v: t.inv(v)), dim=self.dim)

    def log_abs_det_jacobian(self, x, y):
        self._check(x, "x", "x")
        self._check(y, "y", "y")
        return tinytorch.stack([t.log_abs_det_jacobian(xs, ys) for t, xs, ys in zip(
            self.transforms, self._slices(x), self._slices(y))], dim=self.dim)

    @constraints.dependent_property
    def domain(self):
        """The parts' domains, joined as ``constraints.stack``."""
        return constraints.stack([t.domain for t in self.transforms], self.dim)

    @constraints.dependent_property
    def codomain(self):
        """The parts' codomains, joined as ``constraints.stack``."""
        return constraints.stack([t.codomain for t in self.transforms], self.dim)
