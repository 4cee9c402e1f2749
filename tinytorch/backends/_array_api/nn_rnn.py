"""Recurrent-cell kernels over ``xp``: the gate arithmetic of one time step of an RNN, LSTM or
GRU, one kernel per cell type and direction (the matmuls stay with the caller).

``gi`` and ``gh`` are a step's input and hidden projections (x Wᵢₕᵀ + bᵢₕ and h Wₕₕᵀ + bₕₕ),
(B, G·H) with PyTorch's gate blocks of H columns: LSTM (i, f, g, o), GRU (r, z, n).
"""


class ArrayRNNKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def rnn_cell(self, gi, gh, nonlinearity):
        pre = gi + gh
        if nonlinearity == "tanh":
            return self.xp.tanh(pre, out=pre)
        return self.xp.maximum(pre, 0, out=pre)

    def _lstm_constants(self, n, dtype):
        """Per gate column, cached per (H, dtype): the σ blocks (i, f, o) take σ(x), the g block
        tanh(x) = 2 σ(2x) - 1, so one exp covers every gate (see ``_sigmoid``): minus the
        factor (1, 1, 2, 1) of x, and t in the activations' derivative (1 - y)(y + t), which is
        y (1 - y) for σ and 1 - y² for tanh (t = 0, 0, 1, 0). That g is off by float32's
        rounding of σ absolutely (an ulp of 1), not relatively near 0 as NumPy's tanh, which
        the cell's own tanh(c) takes: a separate tanh of the g block would cost ~25 % more."""
        cache = self.__dict__.setdefault("_lstm_constants_cache", {})
        constants = cache.get((n, dtype))
        if constants is None:
            factor = self.xp.ones(4 * n, dtype=dtype)
            factor[2 * n:3 * n] = 2
            constants = cache[n, dtype] = (-factor, factor - 1)
        return constants

    def _lstm_saved(self, b, n, dtype):
        """Empty (B, 4H) gates and (B, H) tanh(c), the LSTM's saved values, in one allocation."""
        ws = self.xp.empty(b * 5 * n, dtype=dtype)
        return ws[:4 * n * b].reshape(b, 4 * n), ws[4 * n * b:].reshape(b, n)

    def lstm_cell(self, gi, gh, c_prev):
        n = c_prev.shape[-1]
        gates, tanh_c = self._lstm_saved(gi.shape[0], n, gi.dtype)
        self.xp.add(gi, gh, out=gates)
        self._sigmoid(gates, gates, self._lstm_constants(n, gi.dtype)[0])
        g = gates[:, 2 * n:3 * n]
        g *= 2
        g -= 1
        c = gates[:, n:2 * n] * c_prev
        c += gates[:, :n] * gates[:, 2 * n:3 * n]
        self.xp.tanh(c, out=tanh_c)
        return tanh_c * gates[:, 3 * n:], c, gates, tanh_c

    def lstm_cell_backward(self, grad_h, grad_c, gates, tanh_c, c_prev):
        n = c_prev.shape[-1]
        i, f, g, o = (gates[:, k * n:(k + 1) * n] for k in range(4))
        dc = tanh_c * tanh_c
        self.xp.subtract(1, dc, out=dc)
        dc *= o
        dc *= grad_h
        dc += grad_c
        d = self.xp.empty_like(gates)
        self.xp.multiply(dc, g, out=d[:, :n])
        self.xp.multiply(dc, c_prev, out=d[:, n:2 * n])
        self.xp.multiply(dc, i, out=d[:, 2 * n:3 * n])
        self.xp.multiply(grad_h, tanh_c, out=d[:, 3 * n:])
        derivative = 1 - gates
        derivative *= gates + self._lstm_constants(n, gates.dtype)[1]
        d *= derivative
        dc *= f
        return d, dc

    def gru_cell(self, gi, gh, h_prev):
        n = h_prev.shape[-1]
        gates = self.xp.empty_like(gi)
        rz = gates[:, :2 * n]
        self.xp.add(gi[:, :2 * n], gh[:, :2 * n], out=rz)
        self._sigmoid(rz, rz)
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
