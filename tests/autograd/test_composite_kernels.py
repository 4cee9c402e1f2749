"""Composite kernels (tinytorch/backends/composite.py, NOTE [Composite kernels]) are written
once: the array backends inherit them (the CPU's bfloat16 adapters convert, then call them),
the graph backend inherits them too (re-deriving only a saved value first, where the forward
saved one the graph cannot see through), and each one's double backward, run through the
shared formula, matches finite differences."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F
from tinytorch import autograd
from tinytorch._ops.nn_rnn import GRUCell as _GRUCell
from tinytorch._ops.nn_rnn import LSTMCell as _LSTMCell
from tinytorch._ops.nn_rnn import RNNCell as _RNNCell
from tinytorch._ops.nn_rnn import Recurrence as _Recurrence
from tinytorch.autograd.graph_backend import GraphBackend
from tinytorch.backends import get_backend
from tinytorch.backends._array_api import ArrayAPIBackend
from tinytorch.backends.composite import CompositeKernels

# one_thread and beside place a loop's kernels on threads (NOTE [Loops of small kernels],
# NOTE [Weight gradients beside the loop]); they are not formulas
KERNELS = sorted(k for k in vars(CompositeKernels)
                 if not k.startswith("_") and k not in ("one_thread", "beside"))
# Graph overrides that re-derive a saved value (the log-probabilities, the normalisation
# statistics) or the recurrent cells' gates with their dependence on the input, then call the
# shared formula.
GRAPH_ADAPTERS = {"cross_entropy_backward", "layer_norm_backward", "batch_norm_backward",
                  "lstm_cell_backward", "gru_cell_backward", "recurrence_backward",
                  "rms_norm_backward"}
# CPU overrides that run the shared formula on bfloat16 arrays as float32 and round once, as
# PyTorch's native kernels do (NOTE [bfloat16 on the CPU]); other dtypes pass straight on.
BFLOAT16_ADAPTERS = {"softmax_backward", "log_softmax_backward", "cross_entropy_backward",
                     "layer_norm_backward", "batch_norm_backward", "elu_backward",
                     "rms_norm_backward", "silu_backward", "mish_backward"}


def _overridden(cls):
    return {k for k in KERNELS if getattr(cls, k) is not getattr(CompositeKernels, k)}


# The recurrent cells' fused NumPy backwards (in place, no temporaries per gate) replace the
# shared formulas on the array backends' first-order path; each is checked against its formula.
ARRAY_FUSED = {"lstm_cell_backward", "gru_cell_backward"}


def test_array_backends_inherit_every_composite_kernel_but_the_fused_cells():
    from tinytorch.backends.cpu import CPUBackend
    assert _overridden(ArrayAPIBackend) == ARRAY_FUSED
    assert _overridden(CPUBackend) == ARRAY_FUSED | BFLOAT16_ADAPTERS


def _cell_backward_args(kernel, cpu, dtype):
    """Random arguments of a cell backward: the gradients, the forward's saved values."""
    rng = np.random.default_rng(3)
    gates, b, n = (4, 5, 7) if kernel == "lstm_cell_backward" else (3, 5, 7)
    gi, gh = (rng.standard_normal((b, gates * n)).astype(dtype) for _ in range(2))
    state, grad = (rng.standard_normal((b, n)).astype(dtype) for _ in range(2))
    if kernel == "lstm_cell_backward":
        saved = cpu.lstm_cell(gi, gh, state)[2:]
        return (grad, rng.standard_normal((b, n)).astype(dtype)) + saved + (state,)
    return grad, cpu.gru_cell(gi, gh, state)[1], gh, state


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kernel", sorted(ARRAY_FUSED))
def test_fused_array_kernel_matches_the_shared_formula(kernel, dtype):
    """NOTE [Composite kernels]: a fused kernel may replace the shared formula, not change it."""
    cpu = get_backend("cpu")
    args = _cell_backward_args(kernel, cpu, dtype)
    fused = getattr(cpu, kernel)(*args)
    shared = getattr(CompositeKernels, kernel)(cpu, *args)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-14)
    for a, e in zip(fused, shared, strict=True):
        assert a.dtype == e.dtype
        np.testing.assert_allclose(a, e, **tol)


def test_graph_backend_overrides_only_its_adapters():
    assert _overridden(GraphBackend) == GRAPH_ADAPTERS


def _x(device, *shape, low=None, gap=None, seed=0):
    values = np.random.default_rng(seed + len(shape)).standard_normal(shape)
    if low is not None:  # a domain, e.g. positive values
        values = low + np.abs(values)
    if gap is not None:  # away from a kink at 0
        values = np.where(np.abs(values) < gap, np.sign(values + 1e-12) * gap * 2, values)
    return tinytorch.tensor(values, dtype=tinytorch.float64, device=device, requires_grad=True)


def _classes(device):
    return tinytorch.tensor([0, 2, 1, 2], device=device)


def _weight(device):
    return tinytorch.tensor([0.5, 1.5, 2.0], dtype=tinytorch.float64, device=device)


def _sequences(gi, h0, c0, w_hh, w_hr, gi_gru, h0_gru, w_hh_gru, b_hh_gru, gi_rnn):
    """Recurrence over a packed batch (3, 2, 1 sequences per step): a projected LSTM in
    reverse, a GRU with its hidden bias and a ReLU RNN forward."""
    sizes = (3, 2, 1)
    return (_Recurrence.apply(gi, h0, c0, w_hh, None, w_hr, mode="LSTM", batch_sizes=sizes,
                              reverse=True)
            + _Recurrence.apply(gi_gru, h0_gru, None, w_hh_gru, b_hh_gru, None, mode="GRU",
                                batch_sizes=sizes, reverse=False)
            + _Recurrence.apply(gi_rnn, h0_gru, None, w_hh_gru[:2], None, None,
                                mode="RNN_RELU", batch_sizes=sizes, reverse=False))


# kernel -> (function of the inputs, inputs(device)); each function's backward calls the kernel
CASES = {
    "sum_to": (lambda a, b: (a * b).tanh(), lambda d: (_x(d, 2, 3), _x(d, 3, seed=1))),
    "relu_backward": (lambda x: x.relu() * x, lambda d: (_x(d, 5, gap=0.1),)),
    "sigmoid_backward": (lambda x: x.sigmoid(), lambda d: (_x(d, 2, 3),)),
    "tanh_backward": (lambda x: x.tanh(), lambda d: (_x(d, 2, 3),)),
    "leaky_relu_backward": (lambda x: F.leaky_relu(x, 0.2) * x, lambda d: (_x(d, 5, gap=0.1),)),
    "elu_backward": (lambda x: F.elu(x, 0.7), lambda d: (_x(d, 6, gap=0.1),)),
    "silu_backward": (F.silu, lambda d: (_x(d, 6),)),
    "mish_backward": (F.mish, lambda d: (_x(d, 6),)),
    "softplus_backward": (lambda x: F.softplus(x, 2.0, 1.0), lambda d: (_x(d, 6, gap=0.1),)),
    "hardtanh_backward": (lambda x: F.hardtanh(x * 0.4) * x, lambda d: (_x(d, 6, gap=0.1),)),
    "rnn_cell_backward": (lambda gi, gh: _RNNCell.apply(gi, gh, "tanh") + _RNNCell.apply(
        gi, gh * 2, "relu"), lambda d: (_x(d, 3, 4, gap=0.1), _x(d, 3, 4, seed=1))),
    "lstm_cell_backward": (_LSTMCell.apply, lambda d: (_x(d, 2, 8), _x(d, 2, 8, seed=1),
                                                       _x(d, 2, 2, seed=2))),
    "gru_cell_backward": (_GRUCell.apply, lambda d: (_x(d, 2, 6), _x(d, 2, 6, seed=1),
                                                     _x(d, 2, 2, seed=2))),
    "recurrence_backward": (_sequences, lambda d: (
        _x(d, 6, 8), _x(d, 3, 1, seed=1), _x(d, 3, 2, seed=2), _x(d, 8, 1, seed=3),
        _x(d, 1, 2, seed=4), _x(d, 6, 6, seed=5), _x(d, 3, 2, seed=6), _x(d, 6, 2, seed=7),
        _x(d, 6, seed=8), _x(d, 6, 2, seed=9))),
    "softmax_backward": (lambda x: F.softmax(x, 1), lambda d: (_x(d, 3, 4),)),
    "log_softmax_backward": (lambda x: F.log_softmax(x, 0), lambda d: (_x(d, 3, 4),)),
    "cross_entropy_backward": (
        lambda x: F.cross_entropy(x, _classes(x.device), _weight(x.device), ignore_index=1,
                                  label_smoothing=0.2),
        lambda d: (_x(d, 4, 3),)),
    "smooth_l1_backward": (lambda x, t: F.smooth_l1_loss(x, t * 0, beta=0.5),
                           lambda d: (_x(d, 6, gap=0.1), _x(d, 6, seed=1))),
    "binary_cross_entropy_backward": (
        lambda p, y: F.binary_cross_entropy(p.sigmoid(), y.sigmoid()),
        lambda d: (_x(d, 5), _x(d, 5, seed=1))),
    "binary_cross_entropy_with_logits_backward": (
        lambda x, y, w: F.binary_cross_entropy_with_logits(x, y.sigmoid(), pos_weight=w),
        lambda d: (_x(d, 5), _x(d, 5, seed=1), _x(d, 5, low=0.5, seed=2))),
    "kl_div_backward": (lambda x, t: F.kl_div(x, t.sigmoid(), reduction="sum"),
                        lambda d: (_x(d, 5), _x(d, 5, seed=1))),
    "layer_norm_backward": (lambda x, w, b: F.layer_norm(x, (4,), w, b),
                            lambda d: (_x(d, 3, 4), _x(d, 4, seed=1), _x(d, 4, seed=2))),
    "batch_norm_backward": (
        lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
        lambda d: (_x(d, 4, 3, 2), _x(d, 3, seed=1), _x(d, 3, seed=2))),
    "rms_norm_backward": (lambda x, w: F.rms_norm(x, (2, 3), w),
                          lambda d: (_x(d, 2, 2, 3), _x(d, 2, 3, seed=1))),
}


def test_every_composite_kernel_has_a_double_backward_case():
    assert sorted(CASES) == KERNELS


@pytest.mark.parametrize("kernel", KERNELS)
def test_double_backward_runs_through_the_shared_formula(kernel, device, monkeypatch):
    shared, recorded = getattr(CompositeKernels, kernel), []

    def spy(self, *args, **options):
        recorded.append(isinstance(self, GraphBackend))
        return shared(self, *args, **options)
    monkeypatch.setattr(CompositeKernels, kernel, spy)
    fn, make = CASES[kernel]
    assert autograd.gradgradcheck(fn, make(device))
    assert True in recorded, f"{kernel}: the recorded backward did not call the shared formula"
