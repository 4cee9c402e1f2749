"""Fused in-place updates for RAdam, Rprop, ASGD and Adafactor, written once over ``xp``.

As in optim.py: each kernel follows the single-tensor (``foreach=False``) maths of the
matching torch.optim optimizer in the same order of operations and never writes into
``grad``; Python scalars keep float32 arrays float32.
"""

from tinytorch.backends._array_api.optim import _effective_grad


class ArrayOptimExtraKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def radam_step_(self, param, grad, exp_avg, exp_avg_sq, step, lr, beta1, beta2, eps,
                    weight_decay, maximize, decoupled_weight_decay):
        self.adam_moments_(param, grad, exp_avg, exp_avg_sq, lr, beta1, beta2, weight_decay,
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
        # PyTorch's sign: a NaN product (an inf or NaN gradient) has sign 0, so the step size
        # keeps its value and a NaN gradient moves nothing.
        sign = self.sign(grad * prev)
        factor = xp.where(sign > 0, etaplus, xp.where(sign < 0, etaminus, 1))
        step_size *= factor.astype(step_size.dtype, copy=False)
        xp.clip(step_size, step_size_min, step_size_max, out=step_size)
        grad = xp.where(sign < 0, 0, grad).astype(grad.dtype, copy=False)
        param -= self.sign(grad) * step_size
        prev[...] = grad

    def asgd_step_(self, param, grad, ax, eta, mu, lambd, weight_decay, maximize):
        grad = _effective_grad(grad, param, weight_decay, maximize)
        param *= 1 - lambd * eta
        param -= eta * grad
        if mu != 1:
            ax += (param - ax) * mu
        else:
            ax[...] = param

    def adafactor_step_(self, param, grad, row_var, col_var, variance, step, lr, beta2_decay,
                        eps1, eps2, d, weight_decay, maximize):
        xp = self.xp
        if maximize:
            grad = -grad
        weight = step ** beta2_decay  # 1 - beta2_t
        rho = min(lr, 1 / step ** 0.5)
        alpha = max(eps2, float(xp.sqrt((param * param).sum())) / param.size ** 0.5) * rho
        if weight_decay != 0:
            param *= 1 - lr * weight_decay
        if grad.ndim > 1:  # the second moment factored into its row and column means
            for state, axis in ((row_var, -1), (col_var, -2)):
                # PyTorch's norm(dim).square_().div_(size): the square root squared
                mean = xp.sqrt((grad * grad).sum(axis, keepdims=True)) ** 2 / grad.shape[axis]
                self.lerp_(state, mean, weight)
            estimate = row_var @ col_var
            estimate /= xp.maximum(row_var.mean(-2, keepdims=True), eps1)
        else:
            self.lerp_(variance, grad * grad, weight)
            estimate = variance.copy()
        update = 1 / xp.sqrt(xp.maximum(estimate, eps1 * eps1))
        update *= grad
        denom = max(1.0, float(xp.sqrt((update * update).sum())) / (update.size ** 0.5 * d))
        param += update * (-alpha / denom)
