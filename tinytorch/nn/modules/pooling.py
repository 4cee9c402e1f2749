"""Pooling layers: MaxPool1d/2d/3d, AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d,
AdaptiveMaxPool1d/2d/3d, LPPool1d/2d, MaxUnpool1d/2d."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.utils import _pair
from tinytorch.nn.modules.utils import _single
from tinytorch.nn.modules.utils import _triple


class _MaxPoolNd(Module):
    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
                f", dilation={self.dilation}, ceil_mode={self.ceil_mode}")

    def _pool(self, fn, input):
        return fn(input, self.kernel_size, self.stride, self.padding, self.dilation,
                  ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class MaxPool1d(_MaxPoolNd):
    """Max over sliding windows of ``(N, C, L)``; ``return_indices`` also returns argmaxes.

    Args:
        kernel_size (int): the window size.
        stride (int, optional): the window stride. Default: ``kernel_size``.
        padding (int): implicit -inf padding on both sides. Default: 0.
        dilation (int): spacing between window elements. Default: 1.
        return_indices (bool): also return the flat indices of the maxima. Default: False.
        ceil_mode (bool): round the output size up instead of down. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.MaxPool1d(3, stride=2)(tinytorch.randn(20, 16, 50)).shape
    torch.Size([20, 16, 24])
    """

    def forward(self, input):
        return self._pool(F.max_pool1d, input)


_MAX_POOL_ARGS = """
    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit -inf padding on both sides. Default: 0.
        dilation (int or tuple): spacing between window elements. Default: 1.
        return_indices (bool): also return the flat indices of the maxima. Default: False.
        ceil_mode (bool): round the output size up instead of down. Default: False.
"""


class MaxPool2d(_MaxPoolNd):
    __doc__ = """Max over sliding windows of ``(N, C, H, W)``; ties go to the first maximum.
    """ + _MAX_POOL_ARGS + """
    >>> import tinytorch
    >>> tinytorch.nn.MaxPool2d(2)(tinytorch.randn(1, 3, 8, 8)).shape
    torch.Size([1, 3, 4, 4])
    """

    def forward(self, input):
        return self._pool(F.max_pool2d, input)


class AvgPool1d(Module):
    """Average over sliding windows of ``(N, C, L)``.

    Args:
        kernel_size (int): the window size.
        stride (int, optional): the window stride. Default: ``kernel_size``.
        padding (int): implicit zero padding on both sides. Default: 0.
        ceil_mode (bool): round the output size up instead of down. Default: False.
        count_include_pad (bool): count the padding zeros in the average. Default: True.

    >>> import tinytorch
    >>> tinytorch.nn.AvgPool1d(3, stride=2)(tinytorch.randn(1, 1, 7)).shape
    torch.Size([1, 1, 3])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True):
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)


_AVG_POOL_ARGS = """
    Args:
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        padding (int or tuple): implicit zero padding on both sides. Default: 0.
        ceil_mode (bool): round the output size up instead of down. Default: False.
        count_include_pad (bool): count the padding zeros in the average. Default: True.
        divisor_override (int, optional): divide by this instead of the window size.
"""


class AvgPool2d(Module):
    __doc__ = """Average over sliding windows of ``(N, C, H, W)``.
    """ + _AVG_POOL_ARGS + """
    >>> import tinytorch
    >>> tinytorch.nn.AvgPool2d(2)(tinytorch.randn(1, 3, 8, 8)).shape
    torch.Size([1, 3, 4, 4])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"

    def forward(self, input):
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed ``output_size`` (an int, a pair; None keeps that size).

    Args:
        output_size (int, tuple or None): the output's ``(H, W)``; an int is square, None keeps
            that input size.

    >>> import tinytorch
    >>> tinytorch.nn.AdaptiveAvgPool2d((5, 7))(tinytorch.randn(1, 64, 8, 9)).shape
    torch.Size([1, 64, 5, 7])
    """

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def extra_repr(self):
        return f"output_size={self.output_size}"

    def forward(self, input):
        return F.adaptive_avg_pool2d(input, self.output_size)


class AdaptiveMaxPool2d(Module):
    """Max pooling to a fixed ``output_size``; ``return_indices`` also returns argmaxes.

    Args:
        output_size (int, tuple or None): the output's ``(H, W)``; an int is square, None keeps
            that input size.
        return_indices (bool): also return the flat indices of the maxima. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.AdaptiveMaxPool2d(1)(tinytorch.randn(2, 3, 8, 9)).shape
    torch.Size([2, 3, 1, 1])
    """

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def extra_repr(self):
        return f"output_size={self.output_size}"

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)


class AdaptiveAvgPool1d(AdaptiveAvgPool2d):
    """Average pooling of ``(N, C, L)`` or ``(C, L)`` to length ``output_size``.

    Args:
        output_size (int): the output length.

    >>> tinytorch.nn.AdaptiveAvgPool1d(5)(tinytorch.randn(1, 64, 8)).shape
    torch.Size([1, 64, 5])
    """

    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveMaxPool1d(AdaptiveMaxPool2d):
    """Max pooling of ``(N, C, L)`` or ``(C, L)`` to length ``output_size``;
    ``return_indices`` also returns the maxima's positions.

    Args:
        output_size (int): the output length.
        return_indices (bool): also return the positions of the maxima. Default: False.

    >>> tinytorch.nn.AdaptiveMaxPool1d(1)(tinytorch.randn(2, 3, 8)).shape
    torch.Size([2, 3, 1])
    """

    def forward(self, input):
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class MaxPool3d(_MaxPoolNd):
    __doc__ = """Max over sliding windows of ``(N, C, D, H, W)``; ties go to the first maximum
    (in depth, row, column order).
    """ + _MAX_POOL_ARGS + """
    >>> import tinytorch
    >>> tinytorch.nn.MaxPool3d(2)(tinytorch.randn(1, 3, 4, 8, 8)).shape
    torch.Size([1, 3, 2, 4, 4])
    """

    def forward(self, input):
        return self._pool(F.max_pool3d, input)


class AvgPool3d(AvgPool2d):
    __doc__ = """Average over sliding windows of ``(N, C, D, H, W)``.
    """ + _AVG_POOL_ARGS + """
    >>> import tinytorch
    >>> tinytorch.nn.AvgPool3d(2)(tinytorch.randn(1, 3, 4, 8, 8)).shape
    torch.Size([1, 3, 2, 4, 4])
    """

    def forward(self, input):
        return F.avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)


class AdaptiveAvgPool3d(AdaptiveAvgPool2d):
    """Average pooling of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` to a fixed ``output_size``.

    Args:
        output_size (int, tuple or None): the output's ``(D, H, W)``; an int is a cube, None
            keeps that input size.

    >>> import tinytorch
    >>> tinytorch.nn.AdaptiveAvgPool3d((2, 5, None))(tinytorch.randn(1, 4, 6, 8, 9)).shape
    torch.Size([1, 4, 2, 5, 9])
    """

    def forward(self, input):
        return F.adaptive_avg_pool3d(input, self.output_size)


class AdaptiveMaxPool3d(AdaptiveMaxPool2d):
    """Max pooling of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` to a fixed ``output_size``;
    ``return_indices`` also returns the maxima's flat positions in ``D * H * W``.

    Args:
        output_size (int, tuple or None): the output's ``(D, H, W)``; an int is a cube, None
            keeps that input size.
        return_indices (bool): also return the flat indices of the maxima. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.AdaptiveMaxPool3d(1)(tinytorch.randn(2, 3, 4, 8, 9)).shape
    torch.Size([2, 3, 1, 1, 1])
    """

    def forward(self, input):
        return F.adaptive_max_pool3d(input, self.output_size, self.return_indices)
class _LPPoolNd(Module):
    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def extra_repr(self):
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, ceil_mode={self.ceil_mode}")

    def forward(self, input):
        return self._lp_pool(input, float(self.norm_type), self.kernel_size, self.stride,
                             self.ceil_mode)


class LPPool1d(_LPPoolNd):
    """Power-average pooling over sliding windows of ``(N, C, L)``: (Σ xᵖ)^(1/p) per window.

    Args:
        norm_type (float): the exponent p (``inf``: max pooling of abs(x)).
        kernel_size (int): the window size.
        stride (int, optional): the window stride. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up instead of down. Default: False.

    >>> tinytorch.nn.LPPool1d(2, 3, stride=2)(tinytorch.randn(20, 16, 50)).shape
    torch.Size([20, 16, 24])
    """

    _lp_pool = staticmethod(F.lp_pool1d)


class LPPool2d(_LPPoolNd):
    """Power-average pooling over sliding windows of ``(N, C, H, W)``: (Σ xᵖ)^(1/p) per window.

    Args:
        norm_type (float): the exponent p (``inf``: max pooling of abs(x)).
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up instead of down. Default: False.

    >>> tinytorch.nn.LPPool2d(1.5, (3, 2), stride=(2, 1))(tinytorch.rand(20, 16, 50, 32)).shape
    torch.Size([20, 16, 24, 31])
    """

    _lp_pool = staticmethod(F.lp_pool2d)


class LPPool3d(_LPPoolNd):
    """Power-average pooling over sliding windows of ``(N, C, D, H, W)``: (Σ xᵖ)^(1/p) per
    window.

    Args:
        norm_type (float): the exponent p (``inf``: max pooling of abs(x)).
        kernel_size (int or tuple): the window size.
        stride (int or tuple, optional): the window stride. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up instead of down. Default: False.

    >>> tinytorch.nn.LPPool3d(2, (3, 2, 2), stride=2)(tinytorch.rand(2, 3, 9, 8, 8)).shape
    torch.Size([2, 3, 4, 4, 4])
    """

    _lp_pool = staticmethod(F.lp_pool3d)


class _MaxUnpoolNd(Module):
    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = self._ntuple(kernel_size)
        self.stride = self._ntuple(stride if stride is not None else kernel_size)
        self.padding = self._ntuple(padding)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"

    def forward(self, input, indices, output_size=None):
        return self._unpool(input, indices, self.kernel_size, self.stride, self.padding,
                            output_size)


class MaxUnpool1d(_MaxUnpoolNd):
    """The partial inverse of :class:`MaxPool1d`: the maxima back at their positions (the
    indices MaxPool1d returns), zeros elsewhere.

    Args:
        kernel_size (int or tuple): the pooling window size.
        stride (int or tuple, optional): the pooling stride. Default: ``kernel_size``.
        padding (int or tuple): the pooling padding. Default: 0.

    >>> pool = tinytorch.nn.MaxPool1d(2, return_indices=True)
    >>> y, i = pool(tinytorch.tensor([[[1.0, 2.0, 4.0, 3.0, 5.0]]]))
    >>> tinytorch.nn.MaxUnpool1d(2)(y, i, output_size=[1, 1, 5])
    tensor([[[0., 2., 4., 0., 0.]]])
    """

    _ntuple = staticmethod(_single)
    _unpool = staticmethod(F.max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    """The partial inverse of :class:`MaxPool2d`: the maxima back at their positions (the
    indices MaxPool2d returns), zeros elsewhere.

    Args:
        kernel_size (int or tuple): the pooling window size.
        stride (int or tuple, optional): the pooling stride. Default: ``kernel_size``.
        padding (int or tuple): the pooling padding. Default: 0.

    >>> pool = tinytorch.nn.MaxPool2d(2, return_indices=True)
    >>> y, i = pool(tinytorch.arange(16.0).reshape(1, 1, 4, 4))
    >>> tinytorch.nn.MaxUnpool2d(2)(y, i)[0, 0]
    tensor([[ 0.,  0.,  0.,  0.],
            [ 0.,  5.,  0.,  7.],
            [ 0.,  0.,  0.,  0.],
            [ 0., 13.,  0., 15.]])
    """

    _ntuple = staticmethod(_pair)
    _unpool = staticmethod(F.max_unpool2d)


class MaxUnpool3d(_MaxUnpoolNd):
    """Undoes :class:`MaxPool3d` as far as it can: each maximum goes back to the volume position
    its index names (``MaxPool3d(..., return_indices=True)``), every other position is zero.

    Args:
        kernel_size (int or tuple): the pooling window size.
        stride (int or tuple, optional): the pooling stride. Default: ``kernel_size``.
        padding (int or tuple): the pooling padding. Default: 0.

    >>> y, i = tinytorch.nn.functional.max_pool3d(tinytorch.arange(8.0).reshape(1, 1, 2, 2, 2),
    ...                                           2, return_indices=True)
    >>> tinytorch.nn.MaxUnpool3d(2)(y, i).sum(), i
    (tensor(7.), tensor([[[[[7]]]]]))
    """

    _ntuple = staticmethod(_triple)
    _unpool = staticmethod(F.max_unpool3d)
