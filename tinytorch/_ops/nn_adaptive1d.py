"""1-D adaptive pooling: the 2-D ops on a (N, C, 1, L) view (the same windows, and plane
indices h·W + w = w), as PyTorch computes them."""

from tinytorch._ops import nn_pool
from tinytorch._ops import shape


def _output_size(output_size, name):
    if isinstance(output_size, (tuple, list)):
        if len(output_size) != 1:
            raise RuntimeError(f"{name}() argument 'output_size' should contain one int (got "
                               f"{len(output_size)})")
        (output_size,) = output_size
    return (1, int(output_size))


def _plane(input, name):
    """``input`` (N, C, L) or (C, L) as (N, C, 1, L) or (C, 1, L)."""
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional "
                           f"tensor for argument #1 'self' (while checking arguments for "
                           f"{name})")
    return shape.unsqueeze(input, -2)


def adaptive_avg_pool1d(input, output_size):
    """Average pooling of ``input`` (N, C, L) or (C, L) to length ``output_size``: output i
    averages positions ⌊i·L/o⌋ to ⌈(i+1)·L/o⌉ - 1.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``.
        output_size (int or tuple of one int): the output length.

    Returns:
        Tensor: ``(N, C, output_size)`` or ``(C, output_size)``.

    Raises:
        RuntimeError: ``input`` is not 2-D or 3-D, has length 0, or ``output_size`` has more
            than one int.

    >>> tinytorch.nn.functional.adaptive_avg_pool1d(tinytorch.tensor([[1.0, 2.0, 3.0]]), 2)
    tensor([[1.5000, 2.5000]])
    """
    x = _plane(input, "adaptive_avg_pool1d")
    size = _output_size(output_size, "adaptive_avg_pool1d")
    if input.shape[-1] == 0:  # PyTorch's check, made on the 2-D view
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected input to have non-zero size for "
                           f"non-batch dimensions, but input has sizes {list(x.shape)} with "
                           f"dimension {x.ndim - 1} being empty")
    return shape.squeeze(nn_pool.adaptive_avg_pool2d(x, size), -2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Max pooling of ``input`` (N, C, L) or (C, L) to length ``output_size`` (the windows of
    :func:`adaptive_avg_pool1d`); with ``return_indices`` also the maxima's positions.

    Args:
        input (Tensor): ``(N, C, L)`` or ``(C, L)``.
        output_size (int or tuple of one int): the output length.
        return_indices (bool): also return the int64 positions of the maxima (the first
            of ties). Default: False.

    Returns:
        Tensor or (Tensor, Tensor): the maxima (and their positions).

    Raises:
        RuntimeError: ``input`` is not 2-D or 3-D, has an empty non-batch dim, or
            ``output_size`` has more than one int.

    >>> tinytorch.nn.functional.adaptive_max_pool1d(tinytorch.tensor([[1.0, 3.0, 2.0]]), 2,
    ...                                             return_indices=True)
    (tensor([[3., 3.]]), tensor([[1, 1]]))
    """
    x = _plane(input, "adaptive_max_pool1d")
    size = _output_size(output_size, "adaptive_max_pool1d")
    for dim in range(input.ndim - 2, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(f"adaptive_max_pool1d(): Expected input to have non-zero size "
                               f"for non-batch dimensions, but input has sizes "
                               f"{list(input.shape)} with dimension {dim} being empty")
    y, indices = nn_pool.adaptive_max_pool2d(x, size, True)
    y = shape.squeeze(y, -2)
    return (y, shape.squeeze(indices, -2)) if return_indices else y
