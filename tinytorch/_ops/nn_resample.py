"""F.interpolate: every mode is separable, the taps of one spatial dim after another (backend
``interpolate``, PyTorch's source-index rules), so the gradient is the adjoint (the taps
transposed, ``interpolate_backward``). Nearest (3-D, 4-D) and bilinear at PyTorch's in/out
ratio keep their fused kernels; 'area' takes the adaptive average pool's windows, as PyTorch's
(in 1-D that pool itself, for PyTorch's node name)."""

import math

from tinytorch import _dtype
from tinytorch._ops import nn_adaptive1d
from tinytorch._ops import nn_pool
from tinytorch._ops import pointwise
from tinytorch._ops._op import Op
from tinytorch._ops._util import not_implemented_for

_MODE_DIMS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3, "lanczos": 2}
_MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact",
          "lanczos")


def _node_name(kind, dims):
    """PyTorch's node for kernel mode ``kind`` over ``dims`` spatial dims."""
    if kind == "area":  # PyTorch's area is the adaptive average pool
        return f"AdaptiveAvgPool{dims}DBackward0"
    word = {"nearest": "Nearest", "nearest-exact": "NearestExact", "cubic": "Bicubic",
            "lanczos": "Lanczos",
            "linear": ("Linear", "Bilinear", "Trilinear")[dims - 1]}[kind.removesuffix("-aa")]
    return f"Upsample{word}{dims}D{'Aa' if kind.endswith('-aa') else ''}Backward0"


_NODE_NAMES = {(k, d): _node_name(k, d) for k in ("nearest", "nearest-exact", "linear", "cubic",
                                                  "area", "linear-aa", "cubic-aa", "lanczos-aa")
               for d in (1, 2, 3)}


class Interpolate(Op):
    """y = x resampled along each spatial dim in turn by its taps (backend ``interpolate``;
    ``kind``: its mode, ``scales``: PyTorch's in/out coordinate ratios).  dL/dx = the taps
    transposed, applied to g (``interpolate_backward``)."""

    @staticmethod
    def forward(ctx, x, outs, kind, align_corners, scales):
        ctx.node_name = _NODE_NAMES[kind, len(outs)]
        ctx.options = (tuple(x.shape[2:]), kind, align_corners, scales)
        return ctx.backend.interpolate(x, outs, kind, align_corners, scales)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.interpolate_backward(g, *ctx.options), None, None, None, None


def _check(input, mode, align_corners, antialias):
    """PyTorch's argument errors, in its order."""
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating "
                             "modes: linear | bilinear | bicubic | trilinear")
    if antialias and (mode not in ("bilinear", "bicubic", "lanczos") or input.ndim != 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos "
                         "modes and requires a 4-D tensor as input")
    dims = input.ndim - 2
    if mode == "lanczos" and dims == 2:
        if align_corners:
            raise ValueError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ValueError("Lanczos mode requires antialias=True")
    if mode in _MODES and dims in (1, 2, 3) and _MODE_DIMS.get(mode, dims) == dims:
        return
    if mode in _MODE_DIMS and mode not in ("bicubic", "lanczos") and dims in (1, 2, 3):
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs "
                                  f"{_MODE_DIMS[mode] + 2}D input")
    raise NotImplementedError(
        f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for the "
        f"modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
        f"nearest-exact (got {mode})")


def _refuse_integral(input, mode, antialias, out):
    """PyTorch's error for an integer or bool input where its kernels have none (uint8 has
    nearest and the 2-D bilinear and bicubic ones); 'area' is an adaptive average pool."""
    dims = input.ndim - 2
    if antialias:
        not_implemented_for("compute_index_ranges_weights", input)
    if mode == "area":
        nn_pool.refuse_integral_average(input, out, "adaptive_avg_pool3d_cpu" if dims == 3
                                        else "adaptive_avg_pool2d")
    if input.dtype is _dtype.uint8 and mode in ("nearest", "nearest-exact", "bilinear",
                                                "bicubic"):
        return
    if dims == 2 and mode != "bicubic":
        kernel = f"upsample_{'bilinear' if mode == 'bilinear' else 'nearest'}2d_channels_last"
    else:
        kernel = "compute_indices_weights_" + {"linear": "linear", "trilinear": "linear",
                                               "bicubic": "cubic"}.get(mode, "nearest")
    not_implemented_for(kernel, input)


def _sizes(input, size, scale_factor, recompute_scale_factor, mode):
    """(output sizes, input/output ratios or None per dim), as PyTorch derives them."""
    dims, spatial = input.ndim - 2, list(input.shape[2:])
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if size is not None:
        if recompute_scale_factor:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
        if isinstance(size, (list, tuple)) and len(size) != dims:
            raise ValueError(
                f"Input and output must have the same number of spatial dimensions, but got "
                f"input with spatial dimensions of {spatial} and output size of {size}. Please "
                f"provide input tensor in (N, C, d1, d2, ...,dK) format and output size in "
                f"(o1, o2, ...,oK) format.")
        out = tuple(size) if isinstance(size, (list, tuple)) else (size,) * dims
        return _positive(spatial, tuple(int(s) for s in out), mode), (None,) * dims
    if isinstance(scale_factor, (list, tuple)) and len(scale_factor) != dims:
        raise ValueError(
            f"Input and scale_factor must have the same number of spatial dimensions, but got "
            f"input with spatial dimensions of {spatial} and scale_factor of shape "
            f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
            f"scale_factor in (s1, s2, ...,sK) format.")
    factors = tuple(scale_factor) if isinstance(scale_factor, (list, tuple)) else \
        (scale_factor,) * dims
    out = _positive(spatial, tuple(math.floor(float(n) * f) for n, f in zip(spatial, factors)),
                    mode)
    if recompute_scale_factor or mode == "area":
        return out, (None,) * dims
    return out, tuple(1.0 / f for f in factors)


def _positive(spatial, out, mode):
    """``out``, after PyTorch's check that no size is 0 (a scale factor that rounds a size
    down to 0 gave an empty result or a ZeroDivisionError here); 'area' is an adaptive
    average pool, which allows it."""
    if mode != "area" and (min(spatial) <= 0 or min(out) <= 0):
        names = ("D", "H", "W")[-len(out):]
        shown = [", ".join(f"{k}: {v}" for k, v in zip(names, sizes)) for sizes in (spatial, out)]
        joint = " and " if len(out) == 1 else " "
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input "
                           f"({shown[0]}){joint}output ({shown[1]})")
    return out


def _ratio(n, o):
    return n / o if o else 0.0


def _fused(input, out, ratios, mode, align_corners):
    """The fused nearest/bilinear kernels, where they compute PyTorch's values (their ratio is
    in/out), else None."""
    if mode not in ("nearest", "bilinear") or input.ndim == 5:
        return None
    if not align_corners and any(r is not None and r != _ratio(n, o) for r, n, o in
                                 zip(ratios, input.shape[2:], out)):
        return None
    dims = input.ndim - 2
    x = nn_pool._pool_input(input, dims, "interpolate")
    out = (1,) + out if dims == 1 else out
    return nn_pool.fused_upsample(x, input, out, mode, dims, align_corners)


def _uint8_image(input, size, scale_factor, mode, align_corners, recompute_scale_factor):
    """PyTorch's uint8 bilinear/bicubic kernels: along the width, then the height, each pass
    rounded half up and saturated to 0..255 (its fixed-point weights may round a value the
    other way: ±1 on ~1 % of them)."""
    def to_byte(y):
        return pointwise.clamp(pointwise.floor(y + 0.5), 0, 255)
    x, (ho, wo) = input.float(), _sizes(input, size, scale_factor, recompute_scale_factor,
                                        mode)[0]
    if size is None and not recompute_scale_factor:  # the scales map the coordinates
        sh, sw = (scale_factor,) * 2 if isinstance(scale_factor, (int, float)) else scale_factor
        x = interpolate(x, None, (1.0, sw), mode, align_corners)
        y = interpolate(to_byte(x), None, (sh, 1.0), mode, align_corners)
    else:
        x = interpolate(x, (x.shape[2], wo), None, mode, align_corners)
        y = interpolate(to_byte(x), (ho, wo), None, mode, align_corners)
    return to_byte(y).to(_dtype.uint8)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    _check(input, mode, align_corners, antialias)
    if antialias and input.dtype is _dtype.uint8:
        raise NotImplementedError("interpolate: antialias=True of a uint8 image is not "
                                  "supported (convert it to float first)")
    if not input.dtype.is_floating_point:
        _refuse_integral(input, mode, antialias, _sizes(input, size, scale_factor,
                                                        recompute_scale_factor, mode)[0])
    if input.dtype is _dtype.uint8 and mode in ("bilinear", "bicubic"):
        return _uint8_image(input, size, scale_factor, mode, align_corners,
                            recompute_scale_factor)
    align_corners = bool(align_corners)
    out, ratios = _sizes(input, size, scale_factor, recompute_scale_factor, mode)
    y = None if antialias else _fused(input, out, ratios, mode, align_corners)
    if y is not None:
        return y
    if mode == "area" and input.ndim == 3:  # PyTorch's (1, L) adaptive pool, then a squeeze
        return nn_adaptive1d.adaptive_avg_pool1d(input, out)
    kind = {"bilinear": "linear", "trilinear": "linear", "bicubic": "cubic"}.get(mode, mode)
    # lanczos: antialias=True, as _check made sure
    kind = kind + "-aa" if antialias else kind
    scales = []
    for n, o, ratio in zip(input.shape[2:], out, ratios):
        if mode == "nearest" and input.ndim == 4 and o in (n, 2 * n):
            ratio = None  # PyTorch's 2-D shortcuts, whatever the scale: identity, src = dst >> 1
        scales.append(_ratio(n, o) if ratio is None else ratio)
    return Interpolate.apply(input, out, kind, align_corners, tuple(scales))
