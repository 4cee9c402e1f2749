"""Adamax: Adam with the infinity norm."""

from tinytorch._creation import zeros_like
from tinytorch._ops.optim import fused_step_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_betas
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import check_nonnegative
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state


class Adamax(Optimizer):
    r"""Adamax, a variant of Adam based on the infinity norm, as ``torch.optim.Adamax``.

    .. math::
        m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad
        u \leftarrow \max(\beta_2 u, |g| + \epsilon), \quad
        \theta \leftarrow \theta - \frac{\gamma}{1 - \beta_1^t} \frac{m}{u}

    with :math:`g = \nabla_\theta + \lambda\theta`.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate :math:`\gamma` (default 2e-3).
        betas (Tuple[float, float]): :math:`(\beta_1, \beta_2)` (default (0.9, 0.999)).
        eps (float): added to :math:`|g|` (default 1e-8).
        weight_decay (float): L2 penalty :math:`\lambda` (default 0).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach, differentiable, capturable: accepted for compatibility; every step is one
            fused kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr, eps or weight_decay, or a beta outside [0, 1).

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = Adamax([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.9000, 1.9000], requires_grad=True)
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None, *, maximize=False, differentiable=False, capturable=False):
        check_lr(lr)
        check_nonnegative("epsilon", eps)
        check_betas(betas)
        check_nonnegative("weight_decay", weight_decay)
        check_differentiable(differentiable)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
        super().__init__(params, defaults)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0)
            state["exp_avg"] = zeros_like(param)
            state["exp_inf"] = zeros_like(param)
        beta1, beta2 = group["betas"]
        fused_step_("adamax_step_", param, param.grad, state["exp_avg"], state["exp_inf"],
                    step=next_step(state), lr=group["lr"], beta1=beta1, beta2=beta2,
                    eps=group["eps"], weight_decay=group["weight_decay"],
                    maximize=group["maximize"])
