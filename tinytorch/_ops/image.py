"""Affine resampling of images (data augmentation); see NOTE [Affine resampling]."""

from tinytorch.autograd.node import Op

_INTERPOLATIONS = ("nearest", "bilinear")
_FILL_MODES = ("constant", "reflect", "wrap", "nearest")


class AffineSample(Op):
    """y[n, :, i, j] = x[n, :] read at matrices[n] @ (j, i, 1). Not differentiable (used on
    data, not on activations)."""

    differentiable = False

    @staticmethod
    def forward(ctx, x, matrices, interpolation, fill_mode, fill_value):
        return ctx.backend.affine_sample(x, matrices, interpolation, fill_mode, fill_value)


def affine_sample(input, matrices, interpolation="bilinear", fill_mode="constant",
                  fill_value=0.0):
    """Resample images ``input`` (N, C, H, W): output pixel (row i, column j) of image n is the
    input read at pixel coordinates ``matrices[n] @ (j, i, 1)`` (``matrices``: (N, 2, 3)).

    Raises:
        ValueError: for a wrong shape, interpolation or fill mode.
    """
    if input.ndim != 4 or tuple(matrices.shape) != (input.shape[0], 2, 3):
        raise ValueError(f"affine_sample expects images (N, C, H, W) and matrices (N, 2, 3), "
                         f"got {tuple(input.shape)} and {tuple(matrices.shape)}")
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"interpolation must be one of {_INTERPOLATIONS}, got "
                         f"{interpolation!r}")
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"fill_mode must be one of {_FILL_MODES}, got {fill_mode!r}")
    if not input.is_floating_point():
        raise TypeError(f"affine_sample expects floating-point images, got {input.dtype}")
    matrices = matrices.to(input.device, input.dtype)
    return AffineSample.apply(input, matrices, interpolation, fill_mode, float(fill_value))
