"""Identity, Linear and Bilinear layers."""

import math

from tinytorch import _creation
from tinytorch.nn import functional as F
from tinytorch.nn import init
from tinytorch.nn.modules.module import Module
from tinytorch.nn.parameter import Parameter


class Identity(Module):
    """Returns its input unchanged (any constructor arguments are ignored).

    Args:
        *args: ignored.
        **kwargs: ignored.

    >>> import tinytorch
    >>> tinytorch.nn.Identity(54, unused="x")(tinytorch.ones(2))
    tensor([1., 1.])
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    r"""y = x Wᵀ + b.

    Args:
        in_features (int): size of each input sample.
        out_features (int): size of each output sample.
        bias (bool): learn an additive bias. Default: ``True``.

    Shape: input ``(*, in_features)``, output ``(*, out_features)``; ``weight`` is
    ``(out_features, in_features)``. Both are initialised from U(-1/√in, 1/√in) (PyTorch's
    ``kaiming_uniform_(a=√5)``).

    >>> import tinytorch
    >>> tinytorch.nn.Linear(20, 30)(tinytorch.randn(128, 20)).shape
    torch.Size([128, 30])
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(_creation.empty(out_features, in_features, device=device,
                                                dtype=dtype))
        if bias:
            self.bias = Parameter(_creation.empty(out_features, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-initialise ``weight`` with ``kaiming_uniform_(a=sqrt(5))`` and ``bias`` from
        U(-1/sqrt(in_features), 1/sqrt(in_features)), as at construction.

        >>> layer = tinytorch.nn.Linear(4, 2)
        >>> layer.reset_parameters()
        >>> bool(layer.bias.abs().max() <= 0.5)
        True
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class Bilinear(Module):
    r"""y = x₁ᵀ A x₂ + b, with ``weight`` A of shape ``(out, in1, in2)``.

    Args:
        in1_features (int): size of each first input sample.
        in2_features (int): size of each second input sample.
        out_features (int): size of each output sample.
        bias (bool): learn an additive bias. Default: True.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> m = tinytorch.nn.Bilinear(20, 30, 40)
    >>> m(tinytorch.randn(128, 20), tinytorch.randn(128, 30)).shape
    torch.Size([128, 40])
    """

    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None,
                 dtype=None):
        super().__init__()
        self.in1_features = in1_features
        self.in2_features = in2_features
        self.out_features = out_features
        self.weight = Parameter(_creation.empty(out_features, in1_features, in2_features,
                                                device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(_creation.empty(out_features, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-initialise ``weight`` and ``bias`` from
        U(-1/sqrt(in1_features), 1/sqrt(in1_features)), as at construction.

        >>> layer = tinytorch.nn.Bilinear(4, 3, 2)
        >>> layer.reset_parameters()
        >>> bool(layer.weight.abs().max() <= 0.5)
        True
        """
        bound = 1 / math.sqrt(self.weight.size(1))
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        """Apply the bilinear transformation to the pair of inputs.

        Args:
            input1 (Tensor): ``(*, in1_features)``.
            input2 (Tensor): ``(*, in2_features)``, the same leading dimensions.

        Returns:
            Tensor: ``(*, out_features)``.

        >>> m = tinytorch.nn.Bilinear(2, 3, 4)
        >>> m(tinytorch.ones(5, 2), tinytorch.ones(5, 3)).shape
        torch.Size([5, 4])
        """
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")
