"""AdamW: Adam with decoupled weight decay."""

from tinytorch.optim.adam import Adam


class AdamW(Adam):
    r"""Adam with decoupled weight decay, as ``torch.optim.AdamW``.

    Each step first shrinks the parameter, :math:`\theta \leftarrow \theta(1 - \gamma\lambda)`,
    then takes an :class:`Adam` step without weight decay in the gradient.

    Args:
        params (iterable): tensors or parameter-group dicts to optimize.
        lr (float or Tensor): learning rate :math:`\gamma` (default 1e-3); a tensor as for
            :class:`Adam`.
        betas (Tuple[float, float] or Tuple[Tensor, Tensor]): :math:`(\beta_1, \beta_2)`
            (default (0.9, 0.999)); tensors as for :class:`Adam`.
        eps (float): added to the denominator (default 1e-8).
        weight_decay (float): decoupled weight decay :math:`\lambda` (default 1e-2).
        amsgrad (bool): use the AMSGrad variant (default False).
        maximize (bool): maximize the objective instead of minimizing (default False).
        foreach, capturable, differentiable, fused: as for :class:`Adam`.

    Raises:
        ValueError: a negative lr, eps or weight_decay, a beta outside [0, 1), or a tensor lr
            or beta that :class:`Adam` refuses.

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.8500, 1.8000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def load_state_dict(self, state_dict):
        super().load_state_dict(state_dict)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
