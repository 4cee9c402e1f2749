"""The classes a node is handed out as (NOTE [Node classes])."""

# NOTE [Node classes]
# PyTorch's nodes are instances of one class per backward (``type(y.grad_fn).__name__`` is
# 'MulBackward0'; graph drawing tools print it). Every op here makes a plain Node (one class:
# nothing per op class on the hot path, and a forward may still rename its node); when a node
# is handed out (``Tensor.grad_fn``, ``next_functions``) it becomes an instance of a subclass
# of its own class named ``node.name()``, made once per name.
_NAMED = {}


def named(node):
    """``node`` as an instance of its class's subclass named as PyTorch's node class (see
    NOTE [Node classes]); None stays None."""
    if node is None:
        return None
    name = node.name()
    kind = type(node)
    if kind.__name__ != name:
        if kind.__name__ in _NAMED:  # already renamed once (a Function's ctx): its base
            kind = kind.__base__
        sub = _NAMED.get(name, {}).get(kind)
        if sub is None:
            sub = _NAMED.setdefault(name, {})[kind] = type(name, (kind,), {"__slots__": ()})
        node.__class__ = sub
    return node
