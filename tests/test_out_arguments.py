"""``out=`` on the ``torch.*`` functions (NOTE [out= arguments] in tinytorch/_arg_forms.py),
against PyTorch: the result written into ``out`` and ``out`` returned, its resizing and
warning, and PyTorch's refusals (autograd, casts)."""

import warnings

import pytest

import tinytorch

torch = pytest.importorskip("torch")

CALLS = {  # (function, args, out); each run with fresh tensors in both libraries
    "add": lambda L: (L.add, (L.arange(6.0).reshape(2, 3), 1.5), L.empty(2, 3)),
    "add resized": lambda L: (L.add, (L.arange(6.0).reshape(2, 3), 1.5), L.empty(2, 2)),
    "add into empty": lambda L: (L.add, (L.arange(6.0).reshape(2, 3), 1.5), L.empty(0)),
    "matmul": lambda L: (L.matmul, (L.ones(2, 3), L.ones(3, 4)), L.empty(2, 4)),
    "sum dim": lambda L: (L.sum, (L.arange(6.0).reshape(2, 3), 1), L.empty(2)),
    "cat": lambda L: (L.cat, ([L.ones(1, 2), L.zeros(2, 2)],), L.empty(3, 2)),
    "sqrt int into float": lambda L: (L.sqrt, (L.tensor([1, 4, 9]),), L.empty(3)),
    "max dim": lambda L: (L.max, (L.arange(6.0).reshape(2, 3), 1),
                          (L.empty(2), L.empty(2, dtype=L.int64))),
    "zeros": lambda L: (L.zeros, (2, 3), L.empty(2, 3, dtype=L.float64)),
    "arange": lambda L: (L.arange, (4,), L.empty(4, dtype=L.int64)),
    "inv": lambda L: (L.linalg.inv, (2 * L.eye(2),), L.empty(2, 2)),
    "float into int": lambda L: (L.add, (L.ones(3), 1.0), L.empty(3, dtype=L.int64)),
    "int into bool": lambda L: (L.add, (L.arange(3), 1), L.empty(3, dtype=L.bool)),
    "grad": lambda L: (L.mul, (L.ones(3, requires_grad=True), 2.0), L.empty(3)),
}


def _run(lib, name):
    fn, args, out = CALLS[name](lib)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*args, out=out)
        except RuntimeError as e:
            return str(e)
    outs = out if isinstance(out, tuple) else (out,)
    results = tuple(result) if isinstance(result, tuple) else (result,)
    return ([r is o for r, o in zip(results, outs)],
            [(str(o.dtype).split(".")[1], o.tolist()) for o in outs],
            [str(w.message).split(" This behavior")[0] for w in caught])


@pytest.mark.parametrize("name", sorted(CALLS))
def test_out_as_pytorch(name):
    assert _run(tinytorch, name) == _run(torch, name)


def test_out_may_be_an_input_and_bumps_its_version():
    for lib in (tinytorch, torch):
        a = lib.ones(3)
        assert lib.add(a, a, out=a) is a
        assert a.tolist() == [2.0, 2.0, 2.0] and a._version == 1
