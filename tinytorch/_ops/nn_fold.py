"""Sliding blocks: unfold (im2col) and fold (col2im), each the other's adjoint, on the
backend's ``unfold2d`` / ``fold2d`` kernels. The checks and messages are PyTorch's
(``im2col_shape_check`` / ``col2im_shape_check``), in its order."""

from tinytorch import _dtype
from tinytorch._geometry import conv_out_size
from tinytorch._ops._op import Op
from tinytorch._ops.shape import own
from tinytorch._ops.shape import reshape as _reshape


class Unfold(Op):
    """y[n, (c, i, j), l] = x_pad[n, c, block l's row + i d, its column + j d].
    dL/dx = fold(g): each block's gradient added back where it was read."""

    node_name = "Im2ColBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation):
        ctx.options = (kernel, stride, padding, dilation)
        ctx.x_hw = tuple(x.shape[2:])
        return ctx.backend.unfold2d(x, *ctx.options)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.fold2d(g, ctx.x_hw, *ctx.options), None, None, None, None


class Fold(Op):
    """y = Σ over blocks of x's columns placed where unfold reads them (overlaps add up).
    dL/dx = unfold(g)."""

    node_name = "Col2ImBackward0"

    @staticmethod
    def forward(ctx, x, out_hw, kernel, stride, padding, dilation):
        ctx.options = (kernel, stride, padding, dilation)
        return ctx.backend.fold2d(x, out_hw, *ctx.options)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.unfold2d(g, *ctx.options), None, None, None, None, None


# --- functions behind tinytorch.nn.functional --------------------------------------------------
def _pair(value, name, op, position):
    """PyTorch's _pair, then its argument parser: a pair of ints."""
    if not isinstance(value, (list, tuple)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{op}(): argument '{name}' (position {position}) must be tuple of "
                            f"ints, but found element of type {type(value).__name__} at pos 0")
        value = (value, value)
    for i, v in enumerate(value):
        if not isinstance(v, int):
            raise TypeError(f"{op}(): argument '{name}' failed to unpack the object at pos "
                            f"{i + 1} with error \"type must be tuple of ints,but got "
                            f"{type(v).__name__}\"")
    if len(value) != 2:
        raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(value)}")
    return tuple(int(v) for v in value)


def _pairs(op, first, **args):
    """Each keyword argument as a pair, positions counted from ``first``."""
    return [_pair(v, k, op, first + i) for i, (k, v) in enumerate(args.items())]


def _positive(name, label, pair):
    if pair[0] <= 0 or pair[1] <= 0:
        raise RuntimeError(f"{name} should be greater than zero, but got {label}_height: "
                           f"{pair[0]} {label}_width: {pair[1]}")


def _non_negative(padding):
    if padding[0] < 0 or padding[1] < 0:
        raise RuntimeError(f"padding should be non-negative, but got pad_height: {padding[0]} "
                           f"pad_width: {padding[1]}")


def _size(input, dim):
    """input.size(dim), with PyTorch's IndexError on a 0-d input too."""
    if input.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return input.size(dim)


def _check_dtype(input, kernel_name):
    if not (input.dtype.is_floating_point or input.dtype is _dtype.bool_):
        raise NotImplementedError(f'"{kernel_name}_out_cpu" not implemented for '
                                  f"'{_dtype.SCALAR_TYPE_NAMES[input.dtype]}'")


def _sizes(kernel, dilation, padding, stride=None):
    """PyTorch's "kernel_size=(.., ..), dilation=..." part of its block-count messages."""
    parts = [("kernel_size", kernel), ("dilation", dilation), ("padding", padding)]
    parts += [("stride", stride)] if stride is not None else []
    return ", ".join(f"{k}=({v[0]}, {v[1]})" for k, v in parts)


def _blocks(size, kernel, stride, padding, dilation):
    return [conv_out_size(*a) for a in zip(size, kernel, stride, padding, dilation)]


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts sliding local blocks: (N, C, H, W) -> (N, C * kh * kw, L), each column one
    block with its values in (channel, kernel row, kernel column) order.

    Args:
        input (Tensor): (N, C, H, W), or (C, H, W) unbatched.
        kernel_size (int or tuple): the block's size.
        dilation (int or tuple): spacing between a block's elements. Default: 1.
        padding (int or tuple): implicit zeros on both sides of H and W. Default: 0.
        stride (int or tuple): step between blocks. Default: 1.

    Returns:
        Tensor: (N, C * kh * kw, L) (or (C * kh * kw, L)), L the number of blocks.

    Raises:
        RuntimeError: bad sizes or options, with PyTorch's messages.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.unfold(tinytorch.arange(9.0).reshape(1, 1, 3, 3), 2)
    tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
    """
    kernel, dilation, padding, stride = _pairs("im2col", 2, kernel_size=kernel_size,
                                               dilation=dilation, padding=padding,
                                               stride=stride)
    _positive("kernel size", "kernel", kernel)
    _positive("dilation", "dilation", dilation)
    _non_negative(padding)
    _positive("stride", "stride", stride)
    nonzero = _size(input, 1) != 0 and _size(input, 2) != 0
    if not ((input.ndim == 3 and input.shape[0] and nonzero)
            or (input.ndim == 4 and nonzero and input.shape[3])):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size "
                           f"and other non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    size = tuple(input.shape[-2:])
    blocks = _blocks(size, kernel, stride, padding, dilation)
    if min(blocks) < 1:
        raise RuntimeError(f"Given input with spatial size ({size[0]}, {size[1]}), "
                           f"{_sizes(kernel, dilation, padding)}, calculated shape of the array "
                           f"of sliding blocks as ({blocks[0]}, {blocks[1]}), but its "
                           "components must be at least one.")
    _check_dtype(input, "im2col")
    x = input if input.ndim == 4 else _reshape(input, (1,) + tuple(input.shape))
    y = Unfold.apply(x, kernel, stride, padding, dilation)
    return y if input.ndim == 4 else own(_reshape(y, tuple(y.shape[1:])))  # PyTorch's own


def _check_fold(input, out_hw, kernel, dilation, padding, stride):
    nonzero = input.ndim in (2, 3) and input.shape[-1] != 0 and input.shape[-2] != 0
    if not nonzero:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                           "batch size and non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    planes, length = input.shape[-2:]
    if planes % (kernel[0] * kernel[1]):
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={planes} and kernel_size="
                           f"({kernel[0]}, {kernel[1]}).")
    blocks = _blocks(out_hw, kernel, stride, padding, dilation)
    given = (f"Given output_size=({out_hw[0]}, {out_hw[1]}), "
             f"{_sizes(kernel, dilation, padding, stride)}, ")
    if length != blocks[0] * blocks[1]:
        raise RuntimeError(f"{given}expected size of input's dimension 2 to match the "
                           f"calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
                           f"{blocks[0] * blocks[1]}, but got input.size(2)={length}.")
    if min(blocks) < 1:
        raise RuntimeError(f"{given}calculated shape of the array of sliding blocks as "
                           f"({blocks[0]}, {blocks[1]}), which is too small (non-positive)")
    if min(out_hw) < 1:
        raise RuntimeError("Expected output spatial size to be positive, but got: "
                           f"output_size=({out_hw[0]}, {out_hw[1]}).")


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Combines an array of sliding local blocks into a tensor, summing overlapping values:
    (N, C * kh * kw, L) -> (N, C, H, W), the adjoint of :func:`unfold`.

    Args:
        input (Tensor): (N, C * kh * kw, L), or (C * kh * kw, L) unbatched.
        output_size (int or tuple): (H, W) of the output.
        kernel_size (int or tuple): the block's size.
        dilation (int or tuple): spacing between a block's elements. Default: 1.
        padding (int or tuple): implicit zeros on both sides of H and W. Default: 0.
        stride (int or tuple): step between blocks. Default: 1.

    Returns:
        Tensor: (N, C, H, W), or (C, H, W) for an unbatched input.

    Raises:
        RuntimeError: bad sizes or options, with PyTorch's messages.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.fold(tinytorch.ones(1, 4, 4), (3, 3), 2)
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """
    out_hw, kernel, dilation, padding, stride = _pairs(
        "col2im", 2, output_size=output_size, kernel_size=kernel_size, dilation=dilation,
        padding=padding, stride=stride)
    _positive("kernel size", "kernel", kernel)
    _positive("stride", "stride", stride)
    _positive("dilation", "dilation", dilation)
    _non_negative(padding)
    _check_fold(input, out_hw, kernel, dilation, padding, stride)
    _check_dtype(input, "col2im")
    x = input if input.ndim == 3 else _reshape(input, (1,) + tuple(input.shape))
    y = Fold.apply(x, out_hw, kernel, stride, padding, dilation)
    return y if input.ndim == 3 else own(_reshape(y, tuple(y.shape[1:])))  # PyTorch's own
