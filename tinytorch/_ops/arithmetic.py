"""Broadcasting arithmetic: + - * / // % **, neg, abs, maximum, minimum, where, lerp.

A backward here returns each gradient in the output's (broadcast) shape; the engine sums it
back to the input's shape (see NOTE [Broadcast reduction in backward] in the engine).
Python-scalar operands get no gradient. The public functions' docstrings are in
``tinytorch/_torch_docs_pointwise.py``.
"""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import conversion
from tinytorch._ops import pointwise
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_bool
from tinytorch._ops._util import checked_scalar
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import python_number
from tinytorch._ops._util import promote
from tinytorch._ops._util import refuse_bool
from tinytorch._ops._util import refuse_bools
from tinytorch._ops._util import refuse_integral
from tinytorch._ops._util import wrapped_int
from tinytorch._ops._util import zero_gradient
from tinytorch.amp import autocast_mode as _autocast


class Add(Op):
    """z = a + b.  dL/da = g, dL/db = g (each summed to its input's shape)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        return ctx.backend.add(a, b)

    @staticmethod
    def backward(ctx, g):
        need_a, need_b = ctx.needs_input_grad
        return (g if need_a else None), (g if need_b else None)


class Sub(Op):
    """z = a - b.  dL/da = g, dL/db = -g."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, name=None):
        if name is not None:  # rsub (NOTE [Node names])
            ctx.node_name = name
        return ctx.backend.sub(a, b)

    @staticmethod
    def backward(ctx, g):
        need_a, need_b = ctx.needs_input_grad
        return (g if need_a else None), (ctx.backend.neg(g) if need_b else None)


class Mul(Op):
    """z = a * b.  dL/da = g * b, dL/db = g * a."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        # Save only what backward reads (as PyTorch does), so `h[i] = h[i] * 2` works.
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        return ctx.backend.mul(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (be.mul(g, b) if need_a else None), (be.mul(g, a) if need_b else None)


class Div(Op):
    """z = a / b.  dL/da = g / b, dL/db = -g (a / b) / b (PyTorch's order: b² would overflow
    float16 from b = 256, and round otherwise)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b)
        return ctx.backend.div(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = be.div(g, b) if need_a else None
        gb = be.neg(be.mul(g, be.div(be.div(a, b), b))) if need_b else None
        return ga, gb


class Pow(Op):
    """z = a ** b.  dL/da = g * b * a^(b-1) (0 where b == 0), dL/db = g * z * log(a) (0 where
    a == 0 and b >= 0), PyTorch's values at a = 0."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, name=None):
        z = ctx.backend.pow(a, b)
        # z serves only dL/db: a Python exponent keeps it unsaved, so z may be written in
        # place, as PyTorch's pow(Tensor, Scalar) saves only its input
        scalar = isinstance(b, (int, float))
        ctx.save_for_backward(a, b, None if scalar else z)
        # PowBackward0: tensor ** number, 1: tensor ** tensor, 2: number ** tensor (``name``)
        ctx.node_name = name or _POW_NAMES[scalar]
        return z

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b, z = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = gb = None
        scalar = isinstance(b, (int, float))
        if need_a and scalar and b == 0:  # a ** 0 is constant
            ga = zero_gradient(be, g)
        elif need_a:
            ga = be.mul(g, be.mul(b, be.pow(a, be.sub(b, 1))))
            if not scalar:  # 0 ** 0: b * a^(b-1) is 0 * inf
                ga = be.where(be.eq(b, 0), 0, ga)
        if need_b:  # at a = 0: 0 for b >= 0, else z log(0) = -z |z| (±inf), as PyTorch
            zero = be.eq(a, 0)
            z_log_a = be.where(zero, be.neg(be.mul(z, be.abs(z))),
                               be.mul(z, be.log(be.where(zero, 1, a))))
            gb = be.mul(g, be.where(be.logical_and(zero, be.ge(b, 0)), 0, z_log_a))
        return ga, gb


_POW_NAMES = ("PowBackward1", "PowBackward0")


class Neg(Op):
    """y = -x.  dL/dx = -g."""

    @staticmethod
    def forward(ctx, x):
        return ctx.backend.neg(x)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.neg(g)


class Abs(Op):
    """y = |x|.  dL/dx = g * sign(x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return ctx.backend.abs(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return ctx.backend.mul(g, ctx.backend.sign(x))


class RoundedDiv(Op):
    """q = a / b rounded toward -inf (``mode="floor"``) or toward 0 (``"trunc"``); integers
    exactly. Piecewise constant: dL/da = dL/db = 0."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, mode):
        return (ctx.backend.floordiv if mode == "floor" else ctx.backend.truncdiv)(a, b)

    @staticmethod
    def backward(ctx, g):
        zeros = ctx.backend.zeros(tuple(g.shape), _dt(g))
        need_a, need_b = ctx.needs_input_grad
        return (zeros if need_a else None), (zeros if need_b else None)


class Remainder(Op):
    """r = a - b q, q = a / b rounded toward -inf (``mode="floor"``: remainder, the sign of b)
    or toward 0 (``"trunc"``: fmod, the sign of a), computed exactly.
    dL/da = g, dL/db = -g q."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, mode):
        ctx.mode = mode
        if ctx.needs_input_grad[1]:  # what PyTorch saves
            ctx.save_for_backward(a, b)
        return (ctx.backend.remainder if mode == "floor" else ctx.backend.fmod)(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        need_a, need_b = ctx.needs_input_grad
        gb = None
        if need_b:
            a, b = ctx.saved_tensors
            q = (be.floordiv if ctx.mode == "floor" else be.truncdiv)(a, b)
            gb = be.neg(be.mul(g, q))
        return (g if need_a else None), gb


def _dt(x):
    return _dtype.from_native(x.dtype) if not is_tensor(x) else x.dtype


class Maximum(Op):
    """z = max(a, b) (min(a, b) unless ``largest``).  The gradient goes to the larger (smaller)
    input; ties split it evenly; as PyTorch's, an input gets it unless it lost, so where one is
    NaN both get it whole."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, largest):
        ctx.save_for_backward(a, b)
        ctx.largest = largest
        if not largest:
            ctx.node_name = "MinimumBackward0"
        return ctx.backend.maximum(a, b) if largest else ctx.backend.minimum(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        # g, or half of it on a tie, where an input did not lose (NaN loses nothing), else 0:
        # a where, not g times a 0 or 1 share, so that an inf or NaN g gives a loser 0 as
        # PyTorch's does
        kept = be.mul(g, be.sub(1, be.mul(be.astype(be.eq(a, b), _dt(g)), 0.5)))
        lt, gt = (be.lt, be.gt) if ctx.largest else (be.gt, be.lt)
        need_a, need_b = ctx.needs_input_grad
        ga = be.where(be.logical_not(lt(a, b)), kept, 0) if need_a else None
        gb = be.where(be.logical_not(gt(a, b)), kept, 0) if need_b else None
        return ga, gb


class Where(Op):
    """z = cond ? a : b.  dL/da = g where cond, dL/db = g elsewhere."""

    broadcasts = True

    @staticmethod
    def forward(ctx, cond, a, b):
        ctx.save_for_backward(cond)
        return ctx.backend.where(cond, a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (cond,) = ctx.saved_tensors
        _, need_a, need_b = ctx.needs_input_grad
        ga = be.where(cond, g, 0) if need_a else None
        gb = be.where(cond, 0, g) if need_b else None
        return None, ga, gb


class Lerp(Op):
    """z = a + w (b - a).  dL/da = g (1 - w), dL/db = g w, dL/dw = g (b - a)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, w):
        # a and b serve only dL/dw: saved, as by PyTorch, only when w needs a gradient
        need_w = ctx.needs_input_grad[2]
        ctx.save_for_backward(a if need_w else None, b if need_w else None, w)
        if not isinstance(w, (int, float)):  # PyTorch's lerp with a tensor weight
            ctx.node_name = "LerpBackward1"
        return ctx.backend.lerp(a, b, w)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b, w = ctx.saved_tensors
        need_a, need_b, need_w = ctx.needs_input_grad
        ga = be.mul(g, be.sub(1, w)) if need_a else None
        gb = be.mul(g, w) if need_b else None
        gw = be.mul(g, be.sub(b, a)) if need_w else None
        return ga, gb, gw


# --- public functions --------------------------------------------------------------------------
def check_alpha(input, other, alpha):
    """PyTorch's alpha_check of add and sub: no float alpha for an integral (or bool) result,
    no bool alpha for a non-bool one."""
    dtype = promote(input, other)[0].dtype
    if isinstance(alpha, bool) and dtype is not _dtype.bool_:
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if isinstance(alpha, float) and not dtype.is_floating_point:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")


def add(input, other, *, alpha=1):
    if type(alpha) is not int:
        check_alpha(input, other, alpha)
    if alpha != 1:
        if promote(input, other)[0].dtype is _dtype.bool_:  # PyTorch's bool result: alpha too
            alpha = bool(alpha)
        other = mul(other, alpha) if is_tensor(other) else other * alpha
    a, b = promote(input, other)
    return Add.apply(a, b)


def sub(input, other, *, alpha=1):
    if type(alpha) is not int:
        check_alpha(input, other, alpha)
    if alpha != 1:
        other = mul(other, alpha) if is_tensor(other) else other * alpha
    _no_bool_sub(input, other)
    a, b = promote(input, other)
    return Sub.apply(a, b)


def rsub(input, other):
    _no_bool_sub(other, input)
    a, b = promote(other, input)
    return Sub.apply(a, b, name="RsubBackward0" if is_tensor(other) else "RsubBackward1")


def _no_bool_sub(a, b):
    if is_bool(a) or is_bool(b):  # a Python bool too: PyTorch's x - True raises
        if is_bool(a) and is_bool(b):
            raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                               "supported. Use the `^` or `logical_xor()` operator instead.")
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")


def mul(input, other):
    a, b = promote(input, other)
    return Mul.apply(a, b)


def _float_operands(a, b):
    """True division's operands: integers and bools divide in the default float dtype, a
    Python int as its own value (not first wrapped into an integer tensor's dtype: uint8 / -3
    is PyTorch's -1/3, not 1/253)."""
    if not any(x.dtype.is_floating_point if is_tensor(x) else type(x) is float for x in (a, b)):
        target = _dtype.get_default_dtype()
        return tuple(conversion.cast(x, target) if is_tensor(x) else float(x) for x in (a, b))
    return promote(a, b)


def div(input, other, *, rounding_mode=None):
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode not in (None, "trunc"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                           f"but found '{rounding_mode}'")
    if rounding_mode == "trunc":
        refuse_bools("div_trunc_cpu", input, other)  # NOTE [Bool refusals]
        a, b = promote(input, other)
        return RoundedDiv.apply(a, b, mode="trunc")
    a, b = _float_operands(input, other)
    return Div.apply(a, b)


def rdiv(input, other):
    a, b = _float_operands(other, input)
    return Div.apply(a, b)


def floor_divide(input, other):
    refuse_bools("div_floor_cpu", input, other)  # NOTE [Bool refusals]
    a, b = promote(input, other)
    return RoundedDiv.apply(a, b, mode="floor")


def rfloor_divide(input, other):
    return floor_divide(_as_tensor_like(other, input), input)


def remainder(input, other):
    refuse_bools("remainder_cpu", input, other)
    a, b = promote(input, other)
    return Remainder.apply(a, b, mode="floor")


def rremainder(input, other):
    return remainder(_as_tensor_like(other, input), input)


def fmod(input, other):
    refuse_bools("fmod_cpu", input, other)
    a, b = promote(input, other)
    return Remainder.apply(a, b, mode="trunc")


def _as_tensor_like(value, like):
    """A Python number as a 0-d tensor of the dtype ``like op value`` promotes to (so a
    float64 tensor does not see the number rounded to float32)."""
    dtype = _dtype.result_type_scalar(like.dtype, value)
    if type(value) is int and dtype is not _dtype.bool_ and not dtype.is_floating_point:
        value = wrapped_int(value, dtype)  # -3 // uint8 divides 253, as PyTorch's
    return _creation.tensor(value, dtype=dtype, device=like.device)


def pow(input, exponent):
    if _autocast.on:
        input, exponent = _autocast.cast("pow", input, exponent)
    if not is_tensor(input) and not is_tensor(exponent):
        raise TypeError("pow() expects at least one Tensor argument")
    if is_bool(input) and is_bool(exponent):
        if not is_tensor(exponent):  # PyTorch's x ** 0 and x ** 1 need no pow kernel
            return _creation.ones_like(input) if not exponent else shape.clone(input)
        refuse_bools("pow", input, exponent)  # NOTE [Bool refusals]
    a, b = promote(input, exponent)  # a negative exponent is tested before uint8 wraps it
    if is_tensor(a) and not is_tensor(b) and not a.dtype.is_floating_point and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    if not is_tensor(a):  # a Python base as a tensor, as rpow: the backward takes its log;
        # the result contiguous, as PyTorch's (its base is a wrapped number broadcast)
        return shape.contiguous(Pow.apply(_as_tensor_like(a, b), b, name="PowBackward2"))
    return Pow.apply(a, b)


def rpow(input, other):
    return pow(other, input)  # a Python base: pow's PowBackward2


def neg(input):
    if input.dtype.name == "bool":
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If "
                           "you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")
    return Neg.apply(input)


def abs(input):
    refuse_bool("abs_cpu", input)
    return Abs.apply(input)


def maximum(input, other):
    a, b = promote(input, other)
    return Maximum.apply(a, b, largest=True)


def minimum(input, other):
    a, b = promote(input, other)
    return Maximum.apply(a, b, largest=False)


def where(condition, input=None, other=None):
    if input is None and other is None:  # PyTorch's where(condition): nonzero(as_tuple=True)
        return condition.nonzero(as_tuple=True)
    if not is_tensor(condition) or condition.dtype.name != "bool":
        got = condition.dtype.name if is_tensor(condition) else type(condition).__name__
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {got}")
    a, b = promote(input, other) if (is_tensor(input) or is_tensor(other)) else (input, other)
    if is_tensor(a) and not is_tensor(b):  # a number fills where the tensor does not
        b = checked_scalar(other, a.dtype, halves=False)
    elif is_tensor(b) and not is_tensor(a):
        a = checked_scalar(input, b.dtype, halves=False)
    if not is_tensor(a) and not is_tensor(b):
        a = _creation.tensor(a, device=condition.device)
    return Where.apply(condition, a, b)


def lerp(input, end, weight):
    if not is_tensor(end):
        raise TypeError(f"lerp(): argument 'end' must be Tensor, not {type(end).__name__}")
    for name, t in (("end", end), ("weight", weight)):
        if is_tensor(t) and t.dtype is not input.dtype:
            want, got = (_dtype.C_TYPE_NAMES[d] for d in (input.dtype, t.dtype))
            raise RuntimeError(f"expected dtype {want} for `{name}` but got dtype {got}")
    refuse_integral("lerp_kernel_tensor" if is_tensor(weight) else "lerp_kernel_scalar", input)
    return Lerp.apply(input, end, weight if is_tensor(weight) else python_number(weight))
