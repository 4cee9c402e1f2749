"""Affine resampling of images (data augmentation); see NOTE [Affine resampling]."""

from tinytorch._ops._op import Op

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
    Not differentiable. See NOTE [Affine resampling] in ``backends/_array_api/image.py``.

    Args:
        input (Tensor): floating-point images (N, C, H, W).
        matrices (Tensor): one (2, 3) matrix per image, (N, 2, 3), from output pixel
            ``(column, row, 1)`` to input pixel ``(x, y)``.
        interpolation (str): ``'nearest'`` or ``'bilinear'``. Default: ``'bilinear'``.
        fill_mode (str): how points outside the image are read: ``'constant'`` (read
            ``fill_value``), ``'reflect'``, ``'wrap'`` or ``'nearest'``, as in Keras.
            Default: ``'constant'``.
        fill_value (float): the value read outside the image with ``'constant'``. Default: 0.

    Returns:
        Tensor: the resampled images, of ``input``'s shape and dtype.

    Raises:
        ValueError: for a wrong shape, interpolation or fill mode.
        TypeError: for images that are not floating point.

    >>> from tinytorch.datasets.transforms.functional import affine_sample
    >>> images = tinytorch.arange(4.0).reshape(1, 1, 2, 2)
    >>> shift = tinytorch.tensor([[[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]])  # read one to the right
    >>> affine_sample(images, shift)
    tensor([[[[1., 0.],
              [3., 0.]]]])
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
