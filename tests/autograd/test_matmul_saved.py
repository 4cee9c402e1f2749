"""What ``matmul`` keeps for backward, as PyTorch: each operand only for the other's gradient,
and a copy of an N-D operand where PyTorch's fold into a matrix copies it (NOTE [Saved
values] in tinytorch/_ops/_op.py). A later in-place write into an operand then raises at
backward exactly where PyTorch's does, and gradients of any order are PyTorch's."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _grad(lib, *shape):
    return lib.ones(*shape, dtype=lib.float64, requires_grad=True) * 1


def _const(lib, *shape):
    return lib.ones(*shape, dtype=lib.float64)


# (a, b, which operand is written in place after the product)
CASES = {
    "1-D @ 3-D, b written": (lambda L: _grad(L, 2), lambda L: _grad(L, 2, 2, 3), "b"),
    "2-D @ 3-D, b written": (lambda L: _grad(L, 4, 2), lambda L: _grad(L, 2, 2, 3), "b"),
    "constant 2-D @ 3-D, b written": (lambda L: _const(L, 4, 2), lambda L: _grad(L, 2, 2, 3),
                                      "b"),
    "1-D @ 3-D folding without a copy": (lambda L: _grad(L, 2),
                                         lambda L: _grad(L, 2, 3, 2).mT, "b"),
    "3-D @ 2-D, a written": (lambda L: _grad(L, 2, 3, 4), lambda L: _grad(L, 4, 5), "a"),
    "permuted 3-D @ 2-D, a written": (lambda L: _grad(L, 3, 2, 4).transpose(0, 1),
                                      lambda L: _grad(L, 4, 5), "a"),
    "permuted 3-D @ constant 2-D": (lambda L: _grad(L, 3, 2, 4).transpose(0, 1),
                                    lambda L: _const(L, 4, 5), "a"),
    "permuted 3-D @ 1-D": (lambda L: _grad(L, 3, 2, 4).transpose(0, 1),
                           lambda L: _grad(L, 4), "a"),
    "3-D @ 3-D, a written": (lambda L: _grad(L, 2, 3, 4), lambda L: _grad(L, 2, 4, 5), "a"),
    "3-D @ constant 3-D": (lambda L: _grad(L, 2, 3, 4), lambda L: _const(L, 2, 4, 5), "a"),
    "2-D @ constant 2-D, a written": (lambda L: _grad(L, 3, 4), lambda L: _const(L, 4, 2), "a"),
    "2-D @ 2-D, a written": (lambda L: _grad(L, 3, 4), lambda L: _grad(L, 4, 2), "a"),
    "3-D @ 4-D broadcast, a written": (lambda L: _grad(L, 2, 2, 1),
                                       lambda L: _grad(L, 2, 1, 1, 1), "a"),
    "3-D @ 4-D broadcast, b written": (lambda L: _grad(L, 2, 2, 1),
                                       lambda L: _grad(L, 2, 1, 1, 1), "b"),
    "4-D @ 4-D broadcast both ways": (lambda L: _grad(L, 1, 2, 3, 4),
                                      lambda L: _grad(L, 5, 1, 4, 2), "a"),
    "3-D @ 3-D broadcast batch 1": (lambda L: _grad(L, 1, 3, 4), lambda L: _grad(L, 5, 4, 2),
                                    "a"),
}


def _raises_at_backward(lib, case):
    make_a, make_b, written = CASES[case]
    a, b = make_a(lib), make_b(lib)
    y = a @ b
    (a if written == "a" else b).add_(1)
    try:
        y.sum().backward()
    except RuntimeError as e:
        assert "modified by an inplace operation" in str(e)
        return True
    return False


@pytest.mark.parametrize("case", list(CASES))
def test_a_write_after_matmul_raises_where_pytorchs_does(case):
    assert _raises_at_backward(tinytorch, case) == _raises_at_backward(torch, case)


@pytest.mark.parametrize("shapes", [((3,), (2, 3, 4)), ((5, 3), (2, 3, 4)), ((2, 3, 4), (4,)),
                                    ((2, 3, 4), (4, 5)), ((3,), (3,)), ((4, 3), (3,)),
                                    ((2, 2, 1), (2, 1, 1, 2)), ((1, 2, 3, 4), (5, 1, 4, 2))])
def test_gradients_through_a_saved_copy_are_pytorchs_to_second_order(shapes):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in shapes]

    def grads(lib):
        a, b = (lib.tensor(x, requires_grad=True) for x in arrays)
        y = a @ b
        ga, gb = lib.autograd.grad((y * y).sum(), (a, b), create_graph=True)
        second = lib.autograd.grad(ga.sum() + (gb * gb).sum(), (a, b))
        return [t.detach().numpy() for t in (y, ga, gb, *second)]

    for ours, theirs in zip(grads(tinytorch), grads(torch)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


def test_the_copy_keeps_the_values_at_the_call():
    a = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    b = tinytorch.ones(2, 2, 3, dtype=tinytorch.float32) * tinytorch.tensor(1.0, requires_grad=True)
    (a @ b).sum().backward()  # nothing written: the plain gradient
    assert a.grad.tolist() == [6.0, 6.0]
    a.grad = None
    b2 = b.detach().clone().requires_grad_()
    y = a @ b2
    with tinytorch.no_grad():
        b2.mul_(10)  # a leaf's write under no_grad: the copy holds the values at the call
    y.sum().backward()
    theirs_a = torch.tensor([1.0, 2.0], requires_grad=True)
    theirs_b = torch.ones(2, 2, 3).requires_grad_()
    y = theirs_a @ theirs_b
    with torch.no_grad():
        theirs_b.mul_(10)
    y.sum().backward()
    assert a.grad.tolist() == theirs_a.grad.tolist()
