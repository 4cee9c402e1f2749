"""Errors users meet, raised with PyTorch's exception type and message (a differential sweep
found each one different). Each case runs under both libraries and the two errors are
compared; tinytorch's hints after PyTorch's own wording (docs/style.md "Errors") are cut at
the hint's opening " (" where a case names it."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _ones(t, *shape, **kwargs):
    return t.ones(*shape, **kwargs)


CASES = {
    # GroupNorm: the affine parameters' size against the input's channels
    "GroupNorm weight size": lambda t: t.nn.GroupNorm(2, 4)(_ones(t, 2, 6, 3)),
    "group_norm 2-D weight": lambda t: t.nn.functional.group_norm(
        _ones(t, 2, 6, 3), 2, _ones(t, 2, 3)),
    "group_norm bias size": lambda t: t.nn.functional.group_norm(
        _ones(t, 2, 6, 3), 2, _ones(t, 6), _ones(t, 4)),
    "group_norm bias without weight": lambda t: t.nn.functional.group_norm(
        _ones(t, 2, 6, 3), 2, None, _ones(t, 4)),
    "group_norm weight before dtype": lambda t: t.nn.functional.group_norm(
        _ones(t, 2, 6, 3, dtype=t.long), 2, _ones(t, 4)),
    "GroupNorm channels not divisible": lambda t: t.nn.GroupNorm(3, 4),
}


def _error(lib, case):
    with pytest.raises(Exception) as info:
        CASES[case](lib)
    return type(info.value), str(info.value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_matches_pytorchs(case):
    assert _error(tinytorch, case) == _error(torch, case)
