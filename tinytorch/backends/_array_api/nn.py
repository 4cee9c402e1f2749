"""Neural-network kernels written once over ``xp``: activations, softmax family and losses
(their backward formulas are composite kernels, in ``tinytorch/backends/composite.py``, except
GELU's, which needs erf). Convolution lives in ``nn_conv.py``, pooling in ``nn_pool.py``,
normalisation in ``nn_norm.py``."""

import math

from tinytorch.backends._array_api import _special

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


class ArrayNNKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    # --- activations -----------------------------------------------------------------------------
    def leaky_relu(self, x, negative_slope):
        return self.xp.where(x > 0, x, x * negative_slope)

    def elu(self, x, alpha, scale, input_scale):
        neg = self.xp.expm1(self.xp.minimum(x, 0) * input_scale) * (alpha * scale)
        return self.xp.where(x > 0, x * scale, neg)

    def gelu(self, x, approximate):
        if approximate == "tanh":
            return 0.5 * x * (1 + self.xp.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)))
        return 0.5 * x * (1 + _special.erf(self.xp, x * (1 / math.sqrt(2.0))))

    def gelu_backward(self, g, x, approximate):
        if approximate == "tanh":
            inner = _SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)
            t = self.xp.tanh(inner)
            d_inner = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x)
            return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * d_inner)
        cdf = 0.5 * (1 + _special.erf(self.xp, x * (1 / math.sqrt(2.0))))
        pdf = self.xp.exp(-0.5 * x * x) * (1 / math.sqrt(2 * math.pi))
        return g * (cdf + x * pdf)

    def silu(self, x):
        return x * self.sigmoid(x)

    def mish(self, x):
        return x * self.xp.tanh(self.softplus(x, 1.0, math.inf))

    def softplus(self, x, beta, threshold):
        bx = x * beta
        soft = (self.xp.maximum(bx, 0) + self.xp.log1p(self.xp.exp(-self.xp.abs(bx)))) / beta
        return self.xp.where(bx > threshold, x, soft)

    def hardtanh(self, x, min_val, max_val):
        return self.xp.clip(x, min_val, max_val)

    # --- softmax family ---------------------------------------------------------------------------
    # Row max and row sum with kept dims: the CPU backend overrides them for (N, C) rows.
    def _max_keepdims(self, x, axis):
        if not x.size:  # no maximum of an empty axis; any shift gives the empty result
            return 0
        return x.max(axis=axis, keepdims=True)

    def _sum_keepdims(self, x, axis):
        return x.sum(axis=axis, keepdims=True)

    def softmax(self, x, axis):
        e = self.ascontiguous(self.xp.exp(x - self._max_keepdims(x, axis)))  # see concatenate
        e /= self._sum_keepdims(e, axis)
        return e

    def log_softmax(self, x, axis):
        shifted = self.ascontiguous(x - self._max_keepdims(x, axis))  # see concatenate
        return shifted - self.xp.log(self._sum_keepdims(self.xp.exp(shifted), axis))

    # --- classification losses (logits / log_probs (N, C), target (N,) int64) -----------------
    def _picked(self, target, weight, ignore_index, dtype):
        """(safe target, per-sample weight w[t] with 0 where target == ignore_index, or None
        when every weight is 1)."""
        if ignore_index is None:  # no target is ignored: the target is already safe
            return target, None if weight is None else weight[target]
        valid = target != ignore_index
        safe = target * valid  # 0 where ignored (a product costs half of a where)
        w = valid.astype(dtype) if weight is None else weight[safe] * valid
        return safe, w

    def _counted(self, target, ignore_index):
        """1 for each target that is not ignored (a scalar when none is)."""
        return 1 if ignore_index is None else target != ignore_index

    def cross_entropy(self, logits, target, weight, ignore_index, label_smoothing):
        log_probs = self.log_softmax(logits, 1)
        safe, w = self._picked(target, weight, ignore_index, logits.dtype)
        # Fancy indexing, not take_along_axis: the same gather without its Python overhead.
        picked = log_probs[self.xp.arange(safe.shape[0]), safe]
        losses = -picked if w is None else -(picked * w)
        if label_smoothing > 0:
            c = logits.shape[1]
            lp = log_probs if weight is None else log_probs * weight
            smooth = -lp.sum(axis=1) * self._counted(target, ignore_index)
            losses = losses * (1 - label_smoothing) + smooth * (label_smoothing / c)
        return losses, log_probs

    def nll_loss(self, log_probs, target, weight, ignore_index):
        safe, w = self._picked(target, weight, ignore_index, log_probs.dtype)
        picked = self.xp.take_along_axis(log_probs, safe[:, None], axis=1)[:, 0]
        return -picked if w is None else -(picked * w)

    def nll_loss_backward(self, grad_losses, target, weight, ignore_index, num_classes):
        safe, w = self._picked(target, weight, ignore_index, grad_losses.dtype)
        grad = self.xp.zeros((target.shape[0], num_classes), dtype=grad_losses.dtype)
        grad[self.xp.arange(target.shape[0]), safe] = -(grad_losses if w is None else
                                                        grad_losses * w)
        return grad

    # --- elementwise losses ---------------------------------------------------------------------
    def smooth_l1(self, d, beta):
        a = self.xp.abs(d)
        if beta == 0:
            return a
        return self.xp.where(a < beta, (0.5 / beta) * d * d, a - 0.5 * beta)

    def binary_cross_entropy(self, p, y):
        log_p = self.xp.maximum(self.xp.log(p), -100)
        log_q = self.xp.maximum(self.xp.log1p(-p), -100)
        return -(y * log_p + (1 - y) * log_q)

    def binary_cross_entropy_with_logits(self, x, y, pos_weight):
        sp_neg = self.xp.maximum(-x, 0) + self.xp.log1p(self.xp.exp(-self.xp.abs(x)))
        if pos_weight is None:
            return (1 - y) * x + sp_neg
        return (1 - y) * x + (1 + (pos_weight - 1) * y) * sp_neg

    def kl_div(self, x, t, log_target):
        if log_target:
            return self.xp.exp(t) * (t - x)
        # PyTorch's xlogy(t, t) - t x: 0 where t == 0, NaN where t < 0 (was 0 there)
        return t * self.xp.log(self.xp.where(t == 0, 1, t)) - t * x
