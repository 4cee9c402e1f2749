"""The tape holds no reference cycles: with the garbage collector off, graphs are freed by
reference counting alone as soon as the last Tensor goes, and memory stays flat over many
training-like steps (docs/autograd.md, "The engine")."""

import gc
import tracemalloc
import weakref
from contextlib import contextmanager

import pytest

import tinytorch
from tinytorch import autograd


@contextmanager
def gc_disabled():
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Square(autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return 2 * x * g


def _plain(x):
    return ((x @ x.t()).tanh() * 2).mean(0)


def _indexing_and_inplace(x):
    h = x * 1
    h[0] = h[1] * 3
    h.mul_(2)
    parts = h.split(1, dim=1)
    return tinytorch.cat([parts[1], parts[0]], dim=1)[[0, 2]].sum(1)


def _custom_function(x):
    return Square.apply(x).exp().sum(1)


GRAPHS = {"plain": _plain, "indexing_and_inplace": _indexing_and_inplace,
          "custom_function": _custom_function}


@pytest.mark.parametrize("backward", [False, True], ids=["forward_only", "with_backward"])
@pytest.mark.parametrize("name", list(GRAPHS))
def test_graph_is_freed_without_the_garbage_collector(device, name, backward):
    x = tinytorch.randn(3, 3, device=device, requires_grad=True)
    with gc_disabled():
        out = GRAPHS[name](x)
        refs = [weakref.ref(out), weakref.ref(out.grad_fn)]
        node, seen = out.grad_fn, []
        while node is not None and len(seen) < 50:  # walk the chain of first edges
            seen.append(weakref.ref(node))
            edge = next((e for e in node.next_edges if e is not None and e[1] is not None), None)
            node = edge[0] if edge else None
        del node, edge
        if backward:
            out.sum().backward()
        del out
        alive = [r for r in refs + seen if r() is not None]
        assert not alive, f"{len(alive)} graph objects outlived their last reference"
    assert backward is (x.grad is not None)


def test_training_steps_keep_memory_flat(device):
    tinytorch.manual_seed(0)
    w = tinytorch.randn(64, 32, device=device, requires_grad=True)
    b = tinytorch.zeros(32, device=device, requires_grad=True)
    data = tinytorch.randn(128, 64, device=device)
    target = tinytorch.randn(128, 32, device=device)

    def step():
        h = (data @ w + b).tanh()
        loss = ((h - target) ** 2).mean()
        loss.backward()
        with tinytorch.no_grad():
            w.sub_(w.grad * 0.01)
            b.sub_(b.grad * 0.01)
        w.grad = None
        b.grad = None

    with gc_disabled():
        tracemalloc.start()
        try:
            for _ in range(5):
                step()
            arrays, objects = _large_blocks(), len(gc.get_objects())
            for _ in range(200):
                step()
            arrays_grown = _large_blocks() - arrays
            objects_grown = len(gc.get_objects()) - objects
        finally:
            tracemalloc.stop()
    # One leaked graph per step would keep 200 x several 16 KiB arrays and thousands of objects.
    # (Small blocks are not counted: CPython's free lists fill up over the first few thousand
    # steps and then stay put, which is not a leak.)
    assert arrays_grown < 64 * 1024, f"array memory grew by {arrays_grown} bytes in 200 steps"
    assert objects_grown < 50, f"{objects_grown} more live objects after 200 steps"


def _large_blocks(threshold=1024):
    """Bytes held in traced blocks of at least ``threshold`` bytes (array buffers)."""
    return sum(t.size for t in tracemalloc.take_snapshot().traces if t.size >= threshold)
