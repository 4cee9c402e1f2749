"""Views and aliasing of the tensG ops (diagonal, select, the splits, atleast_*, ravel,
moveaxis), their in-place variants, and the Tensor conveniences, against PyTorch."""

import numpy as np
import pytest

import tinytorch


def _lib(x):
    return tinytorch if isinstance(x, tinytorch.Tensor) else pytest.importorskip("torch")


VIEWS = {  # name: a view-taking call, the same for both libraries
    "diagonal": lambda x: x.diagonal(1),
    "diagonal_dims": lambda x: x.reshape(2, 3, 2).diagonal(0, 2, 0),
    "select": lambda x: x.select(1, 2),
    "tensor_split": lambda x: x.tensor_split(2, dim=1)[1],
    "hsplit": lambda x: x.hsplit([1])[1],
    "vsplit": lambda x: x.vsplit([1])[1],
    "atleast_3d": lambda x: _lib(x).atleast_3d(x),
    "ravel": lambda x: x.ravel(),
    "moveaxis": lambda x: x.moveaxis(0, 1),
}


@pytest.mark.parametrize("name", VIEWS)
def test_writing_through_a_view_changes_the_base_and_bumps_its_version(name, device):
    torch = pytest.importorskip("torch")
    take = VIEWS[name]
    ours = tinytorch.arange(12.0, device=device).reshape(3, 4)
    theirs = torch.arange(12.0).reshape(3, 4)
    v, tv = take(ours), take(theirs)
    assert v.storage_offset() == tv.storage_offset()
    assert v.stride() == tv.stride()
    before, tbefore = ours._version, theirs._version
    v.mul_(-1)
    tv.mul_(-1)
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())
    assert v._version == ours._version == before + 1
    assert tv._version == theirs._version == tbefore + 1


@pytest.mark.parametrize("name", ["diagonal", "select", "tensor_split"])
def test_in_place_on_a_view_of_a_non_leaf_reaches_the_leaf_gradient(name, device):
    torch = pytest.importorskip("torch")
    take = VIEWS[name]
    grads = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        leaf = lib.arange(12.0, dtype=lib.float64, device=dev).reshape(3, 4).requires_grad_()
        base = leaf * 1
        take(base).mul_(3)
        (base * lib.arange(12.0, dtype=lib.float64, device=dev).reshape(3, 4)).sum().backward()
        grads.append(np.asarray(leaf.grad.cpu().numpy() if lib is tinytorch else leaf.grad))
    np.testing.assert_array_equal(*grads)


def test_a_saved_view_written_in_place_breaks_backward_as_in_torch(device):
    x = tinytorch.ones(3, 3, dtype=tinytorch.float64, device=device, requires_grad=True)
    d = (x * 2).diagonal()
    y = d * d  # saves d
    d.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_diag_and_narrow_copy_do_not_alias(device):
    x = tinytorch.arange(4.0, device=device).reshape(2, 2)
    d, n = x.diag(), x.narrow_copy(0, 0, 1)
    d.add_(10)
    n.add_(10)
    assert x.tolist() == [[0.0, 1.0], [2.0, 3.0]]


def test_stride_and_storage_offset_match_torch_for_views(device):
    torch = pytest.importorskip("torch")
    ours = tinytorch.zeros(2, 3, 4, device=device)
    theirs = torch.zeros(2, 3, 4)
    for f in (lambda x: x, lambda x: x.transpose(0, 2), lambda x: x[1, 1:], lambda x: x[:, 2],
              lambda x: x.diagonal(1, 1, 2), lambda x: x[0].expand(5, 3, 4)):
        assert f(ours).stride() == f(theirs).stride()
        assert f(ours).storage_offset() == f(theirs).storage_offset()
    assert ours.stride(-1) == 1
    with pytest.raises(IndexError, match="Dimension out of range"):
        ours.stride(3)


def test_conveniences_match_torch(device):
    torch = pytest.importorskip("torch")
    for dtype in ("float32", "int64", "uint8", "bool", "int16"):
        x = tinytorch.zeros(2, 3, dtype=getattr(tinytorch, dtype), device=device)
        t = torch.zeros(2, 3, dtype=getattr(torch, dtype))
        assert (x.itemsize, x.nbytes, x.is_signed(), x.is_complex(), x.ndimension()) == (
            t.itemsize, t.nbytes, t.is_signed(), t.is_complex(), t.ndimension())
    x = tinytorch.tensor([1.7, -2.0], device=device)
    assert (x.byte().dtype, x.char().dtype, x.short().dtype) == (
        tinytorch.uint8, tinytorch.int8, tinytorch.int16)
    assert x.is_same_size(tinytorch.zeros(2)) and not x.is_same_size(tinytorch.zeros(1, 2))
    assert x.is_cpu == (device == "cpu")
    assert x.get_device() == (-1 if device == "cpu" else 0)
    assert tinytorch.tensor([0.0]).is_nonzero() is False
    with pytest.raises(RuntimeError, match="more than one value is ambiguous"):
        x.is_nonzero()
    with pytest.raises(RuntimeError, match="no values is ambiguous"):
        tinytorch.zeros(0).is_nonzero()


def _ones(lib, x, *shape):
    return lib.ones(*shape, dtype=x.dtype, device=x.device)


def _long(lib, x, values):
    return lib.tensor(values, device=x.device)


IN_PLACE = {  # name: (call on a copy of x, as both libraries spell it)
    "index_add_": lambda lib, x: x.index_add_(1, _long(lib, x, [0, 0]), _ones(lib, x, 2, 2),
                                              alpha=2),
    "index_copy_": lambda lib, x: x.index_copy_(0, _long(lib, x, [1]), _ones(lib, x, 1, 3)),
    "index_fill_": lambda lib, x: x.index_fill_(1, _long(lib, x, [2]), -1.0),
    "masked_scatter_": lambda lib, x: x.masked_scatter_(_long(lib, x, [True, False, True]),
                                                        _ones(lib, x, 4).cumsum(0)),
    "scatter_reduce_": lambda lib, x: x.scatter_reduce_(0, _long(lib, x, [[1, 1, 0]]),
                                                        _ones(lib, x, 1, 3), "amax",
                                                        include_self=False),
    "addcmul_": lambda lib, x: x.addcmul_(_ones(lib, x, 3) * 3, _ones(lib, x, 2, 1) * 2,
                                          value=0.5),
    "addcdiv_": lambda lib, x: x.addcdiv_(_ones(lib, x, 3) * 3, _ones(lib, x, 2, 1) * 2,
                                          value=2),
    "clamp_min_": lambda lib, x: x.clamp_min_(2.0),
    "clamp_max_": lambda lib, x: x.clamp_max_(2.0),
    "cumprod_": lambda lib, x: x.cumprod_(1),
    "remainder_": lambda lib, x: x.remainder_(-2.5),
    "fmod_": lambda lib, x: x.fmod_(_ones(lib, x, 3) * 2.5),
    "__imod__": lambda lib, x: x.__imod__(2.5),
    "__ipow__": lambda lib, x: x.__ipow__(1.5),
}


def test_floor_division_in_place_writes_through_views_as_in_torch(device):
    # x //= y was x = x // y: a new tensor, so a view of x kept the old values
    for x in (tinytorch.tensor([5.0, -7.0, 9.0], device=device),
              tinytorch.tensor([5, -7, 9], device=device)):
        view = x[:2]
        assert x.__ifloordiv__(2) is x and x.floor_divide_(1) is x
        assert view.tolist() == [2, -4]
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired "
                                           "output type Long"):
        tinytorch.tensor([5, 7], device=device).__ipow__(0.5)


@pytest.mark.parametrize("name", IN_PLACE)
def test_in_place_variants_match_torch_in_value_and_gradient(name, device):
    torch = pytest.importorskip("torch")
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        leaf = lib.arange(6.0, dtype=lib.float64, device=dev).reshape(2, 3).requires_grad_()
        x = leaf * 1
        out = IN_PLACE[name](lib, x)
        assert out is x
        (x * lib.arange(6.0, dtype=lib.float64, device=dev).reshape(2, 3)).sum().backward()
        results.append((np.asarray(x.detach().cpu().numpy()), np.asarray(leaf.grad.cpu())))
    np.testing.assert_allclose(results[0][0], results[1][0])
    np.testing.assert_allclose(results[0][1], results[1][1])
