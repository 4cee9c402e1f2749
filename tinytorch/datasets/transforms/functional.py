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
    """torchvision's interpolation names (the two these transforms support)."""

    NEAREST = "nearest"
    BILINEAR = "bilinear"


def _mode(interpolation):
    value = interpolation.value if isinstance(interpolation, InterpolationMode) else interpolation
    if value not in ("nearest", "bilinear"):
        raise ValueError(f"interpolation must be InterpolationMode.NEAREST or BILINEAR, got "
                         f"{interpolation!r}")
    return value


def hflip(img):
    """Mirror left-right (the last axis)."""
    return img.flip(-1)


def vflip(img):
    """Mirror top-bottom (the second-to-last axis)."""
    return img.flip(-2)


def crop(img, top, left, height, width):
    """``img[..., top:top + height, left:left + width]``."""
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
    """Pad the last two axes. ``padding``: int, (left/right, top/bottom) or (left, top, right,
    bottom); ``padding_mode``: 'constant' (with ``fill``), 'edge', 'reflect' or 'symmetric'.
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
    * C^-1 (angle and shear in degrees, clockwise in image coordinates)."""
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
    """Rotate by ``angle`` degrees (clockwise), translate by ``translate`` pixels (x, y), scale
    and shear (degrees; a number shears x only), about ``center`` (default: the image centre),
    keeping the size. Pixels from outside read ``fill`` (default 0)."""
    shear = [float(shear), 0.0] if isinstance(shear, (int, float)) else list(shear)
    shear = shear + [0.0] if len(shear) == 1 else shear
    if scale <= 0.0:
        raise ValueError("Argument scale should be positive")
    matrix = get_inverse_affine_matrix(_centre(center, img), angle,
                                       [float(t) for t in translate], scale, shear)
    return _apply_affine(img, matrix, _mode(interpolation), fill)


def rotate(img, angle, interpolation=InterpolationMode.NEAREST, expand=False, center=None,
           fill=None):
    """Rotate by ``angle`` degrees counter-clockwise about ``center`` (default: the centre).

    Raises:
        NotImplementedError: for ``expand=True``.
    """
    if expand:
        raise NotImplementedError("rotate(expand=True) is not supported")
    matrix = get_inverse_affine_matrix(_centre(center, img), -angle, [0.0, 0.0], 1.0,
                                       [0.0, 0.0])
    return _apply_affine(img, matrix, _mode(interpolation), fill)
