"""Output sizes of convolution and pooling windows (PyTorch's formulas), one place for the op
layer, which checks arguments with them, and for every backend, which sizes outputs with them.

Each takes one spatial dimension; ``kernel`` is the window's size before dilation.
"""


def dilated_size(kernel, dilation):
    """The span of a window of ``kernel`` taps ``dilation`` apart: d (k - 1) + 1."""
    return dilation * (kernel - 1) + 1


def conv_out_size(size, kernel, stride, padding, dilation):
    """Windows of a convolution: ⌊(size + 2 padding - d (k - 1) - 1) / stride⌋ + 1."""
    return (size + 2 * padding - dilated_size(kernel, dilation)) // stride + 1


def pool_out_size(size, kernel, stride, padding, dilation, ceil_mode):
    """PyTorch's pooling_output_shape: conv_out_size, rounded up under ``ceil_mode`` as long
    as the last window starts inside the input or its left padding."""
    span = size + 2 * padding - dilated_size(kernel, dilation)
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    return out


def conv_transpose_out_size(size, kernel, stride, padding, dilation, output_padding):
    """Output of a transposed convolution: (size - 1) stride - 2 padding + d (k - 1) + 1
    + output_padding (the input size of the convolution it is the adjoint of)."""
    return (size - 1) * stride - 2 * padding + dilated_size(kernel, dilation) + output_padding
