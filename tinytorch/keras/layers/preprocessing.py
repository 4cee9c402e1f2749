"""Keras' image augmentation layers: ``RandomFlip``, ``RandomRotation``, ``RandomZoom``,
``RandomTranslation``. Active only while training (``fit``); at inference (``predict``,
``evaluate``) they pass images through unchanged. Each image of a batch gets its own random
transform, drawn from the layer's own generator when ``seed`` is given (reproducible), else
from tinytorch's global one. The transforms are Keras' matrices resampled by
:func:`~tinytorch.datasets.transforms.functional.affine_sample` with TensorFlow's fill modes
(NOTE [Affine resampling]).
"""

import math

import tinytorch
from tinytorch.datasets.transforms.functional import affine_sample
from tinytorch.keras.layers.base import Layer

_FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def _bounds(factor, name):
    """Keras' factor: a number f -> (-f, f); a pair as given; values within [-1, 1]."""
    lower, upper = (factor[0], factor[1]) if isinstance(factor, (tuple, list)) \
        else (-factor, factor)
    if upper < lower:
        raise ValueError(f"`{name}` cannot have upper bound less than lower bound, got "
                         f"{factor}")
    if abs(lower) > 1.0 or abs(upper) > 1.0:
        raise ValueError(f"`{name}` must have values between [-1, 1], got {factor}")
    return float(lower), float(upper)


class _RandomImageLayer(Layer):
    """Shared pieces: the generator, the training switch and the resampling call."""

    def __init__(self, seed=None, fill_mode="reflect", interpolation="bilinear",
                 fill_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if fill_mode not in _FILL_MODES:
            raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Only `reflect`, "
                                      f"`wrap`, `constant` and `nearest` are supported.")
        if interpolation not in ("nearest", "bilinear"):
            raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Only "
                                      f"`nearest` and `bilinear` are supported.")
        self.seed = seed
        self.fill_mode, self.interpolation, self.fill_value = \
            fill_mode, interpolation, float(fill_value)
        self.generator = None if seed is None else tinytorch.Generator().manual_seed(seed)

    def uniform(self, n, low, high):
        """``n`` draws from U(low, high) (float64, on the CPU), from the layer's generator
        when it has a ``seed``, else from tinytorch's global one.

        Args:
            n (int): number of draws (one per image).
            low (float): lower bound.
            high (float): upper bound.

        Returns:
            Tensor: shape ``(n,)``, float64.

        >>> RandomZoom(0.2, seed=0).uniform(3, 1.0, 1.0).tolist()
        [1.0, 1.0, 1.0]
        """
        u = tinytorch.rand(n, generator=self.generator, dtype=tinytorch.float64)
        return low + (high - low) * u

    def call(self, x):
        """Transform each image with its own random draw while the layer is training (during
        ``fit``, or a new layer called directly: tinytorch modules start in training mode,
        Keras layers called directly would not augment); return ``x`` itself otherwise
        (``predict``, ``evaluate``, ``eval()``).

        Args:
            x (Tensor): a batch of images in the internal layout (N, C, H, W).

        Returns:
            Tensor: same shape as ``x``.

        Raises:
            ValueError: if ``x`` is not of rank 4 (in training mode).

        >>> x = tinytorch.ones(2, 3, 8, 8)
        >>> RandomZoom(0.2).eval().call_internal(x) is x
        True
        """
        if not self.training:
            return x
        if x.ndim != 4:
            raise ValueError(f"{type(self).__name__} expects a batch of images (N, H, W, C), "
                             f"got a tensor of rank {x.ndim}")
        return self.augment(x)

    def resample(self, x, matrices):
        """Sample each image at its matrix's transform of the output pixel grid, with the
        layer's ``interpolation``, ``fill_mode`` and ``fill_value`` (see
        :func:`~tinytorch.datasets.transforms.functional.affine_sample`).

        Args:
            x (Tensor): images (N, C, H, W).
            matrices (Tensor): (N, 2, 3), output pixel (x, y, 1) -> input pixel (x, y).

        Returns:
            Tensor: same shape as ``x``.

        >>> shift = tinytorch.tensor([[[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]], dtype=tinytorch.float64)
        >>> x = tinytorch.arange(3.0).reshape(1, 1, 1, 3)
        >>> RandomZoom(0.2, fill_mode='constant').resample(x, shift).tolist()
        [[[[1.0, 2.0, 0.0]]]]
        """
        return affine_sample(x, matrices, self.interpolation, self.fill_mode, self.fill_value)

    def get_config(self):
        return {**super().get_config(), "fill_mode": self.fill_mode,
                "interpolation": self.interpolation, "seed": self.seed,
                "fill_value": self.fill_value}


def _matrices(rows):
    """[a, b, c, d, e, f] columns (each (N,)) -> (N, 2, 3) matrices."""
    return tinytorch.stack(rows, 1).reshape(-1, 2, 3)


class RandomFlip(_RandomImageLayer):
    """Flip each image left-right and/or top-bottom with probability 1/2 per axis.

    Args:
        mode (str): ``'horizontal'``, ``'vertical'`` or ``'horizontal_and_vertical'``
            (default).
        seed (int, optional): makes the draws reproducible.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        ValueError: for an unknown ``mode``.

    >>> x = tinytorch.arange(4.0).reshape(1, 1, 1, 4)  # internal (N, C, H, W) layout
    >>> RandomFlip('horizontal')(x).tolist() in ([[[[0.0, 1.0, 2.0, 3.0]]]],
    ...                                          [[[[3.0, 2.0, 1.0, 0.0]]]])
    True
    """

    def __init__(self, mode="horizontal_and_vertical", seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if mode not in ("horizontal", "vertical", "horizontal_and_vertical"):
            raise ValueError(f"RandomFlip layer {self.name} received an unknown mode "
                             f"argument {mode}")
        self.mode = mode

    def augment(self, x):
        """Flip each image along each axis of ``mode`` with probability 1/2.

        Args:
            x (Tensor): images (N, C, H, W).

        Returns:
            Tensor: same shape as ``x``.

        >>> x = tinytorch.arange(4.0).reshape(1, 1, 2, 2)
        >>> RandomFlip('vertical').augment(x).tolist() in ([[[[0.0, 1.0], [2.0, 3.0]]]],
        ...                                                [[[[2.0, 3.0], [0.0, 1.0]]]])
        True
        """
        for axis, kind in ((3, "horizontal"), (2, "vertical")):
            if kind in self.mode:
                flip = (self.uniform(x.shape[0], 0.0, 1.0) < 0.5).to(x.device)
                x = tinytorch.where(flip.reshape(-1, 1, 1, 1), x.flip(axis), x)
        return x

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable, "mode": self.mode,
                "seed": self.seed}


class RandomRotation(_RandomImageLayer):
    """Rotate each image by a random angle: ``factor`` is a fraction of 2π, a number f
    giving [-f·2π, f·2π], a pair (lower, upper); positive angles turn counter-clockwise.

    Args:
        factor (float or pair): the range of angles, as a fraction of a full turn.
        fill_mode (str): ``'reflect'`` (default), ``'wrap'``, ``'constant'`` or ``'nearest'``.
        interpolation (str): ``'bilinear'`` (default) or ``'nearest'``.
        seed (int, optional): seeds the layer's own generator.
        fill_value (float): the value outside the image for ``'constant'``.

    Raises:
        ValueError: if the lower bound of ``factor`` is above the upper one.

    >>> layer = RandomRotation(0.1, seed=0)
    >>> x = tinytorch.ones(1, 1, 4, 4)  # internal (N, C, H, W) layout
    >>> layer.eval().call_internal(x) is x  # at inference: unchanged
    True
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, **kwargs):
        super().__init__(seed, fill_mode, interpolation, fill_value, **kwargs)
        self.factor = factor
        lower, upper = (factor[0], factor[1]) if isinstance(factor, (tuple, list)) \
            else (-factor, factor)
        if upper < lower:
            raise ValueError(f"Factor cannot have negative values, got {factor}")
        self.lower, self.upper = float(lower), float(upper)

    def augment(self, x):
        """Rotate each image about its centre by an angle drawn from the layer's range.

        Args:
            x (Tensor): images (N, C, H, W).

        Returns:
            Tensor: same shape as ``x``.

        >>> x = tinytorch.arange(4.0).reshape(1, 1, 2, 2)
        >>> RandomRotation((0.5, 0.5)).augment(x).tolist()  # half a turn
        [[[[3.0, 2.0], [1.0, 0.0]]]]
        """
        n, _, h, w = x.shape
        angles = self.uniform(n, self.lower * 2 * math.pi, self.upper * 2 * math.pi)
        cos, sin = angles.cos(), angles.sin()
        x_offset = ((w - 1) - (cos * (w - 1) - sin * (h - 1))) / 2.0
        y_offset = ((h - 1) - (sin * (w - 1) + cos * (h - 1))) / 2.0
        return self.resample(x, _matrices([cos, -sin, x_offset, sin, cos, y_offset]))

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


class RandomZoom(_RandomImageLayer):
    """Zoom each image by a random factor: ``height_factor`` f gives a vertical zoom of
    1 + U(-f, f) (positive values zoom out, negative ones zoom in); ``width_factor`` likewise,
    or None to keep the aspect ratio (the same draw for both axes).

    Args:
        height_factor (float or pair): the range of vertical zoom.
        width_factor (float or pair, optional): the range of horizontal zoom; None keeps the
            aspect ratio.
        fill_mode, interpolation, seed, fill_value: as :class:`RandomRotation`.

    >>> RandomZoom(0.2, seed=0)(tinytorch.ones(1, 4, 4, 1)).shape
    torch.Size([1, 4, 4, 1])
    """

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, **kwargs):
        super().__init__(seed, fill_mode, interpolation, fill_value, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height = _bounds(height_factor, "height_factor")
        self.width = None if width_factor is None else _bounds(width_factor, "width_factor")

    def augment(self, x):
        """Zoom each image about its centre by factors drawn from the layer's ranges.

        Args:
            x (Tensor): images (N, C, H, W).

        Returns:
            Tensor: same shape as ``x``.

        >>> x = tinytorch.arange(4.0).reshape(1, 1, 2, 2)
        >>> RandomZoom((-0.5, -0.5)).augment(x).tolist()  # zoom in 2x
        [[[[0.75, 1.25], [1.75, 2.25]]]]
        """
        n, _, h, w = x.shape
        zy = self.uniform(n, 1.0 + self.height[0], 1.0 + self.height[1])
        zx = zy if self.width is None else self.uniform(n, 1.0 + self.width[0],
                                                        1.0 + self.width[1])
        zero = tinytorch.zeros_like(zx)
        return self.resample(x, _matrices([zx, zero, (w - 1) / 2.0 * (1.0 - zx),
                                           zero, zy, (h - 1) / 2.0 * (1.0 - zy)]))

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor}


class RandomTranslation(_RandomImageLayer):
    """Shift each image by a random fraction of its size: ``height_factor`` f shifts by
    U(-f, f)·height rows (a pair: (lower, upper)), ``width_factor`` likewise for columns.

    Args:
        height_factor (float or pair): the range of vertical shift, a fraction of the height.
        width_factor (float or pair): the range of horizontal shift, a fraction of the width.
        fill_mode, interpolation, seed, fill_value: as :class:`RandomRotation`.

    >>> RandomTranslation(0.1, 0.1, seed=0)(tinytorch.ones(1, 4, 4, 1)).shape
    torch.Size([1, 4, 4, 1])
    """

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, **kwargs):
        super().__init__(seed, fill_mode, interpolation, fill_value, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height = _bounds(height_factor, "height_factor")
        self.width = _bounds(width_factor, "width_factor")

    def augment(self, x):
        """Shift each image by fractions of its height and width drawn from the layer's
        ranges.

        Args:
            x (Tensor): images (N, C, H, W).

        Returns:
            Tensor: same shape as ``x``.

        >>> x = tinytorch.arange(4.0).reshape(1, 1, 2, 2)
        >>> RandomTranslation((0.5, 0.5), 0.0, fill_mode='constant').augment(x).tolist()
        [[[[0.0, 0.0], [0.0, 1.0]]]]
        """
        n, _, h, w = x.shape
        dy = self.uniform(n, self.height[0], self.height[1]) * h
        dx = self.uniform(n, self.width[0], self.width[1]) * w
        one, zero = tinytorch.ones_like(dx), tinytorch.zeros_like(dx)
        return self.resample(x, _matrices([one, zero, -dx, zero, one, -dy]))

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor,
                "width_factor": self.width_factor}
