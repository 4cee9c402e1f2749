// Fused optimizer updates: one launch per parameter updates the parameter and its state in
// place, following torch.optim's single-tensor (foreach=False) formulas line by line.
// Scalars that depend only on the step (bias corrections, step sizes) are computed on the
// host and passed in. Null state pointers mean the state is unused.

// The gradient after `maximize` and L2 weight decay, as every optimizer starts.
template <typename T> __device__ __forceinline__ T tt_grad(T g, T p, T weight_decay, i64 maximize) {
    if (maximize) g = -g;
    return weight_decay != T(0) ? g + weight_decay * p : g;
}

// a.lerp_(b, w) with PyTorch's two forms: a running mean m + (1 - beta) * (g - m) would lose g
// when m is huge or infinite and beta is small, where g - (g - m) * beta keeps it.
template <typename T> __device__ __forceinline__ T tt_lerp(T a, T b, T w) {
    return abs(w) < T(0.5) ? a + w * (b - a) : b - (b - a) * (T(1) - w);
}

template <typename T>
__global__ void tt_sgd_step(T* param, const T* __restrict__ grad, T* buf, i64 n, T lr,
                            T momentum, T dampening, T weight_decay, i64 nesterov, i64 maximize,
                            i64 first_step) {
    TT_FOR(i, n) {
        T g = tt_grad(grad[i], param[i], weight_decay, maximize);
        if (buf) {
            T b = first_step ? g : buf[i] * momentum + (T(1) - dampening) * g;
            buf[i] = b;
            g = nesterov ? g + momentum * b : b;
        }
        param[i] -= lr * g;
    }
}

// step_size = lr / (1 - beta1^t), bc2_sqrt = sqrt(1 - beta2^t).
template <typename T>
__global__ void tt_adam_step(T* param, const T* __restrict__ grad, T* exp_avg, T* exp_avg_sq,
                             T* max_exp_avg_sq, i64 n, T lr, T beta1, T beta2, T eps,
                             T weight_decay, i64 decoupled, T step_size, T bc2_sqrt,
                             i64 maximize) {
    TT_FOR(i, n) {
        T p = param[i], g = maximize ? -grad[i] : grad[i];
        if (weight_decay != T(0)) {
            if (decoupled) p *= T(1) - lr * weight_decay;
            else g += weight_decay * p;
        }
        T m = tt_lerp(exp_avg[i], g, T(1) - beta1);
        T v = exp_avg_sq[i] * beta2 + (T(1) - beta2) * g * g;
        exp_avg[i] = m;
        exp_avg_sq[i] = v;
        if (max_exp_avg_sq) {
            v = max(max_exp_avg_sq[i], v);
            max_exp_avg_sq[i] = v;
        }
        param[i] = p - step_size * m / (sqrt(v) / bc2_sqrt + eps);
    }
}

// clr = lr / (1 - beta1^t).
template <typename T>
__global__ void tt_adamax_step(T* param, const T* __restrict__ grad, T* exp_avg, T* exp_inf,
                               i64 n, T beta1, T beta2, T eps, T weight_decay, T clr,
                               i64 maximize) {
    TT_FOR(i, n) {
        T g = tt_grad(grad[i], param[i], weight_decay, maximize);
        T m = tt_lerp(exp_avg[i], g, T(1) - beta1);
        T u = max(exp_inf[i] * beta2, abs(g) + eps);
        exp_avg[i] = m;
        exp_inf[i] = u;
        param[i] -= clr * m / u;
    }
}

// c_grad = lr * (1 - mu) / (1 - mu_product), c_avg = lr * mu_next / (1 - mu_product * mu_next),
// bc2 = 1 - beta2^t.
template <typename T>
__global__ void tt_nadam_step(T* param, const T* __restrict__ grad, T* exp_avg, T* exp_avg_sq,
                              i64 n, T beta1, T beta2, T eps, T weight_decay, T bc2, T c_grad,
                              T c_avg, i64 maximize) {
    TT_FOR(i, n) {
        T g = tt_grad(grad[i], param[i], weight_decay, maximize);
        T m = tt_lerp(exp_avg[i], g, T(1) - beta1);
        T v = exp_avg_sq[i] * beta2 + (T(1) - beta2) * g * g;
        exp_avg[i] = m;
        exp_avg_sq[i] = v;
        T denom = sqrt(v / bc2) + eps;
        param[i] = param[i] - c_grad * g / denom - c_avg * m / denom;
    }
}

template <typename T>
__global__ void tt_rmsprop_step(T* param, const T* __restrict__ grad, T* square_avg, T* buf,
                                T* grad_avg, i64 n, T lr, T alpha, T eps, T weight_decay,
                                T momentum, i64 maximize) {
    TT_FOR(i, n) {
        T g = tt_grad(grad[i], param[i], weight_decay, maximize);
        T sq = square_avg[i] * alpha + (T(1) - alpha) * g * g;
        square_avg[i] = sq;
        T avg;
        if (grad_avg) {
            T ga = tt_lerp(grad_avg[i], g, T(1) - alpha);
            grad_avg[i] = ga;
            avg = sqrt(sq - ga * ga) + eps;
        } else {
            avg = sqrt(sq) + eps;
        }
        if (buf) {
            T b = buf[i] * momentum + g / avg;
            buf[i] = b;
            param[i] -= lr * b;
        } else {
            param[i] -= lr * g / avg;
        }
    }
}

// clr = lr / (1 + (t - 1) * lr_decay).
template <typename T>
__global__ void tt_adagrad_step(T* param, const T* __restrict__ grad, T* state_sum, i64 n,
                                T clr, T weight_decay, T eps, i64 maximize) {
    TT_FOR(i, n) {
        T g = tt_grad(grad[i], param[i], weight_decay, maximize);
        T s = state_sum[i] + g * g;
        state_sum[i] = s;
        param[i] -= clr * g / (sqrt(s) + eps);
    }
}

template <typename T>
__global__ void tt_adadelta_step(T* param, const T* __restrict__ grad, T* square_avg,
                                 T* acc_delta, i64 n, T lr, T rho, T eps, T weight_decay,
                                 i64 maximize) {
    TT_FOR(i, n) {
        T g = tt_grad(grad[i], param[i], weight_decay, maximize);
        T sq = square_avg[i] * rho + (T(1) - rho) * g * g;
        square_avg[i] = sq;
        T delta = sqrt(acc_delta[i] + eps) / sqrt(sq + eps) * g;
        acc_delta[i] = acc_delta[i] * rho + (T(1) - rho) * delta * delta;
        param[i] -= lr * delta;
    }
}
