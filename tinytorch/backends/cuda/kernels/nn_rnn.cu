// One time step of the recurrent cells: the gate arithmetic after the two GEMMs, fused, one
// thread per element of the (B, H) state. gi and gh are the step's input and hidden
// projections, (B, G*H) with PyTorch's gate blocks of H columns: LSTM (i, f, g, o),
// GRU (r, z, n). The saved values are the CPU kernels' (backends/_array_api/nn_rnn.py).

struct RnnTanh {
    template <typename T> __device__ static T fwd(T x) { return tanh(x); }
    template <typename T> __device__ static T bwd(T g, T h) { return g * (T(1) - h * h); }
};

struct RnnRelu {
    template <typename T> __device__ static T fwd(T x) { return x < T(0) ? T(0) : x; }
    template <typename T> __device__ static T bwd(T g, T h) { return g * T(h > T(0)); }
};

// h = act(gi + gh)
template <typename A, typename T>
__global__ void tt_rnn_cell_forward(const T* __restrict__ gi, const T* __restrict__ gh,
                                    T* __restrict__ h, i64 n) {
    TT_FOR(k, n) h[k] = A::fwd(gi[k] + gh[k]);
}

// d = dL/d(gi + gh) from g = dL/dh and the output h
template <typename A, typename T>
__global__ void tt_rnn_cell_backward(const T* __restrict__ g, const T* __restrict__ h,
                                     T* __restrict__ d, i64 n) {
    TT_FOR(k, n) d[k] = A::bwd(g[k], h[k]);
}

// c = f c_prev + i g, h = o tanh(c); gates = the activated gates (B, 4H) (blocks i, f, g, o),
// tc = tanh(c) (B, H).
template <typename T>
__global__ void tt_lstm_cell_forward(const T* __restrict__ gi, const T* __restrict__ gh,
                                     const T* __restrict__ c_prev, T* __restrict__ h,
                                     T* __restrict__ c, T* __restrict__ gates,
                                     T* __restrict__ tc, i64 B, i64 H) {
    TT_FOR(k, B * H) {
        i64 in = (k / H) * 4 * H + k % H;
        T i = tt_sigmoid(gi[in] + gh[in]);
        T f = tt_sigmoid(gi[in + H] + gh[in + H]);
        T g = tanh(gi[in + 2 * H] + gh[in + 2 * H]);
        T o = tt_sigmoid(gi[in + 3 * H] + gh[in + 3 * H]);
        T cn = f * c_prev[k] + i * g;
        T t = tanh(cn);
        c[k] = cn;
        h[k] = o * t;
        gates[in] = i;
        gates[in + H] = f;
        gates[in + 2 * H] = g;
        gates[in + 3 * H] = o;
        tc[k] = t;
    }
}

// d (B, 4H) = dL/d(gi + gh); dc_prev = dL/dc_prev (backends/composite.py's formula, fused).
template <typename T>
__global__ void tt_lstm_cell_backward(const T* __restrict__ grad_h, const T* __restrict__ grad_c,
                                      const T* __restrict__ gates, const T* __restrict__ tanh_c,
                                      const T* __restrict__ c_prev, T* __restrict__ d,
                                      T* __restrict__ dc_prev, i64 B, i64 H) {
    TT_FOR(k, B * H) {
        i64 at = (k / H) * 4 * H + k % H;
        T i = gates[at], f = gates[at + H], g = gates[at + 2 * H], o = gates[at + 3 * H];
        T tc = tanh_c[k];
        T dc = grad_h[k] * o * (T(1) - tc * tc) + grad_c[k];
        d[at] = dc * g * i * (T(1) - i);
        d[at + H] = dc * c_prev[k] * f * (T(1) - f);
        d[at + 2 * H] = dc * i * (T(1) - g * g);
        d[at + 3 * H] = grad_h[k] * tc * o * (T(1) - o);
        dc_prev[k] = dc * f;
    }
}

// n = tanh(gi_n + r gh_n), h = n + z (h_prev - n); ws (B, 3H) = activated r, z, n.
template <typename T>
__global__ void tt_gru_cell_forward(const T* __restrict__ gi, const T* __restrict__ gh,
                                    const T* __restrict__ h_prev, T* __restrict__ h,
                                    T* __restrict__ ws, i64 B, i64 H) {
    TT_FOR(k, B * H) {
        i64 at = (k / H) * 3 * H + k % H;
        T r = tt_sigmoid(gi[at] + gh[at]);
        T z = tt_sigmoid(gi[at + H] + gh[at + H]);
        T n = tanh(gi[at + 2 * H] + r * gh[at + 2 * H]);
        h[k] = n + z * (h_prev[k] - n);
        ws[at] = r;
        ws[at + H] = z;
        ws[at + 2 * H] = n;
    }
}

// d_gi, d_gh (B, 3H) and dh_prev from g = dL/dh (backends/composite.py's formula, fused).
template <typename T>
__global__ void tt_gru_cell_backward(const T* __restrict__ g, const T* __restrict__ ws,
                                     const T* __restrict__ gh, const T* __restrict__ h_prev,
                                     T* __restrict__ d_gi, T* __restrict__ d_gh,
                                     T* __restrict__ dh_prev, i64 B, i64 H) {
    TT_FOR(k, B * H) {
        i64 at = (k / H) * 3 * H + k % H;
        T r = ws[at], z = ws[at + H], n = ws[at + 2 * H], gk = g[k];
        T dn = gk * (T(1) - z) * (T(1) - n * n);
        T dz = gk * (h_prev[k] - n) * z * (T(1) - z);
        T dr = dn * gh[at + 2 * H] * r * (T(1) - r);
        d_gi[at] = dr;
        d_gi[at + H] = dz;
        d_gi[at + 2 * H] = dn;
        d_gh[at] = dr;
        d_gh[at + H] = dz;
        d_gh[at + 2 * H] = dn * r;
        dh_prev[k] = gk * z;
    }
}
