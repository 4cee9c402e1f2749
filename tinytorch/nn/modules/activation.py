"""Activation functions as modules (each calls its ``nn.functional`` counterpart)."""

import warnings

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module


def _inplace_repr(inplace):
    return "inplace=True" if inplace else ""


class ReLU(Module):
    """max(x, 0) element-wise.

    Args:
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.ReLU()(tinytorch.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self):
        return _inplace_repr(self.inplace)


class Hardtanh(Module):
    """clamp(x, min_val, max_val) element-wise.

    Args:
        min_val (float): the lower bound. Default: -1.
        max_val (float): the upper bound. Default: 1.
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.Hardtanh(-0.5, 0.5)(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.5000,  0.0000,  0.5000])
    """

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None,
                 max_value=None):
        super().__init__()
        for old, new, value in (("min_value", "min_val", min_value),
                                ("max_value", "max_val", max_value)):
            if value is not None:  # PyTorch's deprecated spellings
                warnings.warn(f"keyword argument `{old}` is deprecated and renamed to `{new}`",
                              FutureWarning, stacklevel=2)
        min_val = min_val if min_value is None else min_value
        max_val = max_val if max_value is None else max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        if self.max_val <= self.min_val:
            raise AssertionError(f"max_val ({max_val}) must be greater than min_val ({min_val})")

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"min_val={self.min_val}, max_val={self.max_val}{inplace}"


class ReLU6(Hardtanh):
    """min(max(x, 0), 6) element-wise.

    Args:
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.ReLU6()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """

    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return _inplace_repr(self.inplace)


class LeakyReLU(Module):
    """x if x >= 0 else negative_slope · x.

    Args:
        negative_slope (float): the slope below zero. Default: 0.01.
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.LeakyReLU(0.1)(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.1000,  0.0000,  2.0000])
    """

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"negative_slope={self.negative_slope}{inplace}"


class ELU(Module):
    """x if x > 0 else alpha · (exp(x) - 1).

    Args:
        alpha (float): the scale of the negative part. Default: 1.
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.ELU()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.6321,  0.0000,  2.0000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"alpha={self.alpha}{inplace}"


class SELU(Module):
    """scale · ELU(x, alpha) with the self-normalising constants.

    Args:
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.SELU()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-1.1113,  0.0000,  2.1014])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.selu(input, self.inplace)

    def extra_repr(self):
        return _inplace_repr(self.inplace)


class GELU(Module):
    """x · Φ(x) (``approximate='tanh'`` uses the tanh approximation).

    Args:
        approximate (str): ``'none'`` (the exact erf form, default) or ``'tanh'``.

    >>> import tinytorch
    >>> tinytorch.nn.GELU()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.1587,  0.0000,  1.9545])
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """x · sigmoid(x) (swish).

    Args:
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.SiLU()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.2689,  0.0000,  1.7616])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.silu(input, inplace=self.inplace)

    def extra_repr(self):
        return _inplace_repr(self.inplace)


class Softplus(Module):
    """log(1 + exp(beta · x)) / beta, linear above ``threshold``.

    Args:
        beta (float): the sharpness. Default: 1.
        threshold (float): above ``beta * x > threshold`` the output is x. Default: 20.

    >>> import tinytorch
    >>> tinytorch.nn.Softplus()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([0.3133, 0.6931, 2.1269])
    """

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class Sigmoid(Module):
    """Applies ``1 / (1 + exp(-x))`` element-wise.

    Args:
        *args: none; the constructor takes no arguments (``TypeError`` otherwise).

    >>> import tinytorch
    >>> tinytorch.nn.Sigmoid()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([0.2689, 0.5000, 0.8808])
    """

    def forward(self, input):
        return F.sigmoid(input)


class Tanh(Module):
    """Applies the hyperbolic tangent ``tanh(x)`` element-wise.

    Args:
        *args: none; the constructor takes no arguments (``TypeError`` otherwise).

    >>> import tinytorch
    >>> tinytorch.nn.Tanh()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.7616,  0.0000,  0.9640])
    """

    def forward(self, input):
        return F.tanh(input)


class Softmax(Module):
    """exp(x) / Σ exp(x) along ``dim``.

    Args:
        dim (int): the dimension the probabilities sum to 1 over.

    >>> import tinytorch
    >>> tinytorch.nn.Softmax(dim=1)(tinytorch.zeros(1, 2))
    tensor([[0.5000, 0.5000]])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """log(softmax(x)) along ``dim``, computed stably.

    Args:
        dim (int): the dimension the softmax is taken over.

    >>> import tinytorch
    >>> tinytorch.nn.LogSoftmax(dim=0)(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-3.1698, -2.1698, -0.1698])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.log_softmax(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"
