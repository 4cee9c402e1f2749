"""``tinytorch.autograd.graph``: hooks on the values the graph saves for backward
(``saved_tensors_hooks``, ``save_on_cpu``, ``disable_saved_tensors_hooks``; see NOTE
[Saved-tensor hooks] in tinytorch/_ops/_op.py) and ``Node``, the type of a ``grad_fn``."""

import contextlib
import threading

from tinytorch._ops._op import Node
from tinytorch._ops._op import _SavedHooks
from tinytorch._ops._op import saved_hooks

__all__ = ["Node", "disable_saved_tensors_hooks", "save_on_cpu", "saved_tensors_hooks"]

_counting = threading.Lock()  # guards _SavedHooks.on, which every thread's contexts change


class saved_tensors_hooks:  # noqa: N801 -- PyTorch's name
    """Within it, every tensor an op saves for backward goes through ``pack_hook`` and comes
    back through ``unpack_hook`` when backward reads it, as PyTorch's (the innermost such
    context applies).

    Args:
        pack_hook (Callable[[Tensor], Any]): called with each saved tensor when the op is
            recorded; its result is kept instead (it should not hold the tensor itself: use
            ``x.detach()``, say).
        unpack_hook (Callable[[Any], Tensor]): called with what ``pack_hook`` returned when
            backward needs the value; returns a tensor of the same content.

    Raises:
        RuntimeError: entered inside :func:`disable_saved_tensors_hooks` (its message).

    >>> import tinytorch
    >>> sizes = []
    >>> def pack(t):
    ...     sizes.append(t.numel())
    ...     return t.detach()
    >>> x = tinytorch.ones(3, requires_grad=True)
    >>> with tinytorch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
    ...     y = (x * x).sum()
    >>> y.backward()
    >>> sizes, x.grad
    ([3, 3], tensor([2., 2., 2.]))
    """

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        if saved_hooks.disabled is not None:
            raise RuntimeError(saved_hooks.disabled)
        saved_hooks.stack.append((self.pack_hook, self.unpack_hook))
        with _counting:
            _SavedHooks.on += 1

    def __exit__(self, *args):
        saved_hooks.stack.pop()
        with _counting:
            _SavedHooks.on -= 1


class save_on_cpu(saved_tensors_hooks):  # noqa: N801 -- PyTorch's name
    """Saved tensors are kept on the CPU and moved back to their device for backward, as
    PyTorch's (GPU memory for activations traded for copies).

    Args:
        pin_memory (bool): accepted; tinytorch's host copies are plain. Default: False.
        device_type (str): accepted, as PyTorch's. Default: ``"cuda"``.

    >>> import tinytorch
    >>> x = tinytorch.ones(2, requires_grad=True)
    >>> with tinytorch.autograd.graph.save_on_cpu():
    ...     y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    tensor([2., 2.])
    """

    def __init__(self, pin_memory=False, device_type="cuda"):
        super().__init__(lambda t: (t.device, t.cpu()), lambda p: p[1].to(p[0]))


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message):
    """Within it, entering :class:`saved_tensors_hooks` raises ``RuntimeError(error_message)``
    (for code that cannot support them), as PyTorch's.

    Args:
        error_message (str): the error's message.

    Returns:
        contextmanager: the context (nothing is bound by ``as``).

    >>> import tinytorch
    >>> with disable_saved_tensors_hooks("no hooks here"):
    ...     with tinytorch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
    ...         pass
    Traceback (most recent call last):
    RuntimeError: no hooks here
    """
    previous = saved_hooks.disabled
    saved_hooks.disabled = error_message
    try:
        yield
    finally:
        saved_hooks.disabled = previous
