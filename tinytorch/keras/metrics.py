"""Keras metrics: stateful objects accumulated over an epoch (``update_state``, ``result``,
``reset_states``), and the per-sample accuracy functions.

``metrics=['accuracy']`` (or ``'acc'``) resolves as Keras does: binary accuracy for a
``binary_crossentropy`` loss or a single output unit, sparse categorical accuracy for
``sparse_categorical_crossentropy``, categorical accuracy otherwise. The metric is reported
under the name the user wrote.
"""

from tinytorch.keras import losses


def categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_pred) == argmax(y_true) (one-hot targets), else 0.0.

    Args:
        y_true (Tensor): one-hot targets, ``(N, C)``.
        y_pred (Tensor): predicted scores, ``(N, C)``.

    Returns:
        Tensor: float32, one value per sample, ``(N,)``.

    >>> y_true = tinytorch.tensor([[0.0, 1.0], [1.0, 0.0]])
    >>> categorical_accuracy(y_true, tinytorch.tensor([[0.2, 0.8], [0.3, 0.7]]))
    tensor([1., 0.])
    """
    return (y_pred.argmax(-1) == y_true.argmax(-1)).float()


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_pred) equals the integer label, else 0.0.

    Args:
        y_true (Tensor): class indices, ``(N,)`` or ``(N, 1)``.
        y_pred (Tensor): predicted scores, ``(N, C)``.

    Returns:
        Tensor: float32, one value per sample, ``(N,)``.

    >>> y_pred = tinytorch.tensor([[0.2, 0.8], [0.3, 0.7]])
    >>> sparse_categorical_accuracy(tinytorch.tensor([1, 0]), y_pred)
    tensor([1., 0.])
    """
    return (y_pred.argmax(-1) == y_true.reshape(-1).long()).float()


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Fraction of outputs on the right side of ``threshold``, per sample.

    Args:
        y_true (Tensor): 0/1 targets, ``(N, …)``.
        y_pred (Tensor): predicted probabilities, of ``y_true``'s shape.
        threshold (float): a prediction above it counts as 1. Default: 0.5.

    Returns:
        Tensor: float32, ``y_true``'s shape without the last axis.

    >>> y_true = tinytorch.tensor([[1.0, 0.0], [0.0, 0.0]])
    >>> binary_accuracy(y_true, tinytorch.tensor([[0.9, 0.6], [0.1, 0.2]]))
    tensor([0.5000, 1.0000])
    """
    return ((y_pred > threshold).float() == y_true).float().mean(-1)


class Metric:
    """Base class: accumulate over batches, report the aggregate with ``result()``.

    Subclasses define :meth:`reset_states` (called by the constructor), :meth:`update_state`
    and :meth:`result`. Unlike Keras' metrics, these are not layers and hold no weights.

    Args:
        name (str): the key the metric is logged under (``'acc'``, ``'precision'`` …).

    >>> class Count(Metric):
    ...     def reset_states(self):
    ...         self.n = 0
    ...     def update_state(self, y_true, y_pred):
    ...         self.n += len(y_true)
    ...     def result(self):
    ...         return float(self.n)
    >>> m = Count('count')
    >>> m.update_state(tinytorch.zeros(3), tinytorch.zeros(3))
    >>> m.name, m.result()
    ('count', 3.0)
    """

    def __init__(self, name):
        self.name = name
        self.reset_states()

    def reset_states(self):
        """Forget everything accumulated (called at the start of each epoch).

        Raises:
            NotImplementedError: in the base class; subclasses define it.

        >>> m = get('binary_accuracy')
        >>> m.update_state(tinytorch.tensor([[1.0]]), tinytorch.tensor([[0.9]]))
        >>> m.reset_states()
        >>> m.result()
        0.0
        """
        raise NotImplementedError

    def update_state(self, y_true, y_pred):
        """Add one batch.

        Args:
            y_true (Tensor): the batch's targets.
            y_pred (Tensor): the model's outputs for it.

        Raises:
            NotImplementedError: in the base class; subclasses define it.

        >>> m = get('binary_accuracy')
        >>> m.update_state(tinytorch.tensor([[1.0], [0.0]]), tinytorch.tensor([[0.9], [0.8]]))
        >>> m.result()
        0.5
        """
        raise NotImplementedError

    def result(self):
        """The metric over everything seen since the last reset.

        Returns:
            float: the aggregate (0.0 before any batch).

        Raises:
            NotImplementedError: in the base class; subclasses define it.

        >>> m = get('recall')
        >>> m.update_state(tinytorch.tensor([1.0, 1.0]), tinytorch.tensor([0.9, 0.2]))
        >>> m.result()
        0.5
        """
        raise NotImplementedError


class MeanMetricWrapper(Metric):
    """Mean over samples of a per-sample function (``categorical_accuracy`` …).

    Args:
        fn (callable): ``fn(y_true, y_pred)`` returning one value per sample.
        name (str): the key the metric is logged under.

    >>> m = MeanMetricWrapper(categorical_accuracy, 'acc')
    >>> y_true = tinytorch.tensor([[0.0, 1.0], [1.0, 0.0]])
    >>> m.update_state(y_true, tinytorch.tensor([[0.2, 0.8], [0.3, 0.7]]))
    >>> m.result()
    0.5
    """

    def __init__(self, fn, name):
        self.fn = fn
        super().__init__(name)

    def reset_states(self):
        self.total, self.count = 0.0, 0

    def update_state(self, y_true, y_pred):
        values = self.fn(y_true, y_pred)
        self.total += float(values.sum())
        self.count += values.numel()

    def result(self):
        return self.total / self.count if self.count else 0.0


class _Confusion(Metric):
    """True/false positives and negatives over all outputs, thresholded at ``thresholds``."""

    def __init__(self, thresholds=0.5, name=None):
        self.thresholds = thresholds
        super().__init__(name)

    def reset_states(self):
        self.tp = self.fp = self.fn = 0.0

    def update_state(self, y_true, y_pred):
        predicted = (y_pred > self.thresholds).float()
        actual = y_true.float().reshape(predicted.shape)
        self.tp += float((predicted * actual).sum())
        self.fp += float((predicted * (1.0 - actual)).sum())
        self.fn += float(((1.0 - predicted) * actual).sum())


class Precision(_Confusion):
    """TP / (TP + FP) over every output unit (one-hot outputs count each class).

    Args:
        thresholds (float): a prediction above it counts as positive. Default: 0.5 (Keras
            also takes a list of thresholds, and ``top_k`` / ``class_id``: not supported).
        name (str): the key the metric is logged under. Default: ``'precision'``.

    >>> m = Precision()
    >>> m.update_state(tinytorch.tensor([1.0, 0.0, 1.0]), tinytorch.tensor([0.9, 0.8, 0.7]))
    >>> m.result()
    0.6666666666666666
    """

    def __init__(self, thresholds=0.5, name="precision"):
        super().__init__(thresholds, name)

    def result(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0


class Recall(_Confusion):
    """TP / (TP + FN), a.k.a. sensitivity, over every output unit.

    Args:
        thresholds (float): a prediction above it counts as positive. Default: 0.5 (Keras
            also takes a list of thresholds, and ``top_k`` / ``class_id``: not supported).
        name (str): the key the metric is logged under. Default: ``'recall'``.

    >>> m = Recall()
    >>> m.update_state(tinytorch.tensor([1.0, 0.0, 1.0]), tinytorch.tensor([0.9, 0.8, 0.2]))
    >>> m.result()
    0.5
    """

    def __init__(self, thresholds=0.5, name="recall"):
        super().__init__(thresholds, name)

    def result(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


_FUNCTIONS = {"categorical_accuracy": categorical_accuracy,
              "sparse_categorical_accuracy": sparse_categorical_accuracy,
              "binary_accuracy": binary_accuracy}


def get(identifier, loss_fn=None, output_units=None):
    """A fresh :class:`Metric` for ``identifier`` (a name, a Metric or a per-sample function).

    Args:
        identifier (str, Metric or callable): a name (``'accuracy'``, ``'acc'``,
            ``'categorical_accuracy'``, ``'precision'``, ``'recall'``, a loss name such as
            ``'mae'`` …), a Metric (returned as is) or a per-sample function
            ``fn(y_true, y_pred)``.
        loss_fn (callable, optional): the output's loss function; with ``output_units`` it
            decides what ``'accuracy'``/``'acc'`` means (see the module doc).
        output_units (int, optional): size of the output's last axis.

    Returns:
        Metric: ``identifier`` itself if it is a Metric; otherwise a new one, logged under
        the name as written (a function's ``__name__``).

    Raises:
        ValueError: for an unknown name.

    >>> m = get('acc', loss_fn=losses.sparse_categorical_crossentropy)
    >>> m.name, m.fn.__name__
    ('acc', 'sparse_categorical_accuracy')
    """
    if isinstance(identifier, Metric):
        return identifier
    if callable(identifier):
        return MeanMetricWrapper(identifier, identifier.__name__)
    if identifier in ("accuracy", "acc"):
        if loss_fn is losses.binary_crossentropy or output_units == 1:
            return MeanMetricWrapper(binary_accuracy, identifier)
        if loss_fn is losses.sparse_categorical_crossentropy:
            return MeanMetricWrapper(sparse_categorical_accuracy, identifier)
        return MeanMetricWrapper(categorical_accuracy, identifier)
    if identifier in _FUNCTIONS:
        return MeanMetricWrapper(_FUNCTIONS[identifier], identifier)
    if identifier in ("precision", "recall"):
        return Precision() if identifier == "precision" else Recall()
    if losses.is_loss_name(identifier):
        return MeanMetricWrapper(losses.get(identifier), identifier)
    raise ValueError(f"Unknown metric function: '{identifier}'")


__all__ = ["Metric", "MeanMetricWrapper", "Precision", "Recall", "binary_accuracy",
           "categorical_accuracy", "sparse_categorical_accuracy", "get"]
