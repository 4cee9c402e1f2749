"""Keras metrics: stateful objects accumulated over an epoch (``update_state``, ``result``,
``reset_states``), and the per-sample accuracy functions.

``metrics=['accuracy']`` (or ``'acc'``) resolves as Keras does: binary accuracy for a
``binary_crossentropy`` loss or a single output unit, sparse categorical accuracy for
``sparse_categorical_crossentropy``, categorical accuracy otherwise. The metric is reported
under the name the user wrote.
"""

from tinytorch.keras import losses


def categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_pred) == argmax(y_true) (one-hot targets), else 0.0."""
    return (y_pred.argmax(-1) == y_true.argmax(-1)).float()


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where argmax(y_pred) equals the integer label."""
    return (y_pred.argmax(-1) == y_true.reshape(-1).long()).float()


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Fraction of outputs on the right side of ``threshold``, per sample."""
    return ((y_pred > threshold).float() == y_true).float().mean(-1)


class Metric:
    """Base class: accumulate over batches, report the aggregate with ``result()``."""

    def __init__(self, name):
        self.name = name
        self.reset_states()

    def reset_states(self):
        """Forget everything accumulated (called at the start of each epoch)."""
        raise NotImplementedError

    def update_state(self, y_true, y_pred):
        """Add one batch."""
        raise NotImplementedError

    def result(self):
        """The metric over everything seen since the last reset, as a Python float."""
        raise NotImplementedError


class MeanMetricWrapper(Metric):
    """Mean over samples of a per-sample function (``categorical_accuracy`` …)."""

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
    """TP / (TP + FP) over every output unit (one-hot outputs count each class)."""

    def __init__(self, thresholds=0.5, name="precision"):
        super().__init__(thresholds, name)

    def result(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0


class Recall(_Confusion):
    """TP / (TP + FN), a.k.a. sensitivity."""

    def __init__(self, thresholds=0.5, name="recall"):
        super().__init__(thresholds, name)

    def result(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


_FUNCTIONS = {"categorical_accuracy": categorical_accuracy,
              "sparse_categorical_accuracy": sparse_categorical_accuracy,
              "binary_accuracy": binary_accuracy}


def get(identifier, loss_fn=None, output_units=None):
    """A fresh :class:`Metric` for ``identifier`` (a name, a Metric or a per-sample function).

    ``loss_fn`` and ``output_units`` decide what 'accuracy'/'acc' means (see module doc).
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
