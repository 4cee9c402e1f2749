"""``grad_fn.next_functions`` as PyTorch's: a non-leaf input's node and output number, a leaf's
``AccumulateGrad`` node (``.variable`` is the leaf), ``(None, 0)`` where no gradient flows.
tinytorch also lists an op's non-tensor positional inputs as ``(None, 0)``
(docs/pytorch_drop_in.md)."""

import gc

import pytest

import tinytorch
from tinytorch._ops._op import AccumulateGrad

torch = pytest.importorskip("torch")


def _structure(fn):
    """A node's name and, recursively, the nodes of its next_functions with their output
    numbers (without the ``(None, 0)`` entries, whose count differs)."""
    return fn.name(), tuple((_structure(f), nr) for f, nr in fn.next_functions if f is not None)


def _program(lib):
    x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = lib.tensor([0.5, 0.25, 2.0], requires_grad=True)
    a, b = (x * y).split([1, 2])
    return ((a * b[:1]).exp() + y[1:2] * lib.ones(1)).sum()


def test_structure_of_a_graph_is_pytorchs():
    assert _structure(_program(tinytorch).grad_fn)[0] == "SumBackward0"
    assert _structure(_program(tinytorch).grad_fn) == _structure(_program(torch).grad_fn)


def test_a_leaf_gives_its_accumulate_grad_node():
    x = tinytorch.ones(2, requires_grad=True)
    node, nr = (x * 2).grad_fn.next_functions[0]
    theirs = (torch.ones(2, requires_grad=True) * 2).grad_fn.next_functions[0][0]
    assert isinstance(node, AccumulateGrad) and nr == 0
    assert node.variable is x
    assert node.name() == theirs.name() == "torch::autograd::AccumulateGrad"
    assert repr(node) == f"<AccumulateGrad object at {hex(id(node))}>" and type(node).__name__ == type(theirs).__name__
    assert node.next_functions == theirs.next_functions == ()
    assert node.metadata == {} and node.metadata is node.metadata


def test_one_accumulate_grad_node_per_leaf_while_it_is_referenced():
    x, y = (tinytorch.ones(2, requires_grad=True) for _ in range(2))
    first = (x * 2).grad_fn.next_functions[0][0]
    assert (x + 1).grad_fn.next_functions[0][0] is first  # as PyTorch's, held by the graph
    assert (y * 2).grad_fn.next_functions[0][0] is not first
    del first
    gc.collect()
    assert (x * 3).grad_fn.next_functions[0][0].variable is x


def test_inputs_without_a_gradient_are_none():
    x = tinytorch.ones(2, requires_grad=True)
    assert (x * tinytorch.ones(2)).grad_fn.next_functions[1] == (None, 0)
    assert (x * 2).grad_fn.next_functions[1] == (None, 0)


def test_walking_the_graph_reaches_every_parameter_as_in_pytorch():
    """The walk graph tools (torchviz) do: nodes through next_functions, leaves by .variable."""
    def leaves(lib):
        lib.manual_seed(0)
        model = lib.nn.Sequential(lib.nn.Linear(4, 3), lib.nn.ReLU(), lib.nn.Linear(3, 2))
        loss = model(lib.ones(5, 4)).sum()
        found, stack = set(), [loss.grad_fn]
        while stack:
            fn = stack.pop()
            if hasattr(fn, "variable"):
                found.add(id(fn.variable))
            stack.extend(f for f, _ in fn.next_functions if f is not None)
        return found == {id(p) for p in model.parameters()}

    assert leaves(tinytorch) and leaves(torch)
