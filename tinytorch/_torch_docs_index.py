"""Docstrings of the indexing functions (``tinytorch/_ops/indexing.py``), attached at import as
in ``tinytorch/_torch_docs_pointwise.py``: indexing.py is near the size limit.
"""

from tinytorch._ops import index_extra
from tinytorch._ops import indexing
from tinytorch._tensor_docs import add_docstr

add_docstr(indexing.gather, """Gathers values of ``input`` along ``dim`` at ``index``: for a
3-D input, ``out[i][j][k] = input[index[i][j][k]][j][k]`` when ``dim == 0``,
``input[i][index[i][j][k]][k]`` when ``dim == 1``, and so on.

Args:
    input (Tensor): the source tensor.
    dim (int): the axis along which to index.
    index (LongTensor): the indices, with as many dims as ``input`` and no larger than
        ``input`` apart from ``dim``.

Returns:
    Tensor: the gathered values, of ``index``'s shape.

>>> t = tinytorch.tensor([[1, 2], [3, 4]])
>>> tinytorch.gather(t, 1, tinytorch.tensor([[0, 0], [1, 0]]))
tensor([[1, 1],
        [4, 3]])
""")

add_docstr(index_extra.take_along_dim, """Selects values of ``input`` at ``indices`` along ``dim``,
like ``numpy.take_along_axis``: ``indices`` and ``input`` broadcast apart from ``dim``; with
``dim`` None both are flattened first.

Args:
    input (Tensor): the input tensor.
    indices (LongTensor): the indices into ``input``.
    dim (int, optional): the dimension to select along; the flattened tensors when None.

Returns:
    Tensor: the selected values.

Raises:
    RuntimeError: ``indices`` not int64, a different number of dims than ``input``, sizes
        that do not broadcast (PyTorch's messages).
    IndexError: an index out of range.

>>> x = tinytorch.tensor([[10, 30, 20], [60, 40, 50]])
>>> tinytorch.take_along_dim(x, x.argmax(1, keepdim=True), dim=1)
tensor([[30],
        [60]])
""")

add_docstr(indexing.scatter, """Returns a copy of ``input`` with the values of ``src`` (or
the number ``value``) written at ``index`` along ``dim``: for a 2-D input,
``out[index[i][j]][j] = src[i][j]`` when ``dim == 0`` and ``out[i][index[i][j]] = src[i][j]``
when ``dim == 1``. Where ``index`` repeats a position, which write wins is unspecified.

Args:
    input (Tensor): the tensor to copy and write into.
    dim (int): the axis along which to index.
    index (LongTensor): the indices, with as many dims as ``input`` and no larger than
        ``input`` (or ``src``) apart from ``dim``.
    src (Tensor or Number, optional): the values to write, of ``input``'s dtype (a number is
        taken as ``value``).
    value (Number, optional): one value to write everywhere ``index`` points.
    reduce (str, optional): ``"add"`` or ``"multiply"``: add (multiply) each value into its
        position instead of writing it, repeated positions folding every value in (for bool,
        or and and). Deprecated in PyTorch for :func:`scatter_reduce`: with a Tensor ``src``
        the first call of the process warns (a ``UserWarning``), as PyTorch's; the result has
        no derivative (its ``grad_fn`` raises PyTorch's "derivative for aten::scatter is not
        implemented" in backward).

Returns:
    Tensor: the new tensor.

Raises:
    TypeError: neither ``src`` nor ``value`` is given, or ``reduce`` is not a string.
    RuntimeError: ``src`` has another dtype, an index is out of range (naming it, the dim
        and its size), ``index`` is larger than ``input``/``src`` apart from ``dim``, or
        ``reduce`` is another string.

>>> tinytorch.scatter(tinytorch.zeros(2, 3), 1, tinytorch.tensor([[2], [0]]), value=1.0)
tensor([[0., 0., 1.],
        [1., 0., 0.]])
>>> tinytorch.scatter(tinytorch.ones(3), 0, tinytorch.tensor([0, 0, 1]), 2.0, reduce="multiply")
tensor([4., 2., 1.])
""")

add_docstr(indexing.scatter_add, """Returns a copy of ``input`` with the values of ``src``
added at ``index`` along ``dim``, as :func:`scatter` writes them; values sent to one position
accumulate.

Args:
    input (Tensor): the tensor to copy and add into.
    dim (int): the axis along which to index.
    index (LongTensor): the indices, with as many dims as ``input`` and no larger than
        ``src`` apart from ``dim``.
    src (Tensor): the values to add, of ``input``'s dtype.

Returns:
    Tensor: the new tensor.

Raises:
    RuntimeError: ``src`` has another dtype, or an index is out of range.

>>> tinytorch.scatter_add(tinytorch.zeros(3), 0, tinytorch.tensor([0, 2, 0]), tinytorch.ones(3))
tensor([2., 0., 1.])
""")

add_docstr(indexing.index_select, """Returns a new tensor that indexes ``input`` along ``dim``
with the entries of ``index``: it has ``input``'s dims, with ``dim`` of ``len(index)``.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension in which we index.
    index (IntTensor or LongTensor): the 1-D (or 0-d) tensor of indices.

Returns:
    Tensor: the selected entries (a copy).

Raises:
    IndexError: ``index`` has more than one dimension.
    RuntimeError: ``index`` is not int32 or int64.

>>> x = tinytorch.arange(6).reshape(2, 3)
>>> tinytorch.index_select(x, 1, tinytorch.tensor([2, 0]))
tensor([[2, 0],
        [5, 3]])
""")

add_docstr(indexing.masked_fill, """Returns a copy of ``input`` with ``value`` where ``mask``
is True.

Args:
    input (Tensor): the input tensor.
    mask (BoolTensor): the mask, broadcastable to ``input``.
    value (Number or Tensor): the value to fill in: a number or a 0-d tensor.

Returns:
    Tensor: the new tensor.

Raises:
    RuntimeError: ``mask`` is not bool, ``value`` is a tensor with dimensions, or ``mask``
        does not broadcast to ``input`` (PyTorch's messages).

>>> tinytorch.masked_fill(tinytorch.zeros(3), tinytorch.tensor([True, False, True]), -1.0)
tensor([-1.,  0., -1.])
""")

add_docstr(indexing.nonzero, """Returns the indices of the nonzero elements of ``input``.

Not differentiable.

Args:
    input (Tensor): the input tensor.
    as_tuple (bool): return one 1-D tensor of indices per dimension instead of one
        (n, input.dim()) tensor. Default: ``False``.

Returns:
    Tensor or tuple of Tensors: the int64 indices, one row per nonzero element (in
    row-major order), or one tensor per dimension with ``as_tuple``.

>>> x = tinytorch.tensor([[0, 3], [4, 0]])
>>> tinytorch.nonzero(x)
tensor([[0, 1],
        [1, 0]])
>>> tinytorch.nonzero(x, as_tuple=True)
(tensor([0, 1]), tensor([1, 0]))
""")
