"""Normalisation kernels over ``xp``: batch norm (running statistics updated in place), and
layer norm and RMS norm over the trailing ``normalized_ndim`` dims. Their backward formulas are
composite kernels (``tinytorch/backends/composite.py``)."""


class ArrayNormKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    @staticmethod
    def _channel_view(a, ndim):
        return a.reshape((1, -1) + (1,) * (ndim - 2))

    def batch_norm(self, x, weight, bias, running_mean, running_var, training, momentum, eps):
        axes = (0,) + tuple(range(2, x.ndim))
        if training and not x.size:  # an empty batch: PyTorch leaves the running statistics
            mean = var = self.xp.zeros(x.shape[1], x.dtype)
        elif training:
            mean = x.mean(axis=axes)
            var = x.var(axis=axes)
            if running_mean is not None:
                n = x.size // x.shape[1]
                running_mean *= 1 - momentum
                running_mean += momentum * mean
                running_var *= 1 - momentum
                running_var += (momentum * n / max(n - 1, 1)) * var
        else:
            mean, var = running_mean, running_var
        invstd = 1 / self.xp.sqrt(var + eps)
        scale = invstd if weight is None else invstd * weight
        shift = -mean * scale if bias is None else bias - mean * scale
        y = x * self._channel_view(scale, x.ndim) + self._channel_view(shift, x.ndim)
        return y, mean, invstd

    def _empty_stats(self, x, normalized_ndim):
        """(empty result, zero statistics) of a norm over an empty x: NumPy's mean of nothing
        warns ("Mean of empty slice"), PyTorch's returns quietly."""
        lead = x.shape[:x.ndim - normalized_ndim]
        return self.xp.zeros_like(x), self.xp.zeros(lead + (1,) * normalized_ndim, x.dtype)

    def layer_norm(self, x, normalized_ndim, weight, bias, eps):
        if not x.size:
            y, stats = self._empty_stats(x, normalized_ndim)
            return y, stats, stats
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        mean = x.mean(axis=axes, keepdims=True)
        invstd = 1 / self.xp.sqrt(x.var(axis=axes, keepdims=True) + eps)
        y = (x - mean) * invstd
        if weight is not None:
            y = y * weight
        if bias is not None:
            y = y + bias
        return y, mean, invstd

    def rms_norm(self, x, normalized_ndim, weight, eps):
        if not x.size:
            return self._empty_stats(x, normalized_ndim)
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        invrms = 1 / self.xp.sqrt((x * x).mean(axis=axes, keepdims=True) + eps)
        y = x * invrms
        return (y if weight is None else y * weight), invrms

    # --- PyTorch's legacy CrossMapLRN2d (torch/nn/modules/_functions.py) ------------------
    def _channel_band(self, c, low, high, dtype):
        """(C, C): row i is 1 at channels i + low .. i + high."""
        d = self.xp.arange(c)[None, :] - self.xp.arange(c)[:, None]
        return ((d >= low) & (d <= high)).astype(dtype)

    def cross_map_lrn2d(self, x, size, alpha, beta, k):
        """-> (y, scale): scale = k + alpha/size * Σ x² over channels c - p + 1 .. c + p - 1,
        p = int((size - 1) / 2 + 1), plus channel 0 (PyTorch's running sum never drops it)."""
        pre = int((size - 1) / 2 + 1)
        band = self._channel_band(x.shape[1], 1 - pre, pre - 1, x.dtype)
        band[:, 0] = 1
        scale = self.xp.einsum("ij,njhw->nihw", band, x * x) * (alpha / size) + k
        return scale ** -beta * x, scale

    def cross_map_lrn2d_backward(self, g, x, y, scale, size, alpha, beta):
        """PyTorch's backward formula, which is not its forward's derivative: the ratios
        g·y/scale summed over channels c - q .. c + size - 1 - q, q = int(size - (size - 1)/2)."""
        q = int(size - (size - 1) / 2)
        band = self._channel_band(x.shape[1], -q, size - 1 - q, x.dtype)
        accum = self.xp.einsum("ij,njhw->nihw", band, g * y / scale)
        return scale ** -beta * g - (2 * alpha * beta / size) * x * accum
