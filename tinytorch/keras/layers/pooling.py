"""MaxPooling2D, AveragePooling2D and the global poolings with Keras' channels-last shapes."""

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


class _GlobalPooling(Layer):
    """Keras' global poolings: one value per channel over every position of a sample."""

    rank = None  # spatial axes: 1 (steps of a sequence) or 2 (rows and columns of an image)
    reduce = None  # "mean" or "amax"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise ValueError("only data_format='channels_last' (Keras' default) is supported")
        self.keepdims = bool(keepdims)

    def compute_output_shape(self, input_shape):
        """The shape of one output sample.

        Args:
            input_shape (tuple): one sample's shape, ``(rows, cols, channels)`` or ``(steps,
                features)``.

        Returns:
            tuple: ``(channels,)``, or with ``keepdims`` a 1 for each spatial axis before it.

        Raises:
            ValueError: ``input_shape`` has another rank (Keras' message).

        >>> GlobalAveragePooling1D(keepdims=True).compute_output_shape((10, 8))
        (1, 8)
        """
        if len(input_shape) != self.rank + 1:
            raise ValueError(f"Input 0 of layer \"{self.name}\" is incompatible with the layer: "
                             f"expected ndim={self.rank + 2}, found ndim={len(input_shape) + 1}."
                             f" Full shape received: {(None, *input_shape)}")
        channels = input_shape[-1]
        return (1,) * self.rank + (channels,) if self.keepdims else (channels,)

    def call(self, x):
        # internal layout (NOTE [Keras layout]): images (N, C, H, W), sequences (N, steps, C)
        axes = (2, 3) if self.rank == 2 else (1,)
        return getattr(x, self.reduce)(dim=axes, keepdim=self.keepdims)

    def get_config(self):
        return {**super().get_config(), "data_format": "channels_last",
                "keepdims": self.keepdims}


class GlobalAveragePooling2D(_GlobalPooling):
    """The mean of each channel over an image's rows and columns.

    Args:
        data_format (str, optional): only ``'channels_last'`` (Keras' default) or None.
        keepdims (bool): keep the spatial axes as size 1: ``(batch, 1, 1, channels)``
            instead of ``(batch, channels)``.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: for another ``data_format``; when built for a shape that is not an
            image's ``(rows, cols, channels)``.

    >>> GlobalAveragePooling2D()(tinytorch.ones(2, 5, 5, 3) * 4).tolist()
    [[4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]
    """

    rank, reduce = 2, "mean"


class GlobalMaxPooling2D(_GlobalPooling):
    """The maximum of each channel over an image's rows and columns.

    Args:
        data_format, keepdims: as :class:`GlobalAveragePooling2D`.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: as :class:`GlobalAveragePooling2D`.

    >>> GlobalMaxPooling2D(keepdims=True).compute_output_shape((7, 7, 64))
    (1, 1, 64)
    """

    rank, reduce = 2, "amax"


class GlobalAveragePooling1D(_GlobalPooling):
    """The mean of each feature over a sequence's steps.

    Args:
        data_format, keepdims: as :class:`GlobalAveragePooling2D` (``keepdims`` gives
            ``(batch, 1, features)``).
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: as :class:`GlobalAveragePooling2D`, for a ``(steps, features)`` shape.

    >>> GlobalAveragePooling1D()(tinytorch.arange(6.0).reshape(1, 3, 2)).tolist()
    [[2.0, 3.0]]
    """

    rank, reduce = 1, "mean"


class GlobalMaxPooling1D(_GlobalPooling):
    """The maximum of each feature over a sequence's steps.

    Args:
        data_format, keepdims: as :class:`GlobalAveragePooling1D`.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: as :class:`GlobalAveragePooling1D`.

    >>> GlobalMaxPooling1D()(tinytorch.arange(6.0).reshape(1, 3, 2)).tolist()
    [[4.0, 5.0]]
    """

    rank, reduce = 1, "amax"
