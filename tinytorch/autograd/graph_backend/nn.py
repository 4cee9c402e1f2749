"""Neural-network kernels of the graph backend (see NOTE [Double backward]): activations,
the softmax family, losses and normalisation, written with tinytorch ops on Tensors.

A mask or slope that is piecewise constant in x (leaky ReLU, hardtanh, the branch of a
``where``) is computed from ``x.detach()``: it contributes no derivative of its own.
"""

import math

from tinytorch import _tensor
from tinytorch._ops import arithmetic
from tinytorch._ops import nn_activation
from tinytorch._ops import nn_backward


def _softplus(x):
    """log(1 + e^x) as the loss kernels compute it (no threshold), differentiable at 0."""
    return nn_activation.Softplus.apply(x, 1.0, math.inf)


def _lead_sum(a, lead):
    return a.sum(lead) if lead else a


class GraphNNKernels:
    """Mixin: the class it is mixed into sets ``base`` (the device backend) and ``node`` (the
    node whose backward runs)."""

    base = None
    node = None

    # --- activations -----------------------------------------------------------------------------
    def leaky_relu_backward(self, g, x, negative_slope):
        return arithmetic.where(x.detach() > 0, g, g * negative_slope)

    def hardtanh_backward(self, g, x, min_val, max_val):
        x = x.detach()
        return g * ((x > min_val) & (x < max_val)).to(g.dtype)

    def elu_backward(self, g, x, alpha, scale, input_scale):
        neg = (x.clamp(max=0) * input_scale).exp() * (alpha * scale * input_scale)
        return g * arithmetic.where(x.detach() > 0, scale, neg)

    def gelu_backward(self, g, x, approximate):
        return nn_backward.GeluBackward.apply(g, x, approximate)  # erf has no op of its own

    def silu_backward(self, g, x):
        s = x.sigmoid()
        return g * (s * (1 + x * (1 - s)))

    def softplus_backward(self, g, x, beta, threshold):
        bx = x * beta
        return arithmetic.where(bx.detach() > threshold, g, g * bx.sigmoid())

    # --- softmax family ---------------------------------------------------------------------------
    def softmax_backward(self, g, y, axis):
        gy = g * y
        return gy - y * gy.sum(axis, keepdim=True)

    def log_softmax_backward(self, g, y, axis):
        return g - y.exp() * g.sum(axis, keepdim=True)

    # --- classification losses --------------------------------------------------------------------
    def _nll_rows(self, target, weight, ignore_index, num_classes, dtype):
        """The constant (N, C) matrix -w[t_i] onehot(t_i) (a zero row where t_i is ignored):
        the device's NLL backward of a gradient of ones."""
        be = self.base
        rows = be.nll_loss_backward(be.ones(tuple(target.shape), dtype), target._data,
                                    None if weight is None else weight._data, ignore_index,
                                    num_classes)
        return self._c(rows)

    def nll_loss_backward(self, grad_losses, target, weight, ignore_index, num_classes):
        rows = self._nll_rows(target, weight, ignore_index, num_classes, grad_losses.dtype)
        return grad_losses.unsqueeze(1) * rows

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
    # The log-probabilities are the logits shifted per row, and softmax and all its derivatives
    # are invariant to such a shift: put where the logits are in the graph, they give the same
    # softmax and the same second derivatives as the logits would.
    def cross_entropy_backward(self, grad_losses, log_probs, target, weight, ignore_index,
                               label_smoothing):
        p = nn_activation.Softmax.apply(self._input_stand_in(0, log_probs), 1)
        c = log_probs.shape[1]
        rows = self._nll_rows(target, weight, ignore_index, c, log_probs.dtype)
        w_t = -rows.sum(1, keepdim=True)
        g = grad_losses.unsqueeze(1)
        grad = g * ((p * w_t + rows) * (1 - label_smoothing))
        if label_smoothing > 0:
            counted = 1.0 if ignore_index is None else \
                (target.unsqueeze(1) != ignore_index).to(p.dtype)
            total, w = (c, 1.0) if weight is None else (weight.detach().sum(), weight.detach())
            grad = grad + (g * counted * (label_smoothing / c)) * (p * total - w)
        return grad

    # --- elementwise losses ---------------------------------------------------------------------
    def smooth_l1_backward(self, g, d, beta):
        sign = d.detach().sign()
        if beta == 0:
            return g * sign
        return g * arithmetic.where(d.detach().abs() < beta, d * (1 / beta), sign)

    def binary_cross_entropy_backward(self, g, p, y):
        gp = g * (p - y) / ((1 - p) * p).clamp(min=1e-12)
        log_p, log_q = p.log().clamp(min=-100), (-p).log1p().clamp(min=-100)
        return gp, g * (log_q - log_p)

    def binary_cross_entropy_with_logits_backward(self, g, x, y, pos_weight):
        s_neg = (-x).sigmoid()
        if pos_weight is None:
            return g * ((1 - y) - s_neg), g * -x, None
        sp_neg = _softplus(-x)
        lw = 1 + (pos_weight - 1) * y
        return (g * ((1 - y) - lw * s_neg), g * ((pos_weight - 1) * sp_neg - x),
                g * (y * sp_neg))

    def kl_div_backward(self, g, x, t, log_target):
        if log_target:
            e = t.exp()
            return -g * e, g * e * (t - x + 1)
        safe = arithmetic.where(t.detach() > 0, t, 1.0)
        return -g * t, g * (safe.log() + 1 - x)

    # --- normalisation ----------------------------------------------------------------------------
    @staticmethod
    def _normalized(x, invstd, axes):
        """(x̂, 1/σ̂) recomputed from x so that both depend on x. The backward is not told ε;
        the saved invstd gives it back as 1/invstd² - var (a constant)."""
        xc = x - x.mean(axes, keepdim=True)
        var = (xc * xc).mean(axes, keepdim=True)
        inv = (var + (1 / (invstd * invstd) - var.detach())).rsqrt()
        return xc * inv, inv

    def layer_norm_backward(self, g, x, weight, mean, invstd, normalized_ndim):
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        lead = tuple(range(x.ndim - normalized_ndim))
        xhat, inv = self._normalized(x, invstd, axes)
        gw, gb = _lead_sum(g * xhat, lead), _lead_sum(g, lead)
        if weight is not None:
            g = g * weight
        gx = inv * (g - g.mean(axes, keepdim=True) - xhat * (g * xhat).mean(axes, keepdim=True))
        return gx, gw, gb

    def batch_norm_backward(self, g, x, weight, save_mean, save_invstd, training):
        axes = (0,) + tuple(range(2, x.ndim))
        channel = (1, -1) + (1,) * (x.ndim - 2)
        inv = save_invstd.reshape(channel)
        if training:
            xhat, inv = self._normalized(x, inv, axes)
        else:  # running statistics: constants
            xhat = (x - save_mean.reshape(channel)) * inv
        gb, gw = g.sum(axes), (g * xhat).sum(axes)
        scale = inv if weight is None else inv * weight.reshape(channel)
        if not training:
            return g * scale, gw, gb
        gx = (g - g.mean(axes, keepdim=True) - xhat * (g * xhat).mean(axes, keepdim=True))
        return gx * scale, gw, gb
