"""Recurrent cells (``kernels/nn_rnn.cu``): one launch per time step's gate arithmetic, forward
and backward, one thread per element of the state. Other dtypes fall back to the array-API
kernels."""

import cupy

from tinytorch.backends.cuda import _launch

_ACT = {"tanh": "RnnTanh", "relu": "RnnRelu"}


def _empty(shape, like):
    return cupy.empty(shape, dtype=like.dtype)


class CudaRNNKernels:
    """Mixin: raw-kernel recurrent cells for float32/float64, else the inherited kernels."""

    def rnn_cell(self, gi, gh, nonlinearity):
        if not _launch.supported(gi, gh):
            return super().rnn_cell(gi, gh, nonlinearity)
        h = _empty(gi.shape, gi)
        _launch.launch("nn_rnn", "tt_rnn_cell_forward", gi.dtype, _launch.blocks(h.size),
                       (gi, gh, h, h.size), prefix=_ACT[nonlinearity])
        return h

    def rnn_cell_backward(self, g, h, nonlinearity):
        if not _launch.supported(g, h):
            return super().rnn_cell_backward(g, h, nonlinearity)
        d = _empty(h.shape, h)
        _launch.launch("nn_rnn", "tt_rnn_cell_backward", h.dtype, _launch.blocks(d.size),
                       (g, h, d, d.size), prefix=_ACT[nonlinearity])
        return d

    def lstm_cell(self, gi, gh, c_prev):
        if not _launch.supported(gi, gh, c_prev):
            return super().lstm_cell(gi, gh, c_prev)
        b, n = c_prev.shape
        h, c = _empty((b, n), gi), _empty((b, n), gi)
        gates, tanh_c = self._lstm_saved(b, n, gi.dtype)
        _launch.launch("nn_rnn", "tt_lstm_cell_forward", gi.dtype, _launch.blocks(b * n),
                       (gi, gh, c_prev, h, c, gates, tanh_c, b, n))
        return h, c, gates, tanh_c

    def lstm_cell_backward(self, grad_h, grad_c, gates, tanh_c, c_prev):
        if not _launch.supported(grad_h, grad_c, gates, tanh_c, c_prev):
            return super().lstm_cell_backward(grad_h, grad_c, gates, tanh_c, c_prev)
        b, n = c_prev.shape
        d, dc = _empty((b, 4 * n), c_prev), _empty((b, n), c_prev)
        _launch.launch("nn_rnn", "tt_lstm_cell_backward", c_prev.dtype, _launch.blocks(b * n),
                       (grad_h, grad_c, gates, tanh_c, c_prev, d, dc, b, n))
        return d, dc

    def gru_cell(self, gi, gh, h_prev):
        if not _launch.supported(gi, gh, h_prev):
            return super().gru_cell(gi, gh, h_prev)
        b, n = h_prev.shape
        h, ws = _empty((b, n), gi), _empty((b, 3 * n), gi)
        _launch.launch("nn_rnn", "tt_gru_cell_forward", gi.dtype, _launch.blocks(b * n),
                       (gi, gh, h_prev, h, ws, b, n))
        return h, ws

    def gru_cell_backward(self, grad_h, gates, gh, h_prev):
        if not _launch.supported(grad_h, gates, gh, h_prev):
            return super().gru_cell_backward(grad_h, gates, gh, h_prev)
        b, n = h_prev.shape
        d_gi, d_gh, dh = _empty((b, 3 * n), gh), _empty((b, 3 * n), gh), _empty((b, n), gh)
        _launch.launch("nn_rnn", "tt_gru_cell_backward", gh.dtype, _launch.blocks(b * n),
                       (grad_h, gates, gh, h_prev, d_gi, d_gh, dh, b, n))
        return d_gi, d_gh, dh
