"""linspace, logspace and arange give PyTorch's CPU values bit for bit, in every dtype (NOTE
[linspace's rounding] and NOTE [arange's rounding] in tinytorch/backends/_array_api/core.py):
NumPy's own linspace and arange differed in the last bit of a fifth to most of the values,
including one of arange(0, 1, 0.1)'s ten."""

import random

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

FLOATS = ["float32", "float64", "float16", "bfloat16"]
INTEGERS = ["int64", "int32", "int16", "uint8"]


def _bits(t):
    return t.double().numpy() if str(t.dtype).endswith("16") and t.is_floating_point() \
        else t.numpy()


def _same(call):
    ours, theirs = call(tinytorch), call(torch)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    np.testing.assert_array_equal(_bits(ours), _bits(theirs))


@pytest.mark.parametrize("dtype", FLOATS + INTEGERS)
@pytest.mark.parametrize("seed", range(25))
def test_linspace_is_pytorchs(dtype, seed):
    r = random.Random(seed)
    if dtype == "uint8":
        start, end = r.uniform(0, 100), r.uniform(0, 200)
    else:
        start = r.uniform(-100, 100)
        end = start + r.uniform(-50, 50)
    steps = r.choice([0, 1, 2, 3, 7, 100, 1001])
    _same(lambda L: L.linspace(start, end, steps, dtype=getattr(L, dtype)))


@pytest.mark.parametrize("dtype", FLOATS + INTEGERS)
@pytest.mark.parametrize("seed", range(25))
def test_logspace_is_pytorchs(dtype, seed):
    r = random.Random(seed)
    start = r.uniform(-2, 2) if dtype in FLOATS else r.uniform(0, 1)
    end = start + r.uniform(0, 2)
    steps = r.choice([0, 1, 2, 5, 36, 144])
    base = r.choice([10.0, 2.0, np.e, 1.5])
    _same(lambda L: L.logspace(start, end, steps, base=base, dtype=getattr(L, dtype)))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("seed", range(25))
def test_arange_is_pytorchs(dtype, seed):
    r = random.Random(seed)
    start, step = r.uniform(-10, 10), r.uniform(0.001, 1) * r.choice([1, -1])
    end = start + step * r.randrange(0, 2000) + step / 3
    _same(lambda L: L.arange(start, end, step, dtype=getattr(L, dtype)))


@pytest.mark.parametrize("args", [(0, 1, 0.1), (-1, 1, 0.01), (0, 1, 0.001), (5.0,),
                                  (0.5, 3, 1)])
def test_everyday_aranges_are_pytorchs(args):
    _same(lambda L: L.arange(*args))


@pytest.mark.parametrize("call", [
    lambda L: L.linspace(0, 1, -1),
    lambda L: L.linspace(0, 1, 2.5),
    lambda L: L.linspace(0, 1, 3, dtype=L.bool),
    lambda L: L.linspace(0, 300, 3, dtype=L.uint8),
    lambda L: L.linspace(0, 1e10, 3, dtype=L.float16),
    lambda L: L.linspace(0, 1e40, 3),
], ids=["negative steps", "float steps", "bool", "uint8 overflow", "float16 overflow",
        "float32 overflow"])
def test_linspace_refuses_as_pytorch(call):
    with pytest.raises(Exception) as theirs:
        call(torch)
    with pytest.raises(type(theirs.value)) as ours:
        call(tinytorch)
    if type(theirs.value) is not TypeError:  # PyTorch's parser lists the signatures
        assert str(ours.value) == str(theirs.value)


def test_linspace_takes_pytorchs_wrapped_uint8_ends():
    assert tinytorch.linspace(-1, 3, 5, dtype=tinytorch.uint8).tolist() == \
        torch.linspace(-1, 3, 5, dtype=torch.uint8).tolist() == [255, 192, 129, 66, 3]
