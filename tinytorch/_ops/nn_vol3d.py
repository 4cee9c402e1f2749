"""3-D convolution and pooling (NCDHW), composed from the 2-D ops.

NOTE [3-D by depth taps]
A 3-D window is a depth window of 2-D windows, so every 3-D op here is a few 2-D ops on
depth slices moved into the batch, and reuses their kernels (im2col + GEMM on the CPU, the
raw kernels on CUDA), their backward formulas and their double backward:
- conv3d is the sum over the kd depth taps i of conv2d(slices i·dd + sd·t - pd, w[:, :, i])
  for output depth t: one conv2d over N·D_out planes per tap.
- conv_transpose3d, its adjoint, is the sum over taps of conv_transpose2d(every input
  slice, w[:, :, i]), slice t placed at output depth sd·t + i·dd - pd.
- Pooling is separable: a 2-D pool over (H, W) of every depth slice, then one over depth.
  The average divides by the product of the two window sizes, as PyTorch's 3-D divisor does;
  max pooling keeps the first maximum in (d, h, w) order, as PyTorch, because the (H, W)
  pass (first maximum of each slice) runs before the depth pass (first maximal slice).
Depth pooling with a window runs as a (k, 1) 2-D pool over the (D, H_out·W_out) plane;
adaptive depth pooling as a pool over a (D, 1) plane, since an adaptive pool over the
(D, H_out·W_out) plane would average through an identity matrix as large as that plane.
"""

from tinytorch import _dtype
from tinytorch._geometry import conv_out_size
from tinytorch._ops import nn_conv
from tinytorch._ops import nn_misc
from tinytorch._ops import nn_pool
from tinytorch._ops.arithmetic import where
from tinytorch._ops._util import refuse_integral
from tinytorch._ops.indexing import gather
from tinytorch._ops.indexing import getitem
from tinytorch._ops.pointwise import clamp
from tinytorch._ops.shape import contiguous
from tinytorch._ops.shape import own
from tinytorch._ops.shape import permute
from tinytorch._ops.shape import reshape
from tinytorch.amp import autocast_mode as _autocast

_ALL = slice(None)


# --- convolution --------------------------------------------------------------------------------
def _tap(weight, i):
    """The (O, C/g, kh, kw) depth slice i of a 3-D kernel."""
    return getitem(weight, (_ALL, _ALL, i))


def _conv3d(x, weight, bias, stride, padding, dilation, groups):
    n, c, d, h, w = x.shape
    kd, (sd, pd, dd) = weight.shape[2], (stride[0], padding[0], dilation[0])
    out_d = conv_out_size(d, kd, sd, pd, dd)
    if pd:
        x = nn_misc.pad(x, (0, 0, 0, 0, pd, pd))
    xt = permute(x, (0, 2, 1, 3, 4))  # (N, D, C, H, W): depth slices next to the batch
    y = None
    for i in range(kd):
        start = i * dd
        xi = reshape(getitem(xt, (_ALL, slice(start, start + sd * (out_d - 1) + 1, sd))),
                     (n * out_d, c, h, w))
        yi = nn_conv.Conv2d.apply(xi, _tap(weight, i), bias if i == 0 else None, stride[1:],
                                  padding[1:], dilation[1:], groups)
        y = yi if y is None else y + yi
    # contiguous, as PyTorch's: scripts flatten the output with view(); its own (see own)
    return own(contiguous(permute(reshape(y, (n, out_d) + tuple(y.shape[1:])), (0, 2, 1, 3, 4))),
               "ConvolutionBackward0")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    input, unbatched = nn_conv.batched_input(input, 3, "conv3d")
    stride = nn_conv.ntuple(stride, 3, "stride")
    dilation = nn_conv.ntuple(dilation, 3, "dilation")
    input, padding = nn_conv.conv_padding(input, weight, bias, groups, stride, padding,
                                          dilation)
    y = _conv3d(input, weight, bias, stride, padding, dilation, groups)
    return reshape(y, tuple(y.shape[1:])) if unbatched else y


def _spread(y, stride, offset, length):
    """(N, D, ...) -> (N, length, ...): slice t at depth offset + stride·t, zeros elsewhere."""
    n, d = y.shape[:2]
    rest = (0, 0) * (y.ndim - 2)
    if stride > 1:  # interleave stride - 1 zero slices after each slice, drop the last ones
        y = nn_misc.pad(reshape(y, (n, d, 1) + tuple(y.shape[2:])), rest + (0, stride - 1))
        y = getitem(reshape(y, (n, d * stride) + tuple(y.shape[3:])),
                    (_ALL, slice(0, stride * (d - 1) + 1)))
    return nn_misc.pad(y, rest + (offset, length - offset - y.shape[1]))


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    input, unbatched = nn_conv.batched_input(input, 3, "conv_transpose3d")
    if isinstance(padding, str):
        raise TypeError("conv_transpose3d(): argument 'padding' must be tuple of ints, not str")
    stride, padding, dilation, out = nn_conv.transpose_sizes(
        input, weight, bias, groups, stride, padding, output_padding, dilation)
    n, c, d, h, w = input.shape
    o, sd, pd = weight.shape[1] * groups, stride[0], padding[0]
    xs = reshape(permute(input, (0, 2, 1, 3, 4)), (n * d, c, h, w))
    length = out[0] + 2 * pd  # the output before its depth padding is cut off
    y = None
    for i in range(weight.shape[2]):
        yi = nn_conv.ConvTranspose2d.apply(xs, _tap(weight, i), None, (n * d, o) + out[1:],
                                           stride[1:], padding[1:], dilation[1:], groups)
        yi = _spread(reshape(yi, (n, d, o) + out[1:]), sd, i * dilation[0], length)
        y = yi if y is None else y + yi
    y = own(contiguous(permute(getitem(y, (_ALL, slice(pd, pd + out[0]))), (0, 2, 1, 3, 4))),
            "ConvolutionBackward0")
    if bias is not None:
        y = y + reshape(bias, (1, -1, 1, 1, 1))
    return reshape(y, tuple(y.shape[1:])) if unbatched else y


# --- pooling ------------------------------------------------------------------------------------
def _volume(input, name):
    """(N, C, D, H, W) view of a (C, D, H, W) / (N, C, D, H, W) pooling input."""
    if input.ndim not in (4, 5):
        raise RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input")
    if 0 in input.shape[-4:]:  # PyTorch prints the empty dim's size (0), not its position
        raise RuntimeError(f"{name}: Expected input's non-batch dimensions to have positive "
                           f"length, but input has a shape of {list(input.shape)} and "
                           "non-batch dimension 0 has length zero!")
    return input if input.ndim == 5 else reshape(input, (1,) + tuple(input.shape))


def _triple(value, name, op, omitted=False):
    """A pooling argument as three ints, with PyTorch's message (worded per op) otherwise."""
    if isinstance(value, int):
        return (value,) * 3
    value = tuple(int(v) for v in value)
    if len(value) in (1, 3):
        return value * (3 // len(value))
    either = "either " if op == "max_pool3d" else ""
    must = f"must be {either}" if name == "dilation" else f"must {either}be "
    raise RuntimeError(f"{op}: {name} {must}{'omitted, ' if omitted else ''}a single int, or a "
                       "tuple of three ints")


def _pool3d_args(op, kernel_size, stride, padding, dilation):
    kernel = _triple(kernel_size, "kernel_size", op)
    stride = kernel if stride is None or stride == [] or stride == () else \
        _triple(stride, "stride", op, omitted=True)
    return kernel, stride, _triple(padding, "padding", op), _triple(dilation, "dilation", op)


def _slices(x):
    """(N, C, D, H, W) -> (N, C·D, H, W): every depth slice a plane of the 2-D ops."""
    n, c, d, h, w = x.shape
    return reshape(x, (n, c * d, h, w))


def _depth_plane(y, x):
    """The 2-D pass's (N, C·D, H', W') as (N, C, D, H'·W'): the plane of the depth pass."""
    return reshape(y, tuple(x.shape[:3]) + (y.shape[2] * y.shape[3],))


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    if _autocast.on and not return_indices and _autocast.active(input):  # (not with_indices)
        return _autocast.run("max_pool3d", max_pool3d,
                             input, kernel_size, stride, padding, dilation, ceil_mode,
                             return_indices)
    x = _volume(input, "max_pool3d_with_indices_out_cpu_template()")
    (kd, *k2), (sd, *s2), (pd, *p2), (dd, *d2) = args = _pool3d_args(
        "max_pool3d", kernel_size, stride, padding, dilation)
    nn_pool.check_pool(x, *args, ceil_mode)
    ceil_mode = bool(ceil_mode)
    y, index = nn_pool.MaxPool2d.apply(_slices(x), tuple(k2), tuple(s2), tuple(p2), tuple(d2),
                                       ceil_mode)
    ho, wo = y.shape[2:]
    y, depth = nn_pool.MaxPool2d.apply(_depth_plane(y, x), (kd, 1), (sd, 1), (pd, 0), (dd, 1),
                                       ceil_mode)
    shape = tuple(input.shape[:-3]) + (y.shape[2], ho, wo)
    y = own(reshape(y, shape), "MaxPool3DWithIndicesBackward0")  # PyTorch's own: see own
    if not return_indices:
        return y
    # depth = t·(ho·wo) + j indexes the (D, ho·wo) plane, as the flat position j of slice t
    n, c, d, h, w = x.shape
    depth = reshape(depth, (n, c, depth.shape[2] * depth.shape[3]))
    index = gather(reshape(index, (n, c, d * ho * wo)), 2, clamp(depth, min=0))
    # -1 of a window all in the padding, in either pass (see NOTE [Pooling by window offsets])
    index = where((depth < 0) | (index < 0), -1, (depth // (ho * wo)) * (h * w) + index)
    return y, own(reshape(index, shape))


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("avg_pool3d", avg_pool3d,
                             input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                             divisor_override)
    if not input.dtype.is_floating_point and input.dtype is not _dtype.bool_:
        return _integer_average(avg_pool3d(input.double(), kernel_size, stride, padding,
                                           ceil_mode, count_include_pad, divisor_override),
                                input.dtype)
    x = _volume(input, "avg_pool3d()")
    (kd, *k2), (sd, *s2), (pd, *p2), _ = args = _pool3d_args(
        "avg_pool3d", kernel_size, stride, padding, 1)
    nn_pool.check_pool(x, *args, ceil_mode, whole_kernel=True)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    ceil_mode, count_include_pad = bool(ceil_mode), bool(count_include_pad)
    # with divisor_override the (H, W) pass sums and the depth pass divides by it
    y = nn_pool.AvgPool2d.apply(_slices(x), tuple(k2), tuple(s2), tuple(p2), ceil_mode,
                                count_include_pad, None if divisor_override is None else 1)
    ho, wo = y.shape[2:]
    y = nn_pool.AvgPool2d.apply(_depth_plane(y, x), (kd, 1), (sd, 1), (pd, 0), ceil_mode,
                                count_include_pad, divisor_override)
    return own(reshape(y, tuple(input.shape[:-3]) + (y.shape[2], ho, wo)), "AvgPool3DBackward0")


def _integer_average(y, dtype):
    """PyTorch's integer average pooling, the window's sum divided and truncated, from the
    float64 average y (two passes: a few ulps off the quotient, which is either an integer or
    at least 1/divisor away from one)."""
    r = y.round()
    exact = (y - r).abs() <= 1e-9 * r.abs().clamp_min(1)
    return y.trunc().where(~exact, r).to(dtype)


def _adaptive3d(input, output_size, name):
    """(N, C, D, H, W) view of input and the output size, None entries filled in."""
    if input.ndim not in (4, 5):
        raise RuntimeError(f"{name}(): Expected 4D or 5D tensor, but got"
                           f"{':' if name == 'adaptive_max_pool3d' else ''} {list(input.shape)}")
    for dim in range(1, input.ndim):  # an unbatched input's channels may be empty
        if input.shape[dim] == 0:
            raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(input.shape)} with "
                               f"dimension {dim} being empty")
    size = (output_size,) * 3 if isinstance(output_size, int) else tuple(output_size)
    if len(size) == 1:
        size *= 3
    if len(size) != 3:
        raise RuntimeError("adaptive_avg_pool3d: output_size must be 3"
                           if name == "adaptive_avg_pool3d" else
                           "adaptive_max_pool3d(): internal error: output_size.size() must be 3")
    x = input if input.ndim == 5 else reshape(input, (1,) + tuple(input.shape))
    return x, tuple(x.shape[2 + i] if s is None else int(s) for i, s in enumerate(size))


def _depth_column(y, x):
    """The (H, W) pass's (N, C·D, H', W') as (N, C·H'·W', D, 1): depth as a plane's rows."""
    n, c, d = x.shape[:3]
    plane = y.shape[2] * y.shape[3]
    y = permute(reshape(y, (n, c, d, plane)), (0, 1, 3, 2))
    return reshape(y, (n, c * plane, d, 1))


def _from_column(y, x, out):
    """The depth pass's (N, C·H'·W', D', 1) as a contiguous (N, C, D', H', W')."""
    n, c = x.shape[:2]
    return contiguous(permute(reshape(y, (n, c) + out[1:] + out[:1]), (0, 1, 4, 2, 3)))


def adaptive_avg_pool3d(input, output_size):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("adaptive_avg_pool3d", adaptive_avg_pool3d, input, output_size)
    x, out = _adaptive3d(input, output_size, "adaptive_avg_pool3d")
    nn_pool.refuse_integral_average(x, out, "adaptive_avg_pool3d_cpu")
    y = nn_pool.AdaptiveAvgPool2d.apply(_slices(x), out[1:])
    y = nn_pool.AdaptiveAvgPool2d.apply(_depth_column(y, x), (out[0], 1))
    return own(reshape(_from_column(y, x, out), tuple(input.shape[:-3]) + out),
               "AdaptiveAvgPool3DBackward0")


def adaptive_max_pool3d(input, output_size, return_indices=False):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("adaptive_max_pool3d", adaptive_max_pool3d,
                             input, output_size, return_indices)
    x, out = _adaptive3d(input, output_size, "adaptive_max_pool3d")
    refuse_integral("adaptive_max_pool3d_cpu", input)
    y, index = nn_pool.AdaptiveMaxPool2d.apply(_slices(x), out[1:])
    y, depth = nn_pool.AdaptiveMaxPool2d.apply(_depth_column(y, x), (out[0], 1))
    shape = tuple(input.shape[:-3]) + out
    y = own(reshape(_from_column(y, x, out), shape), "AdaptiveMaxPool3DBackward0")
    if not return_indices:
        return y
    n, c, d, h, w = x.shape
    depth = _from_column(depth, x, out)  # the depth t of each maximum: its row in (D, 1)
    plane = out[1] * out[2]
    index = gather(reshape(index, (n, c, d, plane)), 2, reshape(depth, (n, c, out[0], plane)))
    return y, own(reshape(depth * (h * w) + reshape(index, depth.shape), shape))
