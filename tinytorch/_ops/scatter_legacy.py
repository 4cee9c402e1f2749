"""``scatter``'s deprecated ``reduce=`` ("add" or "multiply"): each value of ``src`` (or the
number ``value``) added into, or multiplied into, the position ``index`` names along ``dim``,
as ``scatter_add`` and ``scatter_reduce(..., "prod")`` fold them. PyTorch keeps it for old
code: the Tensor ``src`` form warns once per process that it is deprecated, and the result has
no derivative (its node, ``torch::autograd::NotImplemented``, raises in backward)."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import indexing
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import warn_once

_REDUCES = ("add", "multiply")
_DEPRECATED = ("The reduce argument of torch.scatter with Tensor src is deprecated and will be "
               "removed in a future PyTorch release. Use torch.scatter_reduce instead for more "
               "reduction options.")
_FORMS = ("(int dim, Tensor index, Tensor src)", "(int dim, Tensor index, Tensor src, *, str "
          "reduce)", "(int dim, Tensor index, Number value)",
          "(int dim, Tensor index, Number value, *, str reduce)")


class ScatterFold(Op):
    """y = x with src added ("add") or multiplied ("multiply") into the positions ``index``
    names along ``axis``, in index order (for bool: or, and).  No derivative: PyTorch's node
    is NotImplemented and its backward raises naming ``aten::<name>``."""

    node_name = "torch::autograd::NotImplemented"

    @staticmethod
    def forward(ctx, x, src, index, axis, reduce, name):
        be = ctx.backend
        ctx.meta = name
        if index is None:  # an empty index: a contiguous copy of x
            return be.copy(x)
        src = be.getitem(src, tuple(slice(0, n) for n in index.shape))
        if _dtype.from_native(x.dtype) is _dtype.bool_:  # add is or, multiply and
            return be.scatter_reduce(x, axis, index, src, "amax" if reduce == "add" else "amin")
        if reduce == "add":
            return be.scatter_add(x, axis, index, src)
        return be.scatter_reduce(x, axis, index, src, "prod")

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError(f"derivative for aten::{ctx.meta} is not implemented")


def scatter(input, dim, index, src, value, reduce, name="scatter"):
    """``input.scatter(dim, index, src or value, reduce=reduce)`` (``name``: "scatter_" for
    the in-place form, whose node names ``aten::scatter_``), checked in PyTorch's order: the
    Tensor-src warning, then dim, dtypes and shapes, then ``reduce``, then the indices."""
    if not isinstance(reduce, str):
        args = (dim, index, value if src is None else src)
        got = ", ".join(("Tensor" if is_tensor(a) else type(a).__name__) for a in args)
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({got}, "
                        f"reduce={type(reduce).__name__}), but expected one of:\n"
                        + "".join(f" * {form}\n" for form in _FORMS))
    if src is not None:
        warn_once(_DEPRECATED)

    def check():
        if reduce not in _REDUCES:
            raise RuntimeError("reduce argument must be either add or multiply.")

    def apply(x, s, index, axis):
        if not is_tensor(s) and index is not None:
            s = _creation.full(tuple(index.shape), s, dtype=x.dtype, device=x.device)
        return ScatterFold.apply(x, s, index, axis, reduce, name)

    return indexing.checked_scatter(input, dim, index, src, value, apply, check)


def scatter_(input, dim, index, src=None, *, value=None, reduce=None):
    """What ``Tensor.scatter_`` writes into ``input``: :func:`tinytorch.scatter`'s result,
    whose node, with ``reduce``, names ``aten::scatter_`` when its backward refuses.

    Args:
        input (Tensor): the tensor written into.
        dim (int): the axis along which to index.
        index (LongTensor): the indices.
        src (Tensor or Number, optional): the values (a number is taken as ``value``).
        value (Number, optional): one value for every position ``index`` names.
        reduce (str, optional): "add" or "multiply" (deprecated in PyTorch).

    Returns:
        Tensor: the new values of ``input``.

    >>> scatter_(tinytorch.ones(3), 0, tinytorch.tensor([0, 0]), 2.0, reduce="add")
    tensor([5., 1., 1.])
    """
    if reduce is None:
        return indexing.scatter(input, dim, index, src, value=value)
    src, value = indexing.scatter_source(src, value)
    return scatter(input, dim, index, src, value, reduce, "scatter_")
