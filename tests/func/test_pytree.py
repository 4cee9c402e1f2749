"""The transforms' pytree against ``torch.utils._pytree``: leaves, structure printed as
PyTorch's TreeSpec (error messages show it), round trips, broadcasting a prefix."""

import collections

import pytest

from tests.func._helpers import torch
from tinytorch.func import _pytree

pytree = pytest.importorskip("torch.utils._pytree")
Pair = collections.namedtuple("Pair", "a b")

TREES = [
    1,
    (),
    {},
    (1, None, "s", [2, {"b": 3, "a": (4,)}]),
    Pair(1, [2, 3]),
    collections.OrderedDict(x=1, y=(2, 3)),
]


@pytest.mark.parametrize("tree", TREES, ids=range(len(TREES)))
def test_flatten_matches_torch(tree):
    leaves, spec = _pytree.flatten(tree)
    theirs_leaves, theirs_spec = pytree.tree_flatten(tree)
    assert leaves == theirs_leaves
    assert repr(spec) == repr(theirs_spec)
    assert _pytree.unflatten(leaves, spec) == tree


@pytest.mark.parametrize("prefix", [0, (0, None), (0, [None, 1]), (0, (None, 1)),
                                    (0, [None, {"a": 1}]), ([0], None)])
def test_broadcast_matches_torch(prefix):
    tree = (torch.ones(1), [2, {"a": 3}])
    _, spec = _pytree.flatten(tree)
    assert _pytree.broadcast(prefix, spec) == pytree._broadcast_to_and_flatten(
        prefix, pytree.tree_flatten(tree)[1])
