"""Margin, embedding and likelihood losses as modules (``torch.nn``'s names and constructor
arguments, the legacy ``size_average`` / ``reduce`` pair included)."""

from tinytorch.nn import functional as F
from tinytorch.nn.modules.loss import _Loss
from tinytorch.nn.modules.loss import _WeightedLoss


class MarginRankingLoss(_Loss):
    """``max(0, -y (x1 - x2) + margin)``: ranks ``x1`` above ``x2`` where ``y = 1``, below
    where ``y = -1``.

    Args:
        margin (float): Default: 0.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.MarginRankingLoss(margin=0.5)
    >>> loss(tinytorch.tensor([1.0, 0.0]), tinytorch.tensor([0.0, 1.0]),
    ...      tinytorch.tensor([1.0, 1.0]))
    tensor(0.7500)
    """

    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        return F.margin_ranking_loss(input1, input2, target, margin=self.margin,
                                     reduction=self.reduction)


class HingeEmbeddingLoss(_Loss):
    """``x`` where ``y = 1``, ``max(0, margin - x)`` where ``y = -1`` (``x`` is a distance).

    Args:
        margin (float): Default: 1.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.HingeEmbeddingLoss()
    >>> loss(tinytorch.tensor([0.5, 0.25]), tinytorch.tensor([1.0, -1.0]))
    tensor(0.6250)
    """

    def __init__(self, margin=1.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input, target):
        return F.hinge_embedding_loss(input, target, margin=self.margin,
                                      reduction=self.reduction)


class SoftMarginLoss(_Loss):
    """The two-class logistic loss ``log(1 + exp(-y x))``, ``y`` in {1, -1}.

    Args:
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.SoftMarginLoss()
    >>> loss(tinytorch.tensor([0.0, 2.0]), tinytorch.tensor([1.0, -1.0]))
    tensor(1.4100)
    """

    def forward(self, input, target):
        return F.soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """One-versus-all logistic loss over ``C`` classes, averaged over the classes: for
    ``(N, C)`` input and targets in [0, 1], one loss per sample.

    Args:
        weight (Tensor, optional): a weight per class, of size C.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.MultiLabelSoftMarginLoss()
    >>> loss(tinytorch.zeros(1, 2), tinytorch.tensor([[1.0, 0.0]]))
    tensor(0.6931)
    """

    def forward(self, input, target):
        return F.multilabel_soft_margin_loss(input, target, weight=self.weight,
                                             reduction=self.reduction)


class CosineEmbeddingLoss(_Loss):
    """``1 - cos(x1, x2)`` where ``y = 1``, ``max(0, cos(x1, x2) - margin)`` where ``y = -1``;
    ``(N, D)`` inputs with ``(N,)`` targets, or ``(D,)`` with a 0-d target.

    Args:
        margin (float): in [-1, 1]. Default: 0.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.CosineEmbeddingLoss()
    >>> loss(tinytorch.tensor([[1.0, 0.0]]), tinytorch.tensor([[0.0, 1.0]]),
    ...      tinytorch.tensor([1.0]))
    tensor(1.)
    """

    def __init__(self, margin=0.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        return F.cosine_embedding_loss(input1, input2, target, margin=self.margin,
                                       reduction=self.reduction)


class TripletMarginLoss(_Loss):
    """``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` the pairwise p-norm distance.

    Args:
        margin (float): greater than 0. Default: 1.
        p (float): the norm's order. Default: 2.
        eps (float): added to the differences before the norm. Default: 1e-6.
        swap (bool): use ``min(d(a, n), d(p, n))`` as the negative distance. Default: False.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.TripletMarginLoss(eps=0.0)
    >>> loss(tinytorch.zeros(1, 2), tinytorch.tensor([[1.0, 0.0]]),
    ...      tinytorch.tensor([[0.0, 1.5]]))
    tensor(0.5000)
    """

    def __init__(self, margin=1.0, p=2.0, eps=1e-6, swap=False, size_average=None,
                 reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        if margin <= 0:
            raise ValueError(f"TripletMarginLoss: expected margin to be greater than 0, got "
                             f"{margin} instead")
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_loss(anchor, positive, negative, margin=self.margin, p=self.p,
                                     eps=self.eps, swap=self.swap, reduction=self.reduction)


class TripletMarginWithDistanceLoss(_Loss):
    """``max(d(a, p) - d(a, n) + margin, 0)`` with any distance function ``d``.

    Args:
        distance_function (callable, optional): ``d(x1, x2)`` -> a tensor of distances.
            Default: :func:`tinytorch.nn.functional.pairwise_distance`.
        margin (float): greater than 0. Default: 1.
        swap (bool): use ``min(d(a, n), d(p, n))`` as the negative distance. Default: False.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> l1 = lambda x, y: (x - y).abs().sum(-1)
    >>> loss = tinytorch.nn.TripletMarginWithDistanceLoss(distance_function=l1)
    >>> loss(tinytorch.zeros(1, 2), tinytorch.tensor([[1.0, 0.0]]),
    ...      tinytorch.tensor([[0.0, 1.5]]))
    tensor(0.5000)
    """

    def __init__(self, *, distance_function=None, margin=1.0, swap=False, reduction="mean"):
        super().__init__(reduction=reduction)
        if margin <= 0:
            raise ValueError(f"TripletMarginWithDistanceLoss: expected margin to be greater "
                             f"than 0, got {margin} instead")
        self.distance_function = distance_function
        self.margin, self.swap = margin, swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function,
            margin=self.margin, swap=self.swap, reduction=self.reduction)


class PoissonNLLLoss(_Loss):
    """Poisson negative log likelihood: ``exp(x) - y x`` (``log_input``) or
    ``x - y log(x + eps)``, plus Stirling's term for ``y > 1`` when ``full``.

    Args:
        log_input (bool): the input is the log of the rate. Default: True.
        full (bool): add ``y log y - y + log(2 pi y) / 2``. Default: False.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        eps (float): keeps ``log`` finite when not ``log_input``. Default: 1e-8.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.PoissonNLLLoss()
    >>> loss(tinytorch.zeros(2), tinytorch.tensor([1.0, 2.0]))
    tensor(1.)
    """

    def __init__(self, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                 reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input, target):
        return F.poisson_nll_loss(log_input, target, log_input=self.log_input, full=self.full,
                                  eps=self.eps, reduction=self.reduction)


class GaussianNLLLoss(_Loss):
    """Gaussian negative log likelihood ``(log var + (x - y)² / var) / 2``, ``var`` clamped
    at ``eps`` (its gradient not clamped, as PyTorch's).

    Args:
        full (bool): add ``log(2 pi) / 2``. Default: False.
        eps (float): the smallest variance. Default: 1e-6.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.GaussianNLLLoss()
    >>> loss(tinytorch.tensor([1.0, 2.0]), tinytorch.zeros(2), tinytorch.ones(2))
    tensor(1.2500)
    """

    def __init__(self, *, full=False, eps=1e-6, reduction="mean"):
        super().__init__(reduction=reduction)
        self.full, self.eps = full, eps

    def forward(self, input, target, var):
        return F.gaussian_nll_loss(input, target, var, full=self.full, eps=self.eps,
                                   reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """Multi-class hinge loss: ``Σ_{j≠y} w[y] max(0, margin - x[y] + x[j])^p / C`` per sample.

    Args:
        p (int): 1 or 2. Default: 1.
        margin (float): Default: 1.
        weight (Tensor, optional): a weight per class, of size C.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    Raises:
        ValueError: ``p`` is not 1 or 2, or ``weight`` is not 1-D.

    >>> import tinytorch
    >>> loss = tinytorch.nn.MultiMarginLoss()
    >>> loss(tinytorch.tensor([[0.1, 0.2, 0.4, 0.8]]), tinytorch.tensor([3]))
    tensor(0.3250)
    """

    def __init__(self, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
                 reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        if weight is not None and weight.dim() != 1:
            raise ValueError(f"MultiMarginLoss: expected weight to be None or 1D tensor, got "
                             f"{weight.dim()}D instead")
        self.p, self.margin = p, margin

    def forward(self, input, target):
        return F.multi_margin_loss(input, target, p=self.p, margin=self.margin,
                                   weight=self.weight, reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    """Multi-label hinge loss: ``Σ_j Σ_{i not a target} max(0, 1 - (x[y_j] - x[i])) / C``,
    the targets ``y_j`` being a sample's class indices before its first -1.

    Args:
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction``.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.

    >>> import tinytorch
    >>> loss = tinytorch.nn.MultiLabelMarginLoss()
    >>> loss(tinytorch.tensor([[0.1, 0.2, 0.4, 0.8]]), tinytorch.tensor([[3, 0, -1, 1]]))
    tensor(0.8500)
    """

    def forward(self, input, target):
        return F.multilabel_margin_loss(input, target, reduction=self.reduction)
