"""torch.special's functions from Cephes and SciPy (PyTorch's ATen/native/Math.h): erfcx, the
Bessel functions J0, J1, Y0, Y1, I0, I1, K0, K1 (and e^x K), Airy's Ai, the spherical j0, the
Hurwitz zeta function and the regularized incomplete gamma functions (``igamma``/``igammac``,
``special.gammainc``/``gammaincc``). The kernels are ports of PyTorch's (NOTE [Cephes special
functions as PyTorch's], NOTE [Incomplete gamma as PyTorch's]). Derivatives exactly where
PyTorch has them: erfcx; zeta in ``other``; igamma and igammac in ``other``. The others record
no graph (their outputs never require grad, as PyTorch's); zeta's and the incomplete gammas'
first argument raise PyTorch's NotImplementedError in backward. Integers compute in the
default float dtype (the incomplete gammas refuse them, as PyTorch); half types are refused
except by the incomplete gammas (computed in float64 and rounded, as every dtype there)."""

import math

from tinytorch import _dtype
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops._util import promote
from tinytorch._ops.arithmetic import _as_tensor_like
from tinytorch._ops.arithmetic import _float_operands
from tinytorch._ops.pointwise import _float

_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
_HALF_TYPES = (_dtype.float16, _dtype.bfloat16)


class Special(Op):
    """y = the backend kernel ``kernel`` of the inputs, with ``options``.  Not differentiable:
    PyTorch's outputs of these functions do not require grad."""

    differentiable = False
    broadcasts = True

    @staticmethod
    def forward(ctx, *arrays, kernel, options):
        return getattr(ctx.backend, kernel)(*arrays, *options)


class Erfcx(Op):
    """y = e^(x²) erfc(x).  dL/dx = g (2 x y - 2/√π)."""

    node_name = "SpecialErfcxBackward0"

    @staticmethod
    def forward(ctx, x):
        y = ctx.backend.erfcx(x)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, y = ctx.saved_tensors
        return be.mul(g, be.sub(be.mul(be.mul(x, y), 2.0), _TWO_OVER_SQRT_PI))


class Zeta(Op):
    """z = ζ(a, b) = Σ_k (b + k)^-a.  dL/db = -g a ζ(a + 1, b); none in a (PyTorch raises)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return ctx.backend.zeta(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'zeta' is not implemented.")
        return None, be.mul(g, be.mul(be.neg(a), be.zeta(be.add(a, 1.0), b)))


class Igamma(Op):
    """z = P(a, x) (``upper``: Q(a, x) = 1 - P).  dL/dx = g x^(a-1) e^-x / Γ(a) (negated for
    Q); none in a (PyTorch raises)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, a, x, upper):
        ctx.save_for_backward(a, x)
        ctx.upper = upper
        if upper:
            ctx.node_name = "IgammacBackward0"
        return ctx.backend.igamma(a, x, upper)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, x = ctx.saved_tensors
        if ctx.needs_input_grad[0]:
            name = "igammac" if ctx.upper else "igamma"
            raise NotImplementedError(f"the derivative for '{name}: input' is not implemented.")
        log_density = be.sub(be.sub(be.mul(be.sub(a, 1.0), be.log(x)), x), be.lgamma(a))
        density = be.exp(log_density)
        return None, be.mul(g, be.neg(density) if ctx.upper else density)


def _tensor_input(name, input, arg="input"):
    if not is_tensor(input):
        raise TypeError(f"{name}(): argument '{arg}' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")


def _unary(name, input, kernel, *options, arg="input"):
    """``kernel`` of ``input`` (integers as the default float dtype), PyTorch's refusal of half
    types and of non-Tensors first (``arg``: PyTorch's name of the argument)."""
    _tensor_input(f"special_{name}", input, arg)
    if input.dtype in _HALF_TYPES:
        not_implemented_for(f"{name}_cpu", input)
    return Special.apply(_float(input), kernel=kernel, options=options)


def float_pair(name, input, other):
    """``input`` and ``other`` (a Tensor and a Tensor or number) promoted to one float dtype,
    both Tensors, with PyTorch's errors for two numbers and for half types."""
    if not is_tensor(input) and not is_tensor(other):
        raise TypeError(f"special_{name}() received an invalid combination of arguments - got "
                        f"({type(input).__name__}, {type(other).__name__})")
    a, b = _float_operands(input, other)
    t = a if is_tensor(a) else b
    if t.dtype in _HALF_TYPES:
        not_implemented_for(f"{name}_cpu", t)
    return (a if is_tensor(a) else _as_tensor_like(a, b)), (b if is_tensor(b) else
                                                            _as_tensor_like(b, a))


def _incomplete_gamma(name, input, other, upper):
    if not is_tensor(input):
        _tensor_input(name, input)
    if not is_tensor(other):
        raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")
    a, x = promote(input, other)
    if not a.dtype.is_floating_point:
        not_implemented_for("igammac_cpu" if upper else "igamma_cpu", a)
    return Igamma.apply(a, x, upper=upper)


def igamma(input, other):
    """Returns the regularized lower incomplete gamma function
    ``P(a, x) = (1 / Γ(a)) ∫_0^x t^(a-1) e^-t dt`` of ``a = input`` and ``x = other``
    (alias ``tinytorch.special.gammainc``); NaN where either is negative.

    Args:
        input (Tensor): a, the parameter (>= 0).
        other (Tensor): x, the upper limit of the integral (>= 0).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype. It has a
        gradient in ``other`` only (PyTorch's).

    Raises:
        TypeError: an argument is not a Tensor.
        NotImplementedError: both are integer or bool tensors.

    >>> tinytorch.igamma(tinytorch.tensor([1.0, 2.0]), tinytorch.tensor([1.0, 3.0]))
    tensor([0.6321, 0.8009])
    """
    return _incomplete_gamma("igamma", input, other, upper=False)


def igammac(input, other):
    """Returns the regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)`` of
    ``a = input`` and ``x = other`` (alias ``tinytorch.special.gammaincc``), computed without
    the cancellation of ``1 - P`` where ``Q`` is small.

    Args:
        input (Tensor): a, the parameter (>= 0).
        other (Tensor): x, the lower limit of the integral (>= 0).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype. It has a
        gradient in ``other`` only (PyTorch's).

    Raises:
        TypeError: an argument is not a Tensor.
        NotImplementedError: both are integer or bool tensors.

    >>> tinytorch.igammac(tinytorch.tensor([1.0, 2.0]), tinytorch.tensor([1.0, 30.0]))
    tensor([3.6788e-01, 2.9009e-12])
    """
    return _incomplete_gamma("igammac", input, other, upper=True)


def gammainc(input, other):
    """``tinytorch.special.gammainc``: the regularized lower incomplete gamma function, as
    :func:`tinytorch.igamma`.

    Args:
        input (Tensor): a, the parameter (>= 0).
        other (Tensor): x, the upper limit of the integral (>= 0).

    Returns:
        Tensor: ``P(a, x)``, of the broadcast shape.

    >>> tinytorch.special.gammainc(tinytorch.tensor([0.5]), tinytorch.tensor([2.0]))
    tensor([0.9545])
    """
    return _incomplete_gamma("special_gammainc", input, other, upper=False)


def gammaincc(input, other):
    """``tinytorch.special.gammaincc``: the regularized upper incomplete gamma function, as
    :func:`tinytorch.igammac`.

    Args:
        input (Tensor): a, the parameter (>= 0).
        other (Tensor): x, the lower limit of the integral (>= 0).

    Returns:
        Tensor: ``Q(a, x) = 1 - P(a, x)``, of the broadcast shape.

    >>> tinytorch.special.gammaincc(tinytorch.tensor([0.5]), tinytorch.tensor([2.0]))
    tensor([0.0455])
    """
    return _incomplete_gamma("special_gammaincc", input, other, upper=True)


def zeta(input, other):
    """Returns the Hurwitz zeta function ``ζ(x, q) = Σ_{k>=0} (q + k)^-x`` of ``x = input``
    and ``q = other`` (``ζ(x, 1)`` is Riemann's); inf at ``x = 1`` and at integers
    ``q <= 0``, NaN for ``x < 1``.

    Args:
        input (Tensor or number): x, the exponent.
        other (Tensor or number): q, the shift (at least one of the two is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape (integers give the default float dtype).
        It has a gradient in ``other`` only (PyTorch's).

    >>> tinytorch.special.zeta(2.0, tinytorch.tensor([1.0, 2.0]))
    tensor([1.6449, 0.6449])
    """
    return Zeta.apply(*float_pair("zeta", input, other))


def erfcx(input):
    """Returns the scaled complementary error function ``e^(x²) erfc(x)`` of each element of
    ``input``, finite where ``erfc`` underflows (``erfcx(x) ~ 1 / (x √π)`` for large x).

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.erfcx(tinytorch.tensor([0.0, 1.0, 100.0]))
    tensor([1.0000, 0.4276, 0.0056])
    """
    _tensor_input("special_erfcx", input)
    if input.dtype in _HALF_TYPES:
        not_implemented_for("erfcx_cpu", input)
    return Erfcx.apply(_float(input))


def spherical_bessel_j0(x):
    """Returns the spherical Bessel function of the first kind of order 0,
    ``j0(x) = sin(x) / x`` (1 at 0), of each element of ``x``. Not differentiable.

    Args:
        x (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``x``'s shape (integers give the default float dtype).

    >>> tinytorch.special.spherical_bessel_j0(tinytorch.tensor([0.0, 1.0, 3.0]))
    tensor([1.0000, 0.8415, 0.0470])
    """
    return _unary("spherical_bessel_j0", x, "spherical_bessel_j0", arg="x")


def airy_ai(x):
    """Returns the Airy function ``Ai(x)``, the solution of ``y'' = x y`` that decays as
    ``x → +∞``, of each element of ``x``. Not differentiable.

    Args:
        x (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``x``'s shape (integers give the default float dtype).

    >>> tinytorch.special.airy_ai(tinytorch.tensor([-1.0, 0.0, 1.0]))
    tensor([0.5356, 0.3550, 0.1353])
    """
    return _unary("airy_ai", x, "airy_ai", arg="x")


def bessel_j0(input):
    """Returns the Bessel function of the first kind of order 0, ``J0(x)`` of each element of
    ``input``. Not differentiable.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.bessel_j0(tinytorch.tensor([0.0, 1.0, -2.0]))
    tensor([1.0000, 0.7652, 0.2239])
    """
    return _unary("bessel_j0", input, "bessel_j", 0)


def bessel_j1(input):
    """Returns the Bessel function of the first kind of order 1, ``J1(x)`` (odd in x) of each
    element of ``input``. Not differentiable.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.bessel_j1(tinytorch.tensor([0.0, 1.0, -2.0]))
    tensor([ 0.0000,  0.4401, -0.5767])
    """
    return _unary("bessel_j1", input, "bessel_j", 1)


def bessel_y0(input):
    """Returns the Bessel function of the second kind of order 0, ``Y0(x)``; -inf at 0, NaN for
    x < 0 of each element of ``input``. Not differentiable.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.bessel_y0(tinytorch.tensor([0.5, 1.0, 2.0]))
    tensor([-0.4445,  0.0883,  0.5104])
    """
    return _unary("bessel_y0", input, "bessel_y", 0)


def bessel_y1(input):
    """Returns the Bessel function of the second kind of order 1, ``Y1(x)``; -inf at 0, NaN for
    x < 0 of each element of ``input``. Not differentiable.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.bessel_y1(tinytorch.tensor([0.5, 1.0, 2.0]))
    tensor([-1.4715, -0.7812, -0.1070])
    """
    return _unary("bessel_y1", input, "bessel_y", 1)


def modified_bessel_i0(input):
    """Returns the modified Bessel function of the first kind of order 0, ``I0(x)`` (as
    :func:`tinytorch.i0`, but not differentiable, as PyTorch's), of each element of ``input``.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.modified_bessel_i0(tinytorch.tensor([0.0, 1.0, -2.0]))
    tensor([1.0000, 1.2661, 2.2796])
    """
    return _unary("modified_bessel_i0", input, "bessel_i", 0, False)


def modified_bessel_i1(input):
    """Returns the modified Bessel function of the first kind of order 1, ``I1(x)`` (as
    :func:`tinytorch.special.i1`, but not differentiable, as PyTorch's), of each element of
    ``input``.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.modified_bessel_i1(tinytorch.tensor([0.0, 1.0, -2.0]))
    tensor([ 0.0000,  0.5652, -1.5906])
    """
    return _unary("modified_bessel_i1", input, "bessel_i", 1, False)


def modified_bessel_k0(input):
    """Returns the modified Bessel function of the second kind of order 0, ``K0(x)``; inf at 0,
    NaN for x < 0 of each element of ``input``. Not differentiable.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.modified_bessel_k0(tinytorch.tensor([0.5, 1.0, 2.0]))
    tensor([0.9244, 0.4210, 0.1139])
    """
    return _unary("modified_bessel_k0", input, "bessel_k", 0, False)


def modified_bessel_k1(input):
    """Returns the modified Bessel function of the second kind of order 1, ``K1(x)``; inf at 0,
    NaN for x < 0 of each element of ``input``. Not differentiable.

    Args:
        input (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``input``'s shape (integers give the default float dtype).

    >>> tinytorch.special.modified_bessel_k1(tinytorch.tensor([0.5, 1.0, 2.0]))
    tensor([1.6564, 0.6019, 0.1399])
    """
    return _unary("modified_bessel_k1", input, "bessel_k", 1, False)


def scaled_modified_bessel_k0(x):
    """Returns the exponentially scaled modified Bessel function of the second kind of order 0,
    ``e^x K0(x)`` (finite where ``K0`` underflows) of each element of ``x``. Not
    differentiable.

    Args:
        x (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``x``'s shape (integers give the default float dtype).

    >>> tinytorch.special.scaled_modified_bessel_k0(tinytorch.tensor([0.5, 1.0, 800.0]))
    tensor([1.5241, 1.1445, 0.0443])
    """
    return _unary("scaled_modified_bessel_k0", x, "bessel_k", 0, True, arg="x")


def scaled_modified_bessel_k1(x):
    """Returns the exponentially scaled modified Bessel function of the second kind of order 1,
    ``e^x K1(x)`` of each element of ``x``. Not differentiable.

    Args:
        x (Tensor): the input tensor.

    Returns:
        Tensor: the result, of ``x``'s shape (integers give the default float dtype).

    >>> tinytorch.special.scaled_modified_bessel_k1(tinytorch.tensor([0.5, 1.0, 800.0]))
    tensor([2.7310, 1.6362, 0.0443])
    """
    return _unary("scaled_modified_bessel_k1", x, "bessel_k", 1, True, arg="x")
