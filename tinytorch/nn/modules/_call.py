"""A module call with hooks, as PyTorch's ``Module._call_impl`` runs it, and the global hooks
of every module (``tinytorch.nn.modules.module.register_module_forward_hook`` and its
kin)."""

import warnings
from collections import OrderedDict

from tinytorch._hooks import add_hook
from tinytorch._tensor import Tensor
from tinytorch.nn.modules._backward_hook import BackwardHook

global_forward_pre_hooks = OrderedDict()
global_forward_hooks = OrderedDict()
global_forward_hooks_with_kwargs = OrderedDict()
global_forward_hooks_always_called = OrderedDict()
global_backward_pre_hooks = OrderedDict()
global_backward_hooks = OrderedDict()


any_global_hook = OrderedDict()  # every global hook's id: one test on each module call


def _register(hooks, hook, *marks):
    return add_hook(hooks, hook, marks=(any_global_hook, *marks))


def register_module_forward_pre_hook(hook):
    """Register ``hook(module, args)`` to run before every module's :meth:`forward` (before
    the module's own pre hooks); a non-None result replaces the positional inputs.

    Args:
        hook (Callable): the hook.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    >>> import tinytorch
    >>> from tinytorch.nn.modules.module import register_module_forward_pre_hook
    >>> handle = register_module_forward_pre_hook(lambda m, args: (args[0] * 2,))
    >>> tinytorch.nn.Identity()(tinytorch.ones(1))
    tensor([2.])
    >>> handle.remove()
    """
    return _register(global_forward_pre_hooks, hook)


def register_module_forward_hook(hook, *, with_kwargs=False, always_call=False):
    """Register ``hook(module, args, output)`` to run after every module's :meth:`forward`
    (before the module's own hooks); a non-None result replaces the output.

    Args:
        hook (Callable): the hook.
        with_kwargs (bool): call it as ``hook(module, args, kwargs, output)``. Default: False.
        always_call (bool): call it even when the forward raises. Default: False.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    >>> import tinytorch
    >>> from tinytorch.nn.modules.module import register_module_forward_hook
    >>> names = []
    >>> handle = register_module_forward_hook(lambda m, a, out: names.append(type(m).__name__))
    >>> _ = tinytorch.nn.Sequential(tinytorch.nn.ReLU())(tinytorch.ones(1))
    >>> handle.remove()
    >>> names
    ['ReLU', 'Sequential']
    """
    return _register(global_forward_hooks, hook,
                     *([global_forward_hooks_with_kwargs] if with_kwargs else []),
                     *([global_forward_hooks_always_called] if always_call else []))


def register_module_full_backward_pre_hook(hook):
    """Register ``hook(module, grad_output)`` for every module, run before the module's own
    backward pre hooks (see :meth:`Module.register_full_backward_pre_hook`).

    Args:
        hook (Callable): the hook.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    >>> import tinytorch
    >>> from tinytorch.nn.modules.module import register_module_full_backward_pre_hook
    >>> seen = []
    >>> handle = register_module_full_backward_pre_hook(lambda m, g: seen.append(g[0].shape))
    >>> tinytorch.nn.Tanh()(tinytorch.ones(2, requires_grad=True)).sum().backward()
    >>> handle.remove()
    >>> seen
    [torch.Size([2])]
    """
    return _register(global_backward_pre_hooks, hook)


def register_module_full_backward_hook(hook):
    """Register ``hook(module, grad_input, grad_output)`` for every module, run before the
    module's own backward hooks (see :meth:`Module.register_full_backward_hook`).

    Args:
        hook (Callable): the hook.

    Returns:
        RemovableHandle: ``handle.remove()`` unregisters it.

    >>> import tinytorch
    >>> from tinytorch.nn.modules.module import register_module_full_backward_hook
    >>> seen = []
    >>> handle = register_module_full_backward_hook(lambda m, gi, go: seen.append(len(gi)))
    >>> tinytorch.nn.Tanh()(tinytorch.ones(2, requires_grad=True)).sum().backward()
    >>> handle.remove()
    >>> seen
    [1]
    """
    return _register(global_backward_hooks, hook)


def call(module, args, kwargs):
    """``module(*args, **kwargs)`` with its hooks and the global ones, in PyTorch's order:
    forward pre hooks, the inputs' backward hook, forward, forward hooks, the outputs'
    backward hook; the ``always_call`` forward hooks also when forward raises."""
    state = {"result": None, "args": args, "kwargs": kwargs, "called": set()}
    try:
        return _inner(module, state)
    except Exception:
        _always_called(module, state)
        raise


def _inner(module, state):
    args, kwargs = state["args"], state["kwargs"]
    pre_hooks = [*global_backward_pre_hooks.values(), *module._backward_pre_hooks.values()]
    hooks = [*global_backward_hooks.values(), *module._backward_hooks.values()]
    for hook_id, hook in (*global_forward_pre_hooks.items(), *module._forward_pre_hooks.items()):
        if hook_id in module._forward_pre_hooks_with_kwargs:
            result = hook(module, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError("forward pre-hook must return None or a tuple of "
                                       f"(new_args, new_kwargs), but got {result}.")
                args, kwargs = result
        else:
            result = hook(module, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        state["args"], state["kwargs"] = args, kwargs
    backward_hook = None
    if hooks or pre_hooks:
        backward_hook = BackwardHook(module, hooks, pre_hooks)
        args = state["args"] = backward_hook.setup_input_hook(args)
    state["result"] = module.forward(*args, **kwargs)
    for hook_id, hook in (*global_forward_hooks.items(), *module._forward_hooks.items()):
        if hook_id in module._forward_hooks_always_called or \
                hook_id in global_forward_hooks_always_called:
            state["called"].add(hook_id)
        if hook_id in module._forward_hooks_with_kwargs or \
                hook_id in global_forward_hooks_with_kwargs:
            result = hook(module, args, kwargs, state["result"])
        else:
            result = hook(module, args, state["result"])
        if result is not None:
            state["result"] = result
    if backward_hook is not None:
        if not isinstance(state["result"], (Tensor, tuple)):
            warnings.warn(f"For backward hooks to be called, module output should be a Tensor "
                          f"or a tuple of Tensors but received {type(state['result'])}",
                          UserWarning, stacklevel=3)
        state["result"] = backward_hook.setup_output_hook(state["result"])
    return state["result"]


def _always_called(module, state):
    """The ``always_call`` forward hooks not yet run, after forward raised; an error of theirs
    becomes a warning (the forward's error is the one raised)."""
    args, kwargs = state["args"], state["kwargs"]
    for hooks, always, scope in ((global_forward_hooks, global_forward_hooks_always_called,
                                  "global module forward hook"),
                                 (module._forward_hooks, module._forward_hooks_always_called,
                                  "module forward hook")):
        for hook_id, hook in hooks.items():
            if hook_id not in always or hook_id in state["called"]:
                continue
            try:  # PyTorch passes the keyword arguments to the module's own hooks only here
                if hooks is module._forward_hooks and hook_id in module._forward_hooks_with_kwargs:
                    result = hook(module, args, kwargs, state["result"])
                else:
                    result = hook(module, args, state["result"])
                if result is not None:
                    state["result"] = result
            except Exception as e:
                warnings.warn(f"{scope} with ``always_call=True`` raised an exception that was "
                              f"silenced as another error was raised in forward: {e}",
                              UserWarning, stacklevel=4)
