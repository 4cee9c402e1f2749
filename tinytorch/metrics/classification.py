"""Classification metrics on tinytorch tensors (lists and arrays are accepted too).

Labels are integer class indices; a 2-D ``y_pred`` (scores, probabilities or one-hot rows)
is reduced with ``argmax`` over its last axis first, and so is a 2-D one-hot ``y_true``.
Per-class results are 1-D float tensors indexed by class; averaged results are 0-d tensors.
A class with nothing predicted (or no true samples) scores 0 rather than NaN.
"""

import tinytorch


def _labels(y):
    y = tinytorch.as_tensor(y)
    if y.ndim == 2:
        y = y.argmax(-1)
    if y.ndim != 1:
        raise ValueError(f"expected class labels of shape (N,) or scores of shape (N, C), "
                         f"got shape {tuple(y.shape)}")
    return y.long()


def _pair(y_true, y_pred):
    y_true, y_pred = _labels(y_true), _labels(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must hold the same number of samples, got "
                         f"{y_true.shape[0]} and {y_pred.shape[0]}")
    return y_true, y_pred.to(y_true.device)


def accuracy(y_true, y_pred):
    """Fraction of samples whose predicted class is the true one (= trace / total of the
    confusion matrix).

    Args:
        y_true (Tensor or sequence): true labels ``(N,)``, or one-hot rows ``(N, C)``.
        y_pred (Tensor or sequence): predicted labels ``(N,)``, or scores ``(N, C)``.

    Returns:
        Tensor: a 0-d float tensor, in [0, 1].

    Raises:
        ValueError: labels that are not ``(N,)`` or ``(N, C)``, ``y_true`` and ``y_pred``
            of different lengths.

    >>> accuracy(tinytorch.tensor([1, 0]), tinytorch.tensor([[0.2, 0.8], [0.9, 0.1]]))
    tensor(1.)
    >>> accuracy([0, 1, 2, 2], [0, 2, 2, 2])
    tensor(0.7500)
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return (y_true == y_pred).float().mean()


def confusion_matrix(y_true, y_pred, num_classes=None):
    """Counts C[i, j] of samples of true class i predicted as class j (rows = true class).

    Args:
        y_true, y_pred: labels (N,) or scores (N, C).
        num_classes (int, optional): defaults to 1 + the largest label seen.

    Returns:
        int64 tensor of shape (num_classes, num_classes).

    >>> confusion_matrix([0, 1, 2, 2], [0, 2, 2, 2])
    tensor([[1, 0, 0],
            [0, 0, 1],
            [0, 0, 2]])
    """
    y_true, y_pred = _pair(y_true, y_pred)
    if num_classes is None:
        num_classes = int(tinytorch.maximum(y_true.max(), y_pred.max())) + 1 if len(y_true) else 0
    classes = tinytorch.arange(num_classes, device=y_true.device)
    true_hot = (y_true.unsqueeze(1) == classes).to(tinytorch.float64)
    pred_hot = (y_pred.unsqueeze(1) == classes).to(tinytorch.float64)
    return (true_hot.t() @ pred_hot).round().long()


def _safe_div(num, den):
    return num / tinytorch.where(den == 0, tinytorch.ones_like(den), den)


def _counts(y_true, y_pred, num_classes):
    matrix = confusion_matrix(y_true, y_pred, num_classes).to(tinytorch.float64)
    eye = tinytorch.eye(matrix.shape[0], dtype=matrix.dtype, device=matrix.device)
    tp = (matrix * eye).sum(1)
    return tp, matrix.sum(0), matrix.sum(1)  # tp, predicted per class, support per class


def _average(per_class, support, micro, average):
    if average is None:
        return per_class.float()
    if average == "macro":
        return per_class.mean().float()
    if average == "weighted":
        return _safe_div((per_class * support).sum(), support.sum()).float()
    if average == "micro":
        return micro.float()
    raise ValueError(f"average must be None, 'micro', 'macro' or 'weighted', got {average!r}")


def precision(y_true, y_pred, average=None, num_classes=None):
    """TP / (TP + FP) per class, or averaged ('macro': plain mean over classes, 'weighted':
    weighted by support, 'micro': from the pooled counts, which equals accuracy for
    single-label data).

    Args:
        y_true (Tensor or sequence): true labels ``(N,)``, or one-hot rows ``(N, C)``.
        y_pred (Tensor or sequence): predicted labels ``(N,)``, or scores ``(N, C)``.
        average (str, optional): None (the default) for one score per class; ``'macro'``,
            ``'weighted'`` or ``'micro'`` for one averaged score.
        num_classes (int, optional): the number of classes (default None: 1 + the largest
            label seen).

    Returns:
        Tensor: float scores ``(num_classes,)``, or a 0-d tensor when averaged.

    Raises:
        ValueError: labels that are not ``(N,)`` or ``(N, C)``, ``y_true`` and ``y_pred``
            of different lengths, or an unknown ``average``.

    >>> precision([0, 1, 2, 2], [0, 2, 2, 2], average="macro")
    tensor(0.5556)
    >>> precision([0, 1, 2, 2], [0, 2, 2, 2])
    tensor([1.0000, 0.0000, 0.6667])
    """
    tp, predicted, support = _counts(y_true, y_pred, num_classes)
    return _average(_safe_div(tp, predicted), support, _safe_div(tp.sum(), predicted.sum()),
                    average)


def recall(y_true, y_pred, average=None, num_classes=None):
    """TP / (TP + FN) per class (sensitivity), or averaged as in :func:`precision`.

    Args:
        y_true (Tensor or sequence): true labels ``(N,)``, or one-hot rows ``(N, C)``.
        y_pred (Tensor or sequence): predicted labels ``(N,)``, or scores ``(N, C)``.
        average (str, optional): None (the default) for one score per class; ``'macro'``,
            ``'weighted'`` or ``'micro'`` for one averaged score.
        num_classes (int, optional): the number of classes (default None: 1 + the largest
            label seen).

    Returns:
        Tensor: float scores ``(num_classes,)``, or a 0-d tensor when averaged.

    Raises:
        ValueError: labels that are not ``(N,)`` or ``(N, C)``, ``y_true`` and ``y_pred``
            of different lengths, or an unknown ``average``.

    >>> recall([0, 1, 2, 2], [0, 2, 2, 2], average="weighted")
    tensor(0.7500)
    >>> recall([0, 1, 2, 2], [0, 2, 2, 2])
    tensor([1., 0., 1.])
    """
    tp, _, support = _counts(y_true, y_pred, num_classes)
    return _average(_safe_div(tp, support), support, _safe_div(tp.sum(), support.sum()),
                    average)


sensitivity = recall


def f1_score(y_true, y_pred, average=None, num_classes=None):
    """Harmonic mean 2PR / (P + R) per class, or averaged as in :func:`precision`
    ('macro' averages the per-class F1 scores, as scikit-learn does).

    Args:
        y_true (Tensor or sequence): true labels ``(N,)``, or one-hot rows ``(N, C)``.
        y_pred (Tensor or sequence): predicted labels ``(N,)``, or scores ``(N, C)``.
        average (str, optional): None (the default) for one score per class; ``'macro'``,
            ``'weighted'`` or ``'micro'`` for one averaged score.
        num_classes (int, optional): the number of classes (default None: 1 + the largest
            label seen).

    Returns:
        Tensor: float scores ``(num_classes,)``, or a 0-d tensor when averaged.

    Raises:
        ValueError: labels that are not ``(N,)`` or ``(N, C)``, ``y_true`` and ``y_pred``
            of different lengths, or an unknown ``average``.

    >>> f1_score([0, 1, 2, 2], [0, 2, 2, 2], average="micro")
    tensor(0.7500)
    >>> f1_score([0, 1, 2, 2], [0, 2, 2, 2])
    tensor([1.0000, 0.0000, 0.8000])
    """
    tp, predicted, support = _counts(y_true, y_pred, num_classes)
    p, r = _safe_div(tp, predicted), _safe_div(tp, support)
    per_class = _safe_div(2 * p * r, p + r)
    return _average(per_class, support, _safe_div(tp.sum(), support.sum()), average)


def classification_report(y_true, y_pred, target_names=None, digits=2, num_classes=None):
    """A text table of precision, recall, F1 and support per class, then accuracy and the
    macro and weighted averages (scikit-learn's layout).

    Args:
        y_true (Tensor or sequence): true labels ``(N,)``, or one-hot rows ``(N, C)``.
        y_pred (Tensor or sequence): predicted labels ``(N,)``, or scores ``(N, C)``.
        target_names (sequence of str, optional): the class names, one per class (default
            None: the class indices).
        digits (int): the number of decimals of the scores (default 2).
        num_classes (int, optional): the number of classes (default None: 1 + the largest
            label seen).

    Returns:
        str: the report (print it).

    Raises:
        ValueError: labels that are not ``(N,)`` or ``(N, C)``, ``y_true`` and ``y_pred``
            of different lengths, or ``target_names`` not one per class.

    >>> print(classification_report([0, 1, 1], [0, 1, 0], target_names=["cat", "dog"]))
                 precision    recall  f1-score   support
    <BLANKLINE>
             cat      0.50      1.00      0.67         1
             dog      1.00      0.50      0.67         2
    <BLANKLINE>
        accuracy                          0.67         3
       macro avg      0.75      0.75      0.67         3
    weighted avg      0.83      0.67      0.67         3
    <BLANKLINE>
    """
    tp, predicted, support = _counts(y_true, y_pred, num_classes)
    p, r = _safe_div(tp, predicted), _safe_div(tp, support)
    f1 = _safe_div(2 * p * r, p + r)
    names = list(target_names) if target_names is not None else \
        [str(i) for i in range(len(support))]
    if len(names) != len(support):
        raise ValueError(f"target_names has {len(names)} entries for {len(support)} classes")
    width = max(len("weighted avg"), *(len(n) for n in names))
    head = f"{'':>{width}} {'precision':>9} {'recall':>9} {'f1-score':>9} {'support':>9}"
    fmt = lambda name, a, b, c, n: (  # noqa: E731
        f"{name:>{width}} {a:>9.{digits}f} {b:>9.{digits}f} {c:>9.{digits}f} {int(n):>9}")
    lines = [head, ""]
    for i, name in enumerate(names):
        lines.append(fmt(name, p[i].item(), r[i].item(), f1[i].item(), support[i].item()))
    total = support.sum().item()
    acc = _safe_div(tp.sum(), support.sum()).item()
    lines += ["", f"{'accuracy':>{width}} {'':>9} {'':>9} {acc:>9.{digits}f} {int(total):>9}"]
    weights = _safe_div(support, support.sum())
    lines.append(fmt("macro avg", p.mean().item(), r.mean().item(), f1.mean().item(), total))
    lines.append(fmt("weighted avg", (p * weights).sum().item(), (r * weights).sum().item(),
                     (f1 * weights).sum().item(), total))
    return "\n".join(lines) + "\n"
