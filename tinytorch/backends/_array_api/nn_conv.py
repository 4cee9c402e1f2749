"""Convolution kernels over ``xp``: im2col through a strided view + one GEMM per call.

NOTE [Convolution layout]
The input is viewed as (C, A, H, W, B) where either A = N, B = 1 ("batch first": a free view
of NCHW) or A = 1, B = N ("batch last": one transposing copy). im2col takes a strided window
view (C, kh, kw, A, Ho, Wo, B) and copies it into a contiguous (C*kh*kw, A*Ho*Wo*B) matrix;
the copy moves runs of Wo*B contiguous elements, so for small feature maps putting the batch
last makes the runs long (and col2im's strided additions cheap) while large maps are already
fine batch first. The weight (O, C/g, kh, kw) is a free (g, O/g, C/g*kh*kw) view, so each
direction is one (batched over groups) matmul. Batch first without groups, the forward and the
weight gradient are instead batched over samples (column block n of the im2col matrix is
sample n): the forward then writes NCHW directly and the weight gradient reads g in place,
where one GEMM would need a transposing copy of its output or of g.

NOTE [im2col reuse]
With groups, conv2d_backward_weight needs the im2col matrix the forward built from the same
input (without groups, both copy windows a block of samples at a time instead: NOTE
[Convolution by sample blocks]). The forward keeps its last few matrices
keyed by the input array object (held weakly: an entry goes away with its array) and the
options, and the backward reuses a match instead of copying the windows again. Autograd saves
the input unchanged (an in-place change raises before the backward runs), so a hit always sees
the forward's data.

NOTE [Zeroed buffers]
Large accumulation buffers (col2im, max-pool backward) are ``empty`` + ``fill(0)``, not
``zeros``: NumPy's zeros is calloc, which hands out fresh zero pages for large sizes, and
first touching each page costs a page fault (in the book CNN's step, ~1000 faults and a few
ms); malloc reuses memory the previous step freed.
"""

import weakref

from tinytorch._geometry import conv_out_size

_BATCH_LAST_MAX_PLANE = 256  # output planes (Ho*Wo) smaller than this put the batch last


def _batch_dims(n, out_hw):
    """(A, B) of NOTE [Convolution layout] for a convolution with output planes out_hw."""
    return (1, n) if out_hw[0] * out_hw[1] < _BATCH_LAST_MAX_PLANE else (n, 1)


_TILE = 64  # elements per tile of a transposing copy, see _batch_last

_IM2COL_CACHE_SIZE = 2  # the last two convolutions of a forward pass are the first backwards

_BLOCK_COLS = 1 << 19  # im2col elements per block of samples, see _by_sample_blocks
_MIN_BLOCKS = 8  # blocks at least, when there are samples enough: the threads' shares even


def _tap(i, j, ho, wo, stride, dilation):
    """The (rows, columns) slices of the padded input that kernel tap (i, j) reads."""
    r, q = i * dilation[0], j * dilation[1]
    return (slice(r, r + stride[0] * (ho - 1) + 1, stride[0]),
            slice(q, q + stride[1] * (wo - 1) + 1, stride[1]))


def _taps(kernel, out_hw, stride, dilation):
    """(i, j, window) of every kernel tap, window as in _tap."""
    return [(i, j, _tap(i, j, *out_hw, stride, dilation)) for i in range(kernel[0])
            for j in range(kernel[1])]


def _blocks(size_hw, kernel, stride, padding, dilation):
    """The (rows, columns) of sliding blocks over a (H, W) plane."""
    return tuple(conv_out_size(*a) for a in zip(size_hw, kernel, stride, padding, dilation))


def _col2im(dst, src, taps, lead):
    """Zero dst, then add each kernel tap's columns ``src[:, i, j]`` into the window of dst it
    was read from; the window's rows and columns are dst's axes lead and lead + 1."""
    dst.fill(0)  # see NOTE [Zeroed buffers]
    for i, j, window in taps:
        dst[(slice(None),) * lead + window] += src[:, i, j]


class ArrayConvKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def _batch_last(self, a):
        """Contiguous (C, H, W, N) copy of a (N, C, H, W). Copied directly, each element read
        is a whole row (often a multiple of 4 KiB) after the last, so the reads of one output
        row keep evicting each other from the cache; through (C*H*W/64, N, 64) tiles each
        step moves 64 contiguous elements or transposes a (N, 64) block that fits the cache
        (book CNN conv2: 1.4 -> 0.6 ms)."""
        n, rest = a.shape[0], a.shape[1:]
        size = a.size // n if n else 0
        if size % _TILE:
            return self.ascontiguous(a.transpose(1, 2, 3, 0))
        tiles = self.ascontiguous(a.reshape(n, size // _TILE, _TILE).transpose(1, 0, 2))
        return self.ascontiguous(tiles.transpose(0, 2, 1)).reshape(rest + (n,))

    def _conv_layout(self, x, out_hw, padding):
        """x (N, C, H, W) -> (C, A, Hp, Wp, B) zero padded; see NOTE [Convolution layout]."""
        if _batch_dims(x.shape[0], out_hw)[0] == 1:
            xl = self._batch_last(x)[:, None]
        else:
            xl = x.transpose(1, 0, 2, 3)[..., None]
        return self._pad_layout(xl, padding)

    def _pad_layout(self, xl, padding):
        """(C, A, H, W, B) zero padded to (C, A, H + 2 ph, W + 2 pw, B)."""
        ph, pw = padding
        if ph or pw:
            xl = self.xp.pad(xl, ((0, 0), (0, 0), (ph, ph), (pw, pw), (0, 0)))
        return xl

    def _window_view(self, xl, kernel, out_hw, stride, dilation):
        """The strided (C, kh, kw, A, Ho, Wo, B) view of xl's sliding windows."""
        c, a, _, _, b = xl.shape
        s_c, s_a, s_h, s_w, s_b = xl.strides
        shape = (c, kernel[0], kernel[1], a, out_hw[0], out_hw[1], b)
        strides = (s_c, s_h * dilation[0], s_w * dilation[1], s_a, s_h * stride[0],
                   s_w * stride[1], s_b)
        return self.xp.lib.stride_tricks.as_strided(xl, shape, strides)

    def _im2col(self, xl, kernel, out_hw, stride, dilation):
        view = self._window_view(xl, kernel, out_hw, stride, dilation)
        c, a, b = xl.shape[0], xl.shape[1], xl.shape[4]
        return self.ascontiguous(view).reshape(c * kernel[0] * kernel[1],
                                               a * out_hw[0] * out_hw[1] * b)

    # NOTE [Convolution by sample blocks]
    # Without groups, the forward and the gradients run a block of samples at a time. Over a
    # whole im2col matrix its copy goes to memory and the products read it back: PyTorch's
    # MNIST example's conv2 (64 samples, 32 -> 64 channels, 3x3 on 26x26) has a 42 MB matrix,
    # 4.6 ms to copy, and its forward took 13-15 ms on two threads of the Zen 4 guest. Instead
    # each thread takes a run of fixed blocks of samples (_BLOCK_COLS elements of im2col
    # matrix, cache sized) and for each copies the block's windows into its own scratch matrix
    # and runs the block's products from the cache: 8.9-9.4 ms. Batch first (NOTE
    # [Convolution layout]) these are per-sample products; batch last, the block's samples
    # are moved last (a small transposing copy, in the cache) and each block is one GEMM whose
    # result is moved back into NCHW: the book CNN's conv2 forward 5.5 -> 4.4 ms. Each output
    # is computed as over the whole matrix, so the forward and the input gradient are the same
    # bits; the weight gradient sums per-sample (batch first) or per-block (batch last)
    # partials in a fixed order, so it too is the same bits on any thread count; it copies
    # the windows again rather than keeping the forward's matrix (NOTE [im2col reuse] is for
    # grouped convolutions): 11.5-13 ms against 11 from a kept matrix in the MNIST conv2, and
    # 42 MB less held from the forward to the backward. Blocks of 256K-512K elements (1-2 MB
    # of float32; a Zen 4 core's L2 is 1 MB) beat 64K and 32K on the small convolutions and
    # 50 samples on the book CNN's conv2 (8-10 per block there), and there are _MIN_BLOCKS
    # blocks at least (3 blocks of the book CNN's 100 samples left one thread 72 of them).
    # Whole steps against the whole-matrix version, paired rounds, each in its own process:
    # PyTorch's MNIST example 0.89, the book CNN 0.89.
    def _sample_blocks(self, n, rows, plane):
        """(samples per block, the blocks' first samples) of NOTE [Convolution by sample
        blocks], for im2col matrices of ``rows`` x ``plane`` per sample."""
        per_block = max(1, min(_BLOCK_COLS // max(1, rows * plane), -(-n // _MIN_BLOCKS)))
        return per_block, range(0, n, per_block)

    def _by_sample_blocks(self, x, kernel, out_hw, stride, padding, dilation, product):
        """``product(s, cols)`` for each block ``s`` of x's samples (the same blocks on any
        thread count), cols the block's (C*kh*kw, m*Ho*Wo) im2col matrix, its columns ordered
        (m, Ho*Wo) batch first and (Ho*Wo, m) batch last (NOTE [Convolution layout]): a view
        of the thread's scratch buffer, valid during the call. See NOTE [Convolution by sample
        blocks]."""
        n, c = x.shape[:2]
        rows, plane = c * kernel[0] * kernel[1], out_hw[0] * out_hw[1]
        per_block, starts = self._sample_blocks(n, rows, plane)
        last = _batch_dims(n, out_hw)[0] == 1
        if not last:  # (C, kh, kw, N, Ho, Wo): a view of x
            whole = self._window_view(self._conv_layout(x, out_hw, padding), kernel, out_hw,
                                      stride, dilation)[..., 0]

        def windows(k, m):
            if not last:
                return whole[:, :, :, k:k + m]
            xl = self.xp.ascontiguousarray(x[k:k + m].transpose(1, 2, 3, 0))[:, None]
            return self._window_view(self._pad_layout(xl, padding), kernel, out_hw, stride,
                                     dilation)[:, :, :, 0]  # (C, kh, kw, Ho, Wo, m)

        def run(blocks):
            buf = self.xp.empty((rows, min(per_block, n) * plane), x.dtype)
            for k in (starts[b] for b in blocks):
                m = min(per_block, n - k)
                view = windows(k, m)
                cols = buf[:, :m * plane]
                cols.reshape(view.shape)[...] = view
                product(slice(k, k + m), cols)
        self.run_blocks(lambda s: run(range(s.start, s.stop)), len(starts), n * rows * plane)

    def _cols(self, x, kernel, out_hw, stride, padding, dilation, forward):
        """im2col of x: the forward always builds (and remembers) it, the backward reuses the
        forward's when there is one; see NOTE [im2col reuse]."""
        key = (kernel, out_hw, stride, padding, dilation)
        cache = self.__dict__.setdefault("_im2col_cache", [])
        if not forward:
            for ref, k, cols in cache:
                if ref() is x and k == key:
                    return cols
        else:  # forget a stale matrix of x first, so its memory can hold the new one
            cache[:] = [e for e in cache if not (e[0]() is x and e[1] == key)]
        cols = self._im2col(self._conv_layout(x, out_hw, padding), kernel, out_hw, stride,
                            dilation)
        if forward:
            ref = weakref.ref(x, lambda r: cache.__setitem__(
                slice(None), [e for e in cache if e[0] is not r]))
            cache[:] = [(ref, key, cols)] + cache[:_IM2COL_CACHE_SIZE - 1]
        return cols

    def _grad_layout(self, g):
        """g (N, O, Ho, Wo) -> (O, A*Ho*Wo*B), matching the columns of _im2col."""
        if _batch_dims(g.shape[0], g.shape[2:])[0] == 1:
            return self._batch_last(g).reshape(g.shape[1], -1)
        return g.transpose(1, 0, 2, 3).reshape(g.shape[1], -1)

    def _from_layout(self, y):
        """(C, A, H, W, B) -> contiguous (N, C, H, W)."""
        c, a, h, w, b = y.shape
        return self.ascontiguous(y.transpose(1, 4, 0, 2, 3).reshape(a * b, c, h, w))

    def _group_matmul(self, a, b, groups, transpose_b, transpose_a=False):
        """Block-diagonal product: group i of a's rows with group i of b's rows (transposed
        as asked); a plain 2-D GEMM when groups == 1 (the batched path is slower there)."""
        if groups == 1:
            return self.matmul(a.T if transpose_a else a, b.T if transpose_b else b)
        a = a.reshape(groups, a.shape[0] // groups, -1)
        b = b.reshape(groups, b.shape[0] // groups, -1)
        a = a.transpose(0, 2, 1) if transpose_a else a
        b = b.transpose(0, 2, 1) if transpose_b else b
        out = self.matmul(a, b)
        return out.reshape(out.shape[0] * out.shape[1], out.shape[2]) if not transpose_b else out

    def conv2d(self, x, w, stride, padding, dilation, groups):
        n, _, h, wd = x.shape
        o, _, kh, kw = w.shape
        out_hw = _blocks((h, wd), (kh, kw), stride, padding, dilation)
        a, b = _batch_dims(n, out_hw)
        if groups == 1:  # see NOTE [Convolution by sample blocks]
            y = self.xp.empty((n, o) + out_hw, dtype=x.dtype)
            wm, rows, plane = w.reshape(o, -1), w[0].size, out_hw[0] * out_hw[1]

            def product(s, cols):
                m = s.stop - s.start  # not -1 in the shapes: a size may be 0
                if a == 1:  # batch last: the block's (O, Ho, Wo, m) back into NCHW
                    y[s] = self.xp.matmul(wm, cols).reshape((o,) + out_hw + (m,)).transpose(
                        3, 0, 1, 2)
                else:  # per-sample products land in NCHW directly
                    cols = cols.reshape(rows, m, plane).transpose(1, 0, 2)
                    self.xp.matmul(wm, cols, out=y[s].reshape(m, o, plane))
            self._by_sample_blocks(x, (kh, kw), out_hw, stride, padding, dilation, product)
            return y
        cols = self._cols(x, (kh, kw), out_hw, stride, padding, dilation, True)
        y = self._group_matmul(w.reshape(o, -1), cols, groups, False)
        return self._from_layout(y.reshape((o, a) + out_hw + (b,)))

    def conv2d_backward_weight(self, g, x, w_shape, stride, padding, dilation, groups):
        o, cg, kh, kw = w_shape
        out_hw = tuple(g.shape[2:])
        n, rows, plane = g.shape[0], cg * kh * kw, out_hw[0] * out_hw[1]
        last = _batch_dims(n, out_hw)[0] == 1
        per_block, starts = self._sample_blocks(n, rows, plane)
        # (Σ cols @ gᵀ)ᵀ, not g @ colsᵀ: OpenBLAS's AVX-512 kernels run this long-K product
        # with the small dimension last ~30 % faster (book conv2: 3.4 -> 2.3 ms; PyTorch's
        # MNIST example's conv2 per sample: 228 against 277 us)
        if groups == 1 and not last and n * o * rows <= g.size:
            # batch first, small weight: per-sample products that read g in place (no
            # transposing copy), their (N, C*kh*kw, O) partial sums small
            gt = g.reshape(n, o, plane).transpose(0, 2, 1)
            part = self.xp.empty((n, rows, o), dtype=g.dtype)

            def product(s, cols):
                cols = cols.reshape(rows, s.stop - s.start, plane).transpose(1, 0, 2)
                self.xp.matmul(cols, gt[s], out=part[s])
        elif groups == 1 and last and 4 * len(starts) * o <= n * plane:
            # batch last: one product a block, the partials at most a quarter of the matrix
            part = self.xp.empty((len(starts), rows, o), dtype=g.dtype)

            def product(s, cols):
                gb = self.xp.ascontiguousarray(g[s].transpose(1, 2, 3, 0))
                self.xp.matmul(cols, gb.reshape(o, cols.shape[1]).T,
                               out=part[s.start // per_block])
        else:
            cols = self._cols(x, (kh, kw), out_hw, stride, padding, dilation, False)
            if groups == 1:
                return self.matmul(cols, self._grad_layout(g).T).T.reshape(w_shape)
            return self._group_matmul(self._grad_layout(g), cols, groups, True).reshape(w_shape)
        self._by_sample_blocks(x, (kh, kw), out_hw, stride, padding, dilation, product)
        return self.ascontiguous(part.sum(0).T).reshape(w_shape)

    def conv2d_backward_input(self, g, w, x_shape, stride, padding, dilation, groups):
        n, c, h, wd = x_shape
        o, cg, kh, kw = w.shape
        ho, wo = g.shape[2:]
        a, b = _batch_dims(n, (ho, wo))
        ph, pw = padding
        taps = _taps((kh, kw), (ho, wo), stride, dilation)
        if groups == 1 and b == 1 and stride == (1, 1) and self.xp.isfinite(w).all():
            return self._backward_input_by_flat_taps(g, w, x_shape, padding, dilation)
        if groups == 1 and b == 1:  # see NOTE [Input gradient by samples]
            return self._backward_input_by_samples(g, w, x_shape, padding, taps)
        if groups == 1:  # batch last, by blocks: NOTE [Convolution by sample blocks]
            return self._backward_input_by_blocks(g, w, x_shape, padding, taps)
        dcols = self._group_matmul(w.reshape(o, -1), self._grad_layout(g), groups, False,
                                   transpose_a=True)
        dcols = dcols.reshape(c, kh, kw, a, ho, wo, b)
        gxl = self.xp.empty((c, a, h + 2 * ph, wd + 2 * pw, b), dtype=g.dtype)

        self.run_blocks(lambda s: _col2im(gxl[s], dcols[s], taps, 2), c, dcols.size)
        return self._from_layout(gxl[:, :, ph:ph + h, pw:pw + wd])

    def _backward_input_by_blocks(self, g, w, x_shape, padding, taps):
        """Batch last: for each block of samples, Wᵀ @ its gradient's columns, col2im into the
        block's own batch-last plane, moved back into NCHW (NOTE [Convolution by sample
        blocks])."""
        n, c, h, wd = x_shape
        o, _, kh, kw = w.shape
        ho, wo = g.shape[2:]
        ph, pw = padding
        wt = w.reshape(o, -1).T
        per_block, starts = self._sample_blocks(n, c * kh * kw, ho * wo)
        gx = self.xp.empty(tuple(x_shape), dtype=g.dtype)

        def run(blocks):
            for k in (starts[b] for b in blocks):
                s = slice(k, min(k + per_block, n))
                m = s.stop - s.start
                gb = self.xp.ascontiguousarray(g[s].transpose(1, 2, 3, 0))
                dcols = self.xp.matmul(wt, gb.reshape(o, ho * wo * m)).reshape(
                    c, kh, kw, ho, wo, m)
                plane = self.xp.empty((c, h + 2 * ph, wd + 2 * pw, m), g.dtype)
                _col2im(plane, dcols, taps, 1)
                gx[s] = plane[:, ph:ph + h, pw:pw + wd].transpose(3, 0, 1, 2)
        self.run_blocks(lambda s: run(range(s.start, s.stop)), len(starts),
                        n * c * kh * kw * ho * wo)
        return gx

    # NOTE [Input gradient by samples]
    # Batch first, the input gradient's GEMM Wᵀ (C*kh*kw, O) @ g (O, N*Ho*Wo) has K = O, short
    # (64 in PyTorch's MNIST example's conv2): over all samples at once OpenBLAS ran it at 9.6
    # GMAC/s on one thread of the 2-core EPYC guest, and its (C*kh*kw, N*Ho*Wo) result (42 MB
    # there) went through memory twice, written, then read back by col2im. One sample at a
    # time (C*kh*kw x Ho*Wo, 663 KB there) the same product ran at 16.8-17.8 GMAC/s and col2im
    # reads it from the cache; the threads share the samples, each with one-thread GEMMs, and
    # g is read in place (no transposing copy). That conv's input gradient: 49 -> 32-34 ms on
    # two threads. One thread computes all of a sample, so the result does not depend on
    # how the samples are shared.
    def _backward_input_by_samples(self, g, w, x_shape, padding, taps):
        n, c, h, wd = x_shape
        o, _, kh, kw = w.shape
        ho, wo = g.shape[2:]
        ph, pw = padding
        wt = w.reshape(o, -1).T
        gn = g.reshape(n, o, ho * wo)
        gx = self.xp.empty((n, c, h + 2 * ph, wd + 2 * pw), dtype=g.dtype)

        def samples(s):
            for k in range(s.start, s.stop):
                _col2im(gx[k], self.xp.matmul(wt, gn[k]).reshape(c, kh, kw, ho, wo), taps, 1)
        self.run_blocks(samples, n, n * c * kh * kw * ho * wo)
        return gx if not (ph or pw) else self.ascontiguous(gx[:, :, ph:ph + h, pw:pw + wd])

    # NOTE [Input gradient by flat taps]
    # With stride 1, a sample's col2im is a sum of shifted planes: tap (i, j) adds its
    # (C, Ho, Wo) columns into the (C, H, W) gradient at offset (i dh, j dw). If those columns
    # are laid out on the input's own (H, W) grid instead, zero outside (Ho, Wo), the shift
    # is one offset o = i dh W + j dw in the flat (C*H*W) plane and the whole tap is a single
    # contiguous addition gx[o:] += cols[: C*H*W - o] (the columns it drops are the grid's
    # zeros, and the zeros it adds to the next channel's first elements change nothing): 9
    # long additions in place of 9 * C * Ho strided runs of Wo, each of which NumPy's iterator
    # starts anew. The GEMM writes its (C*kh*kw, Ho*W) product, rows ordered (i, j, c), into
    # the first Ho*W columns of a thread's zeroed (C*kh*kw, H*W) scratch (NumPy hands the
    # row stride to BLAS), from g copied into a (O, Ho, W) grid: Wo/W more GEMM work. Each
    # output still sums its taps' products in (i, j) order from a zeroed plane, plus zeros:
    # the same bits as NOTE [Input gradient by samples]. PyTorch's MNIST example's conv2 (64
    # samples, 32 -> 64 channels, 3x3 on 26x26): 12.4-13.0 -> 9.1-9.6 ms on two threads of
    # the Zen 4 guest. An inf or NaN weight would turn the grid's zeros into NaN that the
    # shifts carry to other pixels, so such weights take the strided path.
    def _backward_input_by_flat_taps(self, g, w, x_shape, padding, dilation):
        n, c, h, wd = x_shape
        o, _, kh, kw = w.shape
        ho, wo = g.shape[2:]
        ph, pw = padding
        hp, wp = h + 2 * ph, wd + 2 * pw
        size = c * hp * wp
        wt = self.ascontiguous(w.transpose(2, 3, 1, 0)).reshape(kh * kw * c, o)
        offsets = [i * dilation[0] * wp + j * dilation[1] for i in range(kh) for j in range(kw)]
        gx = self.xp.empty((n, c, hp, wp), dtype=g.dtype)

        def samples(s):
            grid = self.xp.empty((o, ho, wp), dtype=g.dtype)
            grid[:, :, wo:] = 0
            cols = self.xp.empty((kh * kw, size), dtype=g.dtype)  # (i, j) x (C, H, W)
            rows = cols.reshape(kh * kw * c, hp * wp)
            rows[:, ho * wp:] = 0
            for k in range(s.start, s.stop):
                grid[:, :, :wo] = g[k]
                self.xp.matmul(wt, grid.reshape(o, ho * wp), out=rows[:, :ho * wp])
                flat = gx[k].reshape(-1)
                flat.fill(0)
                for t, off in enumerate(offsets):
                    flat[off:] += cols[t, :size - off]
        self.run_blocks(samples, n, n * c * kh * kw * ho * wo)
        return gx if not (ph or pw) else self.ascontiguous(gx[:, :, ph:ph + h, pw:pw + wd])

    # NOTE [Unfold and fold]
    # unfold is im2col with each (sample, channel) plane as a channel of NOTE [Convolution
    # layout] (A = B = 1): the (N*C*kh*kw, L) matrix _im2col copies out is unfold's
    # (N, C*kh*kw, L) as it stands, and fold (its adjoint) is col2im over the same planes.
    def unfold2d(self, x, kernel, stride, padding, dilation):
        n, c, h, w = x.shape
        blocks = _blocks((h, w), kernel, stride, padding, dilation)
        xl = self._pad_layout(x.reshape(n * c, 1, h, w, 1), padding)
        cols = self._im2col(xl, kernel, blocks, stride, dilation)
        if self.xp.may_share_memory(cols, x):  # 1x1 blocks, no padding: x itself, reshaped
            cols = self.copy(cols)
        return cols.reshape(n, c * kernel[0] * kernel[1], blocks[0] * blocks[1])

    def fold2d(self, cols, out_hw, kernel, stride, padding, dilation):
        n, kh, kw = cols.shape[0], kernel[0], kernel[1]
        c, (h, w), (ph, pw) = cols.shape[1] // (kh * kw), out_hw, padding
        blocks = _blocks(out_hw, kernel, stride, padding, dilation)
        src = cols.reshape((n * c, kh, kw) + blocks)
        planes = self.xp.empty((n * c, h + 2 * ph, w + 2 * pw), dtype=cols.dtype)
        taps = _taps(kernel, blocks, stride, dilation)
        self.run_blocks(lambda s: _col2im(planes[s], src[s], taps, 1), n * c, cols.size)
        return self.ascontiguous(planes[:, ph:ph + h, pw:pw + w]).reshape(n, c, h, w)
