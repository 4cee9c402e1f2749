// Shared by every tinytorch kernel source (prepended by _launch.source_text).
// Kernels are templates over the element type T (float or double), instantiated through
// NVRTC name expressions. Scalars arrive as T or long long (see _launch.launch).
typedef long long i64;
typedef unsigned long long u64;

#define TT_INF __int_as_float(0x7f800000)  // NVRTC has no <math.h> INFINITY / NAN
#define TT_NAN __int_as_float(0x7fffffff)
#define TT_BLOCK 256  // blockDim.x of every launch (_launch.BLOCK)

// Grid-stride loop over [0, n).
#define TT_FOR(i, n) \
    for (i64 i = blockIdx.x * (i64)blockDim.x + threadIdx.x; i < (n); \
         i += (i64)blockDim.x * gridDim.x)

// PyTorch's formula: where e^-x overflows to inf, sigma is 0; elsewhere it is accurate
// relatively, also where tiny (0.5 + 0.5 tanh(x / 2) cancels to 0 from x = -17 in float).
template <typename T> __device__ __forceinline__ T tt_sigmoid(T x) {
    return T(1) / (T(1) + exp(-x));
}

// NOTE [Deterministic block reductions]
// Block reductions combine the per-thread partial sums in a fixed tree order (thread t with
// t + s, halving s), and every thread's partial sum visits its elements in a fixed order,
// so a result depends only on the data and the block size, never on scheduling. No kernel
// here uses atomics on floating-point values.
template <typename T> __device__ T tt_block_sum(T v, T* shm) {
    shm[threadIdx.x] = v;
    __syncthreads();
    for (int s = TT_BLOCK / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) shm[threadIdx.x] += shm[threadIdx.x + s];
        __syncthreads();
    }
    T r = shm[0];
    __syncthreads();
    return r;
}

template <typename T> __device__ T tt_block_max(T v, T* shm) {
    shm[threadIdx.x] = v;
    __syncthreads();
    for (int s = TT_BLOCK / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            T o = shm[threadIdx.x + s];
            if (o > shm[threadIdx.x] || o != o) shm[threadIdx.x] = o;
        }
        __syncthreads();
    }
    T r = shm[0];
    __syncthreads();
    return r;
}
