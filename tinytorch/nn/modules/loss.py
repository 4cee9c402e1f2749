"""Loss functions as modules, with PyTorch's constructor arguments (including the legacy
``size_average`` / ``reduce`` pair, mapped to ``reduction`` with PyTorch's warning)."""

from tinytorch._ops import nn_loss as _nn_loss
from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        self.reduction = _nn_loss.legacy_reduction(size_average, reduce, reduction)


class _WeightedLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class CrossEntropyLoss(_WeightedLoss):
    """Cross entropy between logits ``(N, C)`` and class indices ``(N,)`` (or class
    probabilities ``(N, C)``), with optional class ``weight``, ``ignore_index`` and
    ``label_smoothing``.

    Args:
        weight (Tensor, optional): a rescaling weight per class, of size C.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction`` (with
            PyTorch's warning).
        ignore_index (int): a target value that does not count towards the loss or the
            mean. Default: -100.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the elements.
        label_smoothing (float): mix this much of the uniform distribution into the target.
            Default: 0.

    >>> import tinytorch
    >>> loss = tinytorch.nn.CrossEntropyLoss()
    >>> round(loss(tinytorch.zeros(3, 4), tinytorch.tensor([0, 1, 2])).item(), 4)
    1.3863
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None,
                 reduction="mean", label_smoothing=0.0):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)


class NLLLoss(_WeightedLoss):
    """Negative log likelihood of class indices given log-probabilities ``(N, C)``.

    Args:
        weight (Tensor, optional): a rescaling weight per class, of size C.
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction`` (with
            PyTorch's warning).
        ignore_index (int): a target value that does not count towards the loss or the
            mean. Default: -100.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the elements.

    >>> import tinytorch
    >>> loss = tinytorch.nn.NLLLoss()
    >>> loss(tinytorch.log(tinytorch.tensor([[0.25, 0.75]])),
    ...      tinytorch.tensor([1]))
    tensor(0.2877)
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None,
                 reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class MSELoss(_Loss):
    """Mean squared error (x - y)².

    Args:
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction`` (with
            PyTorch's warning).
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the elements.

    >>> import tinytorch
    >>> loss = tinytorch.nn.MSELoss()
    >>> loss(tinytorch.tensor([0.5, 2.0]),
    ...      tinytorch.tensor([1.0, 1.0]))
    tensor(0.6250)
    """

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error ``|x - y|``.

    Args:
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction`` (with
            PyTorch's warning).
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the elements.

    >>> import tinytorch
    >>> loss = tinytorch.nn.L1Loss()
    >>> loss(tinytorch.tensor([0.5, 2.0]),
    ...      tinytorch.tensor([1.0, 1.0]))
    tensor(0.7500)
    """

    def forward(self, input, target):
        return F.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """``0.5 d² / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta`` (``d = x - y``).

    Args:
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction`` (with
            PyTorch's warning).
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the elements.
        beta (float): where the loss changes from quadratic to linear. Default: 1.

    >>> import tinytorch
    >>> loss = tinytorch.nn.SmoothL1Loss()
    >>> loss(tinytorch.tensor([0.5, 2.0]),
    ...      tinytorch.tensor([1.0, 1.0]))
    tensor(0.3125)
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean", beta=1.0):
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input, target):
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """``0.5 d²`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)`` (``d = x - y``).

    Args:
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the elements.
        delta (float): where the loss changes from quadratic to linear. Default: 1.

    >>> import tinytorch
    >>> loss = tinytorch.nn.HuberLoss()
    >>> loss(tinytorch.tensor([0.5, 2.0]),
    ...      tinytorch.tensor([1.0, 1.0]))
    tensor(0.3125)
    """

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input, target):
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class BCELoss(_WeightedLoss):
    """Binary cross entropy between probabilities and targets in [0, 1].

    Args:
        weight (Tensor, optional): a rescaling weight per element (broadcast).
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction`` (with
            PyTorch's warning).
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the elements.

    >>> import tinytorch
    >>> loss = tinytorch.nn.BCELoss()
    >>> loss(tinytorch.tensor([0.8, 0.2]),
    ...      tinytorch.tensor([1.0, 0.0]))
    tensor(0.2231)
    """

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, weight=self.weight,
                                      reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Sigmoid + binary cross entropy in one numerically stable step; ``pos_weight``
    weights the positive term per class.

    Args:
        weight (Tensor, optional): a rescaling weight per element (broadcast).
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction`` (with
            PyTorch's warning).
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the elements.
        pos_weight (Tensor, optional): the weight of the positive term, per class.

    >>> import tinytorch
    >>> loss = tinytorch.nn.BCEWithLogitsLoss()
    >>> loss(tinytorch.tensor([2.0, -1.0]),
    ...      tinytorch.tensor([1.0, 0.0]))
    tensor(0.2201)
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean",
                 pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, self.weight,
                                                  pos_weight=self.pos_weight,
                                                  reduction=self.reduction)


class KLDivLoss(_Loss):
    """Kullback-Leibler divergence; ``input`` holds log-probabilities (and ``target`` too
    when ``log_target``).

    Args:
        size_average, reduce: PyTorch's deprecated pair; given, they set ``reduction`` (with
            PyTorch's warning).
        reduction (str): ``'none'``, ``'mean'`` (default), ``'batchmean'`` (the sum divided by
            the batch size: the true KL divergence) or ``'sum'``.
        log_target (bool): ``target`` holds log-probabilities too. Default: False.

    >>> import tinytorch
    >>> loss = tinytorch.nn.KLDivLoss(reduction='sum')
    >>> loss(tinytorch.log(tinytorch.tensor([0.4, 0.6])),
    ...      tinytorch.tensor([0.5, 0.5]))
    tensor(0.0204)
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean", log_target=False):
        super().__init__(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input, target):
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class CTCLoss(_Loss):
    """The Connectionist Temporal Classification loss between unsegmented sequences and their
    label sequences: :func:`tinytorch.nn.functional.ctc_loss`.

    Args:
        blank (int): the blank class. Default: 0.
        reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.
        zero_infinity (bool): zero infinite losses and their gradients. Default: False.

    >>> import tinytorch
    >>> ctc = tinytorch.nn.CTCLoss()
    >>> log_probs = tinytorch.randn(6, 1, 3).log_softmax(2)
    >>> ctc(log_probs, tinytorch.tensor([[1, 2]]), (6,), (2,)).shape
    torch.Size([])
    """

    def __init__(self, blank=0, reduction="mean", zero_infinity=False):
        super().__init__(reduction=reduction)
        self.blank = blank
        self.zero_infinity = zero_infinity

    def forward(self, log_probs, targets, input_lengths, target_lengths):
        return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank,
                          self.reduction, self.zero_infinity)
