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


def local_state(module):
    """The module's own non-None parameters and persistent buffers, in registration order."""
    out = {k: v for k, v in module._parameters.items() if v is not None}
    for k, v in module._buffers.items():
        if v is not None and k not in module._non_persistent_buffers_set:
            out[k] = v
    return out


def load(root, state_dict, strict, assign):
    """Load ``state_dict`` into ``root`` as PyTorch's ``Module.load_state_dict`` does; returns
    ``(missing_keys, unexpected_keys)`` or raises its RuntimeError."""
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
    missing, unexpected, errors = [], [], []
    stack = [(root, dict(state_dict), "")]
    while stack:
        module, local_dict, prefix = stack.pop()
        _load_local(module, local_dict, prefix, (missing, unexpected, errors), strict, assign)
        children = [(m, prefix + name + ".") for name, m in module._modules.items()
                    if m is not None]
        for child, child_prefix in reversed(children):
            sub = {k: v for k, v in local_dict.items() if k.startswith(child_prefix)}
            stack.append((child, sub, child_prefix))
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
    for key in state_dict:
        if not key.startswith(prefix):
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
