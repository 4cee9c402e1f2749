"""Reshape and UpSampling2D (an autoencoder's or a GAN generator's decoder)."""

import math

from tinytorch.keras.layers.base import Layer
from tinytorch.keras.layers.base import as_pair
from tinytorch.nn import functional as F


class Reshape(Layer):
    """Reshape each sample to ``target_shape`` (Keras layout; one entry may be -1).

    Args:
        target_shape (tuple): the new sample shape, without the batch axis.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    >>> from tinytorch.keras.layers import Reshape
    >>> Reshape((7, 7, 64)).compute_output_shape((3136,))
    (7, 7, 64)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def compute_output_shape(self, input_shape):
        """``target_shape`` with its -1 entry, if any, inferred from the sample size.

        Args:
            input_shape (tuple): shape of one input sample (no batch axis).

        Returns:
            tuple: shape of one output sample.

        Raises:
            ValueError: if the sizes of ``input_shape`` and ``target_shape`` differ.

        >>> Reshape((-1, 4)).compute_output_shape((2, 6))
        (3, 4)
        """
        size, shape = math.prod(input_shape), list(self.target_shape)
        if shape.count(-1) == 1:
            known = math.prod(s for s in shape if s != -1)
            shape[shape.index(-1)] = size // known if known else 0
        if math.prod(shape) != size:
            raise ValueError(f"total size of new array must be unchanged, input_shape = "
                             f"{list(input_shape)}, output_shape = {list(self.target_shape)}")
        return tuple(shape)

    def call(self, x):
        """Reshape each sample in Keras' channels-last element order; image inputs and
        outputs are in the internal (N, C, H, W) layout.

        Args:
            x (Tensor): a batch.

        Returns:
            Tensor: ``(N, *target_shape)``, as (N, C, H, W) for a rank-3 ``target_shape``.

        >>> Reshape((2, 3, 4)).call(tinytorch.ones(5, 24)).shape  # internal NCHW
        torch.Size([5, 4, 2, 3])
        """
        if x.ndim == 4:  # internal NCHW -> Keras' element order; see NOTE [Keras layout]
            x = x.permute(0, 2, 3, 1)
        x = x.reshape(x.shape[0], *self.compute_output_shape(tuple(x.shape[1:])))
        return x.permute(0, 3, 1, 2) if x.ndim == 4 else x

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}


class UpSampling2D(Layer):
    """Repeat rows and columns ``size`` times (``interpolation`` 'nearest' or 'bilinear').

    Args:
        size (int or tuple): the upsampling factors for rows and columns. Default:
            ``(2, 2)``.
        data_format (str, optional): only ``'channels_last'`` (Keras' default) or None.
        interpolation (str): ``'nearest'`` (default) or ``'bilinear'``.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: for another ``data_format`` or ``interpolation``.

    >>> from tinytorch.keras.layers import UpSampling2D
    >>> UpSampling2D((2, 2)).compute_output_shape((7, 7, 32))
    (14, 14, 32)
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise ValueError("only data_format='channels_last' (Keras' default) is supported")
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f"`interpolation` argument should be one of `\"nearest\"` or "
                             f"`\"bilinear\"`. Received: \"{interpolation}\".")
        self.size = as_pair(size, "size")
        self.interpolation = interpolation

    def compute_output_shape(self, input_shape):
        h, w, c = input_shape
        return (h * self.size[0], w * self.size[1], c)

    def call(self, x):
        out = (x.shape[2] * self.size[0], x.shape[3] * self.size[1])
        if self.interpolation == "nearest":
            return F.interpolate(x, size=out, mode="nearest")
        return F.interpolate(x, size=out, mode="bilinear", align_corners=False)

    def get_config(self):
        return {**super().get_config(), "size": list(self.size),
                "interpolation": self.interpolation}
