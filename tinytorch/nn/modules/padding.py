"""Padding layers over ``F.pad``: zero, constant, reflection, replication and circular, for
1, 2 and 3 padded (trailing) dimensions, as ``torch.nn.modules.padding``."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.utils import _ntuple


class _PadNd(Module):
    """``F.pad(input, padding, mode)`` with ``padding`` an int (every side) or a tuple
    ``(left, right, top, bottom, front, back)`` cut to ``2 * dims``."""

    mode = "constant"
    dims = 1

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(2 * self.dims, "_pad")(padding)

    def forward(self, input):
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class _CircularPadNd(_PadNd):
    mode = "circular"

    def forward(self, input):
        if input.ndim not in (self.dims + 1, self.dims + 2):
            raise ValueError(f"expected {self.dims + 1}D or {self.dims + 2}D input (got "
                             f"{input.ndim}D input)")
        return super().forward(input)


class ZeroPad1d(_ZeroPadNd):
    """Pads the last dimension of the input with zeros.

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right)``.

    >>> import tinytorch
    >>> tinytorch.nn.ZeroPad1d(1)(tinytorch.arange(3.0).reshape(1, 3)).flatten()
    tensor([0., 0., 1., 2., 0.])
    """

    dims = 1


class ZeroPad2d(_ZeroPadNd):
    """Pads the last 2 dimensions of the input with zeros.

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right, top, bottom)``.

    >>> import tinytorch
    >>> tinytorch.nn.ZeroPad2d(1)(tinytorch.arange(3.0).reshape(1, 1, 3)).flatten()
    tensor([0., 0., 0., 0., 0., 0., 0., 1., 2., 0., 0., 0., 0., 0., 0.])
    """

    dims = 2


class ZeroPad3d(_ZeroPadNd):
    """Pads the last 3 dimensions of the input with zeros.

    Args:
        padding (int or tuple): the same width on every side, or
            ``(left, right, top, bottom, front, back)``.

    >>> import tinytorch
    >>> tinytorch.nn.ZeroPad3d(1)(tinytorch.arange(3.0).reshape(1, 1, 1, 3)).flatten()
    tensor([0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
            0., 0., 0., 0., 1., 2., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
            0., 0., 0., 0., 0., 0., 0., 0., 0.])
    """

    dims = 3


class ConstantPad1d(_ConstantPadNd):
    """Pads the last dimension of the input with ``value``.

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right)``.
        value (float): the fill value.

    >>> import tinytorch
    >>> tinytorch.nn.ConstantPad1d(1, 3.5)(tinytorch.arange(3.0).reshape(1, 3)).flatten()
    tensor([3.5000, 0.0000, 1.0000, 2.0000, 3.5000])
    """

    dims = 1


class ConstantPad2d(_ConstantPadNd):
    """Pads the last 2 dimensions of the input with ``value``.

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right, top, bottom)``.
        value (float): the fill value.

    >>> import tinytorch
    >>> tinytorch.nn.ConstantPad2d(1, 3.5)(tinytorch.arange(3.0).reshape(1, 1, 3)).flatten()
    tensor([3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 0.0000, 1.0000, 2.0000,
            3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000])
    """

    dims = 2


class ConstantPad3d(_ConstantPadNd):
    """Pads the last 3 dimensions of the input with ``value``.

    Args:
        padding (int or tuple): the same width on every side, or
            ``(left, right, top, bottom, front, back)``.
        value (float): the fill value.

    >>> import tinytorch
    >>> tinytorch.nn.ConstantPad3d(1, 3.5)(tinytorch.arange(3.0).reshape(1, 1, 1, 3)).flatten()
    tensor([3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000,
            3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000,
            3.5000, 3.5000, 3.5000, 0.0000, 1.0000, 2.0000, 3.5000, 3.5000, 3.5000,
            3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000,
            3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000, 3.5000])
    """

    dims = 3


class ReflectionPad1d(_PadNd):
    """Pads the last dimension of the input with its reflection (the edge not repeated).

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right)``.

    >>> import tinytorch
    >>> tinytorch.nn.ReflectionPad1d(1)(tinytorch.arange(3.0).reshape(1, 3)).flatten()
    tensor([1., 0., 1., 2., 1.])
    """

    mode, dims = "reflect", 1


class ReflectionPad2d(_PadNd):
    """Pads the last 2 dimensions of the input with its reflection (the edge not repeated).

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right, top, bottom)``.

    >>> import tinytorch
    >>> tinytorch.nn.ReflectionPad2d((1, 1, 0, 0))(tinytorch.arange(3.0).reshape(1, 1, 3)).flatten()
    tensor([1., 0., 1., 2., 1.])
    """

    mode, dims = "reflect", 2


class ReflectionPad3d(_PadNd):
    """Pads the last 3 dimensions of the input with its reflection (the edge not repeated).

    Args:
        padding (int or tuple): the same width on every side, or
            ``(left, right, top, bottom, front, back)``.

    >>> import tinytorch
    >>> pad = tinytorch.nn.ReflectionPad3d((1, 1, 0, 0, 0, 0))
    >>> pad(tinytorch.arange(3.0).reshape(1, 1, 1, 3)).flatten()
    tensor([1., 0., 1., 2., 1.])
    """

    mode, dims = "reflect", 3


class ReplicationPad1d(_PadNd):
    """Pads the last dimension of the input by repeating its edge values.

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right)``.

    >>> import tinytorch
    >>> tinytorch.nn.ReplicationPad1d(1)(tinytorch.arange(3.0).reshape(1, 3)).flatten()
    tensor([0., 0., 1., 2., 2.])
    """

    mode, dims = "replicate", 1


class ReplicationPad2d(_PadNd):
    """Pads the last 2 dimensions of the input by repeating its edge values.

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right, top, bottom)``.

    >>> import tinytorch
    >>> tinytorch.nn.ReplicationPad2d(1)(tinytorch.arange(3.0).reshape(1, 1, 3)).flatten()
    tensor([0., 0., 1., 2., 2., 0., 0., 1., 2., 2., 0., 0., 1., 2., 2.])
    """

    mode, dims = "replicate", 2


class ReplicationPad3d(_PadNd):
    """Pads the last 3 dimensions of the input by repeating its edge values.

    Args:
        padding (int or tuple): the same width on every side, or
            ``(left, right, top, bottom, front, back)``.

    >>> import tinytorch
    >>> tinytorch.nn.ReplicationPad3d(1)(tinytorch.arange(3.0).reshape(1, 1, 1, 3)).flatten()
    tensor([0., 0., 1., 2., 2., 0., 0., 1., 2., 2., 0., 0., 1., 2., 2., 0., 0., 1.,
            2., 2., 0., 0., 1., 2., 2., 0., 0., 1., 2., 2., 0., 0., 1., 2., 2., 0.,
            0., 1., 2., 2., 0., 0., 1., 2., 2.])
    """

    mode, dims = "replicate", 3


class CircularPad1d(_CircularPadNd):
    """Pads the last dimension of the input circularly (with the values from the other end).

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right)``.

    Raises:
        ValueError: the input is not 2-D or 3-D.

    >>> import tinytorch
    >>> tinytorch.nn.CircularPad1d(1)(tinytorch.arange(3.0).reshape(1, 3)).flatten()
    tensor([2., 0., 1., 2., 0.])
    """

    dims = 1


class CircularPad2d(_CircularPadNd):
    """Pads the last 2 dimensions of the input circularly (with the values from the other end).

    Args:
        padding (int or tuple): the same width on every side, or ``(left, right, top, bottom)``.

    Raises:
        ValueError: the input is not 3-D or 4-D.

    >>> import tinytorch
    >>> tinytorch.nn.CircularPad2d(1)(tinytorch.arange(3.0).reshape(1, 1, 3)).flatten()
    tensor([2., 0., 1., 2., 0., 2., 0., 1., 2., 0., 2., 0., 1., 2., 0.])
    """

    dims = 2


class CircularPad3d(_CircularPadNd):
    """Pads the last 3 dimensions of the input circularly (with the values from the other end).

    Args:
        padding (int or tuple): the same width on every side, or
            ``(left, right, top, bottom, front, back)``.

    Raises:
        ValueError: the input is not 4-D or 5-D.

    >>> import tinytorch
    >>> tinytorch.nn.CircularPad3d(1)(tinytorch.arange(3.0).reshape(1, 1, 1, 3)).flatten()
    tensor([2., 0., 1., 2., 0., 2., 0., 1., 2., 0., 2., 0., 1., 2., 0., 2., 0., 1.,
            2., 0., 2., 0., 1., 2., 0., 2., 0., 1., 2., 0., 2., 0., 1., 2., 0., 2.,
            0., 1., 2., 0., 2., 0., 1., 2., 0.])
    """

    dims = 3
