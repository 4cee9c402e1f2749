// Batch normalisation over x viewed as (N, C, S): one block per channel for the statistics
// (two-pass mean and variance, see NOTE [Deterministic block reductions]) and one thread per
// element to normalise. Null weight / bias / running pointers mean "absent".

// training: mean and biased variance of channel c over N * S values; running stats updated
// with the unbiased variance. Otherwise the running stats are used.
template <typename T>
__global__ void tt_batch_norm_stats(const T* __restrict__ x, T* __restrict__ mean_out,
                                    T* __restrict__ invstd_out, T* running_mean, T* running_var,
                                    i64 N, i64 C, i64 S, i64 training, T momentum, T eps) {
    __shared__ T shm[TT_BLOCK];
    i64 c = blockIdx.x, M = N * S;
    if (!training) {
        if (threadIdx.x == 0) {
            mean_out[c] = running_mean[c];
            invstd_out[c] = T(1) / sqrt(running_var[c] + eps);
        }
        return;
    }
    T s = T(0);
    for (i64 k = threadIdx.x; k < M; k += TT_BLOCK) s += x[((k / S) * C + c) * S + k % S];
    T mean = tt_block_sum(s, shm) / T(M);
    T q = T(0);
    for (i64 k = threadIdx.x; k < M; k += TT_BLOCK) {
        T d = x[((k / S) * C + c) * S + k % S] - mean;
        q += d * d;
    }
    T var = tt_block_sum(q, shm) / T(M);
    if (threadIdx.x == 0) {
        mean_out[c] = mean;
        invstd_out[c] = T(1) / sqrt(var + eps);
        if (running_mean) running_mean[c] = (T(1) - momentum) * running_mean[c] + momentum * mean;
        if (running_var) {
            T unbiased = var * T(M) / T(M > 1 ? M - 1 : 1);  // as the CPU kernel
            running_var[c] = (T(1) - momentum) * running_var[c] + momentum * unbiased;
        }
    }
}

// y = (x - mean[c]) * invstd[c] * weight[c] + bias[c]
template <typename T>
__global__ void tt_batch_norm_apply(const T* __restrict__ x, const T* __restrict__ mean,
                                    const T* __restrict__ invstd, const T* __restrict__ weight,
                                    const T* __restrict__ bias, T* __restrict__ y, i64 n, i64 C,
                                    i64 S) {
    TT_FOR(i, n) {
        i64 c = (i / S) % C;
        T v = (x[i] - mean[c]) * invstd[c];
        if (weight) v *= weight[c];
        if (bias) v += bias[c];
        y[i] = v;
    }
}

// Per channel: sum_g = sum(g), sum_gxhat = sum(g * (x - mean) * invstd).
template <typename T>
__global__ void tt_batch_norm_backward_reduce(const T* __restrict__ g, const T* __restrict__ x,
                                              const T* __restrict__ mean,
                                              const T* __restrict__ invstd, T* __restrict__ sum_g,
                                              T* __restrict__ sum_gxhat, i64 N, i64 C, i64 S) {
    __shared__ T shm[TT_BLOCK];
    i64 c = blockIdx.x, M = N * S;
    T a = T(0), b = T(0);
    for (i64 k = threadIdx.x; k < M; k += TT_BLOCK) {
        i64 i = ((k / S) * C + c) * S + k % S;
        a += g[i];
        b += g[i] * (x[i] - mean[c]);
    }
    a = tt_block_sum(a, shm);
    b = tt_block_sum(b, shm);
    if (threadIdx.x == 0) {
        sum_g[c] = a;
        sum_gxhat[c] = b * invstd[c];
    }
}

// training: gx = w * invstd * (g - sum_g / M - xhat * sum_gxhat / M); eval: gx = g * w * invstd.
template <typename T>
__global__ void tt_batch_norm_backward_apply(const T* __restrict__ g, const T* __restrict__ x,
                                             const T* __restrict__ weight,
                                             const T* __restrict__ mean,
                                             const T* __restrict__ invstd,
                                             const T* __restrict__ sum_g,
                                             const T* __restrict__ sum_gxhat, T* __restrict__ gx,
                                             i64 n, i64 C, i64 S, i64 training) {
    T M = T(n / C);
    TT_FOR(i, n) {
        i64 c = (i / S) % C;
        T scale = invstd[c] * (weight ? weight[c] : T(1));
        if (training) {
            T xhat = (x[i] - mean[c]) * invstd[c];
            gx[i] = scale * (g[i] - sum_g[c] / M - xhat * sum_gxhat[c] / M);
        } else {
            gx[i] = g[i] * scale;
        }
    }
}
