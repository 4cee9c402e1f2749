"""``torch.linalg``'s norms: vector_norm (the ``Norm`` op of ``tinytorch.norm``), matrix_norm
(Frobenius, nuclear, ±1, ±2, ±inf) and norm, which picks between them."""

import math
import numbers

from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._util import wrap_dim
from tinytorch._ops.linalg_api import check_float
from tinytorch._ops.linalg_spectral import svdvals

_NAMES = _dtype.SCALAR_TYPE_NAMES
_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def _with_dtype(x, dtype, op):
    """``x`` converted to ``dtype`` (PyTorch's checks: a float dtype, no narrowing)."""
    if dtype is None:
        return x
    if not dtype.is_floating_point:
        raise RuntimeError(f"{op}: dtype should be floating point or complex, but got "
                           f"{_NAMES[dtype]}")
    if x.dtype.is_floating_point and x.dtype.itemsize > dtype.itemsize:
        raise RuntimeError(f"{op}: the dtype of the input ({_NAMES[x.dtype]}) should be "
                           f"convertible without narrowing to the specified dtype "
                           f"({_NAMES[dtype]})")
    return x.to(dtype)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The vector ``ord``-norm of ``x`` over ``dim`` (all dims when None): ``(Σ |x|^ord)^(1/ord)``,
    max/min ``|x|`` for ±inf, the count of nonzeros for 0.

    Args:
        x (Tensor): a float tensor.
        ord (float): the order. Default: 2.
        dim (int or tuple of int, optional): the dims reduced. Default: all.
        keepdim (bool): keep the reduced dims with size 1.
        dtype (tinytorch.dtype, optional): compute in this float dtype (no narrowing).

    Returns:
        Tensor: the norms.

    Raises:
        TypeError: ``ord`` is not a number.
        RuntimeError: integer input or dtype, or a narrowing dtype.

    >>> tinytorch.linalg.vector_norm(tinytorch.tensor([3., -4.]))
    tensor(5.)
    """
    if not isinstance(ord, numbers.Number) or isinstance(ord, bool):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' must be Number, not "
                        f"{type(ord).__name__}")
    if dtype is None:
        check_float(x, "linalg.vector_norm", low_precision=True)
    x = _with_dtype(x, dtype, "linalg.vector_norm")
    return reduction.norm(x, ord, dim, keepdim)


def _matrix_dims(A, dim):
    if isinstance(dim, int) or len(dim) != 2:
        got = dim if isinstance(dim, int) else " ".join(str(d) for d in dim)
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {got}")
    d0, d1 = (wrap_dim(d, A.ndim, "linalg.matrix_norm") for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, "
                           f"{dim[1]})")
    return d0, d1


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """A matrix norm over the two dims ``dim``: ``"fro"`` (Frobenius), ``"nuc"`` (sum of
    singular values), ±2 (largest/smallest singular value), ±1 (max/min column sum of ``|A|``),
    ±inf (max/min row sum of ``|A|``).

    Args:
        A (Tensor): (..., m, n), float32 or float64.
        ord (str or float): the norm. Default: ``"fro"``.
        dim (tuple of int): the two matrix dims. Default: (-2, -1).
        keepdim (bool): keep the reduced dims with size 1.
        dtype (tinytorch.dtype, optional): compute in this float dtype.

    Returns:
        Tensor: the norms.

    Raises:
        RuntimeError: an unsupported ``ord``, bad ``dim`` or input (PyTorch's messages).

    >>> tinytorch.linalg.matrix_norm(tinytorch.tensor([[1., -2.], [3., 4.]]), ord=1)
    tensor(6.)
    """
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    if dtype is None:
        check_float(A, "linalg.matrix_norm", low_precision=True)
    A = _with_dtype(A, dtype, "linalg.matrix_norm")
    d0, d1 = _matrix_dims(A, dim)
    if ord not in _MATRIX_ORDS or isinstance(ord, bool):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if ord == "fro":
        return reduction.norm(A, 2, (d0, d1), keepdim)
    if ord in ("nuc", 2, -2):
        check_float(A, "linalg.matrix_norm")
        S = svdvals(shape.movedim(A, (d0, d1), (-2, -1)))
        out = (reduction.sum(S, -1) if ord == "nuc"
               else (reduction.amax if ord == 2 else reduction.amin)(S, -1))
        for d in sorted((d0, d1)) if keepdim else ():
            out = shape.unsqueeze(out, d)
        return out
    inner, outer = (d0, d1) if abs(ord) == 1 else (d1, d0)
    sums = reduction.sum(arithmetic.abs(A), inner, keepdim=True)
    out = (reduction.amax if ord > 0 else reduction.amin)(sums, outer, keepdim=True)
    return out if keepdim else shape.own(shape.squeeze(out, (d0, d1)))  # PyTorch's own


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector or matrix norm: :func:`matrix_norm` when ``dim`` is a 2-tuple or (without
    ``dim``) ``A`` is 2-D and ``ord`` given; otherwise :func:`vector_norm` (the 2-norm of all
    elements when neither ``ord`` nor ``dim`` is given).

    Args:
        A (Tensor): a float tensor.
        ord (str or float, optional): the order, as in the two functions.
        dim (int or tuple of int, optional): the dims.
        keepdim (bool): keep the reduced dims with size 1.
        dtype (tinytorch.dtype, optional): compute in this float dtype.

    Returns:
        Tensor: the norms.

    Raises:
        RuntimeError: ``ord`` without ``dim`` on an input over 2-D.

    >>> tinytorch.linalg.norm(tinytorch.tensor([[1., 2.], [2., 4.]]), "nuc")
    tensor(5.)
    """
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) == 2 or isinstance(ord, str):
            return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype)
        return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)
    if ord is None:
        return vector_norm(A, 2, None, keepdim, dtype=dtype)
    if A.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A.ndim}D.")
    if A.ndim == 2 or isinstance(ord, str):
        return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)
    return vector_norm(A, ord, None, keepdim, dtype=dtype)
