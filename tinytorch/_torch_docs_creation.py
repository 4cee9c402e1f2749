"""Docstrings of the creation functions (``tinytorch/_creation.py``), attached at import as in
``tinytorch/_torch_docs_pointwise.py``: the factories and their ``*_like`` forms share their
argument texts, so each family has one text here.
"""

from tinytorch import _creation
from tinytorch._tensor_docs import add_docstr

_DEFAULT_FLOAT = "the default float dtype (:func:`tinytorch.get_default_dtype`)"


def _factory_args(dtype_default=_DEFAULT_FLOAT):
    """The Args lines of ``dtype``, ``device`` and ``requires_grad``."""
    return f"""    dtype (tinytorch.dtype, optional): the desired data type.
        Default: {dtype_default}.
    layout (tinytorch.layout, optional): only ``tinytorch.strided`` (the default), the one
        layout tinytorch has.
    device (str or tinytorch.device, optional): the desired device. Default: the CPU.
    requires_grad (bool): whether autograd records operations on the result.
        Default: ``False``.
"""


_SIZE_ARG = """    *size (int...): the shape: several ints, or one list, tuple or
        :class:`tinytorch.Size`.
"""

_FACTORY_DOC = """Returns a tensor {what}, of the shape given by ``size``.

Args:
{size}{args}
Returns:
    Tensor: the new tensor.
{raises}
>>> tinytorch.{name}(2, 3){check}
{output}
"""
_FACTORIES = {  # name: (what, what the example shows, its output)
    "zeros": ("filled with the scalar value 0", "", "tensor([[0., 0., 0.],\n"
              "        [0., 0., 0.]])"),
    "ones": ("filled with the scalar value 1", "", "tensor([[1., 1., 1.],\n"
             "        [1., 1., 1.]])"),
    "empty": ("of uninitialized data", ".shape", "torch.Size([2, 3])"),
    "rand": ("of random numbers from a uniform distribution on ``[0, 1)``",
             ".shape", "torch.Size([2, 3])"),
    "randn": ("of random numbers from the standard normal distribution",
              ".shape", "torch.Size([2, 3])"),
}
_GENERATOR_ARG = ("    generator (tinytorch.Generator, optional): the source of randomness."
                  " Default: the\n        device's default generator.\n")
_PIN_ARG = "    pin_memory (bool): accepted for compatibility; ignored.\n"
_EMPTY_ARGS = _PIN_ARG + """    memory_format (tinytorch.memory_format): the layout:
        ``contiguous_format`` (the default) or ``channels_last`` (4-D) /
        ``channels_last_3d`` (5-D).
"""
for _name, (_what, _check, _output) in _FACTORIES.items():
    add_docstr(getattr(_creation, _name), _FACTORY_DOC.format(
        what=_what, size=_SIZE_ARG,
        args=(_GENERATOR_ARG if _name.startswith("rand") else "") + _factory_args()
        + (_PIN_ARG if _name.startswith("rand") else _EMPTY_ARGS if _name == "empty" else ""),
        name=_name, check=_check, output=_output, raises="" if _name != "empty" else """
Raises:
    RuntimeError: ``preserve_format``, or a channels-last format of another rank.
"""))

add_docstr(_creation.full, """Returns a tensor of size ``size`` filled with ``fill_value``.

Args:
    size (sequence of ints): the shape.
    fill_value (Number): the value; without ``dtype``, it also gives the data type (bool,
        int64 or the default float dtype), as in PyTorch.
""" + _factory_args("inferred from ``fill_value``") + """
Returns:
    Tensor: the new tensor.

>>> tinytorch.full((2, 2), 7)
tensor([[7, 7],
        [7, 7]])
""")

_LIKE_DOC = """Returns a tensor {what}, of the same size as ``input``: ``{call}`` with
``input``'s dtype and device unless given.

Args:
    input (Tensor): the tensor whose size (and by default dtype and device) to use.
{extra}    dtype (tinytorch.dtype, optional): the desired data type. Default: ``input``'s.
    layout (tinytorch.layout, optional): only ``tinytorch.strided``, the one layout.
    device (str or tinytorch.device, optional): the desired device. Default: ``input``'s.
    requires_grad (bool): whether autograd records operations on the result.
        Default: ``False``.
    memory_format (tinytorch.memory_format): the result's layout. Default:
        ``preserve_format``: ``input``'s strides where ``input`` is dense (a transposed or
        channels-last ``input`` gives a result laid out so), else contiguous.

Returns:
    Tensor: the new tensor.

>>> tinytorch.{name}(tinytorch.zeros(2, 3){example}){check}
{output}
"""
_LIKE = {  # name: (what, the call it equals, extra Args, example args, check, output)
    "zeros_like": ("filled with the scalar value 0", "tinytorch.zeros(input.size())", "",
                   "", "", "tensor([[0., 0., 0.],\n        [0., 0., 0.]])"),
    "ones_like": ("filled with the scalar value 1", "tinytorch.ones(input.size())", "",
                  "", "", "tensor([[1., 1., 1.],\n        [1., 1., 1.]])"),
    "empty_like": ("of uninitialized data", "tinytorch.empty(input.size())", "", "",
                   ".shape", "torch.Size([2, 3])"),
    "full_like": ("filled with ``fill_value``", "tinytorch.full(input.size(), fill_value)",
                  "    fill_value (Number): the value to fill it with.\n", ", 7", "",
                  "tensor([[7., 7., 7.],\n        [7., 7., 7.]])"),
    "rand_like": ("of random numbers from a uniform distribution on ``[0, 1)``",
                  "tinytorch.rand(input.size())", "", "", ".shape", "torch.Size([2, 3])"),
    "randn_like": ("of random numbers from the standard normal distribution",
                   "tinytorch.randn(input.size())", "", "", ".shape", "torch.Size([2, 3])"),
    "randint_like": ("of random integers from ``[low, high)``",
                     "tinytorch.randint(low, high, input.size())",
                     "    low (int): the lowest integer drawn; with one bound given, it is"
                     " ``high`` and\n        ``low`` is 0. Default: 0.\n"
                     "    high (int): one above the highest integer drawn.\n",
                     ", 5", ".shape", "torch.Size([2, 3])"),
}
for _name, (_what, _call, _extra, _example, _check, _output) in _LIKE.items():
    add_docstr(getattr(_creation, _name), _LIKE_DOC.format(
        what=_what, call=_call, extra=_extra, name=_name, example=_example, check=_check,
        output=_output))

add_docstr(_creation.tensor, """Constructs a tensor with no autograd history by copying ``data``.

Args:
    data (array_like): the initial data: a number, nested lists or tuples, a NumPy array, a
        tensor (or lists of 0-d tensors).
    dtype (tinytorch.dtype, optional): the desired data type. Default: inferred from
        ``data`` as in PyTorch (bool, int64, or the default float dtype; an array's or
        tensor's own dtype).
    device (str or tinytorch.device, optional): the desired device. Default: ``data``'s for a
        tensor, else the CPU.
    requires_grad (bool): whether autograd records operations on the result.
        Default: ``False``.
    pin_memory (bool): accepted for compatibility; ignored.

Returns:
    Tensor: a new tensor holding a copy of ``data``.

Raises:
    ValueError: nested lists of uneven lengths (``expected sequence of length 2 at dim 1
        (got 1)``), or a string where PyTorch reads a dimension.
    TypeError: a string or another non-number among the numbers.
    RuntimeError: a value out of an integer ``dtype``'s range.

>>> tinytorch.tensor([[1, 2], [3, 4]])
tensor([[1, 2],
        [3, 4]])
>>> tinytorch.tensor([0.5, 1]).dtype
tinytorch.float32
""")

add_docstr(_creation.as_tensor, """Converts ``data`` into a tensor, sharing memory when it
can: a tensor of the requested dtype and device is returned as is, and a NumPy array becomes
a CPU tensor over the same memory (see :func:`from_numpy`); anything else is copied as by
:func:`tensor`.

Args:
    data (array_like): the initial data.
    dtype (tinytorch.dtype, optional): the desired data type. Default: ``data``'s.
    device (str or tinytorch.device, optional): the desired device. Default: ``data``'s.

Returns:
    Tensor: the tensor.

>>> import numpy
>>> a = numpy.array([1.0, 2.0])
>>> t = tinytorch.as_tensor(a)
>>> a[0] = 5.0
>>> t
tensor([5., 2.], dtype=tinytorch.float64)
""")

add_docstr(_creation.asarray, """Converts ``obj`` into a tensor (PyTorch's ``torch.asarray``),
sharing memory unless a conversion or ``copy=True`` needs a copy: a tensor of the requested
dtype and device is returned as is, a NumPy array becomes a CPU tensor over its memory, and a
number or a (nested) sequence is copied as by :func:`tensor`.

Args:
    obj (object): a tensor, a NumPy array, a number, or a sequence of them.

Keyword args:
    dtype (tinytorch.dtype, optional): the desired data type. Default: ``obj``'s (inferred
        as by :func:`tensor` for Python data).
    device (str or tinytorch.device, optional): the desired device. Default: ``obj``'s.
    copy (bool, optional): True always copies; False never does and raises ValueError where
        it would have to; None (default) copies only when it must.
    requires_grad (bool, optional): whether the result requires grad. Default: None, which
        keeps ``obj``'s (a tensor returned as is is changed in place, as in PyTorch).

Returns:
    Tensor: the tensor.

Raises:
    ValueError: ``copy=False`` where a copy is needed.

>>> import numpy
>>> a = numpy.array([1.0, 2.0], dtype=numpy.float32)
>>> t = tinytorch.asarray(a)
>>> a[0] = 5.0
>>> t
tensor([5., 2.])
>>> tinytorch.asarray([1, 2], dtype=tinytorch.float64)
tensor([1., 2.], dtype=tinytorch.float64)
""")

add_docstr(_creation.from_numpy, """Creates a CPU tensor from a NumPy array, sharing its
memory: changes to one show in the other.

Args:
    ndarray (numpy.ndarray): the array.

Returns:
    Tensor: a tensor of the array's dtype and shape.

Raises:
    TypeError: ``ndarray`` is not an array, or its dtype has no tinytorch dtype.

>>> import numpy
>>> tinytorch.from_numpy(numpy.arange(3))
tensor([0, 1, 2])
""")

add_docstr(_creation.from_dlpack, """Converts a tensor from an external library (NumPy, CuPy,
PyTorch ...) into a tinytorch tensor through DLPack, sharing its memory.

Args:
    ext_tensor (object): an object with ``__dlpack__`` and ``__dlpack_device__``.

Returns:
    Tensor: a tensor on the CPU or the producer's CUDA device.

>>> import numpy
>>> tinytorch.from_dlpack(numpy.ones(2))
tensor([1., 1.], dtype=tinytorch.float64)
""")

add_docstr(_creation.arange, """Returns a 1-D tensor of the values from ``start`` to ``end``
(excluded), taken with step ``step``: ``arange(end)`` starts at 0.

Args:
    start (Number): the first value (or ``end``, when ``end`` is not given).
    end (Number, optional): the end of the interval, not included.
    step (Number): the gap between neighbouring values. Default: 1.
""" + _factory_args("int64 when ``start``, ``end`` and ``step`` are all ints,"
                  " else the default float dtype") + """
Returns:
    Tensor: the values.

Raises:
    RuntimeError: ``step`` is 0, or its sign does not lead from ``start`` to ``end``
        (PyTorch's messages).

>>> tinytorch.arange(5)
tensor([0, 1, 2, 3, 4])
>>> tinytorch.arange(1, 2.5, 0.5)
tensor([1.0000, 1.5000, 2.0000])
""")

add_docstr(_creation.linspace, """Returns a 1-D tensor of ``steps`` values evenly spaced from
``start`` to ``end``, both included.

Args:
    start (Number): the first value.
    end (Number): the last value.
    steps (int): the number of values.
""" + _factory_args() + """
Returns:
    Tensor: the values, as PyTorch computes them on the CPU, bit for bit (the first half from
    ``start``, the rest from ``end``; see NOTE [linspace's rounding]).

Raises:
    TypeError: ``steps`` is not an int.
    RuntimeError: ``steps`` is negative, or ``start`` or ``end`` does not fit the dtype
        (PyTorch's messages).
    NotImplementedError: ``dtype`` is bool.

>>> tinytorch.linspace(3, 10, steps=5)
tensor([ 3.0000,  4.7500,  6.5000,  8.2500, 10.0000])
""")

add_docstr(_creation.eye, """Returns a 2-D tensor with ones on the diagonal and zeros
elsewhere.

Args:
    n (int): the number of rows.
    m (int, optional): the number of columns. Default: ``n``.
""" + _factory_args() + """
Returns:
    Tensor: the (n, m) matrix.

Raises:
    RuntimeError: ``n`` or ``m`` is negative (PyTorch's message).

>>> tinytorch.eye(2, 3)
tensor([[1., 0., 0.],
        [0., 1., 0.]])
""")

add_docstr(_creation.randint, """Returns a tensor of random integers drawn uniformly from
``[low, high)``, of shape ``size``; ``randint(high, size)`` draws from ``[0, high)``.

Args:
    low (int): the lowest integer drawn. Default: 0.
    high (int): one above the highest integer drawn.
    size (tuple of ints): the shape.
""" + _GENERATOR_ARG + _factory_args("int64") + """
Returns:
    Tensor: the integers.

Raises:
    TypeError: ``high`` or ``size`` is missing.
    RuntimeError: ``low >= high``.

>>> x = tinytorch.randint(3, 10, (2, 2))
>>> x.shape, bool(((x >= 3) & (x < 10)).all())
(torch.Size([2, 2]), True)
""")

add_docstr(_creation.randperm, """Returns a random permutation of the integers from 0 to
``n - 1``.

Args:
    n (int): the number of integers.
""" + _GENERATOR_ARG + _factory_args("int64") + """
Returns:
    Tensor: the permutation, 1-D.

>>> sorted(tinytorch.randperm(4).tolist())
[0, 1, 2, 3]
""")
