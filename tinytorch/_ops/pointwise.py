"""Unary math: exp, log, trig, tanh, sigmoid, relu, clamp, rounding, softmax. The public
functions' docstrings are in ``tinytorch/_torch_docs_pointwise.py``."""

from tinytorch import _dtype
from tinytorch._ops import conversion
from tinytorch._ops import nn_activation
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import checked_scalar
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import promote
from tinytorch._ops._util import refuse_bool
from tinytorch._ops._util import zero_gradient
from tinytorch.amp import autocast_mode as _autocast


def _float(x):
    """Integer and bool inputs of float functions compute in the default float dtype."""
    if x._data.dtype.kind in "fV":  # the array's dtype (V: bfloat16): no Tensor.dtype lookup
        return x
    return conversion.cast(x, _dtype.get_default_dtype())


class Exp(Op):
    """y = e^x.  dL/dx = g * y."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.exp(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.mul(g, y)


class Log(Op):
    """y = ln x.  dL/dx = g / x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.log(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.div(g, x)


class Log1p(Op):
    """y = ln(1 + x).  dL/dx = g / (1 + x)."""

    node_name = "Log1PBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.log1p(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.div(g, ctx.backend.add(x, 1))


class Expm1(Op):
    """y = e^x - 1.  dL/dx = g * (y + 1)."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.expm1(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.add(y, 1))


class Sqrt(Op):
    """y = √x.  dL/dx = g / (2y)."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.sqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.div(g, ctx.backend.mul(y, 2))


class Rsqrt(Op):
    """y = x^-½.  dL/dx = -g y³ / 2."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.rsqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (y,) = ctx.saved_tensors
        return be.mul(g, be.mul(be.mul(y, be.mul(y, y)), -0.5))


class Square(Op):
    """y = x².  dL/dx = 2 g x."""

    node_name = "PowBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.square(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.mul(x, 2))


class Reciprocal(Op):
    """y = 1/x.  dL/dx = -g y²."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.reciprocal(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (y,) = ctx.saved_tensors
        return be.neg(be.mul(g, be.mul(y, y)))


class Sin(Op):
    """y = sin x.  dL/dx = g cos x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.sin(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.cos(x))


class Cos(Op):
    """y = cos x.  dL/dx = -g sin x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.cos(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.neg(ctx.backend.mul(g, ctx.backend.sin(x)))


class Tanh(Op):
    """y = tanh x.  dL/dx = g (1 - y²)."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.tanh_backward(g, y)


class Sigmoid(Op):
    """y = 1 / (1 + e^-x).  dL/dx = g y (1 - y)."""

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.sigmoid(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.sigmoid_backward(g, y)


class ReLU(Op):
    """y = max(x, 0).  dL/dx = g * (y > 0)."""

    node_name = "ReluBackward0"

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.relu(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.relu_backward(g, y)


class Clamp(Op):
    """y = min(max(x, lo), hi).  dL/dx = g where lo <= x <= hi, else 0; a tensor bound gets g
    where it is the value: lo where x < lo < hi, hi where x > hi or hi < lo (PyTorch's rule)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, x, lo, hi, name=None):
        ctx.save_for_backward(x, lo, hi)
        if name is not None:
            ctx.node_name = name
        elif ((lo is None or isinstance(lo, (int, float)))
                and (hi is None or isinstance(hi, (int, float)))):
            ctx.node_name = "ClampBackward1"  # PyTorch's clamp with number bounds
        return ctx.backend.clip(x, lo, hi)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, lo, hi = ctx.saved_tensors
        need_x, need_lo, need_hi = ctx.needs_input_grad
        keep = g
        if lo is not None:
            keep = be.where(be.ge(x, lo), keep, 0)
        if hi is not None:
            keep = be.where(be.le(x, hi), keep, 0)
        g_lo = g_hi = None
        if need_lo:
            below = be.lt(x, lo)
            g_lo = be.where(below if hi is None else be.logical_and(below, be.lt(lo, hi)), g, 0)
        if need_hi:
            above = be.gt(x, hi)
            g_hi = be.where(above if lo is None else be.logical_or(above, be.lt(hi, lo)), g, 0)
        return (keep if need_x else None), g_lo, g_hi


class Rounding(Op):
    """Piecewise-constant (floor, ceil, round, sign, trunc): dL/dx = 0. ``kernel(be, x)`` calls
    the backend's kernel."""

    @staticmethod
    def forward(ctx, x, kernel, name):
        ctx.node_name = name  # PyTorch's: FloorBackward0, SignBackward0, ...
        return kernel(ctx.backend, x)

    @staticmethod
    def backward(ctx, g):
        return zero_gradient(ctx.backend, g)


# --- public functions --------------------------------------------------------------------------
def exp(input):
    if _autocast.on:
        (input,) = _autocast.cast("exp", input)
    return Exp.apply(_float(input))


def log(input):
    if _autocast.on:
        (input,) = _autocast.cast("log", input)
    return Log.apply(_float(input))


def log1p(input):
    if _autocast.on:
        (input,) = _autocast.cast("log1p", input)
    return Log1p.apply(_float(input))


def expm1(input):
    if _autocast.on:
        (input,) = _autocast.cast("expm1", input)
    return Expm1.apply(_float(input))


def sqrt(input):
    return Sqrt.apply(_float(input))


def rsqrt(input):
    if _autocast.on:
        (input,) = _autocast.cast("rsqrt", input)
    return Rsqrt.apply(_float(input))


def square(input):
    if input.dtype is _dtype.bool_:  # PyTorch's pow(input, 2): a bool promotes with the 2
        input = conversion.cast(input, _dtype.int64)
    return Square.apply(input)


def reciprocal(input):
    if _autocast.on:
        (input,) = _autocast.cast("reciprocal", input)
    return Reciprocal.apply(_float(input))


def sin(input):
    return Sin.apply(_float(input))


def cos(input):
    return Cos.apply(_float(input))


def tanh(input):
    return Tanh.apply(_float(input))


def sigmoid(input):
    return Sigmoid.apply(_float(input))


def relu(input):
    if input.dtype is _dtype.bool_:
        raise RuntimeError("Boolean inputs not supported for relu")
    return ReLU.apply(input)


def clamp(input, min=None, max=None):
    return clamp_named(input, min, max, None)


def clamp_named(input, min, max, name):
    """``clamp``; ``name``: PyTorch's node for the caller where it is not clamp's
    (clamp_min, clamp_max; NOTE [Node names])."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if (is_tensor(min) or is_tensor(max)) and not is_tensor(input):
        raise TypeError("clamp(): input must be a Tensor")
    for bound in (min, max):  # a float bound makes an integer input float, as in PyTorch
        if bound is not None:
            input, _ = promote(input, bound)
    min, max = (checked_scalar(b, input.dtype) for b in (min, max))
    if input.dtype is _dtype.bool_:  # NOTE [Bool refusals]
        _refuse_bool_clamp(input, min, max)
    return Clamp.apply(input, min, max, name=name)


def _refuse_bool_clamp(input, min, max):
    """PyTorch clamps a bool tensor by one bool tensor, but has no kernel for two tensor
    bounds or Python-bool bounds."""
    if is_tensor(min) and is_tensor(max):
        refuse_bool("clamp_cpu", input)
    if not (is_tensor(min) or is_tensor(max)):
        which = "clamp" if min is not None and max is not None else (
            "clamp_min" if max is None else "clamp_max")
        refuse_bool(f"{which}_scalar_cpu", input)


clip = clamp


def sign(input):
    return Rounding.apply(input, kernel=lambda be, x: be.sign(x), name="SignBackward0")


def floor(input):
    return _rounding(input, lambda be, x: be.floor(x), "floor_vml_cpu", "FloorBackward0")


def ceil(input):
    return _rounding(input, lambda be, x: be.ceil(x), "ceil_vml_cpu", "CeilBackward0")


def round(input, *, decimals=0):
    return _rounding(input, lambda be, x: be.round(x, decimals),
                     "round_cpu" if decimals else "round_vml_cpu",
                     "RoundBackward1" if decimals else "RoundBackward0")


def trunc(input):
    return _rounding(input, lambda be, x: be.trunc(x), "trunc_vml_cpu", "TruncBackward0")


def _rounding(input, kernel, refused, name):
    refuse_bool(refused, input)  # NOTE [Bool refusals]
    if not input.dtype.is_floating_point:  # integers are already rounded (and stay integers)
        return shape.clone(input)
    return Rounding.apply(input, kernel=kernel, name=name)


def softmax(input, dim, dtype=None):
    return nn_activation.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim, dtype=None):
    return nn_activation.log_softmax(input, dim, dtype=dtype)

