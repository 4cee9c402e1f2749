"""Docstrings of ``Tensor``'s one-line methods (conversion, metadata, autograd), kept here so
that ``_tensor.py`` stays one line per method, as PyTorch keeps ``torch/_tensor_docs.py``.

Each text is attached once, at import, to a method that has none; ``help(Tensor.backward)``
and the API reference read it from ``__doc__``. The in-place and shape methods are in
``tinytorch/_tensor_docs_ops.py``.
"""

from tinytorch._tensor import Tensor


def add_docstr(method, doc):
    """Attach ``doc`` to ``method`` (a function or method: of ``Tensor``, ``tinytorch``,
    ``nn.functional``, a module or Keras' ``Model``), which must have none."""
    if method.__doc__:
        raise RuntimeError(f"{method.__qualname__} already has a docstring")
    method.__doc__ = doc


def _cast_doc(dtype):
    return f"""Returns ``self.to(tinytorch.{dtype})``: this tensor as {dtype} (itself if it already
is). Differentiable for floating dtypes.

Returns:
    Tensor: a {dtype} tensor on the same device.

>>> tinytorch.tensor([1.7, -2.0]).{_CASTS[dtype]}().dtype
tinytorch.{dtype}
"""


_CASTS = {"float32": "float", "float64": "double", "float16": "half", "bfloat16": "bfloat16",
          "int64": "long", "int32": "int", "bool": "bool"}
for _dtype_name, _method in _CASTS.items():
    add_docstr(getattr(Tensor, _method), _cast_doc(_dtype_name))

add_docstr(Tensor.size, """Returns the size of the tensor, or of one dimension.

Args:
    dim (int, optional): a dimension (negative counts from the end). ``None`` (the default)
        returns every dimension's size.

Returns:
    tinytorch.Size or int: the shape (a tuple subclass), or the size of ``dim``.

>>> x = tinytorch.zeros(2, 3)
>>> x.size()
torch.Size([2, 3])
>>> x.size(-1)
3
""")

add_docstr(Tensor.dim, """Returns the number of dimensions (the same as :attr:`ndim`).

Returns:
    int: the number of dimensions.

>>> tinytorch.zeros(2, 3).dim()
2
""")

add_docstr(Tensor.numel, """Returns the number of elements.

Returns:
    int: the product of the sizes.

>>> tinytorch.zeros(2, 3).numel()
6
""")

add_docstr(Tensor.nelement, """Alias of :meth:`numel`: the number of elements.

Returns:
    int: the product of the sizes.

>>> tinytorch.zeros(4).nelement()
4
""")

add_docstr(Tensor.element_size, """Returns the size in bytes of one element.

Returns:
    int: the dtype's item size.

>>> tinytorch.zeros(1, dtype=tinytorch.float64).element_size()
8
""")

add_docstr(Tensor.is_floating_point, """Returns True if the dtype is a floating-point type.

Returns:
    bool: True for float16, bfloat16, float32 and float64.

>>> tinytorch.tensor([1, 2]).is_floating_point()
False
""")

add_docstr(Tensor.is_contiguous, """Returns True if the elements are laid out in row-major
order without gaps (as :meth:`contiguous` makes them), or as ``memory_format`` says.

Args:
    memory_format (tinytorch.memory_format): the layout asked about. Default:
        ``tinytorch.contiguous_format`` (row-major); ``tinytorch.channels_last`` (NHWC) is
        true only of 4-D tensors laid out so.

Returns:
    bool: whether the storage is laid out so.

>>> x = tinytorch.zeros(2, 3)
>>> x.is_contiguous(), x.t().is_contiguous()
(True, False)
""")

add_docstr(Tensor.contiguous, """Returns a tensor with the same data laid out as
``memory_format`` says: ``self`` when it already is, else a copy (gradients flow back).

Args:
    memory_format (tinytorch.memory_format): ``tinytorch.contiguous_format`` (default,
        row-major), ``tinytorch.channels_last`` (4-D, NHWC), ``tinytorch.channels_last_3d``
        (5-D) or ``tinytorch.preserve_format`` (``self``).

Returns:
    Tensor: ``self`` or the copy.

Raises:
    RuntimeError: a channels-last format for a tensor of another rank.

>>> x = tinytorch.zeros(1, 2, 3, 4).contiguous(memory_format=tinytorch.channels_last)
>>> x.stride(), x.is_contiguous()
((24, 1, 8, 2), False)
""")

add_docstr(Tensor.item, """Returns the value of a one-element tensor as a Python number.

Returns:
    int, float or bool: the element (copied to the host for a CUDA tensor).

Raises:
    RuntimeError: if the tensor has more than one element.

>>> tinytorch.tensor([2.5]).item()
2.5
""")

add_docstr(Tensor.tolist, """Returns the tensor as a (nested) list of Python numbers.

A 0-d tensor gives a number. Not differentiable.

Returns:
    list or number: the elements, nested as the dimensions.

>>> tinytorch.tensor([[1, 2], [3, 4]]).tolist()
[[1, 2], [3, 4]]
""")

add_docstr(Tensor.numpy, """Returns the tensor as a NumPy array sharing its memory (CPU only).

Args:
    force (bool): if True, detach first and copy a CUDA tensor to the host instead of raising
        (then the result may not share memory). Default: False.

Returns:
    numpy.ndarray: an array of the same shape and dtype; writes to it show in the tensor.

Raises:
    RuntimeError: if the tensor requires grad (call ``tensor.detach().numpy()``).
    TypeError: if the tensor is on a CUDA device (call ``tensor.cpu()`` first).

>>> x = tinytorch.zeros(2)
>>> x.numpy()[0] = 5.0
>>> x
tensor([5., 0.])
""")

add_docstr(Tensor.to, """Returns the tensor on another device and/or with another dtype.

Accepts PyTorch's forms: ``to(dtype)``, ``to(device)``, ``to(device, dtype)``,
``to(other)`` (``other``'s device and dtype) and the keywords ``device=`` and ``dtype=``.
When nothing changes, the tensor itself is returned. Differentiable (the gradient is moved
back and cast back). ``non_blocking`` and ``copy`` are accepted and ignored: copies are
synchronous.

Args:
    *args: a :class:`tinytorch.dtype`, a device (``tinytorch.device`` or a string such as
        ``"cpu"`` or ``"cuda:0"``), both, or a tensor.
    **kwargs: ``device``, ``dtype``, ``non_blocking``, ``copy``.

Returns:
    Tensor: the converted tensor, or ``self``.

>>> x = tinytorch.tensor([1, 2])
>>> x.to(tinytorch.float64)
tensor([1., 2.], dtype=tinytorch.float64)
>>> x.to("cpu") is x
True
""")

add_docstr(Tensor.cpu, """Returns a copy of the tensor in CPU memory (itself if it is already
there). Differentiable.

Returns:
    Tensor: the tensor on ``"cpu"``.

>>> tinytorch.ones(2).cpu().device
device(type='cpu')
""")

add_docstr(Tensor.cuda, """Returns a copy of the tensor on a CUDA device (itself if it is
already there). Differentiable.

Args:
    device (int, str or tinytorch.device, optional): the device; ``None`` is the current one.
    non_blocking (bool): accepted for PyTorch's signature; the copy is synchronous.

Returns:
    Tensor: the tensor on the CUDA device.

>>> if tinytorch.cuda.is_available():
...     print(tinytorch.ones(2).cuda().device.type)
... else:
...     print("cuda")
cuda
""")

add_docstr(Tensor.type, """Returns the PyTorch type name, or casts to a dtype or a legacy type.

Args:
    dtype (tinytorch.dtype or str, optional): the dtype to cast to, or a legacy type name
        such as ``'torch.DoubleTensor'`` (a CPU tensor of that dtype) or
        ``'torch.cuda.FloatTensor'``. ``None`` returns the type's name instead.
    non_blocking (bool): accepted for PyTorch's signature; copies are synchronous.

Returns:
    str or Tensor: a name such as ``'torch.FloatTensor'``, or the converted tensor (the
    tensor itself when nothing changes).

Raises:
    ValueError: ``dtype`` is a string that names no legacy type (PyTorch's message).

>>> x = tinytorch.tensor([1.5])
>>> x.type()
'torch.FloatTensor'
>>> x.type(tinytorch.int64)
tensor([1])
>>> x.type('torch.DoubleTensor').dtype
tinytorch.float64
""")

add_docstr(Tensor.type_as, """Returns the tensor cast to ``other``'s dtype, as ``.to(other.dtype)``.

Args:
    other (Tensor): the tensor whose dtype to take.

Returns:
    Tensor: the cast tensor (itself if the dtypes already agree).

>>> tinytorch.tensor([1, 2]).type_as(tinytorch.zeros(1))
tensor([1., 2.])
""")


def _new_doc(kind, call, out):
    return f"""Returns a new tensor {kind}, with this tensor's dtype and device unless given.

Args:
    {call}
    dtype (tinytorch.dtype, optional): the dtype; default: this tensor's.
    device (tinytorch.device or str, optional): the device; default: this tensor's.
    requires_grad (bool): whether autograd records operations on the result. Default: False.

Returns:
    Tensor: the new tensor.

>>> x = tinytorch.zeros(2, dtype=tinytorch.float64)
{out}"""


add_docstr(Tensor.new, """PyTorch's legacy constructor: a new tensor of this tensor's dtype (always)
and device type.

``x.new()`` is empty; ``x.new(2, 3)``, ``x.new(torch.Size([2, 3]))`` and ``x.new(size=(2, 3))``
hold uninitialised values; ``x.new(data)`` copies a list, tuple or array into this dtype (a
tuple is data here, as in PyTorch); ``x.new(t)`` with a tensor ``t`` of this dtype is a view of
``t``. Prefer :meth:`new_empty`, :meth:`new_tensor` and friends in new code.

Args:
    *args (int, Size, sequence or Tensor): sizes, data or a tensor, as above.
    device (tinytorch.device or str, optional): keyword only, of this tensor's device type.
    size (sequence of ints, optional): keyword only, the shape (with no positional argument).

Returns:
    Tensor: the new tensor.

Raises:
    TypeError: another keyword, a number or string as data, a tensor of another dtype.
    RuntimeError: a device of another type.

>>> x = tinytorch.zeros(2, dtype=tinytorch.float64)
>>> x.new([1, 2])
tensor([1., 2.], dtype=tinytorch.float64)
>>> x.new(2, 3).shape
torch.Size([2, 3])
>>> x.new().shape
torch.Size([0])
""")
add_docstr(Tensor.new_tensor, _new_doc(
    "holding a copy of ``data``", "data (array_like): the values (a list, number or tensor).",
    ">>> x.new_tensor([1, 2])\ntensor([1., 2.], dtype=tinytorch.float64)\n"))
add_docstr(Tensor.new_zeros, _new_doc(
    "filled with zeros", "*size (int or sequence of ints): the shape.",
    ">>> x.new_zeros(2, 1)\ntensor([[0.],\n        [0.]], dtype=tinytorch.float64)\n"))
add_docstr(Tensor.new_ones, _new_doc(
    "filled with ones", "*size (int or sequence of ints): the shape.",
    ">>> x.new_ones(3)\ntensor([1., 1., 1.], dtype=tinytorch.float64)\n"))
add_docstr(Tensor.new_empty, _new_doc(
    "of uninitialised values", "*size (int or sequence of ints): the shape.",
    ">>> x.new_empty(2, 3).shape\ntorch.Size([2, 3])\n"))
add_docstr(Tensor.new_full, _new_doc(
    "filled with ``fill_value``", "size (sequence of ints): the shape.\n"
    "    fill_value (number): the value of every element.",
    ">>> x.new_full((2,), 7)\ntensor([7., 7.], dtype=tinytorch.float64)\n"))

add_docstr(Tensor.backward, """Computes the gradient of this tensor with respect to the graph's
leaves and accumulates it into their ``.grad``.

The same as ``tinytorch.autograd.backward(self, gradient, ...)``. Leaves that require grad get
their gradient added to ``.grad``; non-leaf tensors get one only after :meth:`retain_grad`.
After the call the graph's saved tensors are freed unless ``retain_graph`` is True.

Args:
    gradient (Tensor, optional): the gradient of the final result with respect to this tensor,
        of its shape. Required unless the tensor has one element (then 1 is used).
    retain_graph (bool, optional): keep the graph so that backward can run through it again.
        Default: the value of ``create_graph``.
    create_graph (bool): record the backward pass itself, for higher-order gradients.
        Default: False.
    inputs (sequence of Tensor, optional): accumulate gradients only into these tensors.

Returns:
    None

Raises:
    RuntimeError: if the tensor does not require grad, if ``gradient`` is missing for a tensor
        with more than one element, or if the graph was already freed.

>>> x = tinytorch.tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> (x ** 2).sum().backward()
>>> x.grad
tensor([2., 4., 6.])
""")

add_docstr(Tensor.detach, """Returns a new tensor sharing this one's storage, outside the graph.

The result never requires grad; in-place changes to either are seen by both (and by
autograd's version check).

Returns:
    Tensor: the detached view.

>>> x = tinytorch.ones(2, requires_grad=True)
>>> x.detach().requires_grad
False
""")

add_docstr(Tensor.detach_, """Detaches the tensor from the graph in place: it becomes a leaf
that does not require grad.

Returns:
    Tensor: ``self``.

>>> y = tinytorch.ones(2, requires_grad=True) * 2
>>> y.detach_().is_leaf, y.requires_grad
(True, False)
""")

add_docstr(Tensor.requires_grad_, """Sets whether autograd records operations on this tensor,
in place.

Args:
    requires_grad (bool): the new value. Default: True.

Returns:
    Tensor: ``self``.

Raises:
    RuntimeError: if a non-leaf tensor is set to False, or an integer tensor to True.

>>> tinytorch.zeros(2).requires_grad_().requires_grad
True
""")

add_docstr(Tensor.retain_grad, """Makes a non-leaf tensor keep its ``.grad`` after backward
(leaves always do; then this does nothing).

Returns:
    None

Raises:
    RuntimeError: if the tensor does not require grad.

>>> x = tinytorch.ones(2, requires_grad=True)
>>> y = x * 3
>>> y.retain_grad()
>>> y.sum().backward()
>>> y.grad
tensor([1., 1.])
""")

add_docstr(Tensor.register_hook, """Registers a function called with this tensor's gradient
each time it is computed.

The hook is called as ``hook(grad)`` and may return a tensor to use instead of ``grad``.

Args:
    hook (callable): ``hook(grad) -> Tensor or None``.

Returns:
    RemovableHandle: ``handle.remove()`` unregisters the hook.

Raises:
    RuntimeError: if the tensor does not require grad.

>>> x = tinytorch.ones(2, requires_grad=True)
>>> handle = x.register_hook(lambda g: g * 10)
>>> x.sum().backward()
>>> x.grad
tensor([10., 10.])
>>> handle.remove()
""")

add_docstr(Tensor.register_post_accumulate_grad_hook, """Registers a function called with
this leaf tensor after its gradient was accumulated into ``.grad``.

The hook is called as ``hook(tensor)``; its return value is ignored (optimizers in backward
use this).

Args:
    hook (callable): ``hook(tensor) -> None``.

Returns:
    RemovableHandle: ``handle.remove()`` unregisters the hook.

Raises:
    RuntimeError: if the tensor is not a leaf, or does not require grad.

>>> x = tinytorch.ones(2, requires_grad=True)
>>> seen = []
>>> _ = x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.sum().item()))
>>> (x * 2).sum().backward()
>>> seen
[4.0]
""")
