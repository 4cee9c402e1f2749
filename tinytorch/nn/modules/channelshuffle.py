"""ChannelShuffle: ShuffleNet's interleaving of channel groups."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module


class ChannelShuffle(Module):
    """Splits the channels of ``(N, C, *)`` into ``groups`` groups and interleaves them
    (``(N, g, C/g, *)`` read as ``(N, C/g, g, *)``); see
    :func:`tinytorch.nn.functional.channel_shuffle`.

    Args:
        groups (int): the number of groups; must divide the channels.

    >>> import tinytorch
    >>> x = tinytorch.arange(4.0).reshape(1, 4, 1, 1)
    >>> tinytorch.nn.ChannelShuffle(2)(x).flatten()
    tensor([0., 2., 1., 3.])
    """

    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, input):
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self):
        return f"groups={self.groups}"
