"""Margin, embedding and likelihood losses for ``tinytorch.nn.functional``, composed of
differentiable ops as PyTorch composes most of them: values, gradients and double backward
come from those ops. At the kinks they take PyTorch's gradients: ``clamp(min=0)`` passes the
gradient at 0, as PyTorch's ``clamp_min`` does (margin ranking, hinge, cosine embedding and
triplet losses); ``relu`` gives 0 there, as the multi-margin kernels' ``z > 0`` test does."""

import math

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import arithmetic as ar
from tinytorch._ops import compare
from tinytorch._ops import indexing
from tinytorch._ops import nn_activation
from tinytorch._ops import pointwise
from tinytorch._ops import reduction as rd
from tinytorch._ops import shape
from tinytorch._ops.conversion import detach
from tinytorch._ops.nn_distance import pairwise_distance
from tinytorch._ops._util import refuse_grad_of
from tinytorch._ops._util import refuse_integral
from tinytorch._ops.nn_loss import reduce_loss
from tinytorch.amp import autocast_mode as _autocast

_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(reduction, suffix="is not a valid value for reduction"):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} {suffix}")


def _hinge(x, zero=0.0):
    """max(x, 0) with the gradient passed at 0 (PyTorch's clamp_min; ``zero`` 0 keeps an
    integer x's dtype)."""
    return pointwise.clamp_named(x, zero, None, "ClampMinBackward0")


def _dims(*tensors):
    return " and ".join(str(list(t.shape)) for t in tensors)


def margin_ranking_loss(input1, input2, target, margin, reduction):
    if _autocast.on and _autocast.active(input1):
        return _autocast.run("margin_ranking_loss", margin_ranking_loss,
                             input1, input2, target, margin, reduction)
    _check_reduction(reduction)
    if not input1.ndim == input2.ndim == target.ndim:
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension "
                           f"but got sizes: input1: {input1.shape}, input2: {input2.shape}, "
                           f"target: {target.shape} ")
    return reduce_loss(_hinge(-target * (input1 - input2) + margin), reduction)


def hinge_embedding_loss(input, target, margin, reduction):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("hinge_embedding_loss", hinge_embedding_loss,
                             input, target, margin, reduction)
    _check_reduction(reduction)
    zero = 0.0 if input.dtype.is_floating_point else 0  # an integer input keeps its dtype,
    margin = margin if input.dtype.is_floating_point else int(margin)  # as PyTorch's
    loss = (ar.where(compare.ne(target, 1), _hinge(margin - input, zero), zero)
            + ar.where(compare.ne(target, -1), input, zero))
    return reduce_loss(loss, reduction)


def soft_margin_loss(input, target, reduction):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("soft_margin_loss", soft_margin_loss, input, target, reduction)
    _check_reduction(reduction)
    if not input.dtype.is_floating_point:  # PyTorch writes the float loss into input's dtype
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_dtype.SCALAR_TYPE_NAMES[input.dtype]}")
    refuse_grad_of("soft_margin_loss", "target", target)
    return reduce_loss(nn_activation.softplus(-target * input), reduction)


def multilabel_soft_margin_loss(input, target, weight, reduction):
    if input.ndim == 0:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    # -(t log σ(x) + (1 - t) log σ(-x)), with log σ(x) = -softplus(-x)
    loss = (target * nn_activation.softplus(-input)
            + (1 - target) * nn_activation.softplus(input))
    if weight is not None:
        loss = loss * weight
    loss = rd.sum(loss, input.ndim - 1) / input.shape[-1]
    _check_reduction(reduction, "is not valid")
    return reduce_loss(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin, reduction):
    if _autocast.on and _autocast.active(input1):
        return _autocast.run("cosine_embedding_loss", cosine_embedding_loss,
                             input1, input2, target, margin, reduction)
    _check_reduction(reduction)
    dim = target.ndim
    if dim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.ndim != dim + 1:
        raise RuntimeError(f"{dim}D target tensor expects {dim + 1}D input tensors, but found "
                           f"inputs with sizes {_dims(input1, input2)}.")
    prod = rd.sum(input1 * input2, dim)
    denom = pointwise.sqrt((rd.sum(input1 * input1, dim) + 1e-12)
                           * (rd.sum(input2 * input2, dim) + 1e-12))
    cos = prod / denom
    loss = (ar.where(compare.eq(target, 1), 1 - cos, 0.0)
            + ar.where(compare.eq(target, -1), _hinge(cos - margin), 0.0))
    return reduce_loss(loss, reduction)


def _check_triplet(anchor, positive, negative, margin, reduction):
    _check_reduction(reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    if not anchor.ndim == positive.ndim == negative.ndim:
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the "
                           f"same number of dimensions, but got: anchor {anchor.ndim}D, positive "
                           f"{positive.ndim}D, and negative {negative.ndim}D inputs")


def triplet_margin_with_distance_loss(anchor, positive, negative, distance_function, margin,
                                      swap, reduction):
    _check_triplet(anchor, positive, negative, margin, reduction)
    distance = pairwise_distance if distance_function is None else distance_function
    dist_pos = distance(anchor, positive)
    dist_neg = distance(anchor, negative)
    if swap:  # the positive as the anchor, where it is closer to the negative
        dist_neg = ar.minimum(dist_neg, distance(positive, negative))
    return reduce_loss(_hinge(margin + dist_pos - dist_neg), reduction)


def triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction):
    if _autocast.on and _autocast.active(anchor):
        return _autocast.run("triplet_margin_loss", triplet_margin_loss,
                             anchor, positive, negative, margin, p, eps, swap, reduction)
    def distance(x1, x2):
        return pairwise_distance(x1, x2, p, eps)
    return triplet_margin_with_distance_loss(anchor, positive, negative, distance, margin,
                                             swap, reduction)


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("poisson_nll_loss", poisson_nll_loss,
                             input, target, log_input, full, eps, reduction)
    _check_reduction(reduction)
    if log_input:
        loss = pointwise.exp(input) - target * input
    else:
        loss = input - target * pointwise.log(input + eps)
    if full:  # Stirling's approximation of log(target!), for targets above 1
        stirling = (target * pointwise.log(target) - target
                    + 0.5 * pointwise.log(2 * math.pi * target))
        loss = loss + ar.where(compare.le(target, 1), 0.0, stirling)
    return reduce_loss(loss, reduction)


def _gaussian_var(input, var):
    """var as a tensor broadcastable to input (PyTorch's size rules), or ValueError."""
    if isinstance(var, (int, float)):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        return var * _creation.ones_like(input)
    if bool(rd.any(compare.lt(var, 0))):
        raise ValueError("var has negative entry/entries")
    if tuple(var.shape) == tuple(input.shape):
        return var
    if tuple(input.shape[:-1]) == tuple(var.shape):  # one variance per row
        return shape.unsqueeze(var, -1)
    if input.ndim == var.ndim and sum(
            v for i, v in zip(input.shape, var.shape) if i != v) == 1:
        return var  # one dim of size 1, broadcast
    raise ValueError("var is of incorrect size")


def gaussian_nll_loss(input, target, var, full, eps, reduction):
    var = _gaussian_var(input, var)
    _check_reduction(reduction, "is not valid")
    if not var.dtype.is_floating_point:  # PyTorch clamps var in place: a float into it
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_dtype.C_TYPE_NAMES[var.dtype]}")
    # var clamped at eps with the gradient of the unclamped var (PyTorch clamps a clone of it
    # in place without recording)
    var = detach(pointwise.clamp(var, min=eps)) + (var - detach(var))
    loss = 0.5 * (pointwise.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_loss(loss, reduction)


def _margin_layout(input):
    """input as (samples, classes): a 0-d input is one sample of one class, a 1-D one sample."""
    size = list(input.shape)
    if not (input.ndim == 0 or (input.ndim <= 2 and size[-1] != 0)):
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, "
                           f"but got: {size}")
    rows, classes = ([1] + [1] + size)[-2:] if input.ndim < 2 else size
    return shape.reshape(input, (rows, classes)), rows, classes


def _check_long(target):
    if target.dtype is not _dtype.int64:
        raise RuntimeError(f"expected scalar type Long but found "
                           f"{_dtype.SCALAR_TYPE_NAMES[target.dtype]}")


def _outside(target, low, high):
    """Whether some target lies outside [low, high]."""
    be, t = target._backend, target._data
    return bool(t.size) and (int(be.amin(t)) < low or int(be.amax(t)) > high)


def multi_margin_loss(input, target, p, margin, weight, reduction):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("multi_margin_loss", multi_margin_loss,
                             input, target, p, margin, weight, reduction)
    _check_reduction(reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.ndim != 1:
        raise ValueError("weight must be one-dimensional")
    x, rows, classes = _margin_layout(input)
    if target.ndim > 1 or target.numel() != rows:
        raise RuntimeError(f"multi_margin_loss: target tensor should be 1-D with size equal to "
                           f"the number of input samples (batch size). Expected target size "
                           f"[{rows}], but got {list(target.shape)}. Input has shape "
                           f"{list(input.shape)}.")
    _check_long(target)
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(f"inconsistent weight size, expected {classes} but got "
                           f"{list(weight.shape)}")
    if _outside(target, 0, classes - 1):
        raise RuntimeError("target out of range")
    refuse_integral("multi_margin_loss_cpu_kernel", input)
    t = shape.reshape(target, (rows, 1))
    z = margin - indexing.gather(x, 1, t) + x  # margin - x[y] + x[j]; counted where z > 0
    h = nn_activation.relu(z)
    if p == 2:
        h = h * h
    others = compare.ne(_creation.arange(classes, device=input.device), t)
    h = ar.where(others, h, 0.0)
    if weight is not None:
        h = h * shape.reshape(indexing.index_select(weight, 0, shape.reshape(t, (-1,))),
                              (rows, 1))
    loss = rd.sum(h, 1) / classes
    # results of their own, as PyTorch's kernels write them (see shape.own)
    return reduce_loss(shape.own(shape.reshape(loss, tuple(target.shape)),
                                 "MultiMarginLossBackward0"), reduction)


def multilabel_margin_loss(input, target, reduction):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("multilabel_margin_loss", multilabel_margin_loss,
                             input, target, reduction)
    _check_reduction(reduction)
    x, rows, classes = _margin_layout(input)
    if (target.ndim > 1 or target.numel() != classes) if input.ndim <= 1 else \
            tuple(target.shape) != (rows, classes):
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: "
                           f"{list(input.shape)}")
    _check_long(target)
    if _outside(target, -1, classes - 1):
        raise RuntimeError("argument #2 'target' is out of range")
    refuse_integral("multilabel_margin_loss_forward_out_frame", input)
    t = shape.reshape(target, (rows, classes))
    # the targets of a sample are its entries before the first -1
    listed = compare.eq(rd.cumsum(compare.eq(t, -1), 1), 0)
    t = ar.where(listed, t, 0)
    hits = compare.logical_and(compare.eq(shape.unsqueeze(t, 2), _creation.arange(
        classes, device=input.device)), shape.unsqueeze(listed, 2))
    is_target = rd.any(hits, 1)  # (rows, classes)
    # 1 - (x[y_j] - x[i]) for each listed target j and each class i that is no target
    z = 1 - shape.unsqueeze(indexing.gather(x, 1, t), 2) + shape.unsqueeze(x, 1)
    pairs = compare.logical_and(shape.unsqueeze(listed, 2),
                                shape.unsqueeze(compare.logical_not(is_target), 1))
    loss = rd.sum(ar.where(pairs, nn_activation.relu(z), 0.0), (1, 2)) / classes
    loss = loss if input.ndim == 2 else shape.reshape(loss, ())
    return reduce_loss(shape.own(loss, "MultilabelMarginLossBackward0"), reduction)
