"""``nn.Module``: the base class of every layer and model (docs/architecture.md, "Library
surface")."""

from collections import OrderedDict

from tinytorch import _creation
from tinytorch._grad_mode import no_grad
from tinytorch._hooks import add_hook
from tinytorch._tensor import Tensor
from tinytorch._typeinfo import typename
from tinytorch.nn.modules import _call
from tinytorch.nn.modules import _module_more as _more
from tinytorch.nn.modules._call import register_module_forward_hook  # noqa: F401 -- PyTorch's home
from tinytorch.nn.modules._call import register_module_forward_pre_hook  # noqa: F401
from tinytorch.nn.modules._call import register_module_full_backward_hook  # noqa: F401
from tinytorch.nn.modules._call import register_module_full_backward_pre_hook  # noqa: F401
from tinytorch.nn.modules import _state
from tinytorch.nn.modules import _state_dict
from tinytorch.nn.modules._state_dict import _IncompatibleKeys  # noqa: F401 -- PyTorch's home
from tinytorch.nn.parameter import Buffer
from tinytorch.nn.parameter import Parameter


def _addindent(s_, num_spaces):
    lines = s_.split("\n")
    if len(lines) == 1:
        return s_
    first = lines.pop(0)
    return first + "\n" + "\n".join(num_spaces * " " + line for line in lines)


def _forward_unimplemented(self, *input):
    raise NotImplementedError(
        f'Module [{type(self).__name__}] is missing the required "forward" function')


class Module:
    """Base class for all neural network modules; subclass it and define ``forward``.

    Assigning a :class:`Parameter`, a Module or (via :meth:`register_buffer`) a Tensor as an
    attribute registers it, in assignment order, so it shows up in :meth:`parameters`,
    :meth:`state_dict`, :meth:`to` and the ``repr``.

    Args:
        *args: none accepted: ``Module()`` takes no arguments (a ``TypeError`` otherwise).
        **kwargs: none accepted, as ``*args``.

    >>> import tinytorch
    >>> class Affine(tinytorch.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.scale = tinytorch.nn.Parameter(tinytorch.ones(2))
    ...     def forward(self, x):
    ...         return x * self.scale
    >>> [name for name, _ in Affine().named_parameters()]
    ['scale']
    """

    training: bool
    _version = 1  # in the state dict's _metadata; a subclass bumps it when its entries change
    forward = _forward_unimplemented
    set_submodule = _more.set_submodule
    get_extra_state = _more.get_extra_state
    set_extra_state = _more.set_extra_state
    compile = _more.compile
    state_dict = _state_dict.state_dict
    _save_to_state_dict = _state_dict._save_to_state_dict
    _load_from_state_dict = _state_dict._load_from_state_dict
    load_state_dict = _state_dict.load_state_dict
    register_state_dict_pre_hook = _state_dict.register_state_dict_pre_hook
    register_state_dict_post_hook = _state_dict.register_state_dict_post_hook
    _register_state_dict_hook = _state_dict._register_state_dict_hook
    _register_load_state_dict_pre_hook = _state_dict._register_load_state_dict_pre_hook
    register_load_state_dict_pre_hook = _state_dict.register_load_state_dict_pre_hook
    register_load_state_dict_post_hook = _state_dict.register_load_state_dict_post_hook

    def __init__(self, *args, **kwargs):
        if kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got an unexpected keyword "
                            f"argument '{next(iter(kwargs))}'")
        if args:
            raise TypeError(f"{type(self).__name__}.__init__() takes 1 positional argument but "
                            f"{len(args) + 1} were given")
        setattr_ = object.__setattr__
        setattr_(self, "training", True)
        setattr_(self, "_parameters", {})
        setattr_(self, "_buffers", {})
        setattr_(self, "_non_persistent_buffers_set", set())
        setattr_(self, "_modules", {})
        setattr_(self, "_forward_hooks", OrderedDict())
        setattr_(self, "_forward_hooks_with_kwargs", OrderedDict())
        setattr_(self, "_forward_hooks_always_called", OrderedDict())
        setattr_(self, "_forward_pre_hooks", OrderedDict())
        setattr_(self, "_forward_pre_hooks_with_kwargs", OrderedDict())
        setattr_(self, "_backward_hooks", OrderedDict())
        setattr_(self, "_backward_pre_hooks", OrderedDict())
        setattr_(self, "_load_state_dict_pre_hooks", OrderedDict())
        setattr_(self, "_load_state_dict_post_hooks", OrderedDict())
        setattr_(self, "_state_dict_pre_hooks", OrderedDict())
        setattr_(self, "_state_dict_hooks", OrderedDict())

    # --- registration -----------------------------------------------------------------------
    def _check_name(self, kind, name, store):
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {typename(name)}")
        if "." in name:
            raise KeyError(f"{kind} name can't contain \".\", got: {name}")
        if name == "":
            raise KeyError(f'{kind} name can\'t be empty string ""')
        if hasattr(self, name) and name not in store:
            raise KeyError(f"attribute '{name}' already exists")

    def register_buffer(self, name, tensor, persistent=True):
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name("buffer", name, self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{typename(tensor)}' object to buffer '{name}' "
                            "(torch Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def register_parameter(self, name, param):
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name("parameter", name, self._parameters)
        if param is None:
            self._parameters[name] = None
            return
        if not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{typename(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        if param._grad_fn is not None:
            raise ValueError(
                f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                f"created explicitly. To express '{name}' as a function of another Tensor, "
                "compute the value in the forward() method.")
        self._parameters[name] = param

    def add_module(self, name, module):
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{typename(module)} is not a Module subclass")
        self._check_name("module", name, self._modules)
        self._modules[name] = module

    register_module = add_module

    def __setattr__(self, name, value):
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name, keep="_parameters")
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            if d.get("_modules") is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name, keep="_modules")
            self._modules[name] = value
        elif name in d.get("_modules", ()):
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            self._modules[name] = value
        elif isinstance(value, Buffer):
            if d.get("_buffers") is None:
                raise AttributeError("cannot assign buffer before Module.__init__() call")
            self._forget(name, keep="_buffers")
            self.register_buffer(name, value, value.persistent)
        elif name in d.get("_buffers", ()):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{typename(value)}' as buffer '{name}' "
                                "(torch.Tensor or None expected)")
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name, keep):
        """Drop ``name`` from every store but ``keep`` (so a replacement keeps its place)."""
        d = self.__dict__
        d.pop(name, None)
        for store in ("_parameters", "_buffers", "_modules"):
            if store != keep:
                d[store].pop(name, None)
        d["_non_persistent_buffers_set"].discard(name)

    def __getattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if store in d and name in d[store]:
                return d[store][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if name in d.get(store, ()):
                del d[store][name]
                d["_non_persistent_buffers_set"].discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        keys = list(dir(type(self))) + list(self.__dict__)
        keys += list(self._parameters) + list(self._modules) + list(self._buffers)
        return sorted(k for k in set(keys) if not k[0].isdigit())

    # --- traversal ------------------------------------------------------------------------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        if memo is None:
            memo = set()
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self, remove_duplicate=True):
        for _, module in self.named_modules(remove_duplicate=remove_duplicate):
            yield module

    def named_children(self):
        memo = set()
        for name, module in self._modules.items():
            if module is not None and module not in memo:
                memo.add(module)
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, store, prefix, recurse, remove_duplicate):
        memo = set()
        tree = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
                if recurse else [(prefix, self)])
        for module_prefix, module in tree:
            for name, value in getattr(module, store).items():
                if value is None or value in memo:
                    continue
                if remove_duplicate:
                    memo.add(value)
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def get_submodule(self, target):
        if target == "":
            return self
        mod = self
        for item in target.split("."):
            if not hasattr(mod, item):
                raise AttributeError(f"{mod._get_name()} has no attribute `{item}`")
            mod = getattr(mod, item)
            if not isinstance(mod, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return mod

    def get_parameter(self, target):
        return self._get_member(target, "_parameters", "nn.Parameter")

    def get_buffer(self, target):
        return self._get_member(target, "_buffers", "buffer")

    def _get_member(self, target, store, what):
        module_path, _, name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if not hasattr(mod, name):
            raise AttributeError(f"{mod._get_name()} has no attribute `{name}`")
        if name not in getattr(mod, store):
            raise AttributeError(f"`{name}` is not an {what}")
        return getattr(mod, name)

    # --- modes and gradients ------------------------------------------------------------------
    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        for p in self.parameters():
            if p._grad is None:
                continue
            if set_to_none:
                p._grad = None
            else:
                if p.grad._grad_fn is not None:
                    p.grad.detach_()
                else:
                    p.grad.requires_grad_(False)
                p.grad.zero_()

    def apply(self, fn):
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # --- device and dtype ----------------------------------------------------------------------
    def _apply(self, fn, recurse=True):
        """Convert parameters in place (``param.data = fn(param)``, so optimizers holding them
        keep working) and replace buffers with ``fn(buffer)``; the children's too with
        ``recurse``."""
        if recurse:
            for module in self.children():
                module._apply(fn)
        with no_grad():
            for param in self._parameters.values():
                if param is None:
                    continue
                param.data = fn(param)
                if param.grad is not None:
                    param.grad.data = fn(param.grad)
            for name, buf in self._buffers.items():
                if buf is not None:
                    self._buffers[name] = fn(buf)
        return self

    def share_memory(self):
        return self._apply(lambda t: t.share_memory_())

    def to_empty(self, *, device, recurse=True):
        """Move the parameters and buffers to ``device`` without copying their values: each
        becomes an uninitialised tensor of its shape and dtype there (``empty_like``); load or
        initialise them afterwards.

        Args:
            device (tinytorch.device or str or None): the device (``None``: the current one).
            recurse (bool): the submodules' parameters and buffers too. Default: ``True``.

        Returns:
            Module: self.

        >>> m = tinytorch.nn.Linear(2, 1).to_empty(device="cpu")
        >>> m.weight.shape, m.weight.device
        (torch.Size([1, 2]), device(type='cpu'))
        """
        return self._apply(lambda t: _creation.empty_like(t, device=device), recurse=recurse)

    def to(self, *args, **kwargs):
        device, dtype, memory_format = _state.parse_to(*args, **kwargs)
        if dtype is not None and not dtype.is_floating_point:
            raise TypeError("nn.Module.to only accepts floating point or complex dtypes, but "
                            f"got desired dtype={dtype}")

        def convert(t):  # PyTorch: a memory format applies to the 4-D and 5-D tensors only
            layout = memory_format if t.ndim in (4, 5) else None
            return t.to(device=device, dtype=dtype if t.is_floating_point() else None,
                        memory_format=layout)
        return self._apply(convert)

    def cuda(self, device=None):
        return self._apply(lambda t: t.cuda(device))

    def cpu(self):
        return self._apply(lambda t: t.cpu())

    def type(self, dst_type):
        return self._apply(lambda t: t.type(dst_type))

    def float(self):
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self):
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self):
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    def bfloat16(self):
        """Cast floating-point parameters and buffers to bfloat16 (CPU only); returns self.

        Returns:
            Module: self.

        >>> tinytorch.nn.Linear(2, 1).bfloat16().weight.dtype
        tinytorch.bfloat16
        """
        return self._apply(lambda t: t.bfloat16() if t.is_floating_point() else t)

    # --- hooks and call ------------------------------------------------------------------------
    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        return add_hook(self._forward_pre_hooks, hook, prepend,
                        [self._forward_pre_hooks_with_kwargs] if with_kwargs else [])

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False,
                              always_call=False):
        return add_hook(self._forward_hooks, hook, prepend,
                        [mark for mark, on in ((self._forward_hooks_with_kwargs, with_kwargs),
                                               (self._forward_hooks_always_called, always_call))
                         if on])

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Register a hook that runs when the gradients of the module's outputs have been
        computed, before those of its inputs (see NOTE [Module backward hooks] in
        ``tinytorch/nn/modules/_backward_hook.py``).

        The hook is called as ``hook(module, grad_output)``, ``grad_output`` a tuple with one
        entry per output (``None`` for an output that is not a tensor or is not used); a
        non-``None`` result, a tuple of the same length, replaces it. The global pre hooks
        (``tinytorch.nn.modules.module.register_module_full_backward_pre_hook``) run first.
        The module's tensor outputs pass through a ``BackwardHookFunctionBackward`` node, as
        in PyTorch.

        Args:
            hook (callable): the hook.
            prepend (bool): run it before the hooks already registered. Default: ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` removes the hook.

        Raises:
            RuntimeError: in backward, the hook returned a tuple of another length.

        >>> layer = tinytorch.nn.Tanh()
        >>> handle = layer.register_full_backward_pre_hook(lambda m, go: (go[0] * 0,))
        >>> x = tinytorch.ones(2, requires_grad=True)
        >>> layer(x).sum().backward()
        >>> x.grad
        tensor([0., 0.])
        """
        return add_hook(self._backward_pre_hooks, hook, prepend)

    def register_full_backward_hook(self, hook, prepend=False):
        """Register a hook that runs when the gradients of the module's inputs have been
        computed (see NOTE [Module backward hooks] in
        ``tinytorch/nn/modules/_backward_hook.py``).

        The hook is called as ``hook(module, grad_input, grad_output)``: ``grad_input`` has one
        entry per positional argument (``None`` for one that is not a tensor or does not
        require grad, zeros for one the gradient does not reach), ``grad_output`` one per
        output. A non-``None`` result, a tuple of ``grad_input``'s length, replaces the
        gradients passed on to the inputs. When no input requires grad the hook runs with the
        outputs' gradients and ``grad_input`` all ``None``, warns (PyTorch's warning), and may
        only return ``None``. The global hooks
        (``tinytorch.nn.modules.module.register_module_full_backward_hook``) run first.

        Args:
            hook (callable): the hook.
            prepend (bool): run it before the hooks already registered. Default: ``False``.

        Returns:
            RemovableHandle: ``handle.remove()`` removes the hook.

        Raises:
            RuntimeError: in backward, the hook returned a tuple of another length, or a
                gradient where no input requires grad (PyTorch's messages).

        >>> layer = tinytorch.nn.Linear(3, 2)
        >>> shapes = []
        >>> handle = layer.register_full_backward_hook(
        ...     lambda m, grad_input, grad_output: shapes.append((grad_input[0].shape,
        ...                                                       grad_output[0].shape)))
        >>> layer(tinytorch.ones(4, 3, requires_grad=True)).sum().backward()
        >>> shapes
        [(torch.Size([4, 3]), torch.Size([4, 2]))]
        """
        return add_hook(self._backward_hooks, hook, prepend)

    def register_backward_hook(self, hook):
        """PyTorch's deprecated backward hook, whose ``grad_input`` is the gradient of the
        inputs of the module's last operation rather than of the module's: not supported, use
        :meth:`register_full_backward_hook`.

        Args:
            hook (callable): the hook.

        Raises:
            NotImplementedError: always.

        >>> tinytorch.nn.ReLU().register_backward_hook(print)
        Traceback (most recent call last):
        NotImplementedError: register_backward_hook is not supported; use ...
        """
        raise NotImplementedError("register_backward_hook is not supported; use "
                                  "register_full_backward_hook")

    def __call__(self, *args, **kwargs):
        if not (self._forward_hooks or self._forward_pre_hooks or self._backward_hooks
                or self._backward_pre_hooks or _call.any_global_hook):
            return self.forward(*args, **kwargs)
        return _call.call(self, args, kwargs)

    # --- repr ----------------------------------------------------------------------------------
    def _get_name(self):
        return type(self).__name__

    def extra_repr(self):
        return ""

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({key}): " + _addindent(repr(module), 2)
                       for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"
