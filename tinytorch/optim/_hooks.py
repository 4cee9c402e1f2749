"""The optimizers' hook registries and the code that runs them (torch.optim's semantics)."""

from collections import OrderedDict
from itertools import chain

from tinytorch._hooks import add_hook

_global_optimizer_pre_hooks = OrderedDict()
_global_optimizer_post_hooks = OrderedDict()


def register_optimizer_step_pre_hook(hook):
    """Register ``hook(optimizer, args, kwargs)`` to run before the step of every optimizer,
    ahead of the optimizer's own pre hooks.

    ``args`` starts with the optimizer. The hook may return ``(new_args, new_kwargs)`` to
    replace the arguments of the step, or None.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters the hook.
    """
    return add_hook(_global_optimizer_pre_hooks, hook)


def register_optimizer_step_post_hook(hook):
    """Register ``hook(optimizer, args, kwargs)`` to run after the step of every optimizer,
    after the optimizer's own post hooks.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters the hook.
    """
    return add_hook(_global_optimizer_post_hooks, hook)


def pass_through(hooks, optimizer, state_dict):
    """``state_dict`` after each ``hook(optimizer, state_dict)``; a hook returning a dict
    replaces it for the hooks after it."""
    for hook in hooks.values():
        result = hook(optimizer, state_dict)
        if result is not None:
            state_dict = result
    return state_dict


# NOTE [Optimizer step hooks]
# PyTorch wraps each optimizer class's step() in a hook-running wrapper when the class's
# first instance is built (patching the class at run time). Here every optimizer steps
# through Optimizer.step, which tests the four hook dicts and, when all are empty, calls
# _step directly: a hook-free step costs that one test, not a wrapper's *args/**kwargs
# frame. Only when a hook exists does the step go through step_with_hooks. The hooks see
# step()'s arguments as PyTorch's do, starting with the optimizer; a closure is passed
# positionally.
def step_with_hooks(optimizer, args, kwargs):
    """Run the global then the optimizer's pre hooks (each may replace ``(args, kwargs)``),
    ``_step(*args, **kwargs)``, then the optimizer's and the global post hooks: PyTorch's
    order. Returns what the step returned."""
    for pre_hook in chain(_global_optimizer_pre_hooks.values(),
                          optimizer._optimizer_step_pre_hooks.values()):
        result = pre_hook(optimizer, args, kwargs)
        if result is not None:
            if not (isinstance(result, tuple) and len(result) == 2):
                raise RuntimeError(f"{type(optimizer).step} must return None or a tuple of "
                                   f"(new_args, new_kwargs), but got {result}.")
            args, kwargs = result
    out = type(optimizer)._step(*args, **kwargs)
    for post_hook in chain(optimizer._optimizer_step_post_hooks.values(),
                           _global_optimizer_post_hooks.values()):
        post_hook(optimizer, args, kwargs)
    return out
