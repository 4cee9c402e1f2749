"""Distances for ``tinytorch.nn.functional``: ``pairwise_distance`` and ``pdist``, composed of
``norm`` (whose gradient is 0 at a zero vector for every p, PyTorch's value there) and the
shape ops, so gradients and double backward come from those ops."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import indexing
from tinytorch._ops import reduction as rd
from tinytorch._ops import shape


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """‖x1 - x2 + eps‖_p over the last dim of the broadcast shape (PyTorch's definition)."""
    dim = max(x1.ndim, x2.ndim) - 1
    diff = x1 - x2 + eps
    if diff.ndim == 0:  # a 0-d difference is its own last dim, kept or not: a 0-d result
        return shape.scalar_result(rd.norm(shape.reshape(diff, (1,)), p, 0))
    return rd.norm(diff, p, dim, keepdim)


def pdist(input, p=2.0):
    """‖x_i - x_j‖_p for every row pair i < j of a 2-D input, in row-major order."""
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if not input.dtype.is_floating_point:
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    n = input.shape[0]
    pairs = indexing.nonzero(shape.triu(_creation.ones(n, n, dtype=_dtype.bool_,
                                                       device=input.device), 1))
    left = indexing.index_select(input, 0, pairs[:, 0])
    right = indexing.index_select(input, 0, pairs[:, 1])
    return rd.norm(left - right, p, 1)
