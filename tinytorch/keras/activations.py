"""Activation functions by their Keras names (``Dense(10, activation='relu')``).

Each takes and returns a tinytorch Tensor. ``softmax`` normalises over ``axis`` (the channel
axis: the last one in Keras' channels-last view).
"""

import tinytorch
from tinytorch.nn import functional as F


def linear(x):
    """Linear (identity) activation: a(z) = z.

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: ``x`` itself, unchanged.

    >>> linear(tinytorch.tensor([-1.0, 2.0]))
    tensor([-1.,  2.])
    """
    return x


def sigmoid(x):
    """Sigmoid activation: a(z) = 1 / (1 + exp(-z)).

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: values in (0, 1), of the shape of ``x``.

    >>> sigmoid(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([0.2689, 0.5000, 0.8808])
    """
    return tinytorch.sigmoid(x)


def tanh(x):
    """Hyperbolic tangent activation: a(z) = tanh(z).

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: values in (-1, 1), of the shape of ``x``.

    >>> tanh(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.7616,  0.0000,  0.9640])
    """
    return tinytorch.tanh(x)


def relu(x):
    """Rectified linear unit: a(z) = max(z, 0).

    Keras' ``alpha``, ``max_value`` and ``threshold`` arguments are not supported (use
    :func:`leaky_relu` for a negative slope).

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: of the shape of ``x``.

    >>> relu(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """
    return tinytorch.relu(x)


def softmax(x, axis=-1):
    """Softmax: a(z)_i = exp(z_i) / sum_j exp(z_j) along ``axis``.

    Args:
        x (Tensor): input tensor.
        axis (int): the axis along which the values sum to 1. Default: -1.

    Returns:
        Tensor: probabilities, of the shape of ``x``.

    >>> softmax(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([0.0420, 0.1142, 0.8438])
    """
    return tinytorch.softmax(x, axis)


def elu(x, alpha=1.0):
    """Exponential linear unit: a(z) = z if z > 0 else alpha * (exp(z) - 1).

    Args:
        x (Tensor): input tensor.
        alpha (float): the value approached for large negative inputs is ``-alpha``.
            Default: 1.0.

    Returns:
        Tensor: of the shape of ``x``.

    >>> elu(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.6321,  0.0000,  2.0000])
    """
    return F.elu(x, alpha)


def selu(x):
    """Scaled exponential linear unit: ``scale * elu(z, alpha)`` with the self-normalising
    constants alpha = 1.6733 and scale = 1.0507 (Klambauer et al., 2017).

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: of the shape of ``x``.

    >>> selu(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-1.1113,  0.0000,  2.1014])
    """
    return F.selu(x)


def softplus(x):
    """Softplus activation: a(z) = log(1 + exp(z)).

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: positive values, of the shape of ``x``.

    >>> softplus(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([0.3133, 0.6931, 2.1269])
    """
    return F.softplus(x)


def gelu(x):
    """Gaussian error linear unit: a(z) = z * Phi(z), with Phi the standard normal CDF.

    The exact (erf) form, Keras' default; Keras' ``approximate=True`` (tanh) form is not
    supported.

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: of the shape of ``x``.

    >>> gelu(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.1587,  0.0000,  1.9545])
    """
    return F.gelu(x)


def swish(x):
    """Swish (also called SiLU): a(z) = z * sigmoid(z).

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: of the shape of ``x``.

    >>> swish(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.2689,  0.0000,  1.7616])
    """
    return F.silu(x)


def leaky_relu(x, alpha=0.2):
    """Leaky rectified linear unit: a(z) = z if z > 0 else alpha * z.

    Args:
        x (Tensor): input tensor.
        alpha (float): slope for negative inputs. Default: 0.2, Keras' (PyTorch's
            ``negative_slope`` defaults to 0.01).

    Returns:
        Tensor: of the shape of ``x``.

    >>> leaky_relu(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.2000,  0.0000,  2.0000])
    """
    return F.leaky_relu(x, alpha)


def exponential(x):
    """Exponential activation: a(z) = exp(z).

    Args:
        x (Tensor): input tensor.

    Returns:
        Tensor: of the shape of ``x``.

    >>> exponential(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([0.3679, 1.0000, 7.3891])
    """
    return tinytorch.exp(x)


_BY_NAME = {"linear": linear, "sigmoid": sigmoid, "tanh": tanh, "relu": relu,
            "softmax": softmax, "elu": elu, "selu": selu, "softplus": softplus, "gelu": gelu,
            "swish": swish, "silu": swish, "leaky_relu": leaky_relu, "exponential": exponential}


def get(identifier):
    """Return the activation function named ``identifier``.

    Args:
        identifier (str, callable or None): a Keras name (``'relu'``, ``'softmax'``, ``'silu'``
            …), a function (returned as is), or None (:func:`linear`).

    Returns:
        callable: the activation function.

    Raises:
        ValueError: for an unknown name, listing the known ones.

    >>> get('relu') is relu, get(None) is linear
    (True, True)
    """
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if identifier not in _BY_NAME:
        raise ValueError(f"Unknown activation function: '{identifier}'. "
                         f"Known: {', '.join(sorted(_BY_NAME))}")
    return _BY_NAME[identifier]


def serialize(activation):
    """The name under which ``activation`` is stored in a model's JSON.

    Args:
        activation (callable): one of this module's functions.

    Returns:
        str: its Keras name (``swish`` for :func:`swish`, also known as ``silu``).

    Raises:
        ValueError: for any other function (custom activations cannot be serialised).

    >>> serialize(get('silu'))
    'swish'
    """
    for name, fn in _BY_NAME.items():
        if fn is activation:
            return name
    raise ValueError(f"cannot serialize custom activation {activation!r}; "
                     "pass one of the named activations")
