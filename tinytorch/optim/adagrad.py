"""Adagrad."""

from tinytorch._creation import full_like
from tinytorch._ops.optim import fused_step_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import check_nonnegative
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state


class Adagrad(Optimizer):
    r"""Adagrad, as ``torch.optim.Adagrad``.

    .. math::
        s \leftarrow s + g^2, \quad
        \theta \leftarrow \theta - \frac{\gamma}{1 + (t - 1)\eta} \frac{g}{\sqrt{s} + \epsilon}

    with :math:`g = \nabla_\theta + \lambda\theta` and :math:`\eta` = ``lr_decay``. The sums
    start at ``initial_accumulator_value`` and are created for every parameter at
    construction, as torch does.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate :math:`\gamma` (default 1e-2).
        lr_decay (float): learning rate decay :math:`\eta` (default 0).
        weight_decay (float): L2 penalty :math:`\lambda` (default 0).
        initial_accumulator_value (float): initial value of the sums :math:`s` (default 0).
        eps (float): added to the denominator (default 1e-10).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach, differentiable, fused: accepted for compatibility; every step is one fused
            kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr, lr_decay, weight_decay, initial_accumulator_value or eps.

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = Adagrad([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.9000, 1.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                 eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_lr(lr)
        check_nonnegative("lr_decay", lr_decay)
        check_nonnegative("weight_decay", weight_decay)
        check_nonnegative("initial_accumulator_value", initial_accumulator_value)
        check_nonnegative("epsilon", eps)
        check_differentiable(differentiable)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value,
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable,
                    "fused": fused}
        super().__init__(params, defaults)
        for group in self.param_groups:
            for param in group["params"]:
                self._init_state(self.state[param], param, initial_accumulator_value)

    @staticmethod
    def _init_state(state, param, initial_accumulator_value):
        state["step"] = scalar_state(0)
        state["sum"] = full_like(param, initial_accumulator_value)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            self._init_state(state, param, self.defaults["initial_accumulator_value"])
        fused_step_("adagrad_step_", param, param.grad, state["sum"], step=next_step(state),
                    lr=group["lr"], lr_decay=group["lr_decay"],
                    weight_decay=group["weight_decay"], eps=group["eps"],
                    maximize=group["maximize"])
