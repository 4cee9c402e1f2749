"""PyTorch's legacy ``torch.autograd.Variable``, which old scripts still call."""

import warnings

from tinytorch._tensor import Tensor


class _VariableType(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableType):
    """PyTorch's legacy ``torch.autograd.Variable``: since PyTorch 0.4 every tensor is one.
    ``Variable(t, requires_grad=False)`` returns a detached tensor sharing ``t``'s storage,
    requiring grad as asked; ``isinstance(x, Variable)`` is true for every tensor.

    Args:
        data (Tensor): the tensor.
        requires_grad (bool): whether the result requires grad. Default: False.
        volatile (bool): removed by PyTorch; True warns and has no effect.

    Returns:
        Tensor: a detached alias of ``data``.

    Raises:
        TypeError: ``data`` is not a tensor.

    >>> import tinytorch
    >>> from tinytorch.autograd import Variable
    >>> v = Variable(tinytorch.ones(2), requires_grad=True)
    >>> v.requires_grad, v.is_leaf, isinstance(v, Variable)
    (True, True, True)
    """

    def __new__(cls, data, requires_grad=False, volatile=False):
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got "
                            f"{type(data).__name__}")
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with "
                          "torch.no_grad():` instead.", UserWarning, stacklevel=2)
        return data.detach().requires_grad_(requires_grad)
