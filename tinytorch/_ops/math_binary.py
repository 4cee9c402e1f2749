"""Binary pointwise math after PyTorch's: atan2, hypot, logaddexp(2), xlogy, copysign,
fmax/fmin, ldexp, heaviside and nextafter. Operands broadcast and promote as in PyTorch;
each backward is PyTorch's formula (``derivatives.yaml``), returned in the broadcast shape
(the engine sums it back, see NOTE [Broadcast reduction in backward]). The public functions'
docstrings are in ``tinytorch/_torch_docs_math.py`` (nextafter's is its own)."""

import math

from tinytorch import _dtype
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops._util import promote
from tinytorch._ops._util import zero_gradient
from tinytorch._ops.arithmetic import _as_tensor_like
from tinytorch._ops.arithmetic import _float_operands

_LN2 = math.log(2.0)


class Atan2(Op):
    """z = atan2(a, b).  dL/da = g b / (a² + b²), dL/db = -g a / (a² + b²); both 0 where
    a² + b² is 0 (PyTorch's)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return ctx.backend.atan2(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        recip = be.div(1, be.add(be.mul(a, a), be.mul(b, b)))
        scale = be.where(be.isinf(recip), 0, be.mul(g, recip))
        need_a, need_b = ctx.needs_input_grad
        return (be.mul(scale, b) if need_a else None), (be.neg(be.mul(scale, a))
                                                        if need_b else None)


class Hypot(Op):
    """z = √(a² + b²).  dL/da = g a / z, dL/db = g b / z (NaN at a = b = 0, PyTorch's)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        z = ctx.backend.hypot(a, b)
        ctx.save_for_backward(a, b, z)
        return z

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b, z = ctx.saved_tensors
        scale = be.div(g, z)
        need_a, need_b = ctx.needs_input_grad
        return (be.mul(scale, a) if need_a else None), (be.mul(scale, b) if need_b else None)


class LogAddExp(Op):
    """z = log(e^a + e^b) (``base2``: log2(2^a + 2^b)).  dL/da = g σ(a - b) = g / (1 + e^(b - a)),
    dL/db = g σ(b - a) (powers of 2 for base 2), both from e = e^-|a - b| <= 1, so nothing
    overflows where a and b are far apart: with r = 1 / (1 + e), σ(d) is r for d >= 0 and e r
    below (NaN for NaN d, as PyTorch's)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, base2):
        ctx.save_for_backward(a, b)
        ctx.base2 = base2
        ctx.node_name = "Logaddexp2Backward0" if base2 else "LogaddexpBackward0"
        return ctx.backend.logaddexp2(a, b) if base2 else ctx.backend.logaddexp(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        power = be.exp2 if ctx.base2 else be.exp
        d = be.sub(a, b)
        a_larger = be.ge(d, 0)
        e = power(be.where(a_larger, be.neg(d), d))  # not -|d|: abs has slope 0 at d = 0
        r = be.div(1, be.add(e, 1))
        er = be.mul(e, r)
        need_a, need_b = ctx.needs_input_grad
        ga = be.mul(g, be.where(a_larger, r, er)) if need_a else None
        gb = be.mul(g, be.where(a_larger, er, r)) if need_b else None
        return ga, gb


class Xlogy(Op):
    """z = a log b (``plus_one``: a log(1 + b), xlog1py); 0 where a = 0 unless b is NaN.
    dL/da = xlogy(g, b), 0 where a = 0 and b <= 0 (1 + b <= 0) (PyTorch's), dL/db =
    g a / b (g a / (1 + b))."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, plus_one):
        ctx.save_for_backward(a, b)
        ctx.plus_one = plus_one
        if plus_one:
            ctx.node_name = "SpecialXlog1PyBackward0"
        return _xlogy(ctx.backend, a, b, plus_one)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = gb = None
        edge = -1 if ctx.plus_one else 0
        if need_a:
            ga = be.where(be.logical_and(be.eq(a, 0), be.le(b, edge)), 0,
                          _xlogy(be, g, b, ctx.plus_one))
        if need_b:
            gb = be.div(be.mul(g, a), be.add(b, 1) if ctx.plus_one else b)
        return ga, gb


def _xlogy(be, a, b, plus_one):
    """a log b (a log1p b) with PyTorch's 0 at a = 0 (NaN for a NaN b)."""
    zero = be.eq(a, 0)  # log(b) is not taken there: xlogy(0, 0) in entropies warns nothing
    log = be.log1p if plus_one else be.log
    product = be.where(zero, 0, be.mul(a, log(be.where(zero, 1, b))))
    return be.where(be.isnan(b), be.add(be.mul(product, 0), math.nan), product)  # dtype kept


class Copysign(Op):
    """z = |a| with b's sign.  dL/da = g z / a (0 where a = 0), dL/db = 0."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        z = ctx.backend.copysign(a, b)
        ctx.save_for_backward(a, z)
        return z

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, z = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        zero = be.eq(a, 0)
        ga = be.mul(g, be.where(zero, 0, be.div(z, be.where(zero, 1, a)))) if need_a else None
        return ga, (zero_gradient(be, g) if need_b else None)


class FMax(Op):
    """z = fmax(a, b) (fmin unless ``largest``): the larger (smaller) operand, the other one
    where one is NaN.  The gradient goes to a where a >= b (a <= b) or b is NaN, else to b."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b, largest):
        ctx.save_for_backward(a, b)
        ctx.largest = largest
        ctx.node_name = "FmaxBackward0" if largest else "FminBackward0"
        return ctx.backend.fmax(a, b) if largest else ctx.backend.fmin(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        wins = be.ge(a, b) if ctx.largest else be.le(a, b)
        to_a = be.where(be.isnan(b), True, wins)
        need_a, need_b = ctx.needs_input_grad
        return (be.where(to_a, g, 0) if need_a else None), (be.where(to_a, 0, g)
                                                            if need_b else None)


class Ldexp(Op):
    """z = a 2^b.  dL/da = g 2^b, dL/db = g z ln 2 (PyTorch's formulas: b and z are kept, a is
    not)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        z = ctx.backend.mul(a, ctx.backend.exp2(b))
        ctx.save_for_backward(b, z)
        return z

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        b, z = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (be.mul(g, be.exp2(b)) if need_a else None), (be.mul(be.mul(g, z), _LN2)
                                                             if need_b else None)


class Heaviside(Op):
    """z = 0 where a < 0 (or NaN), ``values`` where a = 0, 1 where a > 0.  No derivative
    (PyTorch's: backward raises)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, values):
        be = ctx.backend
        step = be.astype(be.gt(a, 0), _dtype.from_native(a.dtype))
        return be.where(be.eq(a, 0), values, step)

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError("derivative for aten::heaviside is not implemented")


class Nextafter(Op):
    """z = the next representable value after a towards b.  dL/da = g where a != b, 0 where
    they are equal; dL/db = 0 (PyTorch's)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return ctx.backend.nextafter(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (be.where(be.eq(a, b), 0, g) if need_a else None), (
            zero_gradient(be, g) if need_b else None)


# --- public functions --------------------------------------------------------------------------
def _tensor_other(name, other):
    if not is_tensor(other):
        raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")


def _no_integers(name, a):
    if not a.dtype.is_floating_point:
        not_implemented_for(f"{name}_cpu", a)


def atan2(input, other):
    _tensor_other("atan2", other)
    return Atan2.apply(*_float_operands(input, other))


def hypot(input, other):
    _tensor_other("hypot", other)
    a, b = promote(input, other)
    _no_integers("hypot", a)
    return Hypot.apply(a, b)


def logaddexp(input, other):
    _tensor_other("logaddexp", other)
    a, b = promote(input, other)
    _no_integers("logaddexp", a)
    return LogAddExp.apply(a, b, base2=False)


def logaddexp2(input, other):
    _tensor_other("logaddexp2", other)
    a, b = promote(input, other)
    _no_integers("logaddexp2", a)
    return LogAddExp.apply(a, b, base2=True)


def xlogy(input, other):
    return _xlogy_op("xlogy", input, other, plus_one=False)


def xlog1py(input, other):
    """Computes ``input * log1p(other)``, 0 where ``input`` is 0 (unless ``other`` is NaN), as
    ``torch.special.xlog1py``. Operands broadcast and promote; integers compute in the default
    float dtype.

    Args:
        input (Tensor or number): the first operand.
        other (Tensor or number): the second operand (at least one is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape.

    Raises:
        TypeError: neither operand is a Tensor.

    >>> tinytorch.special.xlog1py(tinytorch.tensor([0.0, 2.0]), tinytorch.tensor([-1.0, 1e-10]))
    tensor([0.0000e+00, 2.0000e-10])
    """
    return _xlogy_op("special_xlog1py", input, other, plus_one=True)


def _xlogy_op(name, input, other, plus_one):
    if not is_tensor(input) and not is_tensor(other):
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"({type(input).__name__}, {type(other).__name__})")
    a, b = _float_operands(input, other)
    # a Python operand as a 0-d tensor of the result dtype: the kernels' where() would
    # otherwise make it float64
    a = a if is_tensor(a) else _as_tensor_like(a, b)
    b = b if is_tensor(b) else _as_tensor_like(b, a)
    return Xlogy.apply(a, b, plus_one=plus_one)


def copysign(input, other):
    if not is_tensor(input):
        raise TypeError("copysign() received an invalid combination of arguments - got "
                        f"({type(input).__name__}, {type(other).__name__})")
    return Copysign.apply(*_float_operands(input, other))


def fmax(input, other):
    _tensor_other("fmax", other)
    a, b = promote(input, other)
    return FMax.apply(a, b, largest=True)


def fmin(input, other):
    _tensor_other("fmin", other)
    a, b = promote(input, other)
    return FMax.apply(a, b, largest=False)


def ldexp(input, other):
    for position, (name, value) in enumerate((("input", input), ("other", other)), 1):
        if not is_tensor(value):
            raise TypeError(f"ldexp(): argument '{name}' (position {position}) must be Tensor, "
                            f"not {type(value).__name__}")
    return Ldexp.apply(*_float_operands(input, other))


def heaviside(input, values):
    if not is_tensor(values):
        raise TypeError("heaviside(): argument 'values' (position 2) must be Tensor, not "
                        f"{type(values).__name__}")
    if input.dtype is not values.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different "
                           "dtypes.")
    return Heaviside.apply(input, values)


def nextafter(input, other):
    """Returns the next floating-point value after ``input`` towards ``other``, elementwise
    (``input`` where they are equal). Operands broadcast and promote as in PyTorch. The
    gradient is PyTorch's: ``grad`` for ``input`` (0 where ``input == other``), 0 for
    ``other``.

    Args:
        input (Tensor): the starting values (floating point).
        other (Tensor): the directions.

    Returns:
        Tensor: the result, of the broadcast shape and the promoted dtype.

    Raises:
        TypeError: ``other`` is not a Tensor.
        NotImplementedError: the promoted dtype is an integer or bool dtype.

    >>> tinytorch.nextafter(tinytorch.tensor([1.0, 0.0]), tinytorch.tensor([2.0, -1.0])) - \\
    ...     tinytorch.tensor([1.0, 0.0])
    tensor([ 1.1921e-07, -1.4013e-45])
    """
    _tensor_other("nextafter", other)
    a, b = promote(input, other)
    _no_integers("nextafter", a)
    return Nextafter.apply(a, b)
