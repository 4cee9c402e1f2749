"""MaxPooling2D and AveragePooling2D with Keras' channels-last shapes."""

from tinytorch.keras.layers.base import Layer
from tinytorch.keras.layers.base import as_pair
from tinytorch.keras.layers.convolutional import check_padding
from tinytorch.keras.layers.convolutional import output_length
from tinytorch.keras.layers.convolutional import same_padding
from tinytorch.nn import functional as F


class _Pooling2D(Layer):
    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise ValueError("only data_format='channels_last' (Keras' default) is supported")
        self.pool_size = as_pair(pool_size, "pool_size")
        self.strides = as_pair(strides if strides is not None else self.pool_size, "strides")
        self.padding = check_padding(padding)

    def compute_output_shape(self, input_shape):
        h, w = (output_length(n, k, s, self.padding) for n, k, s in
                zip(input_shape[:2], self.pool_size, self.strides))
        return (h, w, input_shape[2])

    def same_pads(self, x):
        """The (left, right, top, bottom) padding of ``x`` for ``padding='same'`` (the odd
        pixel after, as TensorFlow pads).

        Args:
            x (Tensor): images in the internal layout (N, C, H, W).

        Returns:
            tuple: four ints, in ``F.pad``'s order.

        >>> MaxPooling2D(3, strides=2, padding='same').same_pads(tinytorch.ones(1, 1, 6, 6))
        (0, 1, 0, 1)
        """
        return same_padding(x.shape[2:], self.pool_size, self.strides)

    def get_config(self):
        return {**super().get_config(), "pool_size": list(self.pool_size),
                "strides": list(self.strides), "padding": self.padding}


class MaxPooling2D(_Pooling2D):
    """Maximum over ``pool_size`` windows (default 2×2, stride = pool size: halves H and W).

    With ``padding='same'`` the padded positions never win (they are -inf).

    Args:
        pool_size (int or tuple): window size. Default: ``(2, 2)``.
        strides (int or tuple, optional): default: ``pool_size``.
        padding (str): ``'valid'`` (default) or ``'same'`` (output size = ceil(input size /
            stride)).
        data_format (str, optional): only ``'channels_last'`` (Keras' default) or None.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: for another ``data_format`` or ``padding``, or a size that is not an int
            or a pair of ints.

    >>> MaxPooling2D().call(tinytorch.arange(16.0).reshape(1, 1, 4, 4)).tolist()  # NCHW
    [[[[5.0, 7.0], [13.0, 15.0]]]]
    """

    def call(self, x):
        if self.padding == "same":
            x = F.pad(x, self.same_pads(x), value=float("-inf"))
        return F.max_pool2d(x, self.pool_size, self.strides)


class AveragePooling2D(_Pooling2D):
    """Mean over ``pool_size`` windows. With ``padding='same'`` the mean is over the real
    pixels of each window only (Keras/TensorFlow semantics).

    Args:
        pool_size, strides, padding, data_format: as :class:`MaxPooling2D`.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: as :class:`MaxPooling2D`.

    >>> AveragePooling2D(2).compute_output_shape((28, 28, 3))
    (14, 14, 3)
    """

    def call(self, x):
        if self.padding == "valid":
            return F.avg_pool2d(x, self.pool_size, self.strides)
        pads = self.same_pads(x)
        total = F.avg_pool2d(F.pad(x, pads), self.pool_size, self.strides)
        ones = x.new_ones((1, 1, *x.shape[2:]))
        share = F.avg_pool2d(F.pad(ones, pads), self.pool_size, self.strides)
        return total / share
