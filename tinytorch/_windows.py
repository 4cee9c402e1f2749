"""Signal windows (``hann_window``, ``hamming_window``, ``blackman_window``,
``bartlett_window``, ``kaiser_window``) as PyTorch computes them: in the requested dtype, from
``arange(N) * step``, the periodic form being the symmetric one of length N + 1 less its last
point."""

import math

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import conversion as _conversion
from tinytorch._ops import math_bessel
from tinytorch._ops import pointwise
from tinytorch._ops._util import int_argument


def _window(name, length, periodic, dtype, device, requires_grad, shape):
    """``shape(k, n)`` of ``k = arange(n)`` in ``dtype``, n = length (+ 1 when periodic)."""
    length = int_argument(length, name, "window_length", 1)
    if length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got "
                           f"window_length={length}")
    dtype = _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype, name)
    if not dtype.is_floating_point:
        raise RuntimeError(f"{name} expects floating point dtypes, got: TensorOptions(dtype="
                           f"{_dtype.C_TYPE_NAMES[dtype]}, device={device or 'cpu'}, "
                           f"layout=Strided (default), requires_grad=false (default), "
                           f"pinned_memory=false, memory_format=(nullopt))")
    if length <= 1:
        out = _creation.ones(length, dtype=dtype, device=device)
    else:
        n = length + 1 if periodic else length
        out = shape(_creation.arange(n, dtype=dtype, device=device), n)
        out = out[:length] if periodic else out
    return _conversion.created_requiring_grad(out, requires_grad)


_DOC = """The {name} window {formula}.

Args:
    window_length (int): the size N of the window.
    periodic (bool): True (default) for a periodic window, False for a symmetric one.
    dtype (tinytorch.dtype, optional): a floating-point dtype.
    device (str or tinytorch.device, optional): the device.
    requires_grad (bool): whether the result requires grad. Default: False.

Returns:
    Tensor: the window.

Raises:
    RuntimeError: a negative length or a dtype that is not floating-point.

>>> {example}
"""


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None,
                   device=None, requires_grad=False):
    """The Hamming window ``alpha - beta * cos(2 pi k / (N - 1))``.

    Args:
        window_length (int): the size N of the window.
        periodic (bool): True (default) for a window of a periodic signal (the first N
            points of the symmetric window of N + 1), False for the symmetric one.
        alpha (float): the constant term. Default: 0.54.
        beta (float): the cosine's factor. Default: 0.46.
        dtype (tinytorch.dtype, optional): a floating-point dtype. Default: the default
            dtype.
        device (str or tinytorch.device, optional): the device.
        requires_grad (bool): whether the result requires grad. Default: False.

    Returns:
        Tensor: the window, 1-D of size N (``[1.]`` for N = 1).

    Raises:
        RuntimeError: a negative length or a dtype that is not floating-point.

    >>> import tinytorch
    >>> tinytorch.hamming_window(4, periodic=False)
    tensor([0.0800, 0.7700, 0.7700, 0.0800])
    """
    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad,
                   lambda k, n: pointwise.cos(k * (2 * math.pi / (n - 1))) * -beta + alpha)


def hann_window(window_length, periodic=True, *, dtype=None, device=None,
                requires_grad=False):
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad,
                   lambda k, n: pointwise.cos(k * (2 * math.pi / (n - 1))) * -0.5 + 0.5)


def blackman_window(window_length, periodic=True, *, dtype=None, device=None,
                    requires_grad=False):
    def shape(k, n):
        w = k * (math.pi / (n - 1))
        return pointwise.cos(w * 4) * 0.08 - pointwise.cos(w * 2) * 0.5 + 0.42
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad,
                   shape)


def bartlett_window(window_length, periodic=True, *, dtype=None, device=None,
                    requires_grad=False):
    def shape(k, n):
        w = k * (2 / (n - 1))
        half = ((n - 1) >> 1) + 1
        w[half:] = 2 - w[half:]
        return w
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad,
                   shape)


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, device=None,
                  requires_grad=False):
    """The Kaiser window ``I0(beta sqrt(|1 - ((k - a) / a)²|)) / I0(beta)``, a = (N - 1) / 2,
    I0 the modified Bessel function of order 0 (:func:`tinytorch.i0`).

    Args:
        window_length (int): the size N of the window.
        periodic (bool): True (default) for a window of a periodic signal (the first N
            points of the symmetric window of N + 1), False for the symmetric one.
        beta (float): the shape parameter. Default: 12.0.
        dtype (tinytorch.dtype, optional): a floating-point dtype. Default: the default
            dtype.
        device (str or tinytorch.device, optional): the device.
        requires_grad (bool): whether the result requires grad. Default: False.

    Returns:
        Tensor: the window, 1-D of size N (``[1.]`` for N = 1).

    Raises:
        RuntimeError: a negative length or a dtype that is not floating-point.

    >>> tinytorch.kaiser_window(5, periodic=False, beta=3.0)
    tensor([0.2049, 0.7269, 1.0000, 0.7269, 0.2049])
    """
    def shape(k, n):  # half types compute in float32, as PyTorch's
        alpha = (n - 1) / 2
        ratio = ((k.float() if k.dtype.itemsize < 4 else k) - alpha) / alpha
        peak = math_bessel.i0(_creation.full((), beta, dtype=ratio.dtype, device=k.device))
        w = math_bessel.i0(pointwise.sqrt((1 - ratio * ratio).abs()) * beta) / peak
        return w.to(k.dtype)
    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad,
                   shape)


hann_window.__doc__ = _DOC.format(
    name="Hann", formula="``0.5 - 0.5 cos(2 pi k / (N - 1))`` (:func:`hamming_window` with "
    "alpha = beta = 0.5)", example="tinytorch.hann_window(5, periodic=False)\n"
    "tensor([0.0000, 0.5000, 1.0000, 0.5000, 0.0000])")
blackman_window.__doc__ = _DOC.format(
    name="Blackman", formula="``0.42 - 0.5 cos(2 pi k / (N - 1)) + 0.08 cos(4 pi k / (N - 1))``",
    example="tinytorch.blackman_window(5, dtype=tinytorch.float64)\n"
    "tensor([0.0000, 0.2008, 0.8492, 0.8492, 0.2008], dtype=tinytorch.float64)")
bartlett_window.__doc__ = _DOC.format(
    name="Bartlett (triangular)", formula="``2k / (N - 1)`` up to the middle, "
    "``2 - 2k / (N - 1)`` after", example="tinytorch.bartlett_window(5)\n"
    "tensor([0.0000, 0.4000, 0.8000, 0.8000, 0.4000])")
