"""More activation modules (Mish, CELU, Hardswish, ..., PReLU, RReLU, Softmax2d), each
calling its ``nn.functional`` counterpart, as ``torch.nn.modules.activation``."""

from tinytorch import _creation
from tinytorch.nn import functional as F
from tinytorch.nn import init
from tinytorch.nn.modules.module import Module
from tinytorch.nn.parameter import Parameter


class _Inplace(Module):
    """An element-wise activation with an ``inplace`` flag (shown in the repr when set)."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Mish(_Inplace):
    """x · tanh(softplus(x)) element-wise.

    Args:
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.Mish()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.3034,  0.0000,  1.9440])
    """

    def forward(self, input):
        return F.mish(input, self.inplace)


class Hardsigmoid(_Inplace):
    """0 below -3, 1 above 3, x/6 + 1/2 between, element-wise.

    Args:
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.Hardsigmoid()(tinytorch.tensor([-4.0, 0.0, 1.5]))
    tensor([0.0000, 0.5000, 0.7500])
    """

    def forward(self, input):
        return F.hardsigmoid(input, self.inplace)

    def extra_repr(self):  # PyTorch shows no inplace flag here
        return ""


class Hardswish(Hardsigmoid):
    """x · hardsigmoid(x) element-wise.

    Args:
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.Hardswish()(tinytorch.tensor([-4.0, 0.0, 1.5]))
    tensor([-0.0000, 0.0000, 1.1250])
    """

    def forward(self, input):
        return F.hardswish(input, self.inplace)


class CELU(Module):
    """max(0, x) + min(0, alpha · (exp(x / alpha) - 1)) element-wise.

    Args:
        alpha (float): the scale of the negative part. Default: 1.
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.CELU(0.5)(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.4323,  0.0000,  2.0000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class LogSigmoid(Module):
    """log(sigmoid(x)) element-wise, computed stably.

    Args:
        *args: none; the constructor takes no arguments.

    >>> import tinytorch
    >>> tinytorch.nn.LogSigmoid()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-1.3133, -0.6931, -0.1269])
    """

    def forward(self, input):
        return F.logsigmoid(input)


class Softsign(Module):
    """``x / (1 + |x|)`` element-wise.

    Args:
        *args: none; the constructor takes no arguments.

    >>> import tinytorch
    >>> tinytorch.nn.Softsign()(tinytorch.tensor([-1.0, 0.0, 3.0]))
    tensor([-0.5000,  0.0000,  0.7500])
    """

    def forward(self, input):
        return F.softsign(input)


class Tanhshrink(Module):
    """x - tanh(x) element-wise.

    Args:
        *args: none; the constructor takes no arguments.

    >>> import tinytorch
    >>> tinytorch.nn.Tanhshrink()(tinytorch.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.2384,  0.0000,  1.0360])
    """

    def forward(self, input):
        return F.tanhshrink(input)


class Hardshrink(Module):
    """``x`` where ``|x| > lambd``, else 0.

    Args:
        lambd (float): the half-width of the zeroed band. Default: 0.5.

    >>> import tinytorch
    >>> tinytorch.nn.Hardshrink()(tinytorch.tensor([-1.0, 0.25, 2.0]))
    tensor([-1.,  0.,  2.])
    """

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return F.hardshrink(input, self.lambd)

    def extra_repr(self):
        return f"{self.lambd}"


class Softshrink(Hardshrink):
    """x - lambd above lambd, x + lambd below -lambd, else 0.

    Args:
        lambd (float): the shrinkage, at least 0. Default: 0.5.

    >>> import tinytorch
    >>> tinytorch.nn.Softshrink()(tinytorch.tensor([-1.0, 0.25, 2.0]))
    tensor([-0.5000,  0.0000,  1.5000])
    """

    def forward(self, input):
        return F.softshrink(input, self.lambd)


class Threshold(Module):
    """x where x > threshold, else value.

    Args:
        threshold (float): the value to threshold at.
        value (float): what replaces the elements at or below it.
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.Threshold(0.1, 20.0)(tinytorch.tensor([-1.0, 0.1, 2.0]))
    tensor([20., 20.,  2.])
    """

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"threshold={self.threshold}, value={self.value}{inplace}"


class GLU(Module):
    """The gated linear unit: a · sigmoid(b), a and b the halves of the input along ``dim``.

    Args:
        dim (int): the dimension to halve (of even size). Default: -1.

    >>> import tinytorch
    >>> tinytorch.nn.GLU()(tinytorch.tensor([[1.0, 2.0, 0.0, 0.0]]))
    tensor([[0.5000, 1.0000]])
    """

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmin(Module):
    """exp(-x) / Σ exp(-x) along ``dim``.

    Args:
        dim (int): the dimension the probabilities sum to 1 over.

    >>> import tinytorch
    >>> tinytorch.nn.Softmin(dim=0)(tinytorch.tensor([0.0, 1.0]))
    tensor([0.7311, 0.2689])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmin(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmax2d(Module):
    """Softmax over the channels (dim -3) of a ``(N, C, H, W)`` or ``(C, H, W)`` input.

    Args:
        *args: none; the constructor takes no arguments.

    Raises:
        ValueError: the input is neither 3-D nor 4-D.

    >>> import tinytorch
    >>> tinytorch.nn.Softmax2d()(tinytorch.zeros(1, 2, 1, 1)).flatten()
    tensor([0.5000, 0.5000])
    """

    def forward(self, input):
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.ndim}D "
                             "instead")
        return F.softmax(input, -3, _stacklevel=5)


class PReLU(Module):
    """max(0, x) + weight · min(0, x), ``weight`` learnt: one slope, or one per channel
    (dim 1).

    Args:
        num_parameters (int): 1, or the number of channels. Default: 1.
        init (float): the slopes' initial value. Default: 0.25.
        device: where the weight lives. dtype: its dtype.

    >>> import tinytorch
    >>> tinytorch.nn.PReLU()(tinytorch.tensor([-1.0, 2.0]))
    tensor([-0.2500,  2.0000], grad_fn=<WhereBackward0>)
    """

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        self.num_parameters = num_parameters
        super().__init__()
        self.init = init
        self.weight = Parameter(_creation.empty(num_parameters, device=device, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        """Set every slope back to ``init``.

        >>> m = tinytorch.nn.PReLU(2, init=0.1)
        >>> m.reset_parameters()
        >>> m.weight
        Parameter containing:
        tensor([0.1000, 0.1000], requires_grad=True)
        """
        init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """Randomised leaky ReLU: in training each element at or below 0 gets a slope drawn from
    U(lower, upper); in eval the slope is (lower + upper) / 2.

    Args:
        lower (float): the lower bound of the slopes. Default: 1/8.
        upper (float): the upper bound. Default: 1/3.
        inplace (bool): compute in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.RReLU(0.1, 0.3).eval()(tinytorch.tensor([-1.0, 2.0]))
    tensor([-0.2000,  2.0000])
    """

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower = lower
        self.upper = upper
        self.inplace = inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        inplace = ", inplace=True" if self.inplace else ""
        return f"lower={self.lower}, upper={self.upper}{inplace}"
