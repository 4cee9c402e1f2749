"""Rprop."""

from tinytorch._creation import full_like
from tinytorch._creation import zeros_like
from tinytorch._ops.optim import fused_step_
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state


class Rprop(Optimizer):
    r"""Rprop (resilient backpropagation), as ``torch.optim.Rprop``.

    Each element keeps its own step size :math:`\Delta` (starting at ``lr``), grown by
    :math:`\eta_+` while the gradient keeps its sign, shrunk by :math:`\eta_-` when it flips,
    and clamped to ``step_sizes``:

    .. math::
        \Delta \leftarrow \mathrm{clamp}(\Delta \cdot
        \begin{cases} \eta_+ & g\,g_{prev} > 0 \\ \eta_- & g\,g_{prev} < 0 \\ 1 & \text{else}
        \end{cases}, \Delta_{min}, \Delta_{max}), \quad
        \theta \leftarrow \theta - \mathrm{sign}(g)\,\Delta

    where a sign flip also zeroes :math:`g` (no step, and no flip seen next time);
    :math:`g_{prev}` is the previous such :math:`g`.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): initial step size (default 1e-2).
        etas (Tuple[float, float]): :math:`(\eta_-, \eta_+)`, with
            :math:`0 < \eta_- < 1 < \eta_+` (default (0.5, 1.2)).
        step_sizes (Tuple[float, float]): :math:`(\Delta_{min}, \Delta_{max})`
            (default (1e-6, 50)).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach, capturable, differentiable: accepted for compatibility; every step is one
            fused kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr, or etas not satisfying :math:`0 < \eta_- < 1 < \eta_+`.

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = Rprop([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        check_lr(lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        check_differentiable(differentiable)
        defaults = {"lr": lr, "etas": etas, "step_sizes": step_sizes, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
        super().__init__(params, defaults)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0)
            state["prev"] = zeros_like(param)
            state["step_size"] = full_like(param.grad, group["lr"])
        next_step(state)
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
        fused_step_("rprop_step_", param, param.grad, state["prev"], state["step_size"],
                    etaminus=etaminus, etaplus=etaplus, step_size_min=step_size_min,
                    step_size_max=step_size_max, maximize=group["maximize"])
