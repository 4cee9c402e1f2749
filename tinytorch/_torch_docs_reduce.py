"""Docstrings of the reductions (``tinytorch/_ops/reduction.py``), attached at import as in
``tinytorch/_torch_docs_pointwise.py``: reduction.py is near the size limit, and the
reductions share their ``dim`` and ``keepdim`` texts.
"""

from tinytorch._ops import reduction
from tinytorch._tensor_docs import add_docstr

_INPUT = "    input (Tensor): the input tensor.\n"
_DIMS = ("    dim (int or tuple of ints, optional): the dimension or dimensions to reduce;"
         " all of them\n        when None (the default).\n")
_DIM = "    dim (int): the dimension to reduce.\n"
_KEEPDIM = ("    keepdim (bool): whether the output keeps the reduced dimensions, with size 1."
            "\n        Default: ``False``.\n")
_DTYPE = ("    dtype (tinytorch.dtype, optional): cast ``input`` to this dtype first (the"
          " accumulation\n        and result dtype).\n")

_REDUCE_DOC = """{summary}

Args:
{args}
Returns:
    Tensor: {returns}
{raises}
>>> x = tinytorch.tensor({x})
>>> tinytorch.{name}(x)
{all_out}
>>> tinytorch.{name}(x, {dim_args})
{dim_out}
"""

_REDUCE = {  # name: (summary, Args, Returns, Raises, x, all output, dim args, dim output)
    "sum": ("Returns the sum of the elements of ``input`` over ``dim``. Integer and bool"
            " inputs sum in int64, as in PyTorch.", _INPUT + _DIMS + _KEEPDIM + _DTYPE,
            "the sums.", "", "[[1, 2], [3, 4]]", "tensor(10)", "dim=0", "tensor([4, 6])"),
    "mean": ("Returns the mean of the elements of ``input`` over ``dim``; ``input`` must be"
             " floating point (or ``dtype`` given), as in PyTorch.",
             _INPUT + _DIMS + _KEEPDIM + _DTYPE, "the means.",
             "\nRaises:\n    RuntimeError: ``input`` is not floating point (PyTorch's"
             " message).\n", "[[1., 2.], [3., 4.]]", "tensor(2.5000)", "dim=1, keepdim=True",
             "tensor([[1.5000],\n        [3.5000]])"),
    "prod": ("Returns the product of the elements of ``input`` over one dimension (all of"
             " them when ``dim`` is None). Integer and bool inputs multiply in int64.",
             _INPUT + "    dim (int, optional): the dimension to reduce; all when None (the"
             " default).\n" + _KEEPDIM + _DTYPE, "the products.", "",
             "[[1., 2.], [3., 4.]]", "tensor(24.)", "1", "tensor([ 2., 12.])"),
    "all": ("Tests whether all elements of ``input`` over ``dim`` are nonzero (True).",
            _INPUT + _DIMS + _KEEPDIM, "a bool tensor. Not differentiable.", "",
            "[[True, False], [True, True]]", "tensor(False)", "dim=1",
            "tensor([False,  True])"),
    "any": ("Tests whether any element of ``input`` over ``dim`` is nonzero (True).",
            _INPUT + _DIMS + _KEEPDIM, "a bool tensor. Not differentiable.", "",
            "[[0, 0], [0, 3]]", "tensor(True)", "dim=1", "tensor([False,  True])"),
    "amax": ("Returns the maximum of the elements of ``input`` over ``dim``; ties share the"
             " gradient evenly (unlike :func:`max`, which gives it to one index).",
             _INPUT + _DIMS.replace("None (the default)", "``()`` (the default)") + _KEEPDIM,
             "the maxima.", "", "[[1., 5.], [3., 2.]]", "tensor(5.)", "dim=0",
             "tensor([3., 5.])"),
    "amin": ("Returns the minimum of the elements of ``input`` over ``dim``; ties share the"
             " gradient evenly (unlike :func:`min`, which gives it to one index).",
             _INPUT + _DIMS.replace("None (the default)", "``()`` (the default)") + _KEEPDIM,
             "the minima.", "", "[[1., 5.], [3., 2.]]", "tensor(1.)", "dim=0",
             "tensor([1., 2.])"),
    "argmax": ("Returns the index of the (first) maximum of ``input`` over ``dim``, or of the"
               " flattened tensor when ``dim`` is None.", _INPUT + "    dim (int, optional):"
               " the dimension to reduce; the flattened tensor when None.\n" + _KEEPDIM,
               "the int64 indices. Not differentiable.", "", "[[1., 5.], [3., 2.]]",
               "tensor(1)", "dim=1", "tensor([1, 0])"),
    "argmin": ("Returns the index of the (first) minimum of ``input`` over ``dim``, or of the"
               " flattened tensor when ``dim`` is None.", _INPUT + "    dim (int, optional):"
               " the dimension to reduce; the flattened tensor when None.\n" + _KEEPDIM,
               "the int64 indices. Not differentiable.", "", "[[1., 5.], [3., 2.]]",
               "tensor(0)", "dim=1", "tensor([0, 1])"),
}
for _name, (_summary, _args, _returns, _raises, _x, _all, _dim_args, _dim_out) \
        in _REDUCE.items():
    add_docstr(getattr(reduction, _name), _REDUCE_DOC.format(
        summary=_summary, args=_args, returns=_returns, raises=_raises, x=_x, name=_name,
        all_out=_all, dim_args=_dim_args, dim_out=_dim_out))

_VAR_DOC = """Returns the {what} of the elements of ``input`` over ``dim``: {formula}, with
``N`` the number of elements reduced and Bessel's correction (``correction=1``) by default.

``{name}(input, False)``, PyTorch's older signature, is taken as ``unbiased=False``.

Args:
    input (Tensor): a floating-point tensor.
""" + _DIMS + """    unbiased (bool, optional): ``False`` means ``correction=0``; give it or
        ``correction``, not both.
""" + _KEEPDIM + """    correction (int, optional): the difference between ``N`` and the divisor.
        Default: 1.

Returns:
    Tensor: the {what}s.

>>> tinytorch.{name}(tinytorch.tensor([1., 2., 3., 4.]))
{output}
>>> tinytorch.{name}(tinytorch.tensor([1., 2., 3., 4.]), correction=0)
{output0}
"""
add_docstr(reduction.var, _VAR_DOC.format(
    what="variance", formula="``sum((x - mean)**2) / (N - correction)``", name="var",
    output="tensor(1.6667)", output0="tensor(1.2500)"))
add_docstr(reduction.std, _VAR_DOC.format(
    what="standard deviation", formula="the square root of :func:`var`", name="std",
    output="tensor(1.2910)", output0="tensor(1.1180)"))

_VAR_MEAN_DOC = """Returns the {what} and the mean of the elements of ``input`` over ``dim``, as
the tuple ``({name}(input, dim, ...), mean(input, dim, keepdim))``; the arguments are
:func:`{name}`'s (Bessel's correction, ``correction=1``, by default).

Args:
    input (Tensor): a floating-point tensor.
""" + _DIMS + """    unbiased (bool, optional): ``False`` means ``correction=0``; give it or
        ``correction``, not both.
""" + _KEEPDIM + """    correction (int, optional): the difference between ``N`` and the divisor.
        Default: 1.

Returns:
    tuple: ({what}, mean), two tensors.

>>> tinytorch.{name}_mean(tinytorch.tensor([1., 2., 3., 4.]))
({output}, tensor(2.5000))
"""
add_docstr(reduction.var_mean, _VAR_MEAN_DOC.format(what="variance", name="var",
                                                    output="tensor(1.6667)"))
add_docstr(reduction.std_mean, _VAR_MEAN_DOC.format(what="standard deviation", name="std",
                                                    output="tensor(1.2910)"))

_MAX_DOC = """Returns the {what} of ``input``, in one of three forms (PyTorch's overloads):

* ``{name}(input)``: the {what} of all elements, a 0-d tensor;
* ``{name}(input, dim, keepdim=False)``: a named tuple ``(values, indices)`` of the {what}
  over ``dim`` and the index of the first one (the gradient goes to that index);
* ``{name}(input, other)`` with a Tensor ``other``: the elementwise :func:`{pair}`.

Args:
    input (Tensor): the input tensor.
    dim (int or Tensor, optional): the dimension to reduce, or the Tensor to compare with.
""" + _KEEPDIM + """
Returns:
    Tensor or (Tensor, Tensor): as above.

>>> x = tinytorch.tensor([[1., 5.], [3., 2.]])
>>> tinytorch.{name}(x)
{all_out}
>>> tinytorch.{name}(x, dim=1)
{dim_out}
"""
add_docstr(reduction.max, _MAX_DOC.format(
    what="maximum", name="max", pair="maximum", all_out="tensor(5.)",
    dim_out="torch.return_types.max(\nvalues=tensor([5., 3.]),\nindices=tensor([1, 0]))"))
add_docstr(reduction.min, _MAX_DOC.format(
    what="minimum", name="min", pair="minimum", all_out="tensor(1.)",
    dim_out="torch.return_types.min(\nvalues=tensor([1., 2.]),\nindices=tensor([0, 1]))"))

add_docstr(reduction.logsumexp, """Returns ``log(sum(exp(input), dim))``, computed stably
(shifted by the maximum, so large inputs do not overflow). Integer inputs compute in the
default float dtype.

Args:
    input (Tensor): the input tensor.
    dim (int or tuple of ints): the dimension or dimensions to reduce.
""" + _KEEPDIM + """
Returns:
    Tensor: the result.

>>> tinytorch.logsumexp(tinytorch.tensor([100., 100.]), 0)  # exp(100) overflows float32
tensor(100.6931)
""")

add_docstr(reduction.cumsum, """Returns the cumulative sum of the elements of ``input`` along
``dim``: ``out[i] = input[0] + ... + input[i]``. Integer and bool inputs accumulate in int64.

Args:
    input (Tensor): the input tensor.
    dim (int): the dimension to accumulate along.
    dtype (tinytorch.dtype, optional): cast ``input`` to this dtype first.

Returns:
    Tensor: the running sums, of ``input``'s shape.

>>> tinytorch.cumsum(tinytorch.tensor([1, 2, 3, 4]), dim=0)
tensor([ 1,  3,  6, 10])
""")

add_docstr(reduction.norm, """Returns the vector p-norm of ``input`` over ``dim`` (all of its
elements when None): ``sum(|x|**p) ** (1/p)``, the largest ``|x|`` for ``inf`` and the
smallest for ``-inf``. Matrix norms other than Frobenius (``'nuc'``, a matrix ``p``) are not
supported.

Args:
    input (Tensor): a floating-point tensor.
    p (float or str): the order: ``'fro'`` (the default, the 2-norm of the elements), a
        number, ``inf`` or ``-inf``.
""" + _DIMS + _KEEPDIM + _DTYPE + """
Returns:
    Tensor: the norms.

Raises:
    RuntimeError: ``input`` is not floating point, ``p`` is another string, ``'fro'`` is
        given more than two dims, or an infinite ``p`` meets an empty reduction.

>>> tinytorch.norm(tinytorch.tensor([3., 4.]))
tensor(5.)
>>> tinytorch.norm(tinytorch.tensor([3., -4.]), p=float("inf"))
tensor(4.)
""")
