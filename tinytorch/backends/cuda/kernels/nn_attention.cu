// Attention weights: one block per row of a (rows, cols) array of scores, in place,
// y = softmax(scale * x + bias) with bias null or of the scores' shape. A row that is -inf
// throughout (every key masked) gives zeros when safe, else NaN, as PyTorch's paths do
// (see NOTE [Fully masked attention rows] in tinytorch/_ops/nn_attention.py).
template <typename T>
__global__ void tt_attention_softmax(T* __restrict__ x, const T* __restrict__ bias, i64 cols,
                                     T scale, i64 safe) {
    __shared__ T shm[TT_BLOCK];
    T* xr = x + blockIdx.x * cols;
    const T* br = bias ? bias + blockIdx.x * cols : nullptr;
    T m = -TT_INF;
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) {
        T v = xr[j] * scale;
        if (br) v += br[j];
        xr[j] = v;
        if (v > m || v != v) m = v;
    }
    m = tt_block_max(m, shm);
    if (m == -TT_INF) {  // the same for every thread of the block: no barrier is skipped
        for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) xr[j] = safe ? T(0) : T(TT_NAN);
        return;
    }
    T s = T(0);
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) {
        T e = exp(xr[j] - m);
        xr[j] = e;
        s += e;
    }
    s = tt_block_sum(s, shm);
    for (i64 j = threadIdx.x; j < cols; j += TT_BLOCK) xr[j] /= s;
}
