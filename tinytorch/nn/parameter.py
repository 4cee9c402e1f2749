"""``nn.Parameter``: a Tensor that a Module registers as one of its parameters."""

import copy

from tinytorch import _creation
from tinytorch._grad_mode import no_grad
from tinytorch._tensor import Tensor


class Parameter(Tensor):
    """A Tensor that is a module parameter: assigning it as a Module attribute registers it,
    so it appears in ``parameters()`` and ``state_dict()``.

    ``Parameter(t)`` shares storage (and the version counter) with ``t``. Ops on a parameter
    return plain Tensors; only the leaf itself is a ``Parameter``.

    Args:
        data (Tensor): the parameter's value (an empty tensor when None).
        requires_grad (bool): whether it requires gradient. Default: ``True``.

    >>> import tinytorch
    >>> p = tinytorch.nn.Parameter(tinytorch.ones(2))
    >>> p.requires_grad, type(p * 2).__name__
    (True, 'Tensor')
    """

    __slots__ = ("__dict__",)  # PyTorch lets code tag parameters with attributes

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _creation.empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Parameter(): argument 'data' must be Tensor, not "
                            f"{type(data).__name__}")
        p = cls._make(data._data, data._backend, vc=data._vc)
        if requires_grad:
            p.requires_grad_(True)
        return p

    def __init__(self, data=None, requires_grad=True):  # everything happens in __new__
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        with _no_grad():
            data = _creation.empty_like(self).copy_(self)
        result = type(self)(data, self.requires_grad)
        result.__dict__.update(copy.deepcopy(self.__dict__, memo))
        memo[id(self)] = result
        return result


def _no_grad():
    return no_grad()
