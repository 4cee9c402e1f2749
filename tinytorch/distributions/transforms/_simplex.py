"""Transforms onto the probability simplex, after ``torch.distributions.transforms``:
``SoftmaxTransform`` (not bijective) and ``StickBreakingTransform`` (one more coordinate)."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.transforms._base import Transform
from tinytorch.nn import functional as F

__all__ = ["SoftmaxTransform", "StickBreakingTransform"]


def _at_least_1d(shape):
    if len(shape) < 1:
        raise ValueError("Too few dimensions on input")
    return tuple(shape)


class SoftmaxTransform(Transform):
    """The map ``y = exp(x) / sum(exp(x))`` over the last dimension, inverse ``log(y)``: not
    bijective (it drops a constant shift), but coordinate-wise apart from the normalisation.

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> SoftmaxTransform()(tinytorch.tensor([0.0, 0.0]))
    tensor([0.5000, 0.5000])
    """

    domain = constraints.real_vector
    codomain = constraints.simplex

    def __eq__(self, other):
        return isinstance(other, SoftmaxTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        probs = (x - x.max(-1, True)[0]).exp()
        return probs / probs.sum(-1, True)

    def _inverse(self, y):
        return y.log()

    def forward_shape(self, shape):
        return _at_least_1d(shape)

    def inverse_shape(self, shape):
        return _at_least_1d(shape)


def _offset(k, like):
    """``log(k), log(k - 1), ..., log(1)``: the shift that maps x = 0 to the simplex centre."""
    ones = tinytorch.ones(k, dtype=like.dtype, device=like.device)
    return (k + 1 - ones.cumsum(-1)).log()


class StickBreakingTransform(Transform):
    """The stick-breaking map from the reals of dimension K to the simplex of dimension K + 1:
    each coordinate's sigmoid takes a share of what the previous ones left (an iterated
    sigmoid, as in the stick-breaking construction of the Dirichlet). Bijective.

    Args:
        cache_size (int): 0 or 1, see ``Transform``. Default: 0.

    >>> StickBreakingTransform()(tinytorch.tensor([0.0, 0.0]))
    tensor([0.3333, 0.3333, 0.3333])
    """

    domain = constraints.real_vector
    codomain = constraints.simplex
    bijective = True

    def __eq__(self, other):
        return isinstance(other, StickBreakingTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        finfo = tinytorch.finfo(x.dtype)
        z = tinytorch.sigmoid(x - _offset(x.shape[-1], x)).clamp(min=finfo.tiny,
                                                                  max=1.0 - finfo.eps)
        z_cumprod = (1 - z).cumprod(-1)
        return F.pad(z, [0, 1], value=1) * F.pad(z_cumprod, [1, 0], value=1)

    def _inverse(self, y):
        y_crop = y[..., :-1]
        # clamped: the remaining stick can round to <= 0 when y[..., -1] ~ 0
        sf = (1 - y_crop.cumsum(-1)).clamp(min=tinytorch.finfo(y.dtype).tiny)
        return y_crop.log() - sf.log() + _offset(y_crop.shape[-1], y)

    def log_abs_det_jacobian(self, x, y):
        x = x - _offset(x.shape[-1], x)
        # 1 - sigmoid(x) = exp(-x) sigmoid(x)
        return (-x + F.logsigmoid(x) + y[..., :-1].log()).sum(-1)

    def forward_shape(self, shape):
        shape = _at_least_1d(shape)
        return shape[:-1] + (shape[-1] + 1,)

    def inverse_shape(self, shape):
        shape = _at_least_1d(shape)
        return shape[:-1] + (shape[-1] - 1,)
