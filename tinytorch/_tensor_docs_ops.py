"""Docstrings of ``Tensor``'s one-line arithmetic, reduction, shape and in-place methods (see
``tinytorch/_tensor_docs.py``). Methods that are the op functions themselves (``Tensor.add`` is
``tinytorch.add``) carry those functions' docstrings instead.
"""

from tinytorch._tensor import Tensor
from tinytorch._tensor_docs import add_docstr

_INPLACE = """In-place version of :meth:`{name}`: {what}.

In-place on a leaf that requires grad raises outside ``tinytorch.no_grad()``; on other tensors
it is recorded, and a tensor saved for backward that is changed makes backward raise.

{args}Returns:
    Tensor: ``self``.

>>> x = tinytorch.tensor({before})
>>> x.{name}_({call})
{after}
"""

_UNARY = {  # name: (what, input, output)
    "abs": ("``self = |self|``", "[-1.5, 0.2]", "tensor([1.5000, 0.2000])"),
    "neg": ("``self = -self``", "[1.0, -2.0]", "tensor([-1.,  2.])"),
    "exp": ("``self = e ** self``", "[0.0, 1.0]", "tensor([1.0000, 2.7183])"),
    "log": ("``self = ln(self)``", "[1.0]", "tensor([0.])"),
    "sqrt": ("``self = sqrt(self)``", "[4.0, 9.0]", "tensor([2., 3.])"),
    "tanh": ("``self = tanh(self)``", "[0.0]", "tensor([0.])"),
    "sigmoid": ("``self = 1 / (1 + e ** -self)``", "[0.0]", "tensor([0.5000])"),
    "relu": ("``self = max(self, 0)``", "[-1.0, 2.0]", "tensor([0., 2.])"),
}
for _name, (_what, _before, _after) in _UNARY.items():
    add_docstr(getattr(Tensor, _name + "_"), _INPLACE.format(
        name=_name, what=_what, args="", before=_before, call="", after=_after))

_BINARY = {  # name: (what, Args section, input, call, output)
    "add": ("``self += alpha * other``", "    other (Tensor or number): the addend.\n"
            "    alpha (number): the multiplier of ``other``. Default: 1.\n",
            "[1.0, 2.0]", "10, alpha=2", "tensor([21., 22.])"),
    "sub": ("``self -= alpha * other``", "    other (Tensor or number): the subtrahend.\n"
            "    alpha (number): the multiplier of ``other``. Default: 1.\n",
            "[1.0, 2.0]", "1", "tensor([0., 1.])"),
    "mul": ("``self *= other``", "    other (Tensor or number): the factor.\n",
            "[1.0, 2.0]", "3", "tensor([3., 6.])"),
    "div": ("``self /= other``", "    other (Tensor or number): the divisor.\n"
            "    rounding_mode (str, optional): None, ``'trunc'`` or ``'floor'``, as"
            " :func:`tinytorch.div`.\n", "[3.0, 4.0]", "2", "tensor([1.5000, 2.0000])"),
    "pow": ("``self = self ** exponent``", "    exponent (Tensor or number): the power.\n",
            "[2.0, 3.0]", "2", "tensor([4., 9.])"),
    "clamp": ("clip every element into ``[min, max]``",
              "    min (number or Tensor, optional): the lower bound.\n"
              "    max (number or Tensor, optional): the upper bound.\n",
              "[-2.0, 0.5, 2.0]", "-1, 1", "tensor([-1.0000,  0.5000,  1.0000])"),
    "clip": ("alias of :meth:`clamp_`", "    min (number or Tensor, optional): the lower bound.\n"
             "    max (number or Tensor, optional): the upper bound.\n",
             "[-2.0, 2.0]", "max=1", "tensor([-2.,  1.])"),
    "lerp": ("``self += weight * (end - self)``",
             "    end (Tensor): the end points.\n"
             "    weight (float or Tensor): the interpolation weight.\n",
             "[0.0, 10.0]", "tinytorch.tensor([10.0, 20.0]), 0.5", "tensor([ 5., 15.])"),
    "floor_divide": ("``self //= other`` (rounded toward -inf)",
                     "    other (Tensor or number): the divisor.\n", "[7.0, -7.0]", "2",
                     "tensor([ 3., -4.])"),
    "remainder": ("``self %= other`` (the sign of ``other``)",
                  "    other (Tensor or number): the divisor.\n", "[7.0, -7.0]", "3",
                  "tensor([1., 2.])"),
    "fmod": ("the remainder of ``self / other`` with the sign of ``self``",
             "    other (Tensor or number): the divisor.\n", "[7.0, -7.0]", "3",
             "tensor([ 1., -1.])"),
    "masked_fill": ("set the elements where ``mask`` is True to ``value``",
                    "    mask (BoolTensor): broadcastable to ``self``.\n"
                    "    value (number or 0-d Tensor): the fill value.\n",
                    "[1.0, 2.0]", "tinytorch.tensor([True, False]), 0.0", "tensor([0., 2.])"),
}
for _name, (_what, _args, _before, _call, _after) in _BINARY.items():
    add_docstr(getattr(Tensor, _name + "_"), _INPLACE.format(
        name=_name, what=_what, args="Args:\n" + _args + "\n", before=_before, call=_call,
        after=_after))

add_docstr(Tensor.scatter_, """In-place version of :meth:`scatter`: writes ``src`` (or
``value``) into ``self`` at the positions ``index`` gives along ``dim``.

Args:
    dim (int): the dimension to index.
    index (LongTensor): the target positions, of ``src``'s shape (or smaller).
    src (Tensor, optional): the values to write.
    value (number, optional): a single value to write instead of ``src``.
    reduce (str, optional): ``"add"`` or ``"multiply"`` each value into its position instead
        (deprecated in PyTorch; see :func:`tinytorch.scatter`: no derivative, and the Tensor
        ``src`` form warns once per process).

Returns:
    Tensor: ``self``.

>>> x = tinytorch.zeros(3)
>>> x.scatter_(0, tinytorch.tensor([2, 0]), tinytorch.tensor([5.0, 6.0]))
tensor([6., 0., 5.])
>>> x.scatter_(0, tinytorch.tensor([1, 1]), 2.0, reduce="add")
tensor([6., 4., 5.])
""")

add_docstr(Tensor.scatter_add_, """In-place version of :meth:`scatter_add`: adds ``src`` into
``self`` at the positions ``index`` gives along ``dim`` (repeated positions add up).

Args:
    dim (int): the dimension to index.
    index (LongTensor): the target positions, of ``src``'s shape (or smaller).
    src (Tensor): the values to add.

Returns:
    Tensor: ``self``.

>>> x = tinytorch.zeros(2)
>>> x.scatter_add_(0, tinytorch.tensor([1, 1, 0]), tinytorch.tensor([1.0, 2.0, 3.0]))
tensor([3., 3.])
""")

add_docstr(Tensor.copy_, """Copies the elements of ``src`` into this tensor, in place.

``src`` is broadcast to this tensor's shape, cast to its dtype and moved to its device.
Differentiable with respect to ``src``.

Args:
    src (Tensor or number): the values.
    non_blocking (bool): accepted for PyTorch's signature; the copy is synchronous.

Returns:
    Tensor: ``self``.

>>> x = tinytorch.zeros(2, 2)
>>> x.copy_(tinytorch.tensor([1, 2]))
tensor([[1., 2.],
        [1., 2.]])
""")

add_docstr(Tensor.zero_, """Fills the tensor with zeros, in place.

Returns:
    Tensor: ``self``.

>>> tinytorch.ones(2).zero_()
tensor([0., 0.])
""")

add_docstr(Tensor.fill_, """Fills the tensor with ``value``, in place.

Args:
    value (number or 0-d Tensor): the fill value.

Returns:
    Tensor: ``self``.

>>> tinytorch.zeros(2).fill_(3)
tensor([3., 3.])
""")

add_docstr(Tensor.uniform_, """Fills the tensor with numbers drawn uniformly from ``[a, b)``,
in place.

Args:
    a (float): the lower bound. Default: 0.
    b (float): the upper bound. Default: 1.
    generator (tinytorch.Generator, optional): the generator to draw from; default: the
        device's global generator (seeded by :func:`tinytorch.manual_seed`).

Returns:
    Tensor: ``self``.

>>> x = tinytorch.empty(1000).uniform_(-1, 1)
>>> bool(x.min() >= -1) and bool(x.max() < 1)
True
""")

add_docstr(Tensor.normal_, """Fills the tensor with numbers drawn from a normal distribution,
in place.

Args:
    mean (float): the mean. Default: 0.
    std (float): the standard deviation. Default: 1.
    generator (tinytorch.Generator, optional): the generator to draw from; default: the
        device's global generator.

Returns:
    Tensor: ``self``.

>>> g = tinytorch.Generator().manual_seed(0)
>>> a = tinytorch.empty(3).normal_(generator=g)
>>> b = tinytorch.empty(3).normal_(generator=tinytorch.Generator().manual_seed(0))
>>> tinytorch.equal(a, b)
True
""")

add_docstr(Tensor.div, """Divides by ``other``; see :func:`tinytorch.div`.

Args:
    other (Tensor or number): the divisor.
    rounding_mode (str, optional): None (true division), ``'trunc'`` or ``'floor'``.

Returns:
    Tensor: ``self / other``, rounded as asked.

>>> tinytorch.tensor([7.0, -7.0]).div(2, rounding_mode="floor")
tensor([ 3., -4.])
""")

add_docstr(Tensor.true_divide, """Alias of :meth:`div` without rounding: ``self / other``.

Args:
    other (Tensor or number): the divisor.

Returns:
    Tensor: the quotient (floating point, also for integer inputs).

>>> tinytorch.tensor([1, 2]).true_divide(2)
tensor([0.5000, 1.0000])
""")

add_docstr(Tensor.where, """``tinytorch.where(condition, self, other)``: this tensor's
elements where ``condition`` is True, ``other``'s elsewhere.

Args:
    condition (BoolTensor): broadcastable to the result.
    other (Tensor or number): the values where ``condition`` is False.

Returns:
    Tensor: the selected elements.

>>> x = tinytorch.tensor([1.0, 5.0])
>>> x.where(x > 2, 0.0)
tensor([0., 5.])
""")

_SOFTMAX = """{what} along ``dim``; see :func:`tinytorch.nn.functional.{name}`.

Args:
    dim (int): the dimension the {what_short} is taken over.

Returns:
    Tensor: the same shape as ``self``.

>>> tinytorch.tensor([[1.0, 2.0]]).{name}(1)
{out}
"""
add_docstr(Tensor.softmax, _SOFTMAX.format(
    what="Softmax, ``exp(x) / exp(x).sum(dim)``,", what_short="softmax", name="softmax",
    out="tensor([[0.2689, 0.7311]])"))
add_docstr(Tensor.log_softmax, _SOFTMAX.format(
    what="Log-softmax, ``x - logsumexp(x, dim)``,", what_short="log-softmax",
    name="log_softmax", out="tensor([[-1.3133, -0.3133]])"))

add_docstr(Tensor.allclose, """Returns True if every element is close to ``other``'s:
``|self - other| <= atol + rtol * |other|``; see :func:`tinytorch.allclose`.

Args:
    other (Tensor): the tensor to compare with (broadcastable).
    rtol (float): relative tolerance. Default: 1e-05.
    atol (float): absolute tolerance. Default: 1e-08.
    equal_nan (bool): count two NaNs as equal. Default: False.

Returns:
    bool: whether all elements are close.

>>> tinytorch.tensor([1.0]).allclose(tinytorch.tensor([1.0 + 1e-9]))
True
""")

_REDUCE = """{what}; see :func:`tinytorch.{name}`.

Args:
{args}    keepdim (bool): keep the reduced dimensions with size 1. Default: False.{extra}

Returns:
    Tensor: the reduced tensor.

>>> x = tinytorch.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> x.{call}
{out}
"""
_DIM = "    dim (int or tuple of ints, optional): the dimensions to reduce; {d}.\n"
add_docstr(Tensor.amax, _REDUCE.format(
    what="Maximum over ``dim`` (gradient split evenly among tied maxima)", name="amax",
    args=_DIM.format(d="default: all"), extra="", call="amax(0)", out="tensor([3., 4.])"))
add_docstr(Tensor.amin, _REDUCE.format(
    what="Minimum over ``dim`` (gradient split evenly among tied minima)", name="amin",
    args=_DIM.format(d="default: all"), extra="", call="amin(1)", out="tensor([1., 3.])"))
add_docstr(Tensor.prod, _REDUCE.format(
    what="Product of the elements over ``dim``", name="prod",
    args="    dim (int, optional): the dimension to reduce; None reduces all.\n",
    extra="\n    dtype (tinytorch.dtype, optional): the dtype to compute and return in.",
    call="prod(1)", out="tensor([ 2., 12.])"))
_CORRECTION = ("    unbiased (bool, optional): PyTorch's older spelling of ``correction`` (True"
               " is 1).\n")
_CORRECTION_KW = ("\n    correction (int, optional): subtract this from the count (Bessel's"
                  " correction). Default: 1.")
add_docstr(Tensor.var, _REDUCE.format(
    what="Variance over ``dim``", name="var",
    args=_DIM.format(d="default: all") + _CORRECTION, extra=_CORRECTION_KW, call="var(0)",
    out="tensor([2., 2.])"))
add_docstr(Tensor.std, _REDUCE.format(
    what="Standard deviation over ``dim``", name="std",
    args=_DIM.format(d="default: all") + _CORRECTION, extra=_CORRECTION_KW, call="std()",
    out="tensor(1.2910)"))
add_docstr(Tensor.norm, _REDUCE.format(
    what="Vector or matrix norm over ``dim``", name="norm",
    args="    p (float or str): the order, or ``'fro'`` (the default: the 2-norm of all the"
         " elements).\n" + _DIM.format(d="default: all"),
    extra="\n    dtype (tinytorch.dtype, optional): the dtype to compute and return in.",
    call="norm()", out="tensor(5.4772)"))

add_docstr(Tensor.view, """Returns a tensor with the same data in another shape, sharing storage.

One size may be -1 (inferred). Like PyTorch, it raises where the data's strides cannot give
the new shape without a copy; :meth:`reshape` copies then instead.

Args:
    *shape (int or sequence of ints): the new shape.

Returns:
    Tensor: a view of ``self``.

Raises:
    RuntimeError: if the number of elements differs, or the view needs a copy.

>>> tinytorch.arange(6).view(2, -1)
tensor([[0, 1, 2],
        [3, 4, 5]])
""")

add_docstr(Tensor.view_as, """Returns ``self.view(other.shape)``.

Args:
    other (Tensor): the tensor whose shape to take.

Returns:
    Tensor: a view of ``self``.

>>> tinytorch.arange(4).view_as(tinytorch.zeros(2, 2)).shape
torch.Size([2, 2])
""")

add_docstr(Tensor.reshape, """Returns a tensor with the same data in another shape: a view
where the strides allow, else a copy.

Args:
    *shape (int or sequence of ints): the new shape; one size may be -1 (inferred).

Returns:
    Tensor: the reshaped tensor.

>>> tinytorch.arange(6).reshape((3, 2)).shape
torch.Size([3, 2])
""")

add_docstr(Tensor.reshape_as, """Returns ``self.reshape(other.shape)``.

Args:
    other (Tensor): the tensor whose shape to take.

Returns:
    Tensor: the reshaped tensor.

>>> tinytorch.arange(4).reshape_as(tinytorch.zeros(4, 1)).shape
torch.Size([4, 1])
""")

add_docstr(Tensor.permute, """Returns a view with the dimensions reordered.

Args:
    *dims (int or sequence of ints): the new order of the dimensions.

Returns:
    Tensor: a view of ``self``.

>>> tinytorch.zeros(2, 3, 4).permute(2, 0, 1).shape
torch.Size([4, 2, 3])
""")

add_docstr(Tensor.swapaxes, """Alias of :meth:`transpose`: swaps two dimensions (a view).

Args:
    axis0 (int): a dimension.
    axis1 (int): the other.

Returns:
    Tensor: a view of ``self``.

>>> tinytorch.zeros(2, 3).swapaxes(0, 1).shape
torch.Size([3, 2])
""")

add_docstr(Tensor.expand, """Returns a view with size-1 dimensions repeated to a larger size
(no copy); new leading dimensions may be added.

Args:
    *sizes (int or sequence of ints): the new sizes; -1 keeps a dimension's size.

Returns:
    Tensor: a view of ``self``; do not write into it.

>>> tinytorch.tensor([[1], [2]]).expand(2, 3)
tensor([[1, 1, 1],
        [2, 2, 2]])
""")

add_docstr(Tensor.expand_as, """Returns ``self.expand(other.shape)``.

Args:
    other (Tensor): the tensor whose shape to take.

Returns:
    Tensor: a view of ``self``.

>>> tinytorch.tensor([1, 2]).expand_as(tinytorch.zeros(2, 2))
tensor([[1, 2],
        [1, 2]])
""")

add_docstr(Tensor.broadcast_to, """Returns ``self.expand(*sizes)``: ``self`` broadcast to the given
shape, as :func:`tinytorch.broadcast_to`.

Args:
    *sizes (int or sequence of ints): the shape, as separate ints or one sequence.

Returns:
    Tensor: a view of ``self``.

>>> tinytorch.tensor([1, 2]).broadcast_to(2, 2)
tensor([[1, 2],
        [1, 2]])
""")

add_docstr(Tensor.squeeze, """Returns the tensor without its size-1 dims (all of them, or
those in ``dim``): a view. As in PyTorch the dims may also be given one by one,
``x.squeeze(0, 2)``.

Args:
    dim (int or tuple of ints, optional): the dims to drop where their size is 1. Default:
        every size-1 dim.

Returns:
    Tensor: a view of this tensor.

Raises:
    IndexError: a dim is out of range.
    TypeError: dims given both one by one and as ``dim=``.

>>> tinytorch.zeros(2, 1, 3, 1).squeeze(1, 3).shape
torch.Size([2, 3])
""")

add_docstr(Tensor.tile, """Returns the tensor repeated ``dims`` times along each dim (leading
dims of 1 added to whichever is shorter): :func:`tinytorch.tile` as a method, whose dims may
also be given one by one, ``x.tile(2, 1)``.

Args:
    dims (tuple of ints): the repetitions per dim.

Returns:
    Tensor: a new tensor.

Raises:
    TypeError: dims given both one by one and as ``dims=``.

>>> tinytorch.tensor([1, 2]).tile(2, 1)
tensor([[1, 2],
        [1, 2]])
""")

add_docstr(Tensor.flip, """Returns a copy of the tensor reversed along ``dims``:
:func:`tinytorch.flip` as a method, whose dims may also be given one by one, ``x.flip(0, 1)``.

Args:
    dims (int or tuple of ints): the dims to reverse.

Returns:
    Tensor: a new tensor.

Raises:
    IndexError: a dim is out of range.
    RuntimeError: a dim is given twice.
    TypeError: dims given both one by one and as ``dims=``.

>>> tinytorch.tensor([[1, 2], [3, 4]]).flip(0, 1)
tensor([[4, 3],
        [2, 1]])
""")

add_docstr(Tensor.repeat, """Returns the tensor tiled ``sizes`` times along each dimension
(a copy; :meth:`expand` is the view).

Args:
    *sizes (int or sequence of ints): the repetitions per dimension; at least ``self.dim()``
        of them (extra ones add leading dimensions).

Returns:
    Tensor: the repeated tensor.

>>> tinytorch.tensor([1, 2]).repeat(2, 2)
tensor([[1, 2, 1, 2],
        [1, 2, 1, 2]])
""")

add_docstr(Tensor.split, """Splits the tensor into views along ``dim``; see
:func:`tinytorch.split`.

Args:
    split_size (int or list of ints): the size of each chunk (the last may be smaller), or
        the list of sizes.
    dim (int): the dimension to split. Default: 0.

Returns:
    tuple of Tensor: the chunks.

>>> tinytorch.arange(5).split(2)
(tensor([0, 1]), tensor([2, 3]), tensor([4]))
""")

add_docstr(Tensor.scatter, """Out-of-place :meth:`scatter_`: a copy of ``self`` with ``src``
(or ``value``) written at the positions ``index`` gives along ``dim``.

Args:
    dim (int): the dimension to index.
    index (LongTensor): the target positions.
    src (Tensor, optional): the values to write.
    value (number, optional): a single value to write instead of ``src``.
    reduce (str, optional): ``"add"`` or ``"multiply"`` each value into its position instead
        (deprecated in PyTorch; see :func:`tinytorch.scatter`).

Returns:
    Tensor: the new tensor.

>>> tinytorch.zeros(3).scatter(0, tinytorch.tensor([1]), value=2.0)
tensor([0., 2., 0.])
>>> tinytorch.ones(3).scatter(0, tinytorch.tensor([1, 1]), value=3.0, reduce="multiply")
tensor([1., 9., 1.])
""")
