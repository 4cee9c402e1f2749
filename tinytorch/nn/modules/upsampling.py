"""Upsample: resize by ``size`` or ``scale_factor`` (any F.interpolate mode), and the fixed-mode
UpsamplingNearest2d / UpsamplingBilinear2d."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module


class Upsample(Module):
    """Upsample ``(N, C, L)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)`` input to ``size`` or by
    ``scale_factor`` via ``F.interpolate``.

    Args:
        size (int or tuple, optional): the output's spatial size.
        scale_factor (float or tuple, optional): the multiplier of the spatial size (give it or
            ``size``).
        mode (str): ``'nearest'`` (default), ``'nearest-exact'``, ``'linear'`` (3-D),
            ``'bilinear'``, ``'bicubic'`` (4-D), ``'trilinear'`` (5-D) or ``'area'``.
        align_corners (bool, optional): for the linear and cubic modes, align the corner
            pixels' centres.
        recompute_scale_factor (bool, optional): as in
            :func:`tinytorch.nn.functional.interpolate`.

    >>> import tinytorch
    >>> tinytorch.nn.Upsample(scale_factor=2)(tinytorch.zeros(1, 1, 2, 2)).shape
    torch.Size([1, 1, 4, 4])
    """

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None,
                 recompute_scale_factor=None):
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        if isinstance(scale_factor, tuple):
            self.scale_factor = tuple(float(f) for f in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self):
        if self.scale_factor is not None:
            info = "scale_factor=" + repr(self.scale_factor)
        else:
            info = "size=" + repr(self.size)
        return info + ", mode=" + repr(self.mode)


class UpsamplingNearest2d(Upsample):
    """Nearest-neighbour upsampling of ``(N, C, H, W)`` input: ``Upsample(size, scale_factor,
    mode='nearest')``.

    Args:
        size (int or tuple, optional): the output's ``(H, W)``.
        scale_factor (float or tuple, optional): the multiplier of ``(H, W)``.

    >>> tinytorch.nn.UpsamplingNearest2d(scale_factor=2)(tinytorch.zeros(1, 1, 2, 3)).shape
    torch.Size([1, 1, 4, 6])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Bilinear upsampling of ``(N, C, H, W)`` input with aligned corners:
    ``Upsample(size, scale_factor, mode='bilinear', align_corners=True)``.

    Args:
        size (int or tuple, optional): the output's ``(H, W)``.
        scale_factor (float or tuple, optional): the multiplier of ``(H, W)``.

    >>> tinytorch.nn.UpsamplingBilinear2d(size=3)(tinytorch.tensor([[[[0.0, 2.0]]]]))
    tensor([[[[0., 1., 2.],
              [0., 1., 2.],
              [0., 1., 2.]]]])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
