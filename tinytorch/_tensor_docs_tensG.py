"""Docstrings of the Tensor methods added for the shape/index/construction API (tensG) that
are not the op functions themselves (see ``tinytorch/_tensor_docs.py``)."""

from tinytorch._tensor import Tensor
from tinytorch._tensor_docs import add_docstr
from tinytorch._tensor_docs_ops import _INPLACE

_CASTS = {"byte": "uint8", "char": "int8", "short": "int16"}
for _method, _dtype_name in _CASTS.items():
    add_docstr(getattr(Tensor, _method), f"""Returns ``self.to(tinytorch.{_dtype_name})``.

Returns:
    Tensor: a {_dtype_name} tensor on the same device.

>>> tinytorch.tensor([1.7, 2.0]).{_method}().dtype
tinytorch.{_dtype_name}
""")

add_docstr(Tensor.is_signed, """Whether the dtype holds negative numbers (all but bool and
uint8).

Returns:
    bool: ``self.dtype.is_signed``.

>>> tinytorch.zeros(1).is_signed(), tinytorch.zeros(1, dtype=tinytorch.uint8).is_signed()
(True, False)
""")

add_docstr(Tensor.is_complex, """Whether the dtype is complex: never, tinytorch has no
complex dtypes.

Returns:
    bool: False.

>>> tinytorch.zeros(1).is_complex()
False
""")

add_docstr(Tensor.is_same_size, """Whether ``other`` has this tensor's shape.

Args:
    other (Tensor): the tensor compared.

Returns:
    bool: ``self.shape == other.shape``.

>>> tinytorch.zeros(2, 3).is_same_size(tinytorch.ones(2, 3))
True
""")

add_docstr(Tensor.ndimension, """The number of dimensions (an alias of :meth:`dim`).

Returns:
    int: the number of dimensions.

>>> tinytorch.zeros(2, 3).ndimension()
2
""")

add_docstr(Tensor.cumprod, """See :func:`tinytorch.cumprod`.

Args:
    dim (int): the dim to scan.
    dtype (tinytorch.dtype, optional): cast to it first.

Returns:
    Tensor: the cumulative products.

>>> tinytorch.tensor([1, 2, 3]).cumprod(0)
tensor([1, 2, 6])
""")

add_docstr(Tensor.index_add, """See :func:`tinytorch.index_add`.

Args:
    dim (int): the dim ``index`` indexes.
    index (Tensor): 1-D int64/int32.
    source (Tensor): the values added.
    alpha (Number): scale of ``source``. Default: 1.

Returns:
    Tensor: a new tensor.

>>> tinytorch.zeros(2).index_add(0, tinytorch.tensor([1]), tinytorch.ones(1), alpha=3)
tensor([0., 3.])
""")

add_docstr(Tensor.scatter_reduce, """See :func:`tinytorch.scatter_reduce`.

Args:
    dim (int): the dim ``index`` indexes.
    index (Tensor): int64 positions.
    src (Tensor): the values.
    reduce (str): "sum", "prod", "mean", "amax" or "amin".
    include_self (bool): whether ``self``'s values take part. Default: True.

Returns:
    Tensor: a new tensor.

>>> tinytorch.ones(2).scatter_reduce(0, tinytorch.tensor([0, 0]), tinytorch.tensor([2., 3.]),
...                                  "prod")
tensor([6., 1.])
""")

_DIM_INDEX = ("    dim (int): the dim ``index`` indexes.\n"
              "    index (Tensor): 1-D int64 positions.\n")
_IN_PLACE = {  # name: (what, Args lines, input, call, output)
    "addcmul": ("``self += value * tensor1 * tensor2``",
                "    tensor1 (Tensor): first factor.\n    tensor2 (Tensor): second factor.\n"
                "    value (Number): scale. Default: 1.\n",
                "[1.0, 1.0]", "tinytorch.tensor([2.0, 3.0]), tinytorch.tensor([1.0, 2.0])",
                "tensor([3., 7.])"),
    "addcdiv": ("``self += value * tensor1 / tensor2``",
                "    tensor1 (Tensor): numerator.\n    tensor2 (Tensor): denominator.\n"
                "    value (Number): scale. Default: 1.\n",
                "[1.0, 1.0]", "tinytorch.tensor([2.0, 3.0]), tinytorch.tensor([4.0, 2.0])",
                "tensor([1.5000, 2.5000])"),
    "clamp_min": ("every element at least ``min``", "    min (Number or Tensor): the bound.\n",
                  "[-1.0, 2.0]", "0", "tensor([0., 2.])"),
    "clamp_max": ("every element at most ``max``", "    max (Number or Tensor): the bound.\n",
                  "[-1.0, 2.0]", "0", "tensor([-1.,  0.])"),
    "cumprod": ("the cumulative product along ``dim``",
                "    dim (int): the dim to scan.\n    dtype (tinytorch.dtype, optional): must"
                " be ``self``'s.\n", "[1.0, 2.0, 3.0]", "0", "tensor([1., 2., 6.])"),
    "index_add": ("add ``alpha * source`` at ``index`` along ``dim``",
                  _DIM_INDEX + "    source (Tensor): the values.\n    alpha (Number): scale."
                  " Default: 1.\n", "[0.0, 0.0]",
                  "0, tinytorch.tensor([1, 1]), tinytorch.ones(2)", "tensor([0., 2.])"),
    "index_copy": ("write ``source`` at ``index`` along ``dim``",
                   _DIM_INDEX + "    source (Tensor): the values.\n", "[0.0, 0.0]",
                   "0, tinytorch.tensor([1]), tinytorch.ones(1)", "tensor([0., 1.])"),
    "index_fill": ("set the slices at ``index`` along ``dim`` to ``value``",
                   _DIM_INDEX + "    value (Number or 0-d Tensor): the value.\n", "[0.0, 0.0]",
                   "0, tinytorch.tensor([0]), 5.0", "tensor([5., 0.])"),
    "masked_scatter": ("fill the positions where ``mask`` is True from ``source``, in order",
                       "    mask (Tensor): bool, broadcastable to ``self``.\n"
                       "    source (Tensor): the values.\n", "[0.0, 0.0]",
                       "tinytorch.tensor([False, True]), tinytorch.tensor([7.0])",
                       "tensor([0., 7.])"),
    "scatter_reduce": ("reduce ``src`` into ``self`` at ``index`` along ``dim``",
                       "    dim (int): the dim.\n    index (Tensor): int64 positions.\n"
                       "    src (Tensor): the values.\n    reduce (str): \"sum\", \"prod\","
                       " \"mean\", \"amax\" or \"amin\".\n    include_self (bool): whether"
                       " ``self``'s values take part. Default: True.\n", "[0.0, 0.0]",
                       "0, tinytorch.tensor([0, 0]), tinytorch.tensor([1.0, 2.0]), 'amax'",
                       "tensor([2., 0.])"),
}
for _name, (_what, _args, _before, _call, _after) in _IN_PLACE.items():
    add_docstr(getattr(Tensor, _name + "_"), _INPLACE.format(
        name=_name, what=_what, args="Args:\n" + _args + "\n", before=_before, call=_call,
        after=_after))
