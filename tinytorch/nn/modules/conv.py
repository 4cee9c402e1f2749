"""Convolution layers: Conv1d/2d/3d, ConvTranspose1d/2d/3d."""

import math

from tinytorch import _creation
from tinytorch.nn import functional as F
from tinytorch.nn import init
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.utils import _pair
from tinytorch.nn.modules.utils import _single
from tinytorch.nn.modules.utils import _triple
from tinytorch.nn.parameter import Parameter

_PADDING_STRINGS = {"same", "valid"}
_PADDING_MODES = {"zeros", "reflect", "replicate", "circular"}


def _check_conv_args(in_channels, out_channels, stride, padding, groups, padding_mode):
    if groups <= 0:
        raise ValueError("groups must be a positive integer")
    if in_channels % groups != 0:
        raise ValueError("in_channels must be divisible by groups")
    if out_channels % groups != 0:
        raise ValueError("out_channels must be divisible by groups")
    if isinstance(padding, str):
        if padding not in _PADDING_STRINGS:
            raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                             f"{_PADDING_STRINGS}")
        if padding == "same" and any(s != 1 for s in stride):
            raise ValueError("padding='same' is not supported for strided convolutions")
    if padding_mode not in _PADDING_MODES:
        raise ValueError(f"padding_mode must be one of {_PADDING_MODES}, but got "
                         f"padding_mode='{padding_mode}'")


def _reversed_padding(padding, kernel_size, dilation):
    """The ``F.pad`` widths (last dim first, left/right) that realise ``padding``."""
    if isinstance(padding, str):
        out = [0, 0] * len(kernel_size)
        if padding == "same":
            for i, (d, k) in enumerate(zip(reversed(dilation), reversed(kernel_size))):
                total = d * (k - 1)
                out[2 * i], out[2 * i + 1] = total // 2, total - total // 2
        return out
    return [p for p in reversed(padding) for _ in range(2)]


class _ConvNd(Module):
    """Shared state of the convolution layers (PyTorch's attributes and weight layouts)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation,
                 transposed, output_padding, groups, bias, padding_mode, device, dtype):
        super().__init__()
        _check_conv_args(in_channels, out_channels, stride, padding, groups, padding_mode)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.transposed = transposed
        self.output_padding = output_padding
        self.groups = groups
        self.padding_mode = padding_mode
        self._reversed_padding_repeated_twice = _reversed_padding(padding, kernel_size,
                                                                  dilation)
        shape = ((in_channels, out_channels // groups) if transposed
                 else (out_channels, in_channels // groups))
        self.weight = Parameter(_creation.empty(*shape, *kernel_size, device=device,
                                                dtype=dtype))
        if bias:
            self.bias = Parameter(_creation.empty(out_channels, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-initialise ``weight`` with
        ``kaiming_uniform_(a=sqrt(5))`` and ``bias`` from U(-1/sqrt(fan_in), 1/sqrt(fan_in))
        (``fan_in = weight.size(1) * prod(kernel_size)``), as at construction.

        >>> conv = tinytorch.nn.Conv2d(1, 2, 2)
        >>> conv.reset_parameters()
        >>> bool(conv.bias.abs().max() <= 0.5)
        True
        """
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        if self.padding != (0,) * len(self.kernel_size):
            s += ", padding={padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)

    def _conv_forward(self, conv, input, zero):
        if self.padding_mode != "zeros":
            padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return conv(padded, self.weight, self.bias, self.stride, zero, self.dilation,
                        self.groups)
        return conv(input, self.weight, self.bias, self.stride, self.padding, self.dilation,
                    self.groups)


_CONV_ARGS = """
    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels the convolution produces.
        kernel_size (int or tuple): size of the kernel.
        stride (int or tuple): stride of the convolution. Default: 1.
        padding (int, tuple or str): zero padding on both sides, or ``'valid'`` (none) or
            ``'same'`` (output as large as the input; stride 1 only). Default: 0.
        dilation (int or tuple): spacing between kernel elements. Default: 1.
        groups (int): blocked connections from input to output channels; both counts must
            be divisible by it. Default: 1.
        bias (bool): add a learnable bias. Default: True.
        padding_mode (str): ``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``.
            Default: ``'zeros'``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype (default: the default dtype).

    Raises:
        ValueError: if ``groups`` does not divide the channel counts, or ``padding`` or
            ``padding_mode`` is not one of the accepted values.
"""

_TRANSPOSE_ARGS = """
    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels the convolution produces.
        kernel_size (int or tuple): size of the kernel.
        stride (int or tuple): stride of the convolution. Default: 1.
        padding (int or tuple): ``dilation * (kernel_size - 1) - padding`` zeros are added
            to both sides of the input. Default: 0.
        output_padding (int or tuple): extra size added to one side of the output.
            Default: 0.
        groups (int): blocked connections from input to output channels; both counts must
            be divisible by it. Default: 1.
        bias (bool): add a learnable bias. Default: True.
        dilation (int or tuple): spacing between kernel elements. Default: 1.
        padding_mode (str): only ``'zeros'``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype (default: the default dtype).

    Raises:
        ValueError: if ``groups`` does not divide the channel counts or ``padding_mode`` is
            not ``'zeros'``.
"""


class _Conv(_ConvNd):
    """Shared by Conv1d/2d/3d: ``_ntuple`` expands their int arguments, ``_conv`` is the
    functional they call."""

    _ntuple = None
    _conv = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 dilation=1, groups=1, bias=True, padding_mode="zeros", device=None,
                 dtype=None):
        n = self._ntuple
        padding = padding if isinstance(padding, str) else n(padding)
        super().__init__(in_channels, out_channels, n(kernel_size), n(stride), padding,
                         n(dilation), False, n(0), groups, bias, padding_mode, device, dtype)

    def forward(self, input):
        return self._conv_forward(self._conv, input, self._ntuple(0))


class Conv1d(_Conv):
    __doc__ = """1-D convolution over ``(N, C_in, L)``; ``weight`` is ``(out, in/groups, k)``.
    """ + _CONV_ARGS + """
    >>> import tinytorch
    >>> tinytorch.nn.Conv1d(16, 33, 3, stride=2)(tinytorch.randn(20, 16, 50)).shape
    torch.Size([20, 33, 24])
    """
    _ntuple = staticmethod(_single)
    _conv = staticmethod(F.conv1d)


class Conv2d(_Conv):
    __doc__ = """2-D convolution over ``(N, C_in, H, W)``; ``weight`` is
    ``(out, in/groups, kh, kw)``.
    """ + _CONV_ARGS + """
    >>> import tinytorch
    >>> tinytorch.nn.Conv2d(16, 33, 3, stride=2)(tinytorch.randn(20, 16, 50, 100)).shape
    torch.Size([20, 33, 24, 49])
    """
    _ntuple = staticmethod(_pair)
    _conv = staticmethod(F.conv2d)


class Conv3d(_Conv):
    __doc__ = """3-D convolution over ``(N, C_in, D, H, W)``; ``weight`` is
    ``(out, in/groups, kd, kh, kw)``.
    """ + _CONV_ARGS + """
    >>> import tinytorch
    >>> tinytorch.nn.Conv3d(4, 6, 3, stride=2)(tinytorch.randn(2, 4, 5, 9, 9)).shape
    torch.Size([2, 6, 2, 4, 4])
    """
    _ntuple = staticmethod(_triple)
    _conv = staticmethod(F.conv3d)


class _ConvTransposeNd(_ConvNd):
    """Shared by the transposed convolutions: zero padding only, and ``output_size`` in
    ``forward`` picks the output padding; ``_ntuple`` expands their int arguments, ``_conv``
    is the functional they call."""

    _ntuple = None
    _conv = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 output_padding=0, groups=1, bias=True, dilation=1, padding_mode="zeros",
                 device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for '
                             f"{type(self).__name__}")
        n = self._ntuple
        super().__init__(in_channels, out_channels, n(kernel_size), n(stride), n(padding),
                         n(dilation), True, n(output_padding), groups, bias, padding_mode,
                         device, dtype)

    def _output_padding(self, input, output_size, num_spatial_dims):
        if output_size is None:
            return self.output_padding
        non_spatial = 2 if input.dim() == num_spatial_dims + 2 else 1
        output_size = list(output_size)
        if len(output_size) == non_spatial + num_spatial_dims:
            output_size = output_size[non_spatial:]
        if len(output_size) != num_spatial_dims:
            raise ValueError(
                f"ConvTranspose{num_spatial_dims}D: for {input.dim()}D input, output_size must "
                f"have {num_spatial_dims} or {non_spatial + num_spatial_dims} elements (got "
                f"{len(output_size)})")
        min_sizes = [(input.size(d + non_spatial) - 1) * self.stride[d] - 2 * self.padding[d]
                     + self.dilation[d] * (self.kernel_size[d] - 1) + 1
                     for d in range(num_spatial_dims)]
        max_sizes = [m + s - 1 for m, s in zip(min_sizes, self.stride)]
        for size, lo, hi in zip(output_size, min_sizes, max_sizes):
            if size < lo or size > hi:
                raise ValueError(
                    f"requested an output size of {output_size}, but valid sizes range from "
                    f"{min_sizes} to {max_sizes} (for an input of {input.size()[2:]})")
        return tuple(s - m for s, m in zip(output_size, min_sizes))

    def forward(self, input, output_size=None):
        """Apply the transposed convolution to ``input``.

        A strided layer maps several input sizes to one output size, so its inverse has several
        valid output sizes; ``output_size`` picks one (it sets the output padding for this call).

        Args:
            input (Tensor): ``(N, in_channels, *spatial)`` or ``(in_channels, *spatial)``.
            output_size (sequence of int, optional): the output's spatial size (or its full
                shape). Default, per spatial dim: ``(size - 1) * stride - 2 * padding
                + dilation * (kernel_size - 1) + output_padding + 1``.

        Returns:
            Tensor: ``(N, out_channels, *spatial_out)``.

        Raises:
            ValueError: ``output_size`` has the wrong length or a size outside the valid range.

        >>> up = tinytorch.nn.ConvTranspose2d(16, 16, 3, stride=2, padding=1)
        >>> x = tinytorch.randn(1, 16, 12, 12)
        >>> up(x).shape, up(x, output_size=(24, 24)).shape
        (torch.Size([1, 16, 23, 23]), torch.Size([1, 16, 24, 24]))
        """
        output_padding = self._output_padding(input, output_size, len(self.kernel_size))
        return self._conv(input, self.weight, self.bias, self.stride, self.padding,
                          output_padding, self.groups, self.dilation)


class ConvTranspose1d(_ConvTransposeNd):
    __doc__ = """1-D transposed convolution; ``weight`` is ``(in, out/groups, k)``.
    """ + _TRANSPOSE_ARGS + """
    >>> import tinytorch
    >>> tinytorch.nn.ConvTranspose1d(16, 33, 3, stride=2)(tinytorch.randn(20, 16, 50)).shape
    torch.Size([20, 33, 101])
    >>> up = tinytorch.nn.ConvTranspose1d(4, 4, 3, stride=2, padding=1)
    >>> up(tinytorch.randn(1, 4, 12), output_size=[24]).shape
    torch.Size([1, 4, 24])
    """
    _ntuple = staticmethod(_single)
    _conv = staticmethod(F.conv_transpose1d)


class ConvTranspose2d(_ConvTransposeNd):
    __doc__ = """2-D transposed convolution; ``weight`` is ``(in, out/groups, kh, kw)``.
    """ + _TRANSPOSE_ARGS + """
    >>> import tinytorch
    >>> m = tinytorch.nn.ConvTranspose2d(16, 33, 3, stride=2)
    >>> m(tinytorch.randn(20, 16, 50, 100)).shape
    torch.Size([20, 33, 101, 201])
    """
    _ntuple = staticmethod(_pair)
    _conv = staticmethod(F.conv_transpose2d)


class ConvTranspose3d(_ConvTransposeNd):
    __doc__ = """3-D transposed convolution; ``weight`` is ``(in, out/groups, kd, kh, kw)``.
    """ + _TRANSPOSE_ARGS + """
    >>> import tinytorch
    >>> m = tinytorch.nn.ConvTranspose3d(4, 2, 3, stride=2)
    >>> m(tinytorch.randn(1, 4, 3, 5, 5)).shape
    torch.Size([1, 2, 7, 11, 11])
    >>> up = tinytorch.nn.ConvTranspose3d(2, 2, 3, stride=2, padding=1)
    >>> up(tinytorch.randn(1, 2, 3, 4, 4), output_size=[6, 8, 8]).shape
    torch.Size([1, 2, 6, 8, 8])
    """
    _ntuple = staticmethod(_triple)
    _conv = staticmethod(F.conv_transpose3d)
