"""Calls that a sweep of every public function and Tensor method (default arguments, every
dtype, 0-d, empty, 1-D and 2-D inputs) found answered differently from PyTorch: each case runs
the same call on both libraries and compares the result, or the error's type and message."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _messages(caught):
    return [str(w.message).split(" (Triggered internally at ")[0] for w in caught]


def _outcome(lib, call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = call(lib)
        except Exception as e:  # noqa: BLE001 -- the error is what is compared
            return ("error", type(e).__name__, str(e)), _messages(caught)
    if isinstance(result, tuple):
        result = [(str(r.dtype).split(".")[-1], r.tolist()) for r in result]
    elif hasattr(result, "tolist"):
        result = (str(result.dtype).split(".")[-1], tuple(result.shape), result.tolist())
    return ("value", result), _messages(caught)


CASES = {
    # a 0-d tensor is its own adjoint, with PyTorch's deprecation warning; 1-D raises
    "adjoint 0-d": lambda L: L.tensor(2.0).adjoint(),
    "H 0-d": lambda L: L.tensor(2.0).H,
    "mH 0-d": lambda L: L.tensor(2.0).mH,
    "mT 0-d": lambda L: L.tensor(2.0).mT,
    "mT 1-D": lambda L: L.ones(2).mT,
    "mT 3-D": lambda L: L.arange(6.0).reshape(1, 2, 3).mT,
    # the stacking functions take a list or tuple, not a tensor or a generator
    "hstack tensor": lambda L: L.hstack(L.ones(2, 2)),
    "vstack tensor": lambda L: L.vstack(L.ones(2, 2)),
    "dstack generator": lambda L: L.dstack(t for t in [L.ones(2)]),
    "column_stack tensor": lambda L: L.column_stack(L.ones(2, 2)),
    "hstack list": lambda L: L.hstack([L.ones(2), L.zeros(1)]),
    "unbind 0-d": lambda L: L.unbind(L.tensor(1.0)),
    "unbind 0-d dim -1": lambda L: L.unbind(L.tensor(1.0), -1),
    "histogram default bins": lambda L: L.histogram(L.tensor([1.0, 2.0, 4.0])),
    # repeat_interleave(repeats): 1-D int32/int64 only, the result in the repeats' dtype
    "repeat_interleave int32": lambda L: L.repeat_interleave(L.tensor([1, 2], dtype=L.int32)),
    "repeat_interleave 2-D": lambda L: L.repeat_interleave(L.ones(2, 2, dtype=L.int64)),
    "repeat_interleave 0-d": lambda L: L.repeat_interleave(L.tensor(2)),
    "repeat_interleave float": lambda L: L.repeat_interleave(L.tensor([1.0, 2.0])),
    "repeat_interleave int16 repeats": lambda L: L.repeat_interleave(
        L.tensor([5, 6]), L.tensor([1, 2], dtype=L.int16)),
    "repeat_interleave uint8": lambda L: L.repeat_interleave(L.tensor([1, 2], dtype=L.uint8)),
    "chain_matmul 1-D": lambda L: L.chain_matmul(L.ones(2, 3), L.ones(3)),
    "chain_matmul nothing": lambda L: L.chain_matmul(),
    # einsum's sublist format and its errors
    "einsum sublists": lambda L: L.einsum(L.arange(6.0).reshape(2, 3), [0, 1],
                                          L.arange(12.0).reshape(3, 4), [1, 2], [0, 2]),
    "einsum sublists implicit": lambda L: L.einsum(L.arange(6.0).reshape(2, 3), [0, 27],
                                                   L.arange(12.0).reshape(3, 4), [27, 51]),
    "einsum sublists ellipsis": lambda L: L.einsum(L.arange(24.0).reshape(2, 3, 4),
                                                   [Ellipsis, 1], L.ones(4, 2), [1, 2],
                                                   [Ellipsis, 2]),
    "einsum sublist out of range": lambda L: L.einsum(L.ones(2), [52]),
    "einsum tensor alone": lambda L: L.einsum(L.ones(2)),
    "einsum equation alone": lambda L: L.einsum("i"),
    # an int argument: Python and NumPy ints and 0-d integer tensors; not bools, floats or
    # other tensors
    "window numpy int": lambda L: L.hann_window(np.int64(3)),
    "window 0-d tensor": lambda L: L.hann_window(L.tensor(3)),
    "window bool": lambda L: L.hann_window(True),
    "window float": lambda L: L.bartlett_window(3.0),
    "window numpy float": lambda L: L.kaiser_window(np.float64(3)),
    "window 1-D tensor": lambda L: L.blackman_window(L.tensor([3])),
    "rot90 numpy int": lambda L: L.rot90(L.arange(4.0).reshape(2, 2), np.int64(1)),
    "rot90 0-d tensor": lambda L: L.rot90(L.arange(4.0).reshape(2, 2), L.tensor(1)),
    "rot90 float tensor": lambda L: L.rot90(L.ones(2, 2), L.tensor(1.0)),
    "rot90 bool": lambda L: L.rot90(L.ones(2, 2), True),
    "matrix_power 0-d tensor": lambda L: L.linalg.matrix_power(L.eye(2) * 2, L.tensor(3)),
    "polygamma bool": lambda L: L.polygamma(True, L.ones(1)),
    "channel_shuffle numpy int": lambda L: L.nn.functional.channel_shuffle(
        L.arange(4.0).reshape(1, 4, 1), np.int64(2)),
    "hardtanh uint8": lambda L: L.nn.functional.hardtanh(L.tensor([1, 2], dtype=L.uint8)),
    "hardtanh uint8 non-negative": lambda L: L.nn.functional.hardtanh(
        L.tensor([1, 2], dtype=L.uint8), 0.0, 1.0),
    "relu6 uint8": lambda L: L.nn.functional.relu6(L.tensor([1, 9], dtype=L.uint8)),
    "one_hot empty": lambda L: L.nn.functional.one_hot(L.zeros(0, dtype=L.int64)),
    "one_hot empty with classes": lambda L: L.nn.functional.one_hot(
        L.zeros(0, dtype=L.int64), 3),
    # a scale factor that rounds a size down to 0 (an empty result or ZeroDivisionError)
    "interpolate linear to 0": lambda L: L.nn.functional.interpolate(
        L.ones(1, 1, 2), scale_factor=0.3, mode="linear"),
    "interpolate nearest to 0": lambda L: L.nn.functional.interpolate(
        L.ones(1, 1, 2, 4), scale_factor=0.34, mode="nearest", recompute_scale_factor=True),
    "interpolate trilinear size 0": lambda L: L.nn.functional.interpolate(
        L.ones(1, 1, 2, 2, 2), size=(1, 0, 2), mode="trilinear"),
    "interpolate empty input": lambda L: L.nn.functional.interpolate(
        L.ones(1, 1, 0, 2), size=(2, 2)),
    "interpolate area to 0": lambda L: L.nn.functional.interpolate(
        L.ones(1, 1, 2), size=0, mode="area"),
    # signatures: arguments tinytorch lacked
    "Hardtanh deprecated names": lambda L: L.nn.Hardtanh(min_value=-2.0, max_value=3.0)(
        L.tensor([-5.0, 5.0])),
    "Hardtanh empty range": lambda L: L.nn.Hardtanh(1.0, 0.0),
    "normalize out": lambda L: L.nn.functional.normalize(L.arange(6.0).reshape(2, 3),
                                                         out=L.zeros(2, 3)),
    "normalize out with grad": lambda L: L.nn.functional.normalize(
        L.ones(2, 3, requires_grad=True), out=L.zeros(2, 3)),
    "modules with duplicates": lambda L: L.tensor(len(list(L.nn.Sequential(
        L.nn.ReLU(), L.nn.Sequential()).modules(remove_duplicate=False)))),
    "SyncBatchNorm without bias": lambda L: L.tensor(L.nn.SyncBatchNorm(3, bias=False).bias
                                                     is None),
    # Tensor methods and functions that were missing
    "angle": lambda L: L.angle(L.tensor([-2.0, 0.0, -0.0, 3.0, float("nan"), float("-inf")])),
    "angle int": lambda L: L.tensor([-1, 0, 2]).angle(),
    "angle float64": lambda L: L.angle(L.tensor([-1.0], dtype=L.float64)),
    "angle gradient": lambda L: L.autograd.grad(L.angle(
        x := L.tensor([-2.0, 1.0, float("nan")], requires_grad=True)).sum(), x)[0],
    "nonzero_static pads": lambda L: L.nonzero_static(L.tensor([[0, 1], [2, 0]]), size=3),
    "nonzero_static cuts": lambda L: L.tensor([[0, 1], [2, 0]]).nonzero_static(
        size=1, fill_value=7),
    "nonzero_static 1-D": lambda L: L.nonzero_static(L.tensor([0, 3, 4]), size=4),
    "dim_order permuted": lambda L: L.tensor(L.ones(2, 3, 4).permute(2, 0, 1).dim_order()),
    "dim_order channels_last": lambda L: L.tensor(L.ones(2, 3, 4, 5).to(
        memory_format=L.channels_last).dim_order()),
    "dim_order ties": lambda L: L.tensor(L.ones(1, 3).t().dim_order()),
    "dim_order strided": lambda L: L.tensor(L.ones(3, 4)[:, ::2].t().dim_order()),
    "dim_order ambiguous": lambda L: L.ones(2, 1, 4).dim_order(ambiguity_check=True),
    "dim_order ambiguous in a format": lambda L: L.ones(2, 1, 4, 4).dim_order(
        ambiguity_check=[L.contiguous_format]),
    "dim_order bad check": lambda L: L.ones(2, 3).dim_order(ambiguity_check=3),
    "scalar_tensor of a 0-d tensor": lambda L: L.scalar_tensor(L.tensor(3)),
    "scalar_tensor of a vector": lambda L: L.scalar_tensor(L.tensor([2.0])),
    "broadcast_shapes of a tensor": lambda L: L.broadcast_shapes(L.tensor(2)),
    "broadcast_shapes with None": lambda L: L.tensor(L.broadcast_shapes(None, (2, 1), 3)),
    "conj_physical is the tensor": lambda L: L.tensor(
        (y := L.ones(2)).conj_physical() is y and L.conj_physical(y) is y),
}

# Operands of different dtypes, which PyTorch's kernels refuse where a NumPy expression
# promoted them (a float64 batch into a float32 model trained silently in float64)
_D, _F, _L, _B = "float64", "float32", "int64", "bfloat16"


def _t(L, dtype, *shape):
    return L.ones(*shape, dtype=getattr(L, dtype))


def _mixed(call):
    return {f"{name} {a}/{b}": (lambda L, a=a, b=b: call(L, a, b)) for name, a, b in [
        ("", _D, _F), ("", _F, _D), ("", _L, _F), ("", _F, _B)]}


for _name, _call in {
    "linear": lambda L, a, b: L.nn.functional.linear(_t(L, a, 4, 3), _t(L, b, 2, 3)),
    "linear bias": lambda L, a, b: L.nn.functional.linear(_t(L, a, 4, 3), _t(L, a, 2, 3),
                                                           _t(L, b, 2)),
    "linear 3-D with bias": lambda L, a, b: L.nn.functional.linear(
        _t(L, a, 5, 4, 3), _t(L, b, 2, 3), _t(L, b, 2)),
    "Linear module": lambda L, a, b: L.nn.Linear(3, 2).to(getattr(L, b))(_t(L, a, 1, 3)),
    "addmm input": lambda L, a, b: L.addmm(_t(L, b, 2, 2), _t(L, a, 2, 3), _t(L, a, 3, 2)),
    "addmm mat1": lambda L, a, b: L.addmm(_t(L, b, 2, 2), _t(L, a, 2, 3), _t(L, b, 3, 2)),
    "addmv": lambda L, a, b: L.addmv(_t(L, b, 2), _t(L, a, 2, 3), _t(L, a, 3)),
    "baddbmm input": lambda L, a, b: L.baddbmm(_t(L, b, 1, 2, 2), _t(L, a, 1, 2, 3),
                                               _t(L, a, 1, 3, 2)),
    "baddbmm batches": lambda L, a, b: L.baddbmm(_t(L, a, 1, 2, 2), _t(L, a, 1, 2, 3),
                                                 _t(L, b, 1, 3, 2)),
    "addbmm": lambda L, a, b: L.addbmm(_t(L, b, 2, 2), _t(L, a, 1, 2, 3), _t(L, a, 1, 3, 2)),
    "conv2d bias": lambda L, a, b: L.nn.functional.conv2d(_t(L, a, 1, 1, 4, 4),
                                                          _t(L, a, 1, 1, 2, 2), _t(L, b, 1)),
    "conv2d weight": lambda L, a, b: L.nn.functional.conv2d(_t(L, a, 1, 1, 4, 4),
                                                            _t(L, b, 1, 1, 2, 2)),
    "layer_norm": lambda L, a, b: L.nn.functional.layer_norm(_t(L, a, 2, 3), (3,),
                                                             _t(L, b, 3), _t(L, b, 3)),
    "group_norm": lambda L, a, b: L.nn.functional.group_norm(_t(L, a, 2, 4), 2, _t(L, b, 4)),
    "batch_norm": lambda L, a, b: L.nn.functional.batch_norm(_t(L, a, 2, 3), _t(L, b, 3),
                                                             _t(L, b, 3)),
    "cross_entropy weight": lambda L, a, b: L.nn.functional.cross_entropy(
        _t(L, a, 2, 3), L.tensor([0, 1]), weight=_t(L, b, 3)),
    "nll_loss weight": lambda L, a, b: L.nn.functional.nll_loss(
        _t(L, a, 2, 3), L.tensor([0, 1]), weight=_t(L, b, 3)),
    "binary_cross_entropy weight": lambda L, a, b: L.nn.functional.binary_cross_entropy(
        _t(L, a, 3) * 0.5, _t(L, a, 3) * 0.5, weight=_t(L, b, 3)),
    "bce_with_logits pos_weight": lambda L, a, b: (
        L.nn.functional.binary_cross_entropy_with_logits(_t(L, a, 3), _t(L, a, 3),
                                                         pos_weight=_t(L, b, 3))),
}.items():
    CASES.update({_name + key: value for key, value in _mixed(_call).items()})


@pytest.mark.parametrize("name", CASES)
def test_like_pytorch(name):
    ours, our_warnings = _outcome(tinytorch, CASES[name])
    theirs, their_warnings = _outcome(torch, CASES[name])
    if ours[0] == theirs[0] == "value" and isinstance(ours[1], tuple):  # dtype, shape, values
        assert ours[1][:2] == theirs[1][:2]
        np.testing.assert_allclose(ours[1][2], theirs[1][2], rtol=1e-6)  # bf16 as float
    else:
        assert ours == theirs
    # PyTorch warns once a process (TORCH_WARN_ONCE) where tinytorch warns as Python does
    assert set(our_warnings) >= set(their_warnings)


def test_deprecated_0d_transposes_return_the_tensor_itself():
    x = tinytorch.tensor(2.0, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert x.H is x and x.mH is x and x.mT is x and x.adjoint() is x
