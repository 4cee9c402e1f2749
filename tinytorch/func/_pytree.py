"""Nested arguments as flat lists of leaves and a structure (``torch.utils._pytree``'s model):
tuples, lists, dicts (``OrderedDict`` too) and namedtuples are nodes, anything else (``None``
included) is a leaf. ``Spec`` prints as PyTorch's ``TreeSpec``, since the transforms' error
messages show it."""

import collections


class Spec:
    """The structure of a tree: ``kind`` (its type), ``context`` (dict keys, a namedtuple's
    class, else None) and one Spec per child; ``LEAF`` for a leaf."""

    def __init__(self, kind, context, children):
        self.kind, self.context, self.children = kind, context, children
        self.num_leaves = sum(child.num_leaves for child in children)

    def __eq__(self, other):
        return (isinstance(other, Spec) and (self.kind, self.context, self.children)
                == (other.kind, other.context, other.children))

    def __repr__(self, indent=0):
        name = "namedtuple" if _is_namedtuple(self.kind) else self.kind.__name__
        inner = ",".join(("\n" + " " * (indent + 2) if i else "") + child.__repr__(indent + 2)
                         for i, child in enumerate(self.children))
        return f"TreeSpec({name}, {self.context}, [{inner}])"


class _Leaf(Spec):
    def __init__(self):
        super().__init__(None, None, [])
        self.num_leaves = 1

    def __repr__(self, indent=0):
        return "*"


LEAF = _Leaf()


def _is_namedtuple(kind):
    return isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields")


def _children(tree):
    """(children, context) of a node, or None for a leaf."""
    kind = type(tree)
    if kind in (tuple, list):
        return list(tree), None
    if kind in (dict, collections.OrderedDict):
        return list(tree.values()), list(tree.keys())
    if _is_namedtuple(kind):
        return list(tree), kind
    return None


def flatten(tree):
    """(leaves, spec) of ``tree``."""
    node = _children(tree)
    if node is None:
        return [tree], LEAF
    children, context = node
    parts = [flatten(child) for child in children]
    return ([leaf for leaves, _ in parts for leaf in leaves],
            Spec(type(tree), context, [spec for _, spec in parts]))


def unflatten(leaves, spec):
    """The tree of structure ``spec`` holding ``leaves``."""
    if spec is LEAF:
        return leaves[0]
    children, start = [], 0
    for child in spec.children:
        children.append(unflatten(leaves[start:start + child.num_leaves], child))
        start += child.num_leaves
    if spec.kind in (dict, collections.OrderedDict):
        return spec.kind(zip(spec.context, children))
    if _is_namedtuple(spec.kind):
        return spec.kind(*children)
    return spec.kind(children)


def broadcast(prefix, spec):
    """``prefix`` (a tree whose leaves stand for whole subtrees of ``spec``) as one value per
    leaf of ``spec``, or None when its structure is not a prefix of ``spec``."""
    node = _children(prefix)
    if node is None:
        return [prefix] * spec.num_leaves
    children, context = node
    if (spec is LEAF or type(prefix) is not spec.kind or context != spec.context
            or len(children) != len(spec.children)):
        return None
    out = []
    for child, child_spec in zip(children, spec.children):
        part = broadcast(child, child_spec)
        if part is None:
            return None
        out.extend(part)
    return out
