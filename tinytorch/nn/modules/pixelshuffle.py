"""PixelShuffle and PixelUnshuffle: move ``r x r`` blocks between channels and space."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module


class PixelShuffle(Module):
    """Rearranges ``(*, C r², H, W)`` into ``(*, C, H r, W r)`` (sub-pixel convolution).

    Args:
        upscale_factor (int): ``r``.

    >>> import tinytorch
    >>> tinytorch.nn.PixelShuffle(2)(tinytorch.zeros(1, 8, 3, 3)).shape
    torch.Size([1, 2, 6, 6])
    """

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """Rearranges ``(*, C, H r, W r)`` into ``(*, C r², H, W)``: PixelShuffle's inverse.

    Args:
        downscale_factor (int): ``r``.

    >>> import tinytorch
    >>> tinytorch.nn.PixelUnshuffle(2)(tinytorch.zeros(1, 2, 6, 6)).shape
    torch.Size([1, 8, 3, 3])
    """

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"
