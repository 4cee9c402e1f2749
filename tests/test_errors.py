"""The user-facing errors of the core library: PyTorch's exception types, and messages that
name what was wrong (the shapes, sizes, dims, dtypes) and, where it helps, the fix."""

import pytest

import tinytorch


def ones(device, *shape, **kwargs):
    return tinytorch.ones(*shape, device=device, **kwargs)


# --- shapes --------------------------------------------------------------------------------------
def test_matmul_shape_mismatch_names_both_shapes(device):
    with pytest.raises(RuntimeError, match=r"shapes cannot be multiplied \(2x3 and 4x5\)"):
        ones(device, 2, 3) @ ones(device, 4, 5)


def test_batched_matmul_shape_mismatch_names_both_shapes(device):
    with pytest.raises(RuntimeError, match=r"2x3x4 and 5x6"):
        tinytorch.matmul(ones(device, 2, 3, 4), ones(device, 5, 6))


def test_broadcast_mismatch_in_arithmetic_names_sizes_and_dim(device):
    with pytest.raises(RuntimeError, match=r"(?i)the size of tensor a \(3\) must match the size "
                                           r"of tensor b \(4\) at non-singleton dimension 1"):
        ones(device, 2, 3) + ones(device, 4)


def where(a, b):
    return tinytorch.where(a > 0, a, b)


def lerp(a, b):
    return tinytorch.lerp(a, b, 0.5)


def clamp(a, b):
    return tinytorch.clamp(a, min=b)


@pytest.mark.parametrize("op", [
    tinytorch.sub, tinytorch.mul, tinytorch.div, tinytorch.pow, tinytorch.maximum,
    tinytorch.floor_divide, tinytorch.remainder, tinytorch.eq, tinytorch.lt, where, lerp,
    clamp], ids=lambda f: f.__name__)
@pytest.mark.parametrize("requires_grad", [False, True])
def test_every_broadcasting_op_names_sizes_and_dim(device, op, requires_grad):
    a = ones(device, 2, 3, requires_grad=requires_grad)
    with pytest.raises(RuntimeError, match=r"(?i)the size of tensor a \(3\) must match the size "
                                           r"of tensor b \(4\) at non-singleton dimension 1"):
        op(a, ones(device, 4))


def test_broadcast_mismatch_in_broadcast_tensors_names_sizes_and_dim(device):
    with pytest.raises(RuntimeError, match=r"(?i)size of tensor a \(3\) must match the size of "
                                           r"tensor b \(4\) at non-singleton dimension 1"):
        tinytorch.broadcast_tensors(ones(device, 2, 3), ones(device, 4))


def test_expand_mismatch_names_sizes(device):
    with pytest.raises(RuntimeError, match=r"expanded size of the tensor \(4\) must match the "
                                           r"existing size \(3\) at non-singleton dimension 1"):
        ones(device, 2, 3).expand(2, 4)


def test_reshape_names_the_shape_and_the_size(device):
    with pytest.raises(RuntimeError, match=r"shape '\[4, 2\]' is invalid for input of size 6"):
        ones(device, 2, 3).reshape(4, 2)


def test_view_names_the_shape_and_the_size(device):
    with pytest.raises(RuntimeError, match=r"shape '\[5\]' is invalid for input of size 6"):
        ones(device, 6).view(5)


def test_cat_mismatch_names_sizes_dim_and_position(device):
    with pytest.raises(RuntimeError, match=r"Sizes of tensors must match except in dimension 1\. "
                                           r"Expected size 2 but got size 3 for tensor number 2"):
        tinytorch.cat([ones(device, 2, 1), ones(device, 2, 4), ones(device, 3, 1)], dim=1)


def test_cat_ndim_mismatch_names_both(device):
    with pytest.raises(RuntimeError, match="same number of dimensions: got 2 and 1"):
        tinytorch.cat([ones(device, 2, 3), ones(device, 3)])


def test_stack_mismatch_names_both_shapes_and_entries(device):
    with pytest.raises(RuntimeError, match=r"stack expects each tensor to be equal size, but got "
                                           r"\[2, 3\] at entry 0 and \[3, 2\] at entry 1"):
        tinytorch.stack([ones(device, 2, 3), ones(device, 3, 2)])


@pytest.mark.parametrize("call", [
    lambda x: x.sum(3), lambda x: x.transpose(0, 2), lambda x: x.unsqueeze(4),
    lambda x: tinytorch.cat([x, x], dim=-3), lambda x: x.flip(2), lambda x: x[0].squeeze(-2),
], ids=["sum", "transpose", "unsqueeze", "cat", "flip", "squeeze"])
def test_dim_out_of_range_names_range_and_dim(device, call):
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of "
                                         r"\[-\d, \d\], but got -?\d\)"):
        call(ones(device, 2, 3))


# --- indexing ------------------------------------------------------------------------------------
def test_index_out_of_range_names_index_dim_and_size(device):
    x = ones(device, 3, 4)
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0 with size 3"):
        x[5]
    with pytest.raises(IndexError, match="index 4 is out of bounds for dimension 1 with size 4"):
        x[:, 4]
    with pytest.raises(IndexError, match="index -4 is out of bounds for dimension 0 with size 3"):
        x[tinytorch.tensor([0, -4], device=device)]
    with pytest.raises(IndexError, match="index 3 is out of bounds for dimension 0 with size 3"):
        x[3] = 1.0


def test_gather_index_out_of_range_names_index_dim_and_size(device):
    index = tinytorch.tensor([[0, 7]], device=device)
    with pytest.raises(RuntimeError, match="index 7 is out of bounds for dimension 1 with size 4"):
        ones(device, 3, 4).gather(1, index)


def test_negative_slice_step_is_rejected_like_pytorch(device):
    with pytest.raises(ValueError, match="step must be greater than zero"):
        ones(device, 3)[::-1]


def test_too_many_indices_names_the_dimension_count(device):
    with pytest.raises(IndexError, match="too many indices for tensor of dimension 2"):
        ones(device, 2, 2)[0, 0, 0]


def test_float_index_is_rejected_naming_its_type(device):
    with pytest.raises(IndexError, match=r"only integers, slices .* \(got float\)"):
        ones(device, 3)[1.5]


def test_float_index_tensor_is_rejected(device):
    with pytest.raises(IndexError, match="tensors used as indices must be long, int, byte or bool"):
        ones(device, 3)[tinytorch.tensor([0.0], device=device)]


# --- autograd ------------------------------------------------------------------------------------
def test_requires_grad_on_integer_tensor_names_the_dtype(device):
    with pytest.raises(RuntimeError, match=r"only Tensors of floating point dtype can require "
                                           r"gradients \(got .*int64"):
        tinytorch.arange(3, device=device).requires_grad_()


def test_backward_on_non_scalar_without_gradient_names_the_shape(device):
    y = ones(device, 2, 3, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match=r"grad can be implicitly created only for scalar "
                                           r"outputs.*\[2, 3\]"):
        y.backward()


def test_backward_gradient_of_wrong_shape_names_both_shapes(device):
    y = ones(device, 2, 3, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match=r"grad_output\[0\] has a shape of torch.Size\(\[3\]\) "
                                           r"and output\[0\] has a shape of "
                                           r"torch.Size\(\[2, 3\]\)"):
        y.backward(ones(device, 3))


def test_backward_on_tensor_that_does_not_require_grad(device):
    with pytest.raises(RuntimeError, match="does not require grad and does not have a grad_fn"):
        ones(device, 2).sum().backward()


def test_second_backward_without_retain_graph_says_how_to_fix(device):
    x = ones(device, 2, requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match=r"backward through the graph a second time.*"
                                           r"retain_graph=True"):
        y.backward()


def test_inplace_modification_of_saved_tensor_names_op_and_versions(device):
    x = ones(device, 3, requires_grad=True)
    y = x.exp()
    y.mul_(2)
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation: \[torch\.(cuda\.)?"
                                           r"FloatTensor \[3\]\], which is output 0 of Exp, is "
                                           r"at version 1; expected version 0"):
        y.sum().backward()


def test_inplace_on_leaf_requiring_grad_says_to_use_no_grad(device):
    x = ones(device, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"leaf Variable that requires grad is being used in an "
                                           r"in-place operation.*no_grad"):
        x.mul_(2)


def test_numpy_on_tensor_requiring_grad_hints_detach(device):
    x = ones(device, 2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Can't call numpy\(\) on Tensor that requires grad\. "
                                           r"Use tensor\.detach\(\)\.numpy\(\) instead"):
        x.numpy()


def test_size_of_a_dim_of_a_0d_tensor_is_pytorchs_index_error():
    """PyTorch: a 0-d tensor has no dimensions to ask the size of (tinytorch answered 1)."""
    t = tinytorch.tensor(3.0)
    assert t.size() == ()
    for dim in (0, -1, 1):
        with pytest.raises(IndexError, match=f"^Dimension specified as {dim} but tensor has no "
                                             "dimensions$"):
            t.size(dim)
