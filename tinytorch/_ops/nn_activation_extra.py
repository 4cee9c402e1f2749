"""More activations for ``tinytorch.nn.functional`` (mish, celu, hardsigmoid, ..., rrelu).

Each but mish is a composition of existing ops, so its gradient and double backward come from
theirs (mish is an op whose gradient is PyTorch's single product).
Where a function has a kink, the branch a comparison picks there is PyTorch's choice of
derivative at that point (hardshrink's and softshrink's gradient is 0 at ±lambd, hardswish's
0 at -3 and 1 at 3, prelu's and rrelu's slope at 0 is the negative one).
"""

import math

from tinytorch import _creation
from tinytorch import _finfo
from tinytorch._ops import arithmetic as ar
from tinytorch._ops import join
from tinytorch._ops import nn_activation as act
from tinytorch._ops import pointwise as pw
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import refuse_bool
from tinytorch._ops._util import refuse_integral
from tinytorch._ops._util import wrap_dim
from tinytorch.amp import autocast_mode as _autocast

_maybe_inplace = act._maybe_inplace
_C_TYPE = {"float64": "Double", "float32": "Float", "float16": "Half", "bfloat16": "BFloat16"}


class Mish(Op):
    """y = x tanh(softplus(x)).  dL/dx = g (t + x σ(x) (1 - t²)), t = tanh(softplus(x)): one
    product with g, as PyTorch's (the product rule's two terms are inf - inf for an infinite
    g where x < 0)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.mish(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mish_backward(g, x)


def mish(input, inplace=False):
    refuse_integral("mish_cpu", input)
    return _maybe_inplace(pw._float(input), inplace, Mish.apply)


def celu(input, alpha=1.0, inplace=False):
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    refuse_integral("elu_cpu", input)
    return _maybe_inplace(input, inplace, act.CELU.apply, float(alpha), 1.0, 1.0 / alpha)


def _hardsigmoid(x):
    # PyTorch's: min(max(x + 3, 0), 6) / 6, its gradient 1/6 strictly inside (-3, 3) and 0
    # elsewhere, NaN included (hardtanh's passes a NaN's gradient, PyTorch's hardsigmoid not)
    y = act.hardtanh(x + 3.0, 0.0, 6.0) / 6.0
    return ar.where((x > -3.0) & (x < 3.0), y, y.detach())


def hardsigmoid(input, inplace=False):
    refuse_integral("hardsigmoid_cpu", input)
    return _maybe_inplace(pw._float(input), inplace, _hardsigmoid)


def _hardswish(x):
    # PyTorch's x min(max(x + 3, 0), 6) / 6, with its gradient: 0 up to -3 (-inf too, where
    # the value is NaN), x/3 + 1/2 inside (-3, 3), 1 from 3 on and at NaN
    # (the quadratic sees 0 outside, so an inf there cannot make a NaN gradient through it)
    # Inside, the value is x (x + 3) / 6 from a detached x and the gradient comes through
    # (x + 3/2)² / 6 alone: g (x/3 + 1/2), one product as PyTorch's (the product rule's two
    # terms g (x + 3)/6 + g x/6 are inf - inf for an infinite g); v - (w.detach() - w) is v
    # to the bit, -0.0 too.
    inside = (x > -3.0) & (x < 3.0)
    xs = ar.where(inside, x, 0.0)
    v = xs.detach()
    w = (xs + 1.5) ** 2 / 6.0
    return ar.where(inside, v * (v + 3.0) / 6.0 - (w.detach() - w),
                    ar.where(x <= -3.0, (x * 0.0).detach(), x))


def hardswish(input, inplace=False):
    refuse_integral("hardswish_cpu", input)
    return _maybe_inplace(pw._float(input), inplace, _hardswish)


def logsigmoid(input):
    refuse_integral("log_sigmoid_cpu", input)
    x = pw._float(input)
    return shape.contiguous(-act.softplus(-x, 1.0, math.inf))  # PyTorch's kernel: contiguous


def softsign(input):
    refuse_bool("abs_cpu", input)  # PyTorch's x / (1 + |x|)
    x = pw._float(input)
    return x / (ar.abs(x) + 1.0)


def tanhshrink(input):
    return input - pw.tanh(input)  # PyTorch's: a bool input fails in the subtraction


def hardshrink(input, lambd=0.5):
    refuse_integral("hardshrink_cpu", input)
    # PyTorch's test: within [-lambd, lambd] is 0, so NaN passes (value and gradient)
    return ar.where((input >= -lambd) & (input <= lambd), 0.0, input)


def softshrink(input, lambd=0.5):
    refuse_integral("softshrink_check", input)
    if lambd < 0:
        top = _finfo.finfo(input.dtype).max
        raise RuntimeError(f"lambda must be in range [0, {top:g}] for input dtype "
                           f"{_C_TYPE.get(input.dtype.name, input.dtype.name)}, but found "
                           f"{lambd:g}")
    # PyTorch's: x * 0 inside [-lambd, lambd] (-0.0 for negative x), its gradient 0 there
    # (detached: through the product an inf or NaN g would give NaN); NaN passes as x + lambd
    # (its gradient g, as PyTorch's)
    return ar.where((input >= -lambd) & (input <= lambd), (input * 0.0).detach(),
                    ar.where(input > lambd, input - lambd, input + lambd))


def _threshold(x, threshold, value):
    return ar.where(x <= threshold, value, x)  # PyTorch's test: NaN passes (value, gradient)


def threshold(input, threshold, value, inplace=False):
    refuse_bool("threshold_cpu", input)
    if not input.dtype.is_floating_point:  # PyTorch's: both truncated, the dtype kept
        threshold, value = int(threshold), int(value)
    return _maybe_inplace(input, inplace, _threshold, threshold, value)


def glu(input, dim=-1):
    refuse_integral("glu_cpu", input)
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    axis = wrap_dim(dim, input.ndim, "glu")
    if input.shape[axis] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {axis} is size "
                           f"{input.shape[axis]}")
    a, b = join.chunk(input, 2, axis)
    return a * pw.sigmoid(b)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    return act.softmax(-input, act.softmax_dim(input, dim, "softmin"), dtype)


def prelu(input, weight):
    if _autocast.on and _autocast.active(input):
        return _autocast.run("prelu", prelu, input, weight)
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {weight.ndim}")
    if weight.dtype is not input.dtype:
        got = (_C_TYPE.get(t.dtype.name, t.dtype.name) for t in (input, weight))
        raise RuntimeError("prelu: Type promoting not supported. Got {} and {}".format(*got))
    refuse_integral("prelu_cpu", input)
    n = weight.numel()
    if n == 1:
        weight = shape.reshape(weight, ())
    else:
        if input.ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input.shape[1] if input.ndim > 1 else 1
        if channels != n:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {n} and channel size = {channels}.")
        if input.ndim > 2:
            weight = shape.reshape(weight, (n,) + (1,) * (input.ndim - 2))
    return ar.where(input > 0, input, weight * input)


def _rrelu_train(x, lower, upper):  # slope ~ U(lower, upper) where x <= 0, as PyTorch draws it
    slope = _creation.empty(*x.shape, dtype=x.dtype, device=x.device).uniform_(lower, upper)
    return x * ar.where(x <= 0, slope, 1.0)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if training:
        return _maybe_inplace(input, inplace, _rrelu_train, float(lower), float(upper))
    out = act.leaky_relu(input, (lower + upper) / 2, inplace)
    return out if inplace else shape.contiguous(out)  # PyTorch's result is contiguous
