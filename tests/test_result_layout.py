"""The memory layout of op results against PyTorch. Every op of the op database runs on
contiguous and on transposed inputs in both libraries and its results' strides are compared
(``test_op_result_layout_is_pytorchs``); the tables below pin particular cases: results PyTorch
gives contiguous for permuted inputs (reductions, normalisations, masked_fill, one_hot, constant
padding, einsum contractions), so a ``.view()`` of them works in both, and flip (rot90 through
it), which keeps its input's layout. The differences left are in docs/pytorch_drop_in.md."""

import warnings

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import tinytorch
from tests.test_ops import TORCH_OPS
from tests.test_ops import _torch_args
from tests.test_ops import to_tensors

torch = pytest.importorskip("torch")


def _inputs(lib):
    x = (lib.arange(24.0).reshape(2, 3, 4) / 7 - 1.5).permute(2, 0, 1)  # (4, 2, 3)
    return x, (lib.arange(12.0).reshape(3, 4) / 5 - 1).t(), lib.arange(60.0).reshape(
        2, 3, 2, 5).transpose(2, 3) / 9


# Results PyTorch gives contiguous for these inputs
CONTIGUOUS = {
    "sum": lambda L, x, m, i: x.sum(1), "sum keepdim": lambda L, x, m, i: x.sum(2, keepdim=True),
    "mean": lambda L, x, m, i: x.mean(1), "var": lambda L, x, m, i: x.var(2),
    "std": lambda L, x, m, i: x.std(1), "prod": lambda L, x, m, i: x.prod(1),
    "amax": lambda L, x, m, i: x.amax(1), "amin": lambda L, x, m, i: x.amin(2),
    "max dim": lambda L, x, m, i: x.max(1)[0], "argmax": lambda L, x, m, i: x.argmax(1),
    "logsumexp": lambda L, x, m, i: x.logsumexp(1), "norm": lambda L, x, m, i: x.norm(dim=1),
    "any": lambda L, x, m, i: (x > 0).any(1), "all": lambda L, x, m, i: (x > 0).all(2),
    "count_nonzero": lambda L, x, m, i: x.count_nonzero(1),
    "nansum": lambda L, x, m, i: x.nansum(1), "var_mean": lambda L, x, m, i: L.var_mean(x, 1)[0],
    "masked_fill": lambda L, x, m, i: m.masked_fill(m > 0, 0.0),
    "masked_fill 3-D": lambda L, x, m, i: x.masked_fill(x > 0, 0.0),
    "layer_norm": lambda L, x, m, i: L.nn.functional.layer_norm(x, (3,)),
    "rms_norm": lambda L, x, m, i: L.nn.functional.rms_norm(x, (3,)),
    "batch_norm": lambda L, x, m, i: L.nn.functional.batch_norm(i, None, None, training=True),
    "instance_norm": lambda L, x, m, i: L.nn.functional.instance_norm(i),
    "one_hot": lambda L, x, m, i: L.nn.functional.one_hot(L.zeros(3, 2, dtype=L.int64).t(), 3),
    "pad": lambda L, x, m, i: L.nn.functional.pad(m, (1, 1)),
    "pad cropping": lambda L, x, m, i: L.nn.functional.pad(m, (-1, 1)),
    # einsum of contiguous operands: NumPy's contractions leave results transposed
    "einsum ij,jk->ik": lambda L, x, m, i: L.einsum("ij,jk->ik", L.ones(4, 6), L.ones(6, 5)),
    "einsum ij,kj->ik": lambda L, x, m, i: L.einsum("ij,kj->ik", L.ones(4, 6), L.ones(4, 6)),
    "einsum bij,jk->bik": lambda L, x, m, i: L.einsum("bij,jk->bik", L.ones(2, 4, 6),
                                                      L.ones(6, 5)),
    "renorm": lambda L, x, m, i: x.renorm(2, 1, 1.0),
    "logsigmoid": lambda L, x, m, i: L.nn.functional.logsigmoid(x),
    "einsum attention scores": lambda L, x, m, i: L.einsum(
        "bhqd,bhkd->bhqk", L.ones(2, 3, 4, 5), L.ones(2, 3, 6, 5)),
}

# Results that keep the input's layout in PyTorch: compared stride for stride
SAME_STRIDES = {
    "flip": lambda L, x, m, i: m.flip(0), "flip 3-D": lambda L, x, m, i: x.flip(1, 2),
    "fliplr": lambda L, x, m, i: m.fliplr(), "rot90 2-D": lambda L, x, m, i: m.rot90(),
    "rot90 twice": lambda L, x, m, i: m.rot90(2), "rot90 3-D": lambda L, x, m, i:
    x.rot90(1, (1, 2)), "flip of contiguous": lambda L, x, m, i:
    L.ones(2, 3).flip(0),
}


def _result(lib, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(lib, *_inputs(lib))


@pytest.mark.parametrize("case", list(CONTIGUOUS))
def test_result_is_contiguous_as_pytorchs(case):
    theirs = _result(torch, CONTIGUOUS[case])
    assert theirs.is_contiguous()  # the table's claim
    ours = _result(tinytorch, CONTIGUOUS[case])
    assert ours.is_contiguous()
    assert ours.view(-1).shape == theirs.view(-1).shape


@pytest.mark.parametrize("case", list(SAME_STRIDES))
def test_result_strides_are_pytorchs(case):
    ours, theirs = _result(tinytorch, SAME_STRIDES[case]), _result(torch, SAME_STRIDES[case])
    assert ours.stride() == theirs.stride()
    assert ours.tolist() == theirs.tolist()


# --- every op of the op database, on contiguous and on transposed inputs ---------------------
# Ops whose result layout differs from PyTorch's where PyTorch's is not contiguous (so no
# PyTorch script can ``.view`` it): only "contiguous in PyTorch -> contiguous here" is checked.
_CHANNELS_LAST_1D = (
    "PyTorch runs the 1-D convolutions and pools through its 2-D kernels, which keep a "
    "channels-last input so: a (N, C, L) input with C innermost gives such a result there, a "
    "contiguous one here (tinytorch propagates no channels-last layout)")
KNOWN_LAYOUT_DIFFERENCES = {
    **dict.fromkeys(["conv1d", "conv_transpose1d", "max_pool1d", "avg_pool1d", "lp_pool1d",
                     "adaptive_avg_pool1d", "adaptive_max_pool1d", "local_response_norm"],
                    _CHANNELS_LAST_1D),
    "normalize": "x / norm(x): a binary op of a permuted first operand and a contiguous "
                 "(broadcast) second follows the first operand in PyTorch, C order in NumPy",
    "lstm_cell": "PyTorch's result comes from its own chunk views of the gates",
    **dict.fromkeys(["getitem_advanced", "getitem_tensor"],
                    "PyTorch's index kernel lays out the result by the strides of the dims "
                    "left, NumPy's in C order"),
    "einsum": "PyTorch's result is a permuted view of its internal contraction's",
    **dict.fromkeys(["linalg.solve", "linalg.solve_ex"],
                    "PyTorch lays a batch of solved vectors (..., n) out as a column-major "
                    "matrix of its last two dims, tinytorch in C order (the result it keeps "
                    "for backward: a copy would hide an in-place write into it)"),
    **dict.fromkeys(["linalg.cholesky", "linalg.solve_triangular"],
                    "upper=True / left=False: PyTorch's kernel computes U (X) column-major, "
                    "tinytorch's result is the transpose of the column-major L (Xᵀ) it keeps "
                    "for backward, so row-major"),
}


# Ops that return an input object itself where PyTorch returns a new one, or the other way
RETURNS_INPUT_DIFFERENCES = {
    "broadcast_tensors": "PyTorch returns an input whose shape is the broadcast shape itself, "
                         "tinytorch a view of it (writes reach the input in both)",
}


def _transposed(t):
    """t laid out transposed in its last two dims (the same values, strides swapped)."""
    if getattr(t, "ndim", 0) < 2:
        return t
    return t.detach().mT.contiguous().mT.requires_grad_(t.requires_grad)


def _tensors(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in _tensors(o)]
    return [out] if hasattr(out, "stride") else []


def _layout(t):
    return tuple(s for n, s in zip(t.shape, t.stride()) if n > 1)


@pytest.mark.parametrize("layout", ["contiguous", "transposed"])
@pytest.mark.parametrize("op", TORCH_OPS, ids=repr)
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_op_result_layout_is_pytorchs(op, layout, data):
    """Each result's strides are PyTorch's (dims of size 1 aside), so ``.view``, ``.is_contiguous``
    and in-place writes through views behave the same; a result is an input object itself
    exactly where PyTorch's is (a write into it reaches the input)."""
    sample = data.draw(op.samples)
    args = to_tensors(sample, "cpu", tinytorch.float64)
    targs = _torch_args(torch, sample, False)
    if layout == "transposed":
        args, targs = [_transposed(a) for a in args], [_transposed(a) for a in targs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            theirs = _tensors(op.torch_op(*targs, **sample.kwargs))
        except Exception:  # an input PyTorch refuses: the error tests cover it
            return
        ours = _tensors(op.op(*args, **sample.kwargs))
    for i, (o, t) in enumerate(zip(ours, theirs)):
        if op.name not in RETURNS_INPUT_DIFFERENCES:
            assert any(o is a for a in args) == any(t is a for a in targs), (
                f"{op.name} result {i}: an input itself in one library only")
        if tuple(o.shape) != tuple(t.shape) or t.numel() <= 1:
            continue
        what = f"{op.name} result {i} of {[tuple(a.shape) for a in targs if hasattr(a, 'shape')]}"
        if t.is_contiguous():
            assert o.is_contiguous(), f"{what}: PyTorch's is contiguous, ours {o.stride()}"
        if op.name not in KNOWN_LAYOUT_DIFFERENCES:
            assert _layout(o) == _layout(t), f"{what}: strides {o.stride()} != {t.stride()}"
