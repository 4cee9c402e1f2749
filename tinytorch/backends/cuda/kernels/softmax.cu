// Row-wise softmax family: one block per row of a (rows, cols) array, block reductions in
// shared memory (see NOTE [Deterministic block reductions]).

// y = softmax(x) (log_out = 0) or log_softmax(x) (log_out = 1) along each row.
template <typename T>
__global__ void tt_softmax_forward(const T* __restrict__ x, T* __restrict__ y, i64 cols,
                                   i64 log_out) {
    __shared__ T shm[TT_BLOCK];
    const T* xr = x + blockIdx.x * cols;
    T* yr = y + blockIdx.x * cols;
    T m = -TT_INF;
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) {
        T v = xr[j];
        if (v > m || v != v) m = v;
    }
    m = tt_block_max(m, shm);
    T s = T(0);
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) s += exp(xr[j] - m);
    s = tt_block_sum(s, shm);
    if (log_out) {  // (x - max) - log(s): exact shift first, so |x| ~ 1e4 keeps its digits
        T ls = log(s);
        for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) yr[j] = (xr[j] - m) - ls;
    } else {
        for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) yr[j] = exp(xr[j] - m) / s;
    }
}

// softmax: gx = y * (g - sum(g * y));  log_softmax: gx = g - exp(y) * sum(g).
template <typename T>
__global__ void tt_softmax_backward(const T* __restrict__ g, const T* __restrict__ y,
                                    T* __restrict__ gx, i64 cols, i64 log_out) {
    __shared__ T shm[TT_BLOCK];
    i64 off = blockIdx.x * cols;
    T s = T(0);
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK)
        s += log_out ? g[off + j] : g[off + j] * y[off + j];
    s = tt_block_sum(s, shm);
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) {
        gx[off + j] = log_out ? g[off + j] - exp(y[off + j]) * s : y[off + j] * (g[off + j] - s);
    }
}

// NOTE [Cross-entropy with label smoothing]
// With eps = label_smoothing, C classes and class weights w (all 1 when absent), PyTorch's
// per-sample loss is  loss = (1 - eps) * (-w[t] * lp[t]) + eps / C * (-sum_c w[c] * lp[c]),
// lp = log_softmax(logits), 0 when t == ignore_index. It is -sum_c q[c] * lp[c] with
// q[c] = (1 - eps) * w[t] * [c == t] + eps / C * w[c], so its gradient with respect to the
// logits is  p[c] * sum(q) - q[c]  with p = exp(lp).
// A target outside [0, C) that is not ignore_index gives a NaN loss (the CPU raises).

template <typename T>
__global__ void tt_cross_entropy_forward(const T* __restrict__ logits,
                                         const i64* __restrict__ target,
                                         const T* __restrict__ weight, T* __restrict__ losses,
                                         T* __restrict__ lp, i64 cols, i64 ignore_index, T eps) {
    __shared__ T shm[TT_BLOCK];
    i64 row = blockIdx.x;
    const T* xr = logits + row * cols;
    T* lr = lp + row * cols;
    T m = -TT_INF;
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) {
        T v = xr[j];
        if (v > m || v != v) m = v;
    }
    m = tt_block_max(m, shm);
    T s = T(0);
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) s += exp(xr[j] - m);
    T ls = log(tt_block_sum(s, shm));
    T smooth = T(0);
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) {
        T v = (xr[j] - m) - ls;
        lr[j] = v;
        smooth += weight ? weight[j] * v : v;
    }
    smooth = tt_block_sum(smooth, shm);
    if (threadIdx.x == 0) {
        i64 t = target[row];
        T loss;
        if (t == ignore_index) loss = T(0);
        else if (t < 0 || t >= cols) loss = TT_NAN;
        else {
            T wt = weight ? weight[t] : T(1);
            loss = -(T(1) - eps) * wt * ((xr[t] - m) - ls) - eps / T(cols) * smooth;
        }
        losses[row] = loss;
    }
}

template <typename T>
__global__ void tt_cross_entropy_backward(const T* __restrict__ grad_losses,
                                          const T* __restrict__ lp, const i64* __restrict__ target,
                                          const T* __restrict__ weight, T* __restrict__ gx,
                                          i64 cols, i64 ignore_index, T eps) {
    __shared__ T shm[TT_BLOCK];
    i64 row = blockIdx.x;
    i64 t = target[row];
    const T* lr = lp + row * cols;
    T* gr = gx + row * cols;
    T wsum = T(cols);
    if (weight) {
        T s = T(0);
        for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) s += weight[j];
        wsum = tt_block_sum(s, shm);
    }
    if (t == ignore_index || t < 0 || t >= cols) {
        for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) gr[j] = T(0);
        return;
    }
    T g = grad_losses[row];
    T wt = weight ? weight[t] : T(1);
    T q_sum = (T(1) - eps) * wt + eps / T(cols) * wsum;
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) {
        T q = eps / T(cols) * (weight ? weight[j] : T(1)) + (j == t ? (T(1) - eps) * wt : T(0));
        gr[j] = g * (exp(lr[j]) * q_sum - q);
    }
}
