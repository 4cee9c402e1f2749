"""scatter's deprecated ``reduce="add"/"multiply"`` (``tinytorch/_ops/scatter_legacy.py``)
against PyTorch: values on every dtype (src and value forms, in place and not), PyTorch's
errors and their order, the backward that raises, and the once-per-process warning."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tinytorch._ops import _util

torch = pytest.importorskip("torch")

_DTYPES = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "uint8", "bool"]
_DEPRECATED = (r"^The reduce argument of torch\.scatter with Tensor src is deprecated and will "
               r"be removed in a future PyTorch release\. Use torch\.scatter_reduce instead for "
               r"more reduction options\.$")


def _quietly(call):
    """The call with the deprecation warning (PyTorch's, once per process) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return call()


def _outcome(call):
    try:
        out = _quietly(call)
    except Exception as e:  # noqa: BLE001 -- the error is what is compared
        return type(e).__name__, str(e).split("\n")[0]
    return str(out.dtype).split(".")[-1], tuple(out.shape), out.cpu().tolist()


@st.composite
def _fold_sample(draw):
    """x, an index of x's rank (repeated positions) and a src at least the index's size."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    n = shape[dim]
    index_shape = tuple(draw(st.integers(0, 5)) if d == dim % len(shape) else
                        draw(st.integers(0, m)) for d, m in enumerate(shape))
    index = draw(hnp.arrays(np.int64, index_shape, elements=st.integers(0, n - 1)))
    src_shape = tuple(max(i, s) for i, s in zip(index_shape, shape))
    ints = st.integers(-3, 3)
    return (draw(hnp.arrays(np.int64, shape, elements=ints)), index,
            draw(hnp.arrays(np.int64, src_shape, elements=ints)), dim)


@pytest.mark.parametrize("dtype", _DTYPES)
@pytest.mark.parametrize("reduce", ["add", "multiply"])
@settings(max_examples=20, deadline=None)
@given(sample=_fold_sample(), value=st.sampled_from([-2, 3, 1.5]))
def test_scatter_reduce_keyword_matches_pytorch(dtype, reduce, sample, value, device):
    if dtype == "bfloat16" and device != "cpu":
        pytest.skip("bfloat16 tensors live on the CPU only (CuPy has no bfloat16)")
    x, index, src, dim = sample
    calls = [
        lambda L, x, i, s: x.scatter(dim, i, s, reduce=reduce),
        lambda L, x, i, s: x.clone().scatter_(dim, i, s, reduce=reduce),
        lambda L, x, i, s: L.scatter(x, dim, i, s, reduce=reduce),
        lambda L, x, i, s: x.scatter(dim, i, value, reduce=reduce),
        lambda L, x, i, s: x.clone().scatter_(dim, i, value=value, reduce=reduce),
    ]
    for call in calls:
        theirs = _outcome(lambda: call(torch, *(torch.tensor(a).to(getattr(torch, dtype))
                                               if a is not index else torch.tensor(a)
                                               for a in (x, index, src))))
        ours = _outcome(lambda: call(tinytorch, *(
            tinytorch.tensor(a, device=device).to(getattr(tinytorch, dtype))
            if a is not index else tinytorch.tensor(a, device=device) for a in (x, index, src))))
        assert ours == theirs


def test_scatter_reduce_keyword_examples_from_pytorch(device):
    x = tinytorch.ones(3, device=device)
    i = tinytorch.tensor([0, 0, 1], device=device)
    s = tinytorch.tensor([1.0, 2.0, 3.0], device=device)
    assert _quietly(lambda: x.clone().scatter_(0, i, s, reduce="add")).tolist() == [4, 4, 1]
    assert _quietly(lambda: x.scatter(0, i, s, reduce="multiply")).tolist() == [2, 3, 1]
    assert x.scatter(0, i, 2.0, reduce="add").tolist() == [5, 3, 1]
    assert x.scatter(0, i, value=2.0, reduce="multiply").tolist() == [4, 2, 1]
    nan = tinytorch.tensor([float("nan"), 0.0], device=device)
    out = _quietly(lambda: x.scatter(0, tinytorch.tensor([0, 1], device=device), nan,
                                     reduce="multiply"))
    assert out.isnan().tolist() == [True, False, False] and out[1:].tolist() == [0, 1]


def _bad_calls(L):
    ones, i = L.ones(3), L.tensor([0, 0])
    return {
        "unknown": lambda: ones.scatter(0, i, L.ones(2), reduce="sum"),
        "unknown value": lambda: ones.scatter_(0, i, 2.0, reduce="mean"),
        "unknown, empty index": lambda: ones.scatter(0, L.tensor([], dtype=L.int64),
                                                      L.ones(2), reduce="max"),
        "unknown before bounds": lambda: ones.scatter(0, L.tensor([7]), 2.0, reduce="foo"),
        "dim before unknown": lambda: ones.scatter(3, i, L.ones(2), reduce="foo"),
        "bounds": lambda: ones.scatter(0, L.tensor([7]), L.ones(1), reduce="add"),
        "negative": lambda: ones.scatter(0, L.tensor([-1]), 2.0, reduce="multiply"),
        "uint8 value overflow": lambda: L.ones(2, dtype=L.uint8).scatter(
            0, L.tensor([0]), 300, reduce="add"),
        "not a string": lambda: ones.scatter(0, i, L.ones(2), reduce=1),
        "not a string in place": lambda: ones.scatter_(0, i, 2, reduce=1.5),
    }


@pytest.mark.parametrize("case", list(_bad_calls(tinytorch)))
def test_scatter_reduce_keyword_errors_are_pytorchs(case):
    ours, theirs = _outcome(_bad_calls(tinytorch)[case]), _outcome(_bad_calls(torch)[case])
    assert ours == theirs
    assert ours[0] in ("RuntimeError", "IndexError", "TypeError")


def test_scatter_reduce_keyword_refuses_an_unknown_reduce_with_pytorchs_message(device):
    with pytest.raises(RuntimeError, match=r"^reduce argument must be either add or multiply\.$"):
        tinytorch.ones(3, device=device).scatter(0, tinytorch.tensor([0], device=device), 1.0,
                                                 reduce="sum")


@pytest.mark.parametrize("form", ["src", "value"])
@pytest.mark.parametrize("inplace", [False, True])
@pytest.mark.parametrize("reduce", ["add", "multiply"])
def test_scatter_reduce_keyword_has_no_derivative_as_pytorch(form, inplace, reduce, device):
    x = tinytorch.ones(3, device=device, requires_grad=True)
    src = tinytorch.tensor([1.0, 2.0], device=device, requires_grad=True)
    i = tinytorch.tensor([0, 0], device=device)
    source = src if form == "src" else 2.0
    base = x * 1 if inplace else x
    method = base.scatter_ if inplace else base.scatter
    out = _quietly(lambda: method(0, i, source, reduce=reduce))
    assert out.requires_grad and out.grad_fn.name() == "torch::autograd::NotImplemented"
    assert "grad_fn=<NotImplemented>" in repr(out)
    name = "scatter_" if inplace else "scatter"
    with pytest.raises(RuntimeError, match=rf"^derivative for aten::{name} is not implemented$"):
        out.sum().backward()
    with tinytorch.no_grad():
        assert not _quietly(lambda: x.scatter(0, i, source, reduce=reduce)).requires_grad


def test_scatter_reduce_keyword_warns_once_per_process_with_a_tensor_src(monkeypatch, device):
    monkeypatch.setattr(_util, "_warned_once", set())
    x, i = tinytorch.ones(3, device=device), tinytorch.tensor([0], device=device)
    x.scatter(0, i, 2.0, reduce="add")  # the value form does not warn
    with pytest.warns(UserWarning, match=_DEPRECATED):
        x.scatter(0, i, tinytorch.ones(1, device=device), reduce="add")
    x.scatter_(0, i, tinytorch.ones(1, device=device), reduce="multiply")  # not again
