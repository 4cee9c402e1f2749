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
}


@pytest.mark.parametrize("name", CASES)
def test_like_pytorch(name):
    ours, our_warnings = _outcome(tinytorch, CASES[name])
    theirs, their_warnings = _outcome(torch, CASES[name])
    assert ours == theirs
    # PyTorch warns once a process (TORCH_WARN_ONCE) where tinytorch warns as Python does
    assert set(our_warnings) >= set(their_warnings)


def test_deprecated_0d_transposes_return_the_tensor_itself():
    x = tinytorch.tensor(2.0, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert x.H is x and x.mH is x and x.mT is x and x.adjoint() is x
