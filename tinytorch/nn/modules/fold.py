"""Fold and Unfold: sliding local blocks to and from columns (im2col / col2im)."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module


class Fold(Module):
    """Combines sliding local blocks (N, C * kh * kw, L) into a (N, C, H, W) tensor, summing
    overlapping values; see :func:`tinytorch.nn.functional.fold`.

    Args:
        output_size (int or tuple): (H, W) of the output.
        kernel_size (int or tuple): the block's size.
        dilation (int or tuple): spacing between a block's elements. Default: 1.
        padding (int or tuple): implicit zeros on both sides of H and W. Default: 0.
        stride (int or tuple): step between blocks. Default: 1.

    >>> import tinytorch
    >>> tinytorch.nn.Fold((4, 5), 2)(tinytorch.zeros(1, 12, 12)).shape
    torch.Size([1, 3, 4, 5])
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size = output_size
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                      self.stride)

    def extra_repr(self):
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
                f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}")


class Unfold(Module):
    """Extracts sliding local blocks: (N, C, H, W) -> (N, C * kh * kw, L); see
    :func:`tinytorch.nn.functional.unfold`.

    Args:
        kernel_size (int or tuple): the block's size.
        dilation (int or tuple): spacing between a block's elements. Default: 1.
        padding (int or tuple): implicit zeros on both sides of H and W. Default: 0.
        stride (int or tuple): step between blocks. Default: 1.

    >>> import tinytorch
    >>> tinytorch.nn.Unfold(2)(tinytorch.zeros(1, 3, 4, 5)).shape
    torch.Size([1, 12, 12])
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")
