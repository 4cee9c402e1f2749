"""The Connectionist Temporal Classification loss (``F.ctc_loss``, ``nn.CTCLoss``): one op
whose kernels run the alpha and beta recursions (``backends/_array_api/nn_ctc.py``), and the
reductions over its per-sample losses."""

from tinytorch import _creation
from tinytorch._ops import arithmetic
from tinytorch._ops import reduction as rd
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for
from tinytorch.amp import autocast_mode as _autocast


class CTCLoss(Op):
    """nll_n = -log of the summed probability of every alignment of sample n's targets with
    its first input_lengths[n] steps (blanks between and around labels, repeats merged).
    dL/dlog_probs[t, n, c] = g_n (exp(lp) - sum over positions s labelled c of alpha beta /
    (p y)): PyTorch's formula, the gradient through a log_softmax that produced log_probs."""

    node_name = "CtcLossBackward0"

    @staticmethod
    def forward(ctx, log_probs, targets, *, input_lengths, target_lengths, blank,
                zero_infinity):
        be = ctx.backend
        nll, alpha = be.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank)
        ctx.save_for_backward(log_probs, targets, nll, alpha)
        ctx.meta = (input_lengths, target_lengths, blank, zero_infinity)
        return be.where(be.isinf(nll), 0, nll) if zero_infinity else nll

    @staticmethod
    def backward(ctx, g):
        log_probs, targets, nll, alpha = ctx.saved_tensors
        input_lengths, target_lengths, blank, zero_infinity = ctx.meta
        return ctx.backend.ctc_loss_backward(g, log_probs, targets, input_lengths,
                                             target_lengths, nll, alpha, blank,
                                             zero_infinity), None


def _lengths(value, n, name):
    values = value.reshape(-1).tolist() if is_tensor(value) else list(
        value if isinstance(value, (list, tuple)) else [value])
    if len(values) != n:
        raise RuntimeError(f"{name} must be of size batch_size")
    return [int(v) for v in values]


_WHERE = " (while checking arguments for ctc_loss_allocate_outputs)"


def _check(log_probs, targets, inputs, lengths, blank):
    t_max, n, classes = log_probs.shape
    if not log_probs.dtype.is_floating_point:
        not_implemented_for("ctc_loss_cpu", log_probs)
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    for v in inputs:
        if v < 0:
            raise RuntimeError(f"Expected input_lengths to have value at least 0, but got value "
                               f"{v}{_WHERE}")
        if v > t_max:
            raise RuntimeError(f"Expected input_lengths to have value at most {t_max}, but got "
                               f"value {v}{_WHERE}")
    if targets.ndim == 2 and any(v > targets.shape[1] for v in lengths):
        raise RuntimeError(f"Expected tensor to have size at least {max(lengths)} at dimension "
                           f"1, but got size {targets.shape[1]} for argument #2 'targets'"
                           f"{_WHERE}")
    if targets.ndim == 1 and targets.shape[0] != sum(lengths):
        raise RuntimeError(f"Expected tensor to have size {sum(lengths)} at dimension 0, but "
                           f"got size {targets.shape[0]} for argument #2 'targets'{_WHERE}")


def _padded(targets, target_lengths, n):
    """(N, S) padded targets from the padded form or the concatenated 1-D form."""
    if targets.ndim == 2:
        return targets
    width = max(target_lengths, default=0)
    rows, start = [], 0
    flat = targets.tolist()
    for length in target_lengths:
        rows.append(flat[start:start + length] + [0] * (width - length))
        start += length
    return _creation.tensor(rows, dtype=targets.dtype, device=targets.device).reshape(n, width)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
             zero_infinity=False):
    """The Connectionist Temporal Classification loss: the negative log of the total
    probability of every alignment of each target sequence with its input sequence
    (Graves et al., 2006).

    Args:
        log_probs (Tensor): ``(T, N, C)`` or ``(T, C)`` log-probabilities over C classes
            (blank included), e.g. from ``log_softmax``.
        targets (Tensor): ``(N, S)`` padded label indices, or their concatenation
            ``(sum(target_lengths),)``; never the blank.
        input_lengths (Tensor or tuple of int): each sample's number of time steps (<= T).
        target_lengths (Tensor or tuple of int): each sample's number of labels.
        blank (int): the blank class. Default: 0.
        reduction (str): ``'none'``, ``'mean'`` (default: each loss divided by its target
            length, then the batch mean) or ``'sum'``.
        zero_infinity (bool): give impossible alignments (too short inputs) a loss and
            gradient of 0 instead of inf and NaN. Default: False.

    Returns:
        Tensor: the loss (per sample for ``'none'``).

    Raises:
        RuntimeError: lengths that do not fit (PyTorch's messages), a blank outside the
            classes, integer log-probabilities.
        ValueError: an unknown ``reduction``.

    >>> import tinytorch
    >>> log_probs = tinytorch.randn(5, 2, 4).log_softmax(2)
    >>> targets = tinytorch.tensor([[1, 2], [3, 3]])
    >>> loss = tinytorch.nn.functional.ctc_loss(log_probs, targets, (5, 5), (2, 2))
    >>> loss.shape
    torch.Size([])
    """
    if _autocast.on and _autocast.active(log_probs):
        return _autocast.run("ctc_loss", ctc_loss,
                             log_probs, targets, input_lengths, target_lengths, blank,
                             reduction, zero_infinity)
    unbatched = log_probs.ndim == 2
    if unbatched:  # 1-D targets stay the concatenated form, of exactly target_length labels
        log_probs = shape.unsqueeze(log_probs, 1)
    n = log_probs.shape[1]
    inputs = _lengths(input_lengths, n, "input_lengths")
    lengths = _lengths(target_lengths, n, "target_lengths")
    _check(log_probs, targets, inputs, lengths, blank)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if targets.dtype.is_floating_point:  # PyTorch takes float labels as their integers
        targets = targets.long()
    padded = _padded(targets, lengths, n)
    loss = CTCLoss.apply(log_probs, padded, input_lengths=tuple(inputs),
                         target_lengths=tuple(lengths), blank=blank, zero_infinity=zero_infinity)
    if reduction == "mean":
        divisors = _creation.tensor([max(v, 1) for v in lengths], dtype=loss.dtype,
                                    device=loss.device)
        return rd.mean(arithmetic.div(loss, divisors))
    if reduction == "sum":
        return rd.sum(loss)
    return shape.squeeze(loss, 0) if unbatched else loss
