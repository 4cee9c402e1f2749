"""Recurrent layers: one fused op per cell type for a time step's gate arithmetic, and the
loops over time steps, directions and layers behind ``nn.RNN``/``nn.LSTM``/``nn.GRU``.
"""

from tinytorch._ops.join import cat
from tinytorch._ops.join import split
from tinytorch._ops.join import stack
from tinytorch._ops.join import unbind
from tinytorch._ops.nn_misc import Linear
from tinytorch._ops.nn_misc import dropout as _dropout
from tinytorch._ops._op import Op

# NOTE [Recurrent layers]
# A layer's input projection x Wᵢₕᵀ + bᵢₕ is one GEMM over every time step (and every
# sequence of a packed batch) at once, split into per-step views. Each step is then two ops:
# the hidden projection h Wₕₕᵀ + bₕₕ (a GEMM) and the cell op, whose forward and backward are
# each one fused kernel (``rnn_cell``, ``lstm_cell``, ``gru_cell`` in the backend contract).
# RNN and LSTM cells see only gi + gh, so bₕₕ joins bᵢₕ in the input projection (no per-step
# bias add or bias gradient); GRU's bₕₙ sits inside r (h Wₕₙᵀ + bₕₙ) and stays per step.
# Time steps are the rows of ``data`` in PyTorch's packed layout: step t holds the first
# batch_sizes[t] sequences (sorted longest first), so a padded batch is the case where every
# step holds all B. A sequence that has ended keeps its last state; the reverse direction
# starts each sequence at its own last step.


class RNNCell(Op):
    """h = act(gi + gh), act tanh or relu.  dL/dgi = dL/dgh = g act'(h)."""

    @staticmethod
    def forward(ctx, gi, gh, nonlinearity):
        h = ctx.backend.rnn_cell(gi, gh, nonlinearity)
        ctx.nonlinearity = nonlinearity
        ctx.save_for_backward(h)
        return h

    @staticmethod
    def backward(ctx, g):
        (h,) = ctx.saved_tensors
        d = ctx.backend.rnn_cell_backward(g, h, ctx.nonlinearity)
        return d, d, None


class LSTMCell(Op):
    """(i, f, g, o) = (σ, σ, tanh, σ)(gi + gh);  c = f c₋ + i g;  h = o tanh(c).
    dL/dc' = g_c + g_h o (1 - tanh²c);  dL/dc₋ = dL/dc' f;  dL/dgi = dL/dgh =
    (dL/dc' g, dL/dc' c₋, dL/dc' i, g_h tanh c) times each activation's derivative."""

    @staticmethod
    def forward(ctx, gi, gh, c_prev):
        h, c, gates, tanh_c = ctx.backend.lstm_cell(gi, gh, c_prev)
        ctx.save_for_backward(gates, tanh_c, c_prev)
        return h, c

    @staticmethod
    def backward(ctx, grad_h, grad_c):
        gates, tanh_c, c_prev = ctx.saved_tensors
        d_gates, d_c_prev = ctx.backend.lstm_cell_backward(grad_h, grad_c, gates, tanh_c, c_prev)
        return d_gates, d_gates, d_c_prev


class GRUCell(Op):
    """(r, z) = σ(gi + gh);  n = tanh(gi_n + r gh_n);  h = (1 - z) n + z h₋.
    dL/dh₋ = g z;  dL/dz = g (h₋ - n);  dL/dn = g (1 - z);  dL/dr = dL/dn' gh_n, with
    dL/dn' = dL/dn (1 - n²); dL/dgh_n = dL/dn' r, the other blocks as for gi."""

    @staticmethod
    def forward(ctx, gi, gh, h_prev):
        h, gates = ctx.backend.gru_cell(gi, gh, h_prev)
        ctx.save_for_backward(gates, gh, h_prev)
        return h

    @staticmethod
    def backward(ctx, g):
        gates, gh, h_prev = ctx.saved_tensors
        return ctx.backend.gru_cell_backward(g, gates, gh, h_prev)


GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
_NONLINEARITY = {"RNN_TANH": "tanh", "RNN_RELU": "relu"}


def step(mode, gi, state, w_hh, b_hh, w_hr=None):
    """One time step from the input projection ``gi``: state (h,) or, for LSTM, (h, c) ->
    the new state (h projected by ``w_hr`` when given)."""
    gh = Linear.apply(state[0], w_hh, b_hh)
    if mode == "LSTM":
        h, c = LSTMCell.apply(gi, gh, state[1])
        return (h if w_hr is None else Linear.apply(h, w_hr, None)), c
    if mode == "GRU":
        return (GRUCell.apply(gi, gh, state[0]),)
    return (RNNCell.apply(gi, gh, _NONLINEARITY[mode]),)


def _direction(mode, steps, initial, weights, batch_sizes, reverse):
    """One layer in one direction (see NOTE [Recurrent layers]); ``steps`` are the per-step
    input projections. -> (each step's h in time order, the final state)."""
    order = range(len(steps) - 1, -1, -1) if reverse else range(len(steps))
    outputs = [None] * len(steps)
    ended = []  # states of sequences that ended, in the order they ended
    rows = batch_sizes[order[0]]
    state = initial if rows == initial[0].shape[0] else tuple(s[:rows] for s in initial)
    for t in order:
        n = batch_sizes[t]
        if n < rows:  # forward: sequences n..rows ended at the previous step
            ended.append(tuple(s[n:rows] for s in state))
            state = tuple(s[:n] for s in state)
        elif n > rows:  # reverse: sequences rows..n start here
            state = tuple(cat([s, s0[rows:n]]) for s, s0 in zip(state, initial))
        rows = n
        state = step(mode, steps[t], state, *weights)
        outputs[t] = state[0]
    if ended:
        state = tuple(cat([s] + [e[k] for e in reversed(ended)]) for k, s in enumerate(state))
    return outputs, state


def rnn(mode, data, batch_sizes, hx, weights, num_layers, dropout, training, bidirectional):
    """The stacked recurrent layers over ``data`` (N, input_size), time steps in PyTorch's
    packed layout (see NOTE [Recurrent layers]).

    ``hx``: the initial states, a tuple of (num_layers * directions, B, ·) tensors ((h,) or
    (h, c)); ``weights``: per layer and direction, (w_ih, w_hh, b_ih, b_hh, w_hr) with None
    for absent ones. -> (output (N, directions * H_out), the final states like ``hx``).
    """
    directions = 2 if bidirectional else 1
    initial = [unbind(h, 0) for h in hx]
    final = [[] for _ in hx]
    sizes = [int(n) for n in batch_sizes]
    for layer in range(num_layers):
        outs = []
        for d in range(directions):
            k = layer * directions + d
            w_ih, w_hh, b_ih, b_hh, w_hr = weights[k]
            if b_hh is not None and mode != "GRU":
                b_ih, b_hh = b_ih + b_hh, None
            steps = split(Linear.apply(data, w_ih, b_ih), sizes, 0)
            out, state = _direction(mode, steps, tuple(h[k] for h in initial),
                                    (w_hh, b_hh, w_hr), sizes, d == 1)
            outs.append(cat(out, 0))
            for f, s in zip(final, state):
                f.append(s)
        data = outs[0] if directions == 1 else cat(outs, -1)
        if dropout and training and layer < num_layers - 1:
            data = _dropout(data, dropout, True)
    return data, tuple(stack(f) for f in final)
