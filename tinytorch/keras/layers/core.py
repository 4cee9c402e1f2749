"""Dense, Flatten, Dropout and Activation layers."""

import math

import tinytorch
from tinytorch import nn
from tinytorch.keras import activations
from tinytorch.keras import initializers
from tinytorch.keras.layers.base import Layer
from tinytorch.keras.layers.base import apply_activation
from tinytorch.nn import functional as F


class Dense(Layer):
    """Fully connected layer: ``activation(x @ kernel + bias)`` on the last axis.

    Args:
        units (int): output size.
        activation (str or callable, optional): see :mod:`tinytorch.keras.activations`.
        use_bias (bool): add a bias vector. Default: True.
        kernel_initializer (str): default ``'glorot_uniform'``.
        bias_initializer (str): default ``'zeros'``.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    >>> from tinytorch.keras.layers import Dense
    >>> Dense(10, activation='sigmoid', input_shape=(784,)).compute_output_shape((784,))
    (10,)
    """

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer

    def build(self, input_shape):
        fan_in = input_shape[-1]
        self.weight = nn.Parameter(tinytorch.empty(self.units, fan_in))
        initializers.initialize(self.kernel_initializer, self.weight, (fan_in, self.units))
        self.bias = None
        if self.use_bias:
            self.bias = nn.Parameter(tinytorch.empty(self.units))
            initializers.initialize(self.bias_initializer, self.bias, (self.units,))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def pre_activation(self, x):
        """``x @ kernel + bias`` before the activation (the logits of a softmax output).

        Args:
            x (Tensor): a batch in the internal layout; on images (N, C, H, W) the kernel
                acts on the channel axis, as Keras' Dense acts on the last axis.

        Returns:
            Tensor: the output without the activation.

        >>> layer = Dense(2, activation='softmax', kernel_initializer='ones')
        >>> layer.build((3,))
        >>> layer.pre_activation(tinytorch.ones(1, 3)).tolist()
        [[3.0, 3.0]]
        """
        if x.ndim == 4:  # internal NCHW: Keras applies Dense to the channel axis
            return F.linear(x.permute(0, 2, 3, 1), self.weight, self.bias).permute(0, 3, 1, 2)
        return F.linear(x, self.weight, self.bias)

    def call(self, x):
        return apply_activation(self.activation, self.pre_activation(x))

    def keras_weights(self):
        slots = [(self.weight, (1, 0))]
        return slots + [(self.bias, None)] if self.use_bias else slots

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": self.kernel_initializer,
                "bias_initializer": self.bias_initializer}


class Flatten(Layer):
    """Flatten each sample to a vector, in Keras' channels-last element order (so a
    :class:`Dense` after it has Keras' kernel rows). Keras' ``data_format`` is not accepted.

    Args:
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    >>> Flatten().compute_output_shape((28, 28, 1))
    (784,)
    """

    def compute_output_shape(self, input_shape):
        return (math.prod(input_shape),)

    def call(self, x):
        """Flatten each sample; images (internal (N, C, H, W)) are flattened in Keras'
        (H, W, C) element order.

        Args:
            x (Tensor): a batch, any rank.

        Returns:
            Tensor: (N, features).

        >>> x = tinytorch.arange(4.0).reshape(1, 2, 1, 2)  # channels 0 and 1
        >>> Flatten().call(x).tolist()  # pixel by pixel, channels last
        [[0.0, 2.0, 1.0, 3.0]]
        """
        if x.ndim == 4:  # internal NCHW -> Keras' (h, w, c) order; see NOTE [Keras layout]
            x = x.permute(0, 2, 3, 1)
        return x.reshape(x.shape[0], -1)


class Dropout(Layer):
    """Zero a fraction ``rate`` of the inputs while training (scaling the rest by 1/(1-rate)).

    Active while the layer is in training mode: during ``fit``, and (unlike Keras) when a
    new layer is called directly, as tinytorch modules start in training mode.
    ``predict``, ``evaluate`` and ``eval()`` make it pass its input through.

    Args:
        rate (float): fraction of inputs to drop, in [0, 1).
        noise_shape: only None (a mask per element); other values are refused.
        seed (int, optional): accepted and ignored: masks come from tinytorch's global
            generator (:func:`tinytorch.manual_seed`).
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: if ``rate`` is not in [0, 1).
        NotImplementedError: if ``noise_shape`` is given.

    >>> layer = Dropout(0.5)
    >>> layer.eval()(tinytorch.ones(4)).tolist()  # inference: unchanged
    [1.0, 1.0, 1.0, 1.0]
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"Dropout rate must be in [0, 1), got {rate}")
        if noise_shape is not None:
            raise NotImplementedError("Dropout(noise_shape=...) is not supported")
        self.rate = float(rate)

    def call(self, x):
        """Drop elements of ``x`` with probability ``rate`` and scale the rest by
        1/(1-rate) while the layer is training; pass ``x`` through otherwise.

        Args:
            x (Tensor): a batch, any shape.

        Returns:
            Tensor: same shape as ``x``.

        >>> out = Dropout(0.5).train()(tinytorch.ones(1000))
        >>> sorted(set(out.tolist()))
        [0.0, 2.0]
        """
        return F.dropout(x, self.rate, self.training)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate}


class Activation(Layer):
    """Apply an activation function by name (``Activation('relu')``). On images softmax
    normalises the channels (Keras' last axis).

    Args:
        activation (str or callable): see :mod:`tinytorch.keras.activations`.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    >>> Activation('relu')(tinytorch.tensor([-1.0, 0.5])).tolist()
    [0.0, 0.5]
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def pre_activation(self, x):
        """The input itself: the logits of ``Activation('softmax')`` are what it receives.

        Args:
            x (Tensor): a batch.

        Returns:
            Tensor: ``x``.

        >>> x = tinytorch.ones(2, 3)
        >>> Activation('softmax').pre_activation(x) is x
        True
        """
        return x

    def call(self, x):
        return apply_activation(self.activation, x)

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
