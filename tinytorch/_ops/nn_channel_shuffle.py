"""``channel_shuffle``: ShuffleNet's interleaving of channel groups, a reshape and transpose
(its gradient is the inverse permutation, from the view ops')."""

from tinytorch import _memory_format
from tinytorch._ops import shape
from tinytorch._ops._util import int_argument


def channel_shuffle(input, groups):
    """Splits the channels of ``(N, C, *)`` into ``groups`` groups and interleaves them:
    ``(N, g, C/g, *)`` is transposed to ``(N, C/g, g, *)`` and flattened back to ``(N, C, *)``.

    Args:
        input (Tensor): at least 3-D, channels in dim 1.
        groups (int): the number of groups; must divide ``C``.

    Returns:
        Tensor: ``input``'s shape, channels reordered.

    Raises:
        TypeError: ``groups`` is not an int.
        RuntimeError: ``input`` has fewer than 3 dims, ``groups`` is not positive or does not
            divide the channels.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.channel_shuffle(tinytorch.arange(6.0).reshape(1, 6, 1), 2).flatten()
    tensor([0., 3., 1., 4., 2., 5.])
    """
    groups = int_argument(groups, "channel_shuffle", "groups", 2)
    if input.ndim <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with "
                           f"sizes {list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of "
                           f"groups:{groups}")
    n, c, *rest = input.shape
    if c % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels "
                           f"and {groups} groups.")
    x = shape.reshape(input, (n, groups, c // groups) + tuple(rest))
    x = shape.transpose(x, 1, 2)
    return _memory_format.new_contiguous(shape.reshape(x, (n, c) + tuple(rest)))  # PyTorch's


native_channel_shuffle = channel_shuffle
