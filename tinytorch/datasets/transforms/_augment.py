"""torchvision's random augmentation transforms for tensor images ``(..., C, H, W)``:
``RandomHorizontalFlip``, ``RandomCrop``, ``RandomRotation``, ``RandomAffine``. Random
draws come from tinytorch's global generator (``tinytorch.manual_seed``), as torchvision's
from PyTorch's."""

import numbers

import tinytorch
from tinytorch.datasets.transforms import functional as TF
from tinytorch.datasets.transforms.functional import InterpolationMode


def _uniform(low, high):
    return float(tinytorch.empty(1).uniform_(float(low), float(high)).item())


def _range(value, name, centred=True):
    """torchvision's ``_setup_angle``: a number d -> (-d, d); a pair as given."""
    if isinstance(value, numbers.Number):
        if value < 0:
            raise ValueError(f"If {name} is a single number, it must be positive.")
        return [-float(value), float(value)] if centred else [float(value)] * 2
    value = [float(v) for v in value]
    if len(value) not in (2, 4) or (name == "degrees" and len(value) != 2):
        raise ValueError(f"If {name} is a sequence, it must be of len 2.")
    return value


def _fill(fill, img):
    if fill is None:
        return None
    channels = img.shape[-3]
    return [float(fill)] * channels if isinstance(fill, numbers.Number) else \
        [float(f) for f in fill]


class RandomHorizontalFlip:
    """Flip the image left-right with probability ``p``.

    Args:
        p (float): the probability of a flip (default 0.5).

    >>> import tinytorch
    >>> RandomHorizontalFlip(p=1.0)(tinytorch.tensor([[[1.0, 2.0]]])).tolist()
    [[[2.0, 1.0]]]
    """

    def __init__(self, p=0.5):
        self.p = p

    def __call__(self, img):
        return TF.hflip(img) if tinytorch.rand(1).item() < self.p else img

    def __repr__(self):
        return f"{type(self).__name__}(p={self.p})"


class RandomCrop:
    """Crop a random ``size`` (int or (h, w)) window, after optional ``padding`` (int, 2 or 4
    values, with ``fill`` and ``padding_mode`` as :func:`functional.pad`); ``pad_if_needed``
    pads an image smaller than ``size``.

    Args:
        size (int or sequence): the crop's ``(height, width)``; an int makes it square.
        padding (int or sequence, optional): padding applied first, as
            :func:`functional.pad` takes it (default None: none).
        pad_if_needed (bool): pad an image smaller than ``size`` so that the crop fits
            (default False).
        fill (number): the value of padded pixels in ``'constant'`` mode (default 0).
        padding_mode (str): ``'constant'`` (default), ``'edge'``, ``'reflect'`` or
            ``'symmetric'``.

    >>> import tinytorch
    >>> RandomCrop(28, padding=4)(tinytorch.ones(1, 28, 28)).shape
    torch.Size([1, 28, 28])
    """

    def __init__(self, size, padding=None, pad_if_needed=False, fill=0,
                 padding_mode="constant"):
        self.size = (size, size) if isinstance(size, int) else tuple(size)
        self.padding, self.pad_if_needed = padding, pad_if_needed
        self.fill, self.padding_mode = fill, padding_mode

    @staticmethod
    def get_params(img, output_size):
        """Draw the window of a random crop.

        Args:
            img (Tensor): the image, ``(..., H, W)``.
            output_size (tuple): the crop's ``(height, width)``.

        Returns:
            tuple: ``(top, left, height, width)``, to pass to :func:`functional.crop`.

        Raises:
            ValueError: the crop is larger than the image.

        >>> import tinytorch
        >>> RandomCrop.get_params(tinytorch.ones(1, 4, 4), (4, 4))
        (0, 0, 4, 4)
        >>> top, left, h, w = RandomCrop.get_params(tinytorch.ones(1, 4, 4), (2, 2))
        >>> 0 <= top <= 2 and 0 <= left <= 2 and (h, w) == (2, 2)
        True
        """
        h, w = img.shape[-2:]
        th, tw = output_size
        if h < th or w < tw:
            raise ValueError(f"Required crop size {(th, tw)} is larger than input image size "
                             f"{(h, w)}")
        if (h, w) == (th, tw):
            return 0, 0, h, w
        top = int(tinytorch.randint(0, h - th + 1, size=(1,)).item())
        left = int(tinytorch.randint(0, w - tw + 1, size=(1,)).item())
        return top, left, th, tw

    def __call__(self, img):
        if self.padding is not None:
            img = TF.pad(img, self.padding, self.fill, self.padding_mode)
        h, w = img.shape[-2:]
        if self.pad_if_needed and w < self.size[1]:
            img = TF.pad(img, [self.size[1] - w, 0], self.fill, self.padding_mode)
        if self.pad_if_needed and h < self.size[0]:
            img = TF.pad(img, [0, self.size[0] - h], self.fill, self.padding_mode)
        return TF.crop(img, *self.get_params(img, self.size))

    def __repr__(self):
        return f"{type(self).__name__}(size={self.size}, padding={self.padding})"


class RandomRotation:
    """Rotate by an angle drawn uniformly from ``degrees`` (a number d: (-d, d)),
    counter-clockwise, about ``center``; outside pixels read ``fill`` (default 0).

    Args:
        degrees (number or sequence): the range ``(min, max)`` of the angle, in degrees; a
            number ``d`` means ``(-d, d)``.
        interpolation (InterpolationMode): ``NEAREST`` (default) or ``BILINEAR``.
        expand (bool): only False (the default) is supported.
        center (sequence of int, optional): the centre ``(x, y)`` in pixels, origin at the
            top left (default None: the image centre).
        fill (number or sequence): the value of pixels from outside the image, one for all
            channels or one per channel (default 0).

    Raises:
        ValueError: a negative number or a sequence not of two values for ``degrees``.

    >>> import tinytorch
    >>> tuple(RandomRotation(30)(tinytorch.ones(1, 8, 8)).shape)
    (1, 8, 8)
    """

    def __init__(self, degrees, interpolation=InterpolationMode.NEAREST, expand=False,
                 center=None, fill=0):
        self.degrees = _range(degrees, "degrees")
        self.interpolation, self.expand, self.center, self.fill = \
            interpolation, expand, center, fill

    @staticmethod
    def get_params(degrees):
        """Draw the rotation angle.

        Args:
            degrees (sequence): the range ``(min, max)``, in degrees.

        Returns:
            float: an angle drawn uniformly from the range.

        >>> -10.0 <= RandomRotation.get_params([-10.0, 10.0]) <= 10.0
        True
        """
        return _uniform(degrees[0], degrees[1])

    def __call__(self, img):
        angle = self.get_params(self.degrees)
        return TF.rotate(img, angle, self.interpolation, self.expand, self.center,
                         _fill(self.fill, img))

    def __repr__(self):
        return f"{type(self).__name__}(degrees={self.degrees})"


class RandomAffine:
    """Random affine transform keeping the centre: rotation from ``degrees``, translation up
    to ``translate`` = (a, b) of the width / height (whole pixels), scale from ``scale`` = (lo,
    hi), shear from ``shear`` (x only for a number or a pair; x and y for four values).

    Args:
        degrees (number or sequence): the range ``(min, max)`` of the rotation, in degrees
            (clockwise); a number ``d`` means ``(-d, d)``.
        translate (tuple, optional): the largest translation ``(a, b)`` as fractions of the
            width and height, each in [0, 1] (default None: none).
        scale (tuple, optional): the range ``(lo, hi)`` of the scale factor, positive
            (default None: 1).
        shear (number or sequence, optional): the shear range in degrees: a number ``s``
            means ``(-s, s)`` along x; two values a range along x; four values ranges along
            x then y (default None: none).
        interpolation (InterpolationMode): ``NEAREST`` (default) or ``BILINEAR``.
        fill (number or sequence): the value of pixels from outside the image, one for all
            channels or one per channel (default 0).
        center (sequence of int, optional): the centre ``(x, y)`` in pixels, origin at the
            top left (default None: the image centre).

    Raises:
        ValueError: a range or a value out of its bounds, as torchvision checks them.

    >>> import tinytorch
    >>> RandomAffine(10, translate=(0.1, 0.1), scale=(0.9, 1.1))(tinytorch.ones(1, 8, 8)).shape
    torch.Size([1, 8, 8])
    """

    def __init__(self, degrees, translate=None, scale=None, shear=None,
                 interpolation=InterpolationMode.NEAREST, fill=0, center=None):
        self.degrees = _range(degrees, "degrees")
        if translate is not None:
            if len(translate) != 2 or not all(0.0 <= t <= 1.0 for t in translate):
                raise ValueError("translation values should be between 0 and 1")
        if scale is not None:
            if len(scale) != 2 or any(s <= 0 for s in scale):
                raise ValueError("scale values should be positive")
        self.translate, self.scale = translate, scale
        self.shear = None if shear is None else _range(shear, "shear")
        self.interpolation, self.fill, self.center = interpolation, fill, center

    @staticmethod
    def get_params(degrees, translate, scale_ranges, shears, img_size):
        """Draw the parameters of a random affine transform, as torchvision draws them.

        Args:
            degrees (sequence): the rotation's range ``(min, max)``, in degrees.
            translate (sequence, optional): the largest translation as fractions ``(a, b)``
                of the width and height, or None.
            scale_ranges (sequence, optional): the scale's range ``(lo, hi)``, or None.
            shears (sequence, optional): the x shear's range, two values, or the x and y
                ranges, four values, in degrees; or None.
            img_size (sequence): the image's ``(width, height)``.

        Returns:
            tuple: ``(angle, (tx, ty), scale, (shear_x, shear_y))``, the translation in
            whole pixels; to pass to :func:`functional.affine`.

        >>> RandomAffine.get_params([0.0, 0.0], None, None, None, [8, 8])
        (0.0, (0, 0), 1.0, (0.0, 0.0))
        """
        angle = _uniform(degrees[0], degrees[1])
        tx = ty = 0
        if translate is not None:
            max_dx, max_dy = translate[0] * img_size[0], translate[1] * img_size[1]
            tx, ty = int(round(_uniform(-max_dx, max_dx))), int(round(_uniform(-max_dy, max_dy)))
        scale = 1.0 if scale_ranges is None else _uniform(scale_ranges[0], scale_ranges[1])
        shear_x = shear_y = 0.0
        if shears is not None:
            shear_x = _uniform(shears[0], shears[1])
            if len(shears) == 4:
                shear_y = _uniform(shears[2], shears[3])
        return angle, (tx, ty), scale, (shear_x, shear_y)

    def __call__(self, img):
        h, w = img.shape[-2:]
        params = self.get_params(self.degrees, self.translate, self.scale, self.shear, [w, h])
        return TF.affine(img, *params, interpolation=self.interpolation,
                         fill=_fill(self.fill, img), center=self.center)

    def __repr__(self):
        return (f"{type(self).__name__}(degrees={self.degrees}, translate={self.translate}, "
                f"scale={self.scale}, shear={self.shear})")
