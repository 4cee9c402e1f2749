"""Products composed of matmul (so their gradients, of every order, are matmul's): mv, inner,
addr, addbmm, multi_dot, chain_matmul, vecdot, matrix_power."""

import warnings

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _memory_format
from tinytorch._ops import arithmetic
from tinytorch._ops import linalg
from tinytorch._ops import linalg_api
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._util import int_argument
from tinytorch._ops._util import user_stacklevel
from tinytorch._ops.mathops import _add_scaled
from tinytorch._ops.mathops import check_dtypes
from tinytorch.amp import autocast_mode as _autocast

_NAMES = _dtype.SCALAR_TYPE_NAMES


def _c_type(x):
    return _dtype.C_TYPE_NAMES[x.dtype]


def mv(input, vec):
    """Matrix-vector product, (n, m) @ (m,) -> (n,).

    Args:
        input (Tensor): an (n, m) matrix.
        vec (Tensor): an (m,) vector of ``input``'s dtype.

    Returns:
        Tensor: the (n,) product.

    Raises:
        RuntimeError: wrong dims, sizes or dtypes (PyTorch's messages).

    >>> tinytorch.mv(tinytorch.ones(2, 3), tinytorch.tensor([1., 2., 3.]))
    tensor([6., 6.])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("mv", mv, input, vec)
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input.shape[0]}), mat ({input.shape[0]}x"
                           f"{input.shape[1]}), vec ({vec.shape[0]})")
    if input.dtype is not vec.dtype:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got "
                           f"{_NAMES[vec.dtype]}, {_NAMES[input.dtype]}, and {_NAMES[vec.dtype]}")
    return linalg.matmul(input, vec)


def inner(input, other):
    """Inner product over the last dims: ``out[i.., j..] = Σ_k input[i.., k] other[j.., k]``
    (a product with a 0-d operand).

    Args:
        input (Tensor): (..., k).
        other (Tensor): (...b, k), of ``input``'s dtype.

    Returns:
        Tensor: (...a, ...b).

    Raises:
        RuntimeError: the last dims or the dtypes differ.

    >>> tinytorch.inner(tinytorch.ones(2, 3), tinytorch.ones(4, 3)).shape
    torch.Size([2, 4])
    """
    if input.ndim == 0 or other.ndim == 0:
        return arithmetic.mul(input, other)
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got "
                           f"shapes {list(input.shape)} and {list(other.shape)}")
    if input.dtype is not other.dtype:
        raise RuntimeError("both inputs should have same dtype")
    k = input.shape[-1]
    product = linalg.matmul(shape.reshape(input, (-1, k)), shape.t(shape.reshape(other, (-1, k))))
    return shape.reshape(product, tuple(input.shape[:-1]) + tuple(other.shape[:-1]))


def _check_integral_scalars(input, beta, alpha):
    if not input.dtype.is_floating_point:
        for name, v in (("beta", beta), ("alpha", alpha)):
            if isinstance(v, float):
                raise RuntimeError(f"For integral input tensors, argument {name} must not be a "
                                   "floating point number.")


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """``beta * input + alpha * outer(vec1, vec2)``; ``input`` is ignored when ``beta`` is 0.

    Args:
        input (Tensor): broadcastable to (n, m).
        vec1 (Tensor): an (n,) vector.
        vec2 (Tensor): an (m,) vector.
        beta (Number): the factor on ``input``. Default: 1.
        alpha (Number): the factor on the outer product. Default: 1.

    Returns:
        Tensor: the (n, m) result.

    Raises:
        RuntimeError: a vector is not 1-D, or a float factor with integer tensors.

    >>> tinytorch.addr(tinytorch.zeros(2, 2), tinytorch.ones(2), tinytorch.ones(2), alpha=2)
    tensor([[2., 2.],
            [2., 2.]])
    """
    for v, name in ((vec1, "vec1"), (vec2, "vec2")):
        if v.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v.ndim}-D")
    _check_integral_scalars(input, beta, alpha)
    return _add_scaled(input, linalg.outer(vec1, vec2), beta, alpha)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * Σ_b batch1[b] @ batch2[b]``; ``input`` is ignored when
    ``beta`` is 0.

    Args:
        input (Tensor): broadcastable to (n, p).
        batch1 (Tensor): (b, n, m).
        batch2 (Tensor): (b, m, p).
        beta (Number): the factor on ``input``. Default: 1.
        alpha (Number): the factor on the summed products. Default: 1.

    Returns:
        Tensor: the (n, p) result.

    Raises:
        RuntimeError: as :func:`tinytorch.bmm`, or a float factor with integer tensors.

    >>> tinytorch.addbmm(tinytorch.zeros(2, 4), tinytorch.ones(5, 2, 3), tinytorch.ones(5, 3, 4))
    tensor([[15., 15., 15., 15.],
            [15., 15., 15., 15.]])
    """
    if _autocast.on and _autocast.active(input):
        return _autocast.run("addbmm", addbmm, input, batch1, batch2, beta=beta, alpha=alpha)
    check_dtypes("addbmm", input, batch1, batch2)
    products = linalg.bmm(batch1, batch2)  # summed in its own dtype (int32 stays), as PyTorch
    return _add_scaled(input, reduction.sum(products, 0).to(products.dtype), beta, alpha,
                       blas=True)


def multi_dot(tensors):
    """The product of two or more matrices; the first may be a row vector (1-D) and the last a
    column vector (1-D), as in :func:`tinytorch.matmul`.

    Args:
        tensors (sequence of Tensor): 1-D or 2-D first and last, 2-D between, one dtype.

    Returns:
        Tensor: the product (1-D or 0-d where a vector end was given).

    Raises:
        RuntimeError: fewer than two tensors, wrong dims, sizes or dtypes (PyTorch's messages).

    >>> tinytorch.linalg.multi_dot([tinytorch.ones(3), tinytorch.ones(3, 4), tinytorch.ones(4)])
    tensor(12.)
    """
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    first, last = tensors[0], tensors[-1]
    for x, what in ((first, "the first tensor"), (last, "the last tensor")):
        if x.ndim not in (1, 2):
            raise RuntimeError(f"multi_dot(): {what} must be 1D or 2D but got {x.ndim}D")
    for i, x in enumerate(tensors[1:-1], 1):
        if x.ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {x.ndim}D")
    mats = ([shape.unsqueeze(first, 0)] if first.ndim == 1 else [first]) + tensors[1:-1] + (
        [shape.unsqueeze(last, 1)] if last.ndim == 1 else [last])
    out = mats[0]
    for i, x in enumerate(mats[1:], 1):
        if x.dtype is not first.dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor "
                               f"0 is {_c_type(first)} and tensor {i} {_c_type(x)}")
        if x.shape[0] != mats[i - 1].shape[1]:
            raise RuntimeError(f"multi_dot(): tensors {i - 1} and {i} with shapes "
                               f"{list(mats[i - 1].shape)} and {list(x.shape)} cannot be "
                               "multiplied")
        out = linalg.matmul(out, x)
    vectors = (first.ndim == 1, last.ndim == 1)
    # PyTorch's result is a view of its last product, with the vectors' dims left out
    return shape.reshape(out, tuple(n for n, vector in zip(out.shape, vectors) if not vector))


def chain_matmul(*matrices):
    """The product of matrices (deprecated in PyTorch, which warns: use
    :func:`tinytorch.linalg.multi_dot`).

    Args:
        *matrices (Tensor): 2-D tensors.

    Returns:
        Tensor: their product.

    Raises:
        RuntimeError: no matrices, or one that is not 2-D (PyTorch's messages).

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.chain_matmul(tinytorch.ones(2, 3), tinytorch.ones(3, 1))
    tensor([[3.],
            [3.]])
    """
    warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch "
                  "release. Use torch.linalg.multi_dot instead, which accepts a list of two or "
                  "more tensors rather than multiple parameters.", UserWarning,
                  stacklevel=user_stacklevel())
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for m in matrices:
        if m.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {m.ndim}, expected 2 instead.")
    if len(matrices) == 1:
        return shape.clone(matrices[0])
    return multi_dot(matrices)


def vecdot(x, y, *, dim=-1):
    """Dot product of vectors along ``dim``, ``Σ x * y`` (the operands broadcast).

    Args:
        x (Tensor): the first batch of vectors.
        y (Tensor): the second, of ``x``'s dtype.
        dim (int): the dim of the vectors. Default: -1.

    Returns:
        Tensor: the broadcast shape without ``dim``.

    Raises:
        RuntimeError: the dtypes differ.

    >>> tinytorch.linalg.vecdot(tinytorch.ones(2, 3), tinytorch.ones(3))
    tensor([3., 3.])
    """
    if _autocast.on and _autocast.active(x):
        return _autocast.run("vecdot", vecdot, x, y, dim=dim)
    if x.dtype is not y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x "
                           f"of type {_NAMES[x.dtype]} and y of type {_NAMES[y.dtype]} instead")
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"linalg.vecdot: Expected a floating point or complex tensor as "
                           f"input. Got {_NAMES[x.dtype]}")
    return reduction.sum(arithmetic.mul(x, y), dim)


def matrix_power(A, n):
    """A square matrix to the integer power ``n`` (A⁻¹ to ``-n`` for negative ``n``, the
    identity for 0), by repeated squaring.

    Args:
        A (Tensor): (..., m, m).
        n (int): the exponent.

    Returns:
        Tensor: Aⁿ, (..., m, m).

    Raises:
        TypeError: ``n`` is not an int.
        RuntimeError: ``A`` is not a batch of square matrices (or, for ``n`` < 0, not float).

    >>> tinytorch.linalg.matrix_power(tinytorch.tensor([[1., 1.], [0., 1.]]), 3)
    tensor([[1., 3.],
            [0., 1.]])
    """
    n = int_argument(n, "linalg_matrix_power", "n", 2)
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 "
                           "dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they "
                           f"are {A.shape[-2]} by {A.shape[-1]} matrices")
    if n == 0:  # the identity, connected to A (with a zero gradient) as PyTorch's copy is
        eye = _creation.eye(A.shape[-1], dtype=A.dtype, device=A.device)
        every = _creation.ones(tuple(A.shape), dtype=_dtype.bool_, device=A.device)
        return arithmetic.where(every, eye, A)
    if n == 1:  # a new tensor, contiguous, as PyTorch's (not A itself)
        return _memory_format.clone(A, memory_format=_memory_format.contiguous_format)
    if n < 0:
        A, n = linalg_api.inv(A), -n
    result = None
    while n:
        if n & 1:
            result = A if result is None else linalg.matmul(result, A)
        n >>= 1
        if n:
            A = linalg.matmul(A, A)
    return result
