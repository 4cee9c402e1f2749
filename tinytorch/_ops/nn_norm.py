"""Normalisation ops: batch norm (running statistics updated in place by the kernel), layer
norm (group norm is layer norm over reshaped groups plus a per-channel affine) and RMS norm."""

import math

from tinytorch import _dtype
from tinytorch import _finfo
from tinytorch._ops import _util
from tinytorch._ops._op import Op
from tinytorch._ops.shape import clone as _clone
from tinytorch._ops.shape import contiguous as _contiguous
from tinytorch._ops.shape import own as _own
from tinytorch._ops.shape import reshape as _reshape
from tinytorch._ops.stacking import select as _select


class BatchNorm(Op):
    """y = (x - μ) / √(σ² + ε) · w + b per channel (batch statistics when training).
    dL/dx = w/σ̂ (g - mean(g) - x̂ mean(g x̂)) (training) or g w/σ̂ (eval);
    dL/dw = Σ g x̂, dL/db = Σ g."""

    node_name = "NativeBatchNormBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, training, momentum, eps):
        y, mean, invstd = ctx.backend.batch_norm(x, weight, bias, running_mean, running_var,
                                                 training, momentum, eps)
        ctx.training = training
        ctx.save_for_backward(x, weight, mean, invstd)
        return ctx.backend.ascontiguous(y)  # as PyTorch's, whatever x's layout

    @staticmethod
    def backward(ctx, g):
        x, weight, mean, invstd = ctx.saved_tensors
        gx, gw, gb = ctx.backend.batch_norm_backward(g, x, weight, mean, invstd, ctx.training)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        return ((gx if need_x else None), (gw if need_w else None), (gb if need_b else None),
                None, None, None, None, None)


class LayerNorm(Op):
    """y = (x - μ) / √(σ² + ε) · w + b over the trailing dims.
    dL/dx = (1/σ̂)(ĝ - mean(ĝ) - x̂ mean(ĝ x̂)) with ĝ = g w;  dL/dw = Σ g x̂,  dL/db = Σ g.
    """

    node_name = "NativeLayerNormBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, normalized_ndim, eps):
        y, mean, invstd = ctx.backend.layer_norm(x, normalized_ndim, weight, bias, eps)
        ctx.normalized_ndim = normalized_ndim
        # bias unused, kept as by PyTorch's native_layer_norm: writing it in place raises
        ctx.save_for_backward(x, weight, mean, invstd, bias)
        return ctx.backend.ascontiguous(y)

    @staticmethod
    def backward(ctx, g):
        x, weight, mean, invstd, _ = ctx.saved_tensors
        gx, gw, gb = ctx.backend.layer_norm_backward(g, x, weight, mean, invstd,
                                                     ctx.normalized_ndim)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        return ((gx if need_x else None), (gw if need_w else None), (gb if need_b else None),
                None, None)


class RMSNorm(Op):
    """y = x r · w over the trailing dims, r = 1/√(mean(x²) + ε).
    dL/dx = r (ĝ - x̂ mean(ĝ x̂)) with x̂ = x r, ĝ = g w;  dL/dw = Σ g x̂."""

    @staticmethod
    def forward(ctx, x, weight, normalized_ndim, eps):
        y, invrms = ctx.backend.rms_norm(x, normalized_ndim, weight, eps)
        ctx.normalized_ndim = normalized_ndim
        ctx.save_for_backward(x, weight, invrms)
        return ctx.backend.ascontiguous(y)

    @staticmethod
    def backward(ctx, g):
        x, weight, invrms = ctx.saved_tensors
        gx, gw = ctx.backend.rms_norm_backward(g, x, weight, invrms, ctx.normalized_ndim)
        need_x, need_w = ctx.needs_input_grad[:2]
        return (gx if need_x else None), (gw if need_w else None), None, None


# --- functions behind tinytorch.nn.functional --------------------------------------------------
def _data(t):
    return None if t is None else t._data


def _check_mixed(input, *params):
    """PyTorch's CPU rule for a norm whose parameters (the first given one decides) differ
    from its input in dtype: only float32 parameters of a bfloat16 or float16 input."""
    first = next((p.dtype for p in params if p is not None), input.dtype)
    if first is input.dtype:
        return
    if any(p is not None and p.dtype is not _dtype.float32 for p in params):
        raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
    if input.dtype is not _dtype.bfloat16 and input.dtype is not _dtype.float16:
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _in_input_dtype(input, *tensors):
    """PyTorch's mixed-type norms (what autocast produces: a bfloat16 or float16 activation,
    float32 parameters): the float32 tensors take the input's dtype, so the output has it and
    the parameters' gradients come back through the cast as float32."""
    if input.dtype is not _dtype.bfloat16 and input.dtype is not _dtype.float16:
        return tensors
    return tuple(t.to(input.dtype) if t is not None and t.dtype is _dtype.float32 else t
                 for t in tensors)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    if input.ndim < 2:
        raise ValueError(f"batch_norm: expected at least 2D input (got {input.ndim}D input)")
    if training and math.prod(input.shape[:1] + input.shape[2:]) == 1:  # _verify_batch_size
        raise ValueError(f"Expected more than 1 value per channel when training, got input "
                         f"size {input.shape}")
    if not input.numel():  # PyTorch's path for an empty input, before its other checks: the
        out = _clone(input)  # statistics untouched, weight[0] of no channels an IndexError
        out = out if weight is None else out * _select(weight, 0, 0)
        return out if bias is None else out + _select(bias, 0, 0)
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError("batch_norm: running_mean and running_var must be defined in "
                           "evaluation mode")
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != input.shape[1]:  # one value per channel
            raise RuntimeError(f"{name} should contain {input.shape[1]} elements not "
                               f"{t.numel()}")
    _util.refuse_integral("batch_norm", input)
    _check_mixed(input, weight, bias, running_mean, running_var)
    weight, bias = _in_input_dtype(input, weight, bias)
    # running statistics are only read in eval mode; in training they are updated in place
    mean, var = (running_mean, running_var) if training else \
        _in_input_dtype(input, running_mean, running_var)
    y = BatchNorm.apply(input, weight, bias, _data(mean), _data(var), bool(training),
                        float(momentum or 0.0), float(eps))
    if training and running_mean is not None:
        running_mean._vc[0] += 1
        running_var._vc[0] += 1
    return y


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else \
        tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(shape):]) != shape or len(shape) > input.ndim:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in shape)}], but got input of size"
                           f"{list(input.shape)}")
    _check_mixed(input, weight, bias)
    _util.refuse_integral("LayerNormKernelImpl", input)
    weight, bias = _in_input_dtype(input, weight, bias)
    return LayerNorm.apply(input, weight, bias, len(shape), float(eps))


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.ndim}")
    # PyTorch's check (F._verify_batch_size), worded for batch norm, in training or not
    size = [input.shape[0] * input.shape[1] // num_groups, num_groups, *input.shape[2:]]
    if math.prod(size[:1] + size[2:]) == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input "
                         f"size {size}")
    if input.shape[1] % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {list(input.shape)} and "
                           f"num_groups={num_groups}")
    for name, param in (("weight", weight), ("bias", bias)):
        if param is not None and (param.ndim != 1 or param.numel() != input.shape[1]):
            # PyTorch's bias message shows the weight's shape ([0] without one), as it does
            shown = list(weight.shape) if weight is not None else [0]
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape {shown} and input "
                               f"of shape {list(input.shape)}")
    _check_mixed(input, weight, bias)
    _util.refuse_integral("GroupNormKernelImpl", input)
    n, c = input.shape[0], input.shape[1]
    weight, bias = _in_input_dtype(input, weight, bias)
    # PyTorch's CPU group_norm normalises (and keeps for backward) input.contiguous(): a later
    # in-place write into a non-contiguous input (an expand) leaves its backward intact
    input = _contiguous(input)
    grouped = _reshape(input, (n, num_groups, c // num_groups * math.prod(input.shape[2:])))
    y = _own(_reshape(LayerNorm.apply(grouped, None, None, 1, float(eps)), tuple(input.shape)),
             "NativeGroupNormBackward0")  # PyTorch's kernel writes a result of its own
    channel = (c,) + (1,) * (input.ndim - 2)
    if weight is not None:
        y = y * _reshape(weight, channel)
    if bias is not None:
        y = y + _reshape(bias, channel)
    return y


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Root-mean-square normalisation over the trailing ``normalized_shape`` dims:
    y = x / √(mean(x²) + eps) · weight.

    Args:
        input (Tensor): ``(*, *normalized_shape)``, floating point.
        normalized_shape (list or tuple of ints): the trailing shape to normalise over.
        weight (Tensor, optional): the elementwise scale, of shape ``normalized_shape``.
        eps (float, optional): added to the mean square. Default: ``finfo(input.dtype).eps``
            (float32's for bfloat16 and float16 inputs, as PyTorch's).

    Returns:
        Tensor: of ``input``'s shape and dtype.

    Raises:
        TypeError: ``normalized_shape`` is an int (PyTorch's functional takes a sequence).
        RuntimeError: an empty ``normalized_shape``, a ``weight`` of another shape, or an
            input whose trailing dims are not ``normalized_shape``.
        ValueError: ``input`` has fewer dims than ``normalized_shape``.

    >>> tinytorch.nn.functional.rms_norm(tinytorch.tensor([[3.0, 4.0]]), [2], eps=0.0)
    tensor([[0.8485, 1.1314]])
    """
    if isinstance(normalized_shape, int):
        raise TypeError("rms_norm(): argument 'normalized_shape' (position 2) must be tuple of "
                        "ints, not int")
    shape = tuple(normalized_shape)
    if not input.is_floating_point():
        _util.not_implemented_for("rms_norm", input)
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                           "containing at least one element, but got normalized_shape = []")
    if weight is not None and tuple(weight.shape) != shape:
        raise RuntimeError(f"Expected weight to be of same shape as normalized_shape, but got "
                           f"weight of shape {list(weight.shape)} and normalized_shape = "
                           f"{list(shape)}")
    if len(shape) > input.ndim:
        raise ValueError(f"Input tensor must have at least {len(shape)} dimensions, but got "
                         f"{input.ndim}")
    if tuple(input.shape[input.ndim - len(shape):]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*{', '.join(str(s) for s in shape)}], but got input of size"
                           f"{list(input.shape)}")
    if weight is not None and weight.dtype is not input.dtype:
        weight = weight.to(input.dtype)  # PyTorch's output has the input's dtype
    if eps is None:  # the eps of the type PyTorch computes in: float32 for bfloat16 and float16
        eps = _finfo.finfo(_dtype.opmath(input.dtype)).eps
    return RMSNorm.apply(input, weight, len(shape), float(eps))
