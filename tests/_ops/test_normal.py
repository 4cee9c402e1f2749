"""tinytorch.normal's four forms against PyTorch 2.13: shapes, dtypes, zero gradients,
errors; the draws' moments; reproducibility under a generator."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _forms(lib):
    return [
        lambda: lib.normal(lib.zeros(2, 3), lib.ones(2, 1)),
        lambda: lib.normal(lib.zeros(3), lib.ones(2, 3)),
        lambda: lib.normal(lib.zeros(2, 3), 2.0),
        lambda: lib.normal(lib.zeros(4)),
        lambda: lib.normal(1.0, lib.ones(5)),
        lambda: lib.normal(0.0, 1.0, (2, 3)),
        lambda: lib.normal(2, 3, size=(4,)),
        lambda: lib.normal(0.0, 1.0, (2,), dtype=lib.float64, requires_grad=True),
        lambda: lib.normal(lib.zeros(2, dtype=lib.float64), lib.ones(2)),
    ]


def test_shapes_dtypes_and_grad_flags_match_pytorch():
    for ours, theirs in zip(_forms(tinytorch), _forms(torch)):
        a, b = ours(), theirs()
        assert tuple(a.shape) == tuple(b.shape)
        assert str(a.dtype).split(".")[1] == str(b.dtype).split(".")[1]
        assert a.requires_grad == b.requires_grad


def test_gradients_to_mean_and_std_are_zero_as_in_pytorch():
    for lib in (tinytorch, torch):
        mean = lib.full((3,), 2.0, requires_grad=True)
        std = lib.full((3,), 0.5, requires_grad=True)
        (lib.normal(mean, std) * 3).sum().backward()
        assert mean.grad.tolist() == [0.0] * 3 and std.grad.tolist() == [0.0] * 3


def test_moments_and_generator(device):
    g = tinytorch.Generator(device).manual_seed(1)
    mean = tinytorch.full((20000,), 3.0, device=device)
    a = tinytorch.normal(mean, 2.0, generator=g)
    assert abs(a.mean().item() - 3.0) < 0.05 and abs(a.std().item() - 2.0) < 0.05
    b = tinytorch.normal(mean, 2.0, generator=tinytorch.Generator(device).manual_seed(1))
    assert tinytorch.equal(a, b)


@pytest.mark.parametrize("call", [
    lambda lib: lib.normal(lib.zeros(2), -1.0),
    lambda lib: lib.normal(0.0, -1.0, (2,)),
    lambda lib: lib.normal(lib.zeros(2, dtype=lib.int64), 1.0),
    lambda lib: lib.normal(0.0, 1.0),
    lambda lib: lib.normal(0.0, lib.tensor([1.0, -1.0])),
])
def test_errors_match_pytorch(call):
    with pytest.raises(Exception) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value)) as ours:
        call(tinytorch)
    assert str(ours.value) == str(theirs.value)
