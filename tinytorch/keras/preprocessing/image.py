"""``ImageDataGenerator``: Keras' real-time image augmentation, ``datagen.flow(x, y)``.

Each image gets Keras' random transform (``ImageDataGenerator.random_transform``): rotation,
shifts, shear and zoom composed as ``R @ S @ Sh @ Z`` about the point (h/2 + 0.5,
w/2 + 0.5) in (row, column) coordinates, as Keras' ``transform_matrix_offset_center``, then
resampled bilinearly (SciPy's ``order=1``) with ``fill_mode`` / ``cval``, then flips, then
``rescale``. The whole batch is transformed by one call of ``affine_sample`` (NOTE [Affine
resampling]); random draws come from a generator seeded by ``flow(seed=...)``.
"""

import math

import tinytorch
from tinytorch.datasets.transforms.functional import affine_sample
from tinytorch.keras.utils import Sequence

_UNSUPPORTED = ("featurewise_center", "samplewise_center", "featurewise_std_normalization",
                "samplewise_std_normalization", "zca_whitening", "channel_shift_range",
                "brightness_range", "preprocessing_function", "validation_split")


def _eye(n):
    return tinytorch.eye(3, dtype=tinytorch.float64).expand(n, 3, 3).clone()


class ImageDataGenerator:
    """Random augmentation of channels-last image batches (Keras 2's arguments).

    Args:
        rotation_range (float): degrees, U(-r, r).
        width_shift_range, height_shift_range (float): a fraction of the width / height
            when < 1, else pixels; U(-r, r).
        shear_range (float): degrees, U(-r, r) (counter-clockwise shear).
        zoom_range (float or pair): z gives U(1 - z, 1 + z) per axis.
        fill_mode (str): 'nearest' (default), 'constant', 'reflect' or 'wrap'.
        cval (float): the fill value for 'constant'.
        horizontal_flip, vertical_flip (bool): flip with probability 1/2.
        rescale (float, optional): multiply the result by this (e.g. 1/255).

    >>> import numpy as np
    >>> datagen = ImageDataGenerator(rotation_range=10, horizontal_flip=True)
    >>> x_batch, y_batch = datagen.flow(np.zeros((10, 8, 8, 1)), np.arange(10), batch_size=4)[0]
    >>> x_batch.shape, y_batch.shape
    ((4, 8, 8, 1), (4,))
    """

    def __init__(self, rotation_range=0, width_shift_range=0.0, height_shift_range=0.0,
                 shear_range=0.0, zoom_range=0.0, fill_mode="nearest", cval=0.0,
                 horizontal_flip=False, vertical_flip=False, rescale=None,
                 data_format="channels_last", **unsupported):
        for name, value in unsupported.items():
            if name not in _UNSUPPORTED:
                raise TypeError(f"ImageDataGenerator() got an unexpected keyword argument "
                                f"'{name}'")
            if value:
                raise NotImplementedError(f"ImageDataGenerator({name}=...) is not supported")
        if data_format != "channels_last":
            raise ValueError("only data_format='channels_last' (Keras' default) is supported")
        if fill_mode not in ("nearest", "constant", "reflect", "wrap"):
            raise ValueError(f"fill_mode must be 'nearest', 'constant', 'reflect' or 'wrap', "
                             f"got {fill_mode!r}")
        zoom = (1 - zoom_range, 1 + zoom_range) if isinstance(zoom_range, (int, float)) \
            else tuple(zoom_range)
        if len(zoom) != 2:
            raise ValueError(f"`zoom_range` should be a float or a tuple or list of two "
                             f"floats. Received: {zoom_range}")
        self.rotation_range, self.shear_range, self.zoom_range = \
            rotation_range, shear_range, zoom
        self.width_shift_range, self.height_shift_range = width_shift_range, height_shift_range
        self.fill_mode, self.cval = fill_mode, float(cval)
        self.horizontal_flip, self.vertical_flip, self.rescale = \
            horizontal_flip, vertical_flip, rescale

    def flow(self, x, y=None, batch_size=32, shuffle=True, seed=None):
        """A :class:`NumpyArrayIterator` over (augmented ``x``, ``y``) batches."""
        return NumpyArrayIterator(x, y, self, batch_size, shuffle, seed)

    def _uniform(self, generator, n, bound):
        return (tinytorch.rand(n, generator=generator, dtype=tinytorch.float64) * 2 - 1) * bound

    def _shift(self, generator, n, bound, size):
        if isinstance(bound, int) and bound >= 1:
            sign = (tinytorch.rand(n, generator=generator) < 0.5).double() * 2 - 1
            return tinytorch.randint(0, bound, (n,), generator=generator).double() * sign
        shift = self._uniform(generator, n, bound)
        return shift * size if bound < 1 else shift

    def transform_matrices(self, generator, n, h, w):
        """(N, 3, 3) matrices taking output (row, col, 1) to input (row, col, 1), Keras'."""
        theta = self._uniform(generator, n, math.radians(self.rotation_range))
        tx = self._shift(generator, n, self.height_shift_range, h)
        ty = self._shift(generator, n, self.width_shift_range, w)
        shear = self._uniform(generator, n, math.radians(self.shear_range))
        low, high = self.zoom_range
        zoom = low + (high - low) * tinytorch.rand(n, 2, generator=generator,
                                                   dtype=tinytorch.float64)
        if (low, high) == (1, 1):
            zoom = tinytorch.ones(n, 2, dtype=tinytorch.float64)
        rotation, shift, shear_m, scale = _eye(n), _eye(n), _eye(n), _eye(n)
        rotation[:, 0, 0], rotation[:, 0, 1] = theta.cos(), -theta.sin()
        rotation[:, 1, 0], rotation[:, 1, 1] = theta.sin(), theta.cos()
        shift[:, 0, 2], shift[:, 1, 2] = tx, ty
        shear_m[:, 0, 1], shear_m[:, 1, 1] = -shear.sin(), shear.cos()
        scale[:, 0, 0], scale[:, 1, 1] = zoom[:, 0], zoom[:, 1]
        offset, reset = _eye(n), _eye(n)
        offset[:, 0, 2], offset[:, 1, 2] = h / 2 + 0.5, w / 2 + 0.5
        reset[:, 0, 2], reset[:, 1, 2] = -(h / 2 + 0.5), -(w / 2 + 0.5)
        return offset @ rotation @ shift @ shear_m @ scale @ reset

    def random_transform_batch(self, x, generator=None):
        """Augment a float tensor batch (N, H, W, C); returns the same layout."""
        n, h, w, _ = x.shape
        m = self.transform_matrices(generator, n, h, w)
        # (row, col) matrix -> the kernel's (col, row): x_in = e col + d row + f, y_in = ...
        pixel = tinytorch.stack([m[:, 1, 1], m[:, 1, 0], m[:, 1, 2],
                                 m[:, 0, 1], m[:, 0, 0], m[:, 0, 2]], 1).reshape(n, 2, 3)
        out = affine_sample(x.permute(0, 3, 1, 2), pixel, "bilinear", self.fill_mode, self.cval)
        for enabled, axis in ((self.horizontal_flip, 3), (self.vertical_flip, 2)):
            if enabled:
                flip = tinytorch.rand(n, generator=generator) < 0.5
                out = tinytorch.where(flip.reshape(-1, 1, 1, 1), out.flip(axis), out)
        out = out.permute(0, 2, 3, 1)
        return out * self.rescale if self.rescale else out


class NumpyArrayIterator(Sequence):
    """Batches of augmented images (and their labels) as NumPy arrays; reshuffled after
    each epoch when ``shuffle``. Index ``i`` is batch ``i`` of the current order."""

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=True, seed=None):
        self.x = tinytorch.as_tensor(x).float()
        if self.x.ndim != 4:
            raise ValueError(f"Input data in `NumpyArrayIterator` should have rank 4. You "
                             f"passed an array with shape {tuple(self.x.shape)}")
        self.y = None if y is None else tinytorch.as_tensor(y)
        if self.y is not None and self.y.shape[0] != self.x.shape[0]:
            raise ValueError(f"`x` (images tensor) and `y` (labels) should have the same "
                             f"length. Found: x.shape = {tuple(self.x.shape)}, y.shape = "
                             f"{tuple(self.y.shape)}")
        self.generator_of_images = image_data_generator
        self.batch_size, self.shuffle = batch_size, shuffle
        self.random = tinytorch.Generator().manual_seed(seed) if seed is not None else None
        self.on_epoch_end()

    def __len__(self):
        return math.ceil(self.x.shape[0] / self.batch_size)

    def on_epoch_end(self):
        n = self.x.shape[0]
        self.order = tinytorch.randperm(n, generator=self.random) if self.shuffle \
            else tinytorch.arange(n)

    def __getitem__(self, index):
        if index >= len(self):
            raise IndexError(f"Asked to retrieve element {index}, but the Sequence has "
                             f"length {len(self)}")
        rows = self.order[index * self.batch_size:(index + 1) * self.batch_size]
        batch = self.generator_of_images.random_transform_batch(self.x[rows], self.random)
        batch = batch.numpy()
        return batch if self.y is None else (batch, self.y[rows].numpy())
