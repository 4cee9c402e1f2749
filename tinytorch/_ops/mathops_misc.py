"""Small helpers after PyTorch's: nan_to_num, meshgrid, tensordot, kron and rot90 (the rest
of the family is in ``mathops``)."""

import math
import warnings

from tinytorch import _dtype
from tinytorch import _finfo
from tinytorch import _memory_format
from tinytorch._ops import arithmetic
from tinytorch._ops import linalg
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import int_argument
from tinytorch._ops._util import user_stacklevel
from tinytorch._ops._util import wrap_dim
from tinytorch.amp import autocast_mode as _autocast


class NanToNum(Op):
    """y = x with NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf``.
    dL/dx = g where x is finite, 0 elsewhere."""

    @staticmethod
    def forward(ctx, x, nan, posinf, neginf):
        be = ctx.backend
        dtype = _dtype.from_native(x.dtype)
        inf = be.isinf(x)
        y = be.where(be.isnan(x), nan, x)
        y = be.where(be.logical_and(inf, be.gt(x, 0)), posinf, y)
        y = be.where(be.logical_and(inf, be.lt(x, 0)), neginf, y)
        ctx.save_for_backward(x)
        return be.astype(y, dtype)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (x,) = ctx.saved_tensors
        return (be.mul(g, be.astype(be.isfinite(x), _dtype.from_native(g.dtype))),)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """``input`` with NaN, positive and negative infinity replaced by finite numbers.

    The gradient passes where ``input`` was finite and is 0 at the replaced entries, as
    PyTorch's. Integer and bool tensors come back as a copy.

    Args:
        input (Tensor): the tensor to clean.
        nan (float): what NaN becomes. Default: 0.
        posinf (float, optional): what +inf becomes. Default: the dtype's largest finite
            number.
        neginf (float, optional): what -inf becomes. Default: the dtype's most negative
            finite number.

    Returns:
        Tensor: a new tensor of ``input``'s shape and dtype.

    >>> import tinytorch
    >>> tinytorch.nan_to_num(tinytorch.tensor([float("nan"), float("inf"), 1.5]), posinf=9.0)
    tensor([0.0000, 9.0000, 1.5000])
    """
    if not input.dtype.is_floating_point:
        return shape.clone(input)
    limits = _finfo.finfo(input.dtype)
    return NanToNum.apply(input, nan=float(nan),
                          posinf=limits.max if posinf is None else float(posinf),
                          neginf=limits.min if neginf is None else float(neginf))


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors: output ``i`` repeats ``tensors[i]`` along every
    other dimension.

    A composition of reshape and expand: the outputs are views of the inputs, and the
    gradient of each flows back, summed, to its input.

    Args:
        *tensors (Tensor): 0-D or 1-D tensors of one dtype (or one list of them); a 0-D
            tensor counts as one entry.
        indexing (str, optional): ``"ij"`` (matrix: the grids' dims follow the inputs'
            order) or ``"xy"`` (Cartesian: the first two dims swapped). Default: ``"ij"``,
            with PyTorch's UserWarning that the argument will be required.

    Returns:
        tuple of Tensor: one grid per input, each of shape ``(n1, n2, ...)`` (``"ij"``) or
        ``(n2, n1, ...)`` (``"xy"``).

    Raises:
        RuntimeError: no tensors, a tensor over 1-D, differing dtypes, or an unknown
            ``indexing`` (PyTorch's messages).

    >>> import tinytorch
    >>> xs, ys = tinytorch.meshgrid(tinytorch.tensor([1, 2]), tinytorch.tensor([3, 4, 5]),
    ...                             indexing="xy")
    >>> xs
    tensor([[1, 2],
            [1, 2],
            [1, 2]])
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the "
                      "indexing argument.", UserWarning, stacklevel=user_stacklevel())
        indexing = "ij"
    if indexing not in ("xy", "ij"):
        raise RuntimeError('torch.meshgrid: indexing must be one of "xy" or "ij", but '
                           f"received: {indexing}")
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list "
                               f"but got: {t.ndim}D tensor of shape {list(t.shape)}")
        if t.dtype is not tensors[0].dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    sizes = [t.numel() for t in tensors]
    order = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) > 1:
        order[0], order[1] = 1, 0
    grid = tuple(sizes[i] for i in order)
    out = []
    for i, t in enumerate(tensors):
        at = [1] * len(tensors)
        at[order.index(i)] = sizes[i]
        out.append(shape.expand(shape.reshape(t, tuple(at)), grid))
    return tuple(out)


def _contracted(dims, a, b):
    """tensordot's ``dims`` as two lists of dims of ``a`` and ``b`` (as given: negative
    ones stay negative, for the messages)."""
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > min(a.ndim, b.ndim):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got "
                               f"dims={dims}")
        return list(range(-dims, 0)), list(range(dims))
    dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    return dims_a, dims_b


def tensordot(a, b, dims=2):
    """Sums the products of ``a``'s and ``b``'s entries over the paired dimensions.

    A composition of permute, reshape and a matrix product (PyTorch's own recipe), gradients
    included.

    Args:
        a (Tensor): the left tensor.
        b (Tensor): the right tensor, of ``a``'s dtype.
        dims (int or pair of lists): an int ``d`` pairs ``a``'s last ``d`` dims with ``b``'s
            first ``d``; a pair ``(dims_a, dims_b)`` names the paired dims. Default: 2.

    Returns:
        Tensor: ``a``'s free dims followed by ``b``'s.

    Raises:
        RuntimeError: ``dims`` is negative or too large, the lists differ in length,
            paired sizes differ, or the dtypes differ (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.tensordot(tinytorch.ones(2, 3, 4), tinytorch.ones(3, 4, 5)).shape
    torch.Size([2, 5])
    """
    if a.dtype is not b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    given_a, given_b = _contracted(dims, a, b)
    dims_a = [wrap_dim(d, a.ndim, "tensordot") for d in given_a]
    dims_b = [wrap_dim(d, b.ndim, "tensordot") for d in given_b]
    for da, db in zip(given_a, given_b):
        if a.shape[da] != b.shape[db]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size "
                               f"{a.shape[da]} in dim {da} and second has size "
                               f"{b.shape[db]} in dim {db}")
    free_a = [d for d in range(a.ndim) if d not in dims_a]
    free_b = [d for d in range(b.ndim) if d not in dims_b]
    if not (free_a or free_b) and _autocast.on and _autocast.active(a):
        return _autocast.run("tensordot", tensordot, a, b, dims)  # PyTorch's: no mm then
    inner = math.prod(a.shape[d] for d in dims_a)
    left = shape.reshape(shape.permute(a, free_a + dims_a),
                         (math.prod(a.shape[d] for d in free_a), inner))
    right = shape.reshape(shape.permute(b, dims_b + free_b),
                          (inner, math.prod(b.shape[d] for d in free_b)))
    return shape.reshape(linalg.mm(left, right),
                         tuple(a.shape[d] for d in free_a) + tuple(b.shape[d] for d in free_b))


def kron(input, other):
    """The Kronecker product of ``input`` and ``other``.

    The block ``(i_0, i_1, ...)`` of the result is ``input[i_0, i_1, ...] * other``; the
    tensor with fewer dims is read with leading size-1 dims. A composition of reshape and a
    broadcast multiply (exact products, gradients included); the dtypes promote as in ``*``.

    Args:
        input (Tensor): the left factor.
        other (Tensor): the right factor.

    Returns:
        Tensor: of shape ``(a_0 * b_0, a_1 * b_1, ...)``.

    >>> import tinytorch
    >>> tinytorch.kron(tinytorch.tensor([[1, 2], [3, 4]]), tinytorch.tensor([1, 10]))
    tensor([[ 1, 10,  2, 20],
            [ 3, 30,  4, 40]])
    """
    ndim = max(input.ndim, other.ndim)
    a = (1,) * (ndim - input.ndim) + tuple(input.shape)
    b = (1,) * (ndim - other.ndim) + tuple(other.shape)
    left = shape.reshape(input, tuple(n for size in a for n in (size, 1)))
    right = shape.reshape(other, tuple(n for size in b for n in (1, size)))
    return shape.unsafe_view(arithmetic.mul(left, right), tuple(m * n for m, n in zip(a, b)))


def _check_rot90(input, k, dims):
    k = int_argument(k, "rot90", "k", 2)
    if isinstance(dims, int):
        raise TypeError("rot90(): argument 'dims' (position 3) must be tuple of ints, not int")
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.ndim}")
    d0, d1 = (wrap_dim(d, input.ndim, "rot90") for d in dims)
    if d0 == d1:  # PyTorch names the dims as given
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} "
                           f"and dim1 = {dims[1]}")
    return d0, d1


def rot90(input, k=1, dims=(0, 1)):
    """``input`` rotated by 90 degrees ``k`` times in the plane of ``dims``.

    The rotation turns the first of ``dims`` towards the second for ``k > 0`` (the other way
    for ``k < 0``). A composition of flip and transpose, as PyTorch's.

    Args:
        input (Tensor): the tensor to rotate, at least 2-D.
        k (int): the number of quarter turns. Default: 1.
        dims (pair of ints): the plane of rotation. Default: ``(0, 1)``.

    Returns:
        Tensor: the rotated tensor (a copy for ``k % 4 == 0``).

    Raises:
        RuntimeError: ``dims`` is not two different dims, or ``input`` is under 2-D
            (PyTorch's messages).
        IndexError: a dim is out of range.

    >>> import tinytorch
    >>> tinytorch.rot90(tinytorch.tensor([[1, 2], [3, 4]]))
    tensor([[2, 4],
            [1, 3]])
    """
    d0, d1 = _check_rot90(input, k, dims)
    turns = k % 4
    if turns == 0:
        y = _memory_format.clone(input, memory_format=_memory_format.contiguous_format)
    elif turns == 2:
        y = shape.flip(input, (d0, d1))
    else:  # PyTorch transposes its flip in place: a result of its own (see shape.own)
        y = shape.transpose(shape.flip(input, (d1 if turns == 1 else d0,)), d0, d1)
    return shape.own(y, "Rot90Backward0")
