"""torchvision's ``transforms.functional`` for tensor images ``(..., C, H, W)``: flips, crop,
pad, and the affine family (``affine``, ``rotate``) with torchvision's formulas, plus
``affine_sample``, the resampling kernel they share with Keras' augmentation layers (see
NOTE [Affine resampling] in ``tinytorch/backends/_array_api/image.py``).
"""

import enum
import math

import tinytorch
from tinytorch._ops.image import affine_sample
from tinytorch.nn import functional as F

__all__ = ["InterpolationMode", "affine", "affine_sample", "crop", "get_inverse_affine_matrix",
           "hflip", "pad", "rotate", "vflip"]


class InterpolationMode(enum.Enum):
    """torchvision's interpolation names (the two these transforms support).

    >>> InterpolationMode.BILINEAR.value, InterpolationMode("nearest")
    ('bilinear', <InterpolationMode.NEAREST: 'nearest'>)
    """

    NEAREST = "nearest"
    BILINEAR = "bilinear"


def _mode(interpolation):
    value = interpolation.value if isinstance(interpolation, InterpolationMode) else interpolation
    if value not in ("nearest", "bilinear"):
        raise ValueError(f"interpolation must be InterpolationMode.NEAREST or BILINEAR, got "
                         f"{interpolation!r}")
    return value


def hflip(img):
    """Flip the image horizontally: mirror left-right (the last axis).

    Args:
        img (Tensor): the image, ``(..., H, W)``.

    Returns:
        Tensor: the flipped image.

    >>> hflip(tinytorch.tensor([[[1.0, 2.0, 3.0]]])).tolist()
    [[[3.0, 2.0, 1.0]]]
    """
    return img.flip(-1)


def vflip(img):
    """Flip the image vertically: mirror top-bottom (the second-to-last axis).

    Args:
        img (Tensor): the image, ``(..., H, W)``.

    Returns:
        Tensor: the flipped image.

    >>> vflip(tinytorch.tensor([[[1.0], [2.0]]])).tolist()
    [[[2.0], [1.0]]]
    """
    return img.flip(-2)


def crop(img, top, left, height, width):
    """Crop the image: ``img[..., top:top + height, left:left + width]`` (a view). Unlike
    torchvision, a window reaching past the image is not padded: the result is smaller.

    Args:
        img (Tensor): the image, ``(..., H, W)``.
        top (int): the window's first row.
        left (int): the window's first column.
        height (int): the window's height.
        width (int): the window's width.

    Returns:
        Tensor: the window, ``(..., height, width)``.

    >>> crop(tinytorch.arange(16.0).reshape(1, 4, 4), 1, 2, 2, 2).tolist()
    [[[6.0, 7.0], [10.0, 11.0]]]
    """
    return img[..., top:top + height, left:left + width]


def _padding4(padding):
    """torchvision's padding forms -> (left, top, right, bottom)."""
    if isinstance(padding, int):
        return (padding,) * 4
    padding = tuple(padding)
    if len(padding) == 1:
        return padding * 4
    if len(padding) == 2:
        return padding * 2
    if len(padding) == 4:
        return padding
    raise ValueError(f"Padding must be an int or a 1, 2, or 4 element tuple, not a "
                     f"{len(padding)} element tuple")


def _symmetric_index(size, before, after):
    return list(range(before - 1, -1, -1)) + list(range(size)) + \
        list(range(size - 1, size - 1 - after, -1))


def pad(img, padding, fill=0, padding_mode="constant"):
    """Pad the image on its four sides (the last two axes).

    Args:
        img (Tensor): the image, ``(..., H, W)``; ``'edge'`` and ``'reflect'`` need a 3-D
            or 4-D one.
        padding (int or sequence): every side; ``(left/right, top/bottom)``; or ``(left,
            top, right, bottom)``.
        fill (number): the value of the new pixels in ``'constant'`` mode (default 0).
        padding_mode (str): ``'constant'`` (default), ``'edge'`` (repeat the last pixel),
            ``'reflect'`` (mirror without the edge pixel) or ``'symmetric'`` (mirror with it).

    Returns:
        Tensor: the padded image.

    Raises:
        ValueError: ``padding`` has not 1, 2 or 4 values, or an unknown ``padding_mode``.

    >>> pad(tinytorch.tensor([[[1.0, 2.0]]]), [1, 0], padding_mode="reflect").tolist()
    [[[2.0, 1.0, 2.0, 1.0]]]
    >>> tuple(pad(tinytorch.ones(1, 1, 2), 1).shape)
    (1, 3, 4)
    """
    left, top, right, bottom = _padding4(padding)
    if padding_mode == "constant":
        return F.pad(img, (left, right, top, bottom), value=float(fill))
    if padding_mode in ("edge", "reflect"):
        mode = "replicate" if padding_mode == "edge" else "reflect"
        batched = img if img.ndim == 4 else img.unsqueeze(0)
        out = F.pad(batched, (left, right, top, bottom), mode=mode)
        return out if img.ndim == 4 else out.squeeze(0)
    if padding_mode == "symmetric":
        h, w = img.shape[-2:]
        rows = tinytorch.tensor(_symmetric_index(h, top, bottom), device=img.device)
        cols = tinytorch.tensor(_symmetric_index(w, left, right), device=img.device)
        return img.index_select(-2, rows).index_select(-1, cols)
    raise ValueError(f"Padding mode should be either constant, edge, reflect or symmetric, "
                     f"got {padding_mode!r}")


def get_inverse_affine_matrix(center, angle, translate, scale, shear):
    """torchvision's ``_get_inverse_affine_matrix``: the 2x3 matrix taking output coordinates
    (relative to the image centre) to input ones, for M = T * C * R(angle) S(scale) SHy SHx
    * C^-1 (angle and shear in degrees, clockwise in image coordinates).

    Args:
        center (sequence of float): the centre ``(cx, cy)`` of the transform, relative to
            the image centre.
        angle (float): the rotation, in degrees, clockwise.
        translate (sequence of float): the translation ``(tx, ty)``, in pixels.
        scale (float): the scale factor.
        shear (sequence of float): the shears ``(x, y)``, in degrees.

    Returns:
        list of float: the inverse matrix's six entries, row by row.

    >>> m = get_inverse_affine_matrix([0.0, 0.0], 0.0, [2.0, 1.0], 2.0, [0.0, 0.0])
    >>> m == [0.5, 0.0, -1.0, 0.0, 0.5, -0.5]  # halve, after shifting back by (2, 1)
    True
    """
    rot = math.radians(angle)
    sx, sy = math.radians(shear[0]), math.radians(shear[1])
    cx, cy = center
    tx, ty = translate
    a = math.cos(rot - sy) / math.cos(sy)
    b = -math.cos(rot - sy) * math.tan(sx) / math.cos(sy) - math.sin(rot)
    c = math.sin(rot - sy) / math.cos(sy)
    d = -math.sin(rot - sy) * math.tan(sx) / math.cos(sy) + math.cos(rot)
    matrix = [x / scale for x in (d, -b, 0.0, -c, a, 0.0)]
    matrix[2] += matrix[0] * (-cx - tx) + matrix[1] * (-cy - ty) + cx
    matrix[5] += matrix[3] * (-cx - tx) + matrix[4] * (-cy - ty) + cy
    return matrix


def _apply_affine(img, matrix, interpolation, fill):
    """torchvision's grid transform: ``matrix`` acts on coordinates centred on the image;
    with ``fill`` a mask channel is resampled too and mixes the fill colour in (bilinear:
    ``img * mask + (1 - mask) * fill``, exactly as torchvision does)."""
    h, w = img.shape[-2:]
    cx, cy = (w - 1) / 2, (h - 1) / 2
    a, b, c, d, e, f = matrix
    pixel = [[a, b, c + cx - a * cx - b * cy], [d, e, f + cy - d * cx - e * cy]]
    lead = img.shape[:-3]
    x = img.reshape(-1, *img.shape[-3:])
    if not x.is_floating_point():
        raise TypeError(f"affine transforms expect a float tensor image, got {img.dtype}")
    channels = x.shape[1]
    if fill is not None:
        x = tinytorch.cat([x, x.new_ones((x.shape[0], 1, h, w))], 1)
    matrices = tinytorch.tensor([pixel] * x.shape[0], dtype=x.dtype, device=x.device)
    out = affine_sample(x, matrices, interpolation, "constant", 0.0)
    if fill is not None:
        out, mask = out[:, :channels], out[:, channels:]
        fill = [float(fill)] * channels if isinstance(fill, (int, float)) else list(fill)
        colour = tinytorch.tensor(fill, dtype=x.dtype, device=x.device).reshape(1, -1, 1, 1)
        if interpolation == "nearest":
            out = tinytorch.where(mask < 0.5, colour.expand_as(out), out)
        else:
            out = out * mask + (1.0 - mask) * colour
    return out.reshape(*lead, *out.shape[1:])


def _centre(center, img):
    if center is None:
        return [0.0, 0.0]
    h, w = img.shape[-2:]
    return [c - s * 0.5 for c, s in zip(center, (w, h))]


def affine(img, angle, translate, scale, shear, interpolation=InterpolationMode.NEAREST,
           fill=None, center=None):
    """Apply an affine transform keeping the image size: rotate by ``angle`` degrees
    (clockwise), translate by ``translate`` pixels (x, y), scale and shear, about
    ``center``.

    Args:
        img (Tensor): a float image, ``(..., C, H, W)``.
        angle (float): the rotation, in degrees, clockwise.
        translate (sequence of int): the translation ``(x, y)``, in pixels, after rotation.
        scale (float): the scale factor, positive.
        shear (float or sequence): shear in degrees: a number or a one-item sequence shears
            parallel to the x axis; two values shear parallel to x, then y.
        interpolation (InterpolationMode or str): ``NEAREST`` (default) or ``BILINEAR``.
        fill (number or sequence, optional): the value of pixels that come from outside
            the image, one for all channels or one per channel (default None: 0).
        center (sequence of int, optional): the centre ``(x, y)`` in pixels, origin at the
            top left (default None: the image centre).

    Returns:
        Tensor: the transformed image.

    Raises:
        ValueError: ``scale`` is not positive, or an unknown ``interpolation``.
        TypeError: ``img`` is not a float tensor.

    >>> affine(tinytorch.tensor([[[1.0, 2.0, 3.0]]]), angle=0.0, translate=[1, 0], scale=1.0,
    ...        shear=0.0).tolist()
    [[[0.0, 1.0, 2.0]]]
    """
    shear = [float(shear), 0.0] if isinstance(shear, (int, float)) else list(shear)
    shear = shear + [0.0] if len(shear) == 1 else shear
    if scale <= 0.0:
        raise ValueError("Argument scale should be positive")
    matrix = get_inverse_affine_matrix(_centre(center, img), angle,
                                       [float(t) for t in translate], scale, shear)
    return _apply_affine(img, matrix, _mode(interpolation), fill)


def rotate(img, angle, interpolation=InterpolationMode.NEAREST, expand=False, center=None,
           fill=None):
    """Rotate the image by ``angle`` degrees counter-clockwise about ``center``, keeping its
    size.

    Args:
        img (Tensor): a float image, ``(..., C, H, W)``.
        angle (float): the rotation, in degrees, counter-clockwise.
        interpolation (InterpolationMode or str): ``NEAREST`` (default) or ``BILINEAR``.
        expand (bool): only False (the default) is supported.
        center (sequence of int, optional): the centre ``(x, y)`` in pixels, origin at the
            top left (default None: the image centre).
        fill (number or sequence, optional): the value of pixels that come from outside
            the image, one for all channels or one per channel (default None: 0).

    Returns:
        Tensor: the rotated image.

    Raises:
        NotImplementedError: for ``expand=True``.
        ValueError: an unknown ``interpolation``.
        TypeError: ``img`` is not a float tensor.

    >>> rotate(tinytorch.arange(9.0).reshape(1, 3, 3), 90).tolist()
    [[[2.0, 5.0, 8.0], [1.0, 4.0, 7.0], [0.0, 3.0, 6.0]]]
    """
    if expand:
        raise NotImplementedError("rotate(expand=True) is not supported")
    matrix = get_inverse_affine_matrix(_centre(center, img), -angle, [0.0, 0.0], 1.0,
                                       [0.0, 0.0])
    return _apply_affine(img, matrix, _mode(interpolation), fill)
