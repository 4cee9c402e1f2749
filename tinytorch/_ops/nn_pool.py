"""Pooling and upsampling ops (NCHW); 1-D variants are the H = 1 case."""

from tinytorch import _grad_mode
from tinytorch._geometry import dilated_size
from tinytorch._geometry import pool_out_size
from tinytorch._ops import nn_conv
from tinytorch._ops import reduction
from tinytorch._ops._op import Op
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops._util import refuse_integral
from tinytorch._ops.shape import own
from tinytorch._ops.shape import reshape as _reshape
from tinytorch._ops.shape import squeeze as _squeeze


class MaxPool2d(Op):
    """y = max over each window; indices = the first maximum's flat position in its plane.
    dL/dx = g scattered (added) to the indices."""

    node_name = "MaxPool2DWithIndicesBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation, ceil_mode):
        y, indices = ctx.backend.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode)
        ctx.x_shape = x.shape
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(indices, x)  # x as PyTorch keeps it: writing it in place raises
        return y, indices

    @staticmethod
    def backward(ctx, g, _g_indices):
        indices, _ = ctx.saved_tensors
        gx = None if g is None else ctx.backend.max_pool2d_backward(g, indices, ctx.x_shape)
        return gx, None, None, None, None, None


class AdaptiveMaxPool2d(Op):
    """y = max over adaptive windows.  dL/dx = g scattered to the indices."""

    node_name = "AdaptiveMaxPool2DBackward0"

    @staticmethod
    def forward(ctx, x, output_size):
        y, indices = ctx.backend.adaptive_max_pool2d(x, output_size)
        ctx.x_shape = x.shape
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(indices, x)  # x as PyTorch keeps it: writing it in place raises
        return y, indices

    @staticmethod
    def backward(ctx, g, _g_indices):
        indices, _ = ctx.saved_tensors
        gx = None if g is None else ctx.backend.max_pool2d_backward(g, indices, ctx.x_shape)
        return gx, None


class AvgPool2d(Op):
    """y = Σ window / divisor.  dL/dx = g / divisor added back over each window."""

    node_name = "AvgPool2DBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor):
        ctx.options = (kernel, stride, padding, ceil_mode, count_include_pad, divisor)
        ctx.x_shape = x.shape
        ctx.save_for_backward(x)  # unused, kept as by PyTorch: writing x in place raises
        return ctx.backend.avg_pool2d(x, *ctx.options)

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors  # the in-place check
        return (ctx.backend.avg_pool2d_backward(g, ctx.x_shape, *ctx.options),) + (None,) * 6


class AdaptiveAvgPool2d(Op):
    """y = A_h x A_wᵀ (averaging matrices).  dL/dx = A_hᵀ g A_w."""

    node_name = "AdaptiveAvgPool2DBackward0"

    @staticmethod
    def forward(ctx, x, output_size):
        ctx.x_shape = x.shape
        if tuple(output_size) != (1, 1):  # x unused; kept as by PyTorch (in-place check),
            ctx.save_for_backward(x)  # whose 1x1 case is a mean, which keeps nothing
        else:
            ctx.node_name = "MeanBackward1"
        return ctx.backend.adaptive_avg_pool2d(x, output_size)

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors  # the in-place check
        return ctx.backend.adaptive_avg_pool2d_backward(g, ctx.x_shape), None


class UpsampleNearest2d(Op):
    """y[h, w] = x[⌊h·H/h'⌋, ⌊w·W/w'⌋].  dL/dx = g summed into the source pixels."""

    node_name = "UpsampleNearest2DBackward0"

    @staticmethod
    def forward(ctx, x, out_hw):
        ctx.x_shape = x.shape
        return ctx.backend.upsample_nearest2d(x, out_hw)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.upsample_nearest2d_backward(g, ctx.x_shape), None


class UpsampleBilinear2d(Op):
    """y = A_h x A_wᵀ (linear interpolation matrices).  dL/dx = A_hᵀ g A_w."""

    node_name = "UpsampleBilinear2DBackward0"

    @staticmethod
    def forward(ctx, x, out_hw, align_corners):
        ctx.x_shape = x.shape
        ctx.align_corners = align_corners
        return ctx.backend.upsample_bilinear2d(x, out_hw, align_corners)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.upsample_bilinear2d_backward(g, ctx.x_shape, ctx.align_corners), \
            None, None


# --- functions behind tinytorch.nn.functional --------------------------------------------------
def _pool_input(input, dims, name):
    """(N, C, H, W) view of a (C, *) / (N, C, *) input with ``dims`` spatial dims."""
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"{name}: Expected {dims + 1}D or {dims + 2}D (batch mode) tensor "
                           f"for input, but got input of size: {list(input.shape)}")
    lead = (1,) * (dims + 2 - input.ndim)
    shape = lead + tuple(input.shape)
    if dims == 1:
        shape = shape[:2] + (1,) + shape[2:]
    return input if shape == tuple(input.shape) else _reshape(input, shape)


def _restore(y, input, dims, view=False, name=None):
    """Undo _pool_input on an output: a result of its own (its node ``name``d, see own), as
    PyTorch's kernels of 2-D (and unbatched) inputs write it, unless ``view``: PyTorch's 1-D
    pools that squeeze a 2-D pool's result."""
    shape = tuple(y.shape)
    if dims == 1:
        shape = shape[:2] + shape[3:]
    shape = shape[2 + dims - input.ndim:]
    # the op's own output when nothing changes, as PyTorch returns it: a reshape view would
    # be a second tensor over it, whose retain_grad an in-place write through a view of one
    # leaves behind on the old node (found by the random-program tester)
    if shape == tuple(y.shape):
        return y
    if view:  # PyTorch's squeezes of the H dim (and an unbatched input's batch dim)
        y = _squeeze(y, 2)
        return _squeeze(y, 0) if input.ndim == 2 else y
    return own(_reshape(y, shape), name)


def _pool_args(kernel_size, stride, padding, dilation, dims):
    kernel = nn_conv.ntuple(kernel_size, dims, "kernel_size")
    stride = kernel if stride is None or stride == [] or stride == () else \
        nn_conv.ntuple(stride, dims, "stride")
    args = (kernel, stride, nn_conv.ntuple(padding, dims, "padding"),
            nn_conv.ntuple(dilation, dims, "dilation"))
    if dims == 1:
        args = tuple((lead,) + a for lead, a in zip((1, 1, 0, 1), args))
    return args


def check_pool(x, kernel, stride, padding, dilation, ceil_mode, whole_kernel=False):
    """PyTorch's checks of a 2-D or 3-D pooling of the (N, C, *spatial) input x (a 1-D one
    runs as 2-D), in its order: its output-size helper's per dim, then its shape check's
    (``whole_kernel``: avg_pool3d's input at least as large as the kernel, padding aside)."""
    for k, s, p, d in zip(kernel, stride, padding, dilation):
        if s == 0:
            raise RuntimeError("stride should not be zero")
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > int(((k - 1) * d + 1) / 2):  # C++'s division, truncating toward zero
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    axes = "THW"[-len(kernel):]
    for what, short, values in (("kernel size", "k", kernel), ("stride", "d", stride),
                                ("dilation", "dilation", dilation)):
        if min(values) <= 0:
            raise RuntimeError(f"{what} should be greater than zero, but got " + " ".join(
                f"{short}{a}: {v}" for a, v in zip(axes, values)))
    if whole_kernel and any(n < k for n, k in zip(x.shape[2:], kernel)):
        sizes = " ".join(f"{a}: {n}" for a, n in zip(axes, x.shape[2:]))
        kernels = " ".join(f"k{a}: {k}" for a, k in zip(axes, kernel))
        raise RuntimeError(f"input image ({sizes}) smaller than kernel size ({kernels})")
    if any(p > k // 2 for k, p in zip(kernel, padding)):
        named = dict(zip(axes, zip(kernel, padding)))
        got = (f"padW = {padding[1]}, padH = {padding[0]}, kW = {kernel[1]}, kH = {kernel[0]}"
               if len(kernel) == 2 else " ".join(
                   [f"k{a}: {named[a][0]}" for a in "TWH"] + [f"pad{a}: {named[a][1]}"
                                                             for a in "TWH"]))
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but "
                           f"got {got}")
    out = [pool_out_size(n, k, s, p, d, ceil_mode) for n, k, s, p, d in
           zip(x.shape[2:], kernel, stride, padding, dilation)]
    if min(out) <= 0:
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, x.shape[1:]))}). Calculated "
                           f"output size: ({'x'.join(map(str, [x.shape[1]] + out))}). Output "
                           "size is too small")


def _check_max_pool1d(x, kernel, stride, padding, dilation, ceil_mode):
    """PyTorch's own checks of max_pool1d without indices (with them it runs as max_pool2d),
    in its order; the numbers are the last dim's."""
    for bad, message in ((kernel <= 0, f"kernel_size must be greater than zero, but got {kernel}"),
                         (stride <= 0, f"stride must be greater than zero, but got {stride}"),
                         (padding < 0, f"padding must be non-negative, but got {padding}"),
                         (padding > kernel // 2, f"padding should be at most half of kernel "
                                                 f"size, but got padding={padding} and "
                                                 f"kernel_size={kernel}"),
                         (dilation <= 0, f"dilation must be greater than zero, but got "
                                         f"{dilation}")):
        if bad:
            raise RuntimeError(f"max_pool1d() {message}")
    out = pool_out_size(x.shape[-1], kernel, stride, padding, dilation, ceil_mode)
    if out <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {out}")
    if not x.dtype.is_floating_point:  # its own kernel has no integer or bool version
        not_implemented_for("max_pool1d_impl", x)


def max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, dims):
    x = _pool_input(input, dims, f"max_pool{dims}d")
    args = _pool_args(kernel_size, stride, padding, dilation, dims)
    if dims == 1 and not return_indices:
        _check_max_pool1d(x, *(a[1] for a in args), ceil_mode)
    check_pool(x, *args, ceil_mode)
    y, indices = MaxPool2d.apply(x, *args, bool(ceil_mode))
    # PyTorch's max_pool1d has a kernel of its own only for values it records no graph of
    view = dims == 1 and (return_indices or input.requires_grad and _grad_mode.is_grad_enabled())
    y = _restore(y, input, dims, view)
    return (y, _restore(indices, input, dims, view)) if return_indices else y


def avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
             divisor_override, dims):
    x = _pool_input(input, dims, f"avg_pool{dims}d")
    kernel, stride, padding, _ = _pool_args(kernel_size, stride, padding, 1, dims)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    check_pool(x, kernel, stride, padding, (1, 1), ceil_mode)
    y = AvgPool2d.apply(x, kernel, stride, padding, bool(ceil_mode), bool(count_include_pad),
                        divisor_override)
    return _restore(y, input, dims, view=dims == 1)


def _adaptive_size(x, output_size):
    size = (output_size,) * 2 if isinstance(output_size, int) else tuple(output_size)
    size = size * 2 if len(size) == 1 else size
    return tuple(x.shape[2 + i] if s is None else int(s) for i, s in enumerate(size))


def refuse_integral_average(x, size, kernel):
    """PyTorch's error for an integer input of an adaptive average pool: to an output of ones
    it takes a mean (mean()'s RuntimeError), else its kernel's NotImplementedError."""
    if not x.dtype.is_floating_point:
        if all(s == 1 for s in size):
            reduction.mean(x)
        not_implemented_for(kernel, x)


def adaptive_avg_pool2d(input, output_size):
    x = _pool_input(input, 2, "adaptive_avg_pool2d")
    size = _adaptive_size(x, output_size)
    refuse_integral_average(x, size, "adaptive_avg_pool2d")
    return _restore(AdaptiveAvgPool2d.apply(x, size), input, 2)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    x = _pool_input(input, 2, "adaptive_max_pool2d")
    refuse_integral("adaptive_max_pool2d", input)
    y, indices = AdaptiveMaxPool2d.apply(x, _adaptive_size(x, output_size))
    y = _restore(y, input, 2)
    return (y, _restore(indices, input, 2)) if return_indices else y


def fused_upsample(x, input, out, mode, dims, align_corners):
    """Nearest or bilinear upsampling of the (N, C, H, W) view ``x`` of
    ``input`` to ``out`` with the ratio in/out (see ``nn_resample.interpolate``)."""
    if mode == "nearest":
        return _restore(UpsampleNearest2d.apply(x, out), input, dims,
                        name=f"UpsampleNearest{dims}DBackward0")
    return UpsampleBilinear2d.apply(x, out, align_corners)
