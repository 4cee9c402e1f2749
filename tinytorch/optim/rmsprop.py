"""RMSprop."""

from tinytorch._creation import zeros_like
from tinytorch._ops.optim import fused_step_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import check_nonnegative
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state


class RMSprop(Optimizer):
    r"""RMSprop, as ``torch.optim.RMSprop``.

    .. math::
        v \leftarrow \alpha v + (1 - \alpha) g^2, \quad
        d = \sqrt{v - \bar g^2} + \epsilon \text{ (centered) or } \sqrt{v} + \epsilon, \quad
        \theta \leftarrow \theta - \gamma\, g / d

    with :math:`g = \nabla_\theta + \lambda\theta` and, when centered,
    :math:`\bar g \leftarrow \alpha \bar g + (1 - \alpha) g`. With momentum :math:`\mu`,
    :math:`b \leftarrow \mu b + g / d` and :math:`\theta \leftarrow \theta - \gamma b`.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate :math:`\gamma` (default 1e-2).
        alpha (float): smoothing constant :math:`\alpha` (default 0.99).
        eps (float): added to the denominator (default 1e-8).
        weight_decay (float): L2 penalty :math:`\lambda` (default 0).
        momentum (float): momentum factor :math:`\mu` (default 0).
        centered (bool): normalise by an estimate of the gradient's variance (default False).
        maximize (bool): maximize the objective instead of minimizing (default False).
        capturable, foreach, differentiable: accepted for compatibility; every step is one
            fused kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr, eps, momentum, weight_decay or alpha.

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = RMSprop([w], lr=0.01)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.9000, 1.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        check_lr(lr)
        check_nonnegative("epsilon", eps)
        check_nonnegative("momentum", momentum)
        check_nonnegative("weight_decay", weight_decay)
        check_nonnegative("alpha", alpha)
        check_differentiable(differentiable)
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps,
                    "centered": centered, "weight_decay": weight_decay,
                    "capturable": capturable, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0)
            state["square_avg"] = zeros_like(param)
            if group["momentum"] > 0:
                state["momentum_buffer"] = zeros_like(param)
            if group["centered"]:
                state["grad_avg"] = zeros_like(param)
        next_step(state)
        fused_step_("rmsprop_step_", param, param.grad, state["square_avg"],
                    state.get("momentum_buffer"), state.get("grad_avg"), lr=group["lr"],
                    alpha=group["alpha"], eps=group["eps"], weight_decay=group["weight_decay"],
                    momentum=group["momentum"], centered=group["centered"],
                    maximize=group["maximize"])
