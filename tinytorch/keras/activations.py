"""Activation functions by their Keras names (``Dense(10, activation='relu')``).

Each takes and returns a tinytorch Tensor. ``softmax`` normalises over ``axis`` (the channel
axis: the last one in Keras' channels-last view).
"""

import tinytorch
from tinytorch.nn import functional as F


def linear(x):
    """Identity: a(z) = z."""
    return x


def sigmoid(x):
    """a(z) = 1 / (1 + exp(-z))."""
    return tinytorch.sigmoid(x)


def tanh(x):
    """a(z) = tanh(z)."""
    return tinytorch.tanh(x)


def relu(x):
    """a(z) = max(z, 0)."""
    return tinytorch.relu(x)


def softmax(x, axis=-1):
    """a(z)_i = exp(z_i) / sum_j exp(z_j) along ``axis``."""
    return tinytorch.softmax(x, axis)


def elu(x, alpha=1.0):
    """a(z) = z if z > 0 else alpha * (exp(z) - 1)."""
    return F.elu(x, alpha)


def selu(x):
    """Scaled ELU with the self-normalising constants (Klambauer et al.)."""
    return F.selu(x)


def softplus(x):
    """a(z) = log(1 + exp(z))."""
    return F.softplus(x)


def gelu(x):
    """Gaussian error linear unit, exact (erf) form as Keras' default."""
    return F.gelu(x)


def swish(x):
    """a(z) = z * sigmoid(z) (also called silu)."""
    return F.silu(x)


def leaky_relu(x, alpha=0.2):
    """a(z) = z if z > 0 else alpha * z; Keras' default slope is 0.2 (PyTorch's is 0.01)."""
    return F.leaky_relu(x, alpha)


def exponential(x):
    """a(z) = exp(z)."""
    return tinytorch.exp(x)


_BY_NAME = {"linear": linear, "sigmoid": sigmoid, "tanh": tanh, "relu": relu,
            "softmax": softmax, "elu": elu, "selu": selu, "softplus": softplus, "gelu": gelu,
            "swish": swish, "silu": swish, "leaky_relu": leaky_relu, "exponential": exponential}


def get(identifier):
    """Return the activation function named ``identifier`` (None means linear).

    Raises:
        ValueError: for an unknown name, listing the known ones.
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
    """The name under which ``activation`` is stored in a model's JSON."""
    for name, fn in _BY_NAME.items():
        if fn is activation:
            return name
    raise ValueError(f"cannot serialize custom activation {activation!r}; "
                     "pass one of the named activations")
