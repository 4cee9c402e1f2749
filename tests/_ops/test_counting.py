"""Counting and search ops in the forms the op database does not draw: Tensor methods, the
one-argument repeat_interleave, scalar lookups, int32 results, which results carry grad, and
unique over slices (``dim=``) against PyTorch on every dtype."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch


def test_tensor_methods_match_the_functions(device):
    x = tinytorch.tensor([[0, 2], [2, 3]], device=device)
    assert x.unique().tolist() == [0, 2, 3]
    assert x.reshape(-1).bincount().tolist() == [1, 0, 2, 1]
    assert x.repeat_interleave(2, dim=0).shape == (4, 2)
    assert x.count_nonzero().item() == 3 and x.count_nonzero(0).tolist() == [1, 2]
    assert x.argwhere().tolist() == [[0, 1], [1, 0], [1, 1]]


def test_repeat_interleave_of_repeats_alone_repeats_their_positions(device):
    out = tinytorch.repeat_interleave(tinytorch.tensor([2, 0, 3], device=device))
    assert out.tolist() == [0, 0, 2, 2, 2]
    x = tinytorch.tensor([1.0, 2.0], device=device)
    assert x.repeat_interleave(tinytorch.tensor(2), output_size=4).tolist() == [1, 1, 2, 2]


def test_repeat_interleave_gradient_sums_the_copies(device):
    x = tinytorch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device, requires_grad=True)
    x.repeat_interleave(tinytorch.tensor([3, 1], device=device), dim=1).sum().backward()
    assert x.grad.tolist() == [[3.0, 1.0], [3.0, 1.0]]


def test_unique_and_searches_carry_no_gradient(device):
    x = tinytorch.tensor([3.0, 1.0, 3.0], device=device, requires_grad=True)
    values, inverse = tinytorch.unique(x, return_inverse=True)
    assert values.grad_fn is None and not values.requires_grad
    assert inverse.tolist() == [1, 0, 1] and inverse.dtype is tinytorch.int64


def test_searchsorted_and_bucketize_take_scalars_and_give_int32_on_request(device):
    s = tinytorch.tensor([1.0, 3.0, 5.0], device=device)
    out = tinytorch.searchsorted(s, 3.0, side="right")
    assert out.shape == () and out.item() == 2
    assert tinytorch.bucketize(tinytorch.tensor([4.0], device=device), s,
                               out_int32=True).dtype is tinytorch.int32


def test_isin_takes_a_scalar_on_either_side(device):
    x = tinytorch.tensor([1, 2, 3], device=device)
    assert tinytorch.isin(x, 2, invert=True).tolist() == [True, False, True]
    assert tinytorch.isin(2, x).item() is True


def test_bincount_with_float32_weights_sums_in_float32(device):
    x = tinytorch.tensor([1, 1, 3], device=device)
    w = tinytorch.tensor([0.5, 0.5, 1.0], device=device)
    out = tinytorch.bincount(x, w)
    assert out.dtype is tinytorch.float32 and out.tolist() == [0.0, 1.0, 0.0, 1.0]


# --- unique / unique_consecutive over slices (dim=) ----------------------------------------------
_DTYPES = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "uint8", "bool"]


def _slices_sample(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    values = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, draw(st.integers(1, 3)))))
    return values, dim


def _torch_of(values, dtype):
    torch = pytest.importorskip("torch")
    return torch.tensor(values).to(getattr(torch, dtype))


def _same(ours, theirs):
    for o, t in zip(ours, theirs):
        assert str(o.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]
        assert tuple(o.shape) == tuple(t.shape)
        assert o.tolist() == t.tolist()
        # the values are laid out as PyTorch's (moved back to dim); a size-1 dim's stride aside
        assert [st for st, n in zip(o.stride(), o.shape) if n > 1] == \
            [st for st, n in zip(t.stride(), t.shape) if n > 1]


@pytest.mark.parametrize("dtype", _DTYPES)
@pytest.mark.parametrize("name", ["unique", "unique_consecutive"])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_unique_over_slices_matches_pytorch(name, dtype, device, data):
    if dtype == "bfloat16" and device != "cpu":
        pytest.skip("bfloat16 tensors live on the CPU only (CuPy has no bfloat16)")
    values, dim = _slices_sample(data.draw)
    torch = pytest.importorskip("torch")
    t = _torch_of(values, dtype)
    x = tinytorch.tensor(values, device=device).to(getattr(tinytorch, dtype))
    ours = getattr(tinytorch, name)(x, return_inverse=True, return_counts=True, dim=dim)
    theirs = getattr(torch, name)(t, return_inverse=True, return_counts=True, dim=dim)
    _same([o.cpu() for o in ours], theirs)


def test_unique_over_slices_method_forms_and_flags(device):
    x = tinytorch.tensor([[1, 2], [1, 2], [0, 5], [3, 1]], device=device)
    assert x.unique(dim=0).tolist() == [[0, 5], [1, 2], [3, 1]]
    values, inverse = x.unique(False, True, False, -2)  # sorted=False sorts all the same
    assert values.tolist() == [[0, 5], [1, 2], [3, 1]] and inverse.tolist() == [1, 1, 0, 2]
    assert x.unique(dim=1, return_counts=True)[1].tolist() == [1, 1]
    assert x.unique(dim=tinytorch.tensor(0)).shape == (3, 2)  # a 0-d integer tensor is an int
    assert x.unique_consecutive(dim=0, return_counts=True)[1].tolist() == [2, 1, 1]


def test_unique_over_slices_keeps_each_slice_holding_a_nan_apart(device):
    nan = float("nan")
    x = tinytorch.tensor([[1.0, nan], [0.0, 2.0], [1.0, nan], [0.0, 2.0]], device=device)
    values, inverse, counts = tinytorch.unique(x, dim=0, return_inverse=True,
                                               return_counts=True)
    assert values.shape == (3, 2) and counts.tolist() == [2, 1, 1]
    assert values[inverse].isnan().tolist() == x.isnan().tolist()  # each slice where it went
    assert tinytorch.equal(values[inverse].nan_to_num(), x.nan_to_num())
    runs = tinytorch.unique_consecutive(x[[0, 2]], dim=0, return_counts=True)[1]
    assert runs.tolist() == [1, 1]


def test_unique_over_slices_of_empty_tensors_as_pytorch(device):
    for shape, dim in [((0, 3), 0), ((2, 0), -1), ((0,), 0), ((2, 0, 3), 1)]:
        for name in ("unique", "unique_consecutive"):
            out = getattr(tinytorch, name)(tinytorch.ones(*shape, device=device), dim=dim,
                                           return_inverse=True, return_counts=True)
            assert [tuple(o.shape) for o in out] == [shape, (0,), (0,)]
            assert [o.dtype for o in out[1:]] == [tinytorch.int64, tinytorch.int64]


def test_unique_over_slices_carries_no_gradient(device):
    x = tinytorch.tensor([[3.0, 1.0], [3.0, 1.0]], device=device, requires_grad=True)
    values, inverse, counts = tinytorch.unique(x, dim=0, return_inverse=True,
                                               return_counts=True)
    assert not values.requires_grad and values.grad_fn is None
    assert not inverse.requires_grad and not counts.requires_grad
