"""Order statistics (kthvalue, median), differences (diff), distances (cdist, dist), fused
matrix products (addmm, baddbmm, addmv) and small helpers (nan_to_num, meshgrid,
tensordot)."""

import math

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import compare
from tinytorch._ops import join
from tinytorch._ops import linalg
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import in_graph_of
from tinytorch._ops._util import refuse_bool
from tinytorch._ops._util import wrap_dim
from tinytorch._ops._util import zero_gradient
from tinytorch._ops.reduction import ExtremeDim
from tinytorch._ops.reduction import _check_nonempty
from tinytorch._ops.reduction import named_pair
from tinytorch._ops.reduction import select_along
from tinytorch.amp import autocast_mode as _autocast


NANMEDIAN = "nanmedian"  # _kth_index's k for the lower median of the non-NaN entries


def _kth_index(be, x, axis, k):
    """int64 positions (``axis`` kept, size 1) of the ``k``-th smallest entries of x along
    ``axis`` (NaN largest, ties to the earlier position); k None: the lower median, or the
    first NaN where the line has one; k NANMEDIAN: the lower median of the non-NaN entries
    (a NaN only for a line of NaNs)."""
    idx = be.argsort(x, axis, False)
    n = x.shape[axis]
    if k is None or k is NANMEDIAN:
        numbers = be.sum(be.logical_not(be.isnan(x)), axis, keepdims=True)
        if k is None:
            pos = be.where(be.lt(numbers, n), numbers, (n - 1) // 2)
        else:  # the lower median of the numbers (NaNs sort last); an all-NaN line: its first
            pos = be.floordiv(be.maximum(be.sub(numbers, 1), 0), 2)
        pos = be.astype(pos, _dtype.int64)
    else:
        pos = be.full(x.shape[:axis] + (1,) + x.shape[axis + 1:], k - 1, _dtype.int64)
    return be.take_along_axis(idx, pos, axis)


class KthValue(ExtremeDim):
    """(values, indices) = the ``k``-th smallest entry of x along ``axis`` and its position
    (k None: the lower median, NaN if the line has one).  dL/dx = g scattered back to
    ``indices`` (ExtremeDim's backward)."""

    node_name = "KthvalueBackward0"

    @staticmethod
    def forward(ctx, x, axis, keepdim, k):
        if k is None or k is NANMEDIAN:  # median(dim), nanmedian(dim)
            ctx.node_name = "MedianBackward1" if k is None else "NanmedianBackward1"
        return select_along(ctx, x, _kth_index(ctx.backend, x, axis, k), axis, keepdim)


class Median(Op):
    """m = the lower median of all entries of x (NaN if any is NaN; k NANMEDIAN: of the
    non-NaN entries).  dL/dx = g / c on the
    c entries equal to m (all NaN entries when m is NaN), 0 elsewhere."""

    @staticmethod
    def forward(ctx, x, k=None):
        be = ctx.backend
        flat = be.reshape(x, (-1,))
        if flat.shape[0] == 0:
            m = be.full((), math.nan, _dtype.from_native(x.dtype))
        else:
            m = be.reshape(be.take_along_axis(flat, _kth_index(be, flat, 0, k), 0), ())
        ctx.save_for_backward(x, m)
        return m

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, m = ctx.saved_tensors
        dtype = _dtype.from_native(x.dtype)
        hit = be.logical_or(be.eq(x, m), be.logical_and(be.isnan(x), be.isnan(m)))
        share = be.div(g, be.sum(be.astype(hit, dtype)))
        return be.where(hit, share, 0), None  # not hit times share: an inf g leaves 0 there


return_types_kthvalue = named_pair("kthvalue")
return_types_median = named_pair("median")
return_types_nanmedian = named_pair("nanmedian")


def _kth(input, axis, k, keepdim):
    """KthValue.apply on ``input`` along ``axis``; a 0-d tensor is its own line."""
    if input.ndim:
        return KthValue.apply(input, axis, bool(keepdim), k=k)
    values, indices = KthValue.apply(shape.reshape(input, (1,)), 0, False, k=k)
    return shape.scalar_result(values), shape.scalar_result(indices)


def kthvalue(input, k, dim=-1, keepdim=False):
    """The ``k``-th smallest element of ``input`` along ``dim``, and its position.

    NaN counts as the largest value; among equal elements the earliest is taken (PyTorch
    leaves that choice open). The value's gradient flows back to its position.

    Args:
        input (Tensor): the tensor to search.
        k (int): which smallest, ``1 <= k <= input.size(dim)``.
        dim (int): the dimension to search along. Default: the last.
        keepdim (bool): keep ``dim`` with size 1. Default: False.

    Returns:
        torch.return_types.kthvalue: ``(values, indices)``; indices are int64 positions
        along ``dim``.

    Raises:
        RuntimeError: ``k`` is out of range (PyTorch's message).
        IndexError: ``dim`` is out of range (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.kthvalue(tinytorch.tensor([4.0, 1.0, 3.0, 2.0]), 2)
    torch.return_types.kthvalue(
    values=tensor(2.),
    indices=tensor(3))
    """
    axis = wrap_dim(dim, input.ndim, "kthvalue")
    size = input.shape[axis] if input.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    refuse_bool("kthvalue_cpu", input)  # NOTE [Bool refusals]
    return return_types_kthvalue(*_kth(input, axis, k, keepdim))


def median(input, dim=None, keepdim=False):
    """The lower median of ``input`` (of all its elements, or along ``dim``).

    With an even count the lower of the two middle values is returned. A NaN makes the
    median NaN (along ``dim``: the line's first NaN and its position). Without ``dim`` the
    gradient is shared evenly by the elements equal to the median, as PyTorch's; with
    ``dim`` it flows back to the returned position.

    Args:
        input (Tensor): the tensor to reduce.
        dim (int, optional): the dimension to reduce; None (the default) reduces all and
            returns only the value.
        keepdim (bool): keep ``dim`` with size 1. Default: False.

    Returns:
        Tensor: the median, without ``dim``; else torch.return_types.median
        ``(values, indices)`` with int64 positions along ``dim``.

    Raises:
        IndexError: ``dim`` is out of range, or it has size 0 (PyTorch's messages).

    >>> import tinytorch
    >>> x = tinytorch.tensor([[1.0, 5.0, 2.0, 4.0], [3.0, 0.0, 7.0, 6.0]])
    >>> tinytorch.median(x)
    tensor(3.)
    >>> tinytorch.median(x, dim=1).indices
    tensor([2, 0])
    """
    return _median(input, dim, keepdim, None, "median", return_types_median)


def nanmedian(input, dim=None, keepdim=False):
    """The lower median of the non-NaN elements of ``input`` (of all of them, or along
    ``dim``): :func:`median` that ignores NaNs. A line (or tensor) of NaNs only gives NaN.

    Args:
        input (Tensor): the tensor to reduce.
        dim (int, optional): the dimension to reduce; None (the default) reduces all and
            returns only the value.
        keepdim (bool): keep ``dim`` with size 1. Default: False.

    Returns:
        Tensor: the median, without ``dim``; else torch.return_types.nanmedian
        ``(values, indices)`` with int64 positions along ``dim``.

    Raises:
        IndexError: ``dim`` is out of range, or it has size 0 (PyTorch's messages).

    >>> tinytorch.tensor([1.0, float("nan"), 3.0, 2.0]).nanmedian()
    tensor(2.)
    """
    return _median(input, dim, keepdim, NANMEDIAN, "nanmedian", return_types_nanmedian)


def _median(input, dim, keepdim, k, name, pair):
    if dim is None:
        refuse_bool("median_cpu", input)  # NOTE [Bool refusals]; nanmedian's too
        return Median.apply(input, k)
    axis = wrap_dim(dim, input.ndim, name)
    refuse_bool("median_out", input)
    if input.ndim:
        _check_nonempty(input, (axis,), name)
    return pair(*_kth(input, axis, k, keepdim))


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference of ``input`` along ``dim``.

    A composition of narrow and subtraction (``!=`` for bool tensors, as PyTorch's), so it is
    differentiable through those ops.

    Args:
        input (Tensor): the tensor to difference (at least 1-D).
        n (int): how many times to difference. Default: 1.
        dim (int): the dimension to difference along. Default: the last.
        prepend (Tensor, optional): put before ``input`` along ``dim`` first; the same number
            of dimensions as ``input``, the same sizes except along ``dim``.
        append (Tensor, optional): put after ``input`` along ``dim`` first, likewise.

    Returns:
        Tensor: ``input``'s shape with ``n`` fewer entries along ``dim`` (none left when
        ``n`` exceeds them); ``n=0`` gives a copy of ``input``, ignoring ``prepend`` and
        ``append`` as PyTorch's.

    Raises:
        RuntimeError: ``input`` is 0-d, ``n`` is negative, or ``prepend``/``append`` has
            another number of dimensions (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.diff(tinytorch.tensor([1.0, 4.0, 9.0, 16.0]))
    tensor([3., 5., 7.])
    """
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    axis = wrap_dim(dim, input.ndim, "diff")
    parts = [t for t in (prepend, input, append) if t is not None]
    if any(t.ndim != input.ndim for t in parts):
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    if n == 0:  # PyTorch's (and NumPy's) diff ignores prepend / append then
        return shape.clone(input)
    x = join.cat(parts, axis) if len(parts) > 1 else input
    for _ in range(n):
        size = x.shape[axis]
        later = join.narrow(x, axis, min(size, 1), max(size - 1, 0))
        earlier = join.narrow(x, axis, 0, max(size - 1, 0))
        x = compare.ne(later, earlier) if x.dtype is _dtype.bool_ else later - earlier
    return x


class Cdist(Op):
    """d[..., i, j] = ||a[..., i, :] - b[..., j, :]||_p (p = 0 counts the non-zeros).
    dL/da_i = sum_j sign(u) |u|^(p-1) g_ij / d_ij^(p-1) with u = a_i - b_j (0 where d_ij = 0,
    or u = 0 when p < 1; for p = inf: sign(u) g_ij where |u| = d_ij); dL/db_j alike, negated.
    """

    @staticmethod
    def forward(ctx, a, b, p):
        be = ctx.backend
        u = be.sub(be.expand_dims(a, -2), be.expand_dims(b, -3))
        dtype = _dtype.from_native(a.dtype)
        if p == 0:  # a NaN difference counts as NaN, as PyTorch's min(ceil(|u|), 1)
            dist = be.sum(be.where(be.isnan(u), u, be.astype(be.ne(u, 0), dtype)), -1)
        elif math.isinf(p):
            dist = be.amax(be.abs(u), -1) if u.shape[-1] else be.zeros(u.shape[:-1], dtype)
        elif p == 2:
            dist = be.sqrt(be.sum(be.square(u), -1))
        else:
            dist = be.pow(be.sum(be.pow(be.abs(u), p), -1), 1.0 / p)
        ctx.save_for_backward(a, b, dist)
        ctx.meta = p
        return dist

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b, dist = ctx.saved_tensors
        p = ctx.meta
        u = be.sub(be.expand_dims(a, -2), be.expand_dims(b, -3))
        au = be.abs(u)
        if p == 0:  # a count: 0, also where u is NaN or inf (u * 0 gave NaN there)
            gu = zero_gradient(be, u)
        elif math.isinf(p):
            hit = be.astype(be.eq(au, be.expand_dims(dist, -1)), _dtype.from_native(u.dtype))
            gu = be.mul(be.mul(be.sign(u), hit), be.expand_dims(g, -1))
        else:
            zero = be.eq(dist, 0)
            scale = be.where(zero, 0, be.div(g, be.pow(be.where(zero, 1, dist), p - 1)))
            power = be.pow(be.where(be.eq(au, 0), 1, au), p - 1)
            gu = be.mul(be.mul(be.sign(u), power), be.expand_dims(scale, -1))
        return (be.sum_to(be.sum(gu, -2), a.shape), be.sum_to(be.neg(be.sum(gu, -3)), b.shape))


def _check_cdist(x1, x2, p):
    for name, x in (("X1", x1), ("X2", x2)):
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.ndim}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError("X1 and X2 must have the same number of columns. "
                           f"X1: {x1.shape[-1]} X2: {x2.shape[-1]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    for name, x in (("X1", x1), ("X2", x2)):
        if not x.dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{_dtype.SCALAR_TYPE_NAMES[x.dtype]}")
    if x1.dtype is not x2.dtype:
        raise RuntimeError(f"expected scalar type {_dtype.SCALAR_TYPE_NAMES[x1.dtype]} but found "
                           f"{_dtype.SCALAR_TYPE_NAMES[x2.dtype]}")
    broadcast_shapes(tuple(x1.shape[:-2]), tuple(x2.shape[:-2]))


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distance between each row of ``x1`` and each row of ``x2``.

    One op with PyTorch's gradient formulas, including 0 where a distance is 0 and, for
    ``p=inf``, a gradient to every coordinate that attains the maximum. Distances are always
    computed directly (PyTorch's matrix-product shortcut for p=2 on more than 25 rows,
    chosen by ``compute_mode``, is never taken, so results can differ in the last bits).

    Args:
        x1 (Tensor): ``(B..., P, M)`` floating-point rows.
        x2 (Tensor): ``(B..., R, M)`` rows of the same dtype; the batch dims broadcast.
        p (float): the norm's order, ``>= 0`` (0 counts the differing coordinates; inf is
            the largest difference). Default: 2.
        compute_mode (str): accepted for PyTorch's signature; the direct path is always used.

    Returns:
        Tensor: ``(B..., P, R)`` distances.

    Raises:
        RuntimeError: an input is under 2-D, not floating point, the dtypes or the column
            counts differ, the batch dims do not broadcast, or ``p < 0`` (PyTorch's
            messages).

    >>> import tinytorch
    >>> a = tinytorch.tensor([[0.0, 0.0], [1.0, 1.0]])
    >>> tinytorch.cdist(a, tinytorch.tensor([[3.0, 4.0]]))
    tensor([[5.0000],
            [3.6056]])
    """
    if _autocast.on and _autocast.active(x1):
        return _autocast.run("cdist", cdist, x1, x2, p, compute_mode)
    _check_cdist(x1, x2, p)
    return Cdist.apply(x1, x2, p=float(p))


def dist(input, other, p=2):
    """The p-norm of ``input - other`` (broadcast), over all elements.

    A composition: ``torch.norm(input - other, p)``, gradients included.

    Args:
        input (Tensor): a floating-point tensor.
        other (Tensor): a tensor broadcastable with ``input``.
        p (float): the norm's order. Default: 2.

    Returns:
        Tensor: a 0-d tensor.

    Raises:
        RuntimeError: the shapes do not broadcast, or the dtype is not floating point.

    >>> import tinytorch
    >>> tinytorch.dist(tinytorch.tensor([3.0, 0.0]), tinytorch.tensor([0.0, 4.0]))
    tensor(5.)
    """
    return reduction.norm(input - other, p)


def check_dtypes(op, input, first, second):
    """PyTorch's error when the added tensor and the two factors of addmm, addbmm, addmv or
    baddbmm differ in dtype (its kernels do not promote: a float64 bias on a float32 product
    raises there, where a NumPy sum promoted it)."""
    if input.dtype is first.dtype is second.dtype:
        return
    names, c_names = _dtype.SCALAR_TYPE_NAMES, _dtype.C_TYPE_NAMES
    if op == "addmv":
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got "
                           f"{names[input.dtype]}, {names[first.dtype]}, and "
                           f"{names[second.dtype]}")
    if op == "baddbmm" and first.dtype is second.dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {c_names[input.dtype]}, "
                           f"batch1: {c_names[first.dtype]}, batch2: {c_names[second.dtype]}")
    if op == "baddbmm":  # bmm's
        raise RuntimeError(f"expected scalar type {names[first.dtype]} but found "
                           f"{names[second.dtype]}")
    if input.dtype is not second.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                           f"{names[input.dtype]} and {names[second.dtype]}")
    raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {names[first.dtype]} "
                       f"and {names[second.dtype]}")


def _add_scaled(input, product, beta, alpha, blas=False):
    """``beta * input + alpha * product``, input expanded to the product's shape (ignored,
    NaN and all, when beta is 0; so is the product when alpha is 0 and ``blas``: PyTorch's
    addmm, addmv and addbmm call BLAS, which skips it, its baddbmm and addr do not). Each
    ignored tensor stays in the graph, its gradient alpha (or beta) times 0, as PyTorch's. An
    integer product keeps its dtype, beta and alpha truncated to integers."""
    if not product.dtype.is_floating_point:
        beta, alpha = int(beta), int(alpha)
    scaled = product if alpha == 1 else product * alpha
    base = shape.expand(input, tuple(product.shape))  # PyTorch's check, even when unused
    if blas and alpha == 0:
        kept = (_creation.zeros(tuple(product.shape), dtype=product.dtype, device=product.device)
                if beta == 0 else base * beta)  # a new tensor, not the expanded view
        return in_graph_of(in_graph_of(kept, base), scaled)
    if beta == 0:
        return in_graph_of(scaled, base)
    return (base if beta == 1 else base * beta) + scaled


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat1 @ mat2)``.

    A composition of :func:`mm`, scaling and addition, gradients included. With ``beta=0``
    ``input`` is ignored (its NaN and inf do not propagate), as in PyTorch.

    Args:
        input (Tensor): added, broadcastable to ``(n, p)``.
        mat1 (Tensor): an ``(n, m)`` matrix.
        mat2 (Tensor): an ``(m, p)`` matrix.
        beta (Number): the factor on ``input``. Default: 1.
        alpha (Number): the factor on the product. Default: 1.

    Returns:
        Tensor: the ``(n, p)`` result.

    Raises:
        RuntimeError: a matrix is not 2-D, the inner sizes differ, or ``input`` does not
            broadcast to the result (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.addmm(tinytorch.ones(2), tinytorch.ones(2, 3), tinytorch.ones(3, 2), alpha=2)
    tensor([[7., 7.],
            [7., 7.]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("addmm", addmm, input, mat1, mat2, beta=beta, alpha=alpha)
    for name, m in (("mat1", mat1), ("mat2", mat2)):
        if m.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {m.ndim}-D tensor")
    check_dtypes("addmm", input, mat1, mat2)
    if mat1.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({mat1.shape[0]}x"
                           f"{mat1.shape[1]} and {mat2.shape[0]}x{mat2.shape[1]})")
    return _add_scaled(input, linalg.mm(mat1, mat2), beta, alpha, blas=True)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * (batch1 @ batch2)`` for batches of matrices.

    A composition of :func:`bmm`, scaling and addition, gradients included. With ``beta=0``
    ``input`` is ignored, as in PyTorch.

    Args:
        input (Tensor): added, broadcastable to ``(b, n, p)``.
        batch1 (Tensor): ``(b, n, m)`` matrices.
        batch2 (Tensor): ``(b, m, p)`` matrices.
        beta (Number): the factor on ``input``. Default: 1.
        alpha (Number): the factor on the products. Default: 1.

    Returns:
        Tensor: the ``(b, n, p)`` result.

    Raises:
        RuntimeError: a batch is not 3-D, the sizes do not fit, or ``input`` does not
            broadcast to the result (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.baddbmm(tinytorch.zeros(1), tinytorch.ones(2, 1, 3),
    ...                   tinytorch.ones(2, 3, 1)).shape
    torch.Size([2, 1, 1])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("baddbmm", baddbmm, input, batch1, batch2, beta=beta, alpha=alpha)
    check_dtypes("baddbmm", input, batch1, batch2)
    return _add_scaled(input, linalg.bmm(batch1, batch2), beta, alpha)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat @ vec)``.

    A composition of :func:`matmul`, scaling and addition, gradients included. With
    ``beta=0`` ``input`` is ignored, as in PyTorch.

    Args:
        input (Tensor): added, broadcastable to ``(n,)``.
        mat (Tensor): an ``(n, m)`` matrix.
        vec (Tensor): an ``(m,)`` vector.
        beta (Number): the factor on ``input``. Default: 1.
        alpha (Number): the factor on the product. Default: 1.

    Returns:
        Tensor: the ``(n,)`` result.

    Raises:
        RuntimeError: ``input`` is over 1-D, ``mat`` not 2-D, ``vec`` not 1-D, or the sizes
            do not fit (PyTorch's messages).

    >>> import tinytorch
    >>> tinytorch.addmv(tinytorch.tensor([1.0, 2.0]), tinytorch.ones(2, 3), tinytorch.ones(3))
    tensor([4., 5.])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("addmv", addmv, input, mat, vec, beta=beta, alpha=alpha)
    if input.ndim > 1 or mat.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input.ndim}, {mat.ndim}, "
                           f"{vec.ndim}")
    check_dtypes("addmv", input, mat, vec)
    if mat.shape[1] != vec.shape[0] or input.numel() not in (1, mat.shape[0]):
        raise RuntimeError(f"size mismatch, got input ({'x'.join(map(str, input.shape))}), mat "
                           f"({mat.shape[0]}x{mat.shape[1]}), vec ({vec.shape[0]})")
    return _add_scaled(input, linalg.matmul(mat, vec), beta, alpha, blas=True)
