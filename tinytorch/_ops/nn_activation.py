"""Activation and softmax ops for ``tinytorch.nn.functional``.

Each elementwise activation saves its input and calls its kernel pair ``<name>`` /
``<name>_backward``.
"""

import warnings

from tinytorch import _dtype
from tinytorch._ops import conversion
from tinytorch._ops import inplace as _inplace
from tinytorch._ops import pointwise
from tinytorch._ops._op import Op
from tinytorch._ops._util import refuse_integral
from tinytorch._ops._util import user_stacklevel
from tinytorch._ops._util import wrap_dim
from tinytorch._ops.shape import reshape as _reshape
from tinytorch._ops.shape import scalar_result as _scalar_result


class LeakyReLU(Op):
    """y = x if x > 0 else a x.  dL/dx = g if x > 0 else a g."""

    node_name = "LeakyReluBackward0"

    @staticmethod
    def forward(ctx, x, negative_slope):
        ctx.negative_slope = negative_slope
        ctx.save_for_backward(x)
        return ctx.backend.leaky_relu(x, negative_slope)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.leaky_relu_backward(g, x, ctx.negative_slope), None


class ELU(Op):
    """y = s x if x > 0 else s α (e^(k x) - 1).  dL/dx = g s if x > 0 else g s α k e^(k x)."""

    node_name = "EluBackward0"

    @staticmethod
    def forward(ctx, x, alpha, scale, input_scale):
        ctx.params = (alpha, scale, input_scale)
        ctx.save_for_backward(x)
        return ctx.backend.elu(x, alpha, scale, input_scale)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.elu_backward(g, x, *ctx.params), None, None, None


class CELU(ELU):
    """CELU: ELU with input_scale 1/α (PyTorch's node has its own name)."""

    node_name = "CeluBackward0"


class GELU(Op):
    """y = x Φ(x) (or its tanh approximation).  dL/dx = g (Φ(x) + x φ(x))."""

    node_name = "GeluBackward0"

    @staticmethod
    def forward(ctx, x, approximate):
        ctx.approximate = approximate
        ctx.save_for_backward(x)
        return ctx.backend.gelu(x, approximate)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.gelu_backward(g, x, ctx.approximate), None


class SiLU(Op):
    """y = x σ(x).  dL/dx = g σ(x) (1 + x (1 - σ(x)))."""

    node_name = "SiluBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.silu(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.silu_backward(g, x)


class Softplus(Op):
    """y = log(1 + e^(βx)) / β (x above the threshold).  dL/dx = g σ(βx)."""

    @staticmethod
    def forward(ctx, x, beta, threshold):
        ctx.params = (beta, threshold)
        ctx.save_for_backward(x)
        return ctx.backend.softplus(x, beta, threshold)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.softplus_backward(g, x, *ctx.params), None, None


class Hardtanh(Op):
    """y = clamp(x, lo, hi).  dL/dx = g where lo < x < hi, else 0."""

    @staticmethod
    def forward(ctx, x, min_val, max_val):
        ctx.params = (min_val, max_val)
        ctx.save_for_backward(x)
        return ctx.backend.hardtanh(x, min_val, max_val)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.hardtanh_backward(g, x, *ctx.params), None, None


class Softmax(Op):
    """y = e^x / Σ e^x along an axis.  dL/dx = y (g - Σ g y)."""

    @staticmethod
    def forward(ctx, x, axis):
        y = ctx.backend.softmax(x, axis)
        ctx.axis = axis
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.softmax_backward(g, y, ctx.axis), None


class LogSoftmax(Op):
    """y = x - log Σ e^x along an axis.  dL/dx = g - e^y Σ g."""

    @staticmethod
    def forward(ctx, x, axis):
        y = ctx.backend.log_softmax(x, axis)
        ctx.axis = axis
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return ctx.backend.log_softmax_backward(g, y, ctx.axis), None


def softmax_dim(input, dim, name):
    """PyTorch's implicit dim for softmax-like functions when ``dim`` is None (with its
    warning), else ``dim`` wrapped."""
    if dim is None:
        warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the "
                      "call to include dim=X as an argument.", UserWarning,
                      stacklevel=user_stacklevel())
        dim = 0 if input.ndim in (0, 1, 3) else 1
    return wrap_dim(dim, input.ndim, name)


# --- functions behind tinytorch.nn.functional --------------------------------------------------
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _maybe_inplace(input, inplace, fn, *args):
    if inplace:
        return _inplace.inplace(input, fn, *args)
    return fn(input, *args)


def _float(input):
    return pointwise._float(input)


def relu(input, inplace=False):
    return _maybe_inplace(input, inplace, pointwise.relu)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if input.dtype is _dtype.bool_:  # NOTE [Bool refusals]
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input.dtype.name.startswith("uint") and min_val < 0:
        raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
    # an integer input keeps its dtype, the bounds truncated to integers (PyTorch's)
    bound = float if input.dtype.is_floating_point else int
    return _maybe_inplace(input, inplace, Hardtanh.apply, bound(min_val), bound(max_val))


def leaky_relu(input, negative_slope=0.01, inplace=False):
    refuse_integral("leaky_relu_cpu", input)
    return _maybe_inplace(input, inplace, LeakyReLU.apply, float(negative_slope))


def elu(input, alpha=1.0, inplace=False):
    refuse_integral("elu_cpu", input)
    return _maybe_inplace(input, inplace, ELU.apply, float(alpha), 1.0, 1.0)


def selu(input, inplace=False):
    refuse_integral("elu_cpu", input)
    return _maybe_inplace(input, inplace, ELU.apply, _SELU_ALPHA, _SELU_SCALE, 1.0)


def gelu(input, approximate="none"):
    refuse_integral("GeluKernelImpl", input)
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"approximate argument must be either none or tanh, got "
                           f"'{approximate}'")
    return GELU.apply(_float(input), approximate)


def silu(input, inplace=False):
    refuse_integral("silu_cpu", input)
    return _maybe_inplace(_float(input), inplace, SiLU.apply)


def softplus(input, beta=1.0, threshold=20.0):
    refuse_integral("softplus_cpu", input)
    return Softplus.apply(_float(input), float(beta), float(threshold))


def _softmax_like(op, input, dim, dtype, name):
    if dtype is not None:
        input = conversion.cast(input, dtype, name)
    axis = softmax_dim(input, dim, name)
    last = axis == input.ndim - 1 or input.ndim == 0
    refuse_integral(f"{name}{'_lastdim' if last else ''}_kernel_impl", input)
    input = _float(input)
    if input.ndim == 0:
        return _scalar_result(op.apply(_reshape(input, 1), 0))
    return op.apply(input, axis)


def softmax(input, dim=None, dtype=None):
    return _softmax_like(Softmax, input, dim, dtype, "softmax")


def log_softmax(input, dim=None, dtype=None):
    return _softmax_like(LogSoftmax, input, dim, dtype, "log_softmax")
