"""Helpers the distributions share, after ``torch.distributions.utils``: parameter
broadcasting, logits/probs conversion and the lazily computed parameter."""

import functools
import numbers

import tinytorch
from tinytorch.nn import functional as F

__all__ = ["broadcast_all", "clamp_probs", "lazy_property", "logits_to_probs",
           "probs_to_logits"]

euler_constant = 0.57721566490153286060


def broadcast_all(*values):
    """Broadcasts tensors and numbers to one shape.

    Numbers become tensors of the first tensor's dtype and device (the default dtype when every
    value is a number), then all values are broadcast together.

    Args:
        *values (Tensor or Number): the values.

    Returns:
        tuple of Tensor: the broadcast values.

    Raises:
        ValueError: a value is neither a Number nor a Tensor (PyTorch's message).

    >>> loc, scale = broadcast_all(tinytorch.zeros(2), 1.0)
    >>> scale
    tensor([1., 1.])
    """
    if not all(isinstance(v, (tinytorch.Tensor, numbers.Number)) for v in values):
        raise ValueError("Input arguments must all be instances of Number, "
                         "torch.Tensor or objects implementing __torch_function__.")
    options = {"dtype": tinytorch.get_default_dtype()}
    for value in values:
        if isinstance(value, tinytorch.Tensor):
            options = {"dtype": value.dtype, "device": value.device}
            break
    tensors = [v if isinstance(v, tinytorch.Tensor) else tinytorch.tensor(v, **options)
               for v in values]
    return tinytorch.broadcast_tensors(*tensors)


def broadcast_params(*values):
    """The broadcast parameters and the batch shape: ``()`` when every value is a number."""
    tensors = broadcast_all(*values)
    scalar = all(isinstance(v, numbers.Number) for v in values)
    return tensors, (() if scalar else tensors[0].shape)


def size(*parts):
    """The ``tinytorch.Size`` made of the concatenated shapes ``parts``."""
    return tinytorch.Size(d for part in parts for d in part)


def standard_normal(shape, dtype, device):
    return tinytorch.randn(shape, dtype=dtype, device=device)


def enumerate_values(count, param, batch_shape, expand, dtype=None):
    """``arange(count)`` along dimension 0 over ``batch_shape`` (singleton dimensions unless
    ``expand``): the ``enumerate_support`` of a discrete family; ``param``'s dtype by default
    and its device."""
    values = tinytorch.arange(count, dtype=dtype or param.dtype, device=param.device)
    values = values.view((-1,) + (1,) * len(batch_shape))
    if expand:
        values = values.expand((-1,) + tuple(batch_shape))
    return values


def sum_rightmost(value, dim):
    """``value`` summed over its ``dim`` rightmost dimensions."""
    if dim == 0:
        return value
    return value.reshape(tuple(value.shape[:-dim]) + (-1,)).sum(-1)


def logits_to_probs(logits, is_binary=False):
    """Converts logits to probabilities: ``sigmoid`` for a binary event, else ``softmax`` over
    the last dimension.

    Args:
        logits (Tensor): log-odds (binary) or unnormalised log-probabilities.
        is_binary (bool): whether each value is the log-odds of one binary event.

    Returns:
        Tensor: the probabilities.

    >>> logits_to_probs(tinytorch.tensor([0.0, 0.0]))
    tensor([0.5000, 0.5000])
    """
    if is_binary:
        return tinytorch.sigmoid(logits)
    return F.softmax(logits, dim=-1)


def clamp_probs(probs):
    """Clamps probabilities into ``[eps, 1 - eps]``, ``eps`` the dtype's machine epsilon.

    Args:
        probs (Tensor): the probabilities.

    Returns:
        Tensor: the clamped probabilities.

    >>> clamp_probs(tinytorch.tensor([0.0, 0.5, 1.0], dtype=tinytorch.float64))
    tensor([2.2204e-16, 5.0000e-01, 1.0000e+00], dtype=tinytorch.float64)
    """
    eps = tinytorch.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    """Converts probabilities to logits: log-odds for a binary event, else log-probabilities.

    Args:
        probs (Tensor): the probabilities (clamped into the open interval (0, 1) first).
        is_binary (bool): whether each value is the probability of one binary event.

    Returns:
        Tensor: the logits.

    >>> probs_to_logits(tinytorch.tensor([0.5]), is_binary=True)
    tensor([0.])
    """
    ps_clamped = clamp_probs(probs)
    if is_binary:
        return tinytorch.log(ps_clamped) - tinytorch.log1p(-ps_clamped)
    return tinytorch.log(ps_clamped)


class lazy_property:
    """A parameter computed from another on first access, then cached on the instance
    (``Bernoulli.probs`` from ``logits``); computed with gradients enabled, as PyTorch's.

    Args:
        wrapped (Callable): the method computing the value.

    >>> class Coin:
    ...     logits = tinytorch.tensor(0.0)
    ...     @lazy_property
    ...     def probs(self):
    ...         return tinytorch.sigmoid(self.logits)
    >>> Coin().probs
    tensor(0.5000)
    """

    def __init__(self, wrapped):
        self.wrapped = wrapped
        functools.update_wrapper(self, wrapped)

    def __get__(self, instance, obj_type=None):
        if instance is None:
            return _lazy_property_and_property(self.wrapped)
        with tinytorch.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


class _lazy_property_and_property(lazy_property, property):
    """What a lazy_property looks like on its class: a property to Sphinx's autodoc, still a
    lazy_property to argument validation (as PyTorch's)."""

    def __init__(self, wrapped):
        property.__init__(self, wrapped)
