"""Conv2D with Keras' channels-last shapes on tinytorch's NCHW convolution."""

import tinytorch
from tinytorch import nn
from tinytorch.keras import activations
from tinytorch.keras import initializers
from tinytorch.keras.layers.base import Layer
from tinytorch.keras.layers.base import apply_activation
from tinytorch.keras.layers.base import as_pair
from tinytorch.nn import functional as F


def check_padding(padding):
    if padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
    return padding


def output_length(length, window, stride, padding, dilation=1):
    """Keras' conv/pool output length: ceil(n / s) for 'same', else floor((n - w') / s) + 1."""
    if padding == "same":
        return -(-length // stride)
    return (length - dilation * (window - 1) - 1) // stride + 1


def same_padding(in_hw, window, stride, dilation=(1, 1)):
    """(left, right, top, bottom) zero padding that gives Keras' 'same' output size.

    TensorFlow puts the odd pixel after (right/bottom), which PyTorch's symmetric padding
    cannot express; callers pad explicitly with ``F.pad`` when the two sides differ.
    """
    pads = []
    for n, w, s, d in zip(in_hw, window, stride, dilation):
        total = max((output_length(n, w, s, "same") - 1) * s + d * (w - 1) + 1 - n, 0)
        pads.append((total // 2, total - total // 2))
    (top, bottom), (left, right) = pads
    return (left, right, top, bottom)


class Conv2D(Layer):
    """2-D convolution over (height, width) of channels-last images.

    Args:
        filters (int): number of output channels.
        kernel_size (int or tuple): window size, e.g. ``(5, 5)``.
        strides (int or tuple): default ``(1, 1)``.
        padding (str): ``'valid'`` (no padding, default) or ``'same'`` (output size =
            ceil(input size / stride)).
        data_format (str, optional): only ``'channels_last'`` (Keras' default) or None.
        dilation_rate (int or tuple): default ``(1, 1)``.
        activation, use_bias, kernel_initializer, bias_initializer: as in :class:`Dense`.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: for another ``data_format`` or ``padding``, or a size that is not an int
            or a pair of ints.

    >>> from tinytorch.keras.layers import Conv2D
    >>> Conv2D(32, (5, 5), input_shape=(28, 28, 1)).compute_output_shape((28, 28, 1))
    (24, 24, 32)
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        if data_format not in (None, "channels_last"):
            raise ValueError("only data_format='channels_last' (Keras' default) is supported")
        self.filters = int(filters)
        self.kernel_size = as_pair(kernel_size, "kernel_size")
        self.strides = as_pair(strides, "strides")
        self.padding = check_padding(padding)
        self.dilation_rate = as_pair(dilation_rate, "dilation_rate")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer

    def build(self, input_shape):
        channels = input_shape[-1]
        kh, kw = self.kernel_size
        self.weight = nn.Parameter(tinytorch.empty(self.filters, channels, kh, kw))
        initializers.initialize(self.kernel_initializer, self.weight,
                                (kh, kw, channels, self.filters))
        self.bias = None
        if self.use_bias:
            self.bias = nn.Parameter(tinytorch.empty(self.filters))
            initializers.initialize(self.bias_initializer, self.bias, (self.filters,))

    def compute_output_shape(self, input_shape):
        h, w = (output_length(n, k, s, self.padding, d) for n, k, s, d in
                zip(input_shape[:2], self.kernel_size, self.strides, self.dilation_rate))
        return (h, w, self.filters)

    def pre_activation(self, x):
        """The convolution plus bias, before the activation. ``'same'`` padding puts an odd
        padding pixel after (right/bottom), as TensorFlow does.

        Args:
            x (Tensor): images in the internal layout (N, C, H, W).

        Returns:
            Tensor: (N, filters, H', W').

        >>> layer = Conv2D(8, 3, strides=2, padding='same', activation='relu')
        >>> layer.build((28, 28, 1))
        >>> layer.pre_activation(tinytorch.ones(2, 1, 28, 28)).shape
        torch.Size([2, 8, 14, 14])
        """
        padding = 0
        if self.padding == "same":
            left, right, top, bottom = same_padding(x.shape[2:], self.kernel_size,
                                                    self.strides, self.dilation_rate)
            if (left, top) == (right, bottom):
                padding = (top, left)
            else:
                x = F.pad(x, (left, right, top, bottom))
        return F.conv2d(x, self.weight, self.bias, self.strides, padding, self.dilation_rate)

    def call(self, x):
        return apply_activation(self.activation, self.pre_activation(x))

    def keras_weights(self):
        slots = [(self.weight, (2, 3, 1, 0))]
        return slots + [(self.bias, None)] if self.use_bias else slots

    def get_config(self):
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": list(self.kernel_size), "strides": list(self.strides),
                "padding": self.padding, "dilation_rate": list(self.dilation_rate),
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": self.kernel_initializer,
                "bias_initializer": self.bias_initializer}
