"""Fused in-place optimizer updates written once over ``xp``.

Each kernel follows the single-tensor (``foreach=False``) maths of the matching torch.optim
optimizer, in the same order of operations, and never writes into ``grad``. Python scalars
keep float32 arrays float32 (NumPy and CuPy follow NEP 50).
"""


def _effective_grad(grad, param, weight_decay, maximize):
    """-grad when maximizing, then L2 weight decay folded into the gradient."""
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * param
    return grad


class ArrayOptimKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def lerp_(self, start, end, weight):
        """``start.lerp_(end, weight)`` in place with PyTorch's two forms (``lerp``): a running
        mean ``m + (1 - beta) * (g - m)`` loses ``g`` when ``m`` is huge or infinite and
        ``beta`` is small, where PyTorch's ``g - (g - m) * beta`` keeps it."""
        start[...] = self.lerp(start, end, weight)

    def adam_moments_(self, param, grad, exp_avg, exp_avg_sq, lr, beta1, beta2, weight_decay,
                      maximize, decoupled_weight_decay):
        """Adam's (and RAdam's) first part: weight decay (L2, or decoupled into ``param``),
        then both running moments updated in place."""
        if maximize:
            grad = -grad
        if weight_decay != 0 and decoupled_weight_decay:
            param *= 1 - lr * weight_decay
        elif weight_decay != 0:
            grad = grad + weight_decay * param
        self.lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * (grad * grad)

    def sgd_step_(self, param, grad, momentum_buffer, lr, momentum, dampening, weight_decay,
                  nesterov, maximize, first_step):
        grad = _effective_grad(grad, param, weight_decay, maximize)
        if momentum != 0:
            if first_step:
                momentum_buffer[...] = grad
            else:
                momentum_buffer *= momentum
                momentum_buffer += (1 - dampening) * grad
            grad = grad + momentum * momentum_buffer if nesterov else momentum_buffer
        param -= lr * grad

    def adam_step_(self, param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1,
                   beta2, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay):
        self.adam_moments_(param, grad, exp_avg, exp_avg_sq, lr, beta1, beta2, weight_decay,
                           maximize, decoupled_weight_decay)
        second = exp_avg_sq
        if amsgrad:
            self.xp.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
            second = max_exp_avg_sq
        step_size = lr / (1 - beta1 ** step)
        denom = self.xp.sqrt(second) / (1 - beta2 ** step) ** 0.5 + eps
        param -= step_size * (exp_avg / denom)

    def adamax_step_(self, param, grad, exp_avg, exp_inf, step, lr, beta1, beta2, eps,
                     weight_decay, maximize):
        grad = _effective_grad(grad, param, weight_decay, maximize)
        self.lerp_(exp_avg, grad, 1 - beta1)
        exp_inf *= beta2
        self.xp.maximum(exp_inf, self.xp.abs(grad) + eps, out=exp_inf)
        param -= lr / (1 - beta1 ** step) * (exp_avg / exp_inf)

    def nadam_step_(self, param, grad, exp_avg, exp_avg_sq, step, mu, mu_next, mu_product, lr,
                    beta1, beta2, eps, weight_decay, maximize):
        grad = _effective_grad(grad, param, weight_decay, maximize)
        self.lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * (grad * grad)
        denom = self.xp.sqrt(exp_avg_sq / (1 - beta2 ** step)) + eps
        param += (-lr * (1.0 - mu) / (1.0 - mu_product)) * (grad / denom)
        param += (-lr * mu_next / (1.0 - mu_product * mu_next)) * (exp_avg / denom)

    def rmsprop_step_(self, param, grad, square_avg, momentum_buffer, grad_avg, lr, alpha, eps,
                      weight_decay, momentum, centered, maximize):
        grad = _effective_grad(grad, param, weight_decay, maximize)
        square_avg *= alpha
        square_avg += (1 - alpha) * (grad * grad)
        if centered:
            self.lerp_(grad_avg, grad, 1 - alpha)
            avg = self.xp.sqrt(square_avg - grad_avg * grad_avg) + eps
        else:
            avg = self.xp.sqrt(square_avg) + eps
        if momentum > 0:
            momentum_buffer *= momentum
            momentum_buffer += grad / avg
            param -= lr * momentum_buffer
        else:
            param -= lr * (grad / avg)

    def adagrad_step_(self, param, grad, state_sum, step, lr, lr_decay, weight_decay, eps,
                      maximize):
        grad = _effective_grad(grad, param, weight_decay, maximize)
        state_sum += grad * grad
        clr = lr / (1 + (step - 1) * lr_decay)
        param -= clr * (grad / (self.xp.sqrt(state_sum) + eps))

    def adadelta_step_(self, param, grad, square_avg, acc_delta, lr, rho, eps, weight_decay,
                       maximize):
        grad = _effective_grad(grad, param, weight_decay, maximize)
        square_avg *= rho
        square_avg += (1 - rho) * (grad * grad)
        delta = self.xp.sqrt(acc_delta + eps) / self.xp.sqrt(square_avg + eps) * grad
        acc_delta *= rho
        acc_delta += (1 - rho) * (delta * delta)
        param -= lr * delta
