"""Loss functions by their Keras names. Each returns one loss per sample; fit() averages.

# NOTE [Fused softmax cross-entropy]
Keras computes ``categorical_crossentropy`` after a softmax output layer from the logits
(log-softmax), which is exact where log(softmax(z)) would underflow to log(0). ``fit`` and
``evaluate`` do the same: when the model's last layer applies the activation named by
:func:`fusable_activation` for the loss, the loss is taken with ``from_logits=True`` on that
layer's pre-activation. Probabilities given directly are clipped to [eps, 1 - eps] first.
"""

import tinytorch
from tinytorch.keras import backend


def _log_probs(y_pred, from_logits):
    if from_logits:
        return tinytorch.log_softmax(y_pred, -1)
    y_pred = y_pred / y_pred.sum(-1, keepdim=True)
    eps = backend.epsilon()
    return y_pred.clamp(eps, 1.0 - eps).log()


def categorical_crossentropy(y_true, y_pred, from_logits=False):
    """-sum_c y_true_c * log(y_pred_c) for one-hot ``y_true`` of y_pred's shape."""
    return -(y_true * _log_probs(y_pred, from_logits)).sum(-1)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    """-log(y_pred[label]) for integer class labels ``y_true`` of shape (N,) or (N, 1)."""
    labels = y_true.long().reshape(-1, 1)
    return -_log_probs(y_pred, from_logits).gather(-1, labels).reshape(-1)


def binary_crossentropy(y_true, y_pred, from_logits=False):
    """-(y log p + (1 - y) log(1 - p)), averaged over the last axis.

    With logits z it is ``max(z, 0) - z*y + log(1 + exp(-|z|))``, which never overflows.
    """
    if from_logits:
        per_value = y_pred.relu() - y_pred * y_true + (-y_pred.abs()).exp().log1p()
    else:
        eps = backend.epsilon()
        p = y_pred.clamp(eps, 1.0 - eps)
        per_value = -(y_true * p.log() + (1.0 - y_true) * (1.0 - p).log())
    return per_value.mean(-1)


def mean_squared_error(y_true, y_pred):
    """mean((y_pred - y_true)²) over the last axis."""
    return (y_pred - y_true).square().mean(-1)


def mean_absolute_error(y_true, y_pred):
    """``mean(|y_pred - y_true|)`` over the last axis."""
    return (y_pred - y_true).abs().mean(-1)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error

_BY_NAME = {"categorical_crossentropy": categorical_crossentropy,
            "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
            "binary_crossentropy": binary_crossentropy,
            "mean_squared_error": mean_squared_error, "mse": mean_squared_error,
            "MSE": mean_squared_error, "mean_absolute_error": mean_absolute_error,
            "mae": mean_absolute_error, "MAE": mean_absolute_error}
_FUSABLE = {categorical_crossentropy: "softmax", sparse_categorical_crossentropy: "softmax",
            binary_crossentropy: "sigmoid"}


def get(identifier):
    """The per-sample loss function for a Keras name (or a callable, returned as is).

    Raises:
        ValueError: for an unknown name, listing the known ones.
    """
    if callable(identifier):
        return identifier
    if identifier not in _BY_NAME:
        raise ValueError(f"Unknown loss function: '{identifier}'. "
                         f"Known: {', '.join(sorted(_BY_NAME))}")
    return _BY_NAME[identifier]


def is_loss_name(identifier):
    """True if ``identifier`` names a loss (so ``metrics=['mae']`` can report it)."""
    return identifier in _BY_NAME


def fusable_activation(loss_fn):
    """Name of the output activation whose logits ``loss_fn`` can take directly, or None.

    See NOTE [Fused softmax cross-entropy].
    """
    return _FUSABLE.get(loss_fn)
