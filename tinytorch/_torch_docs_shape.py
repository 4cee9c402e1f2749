"""Docstrings of the shape functions (``tinytorch/_ops/shape.py``), attached at import as in
``tinytorch/_torch_docs_pointwise.py``: shape.py is near the size limit. Where the Tensor
method takes sizes or dims as separate ints (``x.reshape(2, 3)``, ``x.permute(1, 0)``), the
function takes them as one sequence.
"""

from tinytorch._ops import shape
from tinytorch._tensor_docs import add_docstr

_INPUT = "    input (Tensor): the input tensor.\n"
_VIEW = "Tensor: a view of ``input`` (it shares ``input``'s memory)."

_DOC = """{summary}

Args:
{args}
Returns:
    {returns}
{raises}
{example}
"""


def _doc(name, summary, args, returns, example, raises=""):
    """Attach the docstring of ``shape.<name>`` from its parts (``raises``: its lines)."""
    raises = f"\nRaises:\n{raises}" if raises else ""
    add_docstr(getattr(shape, name), _DOC.format(summary=summary, args=args, returns=returns,
                                                 raises=raises, example=example))


_doc("reshape", "Returns a tensor with the same data and number of elements as ``input``, of"
     " shape ``shape``:\na view when ``input``'s layout allows one, else a copy (as in"
     " PyTorch). One size may be -1, inferred\nfrom the others.",
     _INPUT + "    shape (tuple of ints): the new shape (``Tensor.reshape`` also takes the"
     " ints separately).\n",
     "Tensor: the reshaped tensor.",
     ">>> tinytorch.reshape(tinytorch.arange(6), (2, -1))\n"
     "tensor([[0, 1, 2],\n        [3, 4, 5]])",
     "    RuntimeError: the sizes do not multiply to ``input.numel()``.\n")

_doc("permute", "Returns a view of ``input`` with its dimensions permuted.",
     _INPUT + "    dims (tuple of ints): the new order of the dimensions (``Tensor.permute``"
     " also takes the\n        ints separately).\n", _VIEW,
     ">>> tinytorch.permute(tinytorch.zeros(2, 3, 5), (2, 0, 1)).shape\n"
     "torch.Size([5, 2, 3])",
     "    RuntimeError: ``dims`` has the wrong length or a dimension twice (PyTorch's"
     " messages).\n")

_TRANSPOSE_ARGS = ("    dim0 (int): the first dimension to be transposed.\n"
                   "    dim1 (int): the second dimension to be transposed.\n")
_doc("transpose", "Returns a view of ``input`` with dimensions ``dim0`` and ``dim1`` swapped"
     " (a 0-d ``input``\nis returned as is). :func:`swapaxes` and ``swapdims`` are aliases.",
     _INPUT + _TRANSPOSE_ARGS, _VIEW,
     ">>> tinytorch.transpose(tinytorch.tensor([[1, 2, 3]]), 0, 1)\n"
     "tensor([[1],\n        [2],\n        [3]])")

_doc("swapaxes", "Alias of :func:`transpose`: swaps dimensions ``axis0`` and ``axis1``.",
     _INPUT + "    axis0 (int): the first dimension.\n    axis1 (int): the second"
     " dimension.\n", _VIEW,
     ">>> tinytorch.swapaxes(tinytorch.zeros(2, 3, 4), 0, 2).shape\ntorch.Size([4, 3, 2])")

_doc("t", "Expects ``input`` to be at most 2-D and transposes dimensions 0 and 1: a 0-D or"
     " 1-D tensor\nis returned as is.", _INPUT, _VIEW,
     ">>> tinytorch.t(tinytorch.tensor([[1, 2], [3, 4]]))\n"
     "tensor([[1, 3],\n        [2, 4]])",
     "    RuntimeError: ``input`` has more than 2 dimensions.\n")

_doc("expand", "Returns a view of ``input`` with singleton dimensions expanded to a larger"
     " size, without\ncopying; new dimensions go at the front. -1 keeps a dimension's size."
     " ``Tensor.expand``\ntakes the sizes separately and ``Tensor.broadcast_to`` as one"
     " sequence (PyTorch has no\n``torch.expand`` function; tinytorch has).",
     _INPUT + "    size (tuple of ints): the desired expanded size.\n", _VIEW,
     ">>> tinytorch.expand(tinytorch.tensor([[1], [2]]), (2, 3))\n"
     "tensor([[1, 1, 1],\n        [2, 2, 2]])",
     "    RuntimeError: fewer sizes than dimensions, or a size that does not match a"
     " non-singleton\n        dimension (PyTorch's messages).\n")

_doc("broadcast_to", "Broadcasts ``input`` to the shape ``size``: the same as"
     " ``input.expand(size)``.",
     _INPUT + "    size (tuple of ints): the new shape.\n", _VIEW,
     ">>> tinytorch.broadcast_to(tinytorch.tensor([1, 2, 3]), (2, 3))\n"
     "tensor([[1, 2, 3],\n        [1, 2, 3]])")

_doc("squeeze", "Returns a view of ``input`` with its dimensions of size 1 removed: all of"
     " them, or those\namong ``dim`` (other dimensions in ``dim`` are kept).",
     _INPUT + "    dim (int or tuple of ints, optional): the dimensions to squeeze; all when"
     " None.\n", _VIEW,
     ">>> tinytorch.squeeze(tinytorch.zeros(2, 1, 3, 1)).shape\ntorch.Size([2, 3])\n"
     ">>> tinytorch.squeeze(tinytorch.zeros(2, 1, 3, 1), 1).shape\ntorch.Size([2, 3, 1])")

_doc("unsqueeze", "Returns a view of ``input`` with a dimension of size one inserted at"
     " ``dim``.",
     _INPUT + "    dim (int): where to insert it, in ``[-input.dim() - 1, input.dim()]``.\n",
     _VIEW,
     ">>> tinytorch.unsqueeze(tinytorch.tensor([1, 2]), 0)\ntensor([[1, 2]])\n"
     ">>> tinytorch.unsqueeze(tinytorch.tensor([1, 2]), 1).shape\ntorch.Size([2, 1])")

_doc("flatten", "Flattens dimensions ``start_dim`` to ``end_dim`` of ``input`` into one: a"
     " view when the layout\nallows, else a copy; ``input`` itself when they are the same"
     " dimension; a 0-d input\nbecomes 1-D.",
     _INPUT + "    start_dim (int): the first dimension to flatten. Default: 0.\n"
     "    end_dim (int): the last dimension to flatten. Default: -1.\n",
     "Tensor: the flattened tensor.",
     ">>> tinytorch.flatten(tinytorch.zeros(2, 3, 4)).shape\ntorch.Size([24])\n"
     ">>> tinytorch.flatten(tinytorch.zeros(2, 3, 4), start_dim=1).shape\n"
     "torch.Size([2, 12])",
     "    RuntimeError: ``start_dim`` comes after ``end_dim``.\n")

_doc("unflatten", "Expands dimension ``dim`` of ``input`` over several dimensions of sizes"
     " ``sizes``.",
     _INPUT + "    dim (int): the dimension to unflatten.\n"
     "    sizes (tuple of ints): the new sizes; one may be -1, inferred from the others.\n",
     "Tensor: the result, a view when the layout allows.",
     ">>> tinytorch.unflatten(tinytorch.zeros(2, 12), 1, (3, -1)).shape\n"
     "torch.Size([2, 3, 4])",
     "    RuntimeError: ``sizes`` do not multiply to the size of ``dim`` (PyTorch's"
     " message).\n")

_doc("movedim", "Moves the dimensions of ``input`` at ``source`` to the positions"
     " ``destination``; the others\nkeep their order.",
     _INPUT + "    source (int or tuple of ints): the dimensions to move.\n"
     "    destination (int or tuple of ints): where they go.\n", _VIEW,
     ">>> tinytorch.movedim(tinytorch.zeros(2, 3, 4), 0, -1).shape\ntorch.Size([3, 4, 2])",
     "    RuntimeError: ``source`` and ``destination`` differ in length.\n")

_doc("broadcast_shapes", "Returns the shape that tensors of ``shapes`` broadcast to"
     " (PyTorch's rules), without\nmaking any tensor.",
     "    *shapes (int or tuple of ints): the shapes.\n",
     "tinytorch.Size: the broadcast shape.",
     ">>> tinytorch.broadcast_shapes((2, 1), (3,))\ntorch.Size([2, 3])",
     "    RuntimeError: two sizes differ and neither is 1 (naming them and their dim).\n")

_doc("broadcast_tensors", "Broadcasts the given tensors to their common shape (as"
     " :func:`expand` views).",
     "    *tensors (Tensor): the tensors (or one list of them).\n",
     "tuple of Tensors: the views, in order.",
     ">>> a, b = tinytorch.broadcast_tensors(tinytorch.zeros(2, 1), tinytorch.zeros(3))\n"
     ">>> a.shape, b.shape\n(torch.Size([2, 3]), torch.Size([2, 3]))")

_doc("tile", "Constructs a tensor by repeating the elements of ``input``: ``dims[i]`` times"
     " along dimension\n``i``. Like :meth:`Tensor.repeat`, but ``dims`` shorter than"
     " ``input.dim()`` is padded with 1s\nat the front.",
     _INPUT + "    dims (tuple of ints): the number of repetitions per dimension.\n",
     "Tensor: a new tensor.",
     ">>> tinytorch.tile(tinytorch.tensor([1, 2]), (2,))\ntensor([1, 2, 1, 2])\n"
     ">>> tinytorch.tile(tinytorch.tensor([[1, 2]]), (2, 1))\n"
     "tensor([[1, 2],\n        [1, 2]])")

_doc("flip", "Reverses the order of the elements of ``input`` along ``dims``; a copy, as in"
     " PyTorch.",
     _INPUT + "    dims (int or tuple of ints): the dimensions to flip.\n",
     "Tensor: a new tensor.",
     ">>> tinytorch.flip(tinytorch.tensor([[0, 1], [2, 3]]), (0, 1))\n"
     "tensor([[3, 2],\n        [1, 0]])",
     "    RuntimeError: a dimension appears twice.\n")

_doc("roll", "Rolls the elements of ``input`` along ``dims``: an element shifted past the"
     " last position\ncomes back at the first. With ``dims`` None the flattened tensor is"
     " rolled and its shape\nrestored.",
     _INPUT + "    shifts (int or tuple of ints): the number of places to shift, per"
     " dimension.\n    dims (int or tuple of ints, optional): the dimensions to roll.\n",
     "Tensor: a new tensor.",
     ">>> tinytorch.roll(tinytorch.tensor([1, 2, 3, 4]), 1)\ntensor([4, 1, 2, 3])\n"
     ">>> tinytorch.roll(tinytorch.tensor([[1, 2], [3, 4]]), 1, dims=0)\n"
     "tensor([[3, 4],\n        [1, 2]])",
     "    RuntimeError: ``shifts`` and ``dims`` differ in length.\n")

_TRIANGLE_ARGS = _INPUT + ("    diagonal (int): the diagonal to consider: 0 the main one,"
                           " positive ones above it,\n        negative ones below. Default:"
                           " 0.\n")
_doc("tril", "Returns the lower triangular part of the matrix (or of each matrix in the"
     " batch) ``input``:\nthe elements above ``diagonal`` are set to 0.",
     _TRIANGLE_ARGS, "Tensor: a new tensor of ``input``'s shape.",
     ">>> tinytorch.tril(tinytorch.ones(3, 3))\n"
     "tensor([[1., 0., 0.],\n        [1., 1., 0.],\n        [1., 1., 1.]])")

_doc("triu", "Returns the upper triangular part of the matrix (or of each matrix in the"
     " batch) ``input``:\nthe elements below ``diagonal`` are set to 0.",
     _TRIANGLE_ARGS, "Tensor: a new tensor of ``input``'s shape.",
     ">>> tinytorch.triu(tinytorch.ones(3, 3), diagonal=1)\n"
     "tensor([[0., 1., 1.],\n        [0., 0., 1.],\n        [0., 0., 0.]])")

_doc("contiguous", "Returns a tensor with ``input``'s data in C-contiguous order: ``input``"
     " itself when it\nalready is, else a copy. (``Tensor.contiguous`` also takes PyTorch's"
     " ``memory_format``.)",
     "    input (Tensor): the tensor (``self``).\n", "Tensor: a contiguous tensor.",
     ">>> x = tinytorch.zeros(2, 3).t()\n>>> x.is_contiguous(), x.contiguous().is_contiguous()\n"
     "(False, True)")

