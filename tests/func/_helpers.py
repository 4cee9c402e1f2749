"""Shared by the tinytorch.func tests: results of both libraries as NumPy trees, compared in
structure and value, and errors compared in type and message."""

import numpy as np
import pytest

import tinytorch
from tinytorch import func

torch = pytest.importorskip("torch")


def numpy_tree(tree):
    """``tree`` with every tensor (of either library) as a NumPy array."""
    if isinstance(tree, (tuple, list)):
        return type(tree)(numpy_tree(t) for t in tree)
    if isinstance(tree, dict):
        return {k: numpy_tree(v) for k, v in tree.items()}
    return tree.detach().cpu().numpy()


def assert_tree_close(ours, theirs, rtol=1e-12, atol=1e-14):
    """Same structure (tuple vs list, dict keys in order) and values within float64 rounding."""
    if isinstance(theirs, (tuple, list)):
        assert type(ours) is type(theirs) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert_tree_close(a, b, rtol, atol)
    elif isinstance(theirs, dict):
        assert list(ours) == list(theirs)
        for key in theirs:
            assert_tree_close(ours[key], theirs[key], rtol, atol)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol)


def both(build, *arrays, device="cpu"):
    """``build(lib, func module, *tensors)`` in both libraries (float64 tensors made from
    ``arrays``), as NumPy trees."""
    ours = build(tinytorch, func, *(tinytorch.tensor(a, device=device) for a in arrays))
    theirs = build(torch, torch.func, *(torch.tensor(a) for a in arrays))
    return numpy_tree(ours), numpy_tree(theirs)


def raised(call):
    """(type, message) of what ``call()`` raises."""
    with pytest.raises(Exception) as info:
        call()
    return type(info.value), str(info.value)


def assert_same_error(build, *arrays):
    """``build(lib, func module, *tensors)`` raises the same type and message in both."""
    ours = raised(lambda: build(tinytorch, func, *(tinytorch.tensor(a) for a in arrays)))
    theirs = raised(lambda: build(torch, torch.func, *(torch.tensor(a) for a in arrays)))
    assert ours == theirs
