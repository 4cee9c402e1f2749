"""Docstrings of ``tinytorch.nn.functional``'s margin, embedding and likelihood losses and its
distances (the functions behind them: ``tinytorch._ops.nn_loss_margin`` and ``nn_distance``).
Imported once from ``tinytorch.nn``."""

from tinytorch._tensor_docs import add_docstr
from tinytorch.nn import functional as F

_REDUCTION = """reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'`` over the
        per-element (or per-sample) losses.
    size_average, reduce (bool, optional): deprecated; given, they set ``reduction``."""


def _doc(summary, args, example, output, returns="a scalar unless ``reduction='none'``",
         raises=""):
    raises = f"\nRaises:\n    {raises}\n" if raises else ""
    return f"""{summary}

Args:
    {args}

Returns:
    Tensor: {returns}.
{raises}
>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> {example}
{output}
"""


add_docstr(F.margin_ranking_loss, _doc(
    "``max(0, -target (input1 - input2) + margin)``, ``target`` in {1, -1}.",
    f"""input1, input2, target (Tensor): of one shape.
    margin (float): Default: 0.
    {_REDUCTION}""",
    "F.margin_ranking_loss(tinytorch.tensor([1.0]), tinytorch.tensor([0.0]), "
    "tinytorch.tensor([-1.0]))", "tensor(1.)",
    raises="RuntimeError: the inputs differ in their number of dimensions."))
add_docstr(F.hinge_embedding_loss, _doc(
    "``input`` where ``target = 1``, ``max(0, margin - input)`` where ``target = -1``.",
    f"""input (Tensor): distances, of any shape.
    target (Tensor): 1 or -1, broadcastable to ``input``.
    margin (float): Default: 1.
    {_REDUCTION}""",
    "F.hinge_embedding_loss(tinytorch.tensor([0.5, 0.25]), tinytorch.tensor([1.0, -1.0]))",
    "tensor(0.6250)"))
add_docstr(F.soft_margin_loss, _doc(
    "``log(1 + exp(-target input))``. Unlike PyTorch's, differentiable in ``target`` too.",
    f"""input (Tensor): scores, of any shape.
    target (Tensor): 1 or -1, broadcastable to ``input``.
    {_REDUCTION}""",
    "F.soft_margin_loss(tinytorch.tensor([0.0]), tinytorch.tensor([1.0]))", "tensor(0.6931)"))
add_docstr(F.multilabel_soft_margin_loss, _doc(
    "``-(t log σ(x) + (1 - t) log σ(-x))`` times ``weight``, averaged over the last (class) "
    "dim.",
    f"""input (Tensor): ``(N, C)`` (or ``(C,)``) scores.
    target (Tensor): in [0, 1], broadcastable to ``input``.
    weight (Tensor, optional): a weight per class (broadcast).
    {_REDUCTION}""",
    "F.multilabel_soft_margin_loss(tinytorch.zeros(1, 2), tinytorch.tensor([[1.0, 0.0]]))",
    "tensor(0.6931)", raises="IndexError: ``input`` is 0-d."))
add_docstr(F.cosine_embedding_loss, _doc(
    "``1 - cos`` where ``target = 1``, ``max(0, cos - margin)`` where ``target = -1``; ``cos`` "
    "is\n``Σ x1 x2 / sqrt((Σ x1² + 1e-12)(Σ x2² + 1e-12))`` over the last dim.",
    f"""input1, input2 (Tensor): ``(N, D)`` (with an ``(N,)`` target) or ``(D,)`` (0-d target).
    target (Tensor): 1 or -1.
    margin (float): Default: 0.
    {_REDUCTION}""",
    "F.cosine_embedding_loss(tinytorch.tensor([1.0, 0.0]), tinytorch.tensor([1.0, 1.0]), "
    "tinytorch.tensor(-1.0))", "tensor(0.7071)",
    raises="RuntimeError: the target is over 1-D or the inputs' dims do not fit it."))
_TRIPLET = """anchor, positive, negative (Tensor): of one number of dims; the distances
        broadcast."""
add_docstr(F.triplet_margin_loss, _doc(
    "``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` :func:`pairwise_distance`.",
    f"""{_TRIPLET}
    margin (float): greater than 0. Default: 1.
    p (float): the norm's order. Default: 2.
    eps (float): added to the differences. Default: 1e-6.
    swap (bool): use ``min(d(a, n), d(p, n))`` as the negative distance. Default: False.
    {_REDUCTION}""",
    "F.triplet_margin_loss(tinytorch.zeros(1, 2), tinytorch.ones(1, 2), tinytorch.ones(1, 2), "
    "eps=0.0)", "tensor(1.0000)",
    raises="ValueError: ``margin <= 0``; RuntimeError: the inputs' dims differ."))
add_docstr(F.triplet_margin_with_distance_loss, _doc(
    "``max(d(a, p) - d(a, n) + margin, 0)`` for any distance function ``d``.",
    f"""{_TRIPLET}
    distance_function (callable, optional): ``d(x1, x2)``. Default: :func:`pairwise_distance`.
    margin (float): greater than 0. Default: 1.
    swap (bool): use ``min(d(a, n), d(p, n))`` as the negative distance. Default: False.
    reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.""",
    "F.triplet_margin_with_distance_loss(tinytorch.zeros(2), tinytorch.ones(2), "
    "tinytorch.ones(2),\n...     distance_function=lambda x, y: (x - y).abs().sum(-1))",
    "tensor(1.)", raises="ValueError: ``margin <= 0``; RuntimeError: the inputs' dims differ."))
add_docstr(F.poisson_nll_loss, _doc(
    "``exp(input) - target input`` (``log_input``) or ``input - target log(input + eps)``; "
    "``full``\nadds Stirling's ``t log t - t + log(2 pi t) / 2`` where ``target > 1``.",
    f"""input (Tensor): the (log-)rate, of any shape.
    target (Tensor): counts, broadcastable to ``input``.
    log_input (bool): Default: True.
    full (bool): Default: False.
    eps (float): Default: 1e-8.
    {_REDUCTION}""",
    "F.poisson_nll_loss(tinytorch.zeros(2), tinytorch.tensor([1.0, 2.0]))", "tensor(1.)"))
add_docstr(F.gaussian_nll_loss, _doc(
    "``(log var + (input - target)² / var) / 2`` (plus ``log(2 pi) / 2`` when ``full``); "
    "``var``\nis clamped at ``eps`` with its gradient left unclamped, as PyTorch's.",
    """input (Tensor): the means.
    target (Tensor): samples, broadcastable to ``input``.
    var (Tensor or float): variances: ``input``'s shape, one dim short of it, or one dim of
        size 1; or a non-negative number.
    full (bool): Default: False.
    eps (float): Default: 1e-6.
    reduction (str): ``'none'``, ``'mean'`` (default) or ``'sum'``.""",
    "F.gaussian_nll_loss(tinytorch.tensor([1.0, 2.0]), tinytorch.zeros(2), tinytorch.ones(2))",
    "tensor(1.2500)", raises="ValueError: ``var`` is negative or of an incorrect size."))
add_docstr(F.multi_margin_loss, _doc(
    "``Σ_{j≠y} w[y] max(0, margin - x[y] + x[j])^p / C`` per sample.",
    f"""input (Tensor): ``(N, C)`` or ``(C,)`` scores.
    target (Tensor): int64 class indices, ``(N,)`` (or 0-d / ``(1,)`` for one sample).
    p (int): 1 or 2. Default: 1.
    margin (float): Default: 1.
    weight (Tensor, optional): a 1-D weight per class.
    {_REDUCTION}""",
    "F.multi_margin_loss(tinytorch.tensor([[0.1, 0.2, 0.4, 0.8]]), tinytorch.tensor([3]))",
    "tensor(0.3250)", returns="a scalar unless ``reduction='none'``, then of ``target``'s "
    "shape", raises="ValueError: bad ``p`` or ``weight``; RuntimeError: bad shapes, dtype "
    "or classes."))
add_docstr(F.multilabel_margin_loss, _doc(
    "``Σ_j Σ_{i not a target} max(0, 1 - (x[y_j] - x[i])) / C`` per sample; a sample's "
    "targets\n``y_j`` are its entries before the first -1.",
    f"""input (Tensor): ``(N, C)`` or ``(C,)`` scores.
    target (Tensor): int64 class indices of ``input``'s shape, padded with -1.
    {_REDUCTION}""",
    "F.multilabel_margin_loss(tinytorch.tensor([[0.1, 0.2, 0.4, 0.8]]),\n"
    "...                        tinytorch.tensor([[3, 0, -1, 1]]))", "tensor(0.8500)",
    raises="RuntimeError: bad shapes, dtype or classes."))
add_docstr(F.pairwise_distance, _doc(
    "``‖x1 - x2 + eps‖_p`` over the last dim of the broadcast shape.",
    """x1, x2 (Tensor): broadcastable floating-point tensors.
    p (float): the norm's order. Default: 2.
    eps (float): added to the differences. Default: 1e-6.
    keepdim (bool): keep the reduced dim. Default: False.""",
    "F.pairwise_distance(tinytorch.tensor([[3.0, 0.0]]), tinytorch.tensor([[0.0, 4.0]]), "
    "eps=0.0)", "tensor([5.])", returns="the distances"))
add_docstr(F.pdist, _doc(
    "The p-norm distance of every pair of rows ``i < j``, in row-major order (the upper\n"
    "triangle of :func:`tinytorch.cdist` ``(input, input)``).",
    """input (Tensor): ``(N, M)`` floating point.
    p (float): the norm's order, ``>= 0``. Default: 2.""",
    "F.pdist(tinytorch.tensor([[0.0, 0.0], [3.0, 4.0], [0.0, 1.0]]))",
    "tensor([5.0000, 1.0000, 4.2426])", returns="``N (N - 1) / 2`` distances",
    raises="RuntimeError: ``input`` is not 2-D or not floating point, or ``p < 0``."))
