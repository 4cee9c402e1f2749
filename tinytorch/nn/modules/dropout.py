"""Dropout: zero elements with probability p in training mode, identity in eval mode."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module


class Dropout(Module):
    """During training, zero each element with probability ``p`` and scale the rest by
    1/(1-p); in eval mode, return the input unchanged.

    Args:
        p (float): the probability of zeroing an element. Default: 0.5.
        inplace (bool): zero the input in place. Default: False.

    Raises:
        ValueError: if ``p`` is outside [0, 1].

    >>> import tinytorch
    >>> m = tinytorch.nn.Dropout(p=0.5).eval()
    >>> m(tinytorch.ones(3))
    tensor([1., 1., 1.])
    """

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"
