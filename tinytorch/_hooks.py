"""Hooks: ``RemovableHandle``, what every ``register_*_hook`` returns (``torch.utils.hooks``'s),
and the tensor hooks autograd runs: ``Tensor.register_hook``,
``register_post_accumulate_grad_hook`` and ``retain_grad`` (the engine reads what they store;
see NOTE [Gradient ownership] in tinytorch/autograd/engine.py).

It lives below ``nn``, ``optim`` and autograd, so that ``optim`` (imported before ``nn``) and
Tensor's methods (below the autograd package) can use it.
"""

import itertools
import weakref


class RemovableHandle:
    """Returned by ``register_*_hook``; ``handle.remove()`` unregisters the hook from every
    dict given (PyTorch's ``extra_dict``, one dict or a list of them, too).

    Args:
        *hooks_dicts (dict): the dicts that hold the hook under the handle's ``id``.
        extra_dict (dict or list of dicts, optional): more of them, as PyTorch's keyword.

    >>> hooks = {}
    >>> handle = RemovableHandle(hooks)
    >>> hooks[handle.id] = print
    >>> handle.remove()
    >>> hooks
    {}
    """

    _next_id = itertools.count()

    def __init__(self, *hooks_dicts, extra_dict=None):
        extra = [] if extra_dict is None else \
            list(extra_dict) if isinstance(extra_dict, (list, tuple)) else [extra_dict]
        self.hooks_dicts = hooks_dicts + tuple(extra)
        self.id = next(RemovableHandle._next_id)

    def remove(self):
        """Unregister the hook (from every dict it was registered in); removing it twice does
        nothing.

        >>> hooks = {}
        >>> handle = RemovableHandle(hooks)
        >>> hooks[handle.id] = print
        >>> handle.remove()
        >>> handle.remove()
        """
        for d in self.hooks_dicts:
            d.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.remove()


def add_hook(hooks, hook, prepend=False, marks=()):
    """Store ``hook`` in the ordered dict ``hooks`` under a new handle's id (first of them
    with ``prepend``) and mark that id in each dict of ``marks`` (a hook's options:
    ``with_kwargs``, ``always_call``, ...); the handle's ``remove()`` takes it out of all.

    Args:
        hooks (OrderedDict): the registry.
        hook (callable): the hook.
        prepend (bool): run it before the hooks already there. Default: False.
        marks (iterable of dicts): dicts that record the id. Default: none.

    Returns:
        RemovableHandle: the handle.

    >>> from collections import OrderedDict
    >>> hooks, with_kwargs = OrderedDict(a=len), {}
    >>> handle = add_hook(hooks, print, prepend=True, marks=[with_kwargs])
    >>> list(hooks.values())[0] is print, handle.id in with_kwargs
    (True, True)
    >>> handle.remove()
    >>> list(hooks), with_kwargs
    (['a'], {})
    """
    marks = tuple(marks)
    handle = RemovableHandle(hooks, *marks)
    hooks[handle.id] = hook
    for mark in marks:
        mark[handle.id] = True
    if prepend:
        hooks.move_to_end(handle.id, last=False)
    return handle


def retain_grad(x):
    if not x._requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if x._grad_fn is not None and not x._retains_grad:  # PyTorch returns first, unread
        _current(x)
        _retain(x)


def _current(x):
    """Reads ``x.grad_fn``, which regenerates a stale view's node first (NOTE [In-place on
    views]): PyTorch's retain_grad and register_hook read grad_fn, so they attach to the
    regenerated node, not to one the view no longer stands at."""
    return x.grad_fn


def _retain(x):
    if x._grad_fn is None or x._retains_grad:
        return
    node = x._grad_fn
    if node.retained is None:
        node.retained = {}
        node.prepare = True
    node.retained[x._output_nr] = weakref.ref(x)
    x._retains_grad = True


def move_retained(x, old, old_nr):
    """x's grad_fn was ``old`` (output ``old_nr``) before an in-place write or a view's
    re-derivation gave it a new one: its retain_grad moves to the new node, as PyTorch's
    update_tensor_hooks_on_new_gradfn does (hooks registered earlier stay with ``old``)."""
    if not x._retains_grad or old is None or old is x._grad_fn:
        return
    ref = old.retained.get(old_nr) if old.retained else None
    if ref is not None and ref() is x:
        del old.retained[old_nr]
    x._retains_grad = False
    _retain(x)


def register_hook(x, hook):
    if not x._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if _current(x) is None:
        if x._hooks is None:
            x._hooks = LeafHooks()
        hooks = x._hooks.pre
    else:
        node = x._grad_fn
        if node.tensor_hooks is None:
            node.tensor_hooks = {}
            node.prepare = True
        hooks = node.tensor_hooks.setdefault(x._output_nr, {})
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


def register_post_accumulate_grad_hook(x, hook):
    if x._grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    if not x._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if x._hooks is None:
        x._hooks = LeafHooks()
    handle = RemovableHandle(x._hooks.post)
    x._hooks.post[handle.id] = hook
    return handle


class LeafHooks:
    """A leaf's hooks: ``pre`` see (and may replace) its gradient, summed over the whole
    backward; ``post`` see the leaf once that gradient is in ``.grad``."""

    __slots__ = ("pre", "post")

    def __init__(self):
        self.pre = {}
        self.post = {}
