"""Indexing behaviour the op database does not cover: views and storage sharing, setitem's
fast path and autograd, scatter with a larger src, double backward, nonzero(as_tuple)."""

import numpy as np
import pytest

import tinytorch


def f64(values, device, requires_grad=False):
    return tinytorch.tensor(values, dtype=tinytorch.float64, device=device,
                            requires_grad=requires_grad)


def test_basic_index_is_a_view_sharing_storage_and_version(device):
    x = tinytorch.zeros(3, 4, device=device)
    row, col = x[1], x[:, ::2]
    row.fill_(1.0)
    col[0] = tinytorch.tensor([5.0, 6.0], device=device)
    assert x.tolist()[1] == [1.0, 1.0, 1.0, 1.0]
    assert x.tolist()[0] == [5.0, 0.0, 6.0, 0.0]
    assert row._version == x._version == col._version == 2


def test_advanced_index_is_a_copy(device):
    x = tinytorch.zeros(3, device=device)
    picked = x[[0, 2]]
    picked.fill_(7.0)
    assert x.tolist() == [0.0, 0.0, 0.0]
    assert x._version == 0


def test_none_ellipsis_and_bool_mask_follow_numpy(device):
    a = np.arange(24.0).reshape(2, 3, 4)
    x = tinytorch.tensor(a, device=device)
    mask = a[..., 0] > 5
    np.testing.assert_array_equal(x[None, ..., 1:3].cpu().numpy(), a[None, ..., 1:3])
    np.testing.assert_array_equal(x[tinytorch.tensor(mask, device=device)].cpu().numpy(),
                                  a[mask])
    np.testing.assert_array_equal(x[:, [0, 2], 1].cpu().numpy(), a[:, [0, 2], 1])


def test_setitem_without_grad_writes_in_place(device):
    x = tinytorch.zeros(2, 3, device=device)
    x[0, 1:] = 4.0
    x[1] = tinytorch.tensor([1, 2, 3], device=device)  # int values cast to x's dtype
    assert x.tolist() == [[0.0, 4.0, 4.0], [1.0, 2.0, 3.0]]
    assert x.dtype == tinytorch.float32 and x._version == 2


def test_setitem_gradients_reach_base_and_value(device):
    x = f64([[1.0, 2.0], [3.0, 4.0]], device, requires_grad=True)
    v = f64([10.0], device, requires_grad=True)
    y = x * 1
    y[:, 0] = v * 2  # v broadcast over the column
    (y * f64([[1.0, 2.0], [3.0, 4.0]], device)).sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), [[0.0, 2.0], [0.0, 4.0]])
    np.testing.assert_allclose(v.grad.cpu().numpy(), [2.0 * (1.0 + 3.0)])


def test_setitem_of_leaf_that_requires_grad_is_allowed_under_no_grad(device):
    w = f64([1.0, 2.0], device, requires_grad=True)
    with tinytorch.no_grad():
        w[0] = 0.0
    assert w.tolist() == [0.0, 2.0] and w.is_leaf


def test_repeated_advanced_indices_accumulate_gradient(device):
    x = f64([1.0, 2.0, 3.0], device, requires_grad=True)
    x[[0, 0, 2, 0]].sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), [3.0, 0.0, 1.0])


def test_scatter_src_larger_than_index_gets_zero_gradient_outside(device):
    x = f64([[0.0, 0.0, 0.0]], device, requires_grad=True)
    src = f64([[1.0, 2.0, 3.0]], device, requires_grad=True)
    out = x.scatter(1, tinytorch.tensor([[2, 0]], device=device), src)
    assert out.tolist() == [[2.0, 0.0, 1.0]]
    (out * f64([[10.0, 20.0, 30.0]], device)).sum().backward()
    np.testing.assert_allclose(src.grad.cpu().numpy(), [[30.0, 10.0, 0.0]])
    np.testing.assert_allclose(x.grad.cpu().numpy(), [[0.0, 20.0, 0.0]])


def test_gather_with_index_smaller_than_input(device):
    x = tinytorch.arange(12, device=device).reshape(3, 4)
    out = x.gather(1, tinytorch.tensor([[3, 0], [1, 1]], device=device))
    assert out.tolist() == [[3, 0], [5, 5]]


def test_masked_fill_with_tensor_value_is_differentiable(device):
    x = f64([1.0, 2.0, 3.0], device, requires_grad=True)
    value = f64(5.0, device, requires_grad=True)
    mask = tinytorch.tensor([True, False, True], device=device)
    out = x.masked_fill(mask, value)
    assert out.tolist() == [5.0, 2.0, 5.0]
    out.sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 0.0] and value.grad.item() == 2.0


def test_masked_fill_inplace_on_non_leaf(device):
    x = f64([1.0, -2.0], device, requires_grad=True)
    h = x * 3
    h.masked_fill_(tinytorch.tensor([False, True], device=device), 0.0)
    h.sum().backward()
    assert x.grad.tolist() == [3.0, 0.0]


def test_indexing_supports_double_backward(device):
    x = f64([1.0, 2.0, 3.0], device, requires_grad=True)
    assert tinytorch.autograd.gradgradcheck(lambda t: (t[[0, 2, 2]] ** 3).sum(), (x,))
    assert tinytorch.autograd.gradgradcheck(lambda t: (t[1:] ** 3).sum(), (x,))


def test_nonzero_as_tuple_gives_one_index_tensor_per_dim(device):
    x = tinytorch.tensor([[0, 1], [2, 0]], device=device)
    rows, cols = tinytorch.nonzero(x, as_tuple=True)
    assert rows.tolist() == [0, 1] and cols.tolist() == [1, 0]
    assert x.nonzero().tolist() == [[0, 1], [1, 0]]
    assert x[tinytorch.nonzero(x, as_tuple=True)].tolist() == [1, 2]


def test_index_select_and_take_along_dim_match_numpy(device):
    a = np.arange(12.0).reshape(3, 4)
    x = tinytorch.tensor(a, device=device)
    idx = tinytorch.tensor([2, 0, 2], device=device)
    np.testing.assert_array_equal(x.index_select(1, idx).cpu().numpy(), a[:, [2, 0, 2]])
    flat = tinytorch.take_along_dim(x, tinytorch.tensor([11, 0], device=device))
    assert flat.tolist() == [11.0, 0.0]


@pytest.mark.parametrize("call, exc, match", [
    (lambda x: x.index_select(0, tinytorch.tensor([[0]])), IndexError, "supposed to be a vector"),
    (lambda x: x.masked_fill(tinytorch.tensor([True]), tinytorch.ones(2)), RuntimeError,
     "0-dimensional value tensor"),
    (lambda x: x.scatter(0, tinytorch.tensor([[0]]), tinytorch.ones(1, 1, dtype=tinytorch.int64)),
     RuntimeError, "Expected self.dtype to be equal to src.dtype"),
    (lambda x: x.gather(0, tinytorch.tensor([[0.0]])), RuntimeError, "Expected dtype int64"),
], ids=["index_select-2d", "masked_fill-value", "scatter-dtype", "gather-float-index"])
def test_indexing_argument_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call(tinytorch.zeros(3, 2))


def test_an_integer_index_gives_a_0d_view_that_sees_in_place_writes(device):
    # NumPy returns a scalar copy for one element; PyTorch's x[i] is a view of x.
    a = tinytorch.tensor([[1.25, 2.0]], dtype=tinytorch.float64, device=device,
                         requires_grad=True)
    h = a.sum(-2)
    first, second = h[0], h[1]
    h.mul_(-2.0)
    assert (first.item(), second.item()) == (-2.5, -4.0)
    (first * 3 + second).backward()
    assert a.grad.tolist() == [[-6.0, -2.0]]
    x = tinytorch.arange(4.0, device=device)
    element = x[2]
    x.add_(1.0)
    assert element.item() == 3.0


def test_zero_dim_scatter_and_gather_match_pytorch():
    torch = pytest.importorskip("torch")
    calls = [lambda lib: lib.zeros(()).scatter_(0, lib.tensor(0), 1.0),
             lambda lib: lib.zeros(()).scatter(0, lib.tensor(0), lib.tensor(2.0)),
             lambda lib: lib.zeros(()).scatter_add(0, lib.tensor(0), lib.tensor(2.0)),
             lambda lib: lib.zeros(()).gather(0, lib.tensor(0)),
             lambda lib: lib.zeros(()).gather(-1, lib.tensor([0]))]
    for call in calls:
        assert repr(call(tinytorch)).replace("tinytorch", "torch") == repr(call(torch))
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of "
                                         r"\[-1, 0\], but got 1\)"):
        tinytorch.zeros(()).scatter(1, tinytorch.tensor(0), 1.0)
    x = tinytorch.tensor(3.0, requires_grad=True)
    tinytorch.zeros(()).scatter(0, tinytorch.tensor(0), x * 2).backward()
    assert x.grad.item() == 2.0


@pytest.mark.parametrize("write", [
    lambda x, i: x.index_add_(0, i, x), lambda x, i: x.index_copy_(0, i, x),
    lambda x, i: x.scatter_(0, i, x), lambda x, i: x.scatter_add_(0, i, x),
    lambda x, i: x.scatter_reduce_(0, i, x, "sum"), lambda x, i: x.put_(i, x),
    lambda x, i: x.index_put_((i,), x), lambda x, i: x[:1].index_add_(0, i[:1], x[:1])])
def test_indexed_writes_refuse_a_source_sharing_memory_with_the_target_as_torch(device, write):
    torch = pytest.importorskip("torch")
    for x, i in ((tinytorch.tensor([1.0, 2.0], device=device), tinytorch.tensor([0, 1],
                                                                               device=device)),
                 (torch.tensor([1.0, 2.0]), torch.tensor([0, 1]))):
        with pytest.raises(RuntimeError, match="some elements of the input tensor and the "
                                               "written-to tensor refer to a single memory"):
            write(x, i)


def test_index_select_result_is_contiguous_so_view_works_as_in_torch(device):
    x = tinytorch.zeros(2, 1, 1, device=device)
    y = -x.index_select(-2, tinytorch.tensor([0, 0], device=device))
    assert y.is_contiguous() and y.view(4).shape == (4,)


def test_fill_with_a_tensor_value_sends_it_the_gradient(device):
    # PyTorch's fill_ backward gives the value the sum of the gradient; tinytorch once took
    # the value's .item() and no gradient reached it
    value = f64(3.0, device, requires_grad=True)
    x = tinytorch.zeros(2, 2, dtype=tinytorch.float64, device=device)
    x.fill_(value)
    assert x.requires_grad and x.tolist() == [[3.0, 3.0], [3.0, 3.0]]
    (x * f64([[1.0, 2.0], [3.0, 4.0]], device)).sum().backward()
    assert value.grad.item() == 10.0
    with pytest.raises(RuntimeError, match="fill_ only supports 0-dimension value tensor"):
        x.fill_(f64([1.0], device))


EMPTY_INDEX_CASES = {
    # PyTorch checks nothing more of an empty index (dtype, dims, extent) in gather, scatter
    # and scatter_add; take_along_dim has checks of its own (found by the random-program tester)
    "gather_1d_of_2d": lambda T, x: T.gather(x, -1, T.zeros(0, dtype=T.long)),
    "gather_float": lambda T, x: T.gather(x, 1, T.zeros(0)),
    "gather_3d": lambda T, x: T.gather(x, 0, T.zeros(2, 0, 1, dtype=T.long)),
    "gather_larger": lambda T, x: T.gather(x, 1, T.zeros(3, 0, dtype=T.long)),
    "scatter_add_1d": lambda T, x: x.scatter_add(1, T.zeros(0, dtype=T.long),
                                                 T.zeros(0, dtype=T.float64)),
    "scatter_value": lambda T, x: x.scatter(-1, T.zeros(0, 3, 3, dtype=T.long), 1.0),
    "take_along_dim_1d": lambda T, x: T.take_along_dim(x, T.zeros(0, dtype=T.long), dim=1),
    "take_along_dim_flat": lambda T, x: T.take_along_dim(x, T.zeros(0, dtype=T.long)),
    "take_along_dim_empty_rows": lambda T, x: T.take_along_dim(x, T.zeros(2, 0, dtype=T.long),
                                                               dim=1),
    "take_along_dim_float": lambda T, x: T.take_along_dim(x, T.zeros(0, 2), dim=1),
    "take_along_dim_broadcasts": lambda T, x: T.take_along_dim(x, T.tensor([[0, 2]]), dim=1),
    "take_along_dim_mismatch": lambda T, x: T.take_along_dim(x, T.zeros(0, 2, dtype=T.long),
                                                             dim=1),
}


@pytest.mark.parametrize("name", sorted(EMPTY_INDEX_CASES))
def test_empty_and_broadcast_indices_of_gather_and_scatter_as_in_torch(name, device):
    torch = pytest.importorskip("torch")
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        x = lib.arange(6.0, dtype=lib.float64, device=dev).reshape(2, 3).requires_grad_(True)
        try:
            out = EMPTY_INDEX_CASES[name](lib, x)
        except RuntimeError as e:
            results.append(str(e).split(" (shapes")[0])
            continue
        (out * 2).sum().backward()
        results.append((out.tolist(), tuple(out.shape), x.grad.tolist()))
    assert results[0] == results[1]


def test_max_of_everything_sends_a_nan_result_s_gradient_to_the_nans_as_torch():
    # PyTorch's max()/min() backward (evenly_distribute_backward): a NaN result's gradient is
    # shared by the NaNs, and a result matching nothing (changed through .data) sends none;
    # amax/amin give NaN there. tinytorch gave NaN everywhere for max()/min()
    torch = pytest.importorskip("torch")
    nan = float("nan")
    results = []
    for lib in (tinytorch, torch):
        grads = []
        for f in (lambda x: x.max(), lambda x: x.min(), lambda x: x.amax(1),
                  lambda x: x.amin(0)):
            x = lib.tensor([[1.0, nan, 2.0], [3.0, 3.0, 0.0]], dtype=lib.float64,
                           requires_grad=True)
            f(x).sum().backward()
            grads.append(np.nan_to_num(x.grad.numpy(), nan=-7.0).tolist())
        x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
        y = x.max()
        y.data.mul_(2)
        y.backward()
        grads.append(x.grad.tolist())
        results.append(grads)
    assert results[0] == results[1]


@pytest.mark.parametrize("value", ["numpy.float32", "list", "ndarray", "NoneType", "str"])
def test_assigning_what_pytorch_refuses_raises_its_type_error(value):
    """PyTorch's x[i] = v takes a Tensor or a Python number (a numpy int or float64, which
    are ones); anything else is its TypeError (None was written as NaN here)."""
    import numpy as np
    v = {"numpy.float32": np.float32(2), "list": [1.0, 2.0, 3.0], "ndarray": np.ones(3),
         "NoneType": None, "str": "abc"}[value]
    for lib in (tinytorch, pytest.importorskip("torch")):
        with pytest.raises(TypeError) as info:
            lib.zeros(3)[:] = v
        assert str(info.value) == f"can't assign a {value.replace('ndarray', 'numpy.ndarray')}" \
            " to a torch.FloatTensor"


def test_assigning_through_a_lone_false_writes_nothing_as_pytorch():
    x = tinytorch.zeros(3)
    x[False] = tinytorch.ones(7)  # no shape check either
    assert x.tolist() == [0.0, 0.0, 0.0] and x._version == 0
