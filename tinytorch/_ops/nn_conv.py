"""Convolution ops: 2-D convolution and its transpose (their 1-D forms are the H = 1 case), on
the backend's ``conv2d`` / ``conv2d_backward_input`` / ``conv2d_backward_weight`` kernels."""

from tinytorch import _dtype
from tinytorch._geometry import conv_transpose_out_size
from tinytorch._geometry import dilated_size
from tinytorch._ops import nn_misc
from tinytorch._ops._op import Op
from tinytorch._ops.shape import own
from tinytorch._ops.shape import reshape as _reshape


def _add_bias(be, y, bias):
    if bias is None:
        return y
    return be.add_(y, be.reshape(bias, (1, -1, 1, 1)))


class Conv2d(Op):
    """y = x ⋆ w + b (cross-correlation).
    dL/dx = conv2d_backward_input(g, w),  dL/dw = conv2d_backward_weight(g, x),
    dL/db = Σ_{n,h,w} g."""

    node_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups):
        ctx.options = (stride, padding, dilation, groups)
        ctx.save_for_backward(x, weight)
        return _add_bias(ctx.backend, ctx.backend.conv2d(x, weight, *ctx.options), bias)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = be.conv2d_backward_input(g, weight, x.shape, *ctx.options) if need_x else None
        gw = be.conv2d_backward_weight(g, x, weight.shape, *ctx.options) if need_w else None
        gb = be.sum(g, (0, 2, 3)) if need_b else None
        return gx, gw, gb, None, None, None, None


class ConvTranspose2d(Op):
    """y = conv2d_backward_input(x, w) + b: the adjoint of conv2d with the same options.
    dL/dx = conv2d(g, w),  dL/dw = conv2d_backward_weight(x, g),  dL/db = Σ_{n,h,w} g."""

    node_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, out_shape, stride, padding, dilation, groups):
        ctx.options = (stride, padding, dilation, groups)
        ctx.save_for_backward(x, weight)
        y = ctx.backend.conv2d_backward_input(x, weight, out_shape, *ctx.options)
        return _add_bias(ctx.backend, y, bias)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = None
        if need_x:
            # output_padding rows/cols that no input reaches make conv2d(g) larger than x
            gx = be.conv2d(g, weight, *ctx.options)
            if gx.shape != x.shape:
                gx = be.getitem(gx, (slice(None), slice(None), slice(0, x.shape[2]),
                                     slice(0, x.shape[3])))
        gw = be.conv2d_backward_weight(x, g, weight.shape, *ctx.options) if need_w else None
        gb = be.sum(g, (0, 2, 3)) if need_b else None
        return gx, gw, gb, None, None, None, None, None


# --- functions behind tinytorch.nn.functional --------------------------------------------------
def ntuple(value, n, name):
    """An int or a length-n sequence of ints -> a tuple of n ints."""
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} "
                           f"values to match the convolution dimensions, but got {name}="
                           f"{list(value)}")
    return value


def batched_input(input, dims, name):
    """input with a batch dim (unbatched inputs get one) and whether it was added."""
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to "
                           f"{name}, but got input of size: {list(input.shape)}")
    if input.ndim == dims + 1:
        return _reshape(input, (1,) + tuple(input.shape)), True
    return input, False


def check_conv_numbers(stride, padding, dilation, output_padding=None):
    """PyTorch's first checks of a convolution, before its weight's, in its order (a dilation
    of 0 passes here and fails later, with another message)."""
    for bad, message in ((min(padding) < 0, "negative padding is not supported"),
                         (output_padding is not None and min(output_padding) < 0,
                          "negative output_padding is not supported"),
                         (min(stride) <= 0, "non-positive stride is not supported"),
                         (min(dilation) < 0, "dilation should be greater than zero")):
        if bad:
            raise RuntimeError(message)


def check_conv(input, weight, bias, groups, transposed):
    """PyTorch's checks of the weight against groups and the input's channels, then of the
    dtypes, in its order (its 'divisible' message prints the weight's size in double
    brackets): a bias of another dtype is refused, but for a transposed convolution, which
    adds it in place (refused only where it cannot be cast)."""
    c, wc = input.shape[1], weight.shape[0 if transposed else 1] * (1 if transposed else groups)
    if weight.ndim != input.ndim:
        raise RuntimeError(f"weight of size {list(weight.shape)} should have {input.ndim} dims "
                           f"for an input of size {list(input.shape)}")
    if weight.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at "
                           f"dimension 0, but got weight of size {list(weight.shape)} instead")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{list(weight.shape)}] "
                           "instead")
    if c != wc:
        raise RuntimeError(f"Given {'transposed=1' if transposed else f'groups={groups}'}, "
                           f"weight of size {list(weight.shape)}, expected input"
                           f"{list(input.shape)} to have {wc} channels, but got {c} channels "
                           "instead")
    names = _dtype.SCALAR_TYPE_NAMES
    if bias is not None and bias.dtype is not input.dtype:
        if not transposed:
            raise RuntimeError(f"Input type ({_dtype.C_TYPE_NAMES[input.dtype]}) and bias type "
                               f"({_dtype.C_TYPE_NAMES[bias.dtype]}) should be the same")
        if bias.dtype.is_floating_point and not input.dtype.is_floating_point:
            raise RuntimeError(f"result type {names[bias.dtype]} can't be cast to the desired "
                               f"output type {names[input.dtype]}")
    if input.dtype is not weight.dtype:
        raise RuntimeError(f"expected scalar type {names[input.dtype]} but found "
                           f"{names[weight.dtype]}")


def _by(sizes):
    return " x ".join(str(n) for n in sizes)


def _same_padding(input, kernel, stride, dilation):
    """PyTorch's padding='same': symmetric pairs, plus one extra on the right when odd."""
    if any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    total = [d * (k - 1) for d, k in zip(dilation, kernel)]
    if any(t % 2 for t in total):
        input = nn_misc.pad(input, [w for t in reversed(total) for w in (0, t % 2)],
                            "constant", 0.0)
    return input, tuple(t // 2 for t in total)


def conv_padding(input, weight, bias, groups, stride, padding, dilation):
    """(input, padding): 'same'/'valid' resolved (odd 'same' totals padded into input), and
    PyTorch's checks in its order, down to the padded input holding the dilated kernel, for
    len(stride) spatial dims, with the user's shapes in the messages."""
    dims = len(stride)
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        input, padding = (_same_padding(input, weight.shape[2:], stride, dilation)
                          if padding == "same" else (input, (0,) * dims))
    padding = ntuple(padding, dims, "padding")
    check_conv_numbers(stride, padding, dilation)
    check_conv(input, weight, bias, groups, False)
    if min(dilation) == 0:  # a 1-D one's as the 2-D one PyTorch runs
        raise RuntimeError("dilation should be greater than zero, but got "
                           f"{[1] * (dims == 1) + list(dilation)}")
    size = [n + 2 * p for n, p in zip(input.shape[2:], padding)]
    eff = [dilated_size(k, d) for d, k in zip(dilation, weight.shape[2:])]
    if any(s < e for s, e in zip(size, eff)):
        raise RuntimeError(f"Calculated padded input size per channel: ({_by(size)}). Kernel "
                           f"size: ({_by(eff)}). Kernel size can't be greater than actual input "
                           "size")
    return input, padding


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    input, unbatched = batched_input(input, 2, "conv2d")
    stride, dilation = ntuple(stride, 2, "stride"), ntuple(dilation, 2, "dilation")
    input, padding = conv_padding(input, weight, bias, groups, stride, padding, dilation)
    y = Conv2d.apply(input, weight, bias, stride, padding, dilation, groups)
    return _reshape(y, tuple(y.shape[1:])) if unbatched else y


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    input, unbatched = batched_input(input, 1, "conv1d")
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    stride, dilation = ntuple(stride, 1, "stride"), ntuple(dilation, 1, "dilation")
    # checked on the user's 3-D shapes, then run as the 2-D convolution of height 1
    input, padding = conv_padding(input, weight, bias, groups, stride, padding, dilation)
    x = _reshape(input, (input.shape[0], input.shape[1], 1, input.shape[2]))
    w = _reshape(weight, (weight.shape[0], weight.shape[1], 1, weight.shape[2]))
    y = Conv2d.apply(x, w, bias, (1,) + stride, (0,) + padding, (1,) + dilation, groups)
    y = own(_reshape(y, (y.shape[0], y.shape[1], y.shape[3])))  # PyTorch's own: see own
    return _reshape(y, tuple(y.shape[1:])) if unbatched else y


def transpose_sizes(input, weight, bias, groups, stride, padding, output_padding, dilation):
    """(stride, padding, dilation, output spatial sizes) of a transposed convolution with
    len(input.shape) - 2 spatial dims, checked as PyTorch checks them, in its order (its
    messages show a 1-D one as the 2-D one it runs: a leading stride and dilation of 1 and
    output padding of 0)."""
    dims = input.ndim - 2
    stride, padding = ntuple(stride, dims, "stride"), ntuple(padding, dims, "padding")
    dilation = ntuple(dilation, dims, "dilation")
    out_pad = ntuple(output_padding, dims, "output_padding")
    check_conv_numbers(stride, padding, dilation, out_pad)
    check_conv(input, weight, bias, groups, True)
    names = ("depth", "height", "width")[-max(dims, 2):]

    def named(what, values, lead):  # a 1-D one's as the 2-D one it runs
        values = ((lead,) if dims == 1 else ()) + values
        return [f"{what}_{name}: {v}" for name, v in zip(names, values)]
    if min(dilation) == 0:
        raise RuntimeError("dilation should be greater than zero, but got "
                           + ", ".join(named("dilation", dilation, 1)))
    if any(op >= s and op >= d for op, s, d in zip(out_pad, stride, dilation)):
        raise RuntimeError("output padding must be smaller than either stride or dilation, but "
                           "got " + " ".join(named("output_padding", out_pad, 0)
                                             + named("stride", stride, 1)
                                             + named("dilation", dilation, 1)))
    out = tuple(conv_transpose_out_size(n, k, s, p, d, op) for n, k, s, p, d, op in
                zip(input.shape[2:], weight.shape[2:], stride, padding, dilation, out_pad))
    if min(out) < 1:
        lead = (1,) if dims == 1 else ()
        raise RuntimeError(f"Given input size per channel: ({_by(lead + input.shape[2:])}). "
                           f"Calculated output size per channel: ({_by(lead + out)}). Output "
                           "size is too small")
    return stride, padding, dilation, out


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    input, unbatched = batched_input(input, 2, "conv_transpose2d")
    stride, padding, dilation, out_hw = transpose_sizes(input, weight, bias, groups, stride,
                                                        padding, output_padding, dilation)
    out_shape = (input.shape[0], weight.shape[1] * groups) + out_hw
    y = ConvTranspose2d.apply(input, weight, bias, out_shape, stride, padding, dilation, groups)
    return _reshape(y, tuple(y.shape[1:])) if unbatched else y


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    input, unbatched = batched_input(input, 1, "conv_transpose1d")
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if isinstance(padding, str):
        raise TypeError("conv_transpose1d(): argument 'padding' must be tuple of ints, not str")
    transpose_sizes(input, weight, bias, groups, stride, padding, output_padding, dilation)
    x = _reshape(input, (input.shape[0], input.shape[1], 1, input.shape[2]))
    w = _reshape(weight, (weight.shape[0], weight.shape[1], 1, weight.shape[2]))
    y = conv_transpose2d(x, w, bias, (1,) + ntuple(stride, 1, "stride"),
                         (0,) + ntuple(padding, 1, "padding"),
                         (0,) + ntuple(output_padding, 1, "output_padding"), groups,
                         (1,) + ntuple(dilation, 1, "dilation"))
    y = own(_reshape(y, (y.shape[0], y.shape[1], y.shape[3])))  # PyTorch's own: see own
    return _reshape(y, tuple(y.shape[1:])) if unbatched else y
