"""Weight initialisers by their Keras names, with Keras' fan computation.

Fans follow Keras: a dense kernel (in, out) has fan_in = in, fan_out = out; a conv kernel
(kh, kw, in, out) has fan_in = kh*kw*in and fan_out = kh*kw*out. Each initializer fills a
tinytorch tensor in place (under ``no_grad``) and returns it.
"""

import math

import tinytorch
from tinytorch.nn import init


def _fans(keras_shape):
    if len(keras_shape) == 1:
        return keras_shape[0], keras_shape[0]
    receptive = math.prod(keras_shape[:-2])
    return keras_shape[-2] * receptive, keras_shape[-1] * receptive


def zeros(tensor, keras_shape):
    """Fill with 0.

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (unused).

    Returns:
        Tensor: ``tensor``.

    >>> zeros(tinytorch.empty(2), (2,))
    tensor([0., 0.])
    """
    return tensor.zero_()


def ones(tensor, keras_shape):
    """Fill with 1.

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (unused).

    Returns:
        Tensor: ``tensor``.

    >>> ones(tinytorch.empty(2), (2,))
    tensor([1., 1.])
    """
    return tensor.fill_(1.0)


def glorot_uniform(tensor, keras_shape):
    """U(-l, l) with l = sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010); Keras'
    default kernel initializer.

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (gives fan_in and fan_out).

    Returns:
        Tensor: ``tensor``.

    >>> w = glorot_uniform(tinytorch.empty(3, 2), (2, 3))  # a Dense(3) kernel on 2 inputs
    >>> bool(w.abs().max() <= (6 / (2 + 3)) ** 0.5)
    True
    """
    fan_in, fan_out = _fans(keras_shape)
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return tensor.uniform_(-limit, limit)


def glorot_normal(tensor, keras_shape):
    """N(0, 2 / (fan_in + fan_out)); Keras truncates at 2 std, this draws an untruncated normal.

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (gives fan_in and fan_out).

    Returns:
        Tensor: ``tensor``.

    >>> w = glorot_normal(tinytorch.empty(100, 100), (100, 100))
    >>> abs(float(w.std()) - (2 / 200) ** 0.5) < 0.01
    True
    """
    fan_in, fan_out = _fans(keras_shape)
    return tensor.normal_(0.0, math.sqrt(2.0 / (fan_in + fan_out)))


def he_uniform(tensor, keras_shape):
    """U(-l, l) with l = sqrt(6 / fan_in) (He et al., 2015), for ReLU layers.

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (gives fan_in and fan_out).

    Returns:
        Tensor: ``tensor``.

    >>> w = he_uniform(tinytorch.empty(8, 3, 3, 3), (3, 3, 3, 8))  # a Conv2D(8, 3) kernel
    >>> bool(w.abs().max() <= (6 / 27) ** 0.5)
    True
    """
    limit = math.sqrt(6.0 / _fans(keras_shape)[0])
    return tensor.uniform_(-limit, limit)


def he_normal(tensor, keras_shape):
    """N(0, 2 / fan_in); untruncated (see ``glorot_normal``).

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (gives fan_in and fan_out).

    Returns:
        Tensor: ``tensor``.

    >>> w = he_normal(tinytorch.empty(100, 100), (100, 100))
    >>> abs(float(w.std()) - (2 / 100) ** 0.5) < 0.01
    True
    """
    return tensor.normal_(0.0, math.sqrt(2.0 / _fans(keras_shape)[0]))


def lecun_uniform(tensor, keras_shape):
    """U(-l, l) with l = sqrt(3 / fan_in), for SELU layers.

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (gives fan_in and fan_out).

    Returns:
        Tensor: ``tensor``.

    >>> w = lecun_uniform(tinytorch.empty(4, 12), (12, 4))
    >>> bool(w.abs().max() <= 0.5)
    True
    """
    limit = math.sqrt(3.0 / _fans(keras_shape)[0])
    return tensor.uniform_(-limit, limit)


def lecun_normal(tensor, keras_shape):
    """N(0, 1 / fan_in); untruncated (see ``glorot_normal``).

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (gives fan_in and fan_out).

    Returns:
        Tensor: ``tensor``.

    >>> w = lecun_normal(tinytorch.empty(100, 100), (100, 100))
    >>> abs(float(w.std()) - 0.1) < 0.01
    True
    """
    return tensor.normal_(0.0, math.sqrt(1.0 / _fans(keras_shape)[0]))


def random_uniform(tensor, keras_shape):
    """U(-0.05, 0.05), Keras' RandomUniform defaults.

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (unused).

    Returns:
        Tensor: ``tensor``.

    >>> bool(random_uniform(tinytorch.empty(50), (50,)).abs().max() <= 0.05)
    True
    """
    return tensor.uniform_(-0.05, 0.05)


def random_normal(tensor, keras_shape):
    """N(0, 0.05²), Keras' RandomNormal defaults.

    Args:
        tensor (Tensor): the weight to fill in place (any layout).
        keras_shape (tuple): the weight's shape as Keras stores it (unused).

    Returns:
        Tensor: ``tensor``.

    >>> w = random_normal(tinytorch.empty(100, 100), (100, 100))
    >>> abs(float(w.std()) - 0.05) < 0.005
    True
    """
    return tensor.normal_(0.0, 0.05)


def orthogonal(tensor, keras_shape):
    """A (semi-)orthogonal matrix: the Q factor of a Gaussian matrix's QR decomposition, with
    the signs of R's diagonal folded in (Keras' Orthogonal, gain 1). A 2-D kernel stored
    transposed gets the transpose of the same distribution: orthonormal rows or columns,
    whichever the shape allows.

    Args:
        tensor (Tensor): the weight to fill in place (at least 2-D).
        keras_shape (tuple): the weight's shape as Keras stores it (unused: the distribution
            of the transpose is the transpose of the distribution).

    Returns:
        Tensor: ``tensor``.

    >>> import tinytorch
    >>> w = orthogonal(tinytorch.empty(3, 5), (5, 3))
    >>> bool(((w @ w.T) - tinytorch.eye(3)).abs().max() < 1e-5)
    True
    """
    return init.orthogonal_(tensor)


_BY_NAME = {f.__name__: f for f in (zeros, ones, glorot_uniform, glorot_normal, he_uniform,
                                     he_normal, lecun_uniform, lecun_normal, random_uniform,
                                     random_normal, orthogonal)}


def initialize(identifier, tensor, keras_shape):
    """Fill ``tensor`` (any layout) as Keras would fill a kernel of ``keras_shape``.

    Args:
        identifier (str): an initializer's Keras name (``'glorot_uniform'``, ``'zeros'`` …).
        tensor (Tensor): the weight to fill in place, without recording autograd history.
        keras_shape (tuple): the weight's shape as Keras stores it (gives the fans).

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: for an unknown name, listing the known ones.

    >>> w = tinytorch.empty(2, 3, requires_grad=True)
    >>> initialize('ones', w, (3, 2)).grad_fn is None, float(w.sum())
    (True, 6.0)
    """
    if identifier not in _BY_NAME:
        raise ValueError(f"Unknown initializer: '{identifier}'. "
                         f"Known: {', '.join(sorted(_BY_NAME))}")
    with tinytorch.no_grad():
        return _BY_NAME[identifier](tensor, keras_shape)
