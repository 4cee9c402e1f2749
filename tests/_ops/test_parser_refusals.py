"""Calls PyTorch's argument parser refuses that tinytorch computed, against PyTorch: a
reduction's ``keepdim`` without a ``dim`` and ``dim=None`` where PyTorch's signature takes an
int (NOTE [Reductions with and without a dim] in ``tinytorch/_arg_forms.py``), and ``einsum``
on bools and integers (a contraction of bools is PyTorch's ``bmm`` error; a dim one operand
alone sums is summed to int64 first: ``einsum('ij->i', b)`` of bools counted, where tinytorch
gave the logical or)."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")

REDUCTIONS = ["sum", "mean", "prod", "max", "min", "median", "nanmedian", "nansum", "amax",
              "argmax", "all", "std", "logsumexp", "mode"]
KEYWORDS = [dict(keepdim=True), dict(dim=None), dict(dim=None, keepdim=True), dict(dim=1),
            dict(dim=1, keepdim=True), dict(keepdims=True), dict(axis=None)]


def _call(f):
    try:
        out = f()
    except TypeError as e:
        return TypeError, str(e).split(", but expected")[0].replace(", )", ")")
    out = out[0] if isinstance(out, tuple) else out
    return tuple(out.shape), out.tolist()


@pytest.mark.parametrize("function", [False, True], ids=["method", "function"])
@pytest.mark.parametrize("kwargs", KEYWORDS,
                         ids=lambda k: ",".join(f"{a}={b}" for a, b in k.items()))
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reduction_keywords_as_pytorch(name, kwargs, function):
    def run(T):
        x = T.arange(6.0).reshape(2, 3)
        if function:
            return _call(lambda: getattr(T, name)(x, **kwargs))
        return _call(lambda: getattr(x, name)(**kwargs))

    want, got = run(torch), run(tinytorch)
    if want[0] is not TypeError:
        assert got[0] == want[0]
        assert tinytorch.tensor(got[1]).allclose(tinytorch.tensor(want[1]))  # float32 rounding
    elif "invalid combination" in want[1] or "missing" in want[1]:  # its parser's wording
        assert got[0] is TypeError
    else:
        assert got == want


EINSUMS = [("ij,j->j", 2), ("ij,j->ij", 2), ("i,i->i", 1), ("i,i->", 1), ("ij->", 1),
           ("ii", 1), ("ii->i", 1), ("ij->i", 1), ("ij,jk->ik", 2), ("i,j->ij", 1),
           ("ij,jk", 2), ("ij,kl->", 2), ("ij,ij->ij", 2), ("ii,j->j", 1)]


@pytest.mark.parametrize("dtype", ["bool", "int8", "int64", "float32"])
@pytest.mark.parametrize("equation,matrices", EINSUMS)
def test_einsum_of_bools_and_integers_as_pytorch(equation, matrices, dtype):
    def run(T):
        m = T.tensor([[True, False], [True, True]]).to(getattr(T, dtype))
        v = T.tensor([True, True]).to(getattr(T, dtype))
        terms = equation.split("->")[0].split(",")
        try:
            out = T.einsum(equation, *[m if len(t) == 2 else v for t in terms])
        except NotImplementedError as e:
            return str(e)
        return str(out.dtype).rpartition(".")[2], out.tolist()

    assert run(tinytorch) == run(torch)
