"""Recurrent-cell kernels of the graph backend (see NOTE [Double backward]). The RNN cell's
backward needs only its output, so it is written here with tinytorch ops. The LSTM and GRU
cells' backwards read their forward's workspace, which is not connected to the graph: they
have no entry, so double backward through them raises the graph backend's error naming the
op."""


class RNNKernels:
    """Mixin: the class it is mixed into runs ``node``'s backward."""

    def rnn_cell_backward(self, g, h, nonlinearity):
        if nonlinearity == "tanh":
            return g * (1 - h * h)
        return g * (h.detach() > 0).to(g.dtype)
