"""Docstrings of ``nn.Module``'s methods, kept here so that ``module.py`` stays code, as
``tinytorch/_tensor_docs.py`` keeps Tensor's. Imported once from ``tinytorch.nn``.

A layer's ``forward`` and ``extra_repr`` without a docstring of their own show
``Module.forward``'s and ``Module.extra_repr``'s (``inspect.getdoc``, Sphinx), as in PyTorch.
"""

from tinytorch._tensor_docs import add_docstr
from tinytorch.nn.modules.module import Module

add_docstr(Module.forward, """Define the computation performed at every call; every
subclass overrides it.

Call the module itself (``module(input)``) rather than ``forward``: the call also runs the
registered forward hooks.

Args:
    *input: the layer's inputs (for most layers one Tensor; see each layer's class docstring
        for what it takes).

Returns:
    The layer's output (for most layers one Tensor).

Raises:
    NotImplementedError: on ``Module`` itself, or a subclass that does not define ``forward``.

>>> layer = tinytorch.nn.Linear(3, 2)
>>> layer(tinytorch.ones(4, 3)).shape
torch.Size([4, 2])
""")

add_docstr(Module.extra_repr, """Return the extra representation of the module: the text
inside the parentheses of its ``repr``.

To print customized extra information, re-implement this method in your own modules. Both
single-line and multi-line strings are acceptable.

Returns:
    str: the extra text ("" for ``Module``).

>>> tinytorch.nn.Linear(2, 3).extra_repr()
'in_features=2, out_features=3, bias=True'
""")

add_docstr(Module.register_buffer, """Add a buffer to the module: a tensor that is state but
not a parameter, e.g. BatchNorm's ``running_mean``. It is reachable as an attribute under
``name``, and ``to``/``cuda``/``double`` convert it with the parameters.

Args:
    name (str): the buffer's name.
    tensor (Tensor or None): the buffer. ``None`` registers the name without a value; such a
        buffer is left out of :meth:`state_dict` and the conversions.
    persistent (bool): whether the buffer is part of :meth:`state_dict`. Default: ``True``.

Raises:
    AttributeError: before ``Module.__init__()`` has run.
    TypeError: ``name`` is not a string, or ``tensor`` is neither a Tensor nor None.
    KeyError: ``name`` is empty, contains ".", or is an attribute that is not a buffer.

>>> m = tinytorch.nn.Module()
>>> m.register_buffer("running_mean", tinytorch.zeros(3))
>>> list(m.state_dict())
['running_mean']
""")

add_docstr(Module.register_parameter, """Add a parameter to the module, reachable as an
attribute under ``name``.

Args:
    name (str): the parameter's name.
    param (Parameter or None): the parameter. ``None`` registers the name without a value
        (as ``Linear(bias=False)`` does for ``bias``); it is left out of :meth:`parameters`
        and :meth:`state_dict`.

Raises:
    AttributeError: before ``Module.__init__()`` has run.
    TypeError: ``name`` is not a string, or ``param`` is neither a Parameter nor None.
    ValueError: ``param`` is not a leaf (it has a ``grad_fn``).
    KeyError: ``name`` is empty, contains ".", or is an attribute that is not a parameter.

>>> m = tinytorch.nn.Module()
>>> m.register_parameter("scale", tinytorch.nn.Parameter(tinytorch.ones(2)))
>>> [name for name, _ in m.named_parameters()]
['scale']
""")

add_docstr(Module.add_module, """Add a child module, reachable as an attribute under
``name``. ``register_module`` is the same method.

Args:
    name (str): the child's name.
    module (Module or None): the child.

Raises:
    TypeError: ``module`` is neither a Module nor None, or ``name`` is not a string.
    KeyError: ``name`` is empty, contains ".", or is an attribute that is not a child module.

>>> m = tinytorch.nn.Module()
>>> m.add_module("fc", tinytorch.nn.Linear(2, 2))
>>> m
Module(
  (fc): Linear(in_features=2, out_features=2, bias=True)
)
""")

add_docstr(Module.named_modules, """Return an iterator over all modules in the network
(this one first, then its descendants in pre-order), yielding each one's dotted name and the
module.

Args:
    memo (set, optional): modules already yielded, to skip. Default: a new empty set.
    prefix (str): a prefix added to each name. Default: ``""``.
    remove_duplicate (bool): yield a module reachable by two paths only once.
        Default: ``True``.

Yields:
    (str, Module): the name (``""`` for this module) and the module.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2), tinytorch.nn.ReLU())
>>> [name for name, _ in model.named_modules()]
['', '0', '1']
""")

add_docstr(Module.modules, """Return an iterator over all modules in the network, this one
first, each once.

Args:
    remove_duplicate (bool): yield a module registered under several names once. Default:
        ``True``.

Yields:
    Module: a module of the tree.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2), tinytorch.nn.ReLU())
>>> [type(m).__name__ for m in model.modules()]
['Sequential', 'Linear', 'ReLU']
""")

add_docstr(Module.named_children, """Return an iterator over the immediate children,
yielding each one's name and the module (a child registered twice comes once).

Yields:
    (str, Module): the child's name and the child.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2), tinytorch.nn.ReLU())
>>> [name for name, _ in model.named_children()]
['0', '1']
""")

add_docstr(Module.children, """Return an iterator over the immediate children, each once.

Yields:
    Module: a child module.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2), tinytorch.nn.ReLU())
>>> len(list(model.children()))
2
""")

add_docstr(Module.named_parameters, """Return an iterator over the module's parameters,
yielding each one's dotted name and the parameter.

Args:
    prefix (str): a prefix added to each name. Default: ``""``.
    recurse (bool): include the parameters of every descendant; otherwise only this module's
        own. Default: ``True``.
    remove_duplicate (bool): yield a parameter shared by two modules only once.
        Default: ``True``.

Yields:
    (str, Parameter): the name and the parameter.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2))
>>> [name for name, _ in model.named_parameters()]
['0.weight', '0.bias']
""")

add_docstr(Module.parameters, """Return an iterator over the module's parameters, typically
passed to an optimizer.

Args:
    recurse (bool): include the parameters of every descendant; otherwise only this module's
        own. Default: ``True``.

Yields:
    Parameter: a parameter (a shared one once).

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 3))
>>> [tuple(p.shape) for p in model.parameters()]
[(3, 2), (3,)]
""")

add_docstr(Module.named_buffers, """Return an iterator over the module's buffers
(non-persistent ones included), yielding each one's dotted name and the buffer.

Args:
    prefix (str): a prefix added to each name. Default: ``""``.
    recurse (bool): include the buffers of every descendant; otherwise only this module's own.
        Default: ``True``.
    remove_duplicate (bool): yield a buffer shared by two modules only once.
        Default: ``True``.

Yields:
    (str, Tensor): the name and the buffer.

>>> [name for name, _ in tinytorch.nn.BatchNorm1d(3).named_buffers()]
['running_mean', 'running_var', 'num_batches_tracked']
""")

add_docstr(Module.buffers, """Return an iterator over the module's buffers (non-persistent
ones included).

Args:
    recurse (bool): include the buffers of every descendant; otherwise only this module's own.
        Default: ``True``.

Yields:
    Tensor: a buffer.

>>> [tuple(b.shape) for b in tinytorch.nn.BatchNorm1d(3).buffers()]
[(3,), (3,), ()]
""")

add_docstr(Module.get_submodule, """Return the submodule at the dotted path ``target``.

Args:
    target (str): the submodule's fully-qualified name, e.g. ``"encoder.0"``; ``""`` is
        this module.

Returns:
    Module: the submodule.

Raises:
    AttributeError: a name on the path does not exist or is not a Module.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2), tinytorch.nn.ReLU())
>>> model.get_submodule("1")
ReLU()
""")

add_docstr(Module.get_parameter, """Return the parameter at the dotted path ``target``.

Args:
    target (str): the parameter's fully-qualified name, e.g. ``"0.weight"``.

Returns:
    Parameter: the parameter.

Raises:
    AttributeError: the path does not exist or does not end at a parameter.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 3))
>>> model.get_parameter("0.bias").shape
torch.Size([3])
""")

add_docstr(Module.get_buffer, """Return the buffer at the dotted path ``target``.

Args:
    target (str): the buffer's fully-qualified name, e.g. ``"1.running_mean"``.

Returns:
    Tensor: the buffer.

Raises:
    AttributeError: the path does not exist or does not end at a buffer.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.BatchNorm1d(3))
>>> model.get_buffer("0.running_mean")
tensor([0., 0., 0.])
""")

add_docstr(Module.train, """Set the module and every descendant in training mode (or, with
``mode=False``, evaluation mode). Only some layers behave differently, e.g. Dropout and
BatchNorm.

Args:
    mode (bool): ``True`` for training mode, ``False`` for evaluation mode.
        Default: ``True``.

Returns:
    Module: self.

Raises:
    ValueError: ``mode`` is not a bool.

>>> model = tinytorch.nn.Sequential(tinytorch.nn.Dropout())
>>> model.train(False)[0].training
False
""")

add_docstr(Module.eval, """Set the module and every descendant in evaluation mode:
Dropout passes its input through and BatchNorm uses its running statistics. The same as
``self.train(False)``.

Returns:
    Module: self.

>>> tinytorch.nn.Dropout().eval().training
False
""")

add_docstr(Module.requires_grad_, """Set ``requires_grad`` on every parameter, e.g. to freeze
a pretrained part of a model.

Args:
    requires_grad (bool): whether autograd records operations on the parameters.
        Default: ``True``.

Returns:
    Module: self.

>>> layer = tinytorch.nn.Linear(2, 2).requires_grad_(False)
>>> layer.weight.requires_grad
False
""")

add_docstr(Module.zero_grad, """Reset the gradients of all parameters.

Args:
    set_to_none (bool): set each ``.grad`` to ``None`` (the default, as in PyTorch) instead
        of filling it with zeros in place.

>>> layer = tinytorch.nn.Linear(2, 1)
>>> layer(tinytorch.ones(1, 2)).sum().backward()
>>> layer.zero_grad()
>>> layer.weight.grad is None
True
""")

add_docstr(Module.apply, """Call ``fn`` on every submodule (recursively, children first) and
then on this module; typically used to initialise parameters.

Args:
    fn (callable): a function of one Module; its result is ignored.

Returns:
    Module: self.

>>> def init_weights(m):
...     if isinstance(m, tinytorch.nn.Linear):
...         tinytorch.nn.init.ones_(m.weight)
>>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2)).apply(init_weights)
>>> model[0].weight.sum().item()
4.0
""")

add_docstr(Module.share_memory, """Move every parameter, gradient and buffer into shared
memory (CPU), so that processes started afterwards (:mod:`tinytorch.multiprocessing`) train
this one model. See :meth:`tinytorch.Tensor.share_memory_`.

Returns:
    Module: self.

>>> tinytorch.nn.Linear(2, 2).share_memory().weight.is_shared()
True
""")

add_docstr(Module.to, """Move and/or cast the parameters and buffers, in place.

Called as ``to(device)``, ``to(dtype)``, ``to(device, dtype)``, ``to(tensor)`` (that
tensor's device and dtype) or with the keywords ``device=``, ``dtype=``. Only floating-point
parameters and buffers change dtype. The parameters stay the same objects (their ``data`` is
replaced), so an optimizer built before the call keeps working. ``memory_format``
(``tinytorch.channels_last`` ...) re-lays out the 4-D and 5-D ones, as PyTorch's;
``non_blocking`` is accepted and ignored.

Args:
    *args: a device (``tinytorch.device`` or str), a dtype, or a tensor.
    **kwargs: ``device``, ``dtype``, ``non_blocking``, ``memory_format``.

Returns:
    Module: self.

Raises:
    TypeError: ``dtype`` is not a floating-point dtype, or an argument is of none of these
        kinds.

>>> layer = tinytorch.nn.Linear(2, 2).to(tinytorch.float64)
>>> layer.weight.dtype
tinytorch.float64
""")

add_docstr(Module.cuda, """Move the parameters and buffers to a CUDA device, in place (the
parameters stay the same objects).

Args:
    device (int or tinytorch.device, optional): the device; the current one if omitted.

Returns:
    Module: self.

>>> layer = tinytorch.nn.Linear(2, 2)
>>> layer.cuda().weight.device  # doctest: +SKIP
device(type='cuda', index=0)
""")

add_docstr(Module.cpu, """Move the parameters and buffers to the CPU, in place.

Returns:
    Module: self.

>>> tinytorch.nn.Linear(2, 2).cpu().weight.device
device(type='cpu')
""")

add_docstr(Module.type, """Cast every parameter and buffer to ``dst_type``, in place
(integer buffers too, unlike :meth:`to`).

Args:
    dst_type (tinytorch.dtype or str): the dtype, or its name (``"float64"``); PyTorch's
        tensor type strings (``"torch.DoubleTensor"``) are not accepted.

Returns:
    Module: self.

>>> tinytorch.nn.Linear(2, 2).type(tinytorch.float64).weight.dtype
tinytorch.float64
""")


def _cast_doc(dtype, method):
    return f"""Cast the floating-point parameters and buffers to {dtype}, in place.

Returns:
    Module: self.

>>> tinytorch.nn.Linear(2, 2).{method}().weight.dtype
tinytorch.{dtype}
"""


add_docstr(Module.float, _cast_doc("float32", "float"))
add_docstr(Module.double, _cast_doc("float64", "double"))
add_docstr(Module.half, _cast_doc("float16", "half"))

add_docstr(Module.register_forward_pre_hook, """Register a hook that runs before
:meth:`forward` at each call.

The hook is called as ``hook(module, args)`` and may return ``None`` or new positional
inputs (a single value is wrapped in a tuple). With ``with_kwargs=True`` it is called as
``hook(module, args, kwargs)`` and may return ``None`` or a tuple ``(new_args, new_kwargs)``.
The global pre hooks (``tinytorch.nn.modules.module.register_module_forward_pre_hook``) run
first.

Args:
    hook (callable): the hook.
    prepend (bool): run it before the hooks already registered. Default: ``False``.
    with_kwargs (bool): pass the keyword arguments too. Default: ``False``.

Returns:
    RemovableHandle: ``handle.remove()`` removes the hook.

>>> layer = tinytorch.nn.Identity()
>>> handle = layer.register_forward_pre_hook(lambda m, args: (args[0] * 2,))
>>> layer(tinytorch.ones(2))
tensor([2., 2.])
>>> handle.remove()
""")

add_docstr(Module.register_forward_hook, """Register a hook that runs after :meth:`forward`
at each call.

The hook is called as ``hook(module, args, output)`` (with ``with_kwargs=True``,
``hook(module, args, kwargs, output)``); a non-``None`` result replaces the output. The
global hooks (``tinytorch.nn.modules.module.register_module_forward_hook``) run first.

Args:
    hook (callable): the hook.
    prepend (bool): run it before the hooks already registered. Default: ``False``.
    with_kwargs (bool): pass the keyword arguments too. Default: ``False``.
    always_call (bool): call it even when :meth:`forward` raises (with the output so far,
        ``None``; an error of the hook's then becomes a warning and the forward's error is
        raised). Default: ``False``.

Returns:
    RemovableHandle: ``handle.remove()`` removes the hook.

>>> layer = tinytorch.nn.Linear(3, 2)
>>> shapes = []
>>> handle = layer.register_forward_hook(lambda m, args, out: shapes.append(out.shape))
>>> _ = layer(tinytorch.ones(4, 3))
>>> shapes
[torch.Size([4, 2])]
""")
