"""RAdam."""

from tinytorch._creation import zeros_like
from tinytorch._ops.optim import fused_step_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_betas
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import check_nonnegative
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state


class RAdam(Optimizer):
    r"""RAdam (rectified Adam), as ``torch.optim.RAdam``.

    .. math::
        m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2,
        \quad \rho_t = \rho_\infty - \frac{2 t \beta_2^t}{1 - \beta_2^t}, \quad
        \rho_\infty = \frac{2}{1 - \beta_2} - 1

    then :math:`\theta \leftarrow \theta - \gamma \frac{m}{1 - \beta_1^t} r_t
    \frac{\sqrt{1 - \beta_2^t}}{\sqrt{v} + \epsilon}` when :math:`\rho_t > 5`, with the
    rectification :math:`r_t = \sqrt{\frac{(\rho_t - 4)(\rho_t - 2)\rho_\infty}
    {(\rho_\infty - 4)(\rho_\infty - 2)\rho_t}}`, else the plain momentum step
    :math:`\theta \leftarrow \theta - \gamma \frac{m}{1 - \beta_1^t}`. Here
    :math:`g = \nabla_\theta + \lambda\theta`, or, when ``decoupled_weight_decay``,
    :math:`\theta \leftarrow \theta (1 - \gamma\lambda)` first.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate :math:`\gamma` (default 1e-3).
        betas (Tuple[float, float]): :math:`(\beta_1, \beta_2)` (default (0.9, 0.999)).
        eps (float): added to the denominator (default 1e-8).
        weight_decay (float): weight decay :math:`\lambda` (default 0).
        decoupled_weight_decay (bool): AdamW-style decoupled weight decay (default False).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach, capturable, differentiable: accepted for compatibility; every step is one
            fused kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr, eps or weight_decay, or a beta outside [0, 1).

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = RAdam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.8000, 1.6000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False,
                 capturable=False, differentiable=False):
        check_lr(lr)
        check_nonnegative("epsilon", eps)
        check_betas(betas)
        check_nonnegative("weight_decay", weight_decay)
        check_differentiable(differentiable)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "foreach": foreach, "capturable": capturable,
                    "decoupled_weight_decay": decoupled_weight_decay,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0)
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
        beta1, beta2 = group["betas"]
        fused_step_("radam_step_", param, param.grad, state["exp_avg"], state["exp_avg_sq"],
                    step=next_step(state), lr=group["lr"], beta1=beta1, beta2=beta2,
                    eps=group["eps"], weight_decay=group["weight_decay"],
                    maximize=group["maximize"],
                    decoupled_weight_decay=group["decoupled_weight_decay"])
