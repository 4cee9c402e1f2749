// Fused elementwise activations. Each functor has fwd(x, a, b, c) and bwd(g, v, a, b, c);
// v is the saved value the contract names: the output y for Relu, Sigmoid and Tanh, the
// input x for the others. a, b, c are the activation's scalar parameters (unused ones 0).

struct Relu {
    template <typename T> __device__ static T fwd(T x, T, T, T) { return x < T(0) ? T(0) : x; }
    template <typename T> __device__ static T bwd(T g, T y, T, T, T) {
        return y <= T(0) ? T(0) : g;  // NaN passes g, as PyTorch's
    }
};

struct LeakyRelu {  // a = negative_slope
    template <typename T> __device__ static T fwd(T x, T a, T, T) { return x > T(0) ? x : x * a; }
    template <typename T> __device__ static T bwd(T g, T x, T a, T, T) {
        return x > T(0) ? g : g * a;
    }
};

struct Elu {  // a = alpha, b = scale, c = input_scale
    template <typename T> __device__ static T fwd(T x, T a, T b, T c) {
        return x > T(0) ? b * x : b * a * expm1(x * c);
    }
    template <typename T> __device__ static T bwd(T g, T x, T a, T b, T c) {
        return x <= T(0) ? g * b * a * c * exp(x * c) : g * b;  // NaN: g * scale
    }
};

struct GeluErf {
    template <typename T> __device__ static T fwd(T x, T, T, T) {
        return T(0.5) * x * (T(1) + erf(x * T(0.70710678118654752440)));
    }
    template <typename T> __device__ static T bwd(T g, T x, T, T, T) {
        T cdf = T(0.5) * (T(1) + erf(x * T(0.70710678118654752440)));
        T pdf = exp(T(-0.5) * x * x) * T(0.39894228040143267794);
        return g * (cdf + x * pdf);
    }
};

struct GeluTanh {
    template <typename T> __device__ static T fwd(T x, T, T, T) {
        T inner = T(0.79788456080286535588) * (x + T(0.044715) * x * x * x);
        return T(0.5) * x * (T(1) + tanh(inner));
    }
    template <typename T> __device__ static T bwd(T g, T x, T, T, T) {
        T inner = T(0.79788456080286535588) * (x + T(0.044715) * x * x * x);
        T t = tanh(inner);
        T dinner = T(0.79788456080286535588) * (T(1) + T(3) * T(0.044715) * x * x);
        return g * (T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * dinner);
    }
};

struct Silu {
    template <typename T> __device__ static T fwd(T x, T, T, T) { return x * tt_sigmoid(x); }
    template <typename T> __device__ static T bwd(T g, T x, T, T, T) {
        T s = tt_sigmoid(x);
        return g * s * (T(1) + x * (T(1) - s));
    }
};

struct Sigmoid {
    template <typename T> __device__ static T fwd(T x, T, T, T) { return tt_sigmoid(x); }
    template <typename T> __device__ static T bwd(T g, T y, T, T, T) { return g * y * (T(1) - y); }
};

struct Tanh {
    template <typename T> __device__ static T fwd(T x, T, T, T) { return tanh(x); }
    template <typename T> __device__ static T bwd(T g, T y, T, T, T) { return g * (T(1) - y * y); }
};

struct Softplus {  // a = beta, b = threshold; log1p(e^-|bx|) never overflows
    template <typename T> __device__ static T fwd(T x, T a, T b, T) {
        T bx = x * a;
        return bx > b ? x : (max(bx, T(0)) + log1p(exp(-abs(bx)))) / a;
    }
    template <typename T> __device__ static T bwd(T g, T x, T a, T b, T) {
        T bx = x * a;
        return bx > b ? g : g * tt_sigmoid(bx);
    }
};

struct Hardtanh {  // a = min_val, b = max_val
    template <typename T> __device__ static T fwd(T x, T a, T b, T) {
        return x < a ? a : (x > b ? b : x);
    }
    template <typename T> __device__ static T bwd(T g, T x, T a, T b, T) {
        return (x <= a || x >= b) ? T(0) : g;  // NaN passes g, as PyTorch's
    }
};

template <typename Act, typename T>
__global__ void tt_act_forward(const T* __restrict__ x, T* __restrict__ y, i64 n, T a, T b,
                               T c) {
    TT_FOR(i, n) y[i] = Act::fwd(x[i], a, b, c);
}

template <typename Act, typename T>
__global__ void tt_act_backward(const T* __restrict__ g, const T* __restrict__ v,
                                T* __restrict__ gx, i64 n, T a, T b, T c) {
    TT_FOR(i, n) gx[i] = Act::bwd(g[i], v[i], a, b, c);
}
