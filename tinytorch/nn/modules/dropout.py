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


class Dropout1d(Dropout):
    """During training, zero whole channels of a ``(N, C, L)`` or ``(C, L)`` input, each with
    probability ``p``, and scale the rest by 1/(1-p); identity in eval mode.

    Args:
        p (float): the probability of zeroing a channel. Default: 0.5.
        inplace (bool): zero the input in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.Dropout1d().eval()(tinytorch.ones(1, 2, 2))
    tensor([[[1., 1.],
             [1., 1.]]])
    """

    def forward(self, input):
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(Dropout):
    """Dropout1d for ``(N, C, H, W)`` input (a 3-D input is taken as ``(N, C, L)``, with
    PyTorch's warning).

    Args:
        p (float): the probability of zeroing a channel. Default: 0.5.
        inplace (bool): zero the input in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.Dropout2d().eval()(tinytorch.ones(1, 1, 1, 2))
    tensor([[[[1., 1.]]]])
    """

    def forward(self, input):
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(Dropout):
    """Dropout1d for ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input.

    Args:
        p (float): the probability of zeroing a channel. Default: 0.5.
        inplace (bool): zero the input in place. Default: False.

    >>> import tinytorch
    >>> tinytorch.nn.Dropout3d().eval()(tinytorch.ones(1, 1, 1, 2)).shape
    torch.Size([1, 1, 1, 2])
    """

    def forward(self, input):
        return F.dropout3d(input, self.p, self.training, self.inplace)


class AlphaDropout(Dropout):
    """Dropout that keeps SELU's zero mean and unit variance: dropped elements are set to
    SELU's negative saturation, then an affine map restores the statistics; identity in eval.

    Args:
        p (float): the probability of dropping an element. Default: 0.5.
        inplace (bool): accepted; as in PyTorch, the module never works in place.

    >>> import tinytorch
    >>> tinytorch.nn.AlphaDropout().eval()(tinytorch.ones(2))
    tensor([1., 1.])
    """

    def forward(self, input):
        return F.alpha_dropout(input, self.p, self.training)


class FeatureAlphaDropout(Dropout):
    """AlphaDropout of whole channels (dim 1).

    Args:
        p (float): the probability of dropping a channel. Default: 0.5.
        inplace (bool): accepted; as in PyTorch, the module never works in place.

    >>> import tinytorch
    >>> tinytorch.nn.FeatureAlphaDropout().eval()(tinytorch.ones(1, 2))
    tensor([[1., 1.]])
    """

    def forward(self, input):
        return F.feature_alpha_dropout(input, self.p, self.training)
