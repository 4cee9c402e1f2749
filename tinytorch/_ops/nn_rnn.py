"""Recurrent layers: one fused op per cell type for a time step's gate arithmetic (the cell
modules' step), one op for all the time steps of a layer in one direction, and the loops over
directions and layers behind ``nn.RNN``/``nn.LSTM``/``nn.GRU``.
"""

from itertools import accumulate

from tinytorch._ops.join import cat
from tinytorch._ops.join import stack
from tinytorch._ops.join import unbind
from tinytorch._ops.nn_misc import Linear
from tinytorch._ops.nn_misc import dropout as _dropout
from tinytorch._ops._op import Op

# NOTE [Recurrent layers]
# A layer's input projection x Wᵢₕᵀ + bᵢₕ is one GEMM over every time step (and every
# sequence of a packed batch) at once. The steps of one layer in one direction are then one
# op, ``Recurrence``: its forward loops over the steps, each the hidden GEMM h Wₕₕᵀ (+ bₕₕ) and
# the cell's fused kernel (``rnn_cell``, ``lstm_cell``, ``gru_cell`` in the backend contract);
# its backward (``recurrence_backward``, a composite kernel) goes back through time with each
# cell's fused backward and one GEMM per step for dh, and then computes each weight gradient
# as ONE GEMM over all steps (dWₕₕ = Σₜ dghₜᵀ hₜ₋₁), where a tape of per-step ops would run a
# small GEMM per step and add them up. The cell modules (``nn.LSTMCell``...) run one step as two
# ops (``step``). RNN and LSTM cells see only gi + gh, so bₕₕ joins bᵢₕ in the input projection
# (no per-step bias add or bias gradient); GRU's bₕₙ sits inside r (h Wₕₙᵀ + bₕₙ) and stays
# per step. Time steps are the rows of ``data`` in PyTorch's packed layout: step t holds the
# first batch_sizes[t] sequences (sorted longest first), so a padded batch is the case where
# every step holds all B. A sequence that has ended keeps its last state; the reverse
# direction starts each sequence at its own last step (see ``scan``). Double backward
# rebuilds the steps in the graph (NOTE [Sequences for double backward]).


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
    the new state (h projected by ``w_hr`` when given): the cell modules' step."""
    gh = Linear.apply(state[0], w_hh, b_hh)
    if mode == "LSTM":
        h, c = LSTMCell.apply(gi, gh, state[1])
        return (h if w_hr is None else Linear.apply(h, w_hr, None)), c
    if mode == "GRU":
        return (GRUCell.apply(gi, gh, state[0]),)
    return (RNNCell.apply(gi, gh, _NONLINEARITY[mode]),)


def scan(be, steps, initial, batch_sizes, reverse, cell):
    """The loop over time steps of one layer in one direction, over backend ``be``'s kernels
    (arrays, or Tensors for the graph backend): ``steps`` the per-step input projections,
    ``initial`` the (B, ·) states, ``cell(t, gi_t, prev)`` -> (new state, values to save) for
    the first n_t rows. The state keeps all B rows; step t replaces its first n_t, so a
    sequence that has ended keeps its last state and, in reverse, one that has not started
    holds its initial state (see NOTE [Recurrent layers]).
    -> (each step's h in time order, the final state, each step's saved values)."""
    rows = batch_sizes[0]
    outputs, saved = [None] * len(steps), [None] * len(steps)
    state = initial
    for t in (range(len(steps) - 1, -1, -1) if reverse else range(len(steps))):
        n = batch_sizes[t]
        new, saved[t] = cell(t, steps[t], state if n == rows else
                             tuple(be.split(s, [n], 0)[0] for s in state))
        outputs[t] = new[0]
        state = new if n == rows else tuple(
            be.concatenate([a, be.split(s, [n], 0)[1]], 0) for a, s in zip(new, state))
    return outputs, state, saved


def offsets(batch_sizes):
    """The first row of each time step after the first in the packed layout."""
    return list(accumulate(batch_sizes[:-1]))


class Recurrence(Op):
    """One layer in one direction over all its time steps (NOTE [Recurrent layers]).
    gi (N, G·H): every step's input projection, in the packed layout of ``batch_sizes``;
    h0 (B, H_out), c0 (B, H) for LSTM (else None); w_hh; b_hh (GRU's, else None); w_hr (LSTM's
    projection or None). -> (output (N, H_out), h_n[, c_n]).
    Backward is ``recurrence_backward``: back through time, one GEMM per weight gradient."""

    @staticmethod
    def forward(ctx, gi, h0, c0, w_hh, b_hh, w_hr, *, mode, batch_sizes, reverse):
        be = ctx.backend
        # contiguous Wᵀ: OpenBLAS ran the LSTM benchmark's (100, 128) @ (128, 512) step GEMM in
        # 137 us from it against 159 from the transposed view (Zen 4 guest, one thread)
        w_hh_t = be.ascontiguous(be.transpose(w_hh, (1, 0)))
        w_hr_t = None if w_hr is None else be.ascontiguous(be.transpose(w_hr, (1, 0)))

        def cell(t, gi_t, prev):
            h_prev = prev[0]
            gh = be.matmul(h_prev, w_hh_t)
            if mode == "LSTM":
                h, c, gates, tanh_c = be.lstm_cell(gi_t, gh, prev[1])
                if w_hr is None:
                    return (h, c), (h_prev, gates, tanh_c, prev[1])
                return (be.matmul(h, w_hr_t), c), (h_prev, gates, tanh_c, prev[1], h)
            if mode == "GRU":
                if b_hh is not None:
                    gh = be.add(gh, b_hh)
                h, gates = be.gru_cell(gi_t, gh, h_prev)
                return (h,), (h_prev, gates, gh)
            h = be.rnn_cell(gi_t, gh, _NONLINEARITY[mode])
            return (h,), (h_prev, h)

        initial = (h0,) if c0 is None else (h0, c0)
        with be.one_thread():  # each step's kernels are small (NOTE [Loops of small kernels])
            outputs, state, saved = scan(be, be.split(gi, offsets(batch_sizes), 0), initial,
                                         batch_sizes, reverse, cell)
        ctx.mode, ctx.batch_sizes, ctx.reverse = mode, batch_sizes, reverse
        ctx.save_for_backward(gi, h0, c0, w_hh, b_hh, w_hr, *(v for s in saved for v in s))
        # the final states are copies: the caller may change them in place (they are saved)
        return (be.concatenate(outputs, 0),) + tuple(be.copy(s) for s in state)

    @staticmethod
    def backward(ctx, grad_output, grad_h, grad_c=None):
        gi, h0, c0, w_hh, b_hh, w_hr, *flat = ctx.saved_tensors
        k = len(flat) // len(ctx.batch_sizes)
        steps = [flat[i:i + k] for i in range(0, len(flat), k)]
        grad_state = (grad_h,) if grad_c is None else (grad_h, grad_c)
        return ctx.backend.recurrence_backward(
            ctx.mode, grad_output, grad_state, gi, h0, c0, w_hh, b_hh, w_hr, steps,
            ctx.batch_sizes, ctx.reverse)


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
    sizes = tuple(int(n) for n in batch_sizes)
    for layer in range(num_layers):
        outs = []
        for d in range(directions):
            k = layer * directions + d
            w_ih, w_hh, b_ih, b_hh, w_hr = weights[k]
            if b_hh is not None and mode != "GRU":
                b_ih, b_hh = b_ih + b_hh, None
            out, *state = Recurrence.apply(
                Linear.apply(data, w_ih, b_ih), initial[0][k],
                initial[1][k] if len(initial) > 1 else None, w_hh, b_hh, w_hr,
                mode=mode, batch_sizes=sizes, reverse=d == 1)
            outs.append(out)
            for f, s in zip(final, state):
                f.append(s)
        data = outs[0] if directions == 1 else cat(outs, -1)
        if dropout and training and layer < num_layers - 1:
            data = _dropout(data, dropout, True)
    return data, tuple(stack(f) for f in final)
