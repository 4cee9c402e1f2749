"""NAdam: Adam with Nesterov momentum."""

from tinytorch._creation import zeros_like
from tinytorch._ops.optim import fused_step_
from tinytorch._ops.optim import scale_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_betas
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import check_nonnegative
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state


class NAdam(Optimizer):
    r"""NAdam (Adam with Nesterov momentum), as ``torch.optim.NAdam``.

    The momentum coefficient follows :math:`\mu_t = \beta_1 (1 - 0.5 \cdot 0.96^{t\psi})`
    (:math:`\psi` = ``momentum_decay``); with :math:`\Pi_t = \prod_{i \le t} \mu_i`,

    .. math::
        \theta \leftarrow \theta - \gamma \left(\frac{1 - \mu_t}{1 - \Pi_t} g
        + \frac{\mu_{t+1}}{1 - \Pi_t \mu_{t+1}} m\right)
        \Big/ \left(\sqrt{v / (1 - \beta_2^t)} + \epsilon\right)

    where :math:`m, v` are Adam's moving averages of :math:`g` and :math:`g^2`.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate :math:`\gamma` (default 2e-3).
        betas (Tuple[float, float]): :math:`(\beta_1, \beta_2)` (default (0.9, 0.999)).
        eps (float): added to the denominator (default 1e-8).
        weight_decay (float): weight decay :math:`\lambda` (default 0).
        momentum_decay (float): :math:`\psi` (default 4e-3).
        decoupled_weight_decay (bool): shrink :math:`\theta` by :math:`1 - \gamma\lambda`
            instead of adding :math:`\lambda\theta` to the gradient (default False).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach, capturable, differentiable: accepted for compatibility; every step is one
            fused kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr, eps, weight_decay or momentum_decay, or a beta outside
            [0, 1).

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = NAdam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.8944, 1.8944], requires_grad=True)
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, *, foreach=None,
                 maximize=False, capturable=False, differentiable=False):
        check_lr(lr)
        check_nonnegative("epsilon", eps)
        check_betas(betas)
        check_nonnegative("weight_decay", weight_decay)
        check_nonnegative("momentum_decay", momentum_decay)
        check_differentiable(differentiable)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "momentum_decay": momentum_decay,
                    "decoupled_weight_decay": decoupled_weight_decay, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0)
            state["mu_product"] = scalar_state(1)
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
        step = next_step(state)
        beta1, beta2 = group["betas"]
        lr, weight_decay, psi = group["lr"], group["weight_decay"], group["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * psi)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))
        # torch keeps the running product as a float32 0-d tensor; rounding it the same way
        # keeps the two step for step identical.
        mu_product = scale_(state["mu_product"], mu)
        if weight_decay != 0 and group["decoupled_weight_decay"]:
            param.mul_(1 - lr * weight_decay)
            weight_decay = 0
        fused_step_("nadam_step_", param, param.grad, state["exp_avg"], state["exp_avg_sq"],
                    step=step, mu=mu, mu_next=mu_next, mu_product=mu_product, lr=lr,
                    beta1=beta1, beta2=beta2, eps=group["eps"], weight_decay=weight_decay,
                    maximize=group["maximize"])
