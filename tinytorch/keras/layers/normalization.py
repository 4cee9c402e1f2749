"""BatchNormalization with Keras' defaults (momentum 0.99, epsilon 1e-3)."""

import tinytorch
from tinytorch import nn
from tinytorch.keras.layers.base import Layer
from tinytorch.nn import functional as F


class BatchNormalization(Layer):
    """Normalise each channel (the last Keras axis) by batch statistics while training and by
    moving averages at inference, then scale by ``gamma`` and shift by ``beta``.

    ``moving = momentum * moving + (1 - momentum) * batch`` — Keras' momentum is PyTorch's
    ``1 - momentum``. As in PyTorch, the moving variance uses the unbiased batch variance.
    ``gamma``/``beta`` are trainable; the two moving statistics are counted by ``summary()``
    as non-trainable parameters, as in Keras.

    Args:
        axis (int): the channel axis; only -1 (channels-last) is supported.
        momentum (float): default 0.99.
        epsilon (float): default 1e-3.
        center (bool): learn ``beta``. Default: True.
        scale (bool): learn ``gamma``. Default: True.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: if ``axis`` is not -1.

    >>> layer = BatchNormalization()
    >>> layer.build((3,))
    >>> [w.shape for w in layer.get_weights()]  # gamma, beta, moving mean, moving variance
    [(3,), (3,), (3,), (3,)]
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 **kwargs):
        super().__init__(**kwargs)
        if axis != -1:
            raise ValueError(f"BatchNormalization supports axis=-1 (channels-last), got {axis}")
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale

    def build(self, input_shape):
        channels = input_shape[-1]
        self.gamma = nn.Parameter(tinytorch.ones(channels)) if self.scale else None
        self.beta = nn.Parameter(tinytorch.zeros(channels)) if self.center else None
        self.register_buffer("moving_mean", tinytorch.zeros(channels))
        self.register_buffer("moving_variance", tinytorch.ones(channels))

    def call(self, x):
        """Normalise ``x`` per channel: by the batch's statistics (updating the moving ones)
        in training mode, by the moving statistics otherwise (``eval()``, ``predict``).

        Args:
            x (Tensor): (N, C), (N, steps, C) or images in the internal layout (N, C, H, W).

        Returns:
            Tensor: same shape as ``x``.

        >>> layer = BatchNormalization()
        >>> layer.build((2,))
        >>> layer(tinytorch.tensor([[1.0, 2.0], [3.0, 6.0]])).tolist()
        [[-0.99..., -0.99...], [0.99..., 0.99...]]
        """
        channels_last = x.ndim == 3  # (N, steps, C): batch_norm wants channels on axis 1
        if channels_last:
            x = x.transpose(1, 2)
        y = F.batch_norm(x, self.moving_mean, self.moving_variance, self.gamma, self.beta,
                         self.training, 1.0 - self.momentum, self.epsilon)
        return y.transpose(1, 2) if channels_last else y

    def keras_weights(self):
        slots = [(self.gamma, None)] if self.scale else []
        slots += [(self.beta, None)] if self.center else []
        return slots + [(self.moving_mean, None), (self.moving_variance, None)]

    def get_config(self):
        return {**super().get_config(), "axis": -1, "momentum": self.momentum,
                "epsilon": self.epsilon, "center": self.center, "scale": self.scale}
