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
    """-sum_c y_true_c * log(y_pred_c) for one-hot ``y_true`` of y_pred's shape.

    Probabilities are renormalised to sum to 1 and clipped to [eps, 1 - eps] first; logits
    go through ``log_softmax``.

    Args:
        y_true (Tensor): one-hot (or soft) targets, ``(N, C)``.
        y_pred (Tensor): predicted probabilities (or logits), ``(N, C)``.
        from_logits (bool): whether ``y_pred`` holds logits rather than probabilities.
            Default: False.

    Returns:
        Tensor: the loss of each sample, ``(N,)``.

    >>> y_true = tinytorch.tensor([[0.0, 1.0], [1.0, 0.0]])
    >>> categorical_crossentropy(y_true, tinytorch.tensor([[0.2, 0.8], [0.6, 0.4]]))
    tensor([0.2231, 0.5108])
    """
    return -(y_true * _log_probs(y_pred, from_logits)).sum(-1)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    """-log(y_pred[label]) for integer class labels ``y_true`` of shape (N,) or (N, 1).

    Args:
        y_true (Tensor): class indices, ``(N,)`` or ``(N, 1)``.
        y_pred (Tensor): predicted probabilities (or logits), ``(N, C)``.
        from_logits (bool): whether ``y_pred`` holds logits rather than probabilities.
            Default: False.

    Returns:
        Tensor: the loss of each sample, ``(N,)``.

    >>> y_pred = tinytorch.tensor([[0.2, 0.8], [0.6, 0.4]])
    >>> sparse_categorical_crossentropy(tinytorch.tensor([1, 0]), y_pred)
    tensor([0.2231, 0.5108])
    """
    labels = y_true.long().reshape(-1, 1)
    return -_log_probs(y_pred, from_logits).gather(-1, labels).reshape(-1)


def binary_crossentropy(y_true, y_pred, from_logits=False):
    """-(y log p + (1 - y) log(1 - p)), averaged over the last axis.

    With logits z it is ``max(z, 0) - z*y + log(1 + exp(-|z|))``, which never overflows;
    probabilities are clipped to [eps, 1 - eps].

    Args:
        y_true (Tensor): targets in [0, 1], ``(N, …)``.
        y_pred (Tensor): predicted probabilities (or logits), of ``y_true``'s shape.
        from_logits (bool): whether ``y_pred`` holds logits rather than probabilities.
            Default: False.

    Returns:
        Tensor: the loss of each sample, ``y_true``'s shape without the last axis.

    >>> y_true = tinytorch.tensor([[1.0], [0.0]])
    >>> binary_crossentropy(y_true, tinytorch.tensor([[0.8], [0.4]]))
    tensor([0.2231, 0.5108])
    """
    if from_logits:
        per_value = y_pred.relu() - y_pred * y_true + (-y_pred.abs()).exp().log1p()
    else:
        eps = backend.epsilon()
        p = y_pred.clamp(eps, 1.0 - eps)
        per_value = -(y_true * p.log() + (1.0 - y_true) * (1.0 - p).log())
    return per_value.mean(-1)


def mean_squared_error(y_true, y_pred):
    """mean((y_pred - y_true)²) over the last axis (also ``mse``, ``MSE``).

    Args:
        y_true (Tensor): targets.
        y_pred (Tensor): predictions, of ``y_true``'s shape.

    Returns:
        Tensor: the loss of each sample, ``y_true``'s shape without the last axis.

    >>> mean_squared_error(tinytorch.tensor([[0.0, 1.0]]), tinytorch.tensor([[0.2, 0.8]]))
    tensor([0.0400])
    """
    return (y_pred - y_true).square().mean(-1)


def mean_absolute_error(y_true, y_pred):
    """``mean(|y_pred - y_true|)`` over the last axis (also ``mae``, ``MAE``).

    Args:
        y_true (Tensor): targets.
        y_pred (Tensor): predictions, of ``y_true``'s shape.

    Returns:
        Tensor: the loss of each sample, ``y_true``'s shape without the last axis.

    >>> mean_absolute_error(tinytorch.tensor([[0.0, 1.0]]), tinytorch.tensor([[0.5, 0.7]]))
    tensor([0.4000])
    """
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

    Args:
        identifier (str or callable): a loss name (``'categorical_crossentropy'``, ``'mse'``
            …) or a function ``fn(y_true, y_pred)``.

    Returns:
        callable: the loss function.

    Raises:
        ValueError: for an unknown name, listing the known ones.

    >>> get('mse') is mean_squared_error
    True
    """
    if callable(identifier):
        return identifier
    if identifier not in _BY_NAME:
        raise ValueError(f"Unknown loss function: '{identifier}'. "
                         f"Known: {', '.join(sorted(_BY_NAME))}")
    return _BY_NAME[identifier]


def is_loss_name(identifier):
    """True if ``identifier`` names a loss (so ``metrics=['mae']`` can report it).

    Args:
        identifier: a metric given to ``compile``: a name, or anything else.

    Returns:
        bool: whether :func:`get` knows the name.

    >>> is_loss_name('mae'), is_loss_name('accuracy')
    (True, False)
    """
    return identifier in _BY_NAME


def fusable_activation(loss_fn):
    """Name of the output activation whose logits ``loss_fn`` can take directly, or None.

    See NOTE [Fused softmax cross-entropy].

    Args:
        loss_fn (callable): a loss function, as :func:`get` returns it.

    Returns:
        str or None: ``'softmax'`` for the categorical cross-entropies, ``'sigmoid'`` for
        :func:`binary_crossentropy`, None for any other loss.

    >>> fusable_activation(categorical_crossentropy), fusable_activation(mean_squared_error)
    ('softmax', None)
    """
    return _FUSABLE.get(loss_fn)
