"""typename, is_floating_point, is_complex, is_nonzero, result_type, can_cast, std_mean,
var_mean and asarray against PyTorch 2.13."""

import itertools

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
           "float32", "float64"]


def test_can_cast_matches_pytorch_for_every_pair():
    for a, b in itertools.product(_DTYPES, _DTYPES):
        assert tinytorch.can_cast(getattr(tinytorch, a), getattr(tinytorch, b)) == \
            torch.can_cast(getattr(torch, a), getattr(torch, b)), (a, b)
    with pytest.raises(TypeError, match=r"can_cast\(\): argument 'to' \(position 2\) must be "
                                        r"torch.dtype, not int"):
        tinytorch.can_cast(tinytorch.float32, 1)


def _operands(lib):
    return [lib.tensor([1, 2], dtype=lib.int32), lib.tensor([1, 2], dtype=lib.uint8),
            lib.tensor(1.5, dtype=lib.float64), lib.tensor([True]), lib.tensor([1.0]),
            lib.tensor(3), 1, 2.5, True]


def test_result_type_matches_pytorch():
    for (a, b), (ta, tb) in zip(itertools.product(_operands(tinytorch), repeat=2),
                                itertools.product(_operands(torch), repeat=2)):
        assert str(tinytorch.result_type(a, b)).split(".")[1] == \
            str(torch.result_type(ta, tb)).split(".")[1], (ta, tb)
    with pytest.raises(TypeError, match=r"result_type\(\) received an invalid combination"):
        tinytorch.result_type("a", 1)


def test_predicates_match_pytorch():
    for values in ([1.5], [0.0], [3], [0], [True], [False]):
        assert tinytorch.is_nonzero(tinytorch.tensor(values)) == \
            torch.is_nonzero(torch.tensor(values))
    for name in _DTYPES:
        t, r = tinytorch.zeros(1, dtype=getattr(tinytorch, name)), \
            torch.zeros(1, dtype=getattr(torch, name))
        assert tinytorch.is_floating_point(t) == torch.is_floating_point(r)
        assert tinytorch.is_complex(t) is False
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value"):
        tinytorch.is_nonzero(tinytorch.ones(2))
    with pytest.raises(TypeError, match=r"is_floating_point\(\): argument 'input' \(position 1\) "
                                        r"must be Tensor, not float"):
        tinytorch.is_floating_point(3.0)


def test_typename_matches_pytorch():
    assert tinytorch.typename(tinytorch.tensor([1, 2])) == torch.typename(torch.tensor([1, 2]))
    assert tinytorch.typename(tinytorch.nn.Parameter) == "tinytorch.nn.parameter.Parameter"
    for obj in (3, "s", int, len, None):
        assert tinytorch.typename(obj) == torch.typename(obj)


@pytest.mark.parametrize("args, kwargs", [((), {}), ((1,), {}), ((0,), dict(correction=0)),
                                          ((1, True), {}), ((1, False, True), {}),
                                          ((False,), {}), (((0, 1),), dict(keepdim=True))])
@pytest.mark.parametrize("name", ["std_mean", "var_mean"])
def test_std_mean_and_var_mean_match_pytorch(name, args, kwargs):
    x = np.random.default_rng(0).standard_normal((3, 4))
    t = tinytorch.tensor(x, requires_grad=True)
    r = torch.tensor(x, requires_grad=True)
    ours, theirs = getattr(tinytorch, name)(t, *args, **kwargs), getattr(torch, name)(r, *args,
                                                                                      **kwargs)
    assert isinstance(ours, tuple) and len(ours) == 2
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-12)
    (ours[0].sum() * 2 + ours[1].sum()).backward()
    (theirs[0].sum() * 2 + theirs[1].sum()).backward()
    np.testing.assert_allclose(t.grad.numpy(), r.grad.numpy(), rtol=1e-10)


def test_asarray_shares_copies_and_refuses_as_pytorch():
    a = np.ones(3, np.float32)
    t = tinytorch.asarray(a)
    a[0] = 5
    assert t.tolist() == [5, 1, 1]
    c = tinytorch.asarray(a, copy=True)
    a[0] = 7
    assert c.tolist() == [5, 1, 1]
    x = tinytorch.ones(2)
    assert tinytorch.asarray(x) is x
    assert tinytorch.asarray(x, copy=True) is not x
    assert tinytorch.asarray(x, dtype=tinytorch.float64).dtype is tinytorch.float64
    assert tinytorch.asarray([1, 2.5]).dtype is tinytorch.float32
    assert tinytorch.asarray(3).dtype is tinytorch.int64
    assert tinytorch.asarray(np.float64(2.0)).dtype is tinytorch.float64
    with pytest.raises(ValueError, match="can't alias tensor with dtype 'Float' into dtype "
                                         "'Double'."):
        tinytorch.asarray(x, dtype=tinytorch.float64, copy=False)
    with pytest.raises(ValueError, match="can't alias arbitrary sequence into a tensor."):
        tinytorch.asarray([1, 2], copy=False)


def test_asarray_requires_grad_as_pytorch():
    x = tinytorch.ones(2)
    assert tinytorch.asarray(x, requires_grad=True) is x and x.requires_grad  # changed in place
    y = tinytorch.ones(2, requires_grad=True) * 2
    z = tinytorch.asarray(y, requires_grad=False)
    assert not z.requires_grad and z.grad_fn is None
    w = tinytorch.asarray(y, copy=True)
    assert w.grad_fn is not None and w is not y
    i = tinytorch.asarray(tinytorch.ones(2, dtype=tinytorch.int64), dtype=tinytorch.float32,
                          requires_grad=True)
    assert i.requires_grad and i.is_leaf
