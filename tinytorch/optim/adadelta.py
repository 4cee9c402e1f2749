"""Adadelta."""

from tinytorch._creation import zeros_like
from tinytorch._ops.optim import fused_step_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import check_nonnegative
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state


class Adadelta(Optimizer):
    r"""Adadelta, as ``torch.optim.Adadelta``.

    .. math::
        v \leftarrow \rho v + (1 - \rho) g^2, \quad
        \Delta = \frac{\sqrt{u + \epsilon}}{\sqrt{v + \epsilon}} g, \quad
        u \leftarrow \rho u + (1 - \rho) \Delta^2, \quad
        \theta \leftarrow \theta - \gamma \Delta

    with :math:`g = \nabla_\theta + \lambda\theta`.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): coefficient :math:`\gamma` scaling delta (default 1.0).
        rho (float): decay rate of the running averages :math:`\rho` (default 0.9).
        eps (float): added inside the square roots (default 1e-6).
        weight_decay (float): L2 penalty :math:`\lambda` (default 0).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach, capturable, differentiable: accepted for compatibility; every step is one
            fused kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr, eps or weight_decay, or rho outside [0, 1].

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = Adadelta([w])
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.9968, 1.9968], requires_grad=True)
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        check_lr(lr)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        check_nonnegative("epsilon", eps)
        check_nonnegative("weight_decay", weight_decay)
        check_differentiable(differentiable)
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "capturable": capturable, "foreach": foreach,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0)
            state["square_avg"] = zeros_like(param)
            state["acc_delta"] = zeros_like(param)
        next_step(state)
        fused_step_("adadelta_step_", param, param.grad, state["square_avg"],
                    state["acc_delta"], lr=group["lr"], rho=group["rho"], eps=group["eps"],
                    weight_decay=group["weight_decay"], maximize=group["maximize"])
