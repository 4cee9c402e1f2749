"""Counting and search ops in the forms the op database does not draw: Tensor methods, the
one-argument repeat_interleave, scalar lookups, int32 results, and which results carry grad."""

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
