"""``Tensor.new``, PyTorch's legacy constructor (old scripts' ``weight.new(size).normal_()``):
each form gives PyTorch's dtype, shape, values and aliasing, and its errors; and
``pin_memory``/``is_pinned``, which scripts call before copying batches to the GPU."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

FORMS = {
    "nothing": ((), {}),
    "sizes": ((2, 3), {}),
    "a Size": (("Size", [2, 4]), {}),
    "size keyword": ((), {"size": (3, 1)}),
    "zero": ((0,), {}),
    "a list": (([1, 2.5],), {}),
    "a tuple is data": (((2, 3),), {}),
    "nested bools": (([[True, False]],), {}),
    "an array": ((np.array([1, 2]),), {}),
    "device keyword": ((2,), {"device": "cpu"}),
}
ERRORS = {
    "a float": ((2.5,), {}),
    "a bool": ((True,), {}),
    "a string": (("ab",), {}),
    "a float size": ((2, 3.0), {}),
    "negative size": ((-1,), {}),
    "dtype keyword": ((2,), {"dtype": "float32"}),
    "size with positional": ((2, 3), {"size": (2,)}),
    "cuda device": ((2,), {"device": "cuda"}),
    "another dtype's tensor": (("tensor", [1, 2]), {}),
}


def _args(lib, args, kwargs):
    if args and isinstance(args[0], str) and args[0] in ("Size", "tensor"):
        args = ((lib.Size if args[0] == "Size" else lib.tensor)(args[1]),)
    if kwargs.get("dtype"):
        kwargs = dict(kwargs, dtype=getattr(lib, kwargs["dtype"]))
    return args, kwargs


@pytest.mark.parametrize("form", sorted(FORMS))
def test_new_matches_pytorch(form):
    results = []
    for lib in (tinytorch, torch):
        x = lib.ones(2, dtype=lib.float64)
        args, kwargs = _args(lib, *FORMS[form])
        y = x.new(*args, **kwargs)
        uninitialised = form in ("sizes", "a Size", "size keyword", "device keyword")
        results.append((str(y.dtype).split(".")[-1], tuple(y.shape), y.requires_grad,
                        None if uninitialised else y.tolist()))
    assert results[0] == results[1]


def test_new_of_a_tensor_of_the_same_dtype_is_a_view_of_it():
    x = tinytorch.ones(2, dtype=tinytorch.float64)
    a = tinytorch.tensor([1.0, 2.0], dtype=tinytorch.float64, requires_grad=True)
    b = x.new(a)
    assert b.requires_grad and b.data_ptr() == a.data_ptr()
    b.sum().backward()
    assert a.grad.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("form", sorted(ERRORS))
def test_new_refuses_as_pytorch_does(form):
    caught = []
    for lib in (tinytorch, torch):
        x = lib.ones(2, dtype=lib.float64)
        args, kwargs = _args(lib, *ERRORS[form])
        with pytest.raises(Exception) as info:
            x.new(*args, **kwargs)
        caught.append((type(info.value), str(info.value).split(",")[0].split(" but expected")[0]))
    assert caught[0] == caught[1]


def test_pin_memory_refuses_without_an_accelerator_and_nothing_is_pinned(monkeypatch):
    from tinytorch.backends import cuda as cuda_backend
    x = tinytorch.arange(6.0).reshape(2, 3).t()
    assert x.is_pinned() is False and torch.ones(2).is_pinned() is False
    monkeypatch.setattr(cuda_backend, "cuda_unavailable_reason", lambda: "no GPU here")
    with pytest.raises(RuntimeError) as mine:
        x.pin_memory()
    with pytest.raises(RuntimeError) as theirs:
        torch.ones(2).pin_memory()
    assert str(mine.value) == str(theirs.value)
    monkeypatch.setattr(cuda_backend, "cuda_unavailable_reason", lambda: None)
    y = x.pin_memory()  # with an accelerator: a copy (not page-locked), strides kept
    assert y is not x and y.data_ptr() != x.data_ptr() and y.stride() == x.stride()
    assert y.tolist() == x.tolist() and y.is_pinned() is False
