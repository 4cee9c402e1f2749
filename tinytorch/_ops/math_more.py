"""Reductions and products PyTorch scripts call (tensorM): ``aminmax``, ``vdot``,
``unique_consecutive``, ``renorm``, and the legacy ``qr``; compositions of existing ops, so
their gradients are those ops' (``aminmax`` shares ties evenly, as ``amin``/``amax``)."""

import warnings

from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import counting
from tinytorch._ops import linalg
from tinytorch._ops import linalg_norms
from tinytorch._ops import linalg_spectral
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._util import int_argument
from tinytorch._ops._util import user_stacklevel
from tinytorch._ops._util import wrap_dim
from tinytorch._ops.linalg_api import named_tuple
from tinytorch.amp import autocast_mode as _autocast

return_types_aminmax = named_tuple("aminmax", ["min", "max"])
return_types_qr = named_tuple("qr", ["Q", "R"])


def aminmax(input, *, dim=None, keepdim=False):
    """The minimum and maximum of ``input`` (of all its elements, or along ``dim``) in one
    call.

    Args:
        input (Tensor): the tensor.
        dim (int, optional): the dimension to reduce; None (the default) reduces all.
        keepdim (bool): keep ``dim`` with size 1. Default: False.

    Returns:
        torch.return_types.aminmax: ``(min, max)``.

    Raises:
        RuntimeError: ``input`` is empty and ``dim`` is None.
        IndexError: ``dim`` has size 0, or is out of range (PyTorch's messages).

    >>> tinytorch.aminmax(tinytorch.tensor([3, 1, 2]))
    torch.return_types.aminmax(
    min=tensor(1),
    max=tensor(3))
    """
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as "
                               "the operation has no identity.")
        dims = ()
    else:
        dims = wrap_dim(dim, input.ndim, "aminmax")
        if input.ndim and input.shape[dims] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {dims} to have non-zero size.")
    keep = keepdim and dim is not None
    return return_types_aminmax(reduction.amin(input, dims, keep),
                                reduction.amax(input, dims, keep))


def vdot(input, other):
    """The dot product of two 1-D tensors (for real tensors, the same as :func:`dot`; PyTorch
    conjugates ``input`` when complex, and tinytorch has no complex dtypes).

    Args:
        input (Tensor): the first 1-D tensor.
        other (Tensor): the second 1-D tensor, same length and dtype.

    Returns:
        Tensor: a 0-d tensor.

    >>> tinytorch.vdot(tinytorch.tensor([1., 2.]), tinytorch.tensor([3., 4.]))
    tensor(11.)
    """
    return linalg.dot(input, other)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Keeps the first element of every run of consecutive equal elements (``input``
    flattened, or its slices along ``dim``). Not differentiable.

    Args:
        input (Tensor): the tensor.
        return_inverse (bool): also return, for each element (or slice), the index of its
            run in the result. Default: False.
        return_counts (bool): also return each run's length. Default: False.
        dim (int, optional): compare slices along this dimension instead of elements.

    Returns:
        Tensor or tuple: the values, then (if asked) the int64 inverse (``input``'s shape, or
        ``(input.size(dim),)``) and the int64 counts.

    Raises:
        IndexError: ``dim`` out of range, or any ``dim`` for a 0-d ``input``.
        RuntimeError: an empty ``input`` whose empty dimension is not ``dim`` alone
            (PyTorch's messages).
        TypeError: ``dim`` is not an int.

    >>> tinytorch.unique_consecutive(tinytorch.tensor([1, 1, 2, 2, 3, 1]), return_counts=True)
    (tensor([1, 2, 3, 1]), tensor([2, 2, 1, 1]))
    """
    if dim is not None:
        dim = counting.slices_axis(input, int_argument(dim, "unique_consecutive", "dim"))
    values, inverse, counts = reduction.NoGrad.apply(input, dim, kernel=_unique_consecutive)
    extra = (inverse,) * bool(return_inverse) + (counts,) * bool(return_counts)
    return (values, *extra) if extra else values


def _unique_consecutive(be, a, axis):
    return be.unique_consecutive(a, axis)


def renorm(input, p, dim, maxnorm):
    """Each slice of ``input`` along ``dim`` (``input.select(dim, i)``) whose ``p``-norm is
    above ``maxnorm`` scaled down to norm ``maxnorm`` (by ``maxnorm / (norm + 1e-7)``, as
    PyTorch); the others unchanged. Differentiable, the norm included.

    Args:
        input (Tensor): at least 2-D, floating point.
        p (float): the norm's order, > 0.
        dim (int): the dimension whose slices are renormalised.
        maxnorm (float): the largest norm kept, >= 0.

    Returns:
        Tensor: the renormalised tensor.

    Raises:
        RuntimeError: ``p <= 0``, ``maxnorm < 0`` or fewer than 2 dimensions.

    >>> tinytorch.tensor([[1., 2.], [3., 4.]]).renorm(2, 0, 2.5)
    tensor([[1.0000, 2.0000],
            [1.5000, 2.0000]])
    """
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    if not p > 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if input.ndim < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.ndim} "
                           f"dimensions")
    axis = wrap_dim(dim, input.ndim, "renorm")
    others = tuple(d for d in range(input.ndim) if d != axis)
    # bfloat16 and float16 in float32 (PyTorch's opmath), rounded once: a norm of 0 would
    # overflow maxnorm / (norm + 1e-7) in float16
    wide = input.to(_dtype.opmath(input.dtype))
    norm = linalg_norms.vector_norm(wide, p, others, keepdim=True)
    factor = arithmetic.where(norm > maxnorm, maxnorm / (norm + 1e-7), 1.0)
    # PyTorch's kernel: contiguous
    return shape.contiguous(arithmetic.mul(wide, factor)).to(input.dtype)


def qr(input, some=True):
    """``torch.qr`` (deprecated in PyTorch, which warns): :func:`tinytorch.linalg.qr` with
    ``some`` choosing the reduced (True) or complete (False) factors.

    Args:
        input (Tensor): (..., m, n), float32 or float64.
        some (bool): reduced factors. Default: True.

    Returns:
        torch.return_types.qr: ``(Q, R)``.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     q, r = tinytorch.tensor([[3., 0.], [4., 5.]]).qr()
    >>> r.abs()
    tensor([[5., 4.],
            [0., 3.]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("linalg", qr, input, some)
    warnings.warn(_QR_DEPRECATED, UserWarning, stacklevel=user_stacklevel())
    q, r = linalg_spectral.qr(input, "reduced" if some else "complete")
    return return_types_qr(q, r)


_QR_DEPRECATED = (
    "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch "
    "release.\nThe boolean parameter 'some' has been replaced with a string parameter "
    "'mode'.\nQ, R = torch.qr(A, some)\nshould be replaced with\nQ, R = torch.linalg.qr(A, "
    "'reduced' if some else 'complete')")
