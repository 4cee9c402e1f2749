// im2col / col2im for 2-D convolution as GEMM (cuBLAS via cupy.matmul).
// cols has shape (C * kh * kw, N * OH * OW): row r = (c * kh + i) * kw + j, column
// n * OH * OW + oh * OW + ow. Rows are ordered by input channel, so group g owns the
// contiguous row block [g * K, (g + 1) * K) with K = C / groups * kh * kw, and the GEMM
// w.reshape(G, O / G, K) @ cols.reshape(G, K, N * L) needs no copy.

// The geometry arrives as 14 long long scalars (plain scalars need no struct layout).
#define TT_CONV_GEOM i64 gn, i64 gc, i64 gh, i64 gw, i64 goh, i64 gow, i64 gkh, i64 gkw, \
    i64 gsh, i64 gsw, i64 gph, i64 gpw, i64 gdh, i64 gdw
#define TT_CONV_UNPACK const ConvGeom g = {gn, gc, gh, gw, goh, gow, gkh, gkw, gsh, gsw, \
    gph, gpw, gdh, gdw}

struct ConvGeom {
    i64 n, c, h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw;
};

// cols[r, n, oh, ow] = x[n, c, oh * sh - ph + i * dh, ow * sw - pw + j * dw] (0 outside).
template <typename T>
__global__ void tt_im2col(const T* __restrict__ x, T* __restrict__ cols, TT_CONV_GEOM) {
    TT_CONV_UNPACK;
    i64 L = g.oh * g.ow, total = g.c * g.kh * g.kw * g.n * L;
    TT_FOR(idx, total) {
        i64 l = idx % L, n = (idx / L) % g.n, r = idx / (L * g.n);
        i64 j = r % g.kw, i = (r / g.kw) % g.kh, c = r / (g.kw * g.kh);
        i64 ih = (l / g.ow) * g.sh - g.ph + i * g.dh, iw = (l % g.ow) * g.sw - g.pw + j * g.dw;
        bool inside = ih >= 0 && ih < g.h && iw >= 0 && iw < g.w;
        cols[idx] = inside ? x[((n * g.c + c) * g.h + ih) * g.w + iw] : T(0);
    }
}

// The adjoint of im2col, written as a gather: each input element sums the column entries
// that read it, in a fixed (i, j) order, so the result is bit-identical run to run.
template <typename T>
__global__ void tt_col2im(const T* __restrict__ cols, T* __restrict__ x, TT_CONV_GEOM) {
    TT_CONV_UNPACK;
    i64 L = g.oh * g.ow, total = g.n * g.c * g.h * g.w;
    TT_FOR(idx, total) {
        i64 iw = idx % g.w, ih = (idx / g.w) % g.h, c = (idx / (g.w * g.h)) % g.c;
        i64 n = idx / (g.w * g.h * g.c);
        T s = T(0);
        for (i64 i = 0; i < g.kh; ++i) {
            i64 th = ih + g.ph - i * g.dh;
            if (th < 0 || th % g.sh != 0 || th / g.sh >= g.oh) continue;
            for (i64 j = 0; j < g.kw; ++j) {
                i64 tw = iw + g.pw - j * g.dw;
                if (tw < 0 || tw % g.sw != 0 || tw / g.sw >= g.ow) continue;
                i64 r = (c * g.kh + i) * g.kw + j;
                s += cols[(r * g.n + n) * L + (th / g.sh) * g.ow + tw / g.sw];
            }
        }
        x[idx] = s;
    }
}
