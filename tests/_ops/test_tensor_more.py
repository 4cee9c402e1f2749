"""The tensorM methods the op database does not cover: in-place forms, views, tuples of
results, data_ptr, and PyTorch's errors (PyTorch 2.13 as the reference where it runs)."""

import warnings

import numpy as np
import pytest

import tinytorch


def _torch():
    return pytest.importorskip("torch")


def test_unfold_is_a_view_that_writes_through(device):
    base = tinytorch.arange(6.0, device=device)
    windows = base.unfold(0, 2, 2)
    windows[1, 0] = 100.0
    assert base.tolist() == [0, 1, 100, 3, 4, 5]
    assert tinytorch.tensor(3.0, device=device).unfold(0, 1, 1).tolist() == [3.0]


def test_unfold_backward_through_an_in_place_write_on_the_view(device):
    x = tinytorch.arange(4.0, device=device, requires_grad=True)
    y = x * 1
    w = y.unfold(0, 2, 2)
    w.mul_(3)
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0, 3.0, 3.0]


def test_aminmax_matches_pytorch(device):
    torch = _torch()
    a = np.array([[1.0, 5.0, 5.0], [3.0, 0.0, 0.0]])
    x = tinytorch.tensor(a, device=device, requires_grad=True)
    t = torch.tensor(a, requires_grad=True)
    ours, theirs = tinytorch.aminmax(x, dim=1, keepdim=True), torch.aminmax(t, dim=1,
                                                                             keepdim=True)
    assert ours.min.tolist() == theirs.min.tolist() and ours.max.tolist() == theirs.max.tolist()
    (ours.min + 2 * ours.max).sum().backward()
    (theirs.min + 2 * theirs.max).sum().backward()
    assert x.grad.tolist() == t.grad.tolist()
    assert x.aminmax().max.item() == 5.0
    with pytest.raises(RuntimeError, match="cannot compute aminmax over an empty dimension"):
        tinytorch.zeros(0, device=device).aminmax()


def test_nanmedian_along_a_dim_matches_pytorch(device):
    torch = _torch()
    a = np.array([[np.nan, np.nan, 1.0], [4.0, np.nan, 2.0], [np.nan, np.nan, np.nan]])
    ours = tinytorch.tensor(a, device=device).nanmedian(1)
    theirs = torch.tensor(a).nanmedian(1)
    np.testing.assert_array_equal(ours.values.cpu().numpy(), theirs.values.numpy())
    assert ours.indices.tolist() == theirs.indices.tolist()


def test_t_in_place(device):
    x = tinytorch.arange(6.0, device=device).reshape(2, 3)
    assert x.t_() is x and x.shape == (3, 2) and x[0].tolist() == [0.0, 3.0]
    with pytest.raises(RuntimeError, match="t_\\(\\) expects a tensor with <= 2 dimensions|t\\(\\)"):
        tinytorch.zeros(2, 2, 2, device=device).t_()
    w = tinytorch.ones(2, 3, device=device, requires_grad=True)
    y = (w * 1).t_()
    (y * tinytorch.arange(6.0, device=device).reshape(3, 2)).sum().backward()
    assert w.grad.tolist() == [[0, 2, 4], [1, 3, 5]]


@pytest.mark.parametrize("shape, wrap", [((7, 3), True), ((7, 3), False), ((3, 5), False),
                                         ((3, 3, 3), False)])
def test_fill_diagonal_matches_pytorch(device, shape, wrap):
    torch = _torch()
    ours = tinytorch.zeros(*shape, device=device).fill_diagonal_(2.5, wrap)
    assert ours.tolist() == torch.zeros(*shape).fill_diagonal_(2.5, wrap).tolist()


def test_fill_diagonal_errors_and_gradient(device):
    with pytest.raises(RuntimeError, match="dimensions must larger than 1"):
        tinytorch.zeros(3, device=device).fill_diagonal_(1)
    with pytest.raises(RuntimeError, match="all dimensions of input must be of equal length"):
        tinytorch.zeros(2, 3, 4, device=device).fill_diagonal_(1)
    x = tinytorch.ones(2, 2, device=device, requires_grad=True)
    (x * 1).fill_diagonal_(0).sum().backward()
    assert x.grad.tolist() == [[0, 1], [1, 0]]


def test_in_place_forms(device):
    x = tinytorch.tensor([float("nan"), float("inf"), 1.0], device=device)
    assert x.nan_to_num_(nan=2.0, posinf=3.0) is x and x.tolist() == [2.0, 3.0, 1.0]
    b = tinytorch.tensor([1.0, 0.0], device=device)
    assert b.logical_not_().tolist() == [0.0, 1.0] and b.dtype is tinytorch.float32
    m = tinytorch.ones(2, 2, device=device)
    m.addmm_(tinytorch.ones(2, 3, device=device), tinytorch.ones(3, 2, device=device), beta=2,
             alpha=0.5)
    assert m.tolist() == [[3.5, 3.5], [3.5, 3.5]]


def test_index_put_and_put_in_place(device):
    x = tinytorch.zeros(2, 3, device=device)
    rows, cols = tinytorch.tensor([0, 1, 1], device=device), tinytorch.tensor([2, 0, 0],
                                                                              device=device)
    x.index_put_((rows, cols), tinytorch.tensor(1.0, device=device), accumulate=True)
    assert x.tolist() == [[0, 0, 1], [2, 0, 0]]
    y = tinytorch.zeros(2, 2, device=device)
    y.put_(tinytorch.tensor([-1, 0], device=device), tinytorch.tensor([4.0, 5.0], device=device))
    assert y.tolist() == [[5, 0], [0, 4]]
    with pytest.raises(IndexError, match="Expected source and index to have the same number"):
        y.put_(tinytorch.tensor([0, 1], device=device), tinytorch.tensor([1.0], device=device))


def test_unique_consecutive_matches_pytorch(device):
    torch = _torch()
    a = np.array([[1, 1], [1, 1], [2, 3], [1, 1]])
    for dim in (None, 0, 1):
        ours = tinytorch.unique_consecutive(tinytorch.tensor(a, device=device),
                                            return_inverse=True, return_counts=True, dim=dim)
        theirs = torch.unique_consecutive(torch.tensor(a), return_inverse=True,
                                          return_counts=True, dim=dim)
        assert [o.tolist() for o in ours] == [t.tolist() for t in theirs]
    assert tinytorch.tensor([2, 2, 1], device=device).unique_consecutive().tolist() == [2, 1]


@pytest.mark.parametrize("name", ["bitwise_and", "bitwise_or", "bitwise_xor"])
def test_bitwise_methods(device, name):
    a = tinytorch.tensor([12, 10], device=device)
    b = tinytorch.tensor([10, 6], device=device)
    assert getattr(a, name)(b).tolist() == getattr(np, name)([12, 10], [10, 6]).tolist()
    kernel = f"{name}_{tinytorch.device(device).type}"  # NOTE [Bool refusals]: device suffix
    with pytest.raises(NotImplementedError, match=f'"{kernel}" not implemented for \'Float\''):
        getattr(tinytorch.ones(2, device=device), name)(tinytorch.ones(2, device=device))
    assert a.bitwise_not().tolist() == [-13, -11]


def test_qr_method_warns_as_pytorch_and_matches_linalg(device):
    a = tinytorch.tensor([[3.0, 1.0], [4.0, 2.0], [0.0, 1.0]], device=device)
    with pytest.warns(UserWarning, match="torch.qr is deprecated"):
        q, r = a.qr(some=False)
    assert q.shape == (3, 3) and r.shape == (3, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q, r = tinytorch.qr(a)
    np.testing.assert_allclose((q @ r).cpu().numpy(), a.cpu().numpy(), atol=1e-5)


def test_data_ptr_tells_storages_apart(device):
    x = tinytorch.zeros(3, 4, device=device)
    assert x.data_ptr() == x[0].data_ptr() == x.view(12).data_ptr()
    assert x[1].data_ptr() - x.data_ptr() == 4 * x.element_size()
    assert x.clone().data_ptr() != x.data_ptr()


_BITWISE_OPERATORS = [
    lambda t, i, b: 2 & i, lambda t, i, b: 2 | i, lambda t, i, b: 2 ^ i, lambda t, i, b: True & b,
    lambda t, i, b: i << 1, lambda t, i, b: i >> 1, lambda t, i, b: 1 << i,
    lambda t, i, b: 64 >> i, lambda t, i, b: i.int() << 2, lambda t, i, b: b << 1,
    lambda t, i, b: t.bitwise_right_shift(-i, 1), lambda t, i, b: i.bitwise_left_shift(i),
    lambda t, i, b: 1.5 & i, lambda t, i, b: i << 1.5, lambda t, i, b: t.ones(2) >> 1,
]


@pytest.mark.parametrize("case", range(len(_BITWISE_OPERATORS)))
def test_shifts_and_reflected_bitwise_operators_match_torch(case, device):
    # 2 & x, 1 << x and the shifts raised TypeError: Tensor had no __rand__, __lshift__ ...
    torch = pytest.importorskip("torch")
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        i = lib.tensor([3, 4], device=dev)
        b = lib.tensor([True, False], device=dev)
        try:
            r = _BITWISE_OPERATORS[case](lib, i, b)
            results.append((r.tolist(), str(r.dtype).rpartition(".")[2]))
        except NotImplementedError as e:
            results.append(str(e).replace("_cuda", "_cpu"))
    assert results[0] == results[1]


def test_in_place_bitwise_operators_write_through_views(device):
    x = tinytorch.tensor([12, 10], device=device)
    view = x[:1]
    x &= 6
    x |= 1
    x ^= 3
    x <<= 2
    x >>= 1
    assert view.tolist() == [12] and x.tolist() == [12, 0]  # as PyTorch
    with pytest.raises(RuntimeError, match="result type Long can't be cast to the desired "
                                           "output type Bool"):
        b = tinytorch.tensor([True], device=device)
        b <<= 1


VIEW_DTYPES = [("float32", "int32", (2, 3), False), ("float32", "float16", (2, 3), False),
               ("float32", "uint8", (2, 3), False), ("float32", "float64", (2, 3), False),
               ("float32", "float64", (2, 4), False), ("float32", "int32", (3, 2), True),
               ("float32", "float16", (3, 2), True), ("float32", "int16", (), False),
               ("float32", "bfloat16", (3,), False), ("int64", "float64", (2,), False)]


@pytest.mark.parametrize("source, target, shape, transposed", VIEW_DTYPES)
def test_view_as_another_dtype_reads_the_same_memory_as_pytorch(source, target, shape,
                                                               transposed):
    torch = _torch()

    def run(lib):
        x = lib.arange(int(np.prod(shape)) or 1, dtype=getattr(lib, source)).reshape(shape)
        x = x.t() if transposed else x
        try:
            v = x.view(getattr(lib, target))
        except RuntimeError as e:
            return str(e)
        v.add_(1)  # the same memory, one version counter
        return (str(v.dtype).split(".")[1], tuple(v.shape), v.float().tolist(), x.tolist(),
                x._version, v.requires_grad)
    assert run(tinytorch) == run(torch)


def test_where_of_a_condition_alone_is_nonzero_as_tuple():
    for lib in (tinytorch, _torch()):
        got = lib.where(lib.tensor([[0, 2], [3, 0]]) > 0)
        assert [t.tolist() for t in got] == [[0, 1], [1, 0]]
