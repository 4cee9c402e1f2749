"""Adam (and, with decoupled weight decay, AdamW)."""

from tinytorch._creation import zeros_like
from tinytorch._ops.optim import fused_step_
from tinytorch._tensor import Tensor
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_betas
from tinytorch.optim.optimizer import check_differentiable
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import check_nonnegative
from tinytorch.optim.optimizer import check_one_element
from tinytorch.optim.optimizer import next_step
from tinytorch.optim.optimizer import scalar_state
from tinytorch.optim.optimizer import to_scalar

_TENSOR_LR = "lr as a Tensor is not supported for capturable=False and foreach=True"


class Adam(Optimizer):
    r"""Adam, as ``torch.optim.Adam``.

    .. math::
        m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2,
        \quad \theta \leftarrow \theta - \frac{\gamma}{1 - \beta_1^t}
        \frac{m}{\sqrt{v} / \sqrt{1 - \beta_2^t} + \epsilon}

    with :math:`g = \nabla_\theta + \lambda\theta`, or, when ``decoupled_weight_decay``,
    :math:`\theta \leftarrow \theta (1 - \gamma\lambda)` first (AdamW). ``amsgrad`` uses the
    running maximum of :math:`v`.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate :math:`\gamma` (default 1e-3); a 1-element tensor
            (not with ``foreach=True`` unless ``capturable=True``) is read at each step.
        betas (Tuple[float, float] or Tuple[Tensor, Tensor]): :math:`(\beta_1, \beta_2)`
            (default (0.9, 0.999)); 1-element tensors as ``lr``.
        eps (float): added to the denominator (default 1e-8).
        weight_decay (float): weight decay :math:`\lambda` (default 0).
        amsgrad (bool): use the AMSGrad variant (default False).
        maximize (bool): maximize the objective instead of minimizing (default False).
        decoupled_weight_decay (bool): AdamW's decoupled weight decay (default False).
        foreach, capturable, differentiable, fused: accepted for compatibility; every step
            is one fused kernel per parameter, and ``differentiable=True`` is not supported.

    Raises:
        ValueError: a negative lr, eps or weight_decay, a beta outside [0, 1), a tensor lr or
            beta with more than one element or with ``foreach=True`` and
            ``capturable=False``, or one beta a tensor and the other not.

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = Adam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.9000, 1.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        if isinstance(lr, Tensor) and foreach and not capturable:
            raise ValueError(_TENSOR_LR)
        check_lr(lr)
        check_nonnegative("epsilon", eps)
        check_betas(betas)
        check_nonnegative("weight_decay", weight_decay)
        if not (isinstance(betas[0], float) and isinstance(betas[1], float)
                or isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor)):
            raise ValueError("betas must be either both floats or both Tensors")
        for i, beta in enumerate(betas):
            if isinstance(beta, Tensor) and foreach and not capturable:
                raise ValueError(f"betas[{i}] as a Tensor is not supported for "
                                 "capturable=False and foreach=True")
            check_one_element(f"betas[{i}]", beta)
        betas = tuple(map(to_scalar, betas))
        check_differentiable(differentiable)
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize, "foreach": foreach,
                    "capturable": capturable, "differentiable": differentiable,
                    "fused": fused, "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def _step_options(self, group):
        if group["foreach"] and isinstance(group["lr"], Tensor) and not group["capturable"]:
            raise RuntimeError(_TENSOR_LR)
        return super()._step_options(group)

    def _update(self, param, group):
        state = self.state[param]
        if not state:
            state["step"] = scalar_state(0)
            state["exp_avg"] = zeros_like(param)
            state["exp_avg_sq"] = zeros_like(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = zeros_like(param)
        beta1, beta2 = group["betas"]
        fused_step_("adam_step_", param, param.grad, state["exp_avg"], state["exp_avg_sq"],
                    state.get("max_exp_avg_sq"), step=next_step(state), lr=group["lr"],
                    beta1=beta1, beta2=beta2, eps=group["eps"],
                    weight_decay=group["weight_decay"], amsgrad=group["amsgrad"],
                    maximize=group["maximize"],
                    decoupled_weight_decay=group["decoupled_weight_decay"])
