"""Recurrent-cell kernels over ``xp``: the gate arithmetic of one time step of an RNN, LSTM or
GRU, one kernel per cell type and direction (the matmuls stay with the caller).

``gi`` and ``gh`` are a step's input and hidden projections (x Wᵢₕᵀ + bᵢₕ and h Wₕₕᵀ + bₕₕ),
(B, G·H) with PyTorch's gate blocks of H columns: LSTM (i, f, g, o), GRU (r, z, n).
"""


class RNNKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def _sigmoid_(self, a):
        """σ(a) in place as 0.5 (1 + tanh(a / 2)): never overflows (see ``sigmoid``)."""
        a *= 0.5
        self.xp.tanh(a, out=a)
        a *= 0.5
        a += 0.5

    def rnn_cell(self, gi, gh, nonlinearity):
        pre = gi + gh
        if nonlinearity == "tanh":
            return self.xp.tanh(pre, out=pre)
        return self.xp.maximum(pre, 0, out=pre)

    def rnn_cell_backward(self, g, h, nonlinearity):
        if nonlinearity == "tanh":
            return g * (1 - h * h)
        return g * (h > 0)

    def _lstm_scale(self, n, dtype):
        """Per gate column: 0.5 for the σ blocks (i, f, o), 1 for the tanh block (g)."""
        scale = self.xp.full(4 * n, 0.5, dtype=dtype)
        scale[2 * n:3 * n] = 1
        return scale

    @staticmethod
    def _lstm_split(workspace, n):
        """The LSTM workspace's two contiguous parts: gates (B, 4H), then tanh(c) (B, H)."""
        b = workspace.size // (5 * n)
        return (workspace[:4 * n * b].reshape(b, 4 * n), workspace[4 * n * b:].reshape(b, n))

    def lstm_cell(self, gi, gh, c_prev):
        n = c_prev.shape[-1]
        ws = self.xp.empty(gi.shape[0] * 5 * n, dtype=gi.dtype)
        gates, tanh_c = self._lstm_split(ws, n)
        # σ(x) = 0.5 tanh(x / 2) + 0.5 and tanh(x) = 1 tanh(x) + 0: one tanh over all gates
        scale = self._lstm_scale(n, gi.dtype)
        self.xp.add(gi, gh, out=gates)
        gates *= scale
        self.xp.tanh(gates, out=gates)
        gates *= scale
        gates += 1 - scale
        c = gates[:, n:2 * n] * c_prev
        c += gates[:, :n] * gates[:, 2 * n:3 * n]
        self.xp.tanh(c, out=tanh_c)
        return tanh_c * gates[:, 3 * n:], c, ws

    def lstm_cell_backward(self, grad_h, grad_c, workspace, c_prev):
        n = c_prev.shape[-1]
        gates, tanh_c = self._lstm_split(workspace, n)
        i, f, g, o = (gates[:, k * n:(k + 1) * n] for k in range(4))
        dc = 1 - tanh_c * tanh_c
        dc *= o
        dc *= grad_h
        dc += grad_c
        d = self.xp.empty_like(gates)
        self.xp.multiply(dc, g, out=d[:, :n])
        self.xp.multiply(dc, c_prev, out=d[:, n:2 * n])
        self.xp.multiply(dc, i, out=d[:, 2 * n:3 * n])
        self.xp.multiply(grad_h, tanh_c, out=d[:, 3 * n:])
        # The activations' derivatives: y (1 - y) for σ, (1 + y)(1 - y) for tanh
        derivative = 1 - gates
        derivative *= gates + (2 * self._lstm_scale(n, gates.dtype) - 1)
        d *= derivative
        dc *= f
        return d, dc

    def gru_cell(self, gi, gh, h_prev):
        n = h_prev.shape[-1]
        gates = self.xp.empty_like(gi)
        rz = gates[:, :2 * n]
        self.xp.add(gi[:, :2 * n], gh[:, :2 * n], out=rz)
        self._sigmoid_(rz)
        cand = gates[:, 2 * n:]
        self.xp.multiply(gh[:, 2 * n:], gates[:, :n], out=cand)
        cand += gi[:, 2 * n:]
        self.xp.tanh(cand, out=cand)
        h = h_prev - cand
        h *= gates[:, n:2 * n]
        h += cand
        return h, gates

    def gru_cell_backward(self, grad_h, gates, gh, h_prev):
        n = h_prev.shape[-1]
        r, z, cand = (gates[:, k * n:(k + 1) * n] for k in range(3))
        d_gi = self.xp.empty_like(gates)
        dr, dz, dn = (d_gi[:, k * n:(k + 1) * n] for k in range(3))
        self.xp.subtract(h_prev, cand, out=dz)
        dz *= grad_h
        dz *= z * (1 - z)
        self.xp.multiply(grad_h, 1 - z, out=dn)
        dn *= 1 - cand * cand
        self.xp.multiply(dn, gh[:, 2 * n:], out=dr)
        dr *= r * (1 - r)
        d_gh = d_gi.copy()
        d_gh[:, 2 * n:] *= r
        return d_gi, d_gh, grad_h * z
