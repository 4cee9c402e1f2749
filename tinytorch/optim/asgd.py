"""ASGD."""

from tinytorch import _creation
from tinytorch._ops.optim import fused_step_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import _scalar_dtype
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import check_nonnegative
from tinytorch.optim.optimizer import next_step


class ASGD(Optimizer):
    r"""Averaged stochastic gradient descent, as ``torch.optim.ASGD``.

    .. math::
        \theta \leftarrow \theta (1 - \lambda\eta) - \eta g, \quad
        \bar\theta \leftarrow \bar\theta + \mu (\theta - \bar\theta), \quad
        \eta \leftarrow \frac{\gamma}{(1 + \lambda\gamma t)^\alpha}, \quad
        \mu \leftarrow \frac{1}{\max(1, t - t_0)}

    with :math:`g = \nabla_\theta + \lambda_{wd}\theta`. The average :math:`\bar\theta` is
    ``state[p]["ax"]``; ``eta`` and ``mu`` are 0-d tensors beside the parameter, in the
    default scalar dtype (float32 unless the default dtype is float64), as PyTorch keeps them.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate :math:`\gamma` (default 1e-2).
        lambd (float): decay term :math:`\lambda` (default 1e-4).
        alpha (float): power :math:`\alpha` for the eta update (default 0.75).
        t0 (float): step at which averaging starts (default 1e6).
        weight_decay (float): L2 penalty :math:`\lambda_{wd}` (default 0).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach, capturable, differentiable: accepted for compatibility; every step is one
            fused kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr or weight_decay.

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = ASGD([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.8000, 1.6000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0,
                 foreach=None, maximize=False, differentiable=False, capturable=False):
        check_lr(lr)
        check_nonnegative("weight_decay", weight_decay)
        check_differentiable(differentiable)
        defaults = {"lr": lr, "lambd": lambd, "alpha": alpha, "t0": t0,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "capturable": capturable}
        super().__init__(params, defaults)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            state["step"] = _scalar_beside(param, 0)
            state["eta"] = _scalar_beside(param, group["lr"])
            state["mu"] = _scalar_beside(param, 1)
            state["ax"] = _creation.zeros_like(param)
        step = next_step(state)
        lr, lambd = group["lr"], group["lambd"]
        fused_step_("asgd_step_", param, param.grad, state["ax"], eta=state["eta"].item(),
                    mu=state["mu"].item(), lambd=lambd, weight_decay=group["weight_decay"],
                    maximize=group["maximize"])
        _set_scalar(state["eta"], lr / ((1 + lambd * lr * step) ** group["alpha"]))
        _set_scalar(state["mu"], 1 / max(1, step - group["t0"]))


def _scalar_beside(param, value):
    """A 0-d state tensor on ``param``'s device (ASGD keeps all its state there)."""
    return _creation.tensor(float(value), dtype=_scalar_dtype(), device=param.device)


def _set_scalar(scalar, value):
    """Store ``value`` rounded to the default dtype first, as torch's ``eta.copy_(
    torch.as_tensor(value))`` does, even when loading made ``scalar`` float64."""
    scalar.copy_(_creation.as_tensor(value, device=scalar.device))
