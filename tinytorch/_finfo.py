"""``tinytorch.finfo`` and ``tinytorch.iinfo``: the numerical limits of the floating-point and
integer dtypes, as ``torch.finfo`` and ``torch.iinfo``.

Each IEEE-style binary format is fixed by its explicit mantissa bits and its largest exponent,
so the limits are computed here from those two numbers (no array library needed).
"""

import builtins
import math

from tinytorch import _dtype

# name -> (bits, explicit mantissa bits, largest unbiased exponent)
_FORMATS = {"float16": (16, 10, 15), "bfloat16": (16, 7, 127), "float32": (32, 23, 127),
            "float64": (64, 52, 1023)}


class _TypeInfo:
    """What finfo and iinfo share: equal when of the same class and dtype."""

    def __eq__(self, other):
        return type(other) is type(self) and other.dtype == self.dtype

    def __hash__(self):
        return hash(self.dtype)


class finfo(_TypeInfo):  # noqa: N801 (PyTorch's name)
    """Machine limits of a floating-point dtype, as ``torch.finfo``.

    Args:
        type (tinytorch.dtype, optional): a floating-point dtype. Default: the default dtype
            (:func:`tinytorch.get_default_dtype`).

    Attributes:
        bits (int): bits per element.
        eps (float): the gap between 1.0 and the next representable number.
        max (float): the largest finite number.
        min (float): the most negative finite number (``-max``).
        tiny (float): the smallest positive normal number (also ``smallest_normal``).
        resolution (float): ``10 ** -precision``, precision the decimal digits the format
            keeps.
        dtype (str): the dtype's name (``'bfloat16'``).

    Raises:
        TypeError: ``type`` is not a dtype, or not a floating-point one.

    >>> tinytorch.finfo(tinytorch.bfloat16)
    finfo(resolution=0.01, min=-3.38953e+38, max=3.38953e+38, eps=0.0078125, \
smallest_normal=1.17549e-38, tiny=1.17549e-38, dtype=bfloat16)
    >>> tinytorch.finfo(tinytorch.float16).max
    65504.0
    """

    def __init__(self, type=None):  # noqa: A002 (PyTorch's argument name)
        if type is None:
            type = _dtype.get_default_dtype()
        if not isinstance(type, _dtype.dtype):
            raise TypeError(f"finfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{builtins.type(type).__name__}")
        if not type.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use "
                            "torch.iinfo to handle 'torch.finfo'")
        self.bits, mantissa, emax = _FORMATS[type.name]
        self.eps = 2.0 ** -mantissa
        self.max = (2.0 - self.eps) * 2.0 ** emax
        self.min = -self.max
        self.tiny = self.smallest_normal = 2.0 ** (1 - emax)
        self.resolution = float(f"1e-{math.floor(mantissa * math.log10(2))}")
        self.dtype = type.name

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo(_TypeInfo):  # noqa: N801 (PyTorch's name)
    """Limits of an integer dtype, as ``torch.iinfo``.

    Args:
        type (tinytorch.dtype): an integer dtype (not bool).

    Attributes:
        bits (int): bits per element.
        max (int): the largest value.
        min (int): the smallest value.
        dtype (str): the dtype's name (``'int32'``).

    Raises:
        TypeError: ``type`` is not a dtype, is bool, or is a floating-point one.

    >>> tinytorch.iinfo(tinytorch.int16)
    iinfo(min=-32768, max=32767, dtype=int16)
    >>> tinytorch.iinfo(tinytorch.uint8).max
    255
    """

    def __init__(self, type):  # noqa: A002 (PyTorch's argument name)
        if not isinstance(type, _dtype.dtype):
            raise TypeError(f"iinfo(): argument 'type' (position 1) must be torch.dtype, not "
                            f"{builtins.type(type).__name__}")
        if type is _dtype.bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to "
                            "handle 'torch.iinfo'")
        self.bits = type.itemsize * 8
        signed = type.name != "uint8"
        self.min = -(1 << (self.bits - 1)) if signed else 0
        self.max = (1 << (self.bits - (1 if signed else 0))) - 1
        self.dtype = type.name

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"
