"""``nn.Module``'s state dict, as PyTorch's: :func:`state_dict` and :func:`load_state_dict`
walk the module tree and let each module save and load its own entries
(``_save_to_state_dict``, ``_load_from_state_dict``: what a subclass overrides to read old
checkpoints), with each module's ``_version`` in the state dict's ``_metadata`` and the
state-dict hooks. Bound onto ``Module`` in module.py."""

import warnings
import weakref
from collections import OrderedDict
from collections import namedtuple
from collections.abc import Mapping

from tinytorch._grad_mode import no_grad
from tinytorch._hooks import add_hook
from tinytorch._tensor import Tensor
from tinytorch.nn.parameter import Parameter
from tinytorch.nn.parameter import is_lazy

EXTRA_STATE_KEY = "_extra_state"


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


class _WrappedHook:
    """A load-state-dict pre hook, called with its module first when registered
    ``with_module`` (held by a weak reference, as PyTorch's, so the module's hooks do not keep
    it alive)."""

    def __init__(self, hook, module=None):
        self.hook = hook
        self.with_module = module is not None
        if self.with_module:
            self.module = weakref.ref(module)

    def __call__(self, *args, **kwargs):
        if not self.with_module:
            return self.hook(*args, **kwargs)
        module = self.module()
        if module is None:
            raise RuntimeError("You are trying to call the hook of a dead Module!")
        return self.hook(module, *args, **kwargs)

    def __getstate__(self):  # copy.deepcopy and pickle: a weak reference cannot be copied
        state = {"hook": self.hook, "with_module": self.with_module}
        if self.with_module:
            state["module"] = self.module()
        return state

    def __setstate__(self, state):
        self.hook = state["hook"]
        self.with_module = state["with_module"]
        if self.with_module:
            if state["module"] is None:
                raise RuntimeError("You are trying to revive the hook of a dead Module!")
            self.module = weakref.ref(state["module"])


def _overrides(module, name):
    """Whether the module's class defines its own ``get_extra_state`` / ``set_extra_state``
    (the state dict then holds ``<prefix>_extra_state``, as PyTorch's)."""
    from tinytorch.nn.modules.module import Module  # a real cycle: module.py imports this
    return getattr(type(module), name) is not getattr(Module, name)


def local_state(module):
    """The module's own non-None parameters and persistent buffers, in registration order."""
    out = {k: v for k, v in module._parameters.items() if v is not None}
    for k, v in module._buffers.items():
        if v is not None and k not in module._non_persistent_buffers_set:
            out[k] = v
    return out


def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
    """Return a dictionary of the module's whole state: every parameter and persistent
    buffer, keyed by dotted name (``"0.weight"``, ``"bn.running_mean"``), and the extra state
    of modules that define :meth:`get_extra_state`. Parameters and buffers set to ``None`` are
    left out. A new dict is an ``OrderedDict`` whose ``_metadata`` maps each module's prefix
    (without the dot) to ``{"version": module._version}``, which :meth:`load_state_dict`
    passes to ``_load_from_state_dict`` (BatchNorm reads it, as PyTorch's).

    Each module runs its state-dict pre hooks, saves its own entries
    (``_save_to_state_dict``), calls its children's ``state_dict``, then runs its post hooks.

    Args:
        *args: ``destination``, ``prefix`` and ``keep_vars`` given by position: deprecated,
            with PyTorch's FutureWarning.
        destination (dict, optional): the dict to fill and return. Default: a new
            ``OrderedDict``.
        prefix (str): a prefix added to each key. Default: ``""``.
        keep_vars (bool): keep the tensors attached to autograd; by default they are
            detached. Default: ``False``.

    Returns:
        dict: the state, in registration order (or what a post hook registered with
        ``_register_state_dict_hook`` on this module returned).

    Raises:
        RuntimeError: a hook registered with :meth:`register_state_dict_post_hook` returned
            a value.

    >>> model = tinytorch.nn.Sequential(tinytorch.nn.Linear(2, 2), tinytorch.nn.BatchNorm1d(2))
    >>> sd = model.state_dict()
    >>> list(sd)[:3], dict(sd._metadata)
    (['0.weight', '0.bias', '1.weight'], {'': {'version': 1}, '0': {'version': 1}, \
'1': {'version': 2}})
    """
    if args:
        warnings.warn(
            "Positional args are being deprecated, use kwargs instead. Refer to "
            "https://pytorch.org/docs/main/generated/torch.nn.Module.html"
            "#torch.nn.Module.state_dict for details.", FutureWarning, stacklevel=2)
        destination = args[0] if destination is None else destination
        prefix = args[1] if len(args) > 1 and prefix == "" else prefix
        keep_vars = args[2] if len(args) > 2 and keep_vars is False else keep_vars
    if destination is None:
        destination = OrderedDict()
        destination._metadata = OrderedDict()
    local_metadata = {"version": self._version}
    if hasattr(destination, "_metadata"):
        destination._metadata[prefix[:-1]] = local_metadata
    for hook in self._state_dict_pre_hooks.values():
        hook(self, prefix, keep_vars)
    self._save_to_state_dict(destination, prefix, keep_vars)
    for name, child in self._modules.items():
        if child is not None:
            child.state_dict(destination=destination, prefix=prefix + name + ".",
                             keep_vars=keep_vars)
    for hook in self._state_dict_hooks.values():
        result = hook(self, destination, prefix, local_metadata)
        if not getattr(hook, "_from_public_api", False):
            if result is not None:
                destination = result
        elif result is not None:
            raise RuntimeError("state_dict post-hook must return None")
    return destination


def _save_to_state_dict(self, destination, prefix, keep_vars):
    """Save this module's own entries (not its children's) into ``destination``: its
    parameters and persistent buffers, and ``<prefix>_extra_state`` when it defines
    :meth:`get_extra_state`. Called by :meth:`state_dict` on every module; a subclass may
    override it.

    Args:
        destination (dict): the state dict being built.
        prefix (str): this module's prefix (``"layer1.0."``).
        keep_vars (bool): store the tensors themselves rather than detached ones.

    >>> sd = {}
    >>> tinytorch.nn.Linear(2, 1)._save_to_state_dict(sd, "fc.", False)
    >>> list(sd)
    ['fc.weight', 'fc.bias']
    """
    for name, value in local_state(self).items():
        destination[prefix + name] = value if keep_vars else value.detach()
    if _overrides(self, "get_extra_state"):
        destination[prefix + EXTRA_STATE_KEY] = self.get_extra_state()


def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                          unexpected_keys, error_msgs):
    """Load this module's own entries (not its children's) from ``state_dict``; called by
    :meth:`load_state_dict` on every module, after its load-state-dict pre hooks. A subclass
    overrides it to read old checkpoints (rename keys, fill new buffers), using the version
    the checkpoint was saved with, ``local_metadata.get("version")`` (``None`` for a state
    dict without ``_metadata``), then calls this base method.

    Args:
        state_dict (dict): a copy of the state dict, which may be edited.
        prefix (str): this module's prefix (``"layer1.0."``).
        local_metadata (dict): this module's metadata from the state dict (``{}`` if none);
            ``"assign_to_params_buffers"`` set means ``load_state_dict(assign=True)``.
        strict (bool): collect missing and unexpected keys.
        missing_keys (list of str): this module's missing keys are appended.
        unexpected_keys (list of str): the unexpected keys under ``prefix`` are appended.
        error_msgs (list of str): error messages (shape mismatches, non-tensors) are appended.

    >>> m, missing, unexpected, errors = tinytorch.nn.Linear(2, 1), [], [], []
    >>> m._load_from_state_dict({"weight": tinytorch.ones(1, 2), "scale": tinytorch.ones(1)},
    ...                         "", {}, True, missing, unexpected, errors)
    >>> missing, unexpected, errors, m.weight.tolist()
    (['bias'], ['scale'], [], [[1.0, 1.0]])
    """
    for hook in self._load_state_dict_pre_hooks.values():
        hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
             error_msgs)
    local = local_state(self)
    assign = local_metadata.get("assign_to_params_buffers", False)
    for name, param in local.items():
        key = prefix + name
        if key not in state_dict:
            if strict:
                missing_keys.append(key)
            continue
        value = state_dict[key]
        if not isinstance(value, Tensor):
            error_msgs.append(f'While copying the parameter named "{key}", expected '
                              "torch.Tensor or Tensor-like object from checkpoint but "
                              f"received {type(value)}")
            continue
        if is_lazy(param):  # still uninitialised: the loaded value was one too (the lazy hook)
            continue
        if param.dim() == 0 and value.dim() == 1 and value.shape[0] == 1:
            value = value[0]  # PyTorch 0.3's 1-element tensors for scalars
        if value.shape != param.shape:
            error_msgs.append(f"size mismatch for {key}: copying a param with shape "
                              f"{value.shape} from checkpoint, the shape in current model is "
                              f"{param.shape}.")
            continue
        try:
            with no_grad():
                if assign:
                    _assign(self, name, param, value)
                else:
                    param.copy_(value)
        except Exception as ex:
            error_msgs.append(f'While copying the parameter named "{key}", whose dimensions '
                              f"in the model are {param.size()} and whose dimensions in the "
                              f"checkpoint are {value.size()}, an exception occurred : "
                              f"{ex.args}.")
    extra_key = prefix + EXTRA_STATE_KEY
    if _overrides(self, "set_extra_state"):
        if extra_key in state_dict:
            self.set_extra_state(state_dict[extra_key])
        elif strict:
            missing_keys.append(extra_key)
    elif strict and extra_key in state_dict:
        unexpected_keys.append(extra_key)
    if strict:
        for key in state_dict:
            if key.startswith(prefix) and key != extra_key:
                head = key[len(prefix):].split(".", 1)
                if head[0] not in (self._modules if len(head) > 1 else local):
                    unexpected_keys.append(key)


def _assign(module, name, param, value):
    if isinstance(param, Parameter):
        if isinstance(value, Parameter):
            value.requires_grad_(param.requires_grad)
        else:
            value = Parameter(value, requires_grad=param.requires_grad)
    setattr(module, name, value)


def load_state_dict(self, state_dict, strict=True, assign=False):
    """Copy parameters and buffers from ``state_dict`` into this module and its descendants.

    Each module, parents first, gets its keys through ``_load_from_state_dict`` (which runs
    its load-state-dict pre hooks first) with its entry of the state dict's ``_metadata``
    (``{}`` for a plain dict); its load-state-dict post hooks run once its descendants are
    loaded.

    Args:
        state_dict (dict): parameters and persistent buffers, keyed as :meth:`state_dict`
            keys them.
        strict (bool): require the keys of ``state_dict`` to match this module's
            :meth:`state_dict` keys exactly. Default: ``True``.
        assign (bool): replace the module's tensors with those of ``state_dict`` (wrapped in
            Parameter where a parameter was, keeping its ``requires_grad``) instead of copying
            into them in place. Default: ``False``.

    Returns:
        ``NamedTuple(missing_keys, unexpected_keys)``: the keys this module has but
        ``state_dict`` lacks, and the other way round.

    Raises:
        TypeError: ``state_dict`` is not a mapping.
        RuntimeError: with ``strict``, missing or unexpected keys; and whatever the strictness,
            a shape mismatch or an entry that is not a tensor (all errors in one message).
        AssertionError: a post hook returned a value.

    >>> src, dst = tinytorch.nn.Linear(2, 1), tinytorch.nn.Linear(2, 1)
    >>> dst.load_state_dict(src.state_dict())
    <All keys matched successfully>
    >>> dst.load_state_dict({"weight": src.weight}, strict=False)
    _IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])
    """
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
    missing_keys, unexpected_keys, error_msgs = [], [], []
    metadata = getattr(state_dict, "_metadata", None)
    state_dict = OrderedDict(state_dict)  # a copy the modules may edit
    if metadata is not None:
        state_dict._metadata = metadata

    def load(module, local_state_dict, prefix=""):
        local_metadata = {} if metadata is None else metadata.get(prefix[:-1], {})
        if assign:
            local_metadata["assign_to_params_buffers"] = assign
        module._load_from_state_dict(local_state_dict, prefix, local_metadata, True,
                                     missing_keys, unexpected_keys, error_msgs)
        for name, child in module._modules.items():
            if child is not None:
                child_prefix = prefix + name + "."
                load(child, {k: v for k, v in local_state_dict.items()
                             if k.startswith(child_prefix)}, child_prefix)
        incompatible_keys = _IncompatibleKeys(missing_keys, unexpected_keys)  # hooks edit it
        for hook in module._load_state_dict_post_hooks.values():
            if hook(module, incompatible_keys) is not None:
                raise AssertionError(
                    "Hooks registered with ``register_load_state_dict_post_hook`` are not "
                    "expected to return new values, if incompatible_keys need to be "
                    "modified, it should be done inplace.")

    load(self, state_dict)
    if strict:
        if unexpected_keys:
            keys = ", ".join(f'"{k}"' for k in unexpected_keys)
            error_msgs.insert(0, f"Unexpected key(s) in state_dict: {keys}. ")
        if missing_keys:
            keys = ", ".join(f'"{k}"' for k in missing_keys)
            error_msgs.insert(0, f"Missing key(s) in state_dict: {keys}. ")
    if error_msgs:
        raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                           + "\n\t".join(error_msgs))
    return _IncompatibleKeys(missing_keys, unexpected_keys)


def register_state_dict_pre_hook(self, hook):
    """Register ``hook(module, prefix, keep_vars)``, run by :meth:`state_dict` before it
    saves this module's entries.

    Args:
        hook (Callable): the hook; its return value is ignored.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    >>> m = tinytorch.nn.Linear(2, 1)
    >>> _ = m.register_state_dict_pre_hook(lambda module, prefix, keep: print(repr(prefix)))
    >>> _ = m.state_dict()
    ''
    """
    return add_hook(self._state_dict_pre_hooks, hook)


def register_state_dict_post_hook(self, hook):
    """Register ``hook(module, state_dict, prefix, local_metadata)``, run by
    :meth:`state_dict` after this module's and its descendants' entries are in; it may edit
    ``state_dict`` in place. The hook is marked (``hook._from_public_api = True``) so that
    ``_register_state_dict_hook`` refuses it, as PyTorch's.

    Args:
        hook (Callable): the hook; it must return None.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    Raises:
        RuntimeError: in :meth:`state_dict`, the hook returned a value.

    >>> m = tinytorch.nn.Linear(2, 1)
    >>> def drop_bias(module, state_dict, prefix, local_metadata):
    ...     del state_dict[prefix + "bias"]
    >>> _ = m.register_state_dict_post_hook(drop_bias)
    >>> list(m.state_dict())
    ['weight']
    """
    hook._from_public_api = True
    return add_hook(self._state_dict_hooks, hook)


def _register_state_dict_hook(self, hook):
    """Register PyTorch's older state-dict post hook, ``hook(module, state_dict, prefix,
    local_metadata)``, which may edit ``state_dict`` in place or return a new one (used only
    when it is the hook of the module :meth:`state_dict` is called on).

    Args:
        hook (Callable): the hook.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    Raises:
        RuntimeError: ``hook`` was registered with :meth:`register_state_dict_post_hook`.

    >>> m = tinytorch.nn.Linear(2, 1)
    >>> _ = m._register_state_dict_hook(lambda mod, sd, prefix, meta: {"w": sd["weight"]})
    >>> list(m.state_dict())
    ['w']
    """
    if getattr(hook, "_from_public_api", False):
        raise RuntimeError("Cannot register the same function as the state dict post hook that "
                           "was previously registered via register_state_dict_post_hook")
    return add_hook(self._state_dict_hooks, hook)


def _register_load_state_dict_pre_hook(self, hook, with_module=False):
    """Register ``hook(state_dict, prefix, local_metadata, strict, missing_keys,
    unexpected_keys, error_msgs)`` (the module first when ``with_module``), run by
    ``_load_from_state_dict`` before this module's entries are loaded; see
    :meth:`register_load_state_dict_pre_hook`.

    Args:
        hook (Callable): the hook; its return value is ignored.
        with_module (bool): pass the module as the first argument. Default: ``False``.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    >>> m = tinytorch.nn.Linear(2, 1)
    >>> _ = m._register_load_state_dict_pre_hook(lambda sd, prefix, *rest: print(sorted(sd)))
    >>> m.load_state_dict(m.state_dict())
    ['bias', 'weight']
    <All keys matched successfully>
    """
    return add_hook(self._load_state_dict_pre_hooks,
                    _WrappedHook(hook, self if with_module else None))


def register_load_state_dict_pre_hook(self, hook):
    """Register ``hook(module, state_dict, prefix, local_metadata, strict, missing_keys,
    unexpected_keys, error_msgs)``, run before this module's entries of a state dict are
    loaded; ``state_dict`` holds the entries under ``prefix`` (this module's and its
    descendants'), and the hook may edit it in place (rename old keys, say).

    Args:
        hook (Callable): the hook; its return value is ignored.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    >>> m = tinytorch.nn.Linear(2, 1)
    >>> def rename(module, sd, prefix, *rest):
    ...     sd[prefix + "weight"] = sd.pop(prefix + "w")
    >>> _ = m.register_load_state_dict_pre_hook(rename)
    >>> m.load_state_dict({"w": tinytorch.ones(1, 2), "bias": tinytorch.zeros(1)})
    <All keys matched successfully>
    """
    return self._register_load_state_dict_pre_hook(hook, with_module=True)


def register_load_state_dict_post_hook(self, hook):
    """Register ``hook(module, incompatible_keys)``, run by :meth:`load_state_dict` after
    this module and its descendants are loaded; ``incompatible_keys`` holds the
    ``missing_keys`` and ``unexpected_keys`` so far, which the hook may edit in place (before
    strict loading raises for them).

    Args:
        hook (Callable): the hook; it must return None.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    Raises:
        AssertionError: in :meth:`load_state_dict`, the hook returned a value (PyTorch's).

    >>> m = tinytorch.nn.Linear(2, 1)
    >>> _ = m.register_load_state_dict_post_hook(lambda mod, keys: keys.missing_keys.clear())
    >>> m.load_state_dict({"weight": tinytorch.ones(1, 2)})
    <All keys matched successfully>
    """
    return add_hook(self._load_state_dict_post_hooks, hook)
