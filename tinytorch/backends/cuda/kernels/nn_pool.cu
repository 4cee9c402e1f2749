// 2-D pooling over NCHW planes (planes = N * C). One thread per output element forward;
// backward kernels gather per input element (no atomics) except max_pool2d_backward, see
// NOTE [Deterministic max-pool backward].

// Max over each window, as PyTorch's kernels: padding counts as -inf, ties go to the first
// maximum in row-major order, a NaN always takes over (the last NaN wins). ind holds the
// flat index h * W + w in the input plane; a window wholly in the padding keeps PyTorch's
// starting index (the first non-negative row and column of the dilated window).
template <typename T>
__global__ void tt_max_pool2d(const T* __restrict__ x, T* __restrict__ y, i64* __restrict__ ind,
                              i64 planes, i64 H, i64 W, i64 OH, i64 OW, i64 kh, i64 kw, i64 sh,
                              i64 sw, i64 ph, i64 pw, i64 dh, i64 dw) {
    TT_FOR(idx, planes * OH * OW) {
        i64 ow = idx % OW, oh = (idx / OW) % OH, p = idx / (OW * OH);
        const T* xp = x + p * H * W;
        T m = -TT_INF;
        i64 best = -1;  // stays -1 for a window all in the padding (PyTorch: out of bounds)
        for (i64 i = 0; i < kh; ++i) {
            i64 h = oh * sh - ph + i * dh;
            if (h < 0 || h >= H) continue;
            for (i64 j = 0; j < kw; ++j) {
                i64 w = ow * sw - pw + j * dw;
                if (w < 0 || w >= W) continue;
                T v = xp[h * W + w];
                if (v > m || v != v || best < 0) {
                    m = v;
                    best = h * W + w;
                }
            }
        }
        y[idx] = m;
        ind[idx] = best;
    }
}

// NOTE [Deterministic max-pool backward]
// The contract's max_pool2d_backward(g, indices, x_shape) knows nothing of the windows, so
// it cannot gather per input element. Instead one thread owns one plane and adds that
// plane's gradients in output order: no atomics, the same order every run, and parallel
// over N * C (planes with many outputs and few planes are the slow case). gx starts zeroed.
// An index outside the plane (PyTorch's index for a window wholly in the padding can be) is
// skipped, never written.
template <typename T>
__global__ void tt_max_pool2d_backward(const T* __restrict__ g, const i64* __restrict__ ind,
                                       T* __restrict__ gx, i64 planes, i64 HW, i64 L) {
    TT_FOR(p, planes) {
        for (i64 o = p * L; o < (p + 1) * L; ++o) {
            i64 k = ind[o];
            if (k >= 0 && k < HW) gx[p * HW + k] += g[o];  // never write outside the plane
        }
    }
}

// The window of output o along one axis: [*start, *end) clipped to the input; returns the
// extent PyTorch divides by with count_include_pad (clipped to size + pad only).
__device__ __forceinline__ i64 tt_avg_window(i64 o, i64 s, i64 p, i64 k, i64 size, i64* start,
                                             i64* end) {
    i64 a = o * s - p, b = min(a + k, size + p);
    i64 padded = b - a;
    *start = max(a, (i64)0);
    *end = min(b, size);
    return padded;
}

__device__ __forceinline__ i64 tt_avg_divisor(i64 oh, i64 ow, i64 H, i64 W, i64 kh, i64 kw,
                                              i64 sh, i64 sw, i64 ph, i64 pw,
                                              i64 count_include_pad, i64 divisor_override,
                                              i64* h0, i64* h1, i64* w0, i64* w1) {
    i64 padded = tt_avg_window(oh, sh, ph, kh, H, h0, h1);
    padded *= tt_avg_window(ow, sw, pw, kw, W, w0, w1);
    if (divisor_override) return divisor_override;
    return count_include_pad ? padded : (*h1 - *h0) * (*w1 - *w0);
}

template <typename T>
__global__ void tt_avg_pool2d(const T* __restrict__ x, T* __restrict__ y, i64 planes, i64 H,
                              i64 W, i64 OH, i64 OW, i64 kh, i64 kw, i64 sh, i64 sw, i64 ph,
                              i64 pw, i64 count_include_pad, i64 divisor_override) {
    TT_FOR(idx, planes * OH * OW) {
        i64 ow = idx % OW, oh = (idx / OW) % OH, p = idx / (OW * OH);
        i64 h0, h1, w0, w1;
        i64 div = tt_avg_divisor(oh, ow, H, W, kh, kw, sh, sw, ph, pw, count_include_pad,
                                 divisor_override, &h0, &h1, &w0, &w1);
        if (h0 >= h1 || w0 >= w1) {
            y[idx] = T(0);
            continue;
        }
        const T* xp = x + p * H * W;
        T s = T(0);
        for (i64 h = h0; h < h1; ++h)
            for (i64 w = w0; w < w1; ++w) s += xp[h * W + w];
        y[idx] = s / T(div);
    }
}

template <typename T>
__global__ void tt_avg_pool2d_backward(const T* __restrict__ g, T* __restrict__ gx, i64 planes,
                                       i64 H, i64 W, i64 OH, i64 OW, i64 kh, i64 kw, i64 sh,
                                       i64 sw, i64 ph, i64 pw, i64 count_include_pad,
                                       i64 divisor_override) {
    TT_FOR(idx, planes * H * W) {
        i64 w = idx % W, h = (idx / W) % H, p = idx / (W * H);
        i64 oh0 = h + ph < kh ? 0 : (h + ph - kh) / sh + 1, oh1 = min((h + ph) / sh + 1, OH);
        i64 ow0 = w + pw < kw ? 0 : (w + pw - kw) / sw + 1, ow1 = min((w + pw) / sw + 1, OW);
        const T* gp = g + p * OH * OW;
        T s = T(0);
        for (i64 oh = oh0; oh < oh1; ++oh) {
            for (i64 ow = ow0; ow < ow1; ++ow) {
                i64 h0, h1, w0, w1;
                i64 div = tt_avg_divisor(oh, ow, H, W, kh, kw, sh, sw, ph, pw,
                                         count_include_pad, divisor_override, &h0, &h1, &w0, &w1);
                if (h >= h0 && h < h1 && w >= w0 && w < w1) s += gp[oh * OW + ow] / T(div);
            }
        }
        gx[idx] = s;
    }
}

// Adaptive windows: output o covers [floor(o * n / out), ceil((o + 1) * n / out)).
__device__ __forceinline__ i64 tt_ad_start(i64 o, i64 n, i64 out) { return o * n / out; }
__device__ __forceinline__ i64 tt_ad_end(i64 o, i64 n, i64 out) {
    return ((o + 1) * n + out - 1) / out;
}

template <typename T>
__global__ void tt_adaptive_avg_pool2d(const T* __restrict__ x, T* __restrict__ y, i64 planes,
                                       i64 H, i64 W, i64 OH, i64 OW) {
    TT_FOR(idx, planes * OH * OW) {
        i64 ow = idx % OW, oh = (idx / OW) % OH, p = idx / (OW * OH);
        i64 h0 = tt_ad_start(oh, H, OH), h1 = tt_ad_end(oh, H, OH);
        i64 w0 = tt_ad_start(ow, W, OW), w1 = tt_ad_end(ow, W, OW);
        const T* xp = x + p * H * W;
        T s = T(0);
        for (i64 h = h0; h < h1; ++h)
            for (i64 w = w0; w < w1; ++w) s += xp[h * W + w];
        y[idx] = s / T((h1 - h0) * (w1 - w0));
    }
}

template <typename T>
__global__ void tt_adaptive_avg_pool2d_backward(const T* __restrict__ g, T* __restrict__ gx,
                                                i64 planes, i64 H, i64 W, i64 OH, i64 OW) {
    TT_FOR(idx, planes * H * W) {
        i64 w = idx % W, h = (idx / W) % H, p = idx / (W * H);
        const T* gp = g + p * OH * OW;
        T s = T(0);
        for (i64 oh = h * OH / H; oh < min(((h + 1) * OH + H - 1) / H, OH); ++oh) {
            i64 h0 = tt_ad_start(oh, H, OH), h1 = tt_ad_end(oh, H, OH);
            if (h < h0 || h >= h1) continue;
            for (i64 ow = w * OW / W; ow < min(((w + 1) * OW + W - 1) / W, OW); ++ow) {
                i64 w0 = tt_ad_start(ow, W, OW), w1 = tt_ad_end(ow, W, OW);
                if (w >= w0 && w < w1) s += gp[oh * OW + ow] / T((h1 - h0) * (w1 - w0));
            }
        }
        gx[idx] = s;
    }
}
