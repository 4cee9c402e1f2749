"""What PyTorch refuses, refused alike (detach_ of a view, Unflatten's named sizes, a seed out
of range), and the reprs PyTorch prints (an optimizer's groups, a grad_fn's address)."""

import re

import pytest

import tinytorch

torch = pytest.importorskip("torch")

_REFUSED = [
    lambda lib: lib.ones(2, requires_grad=True)[:1].detach_(),
    lambda lib: lib.ones(3).view(3).detach_(),
    lambda lib: lib.nn.Unflatten("features", (("C", 2), ("H", 3))),
    lambda lib: lib.nn.Unflatten(1, [2.0, 3]),
    lambda lib: lib.nn.Unflatten(1, 6),
    lambda lib: lib.manual_seed(2 ** 64),
    lambda lib: lib.manual_seed(-2 ** 63 - 1),
    lambda lib: lib.Generator().manual_seed(2 ** 64),
]


def _error(fn, lib):
    with pytest.raises(Exception) as info:
        fn(lib)
    return type(info.value), str(info.value)


@pytest.mark.parametrize("fn", _REFUSED)
def test_refused_with_pytorchs_error(fn):
    assert _error(fn, tinytorch) == _error(fn, torch)


def test_detaching_a_non_view_in_place_and_edge_seeds_still_work():
    for lib in (torch, tinytorch):
        y = lib.ones(2, requires_grad=True) * 2
        assert y.detach_().grad_fn is None and not y.requires_grad
        assert lib.ones(2, requires_grad=True).detach().detach_() is not None
        assert lib.Generator().manual_seed(2 ** 64 - 1).initial_seed() == 2 ** 64 - 1
        assert lib.Generator().manual_seed(-2 ** 63).initial_seed() == 2 ** 63


def _optimizer_repr(lib):
    m = lib.nn.Linear(2, 2)
    return repr(lib.optim.Adam([{"params": m.weight}, {"params": m.bias, "lr": 0.5}], lr=0.1))


def test_optimizer_repr_separates_groups_with_a_blank_line_as_pytorch():
    assert _optimizer_repr(tinytorch) == _optimizer_repr(torch)
    assert "\n\nParameter Group 1\n" in _optimizer_repr(tinytorch)


def _node_reprs(lib):
    y = (lib.ones(2, requires_grad=True) * 2).sum()
    texts = [repr(y.grad_fn), repr(y.grad_fn.next_functions[0][0].next_functions[0][0])]
    return [re.sub("0x[0-9a-f]+", "ADDRESS", t) for t in texts]


def test_grad_fn_repr_shows_its_address_as_pytorch():
    assert _node_reprs(tinytorch) == _node_reprs(torch) == [
        "<SumBackward0 object at ADDRESS>", "<AccumulateGrad object at ADDRESS>"]
