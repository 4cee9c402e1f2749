"""Adafactor."""

from tinytorch._creation import zeros_like
from tinytorch._finfo import finfo
from tinytorch._ops.optim import fused_step_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_one_element
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state


class Adafactor(Optimizer):
    r"""Adafactor (Shazeer and Stern, 2018), as ``torch.optim.Adafactor``: Adam's second
    moment without its memory: for a matrix (or the last two dims of a tensor) only the
    running means of its rows' and columns' squared gradients, their outer product (over the
    mean of the row means) standing for the whole; no first moment. With
    :math:`\hat\beta_{2,t} = 1 - t^{\text{beta2\_decay}}`, :math:`\rho_t = \min(lr, 1/\sqrt t)`
    and :math:`\alpha_t = \max(\epsilon_2, \mathrm{RMS}(\theta))\,\rho_t`:

    .. math::
        R \leftarrow \hat\beta_{2,t} R + (1 - \hat\beta_{2,t})\,\mathrm{mean}_{cols}(g^2),
        \quad C \leftarrow \hat\beta_{2,t} C + (1 - \hat\beta_{2,t})\,\mathrm{mean}_{rows}(g^2)

    .. math::
        u = g / \sqrt{\max(R C / \max(\mathrm{mean}(R), \epsilon_1), \epsilon_1^2)}, \quad
        \theta \leftarrow \theta - \alpha_t\,u / \max(1, \mathrm{RMS}(u) / d)

    (a vector keeps its full second moment). Weight decay is decoupled:
    :math:`\theta \leftarrow \theta (1 - lr\,\lambda)` first.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): the relative step size's cap (default 1e-2).
        beta2_decay (float): the decay rate's exponent, <= 0 (default -0.8).
        eps (Tuple[float or None, float]): :math:`(\epsilon_1, \epsilon_2)`, the floor of the
            second moment's estimate (None: the dtype's machine epsilon) and of the
            parameter's RMS (default (None, 1e-3)).
        d (float): the update's clipping threshold, >= 1 (default 1.0).
        weight_decay (float): decoupled weight decay (default 0).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach: accepted for compatibility; every step is one fused kernel per parameter.

    Raises:
        ValueError: a hyperparameter out of its range (PyTorch's messages).

    >>> import tinytorch
    >>> w = tinytorch.ones(2, 2, requires_grad=True)
    >>> opt = Adafactor([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([[0.9000, 0.9000],
            [0.9000, 0.9000]], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0,
                 weight_decay=0.0, *, foreach=None, maximize=False):
        check_one_element("lr", lr)
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        defaults = {"lr": lr, "beta2_decay": beta2_decay, "eps": eps, "d": d,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize}
        super().__init__(params, defaults)

    def _update(self, param, group):
        state, grad = self.state[param], param.grad
        if not state:
            state["step"] = scalar_state(0)
            if grad.ndim > 1:  # the row and column means, reduced along the last two dims
                state["row_var"] = grad.new_zeros(grad.shape[:-1] + (1,))
                state["col_var"] = grad.new_zeros(grad.shape[:-2] + (1, grad.shape[-1]))
            else:
                state["variance"] = zeros_like(grad)
        step = next_step(state)
        eps1, eps2 = group["eps"]
        fused_step_("adafactor_step_", param, grad, state.get("row_var"), state.get("col_var"),
                    state.get("variance"), step=float(step), lr=group["lr"],
                    beta2_decay=group["beta2_decay"],
                    eps1=finfo(param.dtype).eps if eps1 is None else eps1, eps2=eps2,
                    d=group["d"], weight_decay=group["weight_decay"],
                    maximize=group["maximize"])
