"""Argument normalisation shared by the ops: dims, shapes, scalars and type promotion; the
stacklevel of a warning about the user's call."""

import collections
import sys
import warnings

from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch import _tensor
from tinytorch._finfo import finfo
from tinytorch._ops import conversion
from tinytorch.backends.host_scalars import is_host_array
from tinytorch.backends.host_scalars import python_number


def is_tensor(x):
    return isinstance(x, _tensor.Tensor)


def refuse_non_tensors(op, **arguments):
    """PyTorch's argument parser's TypeError for the first of ``arguments`` (by name, in
    position order) that is neither a Tensor nor None (an optional one left out)."""
    for position, (name, value) in enumerate(arguments.items(), 1):
        if value is not None and not isinstance(value, _tensor.Tensor):
            raise TypeError(f"{op}(): argument '{name}' (position {position}) must be Tensor, "
                            f"not {type(value).__name__}")


def wrap_dim(dim, ndim, op="op"):
    """A non-negative dim for a tensor of ``ndim`` dims (0-d tensors accept -1 and 0)."""
    n = max(ndim, 1)
    if type(dim) is not int:
        index = as_int(dim)
        if index is None:
            raise TypeError(f"{op}(): dim must be an int, got {type(dim).__name__}")
        dim = index
    if dim < -n or dim >= n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def as_int(value, bools=False):
    """``value`` as an int where PyTorch's argument parser takes it as one (a Python or NumPy
    integer, a 0-d integer tensor: through ``__index__``; a bool only with ``bools``), else
    None: a float, which ``int()`` would truncate, or anything else."""
    if isinstance(value, bool) and not bools:
        return None
    try:
        return value.__index__()
    except (AttributeError, TypeError):
        return None


def wrap_dims(dim, ndim, op="op"):
    """None -> None; int or sequence -> sorted tuple of non-negative dims (no repeats)."""
    if dim is None:
        return None
    if hasattr(dim, "__index__"):  # an int, a NumPy int
        dims = (wrap_dim(dim, ndim, op),)
    else:
        dims = tuple(wrap_dim(d, ndim, op) for d in dim)
        if len(set(dims)) != len(dims):
            twice = next(d for d in dims if dims.count(d) > 1)
            raise RuntimeError(f"dim {twice} appears multiple times in the list of dims "
                               f"({op}() got dim={tuple(dim)})")
    if ndim == 0:
        return ()
    return tuple(sorted(dims))


def user_stacklevel():
    """``warnings.warn``'s stacklevel, for a warning issued by the function calling this one,
    that names the innermost frame outside tinytorch: the user's line, whichever way it was
    reached (``F.softmax``, ``nn.Softmax()(x)``, ``x.softmax``) and however many library
    frames lie between."""
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "tinytorch":
        frame, level = frame.f_back, level + 1
    return level


_warned_once = set()  # the messages warn_once has shown in this process


def warn_once(message):
    """PyTorch's TORCH_WARN_ONCE: ``message`` as a UserWarning at the user's line, the first
    time in this process only (whatever the warnings filters say afterwards)."""
    if message not in _warned_once:
        _warned_once.add(message)
        warnings.warn(message, UserWarning, stacklevel=user_stacklevel())


COPY_CONSTRUCT = ("To copy construct from a tensor, it is recommended to use "
                  "sourceTensor.detach().clone() or sourceTensor.detach().clone()"
                  ".requires_grad_(True), rather than torch.tensor(sourceTensor).")
GRAD_TO_SCALAR = ("Converting a tensor with requires_grad=True to a scalar may lead to "
                  "unexpected behavior.\nConsider using tensor.detach() first.")
NOT_WRITABLE = ("The given NumPy array is not writable, and PyTorch does not support non-writable "
                "tensors. This means writing to this tensor will result in undefined behavior. "
                "You may want to copy the array to protect its data or make it writable before "
                "converting it to a tensor. This type of warning will be suppressed for the rest "
                "of this program.")


def scalar_of(x, warn=True):
    """Check that tensor ``x`` has one element, as a Python number or a nested list's entry
    needs: else PyTorch's ValueError; with ``warn``, warned once per process if it requires
    grad while grad mode is on (PyTorch is quiet under no_grad, as in LBFGS's step)."""
    if x._data.size != 1:
        raise ValueError("only one element tensors can be converted to Python scalars")
    if warn and x.requires_grad and _grad_mode.is_grad_enabled():
        warn_once(GRAD_TO_SCALAR)


def sized(args, keyword, op, name):
    """A varargs size as given: ``f(2, 3)``, ``f((2, 3))``, or PyTorch's keyword form
    ``f(name=(2, 3))`` (its parser binds ``size=`` to ``*size``), as the tuple ``*args``
    would be."""
    if keyword is None:
        return args
    if args:
        raise TypeError(f"{op}() got multiple values for argument '{name}'")
    return (keyword,)


def int_argument(value, op, name, position=None):
    """``value`` as PyTorch's argument parser takes an int: a Python or NumPy integer or a 0-d
    integer tensor (never a bool); anything else raises its TypeError."""
    if is_tensor(value):
        if value.ndim == 0 and not value.dtype.is_floating_point and value.dtype is not \
                _dtype.bool_:
            return int(value.item())
    elif not isinstance(value, bool) and hasattr(type(value), "__index__"):
        return value.__index__()
    where = "" if position is None else f" (position {position})"
    kind = "numpy." + type(value).__name__ if type(value).__module__ == "numpy" else \
        type(value).__name__
    raise TypeError(f"{op}(): argument '{name}'{where} must be int, not {kind}")


def shape_arg(shape, op=None):
    """Accept ``f(2, 3)``, ``f((2, 3))`` and ``f([2, 3])`` (and torch.Size); a 0-d tensor
    is a size, as in PyTorch; a lone float is ``op``'s TypeError."""
    if len(shape) == 1 and not isinstance(shape[0], int) and getattr(shape[0], "ndim", 1):
        shape = shape[0]
        if op is not None and not hasattr(shape, "__iter__"):
            raise TypeError(f"{op}(): argument 'size' (position 1) must be tuple of ints, not "
                            f"{type(shape).__name__}")
    if all(type(s) is int for s in shape):
        return tuple(shape)
    sizes = tuple(as_int(s) for s in shape)  # a float is refused, not truncated
    if None in sizes:
        i = sizes.index(None)
        raise TypeError(f"argument 'size' must be tuple of ints, but found element of type "
                        f"{type(shape[i]).__name__} at pos {i}")
    return sizes


def broadcast_shapes(*shapes, op=None):
    """NumPy/PyTorch broadcasting of shapes; RuntimeError on mismatch. As PyTorch's, the
    shapes fold in pairwise and each pair is checked from its trailing dim, so the message
    names the last mismatched dim of the first pair that fails (tensor a is the shape so
    far); the hint names all the shapes."""
    out = ()
    for shape in shapes:
        ndim = max(len(out), len(shape))
        a, b = (1,) * (ndim - len(out)) + tuple(out), (1,) * (ndim - len(shape)) + tuple(shape)
        for i in reversed(range(ndim)):
            if 1 != a[i] != b[i] != 1:
                raise RuntimeError(
                    f"{'' if op is None else op + '(): '}The size of tensor a ({a[i]}) must "
                    f"match the size of tensor b ({b[i]}) at non-singleton dimension {i}"
                    f" (shapes {' and '.join(str(list(x)) for x in shapes)} cannot be "
                    "broadcast)")
        out = tuple(n if m == 1 else m for m, n in zip(a, b))
    return out


def promote(a, b):
    """Cast two operands (Tensors or Python scalars, at least one Tensor) to PyTorch's result
    dtype. Scalars stay Python scalars unless they lift the category."""
    tensor_type = _tensor.Tensor
    a_is, b_is = isinstance(a, tensor_type), isinstance(b, tensor_type)
    if a_is and b_is:  # shapes: the ops' broadcasts flag (see Op.apply)
        if a._data.dtype == b._data.dtype:
            return a, b
        target = _tensor_promotion(a, b)
        return _cast(a, target), _cast(b, target)
    t, s, t_first = (a, b, True) if a_is else (b, a, False)
    if type(s) not in _NUMBERS:
        s = foreign_operand(s, t)
        if isinstance(s, tensor_type):
            return promote(t, s) if t_first else promote(s, t)
    if type(s) is float and t._data.dtype.kind in "fV":  # V: bfloat16, NOTE [bfloat16 arrays]
        return (t, s) if t_first else (s, t)  # the common case: no promotion
    target = _dtype.result_type_scalar(t.dtype, s)
    if target is not t.dtype:
        t = _cast(t, target)
    if type(s) is int and t._data.dtype.kind in "iu":
        s = wrapped_int(s, target)
    return (t, s) if t_first else (s, t)


_NUMBERS = (int, float, bool)


def watch(out, *tensors):
    """``out`` (an op's result), its node made to check before its backward that the index or
    mask ``tensors`` the backward reads were not written in place since: PyTorch saves them
    as saved variables, so ``i.add_(1)`` between ``x.gather(0, i)`` and backward raises its
    "modified by an inplace operation" error, where reading the new indices would put the
    gradient in the wrong places. The engine checks (``node.prepare``'s first step)."""
    node = out._grad_fn
    if node is not None and tensors:
        node.watched = (node.watched or ()) + tuple((t, t._vc[0]) for t in tensors)
        node.prepare = True
    return out


def operator_form(fn):
    """``fn`` as a binary operator method (``__add__``, ``__iadd__`` ...), as PyTorch binds
    them: where ``fn`` refuses the operand with TypeError the method gives NotImplemented, so
    Python tries the other operand's reflected method (a NumPy array's ``__rmatmul__``, a
    user class's ``__radd__``) and else raises its own "unsupported operand type(s)"."""
    def method(self, other):
        try:
            return fn(self, other)
        except TypeError:
            return NotImplemented
    method.__name__ = method.__qualname__ = fn.__name__
    method.__doc__ = fn.__doc__
    return method


def host_operand(value, like):
    """An operand beside Tensor ``like`` as PyTorch reads it: a NumPy scalar as the Python
    number (``x / np.sqrt(d)`` keeps ``x``'s dtype), a NumPy array as a tensor on ``like``'s
    device; anything else as it is."""
    value = python_number(value)
    if is_host_array(value):
        from tinytorch import _creation  # a real cycle: creation uses these helpers
        return _creation.as_tensor(value, device=like.device)
    return value


def foreign_operand(value, like):
    """An arithmetic operand beside Tensor ``like`` that is not a Python int, float or bool:
    :func:`host_operand`'s number or tensor (PyTorch hands an operation with a NumPy array to
    NumPy, which reads ``like`` through ``numpy()``: not for a tensor that requires grad), a
    subclass of int or float as it is; anything else PyTorch's TypeError."""
    if is_host_array(value):
        conversion.refuse_numpy_with_grad(like)
    value = host_operand(value, like)
    if isinstance(value, _NUMBERS + (_tensor.Tensor,)):
        return value
    raise TypeError(f"unsupported operand type {type(value).__name__}; expected a Tensor or a "
                    "Python number")


def wrapped_int(value, dtype):
    """A Python int as PyTorch casts it to an integer tensor's dtype (two's complement: -3
    is 253 for uint8), so ``u8 + -3`` and ``u8 < -3`` are PyTorch's, where NumPy raises an
    OverflowError or compares the exact values."""
    bits = 8 * dtype.itemsize
    low = -(1 << (bits - 1)) if dtype.is_signed else 0
    if low <= value < low + (1 << bits):
        return value
    return (value - low) % (1 << bits) + low


def int_range(dtype, wrap_negatives):
    """(low, high): the numbers c10's checked conversion lets into integer ``dtype``, its
    range, and for an unsigned one with ``wrap_negatives`` also ints down to -high (two's
    complement: -1 is 255 for uint8)."""
    bits = 8 * dtype.itemsize
    high = (1 << (bits - 1)) - 1 if dtype.is_signed else (1 << bits) - 1
    return (-high - 1 if dtype.is_signed else (-high if wrap_negatives else 0)), high


# The C++ type PyTorch's "value cannot be converted to type ... without overflow" names.
_C_TYPES = {_dtype.uint8: "uint8_t", _dtype.int8: "int8_t", _dtype.int16: "int16_t",
            _dtype.int32: "int", _dtype.int64: "int64_t", _dtype.float16: "c10::Half",
            _dtype.bfloat16: "c10::BFloat16", _dtype.float32: "float", _dtype.float64: "double"}


def checked_scalar(value, dtype, halves=True):
    """A Python number as PyTorch converts it to fill a tensor of ``dtype`` (fill_, full,
    masked_fill, index_fill, where, clamp's bounds, ``x[i] = v``; c10's checked_convert): an
    integer dtype takes a float within its range truncated toward zero, and an int within it
    or, for uint8, down to -255 (two's complement: -1 fills 255); a float dtype any number up
    to its largest finite one (inf and NaN pass); bool anything. Otherwise PyTorch's
    RuntimeError, where NumPy raised OverflowError or wrapped silently. ``halves=False``:
    float16 and bfloat16 take any number, overflowing to inf (PyTorch's ``where`` and
    ``x[i] = v``)."""
    if type(value) not in _NUMBERS:
        value = python_number(value)
    if dtype is _dtype.bool_ or type(value) is bool or not isinstance(value, (int, float)):
        return value
    if dtype.is_floating_point and not halves and dtype.itemsize == 2:
        return value
    if dtype.is_floating_point:
        if value - value == 0 and abs(value) > finfo(dtype).max:  # finite and too large
            raise _overflow(dtype)
        return value
    low, high = int_range(dtype, type(value) is int)
    if not low <= value <= high:  # NaN fails too
        raise _overflow(dtype)
    return wrapped_int(int(value), dtype)


def _overflow(dtype):
    return RuntimeError(f"value cannot be converted to type {_C_TYPES[dtype]} without overflow")


def _cast(x, dtype):
    return conversion.cast(x, dtype)


def _category(d):
    return 2 if d.is_floating_point else (0 if d is _dtype.bool_ else 1)


def _tensor_promotion(a, b):
    # A 0-d tensor only decides the dtype when its category is higher (PyTorch's rule).
    if a.ndim == 0 and b.ndim > 0 and _category(a.dtype) <= _category(b.dtype):
        return b.dtype
    if b.ndim == 0 and a.ndim > 0 and _category(b.dtype) <= _category(a.dtype):
        return a.dtype
    return _dtype.promote_types(a.dtype, b.dtype)


# NOTE [Bool refusals]
# PyTorch has no bool kernel for many ops (abs, floor, pow of two bools, argmax, the
# activations, matmul...) and raises where NumPy would compute something; tinytorch raises
# the same exception with the same message, checked in the public function before anything
# else (as PyTorch dispatches on dtype before it checks the other arguments), so that a
# program means the same in both. The kernel PyTorch names is its CPU kernel's; on another
# device its ``_cpu`` (``_vml_cpu``) becomes the device's (``abs_cuda``, ``floor_cuda``).
def not_implemented_for(kernel, t):
    """Raise PyTorch's ``"<kernel>" not implemented for '<dtype>'`` for tensor ``t``."""
    device = t.device.type
    if device != "cpu":
        kernel = kernel.replace("_vml_cpu", "_cpu").replace("_cpu", "_" + device)
    raise NotImplementedError(
        f"\"{kernel}\" not implemented for '{_dtype.SCALAR_TYPE_NAMES[t.dtype]}'")


def is_bool(x):
    """A bool tensor or a Python bool."""
    return type(x) is bool or (isinstance(x, _tensor.Tensor) and x._data.dtype.kind == "b")


def refuse_bool(kernel, *tensors):
    """``not_implemented_for(kernel)`` if one of ``tensors`` is a bool tensor (NOTE [Bool
    refusals])."""
    for t in tensors:
        if isinstance(t, _tensor.Tensor) and t._data.dtype.kind == "b":
            not_implemented_for(kernel, t)


def refuse_integral(kernel, t):
    """``not_implemented_for(kernel)`` if tensor ``t`` is bool or an integer: PyTorch's
    float-only kernels (most activations)."""
    if not t.dtype.is_floating_point:
        not_implemented_for(kernel, t)


def refuse_bools(kernel, a, b):
    """``not_implemented_for(kernel)`` when both operands of a binary op are bool (a bool
    tensor or a Python bool), so the op would compute in bool."""
    if is_bool(a) and is_bool(b):
        not_implemented_for(kernel, a if is_tensor(a) else b)


def return_type(name, fields):
    """A named tuple printed like PyTorch's ``torch.return_types.<name>``."""
    base = collections.namedtuple(name, fields)

    class ReturnType(base):
        __slots__ = ()

        def __repr__(self):
            body = ",\n".join(f"{f}={getattr(self, f)!r}" for f in fields)
            return f"torch.return_types.{name}(\n{body})"

    ReturnType.__name__ = ReturnType.__qualname__ = name
    return ReturnType


def in_graph_of(out, x):
    """``out`` with its values, also in the graph of a grad-requiring ``x`` whose values it
    ignored (gradient 0), as PyTorch's node keeps such an input: minus the sum of none of x's
    elements, an exact 0 (0-d: out keeps its dtype) that keeps every value, -0.0 and NaN too."""
    if x.requires_grad and _grad_mode.is_grad_enabled():
        return out - x.reshape(-1)[:0].sum()
    return out


def refuse_grad_of(function, argument, t):
    """PyTorch's refusal, at the call, of a grad-requiring ``t`` that ``function`` has no
    derivative for (its ``argument``), where grad mode is on."""
    if t.requires_grad and _grad_mode.is_grad_enabled():
        raise RuntimeError(f"The function '{function}' is not differentiable with respect to "
                           f"argument '{argument}'. This input cannot have requires_grad True.")


def zero_gradient(be, g):
    """PyTorch's ``zeros_like(grad)``, the gradient of a piecewise-constant input: zeros in
    ``g``'s shape and dtype (``g`` an array, or a Tensor under create_graph). Not ``g * 0``,
    which is NaN wherever the incoming gradient is NaN or infinite."""
    dtype = g.dtype if isinstance(g, _tensor.Tensor) else _dtype.from_native(g.dtype)
    return be.zeros(tuple(g.shape), dtype)
