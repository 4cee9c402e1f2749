"""Power-average (LP) pooling and max unpooling (1-, 2- and 3-D), composed as PyTorch
composes them: LP pooling is an average pool of xᵖ scaled back to a sum and raised to 1/p, max
unpooling a scatter of the values to the positions max pooling's indices name in a zero plane.
Gradients and double backward come from the ops composed."""

import math

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import _util
from tinytorch._ops import indexing
from tinytorch._ops import nn_activation
from tinytorch._ops import nn_conv
from tinytorch._ops import nn_pool
from tinytorch._ops import nn_vol3d
from tinytorch._ops import shape
from tinytorch.amp import autocast_mode as _autocast


def _max_pool(x, kernel, stride, ceil_mode, dims):
    if dims == 3:
        return nn_vol3d.max_pool3d(x, kernel, stride, 0, 1, ceil_mode)
    return nn_pool.max_pool(x, kernel, stride, 0, 1, ceil_mode, False, dims)


def _avg_pool(x, kernel, stride, ceil_mode, dims):
    if dims == 3:
        return nn_vol3d.avg_pool3d(x, kernel, stride, 0, ceil_mode)
    return nn_pool.avg_pool(x, kernel, stride, 0, ceil_mode, True, None, dims)


def _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, dims):
    kernel = nn_conv.ntuple(kernel_size, dims, "kernel_size")
    if norm_type == math.inf:  # the max pool's own result, as PyTorch's (a 1-D one's a view)
        return _max_pool(input.abs(), kernel, stride, ceil_mode, dims)
    if norm_type == -math.inf:
        return -_max_pool(-input.abs(), kernel, stride, ceil_mode, dims)
    out = _avg_pool(input.pow(norm_type), kernel, stride, ceil_mode, dims)
    # sign(out) relu(|out|) is out, with a zero gradient where the sum of xᵖ is zero
    out = out.sign() * nn_activation.relu(out.abs())
    if dims == 1 and isinstance(kernel_size, (tuple, list)):  # PyTorch's out.mul(kernel_size)
        raise TypeError(f"mul(): argument 'other' (position 1) must be Tensor, not "
                        f"{type(kernel_size).__name__}")
    return (out * math.prod(kernel)).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """1-D power-average pooling: each window gives (Σ xᵖ)^(1/p), ``p = norm_type``
    (``inf``: the largest abs(x), ``-inf``: the smallest).

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``.
        norm_type (float): the exponent p.
        kernel_size (int): the window's size.
        stride (int, optional): the step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up, not down. Default: False.

    Returns:
        Tensor: ``(N, C, L_out)`` or ``(C, L_out)``.

    >>> tinytorch.nn.functional.lp_pool1d(tinytorch.tensor([[[3.0, 4.0, 1.0, 1.0]]]), 2, 2)
    tensor([[[5.0000, 1.4142]]])
    """
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 1)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """2-D power-average pooling: each window gives (Σ xᵖ)^(1/p), ``p = norm_type``
    (``inf``: the largest abs(x), ``-inf``: the smallest).

    Args:
        input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
        norm_type (float): the exponent p.
        kernel_size (int or tuple): the window's size.
        stride (int or tuple, optional): the step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up, not down. Default: False.

    Returns:
        Tensor: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``.

    >>> tinytorch.nn.functional.lp_pool2d(tinytorch.ones(1, 1, 2, 2), 1, 2)
    tensor([[[[4.]]]])
    """
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 2)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """3-D power-average pooling: each window gives (Σ xᵖ)^(1/p), ``p = norm_type``
    (``inf``: the largest abs(x), ``-inf``: the smallest).

    Args:
        input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
        norm_type (float): the exponent p.
        kernel_size (int or tuple): the window's size.
        stride (int or tuple, optional): the step between windows. Default: ``kernel_size``.
        ceil_mode (bool): round the output size up, not down. Default: False.

    Returns:
        Tensor: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``.

    >>> tinytorch.nn.functional.lp_pool3d(tinytorch.ones(1, 1, 2, 2, 2), 1, 2)
    tensor([[[[[8.]]]]])
    """
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 3)


def _unpool_output_size(input, kernel, stride, padding, output_size):
    """PyTorch's ``_unpool_output_size``: the default (L - 1) s + k - 2 p per spatial dim, or
    ``output_size`` (its last dims), which must lie within a stride of it."""
    default = [(input.shape[input.ndim - len(kernel) + d] - 1) * stride[d] + kernel[d]
               - 2 * padding[d] for d in range(len(kernel))]
    if output_size is None:
        return default
    output_size = list(output_size)
    if len(output_size) == len(kernel) + 2:
        output_size = output_size[2:]
    if len(output_size) != len(kernel):
        raise ValueError(f"output_size should be a sequence containing {len(kernel)} or "
                         f"{len(kernel) + 2} elements, but it has a length of "
                         f"'{len(output_size)}'")
    for d, (size, n, s) in enumerate(zip(output_size, default, stride)):
        if not n - s < size < n + s:
            raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between '
                             f"{n - s} and {n + s})")
    return output_size


def _check_unpool(input, indices, out):
    """PyTorch's checks of max_unpooling2d/3d (``out``: the 2 or 3 output sizes)."""
    n = len(out)
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"Input to max_unpooling{n}d should be a {n + 1}d or {n + 2}d Tensor, "
                           f"but got a tensor with {input.ndim} dimensions.")
    if indices.dtype is not _dtype.int64:
        got = f" but got: {_dtype.SCALAR_TYPE_NAMES[indices.dtype]}" if n == 2 else ""
        raise RuntimeError(f"elements in indices should be type int64{got}")
    if indices.shape != input.shape:
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor "
                           f"({list(input.shape)}) but got indices tensor with shape: "
                           f"{list(indices.shape)}")
    for d in range(input.ndim - n - 1, input.ndim):
        if input.shape[d] == 0:
            raise RuntimeError(f"max_unpooling{n}d_forward_out_cpu(): Expected input to have "
                               f"non-zero size for non-batch dimensions, but got "
                               f"{list(input.shape)} with dimension {d} being empty.")
    if not input.is_floating_point():
        _util.not_implemented_for(f"max_unpool{n}d", input)
    bad = (indices < 0) | (indices >= math.prod(out))
    if bad.any():
        raise RuntimeError(f"Found an invalid max index: {indices[bad][0].item()} (output "
                           f"volumes are of size {'x'.join(str(size) for size in out)})")


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, dims):
    kernel = nn_conv.ntuple(kernel_size, dims, "kernel_size")
    stride = kernel if stride is None else nn_conv.ntuple(stride, dims, "stride")
    padding = nn_conv.ntuple(padding, dims, "padding")
    out = _unpool_output_size(input, kernel, stride, padding, output_size)
    if dims == 1:  # as PyTorch: the 2-D unpooling of a trailing unit dim
        input, indices, out = input.unsqueeze(-1), indices.unsqueeze(-1), list(out) + [1]
    _check_unpool(input, indices, out)
    lead = tuple(input.shape[:-len(out)])
    plane = _creation.zeros(lead + (math.prod(out),), dtype=input.dtype, device=input.device)
    plane = indexing.scatter(plane, -1, shape.reshape(indices, lead + (-1,)),
                             shape.reshape(input, lead + (-1,)))
    # PyTorch's 2-D and 3-D kernels write a result of their own (see shape.own)
    plane = shape.own(shape.reshape(plane, lead + tuple(out)),
                      f"MaxUnpool{max(dims, 2)}DBackward0")
    return plane.squeeze(-1) if dims == 1 else plane


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of :func:`max_pool1d`: each value is put where ``indices`` (max
    pooling's, positions along L) says, zeros elsewhere.

    Args:
        input (Tensor): ``(N, C, L_in)`` or ``(C, L_in)``.
        indices (Tensor): int64, of ``input``'s shape.
        kernel_size (int): the pooling window's size.
        stride (int, optional): the pooling stride. Default: ``kernel_size``.
        padding (int): the pooling padding. Default: 0.
        output_size (sequence of ints, optional): ``L_out`` (or ``(N, C, L_out)``), within a
            stride of the default ``(L_in - 1) stride + kernel_size - 2 padding``.

    Returns:
        Tensor: ``(N, C, L_out)`` or ``(C, L_out)``.

    >>> F = tinytorch.nn.functional
    >>> y, i = F.max_pool1d(tinytorch.tensor([[[1.0, 3.0, 4.0, 2.0]]]), 2, return_indices=True)
    >>> F.max_unpool1d(y, i, 2)
    tensor([[[0., 3., 4., 0.]]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("max_unpool2d", max_unpool1d,
                             input, indices, kernel_size, stride, padding, output_size)
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of :func:`max_pool2d`: each value is put where ``indices`` (max
    pooling's, flat positions in the H x W plane) says, zeros elsewhere.

    Args:
        input (Tensor): ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
        indices (Tensor): int64, of ``input``'s shape.
        kernel_size (int or tuple): the pooling window's size.
        stride (int or tuple, optional): the pooling stride. Default: ``kernel_size``.
        padding (int or tuple): the pooling padding. Default: 0.
        output_size (sequence of ints, optional): ``(H_out, W_out)`` (or with ``N, C``
            first), each within a stride of the default
            ``(H_in - 1) stride + kernel_size - 2 padding``.

    Returns:
        Tensor: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``.

    >>> F = tinytorch.nn.functional
    >>> y, i = F.max_pool2d(tinytorch.arange(4.0).reshape(1, 1, 2, 2), 2, return_indices=True)
    >>> F.max_unpool2d(y, i, 2)
    tensor([[[[0., 0.],
              [0., 3.]]]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("max_unpool2d", max_unpool2d,
                             input, indices, kernel_size, stride, padding, output_size)
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The partial inverse of :func:`max_pool3d`: each value is put where ``indices`` (max
    pooling's, flat positions in the D x H x W volume) says, zeros elsewhere.

    Args:
        input (Tensor): ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
        indices (Tensor): int64, of ``input``'s shape.
        kernel_size (int or tuple): the pooling window's size.
        stride (int or tuple, optional): the pooling stride. Default: ``kernel_size``.
        padding (int or tuple): the pooling padding. Default: 0.
        output_size (sequence of ints, optional): ``(D_out, H_out, W_out)`` (or with ``N, C``
            first), each within a stride of the default
            ``(D_in - 1) stride + kernel_size - 2 padding``.

    Returns:
        Tensor: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``.

    >>> F = tinytorch.nn.functional
    >>> y, i = F.max_pool3d(tinytorch.arange(8.0).reshape(1, 1, 2, 2, 2), 2, return_indices=True)
    >>> F.max_unpool3d(y, i, 2)[0, 0, 1]
    tensor([[0., 0.],
            [0., 7.]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("max_unpool3d", max_unpool3d,
                             input, indices, kernel_size, stride, padding, output_size)
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3)
