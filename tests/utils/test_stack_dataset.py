"""StackDataset against PyTorch's: tuple and dict samples, length, its errors, and batches
through a DataLoader; and tinytorch.utils.hooks.RemovableHandle, PyTorch's import path."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _outcome(L, call):
    try:
        return ("value", repr(call(L)).replace("tinytorch.", "torch."))
    except ValueError as e:
        return ("error", str(e))


@pytest.mark.parametrize("call", [
    lambda L: L.utils.data.StackDataset(L.arange(3), L.arange(3) * 2)[1],
    lambda L: L.utils.data.StackDataset(a=L.arange(3), b=[10, 20, 30])[2],
    lambda L: len(L.utils.data.StackDataset(L.arange(3), L.arange(3))),
    lambda L: list(L.utils.data.DataLoader(
        L.utils.data.StackDataset(x=L.arange(4.0), y=L.arange(4)), batch_size=3)),
    lambda L: L.utils.data.StackDataset(L.arange(3), L.arange(2)),
    lambda L: L.utils.data.StackDataset(L.arange(3), b=L.arange(3)),
    lambda L: L.utils.data.StackDataset(),
], ids=["tuple", "dict", "len", "loader", "sizes differ", "both forms", "nothing"])
def test_like_pytorch(call):
    assert _outcome(tinytorch, call) == _outcome(torch, call)


def test_removable_handle_lives_where_pytorchs_does():
    from tinytorch.utils.hooks import RemovableHandle
    hooks, extra = {}, {}
    handle = RemovableHandle(hooks, extra_dict=[extra])
    hooks[handle.id] = extra[handle.id] = print
    with handle:
        pass
    assert hooks == extra == {}
