"""Gradient clipping: ``clip_grad_norm_`` (= ``get_total_norm`` + ``clip_grads_with_norm_``)
and ``clip_grad_value_``."""

import math
import types
import warnings

from tinytorch import _creation
from tinytorch._grad_mode import no_grad
from tinytorch._ops.join import stack
from tinytorch._tensor import Tensor


def _grads(parameters):
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


@no_grad()
def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The ``norm_type``-norm of ``tensors`` taken together, as if concatenated into one
    vector (computed as the norm of the per-tensor norms).

    Args:
        tensors (Iterable[Tensor] or Tensor): the tensors (usually gradients) to measure.
        norm_type (float): the p of the p-norm; ``inf`` for the max norm. Default: 2.
        error_if_nonfinite (bool): raise if the total norm is nan or inf. Default: False.
        foreach: accepted for compatibility; ignored.

    Returns:
        Tensor: the total norm, a 0-d tensor (``tensor(0.)`` for no tensors).

    Raises:
        RuntimeError: if ``error_if_nonfinite`` and the norm is nan or inf.

    >>> tinytorch.nn.utils.get_total_norm([tinytorch.tensor([3.0]), tinytorch.tensor([4.0])])
    tensor(5.)
    """
    if isinstance(tensors, Tensor):
        tensors = [tensors]
    tensors = list(tensors)
    if not tensors:
        return _creation.tensor(0.0)
    norm_type = float(norm_type)
    device = tensors[0].device
    total = stack([t.norm(norm_type).to(device) for t in tensors]).norm(norm_type)
    if error_if_nonfinite and not math.isfinite(total.item()):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is "
            "non-finite, so it cannot be clipped. To disable this error and scale the gradients "
            "by the non-finite norm anyway, set `error_if_nonfinite=False`")
    return total


@no_grad()
def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Multiply every gradient in place by ``min(1, max_norm / (total_norm + 1e-6))``.

    The second half of :func:`clip_grad_norm_`, given a total norm from
    :func:`get_total_norm`.

    Args:
        parameters (Iterable[Tensor] or Tensor): tensors whose ``.grad`` is scaled.
        max_norm (float): the largest allowed norm.
        total_norm (Tensor): the total norm of the gradients.
        foreach: accepted for compatibility; ignored.

    >>> w = tinytorch.nn.Parameter(tinytorch.ones(2))
    >>> w.grad = tinytorch.tensor([3.0, 4.0])
    >>> norm = tinytorch.nn.utils.get_total_norm([w.grad])
    >>> tinytorch.nn.utils.clip_grads_with_norm_([w], 1.0, norm)
    >>> w.grad
    tensor([0.6000, 0.8000])
    """
    grads = _grads(parameters)
    if not grads:
        return
    clip_coef = (float(max_norm) / (total_norm + 1e-6)).clamp(max=1.0)
    for g in grads:
        g.mul_(clip_coef.to(g.device, g.dtype))


@no_grad()
def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False,
                    foreach=None):
    """Scale gradients in place so their joint ``norm_type``-norm is at most ``max_norm``.

    The norm is taken over all gradients together, as if concatenated into one vector.
    Gradients are multiplied by ``min(1, max_norm / (total_norm + 1e-6))``.

    Args:
        parameters (Iterable[Tensor] or Tensor): tensors whose ``.grad`` is clipped.
        max_norm (float): the largest allowed norm.
        norm_type (float): the p of the p-norm; ``inf`` for the max norm. Default: 2.
        error_if_nonfinite (bool): raise if the total norm is nan or inf. Default: False.
        foreach: accepted for compatibility; ignored.

    Returns:
        Tensor: the total norm of the gradients before clipping.

    >>> import tinytorch
    >>> w = tinytorch.nn.Parameter(tinytorch.ones(4))
    >>> w.grad = tinytorch.full((4,), 3.0)
    >>> tinytorch.nn.utils.clip_grad_norm_([w], max_norm=1.0)
    tensor(6.)
    """
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)  # read once: a generator would be exhausted
        if is_generator and not parameters:  # stacklevel 3: past no_grad's wrapper
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.",
                          stacklevel=3)
    total_norm = get_total_norm(_grads(parameters), norm_type, error_if_nonfinite)
    clip_grads_with_norm_(parameters, max_norm, total_norm)
    return total_norm


@no_grad()
def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient in place to ``[-clip_value, clip_value]``.

    Args:
        parameters (Iterable[Tensor] or Tensor): tensors whose ``.grad`` is clamped.
        clip_value (float): the largest allowed absolute value of a gradient element.
        foreach: accepted for compatibility; ignored.

    >>> import tinytorch
    >>> w = tinytorch.nn.Parameter(tinytorch.ones(2))
    >>> w.grad = tinytorch.tensor([3.0, 0.5])
    >>> tinytorch.nn.utils.clip_grad_value_([w], 1.0)
    >>> w.grad
    tensor([1.0000, 0.5000])
    """
    clip_value = float(clip_value)
    for g in _grads(parameters):
        g.clamp_(min=-clip_value, max=clip_value)


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated: :func:`clip_grad_norm_`, after a ``FutureWarning`` (PyTorch's old name).

    Args:
        parameters (Tensor or iterable of Tensors): and the other arguments of
            :func:`clip_grad_norm_`.
        max_norm (float): the largest norm allowed.
        norm_type (float): the norm's order. Default: 2.0.
        error_if_nonfinite (bool): raise if the norm is nan or inf. Default: False.
        foreach (bool, optional): accepted; ignored.

    Returns:
        Tensor: the total norm before clipping.

    >>> import warnings
    >>> p = tinytorch.nn.Parameter(tinytorch.ones(4))
    >>> p.grad = tinytorch.ones(4)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     float(clip_grad_norm([p], 1.0))
    2.0
    """
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
                  "`torch.nn.utils.clip_grad_norm_`.", FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)
