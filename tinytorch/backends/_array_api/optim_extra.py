"""Fused in-place updates for RAdam, Rprop and ASGD, written once over ``xp``.

As in optim.py: each kernel follows the single-tensor (``foreach=False``) maths of the
matching torch.optim optimizer in the same order of operations and never writes into
``grad``; Python scalars keep float32 arrays float32.
"""

from tinytorch.backends._array_api.optim import _effective_grad
from tinytorch.backends._array_api.optim import adam_moments_


class ArrayOptimExtraKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def radam_step_(self, param, grad, exp_avg, exp_avg_sq, step, lr, beta1, beta2, eps,
                    weight_decay, maximize, decoupled_weight_decay):
        adam_moments_(param, grad, exp_avg, exp_avg_sq, lr, beta1, beta2, weight_decay,
                      maximize, decoupled_weight_decay)
        bias_correction2 = 1 - beta2 ** step
        update = exp_avg / (1 - beta1 ** step) * lr
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            update = update * (bias_correction2 ** 0.5 / (self.xp.sqrt(exp_avg_sq) + eps)) * rect
        param -= update

    def rprop_step_(self, param, grad, prev, step_size, etaminus, etaplus, step_size_min,
                    step_size_max, maximize):
        xp = self.xp
        if maximize:
            grad = -grad
        sign = xp.sign(grad * prev)
        # NaN products keep a NaN factor, as torch's masked assignments leave them.
        factor = xp.where(sign > 0, etaplus, xp.where(sign < 0, etaminus,
                                                      xp.where(sign == 0, 1, sign)))
        step_size *= factor.astype(step_size.dtype, copy=False)
        xp.clip(step_size, step_size_min, step_size_max, out=step_size)
        grad = xp.where(sign < 0, 0, grad).astype(grad.dtype, copy=False)
        param -= xp.sign(grad) * step_size
        prev[...] = grad

    def asgd_step_(self, param, grad, ax, eta, mu, lambd, weight_decay, maximize):
        grad = _effective_grad(grad, param, weight_decay, maximize)
        param *= 1 - lambd * eta
        param -= eta * grad
        if mu != 1:
            ax += (param - ax) * mu
        else:
            ax[...] = param
