// Deterministic scatter-add: the destinations of all values are sorted (stably) first, then
// the first thread of each run of equal destinations sums that run in the original order
// and writes it once. No atomics, and the same summation order as a sequential loop.
template <typename T>
__global__ void tt_segment_sum(const i64* __restrict__ keys, const i64* __restrict__ order,
                               const T* __restrict__ vals, T* __restrict__ out, i64 n) {
    TT_FOR(i, n) {
        i64 k = keys[i];
        if (i > 0 && keys[i - 1] == k) continue;
        T s = T(0);
        for (i64 j = i; j < n && keys[j] == k; ++j) s += vals[order[j]];
        out[k] += s;
    }
}

// Deterministic scatter-reduce, as tt_segment_sum: each run of equal destinations is folded
// into out[k] one value at a time in the original order (PyTorch's CPU loop). Max and min
// keep a NaN once met (the accumulator's or a value's).
struct ReduceProd {
    template <typename T> __device__ static T op(T acc, T v) { return acc * v; }
};

struct ReduceMax {
    template <typename T> __device__ static T op(T acc, T v) {
        return acc != acc ? acc : (v != v || v > acc) ? v : acc;
    }
};

struct ReduceMin {
    template <typename T> __device__ static T op(T acc, T v) {
        return acc != acc ? acc : (v != v || v < acc) ? v : acc;
    }
};

template <typename R, typename T>
__global__ void tt_segment_reduce(const i64* __restrict__ keys, const i64* __restrict__ order,
                                  const T* __restrict__ vals, T* __restrict__ out, i64 n) {
    TT_FOR(i, n) {
        i64 k = keys[i];
        if (i > 0 && keys[i - 1] == k) continue;
        T acc = out[k];
        for (i64 j = i; j < n && keys[j] == k; ++j) acc = R::op(acc, vals[order[j]]);
        out[k] = acc;
    }
}
