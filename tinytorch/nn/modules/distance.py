"""Distances between vectors as modules (``torch.nn.PairwiseDistance``,
``torch.nn.CosineSimilarity``)."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module


class PairwiseDistance(Module):
    """``‖x1 - x2 + eps‖_p`` over the last dimension (the inputs broadcast).

    Args:
        p (float): the norm's order. Default: 2.
        eps (float): added to the differences, keeping the norm's gradient finite.
            Default: 1e-6.
        keepdim (bool): keep the reduced dimension. Default: False.

    >>> import tinytorch
    >>> dist = tinytorch.nn.PairwiseDistance(eps=0.0)
    >>> dist(tinytorch.tensor([[3.0, 0.0]]), tinytorch.tensor([[0.0, 4.0]]))
    tensor([5.])
    """

    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1, x2):
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    """``x1 · x2 / (max(‖x1‖, eps) max(‖x2‖, eps))`` along ``dim`` (the inputs broadcast).

    Args:
        dim (int): the dimension of the vectors. Default: 1.
        eps (float): the smallest norm. Default: 1e-8.

    >>> import tinytorch
    >>> cos = tinytorch.nn.CosineSimilarity(dim=0)
    >>> cos(tinytorch.tensor([1.0, 0.0]), tinytorch.tensor([1.0, 1.0]))
    tensor(0.7071)
    """

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1, x2):
        return F.cosine_similarity(x1, x2, self.dim, self.eps)
