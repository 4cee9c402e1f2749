"""Channel dropout (dropout1d/2d/3d), alpha dropout and pixel (un)shuffle for
``tinytorch.nn.functional``.

Every dropout draws its keep mask from the same generator stream as ``F.dropout`` (so results
repeat under ``tinytorch.manual_seed``) and multiplies the input by it: the gradient is the
mask, and double backward comes from the multiplication's.
"""

import math
import warnings

from tinytorch import _dtype
from tinytorch import _memory_format
from tinytorch import _random
from tinytorch._ops import inplace as _inplace
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import int_argument
from tinytorch._ops._util import user_stacklevel

_SELU_ALPHA_SCALE = 1.7580993408473766  # SELU's scale * alpha: its negative saturation value


class KeepMask(Op):
    """m ~ Bernoulli(1 - p) of ``shape`` in x's dtype (x gives only device and dtype)."""

    differentiable = False

    @staticmethod
    def forward(ctx, x, rng, p, shape):
        return ctx.backend.bernoulli_mask(rng, shape, p, _dtype.from_native(x.dtype))


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _apply(input, inplace, fn, *args):
    return _inplace.inplace(input, fn, *args) if inplace else fn(input, *args)


def _dropout_impl(input, p, training, inplace, feature, alpha):
    """PyTorch's _dropout_impl: x m / (1 - p), or with ``alpha`` x m a + (m - 1) α' a + α' a p
    (a = ((α'² p + 1)(1 - p))^-½) so SELU's mean and variance are kept; ``feature`` draws one m
    per (sample, channel)."""
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        return _apply(input, inplace, lambda x: x * 0.0)
    if feature and input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    size = tuple(input.shape[:2]) + (1,) * (input.ndim - 2) if feature else tuple(input.shape)
    m = KeepMask.apply(input, _random.rng_for(input._backend, None), float(p), size)
    if not alpha:
        return _apply(input, inplace, lambda x: x * (m / (1 - p)))
    a = 1.0 / math.sqrt((_SELU_ALPHA_SCALE ** 2 * p + 1) * (1 - p))
    b = (m - 1.0) * (_SELU_ALPHA_SCALE * a) + _SELU_ALPHA_SCALE * a * p
    return _apply(input, inplace, lambda x: x * (m * a) + b)


def _channel_warning(n, got):
    warnings.warn(f"dropout{n}d: Received a {got}-D input to dropout{n}d, which is deprecated "
                  "and will result in an error in a future release. To retain the behavior and "
                  f"silence this warning, please use dropout instead. Note that dropout{n}d "
                  f"exists to provide channel-wise dropout on inputs with {n} spatial "
                  "dimensions, a channel dimension, and an optional batch dimension (i.e. "
                  f"{n + 1}D or {n + 2}D inputs).", UserWarning, stacklevel=user_stacklevel())


def _as_sample(x, p):
    return shape.squeeze(_dropout_impl(shape.unsqueeze(x, 0), p, True, False, True, False), 0)


def _unbatched(input, p, training, inplace):
    """Channel dropout of ``input`` as one sample (a batch dim added, then taken away)."""
    if p == 0 or not training or input.numel() == 0:
        return input
    return _apply(input, inplace, _as_sample, p)


def dropout1d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    if input.ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout on "
                           "inputs with 1 spatial dimension, a channel dimension, and an optional "
                           "batch dimension (i.e. 2D or 3D inputs).")
    if input.ndim == 2:
        return _unbatched(input, p, training, inplace)
    return _dropout_impl(input, p, training, inplace, True, False)


def dropout2d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    if input.ndim not in (3, 4):
        _channel_warning(2, input.ndim)
    if input.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that "
                      "channel-wise 1D dropout behavior is desired - input is interpreted as "
                      "shape (N, C, L), where C is the channel dim. This behavior will change in "
                      "a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout "
                      "behavior, please switch to using dropout1d instead.", UserWarning,
                      stacklevel=user_stacklevel())
    return _dropout_impl(input, p, training, inplace, True, False)


def dropout3d(input, p=0.5, training=True, inplace=False):
    _check_p(p)
    if input.ndim not in (4, 5):
        _channel_warning(3, input.ndim)
    if input.ndim != 5:
        return _unbatched(input, p, training, inplace)
    return _dropout_impl(input, p, training, inplace, True, False)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    _check_p(p)
    return _dropout_impl(input, p, training, inplace, False, True)


def feature_dropout(input, p=0.5, training=False, inplace=False):
    _check_p(p)
    return _dropout_impl(input, p, training, inplace, True, False)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    _check_p(p)
    return _dropout_impl(input, p, training, inplace, True, True)


def _check_factor(name, arg, factor):
    factor = int_argument(factor, name, arg, 2)
    if factor <= 0:
        raise RuntimeError(f"{name} expects a positive {arg}, but got {factor}")


def _check_rank(name, input):
    if input.ndim < 3:
        raise RuntimeError(f"{name} expects input to have at least 3 dimensions, but got input "
                           f"with {input.ndim} dimension(s)")


def pixel_shuffle(input, upscale_factor):
    r = upscale_factor
    _check_factor("pixel_shuffle", "upscale_factor", r)
    _check_rank("pixel_shuffle", input)
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be "
                           f"divisible by the square of upscale_factor, but input.size(-3)={c} "
                           f"is not divisible by {r * r}")
    n = len(lead)
    x = shape.reshape(input, tuple(lead) + (c // (r * r), r, r, h, w))
    x = shape.permute(x, tuple(range(n)) + tuple(n + d for d in (0, 3, 1, 4, 2)))
    # a new contiguous tensor, as PyTorch's
    out = shape.reshape(x, tuple(lead) + (c // (r * r), h * r, w * r))
    return _memory_format.new_contiguous(out)


def pixel_unshuffle(input, downscale_factor):
    r = downscale_factor
    _check_factor("pixel_unshuffle", "downscale_factor", r)
    _check_rank("pixel_unshuffle", input)
    *lead, c, h, w = input.shape
    for side, size, dim in (("height", h, -2), ("width", w, -1)):
        if size % r:
            raise RuntimeError(f"pixel_unshuffle expects {side} to be divisible by "
                               f"downscale_factor, but input.size({dim})={size} is not "
                               f"divisible by {r}")
    n = len(lead)
    x = shape.reshape(input, tuple(lead) + (c, h // r, r, w // r, r))
    x = shape.permute(x, tuple(range(n)) + tuple(n + d for d in (0, 2, 4, 1, 3)))
    # a new contiguous tensor, as PyTorch's
    out = shape.reshape(x, tuple(lead) + (c * r * r, h // r, w // r))
    return _memory_format.new_contiguous(out)
