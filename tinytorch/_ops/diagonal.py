"""Diagonals and scans (tensG): ``diagonal`` (a view), ``diag_embed``, ``diag``, ``diagflat``,
``trace``, ``diagonal_scatter``, ``tril_indices``/``triu_indices``, ``cross``, ``cumprod``,
``logcumsumexp``.

Both diagonal ops index the input with its two dims moved last, ``(..., rows, cols)``: the
gradient of one is the other, written with the ``transpose``/``getitem``/``index_add``
kernels so that double backward runs through the graph backend. The scans are compositions
(a Hillis-Steele scan of ``log2 n`` steps), so their gradients, zeros in the input included,
are those of products and log-sum-exps, as PyTorch defines them.
"""

import warnings

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _finfo
from tinytorch._ops import arithmetic
from tinytorch._ops import indexing
from tinytorch._ops import join
from tinytorch._ops import pointwise
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import refuse_bool
from tinytorch._ops._util import wrap_dim
from tinytorch.amp import autocast_mode as _autocast


def _plan(be, shape_, offset, a1, a2):
    """(perm moving dims a1, a2 last, its inverse, (..., rows, cols) of the diagonal)."""
    rest = [d for d in range(len(shape_)) if d not in (a1, a2)]
    perm = tuple(rest + [a1, a2])
    inverse = tuple(sorted(range(len(perm)), key=perm.__getitem__))
    r0, c0 = max(-offset, 0), max(offset, 0)
    k = max(0, min(shape_[a1] - r0, shape_[a2] - c0))
    rows = be.arange(r0, r0 + k, 1, _dtype.int64)
    return perm, inverse, (Ellipsis, rows, be.add(rows, c0 - r0))


class Diagonal(Op):
    """y = the diagonal of x over dims (a1, a2), a view with it as the last dim.
    dL/dx = zeros with g written on that diagonal."""

    view = True

    @staticmethod
    def forward(ctx, x, offset, a1, a2):
        ctx.meta = (x.shape, _dtype.from_native(x.dtype), _plan(ctx.backend, x.shape, offset,
                                                                  a1, a2))
        return ctx.backend.diagonal(x, offset, a1, a2)

    @staticmethod
    def backward(ctx, g):
        be, (shape_, dtype, (perm, inverse, index)) = ctx.backend, ctx.meta
        moved = tuple(shape_[d] for d in perm)
        return be.transpose(be.index_add(moved, index, g, dtype), inverse), None, None, None


class DiagEmbed(Op):
    """y = zeros with x's last dim written on the diagonal over dims (a1, a2) (a new array).
    dL/dx = that diagonal of g."""

    @staticmethod
    def forward(ctx, x, shape_, offset, a1, a2):
        be = ctx.backend
        perm, inverse, index = _plan(be, shape_, offset, a1, a2)
        ctx.meta = (perm, index)
        moved = tuple(shape_[d] for d in perm)
        out = be.transpose(be.index_add(moved, index, x, _dtype.from_native(x.dtype)), inverse)
        return be.ascontiguous(out)  # PyTorch's result is contiguous

    @staticmethod
    def backward(ctx, g):
        perm, index = ctx.meta
        return ctx.backend.getitem(ctx.backend.transpose(g, perm), index), None, None, None, None


def _dims(ndim, dim1, dim2, op="diagonal"):
    a1, a2 = wrap_dim(dim1, ndim, op), wrap_dim(dim2, ndim, op)
    if a1 == a2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return a1, a2


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of ``input`` over ``dim1`` and ``dim2`` (offset above it when positive),
    as a view: those dims are removed and the diagonal becomes the last dim.

    Args:
        input (Tensor): at least 2-D.
        offset (int): which diagonal: 0 the main one, > 0 above it, < 0 below. Default: 0.
        dim1 (int): first dim of the matrices. Default: 0.
        dim2 (int): second dim of the matrices. Default: 1.

    Returns:
        Tensor: a view of ``input`` (writes through it change ``input``).

    Raises:
        RuntimeError: ``dim1`` and ``dim2`` are the same dim.

    >>> tinytorch.arange(6).reshape(2, 3).diagonal(1)
    tensor([1, 5])
    """
    a1, a2 = _dims(input.ndim, dim1, dim2)
    return Diagonal.apply(input, int(offset), a1, a2)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """A tensor whose diagonals over ``dim1``/``dim2`` hold the last dim of ``input``, zeros
    elsewhere (one dim more than ``input``).

    Args:
        input (Tensor): the diagonals, along its last dim.
        offset (int): which diagonal is filled. Default: 0.
        dim1 (int): first dim of the output's matrices. Default: -2.
        dim2 (int): second dim of the output's matrices. Default: -1.

    Returns:
        Tensor: a new tensor of ``input.dim() + 1`` dims.

    >>> tinytorch.diag_embed(tinytorch.tensor([1, 2]))
    tensor([[1, 0],
            [0, 2]])
    """
    ndim = input.ndim + 1
    a1, a2 = _dims(ndim, dim1, dim2)
    n = (input.shape[-1] if input.ndim else 1) + abs(int(offset))
    rest = iter(input.shape[:-1])
    out_shape = tuple(n if d in (a1, a2) else next(rest) for d in range(ndim))
    return DiagEmbed.apply(input.reshape(1) if input.ndim == 0 else input, out_shape,
                           int(offset), a1, a2)


def diag(input, diagonal=0):
    """A 1-D ``input`` as the ``diagonal``-th diagonal of a square matrix, or the
    ``diagonal``-th diagonal of a 2-D ``input`` as a new 1-D tensor.

    Args:
        input (Tensor): 1-D or 2-D.
        diagonal (int): which diagonal: 0 main, > 0 above, < 0 below. Default: 0.

    Returns:
        Tensor: a new tensor (2-D for a 1-D input, else 1-D).

    Raises:
        RuntimeError: ``input`` is not 1-D or 2-D.

    >>> tinytorch.diag(tinytorch.tensor([[1, 2], [3, 4]]))
    tensor([1, 4])
    """
    if input.ndim == 1:
        return diag_embed(input, diagonal, 0, 1)
    if input.ndim != 2:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")
    return shape.Copy.apply(Diagonal.apply(input, int(diagonal), 0, 1), False)


def diagflat(input, offset=0):
    """``input`` flattened, as the ``offset``-th diagonal of a square matrix.

    Args:
        input (Tensor): any shape.
        offset (int): which diagonal. Default: 0.

    Returns:
        Tensor: a new 2-D tensor.

    >>> tinytorch.diagflat(tinytorch.tensor([[1, 2]]))
    tensor([[1, 0],
            [0, 2]])
    """
    return diag_embed(input.reshape(-1), offset, 0, 1)


def trace(input):
    """The sum of a matrix's main diagonal (integer inputs sum to int64, as ``sum``).

    Args:
        input (Tensor): 2-D.

    Returns:
        Tensor: 0-D.

    Raises:
        RuntimeError: ``input`` is not 2-D.

    >>> tinytorch.trace(tinytorch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    tensor(5.)
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("trace", trace, input)
    refuse_bool("trace", input)  # NOTE [Bool refusals]
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return reduction.sum(Diagonal.apply(input, 0, 0, 1))


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """``input`` with its diagonal (as :func:`diagonal` selects it) replaced by ``src``.

    Args:
        input (Tensor): at least 2-D.
        src (Tensor): the new diagonal, shaped as ``input.diagonal(offset, dim1, dim2)``.
        offset (int): which diagonal. Default: 0.
        dim1 (int): first dim. Default: 0.
        dim2 (int): second dim. Default: 1.

    Returns:
        Tensor: a new tensor; gradients flow to ``input`` (off the diagonal) and ``src``.

    Raises:
        RuntimeError: ``src``'s shape is not the diagonal's.

    >>> tinytorch.diagonal_scatter(tinytorch.zeros(2, 2), tinytorch.ones(2))
    tensor([[1., 0.],
            [0., 1.]])
    """
    a1, a2 = _dims(input.ndim, dim1, dim2)
    perm, inverse, index = _plan(input._backend, input.shape, int(offset), a1, a2)
    target = input._backend.getitem(input._backend.transpose(input._data, perm), index).shape
    check_src(src, target)
    moved = indexing.IndexPut.apply(shape.permute(input, perm), src, index)
    return shape.own(shape.permute(moved, inverse), "DiagonalScatterBackward0")  # torch's


def check_src(src, target):
    if tuple(src.shape) != tuple(target):
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src.shape)}, slice size = {list(target)}")


def _tri_indices(row, col, offset, dtype, device, upper):
    name = "triu" if upper else "tril"
    if row < 0 or col < 0:
        which = "row" if row < 0 else "col"
        raise RuntimeError(f"{which} must be non-negative, got{row if row < 0 else col}")
    if dtype not in (_dtype.int64, _dtype.int32):
        raise NotImplementedError(f'"{name}_indices" not implemented for '
                                  f"'{_dtype.SCALAR_TYPE_NAMES[dtype]}'")
    ones = _creation.ones(row, col, dtype=_dtype.int64, device=device)
    mask = shape.triu(ones, offset) if upper else shape.tril(ones, offset)
    return shape.own(shape.contiguous(shape.t(indexing.nonzero(mask))).to(dtype))  # torch's


_TRI_DOC = """The (row, col) indices of a ``row`` x ``col`` matrix's {part} triangle (on and
{side} diagonal ``offset``), row by row.

Args:
    row (int): the matrix's rows.
    col (int): the matrix's columns.
    offset (int): the triangle's diagonal. Default: 0.
    dtype (tinytorch.dtype): int64 or int32. Default: int64.
    device (str or tinytorch.device): where to create it. Default: "cpu".
    layout: PyTorch's layout argument (only strided exists).

Returns:
    Tensor: shape (2, N).

>>> tinytorch.{name}(2, 2)
{example}
"""


def tril_indices(row, col, offset=0, *, dtype=_dtype.int64, device="cpu", layout=None):
    return _tri_indices(row, col, offset, dtype, device, False)


def triu_indices(row, col, offset=0, *, dtype=_dtype.int64, device="cpu", layout=None):
    return _tri_indices(row, col, offset, dtype, device, True)


tril_indices.__doc__ = _TRI_DOC.format(part="lower", side="below", name="tril_indices",
                                       example="tensor([[0, 1, 1],\n        [0, 0, 1]])")
triu_indices.__doc__ = _TRI_DOC.format(part="upper", side="above", name="triu_indices",
                                       example="tensor([[0, 0, 1],\n        [0, 1, 1]])")


def cross(input, other, dim=None):
    """The cross product of 3-vectors along ``dim`` (inputs broadcast together).

    Args:
        input (Tensor): the first vectors.
        other (Tensor): the second vectors.
        dim (int, optional): the dim of size 3. Default: the first dim of size 3, with
            PyTorch's deprecation warning.

    Returns:
        Tensor: ``input x other``.

    Raises:
        RuntimeError: no dim of size 3, or ``dim``'s size is not 3.

    >>> tinytorch.cross(tinytorch.tensor([1.0, 0, 0]), tinytorch.tensor([0.0, 1, 0]), dim=0)
    tensor([0., 0., 1.])
    """
    a, b = shape.broadcast_tensors(input, other)
    if dim is None:
        warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\nPlease "
                      "either pass the dim explicitly or simply use torch.linalg.cross.\nThe "
                      "default value of dim will change to agree with that of linalg.cross in "
                      "a future release.", UserWarning, stacklevel=2)
        dim = next((d for d, n in enumerate(a.shape) if n == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    dim = wrap_dim(dim, a.ndim, "cross")
    refuse_bool("cross", input)  # NOTE [Bool refusals]
    if a.shape[dim] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{input.shape[dim]} and {other.shape[dim]}")
    a1, a2 = shape.roll(a, -1, dim), shape.roll(a, -2, dim)
    b1, b2 = shape.roll(b, -1, dim), shape.roll(b, -2, dim)
    return arithmetic.sub(arithmetic.mul(a1, b2), arithmetic.mul(a2, b1))


def _shifted(be, x, axis, step, fill):
    """x moved ``step`` places along ``axis`` (entry i holds x_(i - step)), ``fill`` before the
    start."""
    width = [(0, 0)] * x.ndim
    width[axis] = (step, 0)
    index = [slice(None)] * x.ndim
    index[axis] = slice(0, x.shape[axis])
    return be.getitem(be.pad(x, tuple(width), fill), tuple(index))


def _scan(be, x, axis, combine, identity):
    """Inclusive scan of the backend kernel ``combine`` along ``axis`` in log2(n) steps
    (Hillis-Steele): each step combines every entry with the one ``step`` before it (the
    ``identity`` before the start). Always a new array (a copy of ``x`` when n <= 1)."""
    n, step = x.shape[axis], 1
    if n <= 1:
        return be.copy(x)
    while step < n:
        x = combine(x, _shifted(be, x, axis, step, identity))
        step *= 2
    return x


def _reverse_scan(be, x, axis, combine, identity):
    return be.flip(_scan(be, be.flip(x, (axis,)), axis, combine, identity), (axis,))


class Cumprod(Op):
    """y_i = x_0 x_1 ... x_i along axis.  dL/dx_i = Σ_{j>=i} g_j Π_{k<=j, k≠i} x_k
    = E_i S_i, with E_i = Π_{k<i} x_k (an exclusive cumulative product) and
    S_i = g_i + x_(i+1) S_(i+1), a linear recurrence run backwards as a scan of (multiplier,
    sum) pairs: multiplies and adds only, so inputs with zeros get exact gradients. y is saved
    as PyTorch's CumprodBackward saves it (writing it in place then raises at backward)."""

    @staticmethod
    def forward(ctx, x, axis):
        y = ctx.backend.cumprod(x, axis)
        ctx.save_for_backward(x, y)
        ctx.axis = axis
        return y

    @staticmethod
    def backward(ctx, g):
        be, axis = ctx.backend, ctx.axis
        x, _ = ctx.saved_tensors
        # S by the scan over the flipped axis: T_m = h_m + a_m T_(m-1), where h is g flipped
        # and a_m = x_(n-m), so a is flipped x shifted by one (a_0 multiplies nothing)
        mult = _shifted(be, be.flip(x, (axis,)), axis, 1, 0)
        total = be.flip(g, (axis,))
        step = 1
        while step < x.shape[axis]:
            total = be.add(total, be.mul(mult, _shifted(be, total, axis, step, 0)))
            mult = be.mul(mult, _shifted(be, mult, axis, step, 0))
            step *= 2
        return be.mul(reduction.exclusive_cumprod(be, x, axis, False),
                      be.flip(total, (axis,))), None


class LogCumSumExp(Op):
    """y_i = log Σ_{j<=i} e^(x_j) along axis, a scan of logaddexp.  dL/dx_i =
    Σ_{j>=i} g_j e^(x_i - y_j), taken in log space for the positive and the negative parts of
    g apart (PyTorch's formula: a reverse logcumsumexp of log|g| - y). Saves x and y as
    PyTorch's LogcumsumexpBackward does."""

    node_name = "LogcumsumexpBackward0"

    @staticmethod
    def forward(ctx, x, axis, scalar=False):
        be = ctx.backend
        y = be.ascontiguous(_scan(be, x, axis, be.logaddexp, float("-inf")))  # as PyTorch's
        ctx.save_for_backward(x, y)
        ctx.meta = (axis, _dtype.from_native(x.dtype), scalar)
        return y

    @staticmethod
    def backward(ctx, g):
        be, (axis, dtype, scalar) = ctx.backend, ctx.meta
        x, y = ctx.saved_tensors  # first: a write into them since then raises, as PyTorch's
        if scalar:  # a 0-d input's: PyTorch passes the gradient on (at NaN and ±inf too)
            return g, None
        lowest = _finfo.finfo(dtype).min
        log_abs = be.log(be.where(be.ne(g, 0), be.abs(g), 1))  # where g = 0 neither part uses it
        parts = [be.exp(be.add(_reverse_scan(be, be.sub(be.where(side(g, 0), log_abs, lowest), y),
                                             axis, be.logaddexp, float("-inf")), x))
                 for side in (be.gt, be.lt)]
        return be.sub(*parts), None


def cumprod(input, dim, *, dtype=None):
    """Cumulative product along ``dim``: ``y_i = x_1 x_2 ... x_i``. Integer and bool inputs
    give int64 (as ``prod``); the gradient is exact with zeros in the input.

    Args:
        input (Tensor): the input.
        dim (int): the dim to scan.
        dtype (tinytorch.dtype, optional): cast ``input`` to it first.

    Returns:
        Tensor: same shape as ``input``.

    >>> tinytorch.cumprod(tinytorch.tensor([1, 2, 3]), 0)
    tensor([1, 2, 6])
    """
    target = reduction._reduce_dtype(input, dtype, "cumprod")
    input = input if target is None else input.to(target)
    return _along(Cumprod, input, wrap_dim(dim, input.ndim, "cumprod"))


def _along(op, input, axis):
    """``op`` along ``axis``; a 0-d tensor as its one entry."""
    if input.ndim:
        return op.apply(input, axis)
    return shape.scalar_result(op.apply(shape.reshape(input, (1,)), 0))


def logcumsumexp(input, dim):
    """``log(cumsum(exp(x)))`` along ``dim``, computed stably.

    Args:
        input (Tensor): a floating-point tensor.
        dim (int): the dim to scan.

    Returns:
        Tensor: same shape as ``input``.

    Raises:
        NotImplementedError: ``input`` is not floating point (PyTorch's message).

    >>> tinytorch.logcumsumexp(tinytorch.tensor([0.0, 0.0]), 0)
    tensor([0.0000, 0.6931])
    """
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"logcumsumexp_out_cpu" not implemented for '
                                  f"'{_dtype.SCALAR_TYPE_NAMES[input.dtype]}'")
    axis = wrap_dim(dim, input.ndim, "logcumsumexp")
    if input.ndim:
        return LogCumSumExp.apply(input, axis)
    return shape.scalar_result(LogCumSumExp.apply(shape.reshape(input, (1,)), 0, scalar=True))
