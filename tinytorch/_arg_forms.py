"""Argument forms PyTorch's argument parser accepts for every ``torch.*`` function and Tensor
method it binds, beyond the functions' own signatures.

NOTE [NumPy argument names]
The parser also takes ``axis`` for ``dim``, ``keepdims`` for ``keepdim``, ``x``, ``a`` or
``x1`` for ``input`` and ``x2`` for ``other``: ``x.sum(axis=0, keepdims=True)`` and
``torch.cat(ts, axis=1)`` run there, and NumPy habits put them in scripts.

NOTE [out= arguments]
A ``torch.*`` function also takes ``out=``: the result is written into that tensor (a tuple of
them for a tuple result), which is returned. PyTorch's rules: no autograd through it (an
argument that requires grad, in grad mode, raises), no cast from floating point to an integer
dtype or from a number to bool, and an ``out`` of another shape is resized, with its warning
when it had elements. Tensor methods take no ``out=``.

NOTE [Scalar-first overloads]
Old scripts and optimizers (``p.data.add_(-lr, grad)``, ``exp_avg_sq.addcmul_(1 - beta2, g,
g)``) pass the scalar before the tensors: ``add``/``sub`` (and their in-place forms) take
``(Number alpha, Tensor other)``, ``addcmul``/``addcdiv`` ``(Number value, Tensor tensor1,
Tensor tensor2)``. PyTorch still accepts these overloads, warning once that they are
deprecated; :func:`scalar_first` rebinds those names to do the same.

NOTE [dtype arguments]
A ``dtype=`` argument is a ``torch.dtype`` or one of the Python types ``float``, ``int``,
``bool``: PyTorch's parser refuses a name (``dtype='float32'``) or a NumPy dtype with
"zeros(): argument 'dtype' must be torch.dtype, not str", naming the function called. The
wrapper checks it by that name before the call; the functions themselves read it with
``_dtype.to_dtype`` (which raises the same error under their own name when called without it).

:func:`accept` wraps the public functions of a namespace (the ``tinytorch`` module, ``linalg``,
``special``, the Tensor class) with a function that handles these keywords and calls the
original; a call without keywords costs one more frame and one test. (PyTorch's functions
written in Python, as ``nn.functional``'s, take neither, and nor do those here.)
"""

import functools
import inspect
import warnings

from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch._ops._util import warn_once

_SPELLINGS = (("axis", "dim"), ("keepdims", "keepdim"), ("x", "input"), ("a", "input"),
              ("x1", "input"), ("x2", "other"))
_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
_NAMES_TAKEN = ("type",)  # Tensor.type(dtype=...) takes type names too


def _spellings(fn):
    """(NumPy's name, the parameter's) pairs ``fn`` can take, whether it takes ``out``, and
    whether its ``dtype`` keyword is a dtype to check (NOTE [dtype arguments])."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return (), True, False
    return tuple((alias, name) for alias, name in _SPELLINGS
                 if name in params and alias not in params
                 and params[name].kind in _NAMED), "out" in params, (
        "dtype" in params and fn.__name__ not in _NAMES_TAKEN)


def _castable(src, dst):
    """PyTorch's canCast for out=: not floating point to an integer, not a number to bool."""
    return not (src.is_floating_point and not dst.is_floating_point) and not (
        dst is _dtype.bool_ and src is not _dtype.bool_)


def _write(name, result, out):
    """``result`` written into ``out`` by NOTE [out= arguments]; ``out`` (or its results'
    type holding the ``out`` tensors) returned."""
    if isinstance(out, (tuple, list)):
        outs = [_write(name, r, o) for r, o in zip(result, out, strict=True)]
        return type(result)(*outs) if hasattr(result, "_fields") else tuple(outs)
    if _grad_mode.is_grad_enabled() and (result.requires_grad or out.requires_grad):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           f"differentiation, but one of the arguments requires grad.")
    if not _castable(result.dtype, out.dtype):
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"result type {names[result.dtype]} can't be cast to the desired "
                           f"output type {names[out.dtype]}")
    if out.device != result.device:
        raise RuntimeError(f"Expected out tensor to have device {result.device}, but got "
                           f"{out.device} instead")
    if tuple(out.shape) != tuple(result.shape):
        if out.numel():
            warnings.warn(
                f"An output with one or more elements was resized since it had shape "
                f"{list(out.shape)}, which does not match the required output shape "
                f"{list(result.shape)}. This behavior is deprecated, and in a future PyTorch "
                f"release outputs will not be resized unless they have zero elements. You can "
                f"explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
                f"with t.resize_(0).", UserWarning, stacklevel=3)
        out.resize_(result.shape)
    with _grad_mode.no_grad():
        out.copy_(result)
    return out


def _wrapping(fn, spellings, outs, checks_dtype):
    dim_rule = _DIM_RULES.get(fn.__name__)  # NOTE [Reductions with and without a dim]

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if not kwargs:
            return fn(*args)
        for alias, name in spellings:
            if alias in kwargs:
                if name in kwargs:
                    raise TypeError(f"{fn.__name__}() got multiple values for argument "
                                    f"'{name}'")
                kwargs[name] = kwargs.pop(alias)
        if dim_rule is not None:
            _check_dim(fn.__name__, dim_rule, args, kwargs)
        if checks_dtype and kwargs.get("dtype") is not None:
            _dtype.to_dtype(kwargs["dtype"], fn.__name__)  # its error names the function
        out = kwargs.pop("out", None) if outs else None
        result = fn(*args, **kwargs)
        return result if out is None else _write(fn.__name__, result, out)
    call.arg_forms = True
    return call


# NOTE [Reductions with and without a dim]
# PyTorch binds these reductions as two signatures, one without ``dim`` (all elements) and one
# with it, so its parser refuses what fits neither: ``keepdim`` without a ``dim`` (``x.sum(
# keepdim=True)``; ``x.sum(dim=None, keepdim=True)`` fits the second), and ``dim=None`` where
# the second takes an int (``x.max(dim=None)``). Each: (the dim's type there, or None where it
# may be None; the message for keepdim without a dim).
_COMBINATION = "{}() received an invalid combination of arguments - got ({}), but expected one of"
_DIM_RULES = {"sum": (None, _COMBINATION), "mean": (None, _COMBINATION),
              "prod": ("int", _COMBINATION), "max": ("int", _COMBINATION),
              "min": ("int", _COMBINATION),
              "median": ("int", '{}() missing 1 required positional arguments: "dim"'),
              "nanmedian": ("int", '{}() missing 1 required positional arguments: "dim"'),
              "logsumexp": ("tuple of ints", None), "mode": ("int", None)}


def _check_dim(name, rule, args, kwargs):
    """PyTorch's TypeError for a call of ``name`` that fits none of its signatures (its
    ``_DIM_RULES`` entry ``rule``; NOTE [Reductions with and without a dim])."""
    kind, keepdim_alone = rule
    given = "dim" in kwargs or len(args) > 1
    dim = kwargs["dim"] if "dim" in kwargs else args[1] if given else 0
    if kind is not None and dim is None:
        raise TypeError(f"{name}(): argument 'dim' must be {kind}, not NoneType")
    if not given and "keepdim" in kwargs and keepdim_alone is not None:
        got = ", ".join(f"{k}={type(v).__name__}" for k, v in kwargs.items())
        raise TypeError(keepdim_alone.format(name, got))


_made = {}  # id of a function -> its wrapper: one wrapper wherever the function is bound


def accept(namespace, names, outs=True, known_only=False):
    """Rebind each function ``names`` lists in ``namespace`` (a module or a class) to one that
    also takes NumPy's spellings of its ``dim``, ``keepdim``, ``input`` and ``other``
    (NOTE [NumPy argument names]) and, with ``outs``, an ``out=`` (NOTE [out= arguments]);
    ``known_only``: only the functions an earlier call wrapped (``nn.functional``'s that are
    ``tinytorch``'s own objects, as in PyTorch)."""
    for name in names:
        fn = inspect.getattr_static(namespace, name, None)  # a staticmethod stays one
        if not inspect.isfunction(fn) or getattr(fn, "arg_forms", False):
            continue
        wrapper = _made.get(id(fn))
        if wrapper is None and not known_only:
            spellings, has_out, checks_dtype = _spellings(fn)
            wanted = spellings or (outs and not has_out) or checks_dtype
            wrapper = _made[id(fn)] = (_wrapping(fn, spellings, outs and not has_out,
                                                 checks_dtype) if wanted else None)
        if wrapper is not None:
            setattr(namespace, name, wrapper)


_SCALAR_FIRST = {"add": ("alpha", ("other",)), "sub": ("alpha", ("other",)),
                 "addcmul": ("value", ("tensor1", "tensor2")),
                 "addcdiv": ("value", ("tensor1", "tensor2"))}


def scalar_first(namespace, in_place):
    """Rebind ``add``, ``sub``, ``addcmul`` and ``addcdiv`` in ``namespace`` (and, with
    ``in_place``, their ``_`` forms) to also take the scalar first (NOTE [Scalar-first
    overloads])."""
    for base, (keyword, tensors) in _SCALAR_FIRST.items():
        for name in (base, base + "_") if in_place else (base,):
            fn = getattr(namespace, name)
            setattr(namespace, name, _scalar_first(fn, name, keyword, tensors))


def _scalar_first(fn, name, keyword, tensors):
    from tinytorch._tensor import Tensor  # a real cycle: the Tensor class is rebound here

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if (len(args) == 2 + len(tensors) and isinstance(args[1], (int, float))
                and isinstance(args[2], Tensor) and keyword not in kwargs):
            typed = ", ".join(f"Tensor {t}" for t in tensors)
            warn_once(f"This overload of {name} is deprecated:\n\t{name}(Number {keyword}, "
                      f"{typed})\nConsider using one of the following signatures instead:\n"
                      f"\t{name}({typed}, *, Number {keyword} = 1)")
            return fn(args[0], *args[2:], **{keyword: args[1]}, **kwargs)
        return fn(*args, **kwargs)
    return call
