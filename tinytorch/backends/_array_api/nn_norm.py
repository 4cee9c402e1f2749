"""Normalisation kernels over ``xp``: batch norm (running statistics updated in place) and
layer norm over the trailing ``normalized_ndim`` dims."""


class ArrayNormKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    @staticmethod
    def _channel_view(a, ndim):
        return a.reshape((1, -1) + (1,) * (ndim - 2))

    def batch_norm(self, x, weight, bias, running_mean, running_var, training, momentum, eps):
        axes = (0,) + tuple(range(2, x.ndim))
        if training:
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

    def batch_norm_backward(self, g, x, weight, save_mean, save_invstd, training):
        axes = (0,) + tuple(range(2, x.ndim))
        mean = self._channel_view(save_mean, x.ndim)
        invstd = self._channel_view(save_invstd, x.ndim)
        xhat = (x - mean) * invstd
        gbias = g.sum(axis=axes)
        gweight = (g * xhat).sum(axis=axes)
        scale = invstd if weight is None else invstd * self._channel_view(weight, x.ndim)
        if training:
            n = x.size // x.shape[1]
            gx = (g - self._channel_view(gbias / n, x.ndim)
                  - xhat * self._channel_view(gweight / n, x.ndim)) * scale
        else:
            gx = g * scale
        return gx, gweight, gbias

    def layer_norm(self, x, normalized_ndim, weight, bias, eps):
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        mean = x.mean(axis=axes, keepdims=True)
        invstd = 1 / self.xp.sqrt(x.var(axis=axes, keepdims=True) + eps)
        y = (x - mean) * invstd
        if weight is not None:
            y = y * weight
        if bias is not None:
            y = y + bias
        return y, mean, invstd

    def layer_norm_backward(self, g, x, weight, mean, invstd, normalized_ndim):
        """-> (grad_x, grad_weight, grad_bias) (the affine gradients whether or not used)."""
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        lead = tuple(range(x.ndim - normalized_ndim))
        xhat = (x - mean) * invstd
        gw = (g * xhat).sum(axis=lead)
        gb = g.sum(axis=lead)
        if weight is not None:
            g = g * weight
        gx = invstd * (g - g.mean(axis=axes, keepdims=True)
                       - xhat * (g * xhat).mean(axis=axes, keepdims=True))
        return gx, gw, gb
