// Counter-based random numbers: element i of a draw at stream offset `offset` is a pure
// function of (seed, offset + i), so a draw is reproducible and independent of the launch
// configuration.

__device__ __forceinline__ u64 tt_splitmix64(u64 z) {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// U[0, 1) with 53 random bits, from two rounds of splitmix64 keyed by the seed.
__device__ __forceinline__ double tt_uniform(u64 seed, u64 counter) {
    u64 h = tt_splitmix64(tt_splitmix64(seed) ^ tt_splitmix64(counter ^ 0xD1B54A32D192ED03ULL));
    return (h >> 11) * 0x1.0p-53;
}

// mask[i] = 1 with probability 1 - p, else 0 (dropout keeps an element when u >= p).
template <typename T>
__global__ void tt_bernoulli_mask(T* __restrict__ mask, i64 n, u64 seed, u64 offset, T p) {
    TT_FOR(i, n) mask[i] = tt_uniform(seed, offset + (u64)i) >= (double)p ? T(1) : T(0);
}
