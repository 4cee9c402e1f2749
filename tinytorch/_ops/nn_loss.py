"""Loss ops for ``tinytorch.nn.functional``: fused cross-entropy, NLL, and the elementwise
losses (smooth L1 / Huber, binary cross-entropy with and without logits, KL divergence).
Reductions are applied by the functional layer with the core ``sum`` / ``mean`` ops, except
the class losses' 'mean', which their ops compute."""

import warnings

from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import nn_activation
from tinytorch._ops import pointwise
from tinytorch._ops import reduction as rd
from tinytorch._ops._op import Op
from tinytorch._ops._util import promote
from tinytorch._ops._util import refuse_integral
from tinytorch._ops._util import user_stacklevel
from tinytorch._ops.conversion import cast as _cast
from tinytorch._ops.shape import permute as _permute
from tinytorch._ops.shape import reshape as _reshape
from tinytorch._ops.shape import unsafe_view as _unsafe_view


class CrossEntropy(Op):
    """l_i = -(1-ε) w[t_i] log p_i[t_i] - ε/C Σ_c w_c log p_i[c],  p = softmax(x_i).
    dL/dx_i = g_i ((1-ε) w[t_i] (p - onehot(t_i)) + ε/C (p Σw - w)).
    With ``mean``: L = Σ_i l_i / Σ_i w[t_i] over non-ignored targets, g_i = g / Σ_i w[t_i]."""

    node_name = "NllLossBackward0"

    @staticmethod
    def forward(ctx, logits, target, weight, ignore_index, label_smoothing, mean=False,
                name=None):
        losses, log_probs = ctx.backend.cross_entropy(logits, target, weight, ignore_index,
                                                      label_smoothing)
        ctx.options = (ignore_index, label_smoothing)
        # PyTorch's last step: the NLL loss (``name``: NllLoss2D for images), or with
        # smoothing the sum of it and the smoothing term
        ctx.node_name = "AddBackward0" if label_smoothing else name
        ctx.save_for_backward(log_probs, target, weight)
        return _mean_forward(ctx, losses, target, weight, ignore_index) if mean else losses

    @staticmethod
    def backward(ctx, g):
        log_probs, target, weight = ctx.saved_tensors
        grad = ctx.backend.cross_entropy_backward(_mean_backward(ctx, g, target), log_probs,
                                                  target, weight, *ctx.options)
        return grad, None, None, None, None


class NLLLoss(Op):
    """l_i = -w[t_i] x_i[t_i] (0 where ignored).  dL/dx_i[t_i] = -g_i w[t_i].
    With ``mean``: L = Σ_i l_i / Σ_i w[t_i] over non-ignored targets, g_i = g / Σ_i w[t_i]."""

    node_name = "NllLossBackward0"

    @staticmethod
    def forward(ctx, log_probs, target, weight, ignore_index, mean=False, name=None):
        ctx.options = (ignore_index, log_probs.shape[1])
        ctx.node_name = name
        # log_probs is not needed, but PyTorch keeps it: writing it in place then raises
        ctx.save_for_backward(target, weight, log_probs)
        losses = ctx.backend.nll_loss(log_probs, target, weight, ignore_index)
        return _mean_forward(ctx, losses, target, weight, ignore_index) if mean else losses

    @staticmethod
    def backward(ctx, g):
        target, weight, _ = ctx.saved_tensors
        return ctx.backend.nll_loss_backward(_mean_backward(ctx, g, target), target, weight,
                                             *ctx.options), None, None, None


# The 'mean' reduction lives inside the class-loss ops (as in PyTorch's kernels): as separate
# sum and div ops it doubled the graph of a typical training step's loss. ignore_index is
# None when the range check saw no ignored target (see _check_classes).
def _mean_forward(ctx, losses, target, weight, ignore_index):
    """Σ losses / Σ w[t] over non-ignored targets (PyTorch's 'mean' for class losses); the
    count of targets when no weight is given and no target is ignored."""
    be = ctx.backend
    if weight is None and ignore_index is None:
        ctx.denom = float(target.shape[0])
        return be.div(be.sum(losses), ctx.denom)
    if ignore_index is None:
        per_sample = be.getitem(weight, target)
    else:
        valid = be.ne(target, ignore_index)
        per_sample = (be.astype(valid, _dtype.from_native(losses.dtype)) if weight is None else
                      be.where(valid, be.getitem(weight, be.where(valid, target, 0)), 0))
    ctx.denom = be.reshape(be.sum(per_sample, None, True), ())  # a 0-d array, not a scalar
    return be.div(be.sum(losses), ctx.denom)


def _mean_backward(ctx, g, target):
    """The per-sample gradient: g itself, or g / Σ w[t] for every sample under 'mean'. When
    every target is ignored Σ w[t] is 0 (the loss NaN) and the gradient 0, as PyTorch's
    kernels leave it (g / 0 would make 0 * inf in every row)."""
    denom = getattr(ctx, "denom", None)
    if denom is None:
        return g
    be = ctx.backend
    if not isinstance(denom, float):
        denom = be.where(be.eq(denom, 0), 1, denom)
    return be.broadcast_to(be.div(g, denom), target.shape)


# The pointwise losses keep their input and target, as PyTorch's do (an in-place write to
# either then raises at backward), and recompute the difference in backward.
class SmoothL1(Op):
    """l = d²/(2β) if |d| < β else |d| - β/2 (d = x - t).  dl/dx = -dl/dt = d/β or sign(d)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, x, t, beta):
        ctx.beta = beta
        ctx.save_for_backward(x, t)
        return ctx.backend.smooth_l1(ctx.backend.sub(x, t), beta)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, t = ctx.saved_tensors
        gx = be.smooth_l1_backward(g, be.sub(x, t), ctx.beta)
        return gx, (be.neg(gx) if ctx.needs_input_grad[1] else None), None


class SquaredError(Op):
    """l = (x - t)².  dl/dx = -dl/dt = 2 (x - t)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, x, t):
        ctx.save_for_backward(x, t)
        d = ctx.backend.sub(x, t)
        return ctx.backend.mul(d, d)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, t = ctx.saved_tensors
        gx = be.mul(g, be.mul(be.sub(x, t), 2.0))
        return gx, (be.neg(gx) if ctx.needs_input_grad[1] else None)


class BinaryCrossEntropy(Op):
    """l = -(y log p + (1-y) log(1-p)), logs clamped at -100.
    dl/dp = (p - y) / max(p (1-p), 1e-12),  dl/dy = -logit(p) (PyTorch's, unclamped)."""

    @staticmethod
    def forward(ctx, p, y):
        ctx.save_for_backward(p, y)
        return ctx.backend.binary_cross_entropy(p, y)

    @staticmethod
    def backward(ctx, g):
        p, y = ctx.saved_tensors
        gp, gy = ctx.backend.binary_cross_entropy_backward(g, p, y)
        need_p, need_y = ctx.needs_input_grad
        return (gp if need_p else None), (gy if need_y else None)


class BinaryCrossEntropyWithLogits(Op):
    """l = (1-y) x + (1 + (w₊-1) y) softplus(-x).
    dl/dx = (1-y) - (1 + (w₊-1) y) σ(-x),  dl/dy = (w₊-1) softplus(-x) - x,
    dl/dw₊ = y softplus(-x) (in the broadcast shape: the engine sums each to its input's)."""

    @staticmethod
    def forward(ctx, x, y, pos_weight):
        ctx.save_for_backward(x, y, pos_weight)
        return ctx.backend.binary_cross_entropy_with_logits(x, y, pos_weight)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, y, pos_weight = ctx.saved_tensors
        grads = be.binary_cross_entropy_with_logits_backward(g, x, y, pos_weight)
        return tuple(gr if need else None for gr, need in zip(grads, ctx.needs_input_grad))


class KLDiv(Op):
    """l = t (log t - x)  (or e^t (t - x) with log_target).
    dl/dx = -t (or -e^t),  dl/dt = log t + 1 - x (or e^t (t - x + 1))."""

    @staticmethod
    def forward(ctx, x, t, log_target):
        ctx.log_target = log_target
        # PyTorch's t·log t - t·x keeps x only for dl/dt (its log_target form keeps neither:
        # there tinytorch keeps both, so an in-place write to them raises where PyTorch's
        # does not)
        keep_x = log_target or ctx.needs_input_grad[1]
        ctx.save_for_backward(x if keep_x else None, t)
        return ctx.backend.kl_div(x, t, log_target)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, t = ctx.saved_tensors
        need_x, need_t = ctx.needs_input_grad[:2]
        if x is None:  # only dl/dx = -g t is wanted
            return be.neg(be.mul(g, t)), None, None
        gx, gt = be.kl_div_backward(g, x, t, ctx.log_target)
        return (gx if need_x else None), (gt if need_t else None), None


# --- functions behind tinytorch.nn.functional --------------------------------------------------
_REDUCTIONS = ("none", "mean", "sum")


def legacy_reduction(size_average, reduce, reduction):
    """The ``reduction`` string implied by the deprecated size_average/reduce flags, with
    PyTorch's warning (the losses' functions and modules alike) when either is given."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = ("mean" if size_average else "sum") if reduce else "none"
    warnings.warn(f"size_average and reduce args will be deprecated, please use "
                  f"reduction='{reduction}' instead.", UserWarning, stacklevel=user_stacklevel())
    return reduction


def reduce_loss(loss, reduction, allowed=_REDUCTIONS):
    if reduction not in allowed:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if reduction == "mean":
        return rd.mean(loss)
    return rd.sum(loss) if reduction == "sum" else loss


def _class_layout(input, target, name):
    """(rows, C) logits and (rows,) targets from (C,)/(), (N, C)/(N,) or (N, C, d…)/(N, d…)."""
    if input.ndim == 0:
        raise ValueError(f"{name}: input must have at least 1 dimension (classes), got a 0-d "
                         "tensor")
    if input.ndim == 1:
        if target.ndim != 0:
            raise RuntimeError(f"{name}: 1D input of shape {list(input.shape)} expects a 0D "
                               f"target, got shape {list(target.shape)}")
        return _reshape(input, (1, -1)), _reshape(target, (1,))
    shape, target_shape = input._data.shape, target._data.shape
    if target.ndim == 0 or shape[0] != target_shape[0]:
        got = target_shape[0] if target.ndim else 0
        raise ValueError(f"Expected input batch_size ({shape[0]}) to match target "
                         f"batch_size ({got}).")
    if input.ndim == 2 and target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input.ndim == 4 and target.ndim != 3:  # PyTorch's nll_loss2d words its own checks
        raise RuntimeError("only batches of spatial targets supported (3D tensors) but got "
                           f"targets of dimension: {target.ndim}")
    if target_shape != shape[:1] + shape[2:]:
        raise RuntimeError(f"size mismatch (got input: {list(shape)} , target: "
                           f"{list(target_shape)}" if input.ndim == 4 else
                           f"Expected target size {[shape[0]] + list(shape[2:])}, got "
                           f"{list(target_shape)}")
    if input.ndim == 2:
        return input, target  # already (rows, C) and (rows,): no reshape nodes in the graph
    axes = (0,) + tuple(range(2, input.ndim)) + (1,)
    input = _permute(input, axes)
    return _reshape(input, (-1, input.shape[-1])), _reshape(target, (-1,))


def _check_classes(target, num_classes, weight, ignore_index, name):
    """The int64 target, and the ignore_index the class-loss op gets: None when no target
    equals it (then nothing is masked and 'mean' divides by the number of targets). Raises
    PyTorch's errors for float targets, out-of-range classes and a weight of the wrong size."""
    if target.dtype not in (_dtype.int64, _dtype.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                           f"{_dtype.SCALAR_TYPE_NAMES[target.dtype]}{_target_hint(target, name)}")
    if weight is not None and tuple(weight.shape) != (num_classes,):
        raise RuntimeError(f"weight tensor should be defined either for all {num_classes} "
                           f"classes or no classes but got weight tensor of shape: "
                           f"{list(weight.shape)}")
    target = _cast(target, _dtype.int64)
    be, t = target._backend, target._data
    if not t.size or (int(be.index_bound(t)) < num_classes
                      and not 0 <= ignore_index < num_classes):
        return target, None  # every target is a class, so none can equal ignore_index
    lo, hi = int(be.amin(t)), int(be.amax(t))
    ignored = lo <= ignore_index <= hi
    if (lo < 0 or hi >= num_classes) and ignore_index in (lo, hi):
        # Only then can ignored entries hide the true range: look again without them.
        valid = be.where(be.eq(t, ignore_index), 0, t)
        lo, hi = int(be.amin(valid)), int(be.amax(valid))
    if lo < 0 or hi >= num_classes:
        raise IndexError(f"Target {lo if lo < 0 else hi} is out of bounds (expected class "
                         f"indices in [0, {num_classes - 1}] or ignore_index={ignore_index}).")
    return target, ignore_index if ignored else None


def _target_hint(target, name):
    """The fix for a class-index target of the wrong dtype (PyTorch's message names none)."""
    if not target.dtype.is_floating_point:
        return " (pass target.long())"
    if name == "cross_entropy":
        return (" (class-index targets must be integers: pass target.long(); a target of "
                "class probabilities must have the input's shape)")
    return " (class-index targets must be integers: pass target.long())"


def _class_loss(op, input, target, weight, ignore_index, reduction, name, *extra):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    out_shape = target._data.shape
    logits, flat = _class_layout(input, target, name)
    flat, ignore_index = _check_classes(flat, logits._data.shape[1], weight, ignore_index,
                                        name)
    if weight is not None and weight.dtype is not input.dtype:  # the kernel takes one dtype
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"expected scalar type {names[input.dtype]} but found "
                           f"{names[weight.dtype]}")
    if reduction == "mean":  # PyTorch's node for an input with more than 2 dims: NllLoss2D
        return op.apply(logits, flat, weight, ignore_index, *extra, mean=True,
                        name="NllLoss2DBackward0" if input.ndim > 2 else None)
    losses = op.apply(logits, flat, weight, ignore_index, *extra)
    if losses.shape != out_shape:  # one row, or an image's pixels: reshaped back
        # PyTorch's kernels give a 1-D input's and a 4-D one's losses as results of their own
        # (a write into them rewrites their history, not a hidden tensor's); 3-D and 5-D inputs
        # it runs as 4-D and views the result back, unless label smoothing then adds its term
        if input.ndim in (1, 4) or (extra and extra[0] > 0):
            node = losses._grad_fn
            name = None if node is None else node.name()  # label smoothing's AddBackward0
            if input.ndim == 4 and name == "NllLossBackward0":
                name = "NllLoss2DBackward0"
            losses = _unsafe_view(losses, out_shape, name=name)
        else:
            losses = _reshape(losses, out_shape)
    return reduce_loss(losses, reduction)


def _soft_cross_entropy(input, target, weight, reduction, label_smoothing):
    dim = 1 if input.ndim > 1 else 0
    classes = input.shape[dim]
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / classes
    terms = nn_activation.log_softmax(input, dim) * target
    if weight is not None:
        terms = terms * _reshape(weight, (classes,) + (1,) * (input.ndim - dim - 1))
    return reduce_loss(-rd.sum(terms, dim), reduction)


def cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing):
    # PyTorch's log_softmax refuses an integer input, after the checks of the target
    log_softmax = "log_softmax_lastdim_kernel_impl" if input.ndim <= 2 else \
        "log_softmax_kernel_impl"
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    if tuple(target.shape) == tuple(input.shape):  # class probabilities, as PyTorch decides
        if not target.dtype.is_floating_point:
            raise RuntimeError(f"Expected floating point type for target with class "
                               f"probabilities, got {_dtype.SCALAR_TYPE_NAMES[target.dtype]}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        if reduction not in _REDUCTIONS:
            raise ValueError(f"{reduction} is not a valid value for reduction")
        refuse_integral(log_softmax, input)
        return _soft_cross_entropy(input, target, weight, reduction, label_smoothing)
    refuse_integral(log_softmax, input)
    return _class_loss(CrossEntropy, input, target, weight, ignore_index, reduction,
                       "cross_entropy", float(label_smoothing))


def nll_loss(input, target, weight, ignore_index, reduction):
    refuse_integral("nll_loss2d_forward_out_frame" if input.ndim > 2 else "nll_loss_out_frame",
                    input)
    return _class_loss(NLLLoss, input, target, weight, ignore_index, reduction, "nll_loss")


def _same_size(input, target):
    if tuple(input.shape) != tuple(target.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input "
                      f"size ({input.shape}). This will likely lead to incorrect results due "
                      "to broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=4)


def _weighted(loss, weight):
    return loss if weight is None else loss * weight


def _weighted_in_place(loss, weight):
    """PyTorch's ``loss.mul_(weight)``: computed in the promoted dtype, kept in the loss's."""
    return loss if weight is None else _cast(loss * weight, loss.dtype)


def mse_loss(input, target, reduction, weight=None):
    _same_size(input, target)
    input, target = promote(input, target)  # an integer target: input's dtype (PyTorch's)
    refuse_integral("mse_cpu", input)
    return reduce_loss(_weighted(SquaredError.apply(input, target), weight), reduction)


def l1_loss(input, target, reduction, weight=None):
    _same_size(input, target)
    return reduce_loss(_weighted(arithmetic.abs(input - target), weight), reduction)


def smooth_l1_loss(input, target, reduction, beta):
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    _same_size(input, target)
    input, target = promote(input, target)
    refuse_integral("smooth_l1_cpu", input)
    return reduce_loss(SmoothL1.apply(input, target, float(beta)), reduction)


def huber_loss(input, target, reduction, delta, weight=None):
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _same_size(input, target)
    input, target = promote(input, target)
    refuse_integral("huber_cpu", input)
    loss = SmoothL1.apply(input, target, float(delta)) * float(delta)
    return reduce_loss(_weighted(loss, weight), reduction)


def _check_probabilities(input, target):
    """PyTorch's kernel checks each element in turn, its input and then its target, in [0, 1]
    (NaN fails): the same first error. Four reductions when all pass (they fail on NaN)."""
    be, x, t = input._backend, input._data, target._data
    if not x.size or all(float(be.amin(a)) >= 0 and float(be.amax(a)) <= 1 for a in (x, t)):
        return
    bad_input, bad_target = (((a >= 0) & (a <= 1)).logical_not().flatten()
                             for a in (input, target))
    first = int((bad_input | bad_target).int().argmax())
    name = "input" if bool(bad_input[first]) else "target"
    raise RuntimeError(f"all elements of {name} should be between 0 and 1")


def binary_cross_entropy(input, target, weight, reduction):
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the "
                         f"input size ({input.shape}) is deprecated. Please ensure they have "
                         "the same size.")
    if target.dtype is not input.dtype:  # PyTorch's kernel takes one dtype
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"Found dtype {names[target.dtype]} but expected "
                           f"{names[input.dtype]}")
    refuse_integral("binary_cross_entropy", input)
    _check_probabilities(input, target)
    return reduce_loss(_weighted_in_place(BinaryCrossEntropy.apply(input, target), weight),
                       reduction)


def binary_cross_entropy_with_logits(input, target, weight, reduction, pos_weight):
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size "
                         f"({input.shape})")
    refuse_integral("log_sigmoid_cpu", input)
    if target.dtype.is_floating_point:
        input, target = promote(input, target)
    elif target.dtype is not _dtype.bool_:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"result type {names[input.dtype]} can't be cast to the desired "
                           f"output type {names[target.dtype]}")
    loss = BinaryCrossEntropyWithLogits.apply(input, target, pos_weight)
    if pos_weight is not None:  # PyTorch multiplies it into the log-sigmoid in place
        loss = _cast(loss, input.dtype)
    return reduce_loss(_weighted_in_place(loss, weight), reduction)


def kl_div(input, target, reduction, log_target):
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the "
                      "support size.'batchmean' divides only by the batch size, and aligns with "
                      "the KL div math definition.'mean' will be changed to behave the same as "
                      "'batchmean' in the next major release.", UserWarning,
                      stacklevel=user_stacklevel())
    if not (input.dtype.is_floating_point and target.dtype.is_floating_point):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    loss = KLDiv.apply(input, target, bool(log_target))
    if reduction == "batchmean":
        return rd.sum(loss) / input.shape[0] if input.ndim else rd.sum(loss)
    return reduce_loss(loss, reduction)
