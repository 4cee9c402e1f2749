"""Neural-network kernels of the graph backend (see NOTE [Double backward]): what the shared
formulas (NOTE [Composite kernels]) need that is not a composite kernel itself, and the
re-derived saved values some of those formulas read.
"""

from tinytorch import _tensor
from tinytorch._ops import nn_activation
from tinytorch._ops import nn_backward
from tinytorch._ops import nn_rnn
from tinytorch._ops import pointwise


class GraphNNKernels:
    """Mixin: the class it is mixed into sets ``base`` (the device backend) and ``node`` (the
    node whose backward runs)."""

    base = None
    node = None

    # --- activations: forward kernels the composite formulas call, as ops -------------------------
    def softplus(self, x, beta, threshold):
        return nn_activation.Softplus.apply(x, beta, threshold)

    def gelu_backward(self, g, x, approximate):
        # erf has no op of its own: the device's kernel runs as an op with its own backward
        return nn_backward.GeluBackward.apply(g, x, approximate)

    # --- classification losses -------------------------------------------------------------------
    def nll_loss_backward(self, grad_losses, target, weight, ignore_index, num_classes):
        """Linear in grad_losses: the constant (N, C) matrix -w[t_i] onehot(t_i) (the device's
        NLL backward of ones; a zero row where t_i is ignored) times grad_losses."""
        be = self.base
        rows = be.nll_loss_backward(be.ones(tuple(target.shape), grad_losses.dtype),
                                    target._data, None if weight is None else weight._data,
                                    ignore_index, num_classes)
        return self.mul(self.expand_dims(grad_losses, 1), self._c(rows))

    def _input_stand_in(self, i, value):
        """A Tensor holding ``value`` whose gradient goes where the node's input i's would
        (``value`` itself when input i needs none). See NOTE [Log-probabilities for logits]."""
        edge = self.node.next_edges[i]  # see NOTE [Edges]
        if edge is None:
            return value
        target, nr = edge[0], edge[1]
        if nr is None:  # a leaf: itself, shifted by a constant
            return target + (value - target.detach())
        return _tensor.Tensor._make(value._data, self.base, True, target, nr)

    # NOTE [Log-probabilities for logits]
    # CrossEntropy saves the log-probabilities, not the logits, and its forward stays as it is.
    # The log-probabilities are the logits shifted per row, and log-softmax and all its
    # derivatives are invariant to such a shift: log_softmax of the log-probabilities put
    # where the logits are in the graph is the log-probabilities again, now with the logits'
    # derivatives, so the shared formula's e^log_probs is softmax(logits) to every order.
    def cross_entropy_backward(self, grad_losses, log_probs, target, weight, ignore_index,
                               label_smoothing):
        log_probs = nn_activation.LogSoftmax.apply(self._input_stand_in(0, log_probs), 1)
        weight = None if weight is None else weight.detach()  # a constant of the formula
        return super().cross_entropy_backward(grad_losses, log_probs, target, weight,
                                              ignore_index, label_smoothing)

    # --- normalisation ---------------------------------------------------------------------------
    # NOTE [Statistics for double backward]
    # The norm ops save their statistics (mean, 1/σ̂) as arrays of no input, which the graph
    # would see as constants. Re-derived from x, they depend on x as they did in the forward,
    # so the shared formula's derivative is right to every order. The backward is not told ε:
    # the saved 1/σ̂ gives it back as 1/invstd² - var (a constant).
    @staticmethod
    def _statistics(x, invstd, axes):
        """(mean, 1/σ̂) of x over ``axes`` (kept), recomputed so that both depend on x."""
        mean = x.mean(axes, keepdim=True)
        xc = x - mean
        var = (xc * xc).mean(axes, keepdim=True)
        return mean, (var + (1 / (invstd * invstd) - var.detach())).rsqrt()

    def layer_norm_backward(self, g, x, weight, mean, invstd, normalized_ndim):
        mean, invstd = self._statistics(x, invstd, tuple(range(x.ndim - normalized_ndim, x.ndim)))
        return super().layer_norm_backward(g, x, weight, mean, invstd, normalized_ndim)

    def rms_norm_backward(self, g, x, weight, invrms, normalized_ndim):
        # as _statistics: 1/r² - mean(x²) is the constant ε
        mean_square = (x * x).mean(tuple(range(x.ndim - normalized_ndim, x.ndim)), keepdim=True)
        invrms = (mean_square + (1 / (invrms * invrms) - mean_square.detach())).rsqrt()
        return super().rms_norm_backward(g, x, weight, invrms, normalized_ndim)

    def batch_norm_backward(self, g, x, weight, save_mean, save_invstd, training):
        if training:  # batch statistics; in eval the running ones are constants
            channel = (1, -1) + (1,) * (x.ndim - 2)
            save_mean, save_invstd = self._statistics(x, save_invstd.reshape(channel),
                                                      (0,) + tuple(range(2, x.ndim)))
        return super().batch_norm_backward(g, x, weight, save_mean, save_invstd, training)

    # --- recurrent cells -------------------------------------------------------------------------
    # NOTE [Gates for double backward]
    # The fused LSTM and GRU cells save their activated gates (and LSTM's tanh(c)): arrays of
    # no input, constants to the graph. Their pre-activations (gi + gh; GRU's gi_n + r gh_n)
    # are not saved, and need not be: σ' and tanh' are functions of the output. So each gate
    # block comes back as a SavedActivation, the saved value as σ or tanh of its pre-activation
    # rebuilt in the graph from stand-ins of gi and gh whose values are never read (see NOTE
    # [Log-probabilities for logits]), GRU's saved gh and its re-derived r; LSTM's c is rebuilt
    # as f c_prev + i g under the saved tanh(c). The shared formula then gives the first-order
    # values and is differentiable to every order, with nothing more saved by the forward.
    def lstm_cell_backward(self, grad_h, grad_c, gates, tanh_c, c_prev):
        pre = self.add(self._input_stand_in(0, gates), self._input_stand_in(1, gates))
        gates, tanh_c, _ = self._lstm_rebuilt(pre, gates._data, tanh_c._data, c_prev)
        return super().lstm_cell_backward(grad_h, grad_c, gates, tanh_c, c_prev)

    def gru_cell_backward(self, grad_h, gates, gh, h_prev):
        gates, _ = self._gru_rebuilt(self._input_stand_in(0, gates), gh, gates._data, h_prev)
        return super().gru_cell_backward(grad_h, gates, gh, h_prev)

    def _lstm_rebuilt(self, pre, gates, tanh_c, c_prev):
        """The activated gates, tanh(c) and h as graph values of the pre-activation ``pre``
        and ``c_prev``, from the saved gates and tanh(c) (arrays)."""
        likes = (pointwise.Sigmoid, pointwise.Sigmoid, pointwise.Tanh, pointwise.Sigmoid)
        blocks = [nn_backward.SavedActivation.apply(p, y=y, like=like) for p, y, like in
                  zip(self.split(pre, 4, 1), self.base.split(gates, 4, 1), likes)]
        i, f, g, o = blocks
        c = self.add(self.mul(f, c_prev), self.mul(i, g))
        tanh_c = nn_backward.SavedActivation.apply(c, y=tanh_c, like=pointwise.Tanh)
        return self.concatenate(blocks, 1), tanh_c, (self.mul(o, tanh_c), c)

    def _gru_rebuilt(self, gi, gh, gates, h_prev):
        """The activated gates and h as graph values of ``gi``, ``gh`` and ``h_prev``, from the
        saved gates (an array)."""
        n = h_prev.shape[-1]
        gi_rz, gi_n = self.split(gi, [2 * n], 1)
        gh_rz, gh_n = self.split(gh, [2 * n], 1)
        rz_value, n_value = self.base.split(gates, [2 * n], 1)
        rz = nn_backward.SavedActivation.apply(self.add(gi_rz, gh_rz), y=rz_value,
                                               like=pointwise.Sigmoid)
        r, z = self.split(rz, 2, 1)
        cand = nn_backward.SavedActivation.apply(self.add(gi_n, self.mul(r, gh_n)), y=n_value,
                                                 like=pointwise.Tanh)
        h = self.add(cand, self.mul(z, self.sub(h_prev, cand)))
        return self.concatenate([rz, cand], 1), h

    # NOTE [Sequences for double backward]
    # ``Recurrence`` saves each step's values as arrays. Its graph-mode backward rebuilds them
    # step by step in the graph, by the forward's own scan over gi, the initial states and the
    # weights (all saved inputs, so graph-connected), each activation a SavedActivation of its
    # rebuilt pre-activation (NOTE [Gates for double backward]). The shared formula then runs
    # with the cells' shared backwards (super(): the gates are graph values already).
    def recurrence_backward(self, mode, grad_output, grad_state, gi, h0, c0, w_hh, b_hh, w_hr,
                            steps, batch_sizes, reverse, cells=None):
        w_hh_t = self.transpose(w_hh, (1, 0))

        def cell(t, gi_t, prev):
            saved, h_prev = steps[t], prev[0]
            gh = self.matmul(h_prev, w_hh_t)
            if mode == "LSTM":
                gates, tanh_c, (h, c) = self._lstm_rebuilt(
                    self.add(gi_t, gh), saved[1]._data, saved[2]._data, prev[1])
                if w_hr is None:
                    return (h, c), (h_prev, gates, tanh_c, prev[1])
                return ((self.matmul(h, self.transpose(w_hr, (1, 0))), c),
                        (h_prev, gates, tanh_c, prev[1], h))
            if mode == "GRU":
                gh = gh if b_hh is None else self.add(gh, b_hh)
                gates, h = self._gru_rebuilt(gi_t, gh, saved[1]._data, h_prev)
                return (h,), (h_prev, gates, gh)
            h = nn_backward.SavedActivation.apply(
                self.add(gi_t, gh), y=saved[1]._data,
                like=pointwise.Tanh if mode == "RNN_TANH" else pointwise.ReLU)
            return (h,), (h_prev, h)

        _, _, rebuilt = nn_rnn.scan(self, self.split(gi, nn_rnn.offsets(batch_sizes), 0),
                                    (h0,) if c0 is None else (h0, c0), batch_sizes, reverse,
                                    cell)
        return super().recurrence_backward(mode, grad_output, grad_state, gi, h0, c0, w_hh, b_hh,
                                           w_hr, rebuilt, batch_sizes, reverse, cells=super())
