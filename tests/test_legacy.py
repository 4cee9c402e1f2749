"""PyTorch's legacy spellings: the typed tensor classes (torch.FloatTensor ...),
torch.autograd.Variable, and the inter-op thread count, against PyTorch 2.13."""

import pytest

import tinytorch
from tinytorch import _settings

torch = pytest.importorskip("torch")

_NAMES = ["FloatTensor", "DoubleTensor", "HalfTensor", "BFloat16Tensor", "LongTensor",
          "IntTensor", "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor"]


@pytest.mark.parametrize("name", _NAMES)
def test_typed_classes_construct_and_check_as_pytorchs(name):
    ours, theirs = getattr(tinytorch, name), getattr(torch, name)
    assert str(ours.dtype).split(".")[1] == str(theirs.dtype).split(".")[1]
    assert not ours.is_cuda and getattr(tinytorch.cuda, name).is_cuda
    for args in [([1, 0, 1],), ((2, 3),), ([[1, 0], [0, 1]],), ()]:
        a, b = ours(*args), theirs(*args)
        assert a.tolist() == b.tolist() and str(a.dtype)[10:] == str(b.dtype)[6:], args
    assert tuple(ours(2, 3).shape) == (2, 3)
    assert tuple(ours(tinytorch.Size([4, 1])).shape) == (4, 1)
    assert isinstance(tinytorch.zeros(1, dtype=ours.dtype), ours)
    t = tinytorch.zeros(1, dtype=ours.dtype)
    assert ours(t) is t
    assert tinytorch.ones(2).type(ours).dtype is ours.dtype


def test_typed_class_errors_match_pytorch():
    with pytest.raises(TypeError, match=r"new\(\): data must be a sequence \(got float\)"):
        tinytorch.FloatTensor(2.5)
    with pytest.raises(TypeError) as ours:
        tinytorch.FloatTensor(tinytorch.ones(2, dtype=tinytorch.float64))
    with pytest.raises(TypeError) as theirs:
        torch.FloatTensor(torch.ones(2, dtype=torch.float64))
    assert str(ours.value) == str(theirs.value)
    assert not isinstance(tinytorch.ones(2), tinytorch.DoubleTensor)
    assert not isinstance(tinytorch.ones(2), tinytorch.cuda.FloatTensor)
    assert not issubclass(tinytorch.FloatTensor, tinytorch.Tensor)


def test_variable_is_a_detached_alias():
    from tinytorch.autograd import Variable
    t = tinytorch.ones(2)
    v = Variable(t, requires_grad=True)
    assert v is not t and v.requires_grad and v.is_leaf and not t.requires_grad
    v.data[0] = 5  # shares t's storage
    assert t[0].item() == 5
    y = tinytorch.ones(2, requires_grad=True) * 2
    assert Variable(y).grad_fn is None and not Variable(y).requires_grad
    assert isinstance(y, Variable) and not isinstance([1], Variable)
    with pytest.raises(TypeError, match="Variable data has to be a tensor, but got list"):
        Variable([1, 2])
    with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
        Variable(t, volatile=True)


def test_interop_threads_are_set_once(monkeypatch):
    monkeypatch.setitem(_settings._state, "interop", None)
    assert tinytorch.get_num_interop_threads() >= 1
    for bad, message in (("x", "set_num_interop_threads expects an int, but got str"),
                         (0, "set_num_interop_threads expects a positive integer")):
        with pytest.raises(RuntimeError, match=message):
            tinytorch.set_num_interop_threads(bad)
    tinytorch.set_num_interop_threads(3)
    assert tinytorch.get_num_interop_threads() == 3
    with pytest.raises(RuntimeError, match="cannot set number of interop threads after "
                                           "parallel work has started"):
        tinytorch.set_num_interop_threads(2)
