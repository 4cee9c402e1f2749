"""Neural-network kernels of the graph backend (see NOTE [Double backward]): what the shared
formulas (NOTE [Composite kernels]) need that is not a composite kernel itself, and the
re-derived saved values some of those formulas read.
"""

from tinytorch import _tensor
from tinytorch._ops import nn_activation
from tinytorch._ops import nn_backward


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

    def batch_norm_backward(self, g, x, weight, save_mean, save_invstd, training):
        if training:  # batch statistics; in eval the running ones are constants
            channel = (1, -1) + (1,) * (x.ndim - 2)
            save_mean, save_invstd = self._statistics(x, save_invstd.reshape(channel),
                                                      (0,) + tuple(range(2, x.ndim)))
        return super().batch_norm_backward(g, x, weight, save_mean, save_invstd, training)
