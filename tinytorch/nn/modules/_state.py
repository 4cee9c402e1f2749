"""State-dict loading and ``Module.to`` argument parsing, kept out of module.py."""

from collections.abc import Mapping

from tinytorch import _device
from tinytorch import _dtype
from tinytorch._grad_mode import no_grad
from tinytorch._tensor import Tensor
from tinytorch.nn.parameter import Parameter
from tinytorch.nn.parameter import is_lazy


def parse_to(*args, **kwargs):
    """``(device, dtype, memory_format)`` from ``Module.to``'s arguments (each may be
    None)."""
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    memory_format = kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() received invalid keyword arguments {sorted(kwargs)}")
    for a in args:
        if isinstance(a, Tensor):
            device, dtype = a.device, a.dtype
        elif isinstance(a, _dtype.dtype):
            dtype = a
        elif isinstance(a, (str, _device.device)):
            device = a
        else:
            raise TypeError(f"to() received an invalid combination of arguments: {a!r}")
    return device, (None if dtype is None else _dtype.to_dtype(dtype)), memory_format


EXTRA_STATE_KEY = "_extra_state"


def overrides(module, name):
    """Whether the module's class defines its own ``get_extra_state`` / ``set_extra_state``
    (the state dict then holds ``<prefix>_extra_state``, as PyTorch's)."""
    from tinytorch.nn.modules.module import Module  # a real cycle: module.py imports this
    return getattr(type(module), name) is not getattr(Module, name)


def save_tree(module, destination, prefix, keep_vars):
    """PyTorch's recursive ``state_dict``: the pre hooks, the module's own parameters,
    persistent buffers and extra state, its children, then the post hooks."""
    for hook in module._state_dict_pre_hooks.values():
        hook(module, prefix, keep_vars)
    for key, value in local_state(module).items():
        # an uninitialised (lazy) one is kept as it is, as PyTorch's lazy modules do
        keep = keep_vars or is_lazy(value)
        destination[prefix + key] = value if keep else value.detach()
    if overrides(module, "get_extra_state"):
        destination[prefix + EXTRA_STATE_KEY] = module.get_extra_state()
    for name, child in module._modules.items():
        if child is not None:
            save_tree(child, destination, prefix + name + ".", keep_vars)
    for hook in module._state_dict_hooks.values():
        if hook(module, destination, prefix, {}) is not None:
            raise RuntimeError("state_dict post-hook must return None")
    return destination


def local_state(module):
    """The module's own non-None parameters and persistent buffers, in registration order."""
    out = {k: v for k, v in module._parameters.items() if v is not None}
    for k, v in module._buffers.items():
        if v is not None and k not in module._non_persistent_buffers_set:
            out[k] = v
    return out


def load(root, state_dict, strict, assign, incompatible_keys):
    """Load ``state_dict`` into ``root`` as PyTorch's ``Module.load_state_dict`` does; returns
    ``(missing_keys, unexpected_keys)`` or raises its RuntimeError."""
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
    missing, unexpected, errors = [], [], []

    def load_tree(module, local_dict, prefix):
        _load_local(module, local_dict, prefix, (missing, unexpected, errors), strict, assign)
        for name, child in module._modules.items():
            if child is not None:
                child_prefix = prefix + name + "."
                load_tree(child, {k: v for k, v in local_dict.items()
                                  if k.startswith(child_prefix)}, child_prefix)
        keys = incompatible_keys(missing, unexpected)  # the hooks may edit them in place
        for hook in module._load_state_dict_post_hooks.values():
            if hook(module, keys) is not None:
                raise AssertionError(
                    "Hooks registered with ``register_load_state_dict_post_hook`` are not "
                    "expected to return new values, if incompatible_keys need to be "
                    "modified, it should be done inplace.")

    load_tree(root, dict(state_dict), "")
    if strict:
        if unexpected:
            keys = ", ".join(f'"{k}"' for k in unexpected)
            errors.insert(0, f"Unexpected key(s) in state_dict: {keys}. ")
        if missing:
            keys = ", ".join(f'"{k}"' for k in missing)
            errors.insert(0, f"Missing key(s) in state_dict: {keys}. ")
    if errors:
        raise RuntimeError(f"Error(s) in loading state_dict for {type(root).__name__}:\n\t"
                           + "\n\t".join(errors))
    return missing, unexpected


def _load_local(module, state_dict, prefix, out, strict, assign):
    missing, unexpected, errors = out
    for hook in module._load_state_dict_pre_hooks.values():
        hook(module, state_dict, prefix, {}, strict, missing, unexpected, errors)
    local = local_state(module)
    for name, param in local.items():
        key = prefix + name
        if key not in state_dict:
            missing.append(key)
            continue
        value = state_dict[key]
        if is_lazy(param):  # still uninitialised: the loaded value was one too (the lazy hook)
            continue
        if not isinstance(value, Tensor):
            errors.append(f'While copying the parameter named "{key}", expected torch.Tensor '
                          f"or Tensor-like object from checkpoint but received {type(value)}")
        elif value.shape != param.shape:
            errors.append(f"size mismatch for {key}: copying a param with shape {value.shape} "
                          f"from checkpoint, the shape in current model is {param.shape}.")
        elif assign:
            _assign(module, name, param, value)
        else:
            with no_grad():
                param.copy_(value)
    extra_key = prefix + EXTRA_STATE_KEY
    if overrides(module, "set_extra_state"):
        if extra_key in state_dict:
            module.set_extra_state(state_dict[extra_key])
        else:
            missing.append(extra_key)
    elif extra_key in state_dict:
        unexpected.append(extra_key)
    for key in state_dict:
        if not key.startswith(prefix) or key == extra_key:
            continue
        head = key[len(prefix):].split(".", 1)
        owner = module._modules if len(head) > 1 else local
        if head[0] not in owner:
            unexpected.append(key)


def _assign(module, name, param, value):
    if isinstance(param, Parameter):
        if isinstance(value, Parameter):
            value.requires_grad_(param.requires_grad)
        else:
            value = Parameter(value, requires_grad=param.requires_grad)
    setattr(module, name, value)
