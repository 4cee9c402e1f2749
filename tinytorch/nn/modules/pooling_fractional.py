"""Fractional max pooling layers (2-D and 3-D)."""

import tinytorch.nn.functional as F
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.utils import _pair
from tinytorch.nn.modules.utils import _triple


class FractionalMaxPool2d(Module):
    """Fractional max pooling of ``(N, C, H, W)`` or ``(C, H, W)``: windows of
    ``kernel_size`` at pseudo-random starts (see :func:`~tinytorch.nn.functional.
    fractional_max_pool2d`), so that the output has ``output_size`` or ``output_ratio`` times
    the input's size.

    Args:
        kernel_size (int or tuple): the window's size.
        output_size (int or tuple): the output's ``(H, W)``.
        output_ratio (float or tuple): the output's size as a fraction of the input's, each in
            (0, 1). Exactly one of ``output_size`` and ``output_ratio`` is given.
        return_indices (bool): also return the flat indices of the maxima. Default: False.
        _random_samples (Tensor): fixed ``(N, C, 2)`` samples (a buffer); drawn per call if
            not given.

    Raises:
        ValueError: neither or both of ``output_size`` and ``output_ratio``, or a ratio
            outside (0, 1).

    >>> import tinytorch
    >>> tinytorch.nn.FractionalMaxPool2d(3, output_ratio=0.5)(tinytorch.randn(2, 3, 8, 9)).shape
    torch.Size([2, 3, 4, 4])
    """

    __constants__ = ["kernel_size", "return_indices", "output_size", "output_ratio"]
    _dims, _ntuple = 2, staticmethod(_pair)

    def __init__(self, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                 _random_samples=None):
        super().__init__()
        self._check_kernel(kernel_size)
        self.kernel_size = self._ntuple(kernel_size)
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)
        self.output_size = self._ntuple(output_size) if output_size is not None else None
        self.output_ratio = self._ntuple(output_ratio) if output_ratio is not None else None
        if output_size is None and output_ratio is None:
            raise ValueError(f"{type(self).__name__} requires specifying either an output "
                             "size, or a pooling ratio")
        if output_size is not None and output_ratio is not None:
            raise ValueError("only one of output_size and output_ratio may be specified")
        if self.output_ratio is not None and not all(0 < r < 1 for r in self.output_ratio):
            raise ValueError(f"output_ratio must be between 0 and 1 (got {output_ratio})")

    def _check_kernel(self, kernel_size):
        """PyTorch's 2-D layer takes any kernel here."""

    def forward(self, input):
        pool = F.fractional_max_pool2d if self._dims == 2 else F.fractional_max_pool3d
        return pool(input, self.kernel_size, self.output_size, self.output_ratio,
                    self.return_indices, _random_samples=self._random_samples)


class FractionalMaxPool3d(FractionalMaxPool2d):
    """Fractional max pooling of ``(N, C, T, H, W)`` or ``(C, T, H, W)``; see
    :class:`FractionalMaxPool2d` (samples ``(N, C, 3)``).

    Args:
        kernel_size (int or tuple): the window's size, each greater than 0.
        output_size (int or tuple): the output's ``(T, H, W)``.
        output_ratio (float or tuple): the output's size as a fraction of the input's.
        return_indices (bool): also return the flat indices of the maxima. Default: False.
        _random_samples (Tensor): fixed ``(N, C, 3)`` samples (a buffer).

    Raises:
        ValueError: a kernel size not greater than 0, and as :class:`FractionalMaxPool2d`.

    >>> import tinytorch
    >>> m = tinytorch.nn.FractionalMaxPool3d(2, output_size=(3, 2, 2))
    >>> m(tinytorch.randn(1, 2, 6, 5, 5)).shape
    torch.Size([1, 2, 3, 2, 2])
    """

    _dims, _ntuple = 3, staticmethod(_triple)

    def _check_kernel(self, kernel_size):
        if (isinstance(kernel_size, int) and kernel_size <= 0) or (
                isinstance(kernel_size, (tuple, list)) and not all(k > 0 for k in kernel_size)):
            raise ValueError(f"kernel_size must be greater than 0, but got {kernel_size}")
