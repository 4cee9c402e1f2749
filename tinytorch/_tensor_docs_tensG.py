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

# The in-place forms of _tensor_more.INPLACE_FORMS: (what, Args section, input, call, output)
_MORE_IN_PLACE = {
    "ceil": ("round up", "", "[-1.5, 0.2]", "", "tensor([-1.,  1.])"),
    "floor": ("round down", "", "[-1.5, 0.2]", "", "tensor([-2.,  0.])"),
    "round": ("round half to even", "    decimals (int): digits kept. Default: 0.\n",
              "[1.25, 2.5]", "decimals=1", "tensor([1.2000, 2.5000])"),
    "cos": ("``self = cos(self)``", "", "[0.0]", "", "tensor([1.])"),
    "sin": ("``self = sin(self)``", "", "[0.0]", "", "tensor([0.])"),
    "expm1": ("``self = e ** self - 1``", "", "[0.0]", "", "tensor([0.])"),
    "log1p": ("``self = ln(1 + self)``", "", "[0.0, 1.0]", "", "tensor([0.0000, 0.6931])"),
    "reciprocal": ("``self = 1 / self``", "", "[2.0, 4.0]", "", "tensor([0.5000, 0.2500])"),
    "rsqrt": ("``self = 1 / sqrt(self)``", "", "[4.0, 16.0]", "", "tensor([0.5000, 0.2500])"),
    "sign": ("``self = sign(self)``", "", "[-2.0, 0.0, 3.0]", "", "tensor([-1.,  0.,  1.])"),
    "square": ("``self = self ** 2``", "", "[-2.0, 3.0]", "", "tensor([4., 9.])"),
    "cumsum": ("the running sum along ``dim``", "    dim (int): the dim.\n",
               "[1.0, 2.0, 3.0]", "0", "tensor([1., 3., 6.])"),
    "bitwise_not": ("``self = ~self``", "", "[0, 5]", "", "tensor([-1, -6])"),
    "tril": ("zero the elements above the ``diagonal``",
             "    diagonal (int): which diagonal. Default: 0.\n", "[[1.0, 2.0], [3.0, 4.0]]", "",
             "tensor([[1., 0.],\n        [3., 4.]])"),
    "triu": ("zero the elements below the ``diagonal``",
             "    diagonal (int): which diagonal. Default: 0.\n", "[[1.0, 2.0], [3.0, 4.0]]", "",
             "tensor([[1., 2.],\n        [0., 4.]])"),
    "logical_and": ("1 where both are non-zero, else 0, in ``self``'s dtype",
                    "    other (Tensor): the other operand.\n", "[1.0, 0.0, 2.0]",
                    "tinytorch.tensor([1.0, 1.0, 0.0])", "tensor([1., 0., 0.])"),
    "logical_or": ("1 where either is non-zero, else 0, in ``self``'s dtype",
                   "    other (Tensor): the other operand.\n", "[1.0, 0.0, 0.0]",
                   "tinytorch.tensor([0.0, 0.0, 2.0])", "tensor([1., 0., 1.])"),
    "logical_xor": ("1 where exactly one is non-zero, else 0, in ``self``'s dtype",
                    "    other (Tensor): the other operand.\n", "[1.0, 0.0, 2.0]",
                    "tinytorch.tensor([1.0, 1.0, 0.0])", "tensor([0., 1., 1.])"),
    "eq": ("1 where ``self == other``, else 0, in ``self``'s dtype",
           "    other (Tensor or number): compared with.\n", "[1.0, 2.0]", "2.0",
           "tensor([0., 1.])"),
    "renorm": ("each slice along ``dim`` rescaled to p-norm at most ``maxnorm``",
               "    p (float): the norm.\n    dim (int): the dim.\n"
               "    maxnorm (float): the largest norm kept.\n", "[[3.0, 4.0], [0.3, 0.4]]",
               "2, 0, 1.0", "tensor([[0.6000, 0.8000],\n        [0.3000, 0.4000]])"),
    "addbmm": ("``self = beta * self + alpha * sum_b batch1[b] @ batch2[b]``",
               "    batch1 (Tensor): (b, n, m).\n    batch2 (Tensor): (b, m, p).\n", "[[0.0]]",
               "tinytorch.ones(2, 1, 3), tinytorch.ones(2, 3, 1)", "tensor([[6.]])"),
    "addmv": ("``self = beta * self + alpha * mat @ vec``",
              "    mat (Tensor): (n, m).\n    vec (Tensor): (m,).\n", "[1.0]",
              "tinytorch.ones(1, 2), tinytorch.ones(2)", "tensor([3.])"),
    "addr": ("``self = beta * self + alpha * outer(vec1, vec2)``",
             "    vec1 (Tensor): (n,).\n    vec2 (Tensor): (m,).\n", "[[0.0, 0.0]]",
             "tinytorch.ones(1), tinytorch.tensor([1.0, 2.0])", "tensor([[1., 2.]])"),
    "baddbmm": ("``self = beta * self + alpha * batch1 @ batch2``",
                "    batch1 (Tensor): (b, n, m).\n    batch2 (Tensor): (b, m, p).\n",
                "[[[1.0]]]", "tinytorch.ones(1, 1, 2), tinytorch.ones(1, 2, 1)",
                "tensor([[[3.]]])"),
}
for _name, (_what, _args, _before, _call, _after) in _MORE_IN_PLACE.items():
    add_docstr(getattr(Tensor, _name + "_"), _INPLACE.format(
        name=_name, what=_what, args="Args:\n" + _args + "\n" if _args else "",
        before=_before, call=_call, after=_after))
