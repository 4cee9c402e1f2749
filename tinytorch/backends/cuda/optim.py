"""Fused optimizer steps (``kernels/optim.cu``): one launch per parameter updates it and its
state in place. Step-dependent scalars are computed here in Python floats, as torch.optim
does, and passed to the kernel."""

import math

from tinytorch.backends.cuda import _launch


def _step(kernel, param, grad, state, scalars):
    """Launch ``kernel`` updating param and its ``state`` arrays (None = unused) in place."""
    written = tuple(a for a in (param,) + state if a is not None)
    _launch.launch("optim", kernel, param.dtype, _launch.blocks(param.size),
                   (param, grad) + state + (param.size,) + scalars, inplace=written)


def _fits(param, grad, *state):
    arrays = [param, grad] + [a for a in state if a is not None]
    return _launch.supported(*arrays) and all(a.shape == param.shape for a in arrays)


class CudaOptimKernels:
    """Mixin: fused raw-kernel optimizer steps for float32/float64, else the inherited ones."""

    def sgd_step_(self, param, grad, momentum_buffer, lr, momentum, dampening, weight_decay,
                  nesterov, maximize, first_step):
        if not _fits(param, grad, momentum_buffer):
            return super().sgd_step_(param, grad, momentum_buffer, lr, momentum, dampening,
                                     weight_decay, nesterov, maximize, first_step)
        buf = momentum_buffer if momentum != 0 else None
        _step("tt_sgd_step", param, grad, (buf,),
              (float(lr), float(momentum), float(dampening), float(weight_decay),
               bool(nesterov), bool(maximize), bool(first_step)))

    def adam_step_(self, param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1,
                   beta2, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay):
        if not _fits(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq):
            return super().adam_step_(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step,
                                      lr, beta1, beta2, eps, weight_decay, amsgrad, maximize,
                                      decoupled_weight_decay)
        step_size = lr / (1 - beta1 ** step)
        bc2_sqrt = math.sqrt(1 - beta2 ** step)
        _step("tt_adam_step", param, grad,
              (exp_avg, exp_avg_sq, max_exp_avg_sq if amsgrad else None),
              (float(lr), float(beta1), float(beta2), float(eps), float(weight_decay),
               bool(decoupled_weight_decay), float(step_size), float(bc2_sqrt), bool(maximize)))

    def adamax_step_(self, param, grad, exp_avg, exp_inf, step, lr, beta1, beta2, eps,
                     weight_decay, maximize):
        if not _fits(param, grad, exp_avg, exp_inf):
            return super().adamax_step_(param, grad, exp_avg, exp_inf, step, lr, beta1, beta2,
                                        eps, weight_decay, maximize)
        clr = lr / (1 - beta1 ** step)
        _step("tt_adamax_step", param, grad, (exp_avg, exp_inf),
              (float(beta1), float(beta2), float(eps), float(weight_decay), float(clr),
               bool(maximize)))

    def nadam_step_(self, param, grad, exp_avg, exp_avg_sq, step, mu, mu_next, mu_product, lr,
                    beta1, beta2, eps, weight_decay, maximize):
        if not _fits(param, grad, exp_avg, exp_avg_sq):
            return super().nadam_step_(param, grad, exp_avg, exp_avg_sq, step, mu, mu_next,
                                       mu_product, lr, beta1, beta2, eps, weight_decay, maximize)
        bc2 = 1 - beta2 ** step
        c_grad = lr * (1 - mu) / (1 - mu_product)
        c_avg = lr * mu_next / (1 - mu_product * mu_next)
        _step("tt_nadam_step", param, grad, (exp_avg, exp_avg_sq),
              (float(beta1), float(beta2), float(eps), float(weight_decay), float(bc2),
               float(c_grad), float(c_avg), bool(maximize)))

    def rmsprop_step_(self, param, grad, square_avg, momentum_buffer, grad_avg, lr, alpha, eps,
                      weight_decay, momentum, centered, maximize):
        if not _fits(param, grad, square_avg, momentum_buffer, grad_avg):
            return super().rmsprop_step_(param, grad, square_avg, momentum_buffer, grad_avg, lr,
                                         alpha, eps, weight_decay, momentum, centered, maximize)
        _step("tt_rmsprop_step", param, grad,
              (square_avg, momentum_buffer if momentum > 0 else None,
               grad_avg if centered else None),
              (float(lr), float(alpha), float(eps), float(weight_decay), float(momentum),
               bool(maximize)))

    def adagrad_step_(self, param, grad, state_sum, step, lr, lr_decay, weight_decay, eps,
                      maximize):
        if not _fits(param, grad, state_sum):
            return super().adagrad_step_(param, grad, state_sum, step, lr, lr_decay,
                                         weight_decay, eps, maximize)
        clr = lr / (1 + (step - 1) * lr_decay)
        _step("tt_adagrad_step", param, grad, (state_sum,),
              (float(clr), float(weight_decay), float(eps), bool(maximize)))

    def adadelta_step_(self, param, grad, square_avg, acc_delta, lr, rho, eps, weight_decay,
                       maximize):
        if not _fits(param, grad, square_avg, acc_delta):
            return super().adadelta_step_(param, grad, square_avg, acc_delta, lr, rho, eps,
                                          weight_decay, maximize)
        _step("tt_adadelta_step", param, grad, (square_avg, acc_delta),
              (float(lr), float(rho), float(eps), float(weight_decay), bool(maximize)))
