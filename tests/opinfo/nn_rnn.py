"""Op database entries for the fused recurrent-cell ops (``tinytorch/_ops/nn_rnn.py``): one
time step's gate arithmetic from the input and hidden projections ``gi``, ``gh`` (B, G·H).
The modules built on them (and their errors) are tested in ``tests/nn/test_rnn.py``."""

import numpy as np
from hypothesis import strategies as st

from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo.nn import away
from tinytorch._ops import nn_rnn


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def rnn_ref(gi, gh, nonlinearity):
    pre = gi + gh
    return np.tanh(pre) if nonlinearity == "tanh" else np.maximum(pre, 0)


def lstm_ref(gi, gh, c_prev):
    i, f, g, o = np.split(gi + gh, 4, axis=1)
    c = _sigmoid(f) * c_prev + _sigmoid(i) * np.tanh(g)
    return _sigmoid(o) * np.tanh(c), c


def gru_ref(gi, gh, h_prev):
    n = h_prev.shape[1]
    r, z = np.split(_sigmoid(gi[:, :2 * n] + gh[:, :2 * n]), 2, axis=1)
    cand = np.tanh(gi[:, 2 * n:] + r * gh[:, 2 * n:])
    return (1 - z) * cand + z * h_prev


def _torch_lstm(gi, gh, c_prev):
    i, f, g, o = (gi + gh).chunk(4, 1)
    c = f.sigmoid() * c_prev + i.sigmoid() * g.tanh()
    return o.sigmoid() * c.tanh(), c


def _torch_gru(gi, gh, h_prev):
    n = h_prev.shape[1]
    r, z = (gi[:, :2 * n] + gh[:, :2 * n]).sigmoid().chunk(2, 1)
    cand = (gi[:, 2 * n:] + r * gh[:, 2 * n:]).tanh()
    return (1 - z) * cand + z * h_prev


def _torch_rnn(gi, gh, nonlinearity):
    pre = gi + gh
    return pre.tanh() if nonlinearity == "tanh" else pre.relu()


@st.composite
def cell_sample(draw, gates):
    """gi, gh (B, gates·H) and the state (B, H); batch and hidden sizes from 1 to 4."""
    b, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    return Sample((draw(floats((b, gates * n))), draw(floats((b, gates * n))),
                   draw(floats((b, n)))))


@st.composite
def rnn_sample(draw):
    """gi, gh with gi + gh away from relu's kink at 0."""
    b, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    pre, gh = draw(away((b, n))), draw(floats((b, n)))
    return Sample((pre - gh, gh, draw(st.sampled_from(["tanh", "relu"]))))


OPS = [
    # Double backward runs the shared formulas (NOTE [Gates for double backward]).
    OpInfo("rnn_cell", nn_rnn.RNNCell.apply, rnn_ref, rnn_sample(), _torch_rnn, gradgrad=True),
    OpInfo("lstm_cell", nn_rnn.LSTMCell.apply, lstm_ref, cell_sample(4), _torch_lstm,
           gradgrad=True),
    OpInfo("gru_cell", nn_rnn.GRUCell.apply, gru_ref, cell_sample(3), _torch_gru, gradgrad=True),
]
