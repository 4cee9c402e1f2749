"""The backend contract: every kernel a device must provide, one line each.

Kernels take and return backend arrays (``numpy.ndarray`` on the CPU, ``cupy.ndarray`` on
CUDA). Shapes follow NumPy broadcasting unless a line says otherwise. A kernel never
changes its inputs unless its name ends in ``_`` (then it writes into its first argument).
``tests/backends/test_contract.py`` checks that every backend implements every kernel.
"""

from tinytorch.backends import get_backend


class Backend:
    """Abstract device backend. ``device`` is the ``tinytorch.device`` it serves."""

    device = None

    def __deepcopy__(self, memo):  # one backend per device: deep-copied tensors share it
        return self

    def __reduce__(self):
        # Unpickled (e.g. in a spawned DataLoader worker) as that process's backend for the
        # same device: there must be one backend object per device in a process.
        return (get_backend, (str(self.device),))

    # --- dtypes, creation and conversion -------------------------------------------------
    def native_dtype(self, dtype): raise NotImplementedError  # tinytorch dtype -> array dtype
    def asarray(self, data, dtype=None): raise NotImplementedError  # copy of list/array/scalar
    def from_host(self, array): raise NotImplementedError  # NumPy array -> this device (may share)
    def to_host(self, a): raise NotImplementedError  # array -> NumPy array (CPU: no copy)
    def from_dlpack(self, capsule_owner): raise NotImplementedError  # zero-copy import
    def astype(self, a, dtype): raise NotImplementedError  # cast to tinytorch dtype (copy)
    # a's memory read as tinytorch dtype (a view; its last dim rescaled for another size):
    def view_dtype(self, a, dtype): raise NotImplementedError
    def copy(self, a): raise NotImplementedError  # contiguous copy
    def clone(self, a): raise NotImplementedError  # copy in a's layout if dense, else contiguous
    def to_array(self, a): raise NotImplementedError  # arrays as is; NumPy scalar -> 0-d
    def empty(self, shape, dtype): raise NotImplementedError  # uninitialised
    def zeros(self, shape, dtype): raise NotImplementedError
    def ones(self, shape, dtype): raise NotImplementedError
    def ones_like(self, a): raise NotImplementedError  # ones in a's shape and dtype
    def full(self, shape, value, dtype): raise NotImplementedError
    def arange(self, start, end, step, dtype): raise NotImplementedError  # 1-D, end excluded
    def linspace(self, start, end, steps, dtype): raise NotImplementedError  # 1-D, end included
    def logspace(self, start, end, steps, base, dtype): raise NotImplementedError  # base ** x
    def eye(self, n, m, dtype): raise NotImplementedError  # (n, m) identity
    def is_contiguous(self, a): raise NotImplementedError  # C-contiguous?
    def ascontiguous(self, a): raise NotImplementedError  # a itself when already contiguous
    # spellS: a's first prod(shape) elements in C order (zeros past a's end) as shape: a view of
    # a's memory when a is contiguous and holds enough
    def resize(self, a, shape): raise NotImplementedError
    def format_tensor(self, a, suffix): raise NotImplementedError  # PyTorch-style repr text
    def is_owner(self, a): raise NotImplementedError  # a owns its memory (is not a view)
    # preserve_format: a (of v's shape) laid out as PyTorch's preserve_format lays out a new
    # tensor like v (empty_like, clone, a leaf's new .grad by AccumulateGrad's layout contract,
    # sort's results): v's strides where v is dense, else contiguous; a itself when ``reuse``
    # (the caller may take it) and it is laid out so, else a copy laid out so
    def preserve_format(self, a, v, reuse): raise NotImplementedError
    # pointwise_layout: out, the result of a pointwise kernel of ``inputs`` built from several
    # NumPy calls, laid out as PyTorch's TensorIterator lays out a pointwise result: in the
    # stride order of the first input of out's shape (a copy only where out's differs)
    def pointwise_layout(self, out, *inputs): raise NotImplementedError
    def internal_overlap(self, a): raise NotImplementedError  # two indices reach one element
    def mem_overlap(self, a, b, shape=None):  # "no"|"full"|"partial"|"too_hard" (PyTorch's)
        raise NotImplementedError  # b as PyTorch's expand lays it out at shape, if given

    # --- random (state is what make_rng returned) -----------------------------------------
    def make_rng(self, seed): raise NotImplementedError  # new generator state from int seed
    def rng_state(self, rng): raise NotImplementedError  # the state as bytes (get_rng_state)
    def rng_from_state(self, state): raise NotImplementedError  # bytes of rng_state -> state
    def rand(self, rng, shape, dtype): raise NotImplementedError  # U[0, 1)
    def randn(self, rng, shape, dtype): raise NotImplementedError  # N(0, 1)
    def randint(self, rng, low, high, shape, dtype): raise NotImplementedError  # [low, high)
    def randperm(self, rng, n, dtype): raise NotImplementedError  # permutation of range(n)
    def uniform_(self, rng, a, low, high): raise NotImplementedError  # fill a from U[low, high)
    def normal_(self, rng, a, mean, std): raise NotImplementedError  # fill a from N(mean, std²)
    def bernoulli_mask(self, rng, shape, p, dtype): raise NotImplementedError  # 1 w.p. 1-p, else 0
    def multinomial(self, rng, probs, num_samples, replacement): raise NotImplementedError  # int64
    def poisson(self, rng, rate): raise NotImplementedError  # Poisson(rate) counts, rate's dtype
    def standard_gamma(self, rng, alpha): raise NotImplementedError  # Gamma(alpha, 1) draws
    def binomial(self, rng, count, prob): raise NotImplementedError  # Binomial(count, prob) draws
    # tensorM: fill a in place from Exp(lambd), Cauchy, exp(N(mean, std²)), Geometric(p) (trials
    # to the first success, >= 1), integers in [low, high), and Bernoulli(p) (p a number or an
    # array broadcast to a)
    def exponential_(self, rng, a, lambd): raise NotImplementedError
    def cauchy_(self, rng, a, median, sigma): raise NotImplementedError
    def log_normal_(self, rng, a, mean, std): raise NotImplementedError
    def geometric_(self, rng, a, p): raise NotImplementedError
    def random_(self, rng, a, low, high): raise NotImplementedError
    def bernoulli_(self, rng, a, p): raise NotImplementedError

    # --- elementwise, binary (broadcasting) -------------------------------------------------
    def add(self, a, b): raise NotImplementedError
    def sub(self, a, b): raise NotImplementedError
    def mul(self, a, b): raise NotImplementedError
    def div(self, a, b): raise NotImplementedError  # true division
    # the integer divisions raise PyTorch's RuntimeError("ZeroDivisionError") for a 0 divisor
    def floordiv(self, a, b): raise NotImplementedError  # rounds toward -inf (PyTorch's //)
    def truncdiv(self, a, b): raise NotImplementedError  # rounds toward 0; integers exactly
    def remainder(self, a, b): raise NotImplementedError  # sign of b (Python's %)
    def fmod(self, a, b): raise NotImplementedError  # sign of a (C's fmod), exact
    def pow(self, a, b): raise NotImplementedError
    def maximum(self, a, b): raise NotImplementedError  # NaN-propagating
    def minimum(self, a, b): raise NotImplementedError  # NaN-propagating
    def eq(self, a, b): raise NotImplementedError  # -> bool
    def ne(self, a, b): raise NotImplementedError  # -> bool
    def lt(self, a, b): raise NotImplementedError  # -> bool
    def le(self, a, b): raise NotImplementedError  # -> bool
    def gt(self, a, b): raise NotImplementedError  # -> bool
    def ge(self, a, b): raise NotImplementedError  # -> bool
    def logical_and(self, a, b): raise NotImplementedError  # -> bool
    def logical_or(self, a, b): raise NotImplementedError  # -> bool
    def logical_xor(self, a, b): raise NotImplementedError  # -> bool
    def bitwise_and(self, a, b): raise NotImplementedError  # integer/bool operands
    def gcd(self, a, b): raise NotImplementedError  # integers: >= 0, gcd(0, 0) = 0
    def lcm(self, a, b): raise NotImplementedError  # integers: >= 0
    def frexp(self, a): raise NotImplementedError  # -> (mantissa in [0.5, 1), int32 exponent)
    def bitwise_or(self, a, b): raise NotImplementedError  # integer/bool operands
    def bitwise_xor(self, a, b): raise NotImplementedError  # integer/bool operands
    def left_shift(self, a, b): raise NotImplementedError  # a << b, integer operands
    def right_shift(self, a, b): raise NotImplementedError  # a >> b (arithmetic), integers
    def where(self, cond, a, b): raise NotImplementedError  # cond ? a : b
    # a + w (b - a) where |w| < 0.5, else b - (b - a)(1 - w) (PyTorch's two forms):
    def lerp(self, a, b, w): raise NotImplementedError
    def add_(self, out, b): raise NotImplementedError  # out += b in place
    def copy_(self, out, src): raise NotImplementedError  # out[...] = src (broadcast, cast)

    # --- elementwise, unary -------------------------------------------------------------------
    def neg(self, a): raise NotImplementedError
    def abs(self, a): raise NotImplementedError
    def sign(self, a): raise NotImplementedError
    def exp(self, a): raise NotImplementedError
    def log(self, a): raise NotImplementedError
    def log1p(self, a): raise NotImplementedError
    def expm1(self, a): raise NotImplementedError
    def sqrt(self, a): raise NotImplementedError
    def rsqrt(self, a): raise NotImplementedError  # 1 / sqrt(a)
    def square(self, a): raise NotImplementedError
    def reciprocal(self, a): raise NotImplementedError
    def sin(self, a): raise NotImplementedError
    def cos(self, a): raise NotImplementedError
    def tanh(self, a): raise NotImplementedError
    def sigmoid(self, a): raise NotImplementedError  # stable for large |a|
    def relu(self, a): raise NotImplementedError
    def relu_backward(self, grad_output, y): raise NotImplementedError  # grad_output * (y > 0)
    def floor(self, a): raise NotImplementedError
    def ceil(self, a): raise NotImplementedError
    def trunc(self, a): raise NotImplementedError  # round toward zero
    def round(self, a, decimals=0): raise NotImplementedError  # half to even
    def clip(self, a, lo, hi): raise NotImplementedError  # lo/hi scalars, arrays or None
    def logical_not(self, a): raise NotImplementedError  # -> bool
    def bitwise_not(self, a): raise NotImplementedError  # ~a for integer/bool arrays
    def isnan(self, a): raise NotImplementedError  # -> bool
    def isinf(self, a): raise NotImplementedError  # -> bool
    def isfinite(self, a): raise NotImplementedError  # -> bool

    # --- pointwise math (mathD): elementwise, NumPy's semantics -----------------------------
    def log2(self, a): raise NotImplementedError
    def log10(self, a): raise NotImplementedError
    def exp2(self, a): raise NotImplementedError  # 2 ** a
    def tan(self, a): raise NotImplementedError
    def asin(self, a): raise NotImplementedError
    def acos(self, a): raise NotImplementedError
    def atan(self, a): raise NotImplementedError
    def sinh(self, a): raise NotImplementedError
    def cosh(self, a): raise NotImplementedError
    def asinh(self, a): raise NotImplementedError
    def acosh(self, a): raise NotImplementedError
    def atanh(self, a): raise NotImplementedError
    def erf(self, a): raise NotImplementedError
    def erfc(self, a): raise NotImplementedError  # 1 - erf(a) without cancellation
    def erfinv(self, a): raise NotImplementedError  # y with erf(y) = a; ±inf at ±1
    def lgamma(self, a): raise NotImplementedError  # log|Γ(a)|; +inf at the poles
    def digamma(self, a): raise NotImplementedError  # Γ'(a) / Γ(a)
    def standard_gamma_grad(self, alpha, x): raise NotImplementedError  # dx/dalpha, x ~ Γ(alpha)
    def dirichlet_grad(self, x, alpha, total): raise NotImplementedError  # of Beta draws, / (1-x)
    def polygamma(self, n, a): raise NotImplementedError  # n-th derivative of digamma, int n >= 0
    def ndtri(self, a): raise NotImplementedError  # x with Φ(x) = a, Φ the normal CDF
    def log_ndtr(self, a): raise NotImplementedError  # log Φ(a), finite far into the left tail
    def bessel_i(self, a, order, scaled): raise NotImplementedError  # I0/I1; scaled: e^-|a| I
    def erfcx(self, a): raise NotImplementedError  # e^(a²) erfc(a)
    def bessel_j(self, a, order): raise NotImplementedError  # J0/J1 (first kind)
    def bessel_y(self, a, order): raise NotImplementedError  # Y0/Y1; -inf at 0, NaN below
    def bessel_k(self, a, order, scaled): raise NotImplementedError  # K0/K1; scaled: e^a K
    def airy_ai(self, a): raise NotImplementedError  # Airy's Ai
    def spherical_bessel_j0(self, a): raise NotImplementedError  # sin(a) / a, 1 at 0
    def zeta(self, a, b): raise NotImplementedError  # Hurwitz ζ(a, b) (one float dtype, broadcast)
    def igamma(self, a, b, upper): raise NotImplementedError  # regularized P(a, b); upper: Q
    def chebyshev_polynomial(self, a, n, kind, shifted): raise NotImplementedError  # 't'..'w'
    def hermite_polynomial(self, a, n, probabilists): raise NotImplementedError  # H_n; He_n
    def laguerre_polynomial(self, a, n): raise NotImplementedError  # L_n(a); n a float array
    def legendre_polynomial(self, a, n): raise NotImplementedError  # P_n(a)
    def sinc(self, a): raise NotImplementedError  # sin(pi a) / (pi a), 1 at 0
    def signbit(self, a): raise NotImplementedError  # -> bool: sign bit set (-0.0, -NaN too)
    def atan2(self, a, b): raise NotImplementedError  # angle of (b, a), broadcasting
    def hypot(self, a, b): raise NotImplementedError  # sqrt(a² + b²) without overflow
    def logaddexp(self, a, b): raise NotImplementedError  # log(e^a + e^b), stable
    def logaddexp2(self, a, b): raise NotImplementedError  # log2(2^a + 2^b), stable
    def nextafter(self, a, b): raise NotImplementedError  # next float after a towards b
    def copysign(self, a, b): raise NotImplementedError  # |a| with b's sign bit
    def fmax(self, a, b): raise NotImplementedError  # a if a >= b or b is NaN, else b
    def fmin(self, a, b): raise NotImplementedError  # a if a <= b or b is NaN, else b

    # --- reductions (axis: None, int or tuple of non-negative ints) --------------------------
    def sum(self, a, axis=None, keepdims=False, dtype=None): raise NotImplementedError
    def sum_to(self, a, shape): raise NotImplementedError  # undo broadcasting: reduce a to shape
    def mean(self, a, axis=None, keepdims=False): raise NotImplementedError
    def prod(self, a, axis=None, keepdims=False): raise NotImplementedError
    def var(self, a, axis=None, correction=1, keepdims=False): raise NotImplementedError
    def amax(self, a, axis=None, keepdims=False): raise NotImplementedError
    def amin(self, a, axis=None, keepdims=False): raise NotImplementedError
    def argmax(self, a, axis=None, keepdims=False): raise NotImplementedError  # first max, int64
    def argmin(self, a, axis=None, keepdims=False): raise NotImplementedError  # first min, int64
    # argsort: int64 positions that sort a along axis, stable (equal entries keep their order
    # either way), NaN largest; descending = largest first
    def argsort(self, a, axis, descending): raise NotImplementedError
    # index_bound: max of a non-empty int64 array read as uint64 (a negative entry is huge),
    # so one reduction checks 0 <= a < n: index_bound(a) < n
    def index_bound(self, a): raise NotImplementedError
    # bincount: int64 counts of each value of a 1-D integer a >= 0, length max(minlength, max+1)
    # (with 1-D weights: float64 sums of the weights of each value)
    def bincount(self, a, minlength, weights=None): raise NotImplementedError
    def logsumexp(self, a, axis, keepdims=False): raise NotImplementedError  # max-shifted
    def cumsum(self, a, axis): raise NotImplementedError
    def cumprod(self, a, axis): raise NotImplementedError
    def flip_cumsum(self, a, axis): raise NotImplementedError  # reverse cumulative sum
    # cumextreme: (running max, or min, along axis; int64 position of it: the later of equal
    # entries, NaN propagating from the first one and each later NaN taking the position)
    def cumextreme(self, a, axis, largest): raise NotImplementedError
    def all(self, a, axis=None, keepdims=False): raise NotImplementedError  # -> bool
    def any(self, a, axis=None, keepdims=False): raise NotImplementedError  # -> bool
    def allclose(self, a, b, rtol, atol, equal_nan): raise NotImplementedError  # -> Python bool
    def array_equal(self, a, b): raise NotImplementedError  # -> Python bool

    # --- linear algebra ------------------------------------------------------------------------
    def matmul(self, a, b): raise NotImplementedError  # NumPy matmul rules (batched, broadcast)
    def addmm(self, c, a, b): raise NotImplementedError  # c + a @ b, 2-D; low dtypes round once
    def einsum(self, subscripts, *operands): raise NotImplementedError
    def qr(self, a): raise NotImplementedError  # reduced QR of (m, n): q (m, k), r (k, n), k=min
    # linalg (linalgH): batched over leading dims; inv/solve/cholesky -> (result, info), see
    # NOTE [Factorisation info] in backends/_array_api/linalg.py
    def inv(self, a): raise NotImplementedError  # -> (A⁻¹, info)
    def solve(self, a, b): raise NotImplementedError  # A (..., n, n), B (..., n, k) -> (X, info)
    def cholesky(self, a): raise NotImplementedError  # -> (L lower, info)
    def slogdet(self, a): raise NotImplementedError  # -> (sign, log|det|)
    def eigh(self, a): raise NotImplementedError  # lower triangle -> (ascending w, V)
    def svd(self, a, full_matrices): raise NotImplementedError  # -> (U, S descending, Vh)
    def qr_complete(self, a): raise NotImplementedError  # complete QR: q (m, m), r (m, n)
    # linalgS: A (..., n, n), B (..., n, k) of one batch shape -> X with A X = B, reading A's
    # upper (lower) triangle, its diagonal taken as ones when unitriangular; no error if singular
    def solve_triangular(self, a, b, upper, unitriangular): raise NotImplementedError
    # spellS: (L Lᵀ)⁻¹ B for the lower factor L (Uᵀ U for the upper U when upper), same batch
    def cholesky_solve(self, b, factor, upper): raise NotImplementedError
    # getrf of (..., m, n) -> (packed L\U, 1-based int32 pivots (..., min(m, n)), int32 info)
    def lu_factor(self, a): raise NotImplementedError
    def lu_permutation(self, pivots, m, dtype): raise NotImplementedError  # -> P, A = P L U
    def matrix_exp(self, a): raise NotImplementedError  # exp of each (..., n, n)
    def geqrf(self, a): raise NotImplementedError  # (..., m, n) -> (reflectors\R, tau (..., k))

    # --- shape and layout (results may be views) ---------------------------------------------
    def reshape(self, a, shape): raise NotImplementedError  # view when possible
    def reshape_view(self, a, shape): raise NotImplementedError  # that view, or None: a copy
    def transpose(self, a, axes): raise NotImplementedError  # view, axes a full permutation
    def broadcast_to(self, a, shape): raise NotImplementedError  # view (or a filled copy)
    def expand(self, a, shape): raise NotImplementedError  # broadcast view sharing a's memory
    def expand_dims(self, a, axis): raise NotImplementedError  # view
    def squeeze(self, a, axis): raise NotImplementedError  # view, axis a tuple
    def concatenate(self, arrays, axis): raise NotImplementedError
    def stack(self, arrays, axis): raise NotImplementedError
    def split(self, a, indices, axis): raise NotImplementedError  # views at split points
    def flip(self, a, axes): raise NotImplementedError
    def roll(self, a, shifts, axes): raise NotImplementedError
    def tile(self, a, reps): raise NotImplementedError
    def tril(self, a, k): raise NotImplementedError
    def triu(self, a, k): raise NotImplementedError
    def pad(self, a, pad_width, value): raise NotImplementedError  # constant pad, NumPy widths
    # tensG: the diagonal view and layout queries
    def diagonal(self, a, offset, axis1, axis2): raise NotImplementedError  # writable view, last
    def strides(self, a): raise NotImplementedError  # per dim, in elements
    def storage_offset(self, a, base): raise NotImplementedError  # elements from base's first
    # tensorM: windows of size along axis, step apart (writable view, window last), its
    # adjoint (windows summed back into zeros(shape)), and the address of a's first element
    def unfold(self, a, axis, size, step): raise NotImplementedError
    def unfold_backward(self, g, shape, dtype, axis, size, step): raise NotImplementedError
    def data_ptr(self, a): raise NotImplementedError
    # apiS: the view of the memory a lies in with element i at a's first element
    # + offset + Σ i_k strides_k (elements; offset may be negative), writable
    def as_strided(self, a, shape, strides, offset): raise NotImplementedError

    # --- indexing ------------------------------------------------------------------------------
    def getitem(self, a, index): raise NotImplementedError  # NumPy basic/advanced indexing
    def setitem_(self, a, index, value): raise NotImplementedError  # a[index] = value in place
    # zeros(shape)[index] += value, duplicate indices accumulating:
    def index_add(self, shape, index, value, dtype): raise NotImplementedError
    def take_along_axis(self, a, indices, axis): raise NotImplementedError
    def scatter(self, a, axis, indices, src): raise NotImplementedError  # copy of a, a[idx]=src
    def scatter_add(self, a, axis, indices, src): raise NotImplementedError  # copy, accumulates
    # copy of a with each src element reduced into a[idx] in index order by "prod", "amax"
    # or "amin" (NaN propagating), as PyTorch's CPU loop:
    def scatter_reduce(self, a, axis, indices, src, reduce): raise NotImplementedError
    def index_select(self, a, axis, indices): raise NotImplementedError
    def nonzero(self, a): raise NotImplementedError  # (n, ndim) int64 indices
    # unique: (sorted distinct entries of a, int64 inverse of a's shape, int64 counts)
    def unique(self, a): raise NotImplementedError
    # (values, inverse, counts) of runs of equal entries of a flattened (axis None) or of its
    # slices along axis (tensorM)
    def unique_consecutive(self, a, axis): raise NotImplementedError
    # (distinct slices of a along axis, sorted lexicographically, int64 index of each slice
    # among them, int64 counts); a slice holding a NaN is distinct
    def unique_dim(self, a, axis): raise NotImplementedError
    def repeat(self, a, repeats): raise NotImplementedError  # 1-D a, entry i repeats[i] times
    # searchsorted: int64 insertion points of values in seq's last dim (seq 1-D, or its leading
    # dims those of values); right: after equal entries
    def searchsorted(self, seq, values, right): raise NotImplementedError
    def isin(self, a, b, invert): raise NotImplementedError  # bool of a's shape: a in b (or not)

    # --- nn: activations, softmax, losses, convolution, pooling, normalisation -------------
    def sigmoid_backward(self, g, y): raise NotImplementedError  # g * y * (1 - y)
    def tanh_backward(self, g, y): raise NotImplementedError  # g * (1 - y²)
    def leaky_relu(self, x, negative_slope): raise NotImplementedError
    def leaky_relu_backward(self, g, x, negative_slope): raise NotImplementedError
    def elu(self, x, alpha, scale, input_scale): raise NotImplementedError  # selu: its constants
    def elu_backward(self, g, x, alpha, scale, input_scale): raise NotImplementedError
    def gelu(self, x, approximate): raise NotImplementedError  # approximate "none" | "tanh"
    def gelu_backward(self, g, x, approximate): raise NotImplementedError
    def silu(self, x): raise NotImplementedError
    def silu_backward(self, g, x): raise NotImplementedError
    def mish(self, x): raise NotImplementedError  # x tanh(softplus(x))
    def mish_backward(self, g, x): raise NotImplementedError
    def softplus(self, x, beta, threshold): raise NotImplementedError  # x where beta*x > threshold
    def softplus_backward(self, g, x, beta, threshold): raise NotImplementedError
    def hardtanh(self, x, min_val, max_val): raise NotImplementedError  # relu6 = (0, 6)
    def hardtanh_backward(self, g, x, min_val, max_val): raise NotImplementedError
    def softmax(self, x, axis): raise NotImplementedError  # max-shifted
    def softmax_backward(self, g, y, axis): raise NotImplementedError  # y * (g - Σ g y)
    def log_softmax(self, x, axis): raise NotImplementedError  # stable for |x| ~ 1e4
    def log_softmax_backward(self, g, y, axis): raise NotImplementedError  # g - e^y Σ g
    # attention_softmax_: softmax(scale * scores + bias) over the last axis, written into scores
    # (bias None or broadcastable); a row of -inf only gives zeros if safe, else NaN
    def attention_softmax_(self, scores, scale, bias, safe): raise NotImplementedError
    # cross_entropy: (N,C),(N,) -> (losses (N,), log_probs (N,C)); 0 where ignored. In the
    # class losses ignore_index=None says the caller checked that no target is ignored.
    def cross_entropy(self, logits, target, weight, ignore_index, label_smoothing):
        raise NotImplementedError
    # cross_entropy_backward: -> (N, C)
    def cross_entropy_backward(self, grad_losses, log_probs, target, weight, ignore_index,
                               label_smoothing): raise NotImplementedError
    # nll_loss: -> (N,) -w[t] lp[t]
    def nll_loss(self, log_probs, target, weight, ignore_index): raise NotImplementedError
    # nll_loss_backward: -> (N, C)
    def nll_loss_backward(self, grad_losses, target, weight, ignore_index, num_classes):
        raise NotImplementedError
    # CTC: (T, N, C) log-probs, (N, S) padded int64 targets, host lists of lengths ->
    # (per-sample negative log-likelihood, log alpha); its backward -> dL/dlog_probs
    def ctc_loss(self, log_probs, targets, input_lengths, target_lengths, blank):
        raise NotImplementedError
    def ctc_loss_backward(self, grad, log_probs, targets, input_lengths, target_lengths, nll,
                          log_alpha, blank, zero_infinity):
        raise NotImplementedError
    # smooth_l1: elementwise on d = x - t; beta 0 -> |d|
    def smooth_l1(self, d, beta): raise NotImplementedError
    def smooth_l1_backward(self, g, d, beta): raise NotImplementedError
    def binary_cross_entropy(self, p, y): raise NotImplementedError  # logs clamped at -100
    def binary_cross_entropy_backward(self, g, p, y): raise NotImplementedError  # -> (gp, gy)
    # binary_cross_entropy_with_logits: pos_weight None or broadcastable
    def binary_cross_entropy_with_logits(self, x, y, pos_weight): raise NotImplementedError
    # binary_cross_entropy_with_logits_backward: -> (gx, gy, gpw or None) unreduced
    def binary_cross_entropy_with_logits_backward(self, g, x, y, pos_weight):
        raise NotImplementedError
    def kl_div(self, x, t, log_target): raise NotImplementedError  # elementwise t (log t - x)
    def kl_div_backward(self, g, x, t, log_target): raise NotImplementedError  # -> (gx, gt)
    # conv2d: NCHW, (O,C/g,kh,kw), no bias; pairs
    def conv2d(self, x, w, stride, padding, dilation, groups): raise NotImplementedError
    def conv2d_backward_input(self, g, w, x_shape, stride, padding, dilation, groups):
        raise NotImplementedError
    def conv2d_backward_weight(self, g, x, w_shape, stride, padding, dilation, groups):
        raise NotImplementedError
    # unfold2d: (N,C,H,W) -> (N, C*kh*kw, L) sliding blocks (PyTorch's im2col order); pairs
    def unfold2d(self, x, kernel, stride, padding, dilation): raise NotImplementedError
    # fold2d: (N, C*kh*kw, L) -> (N,C,H,W), unfold2d's adjoint (overlapping blocks add up)
    def fold2d(self, cols, out_hw, kernel, stride, padding, dilation): raise NotImplementedError
    # max_pool2d: -> (y, int64 flat plane indices, first max)
    def max_pool2d(self, x, kernel, stride, padding, dilation, ceil_mode): raise NotImplementedError
    def max_pool2d_backward(self, g, indices, x_shape): raise NotImplementedError  # scatter-add
    def avg_pool2d(self, x, kernel, stride, padding, ceil_mode, count_include_pad,
                   divisor_override): raise NotImplementedError
    def avg_pool2d_backward(self, g, x_shape, kernel, stride, padding, ceil_mode, count_include_pad,
                            divisor_override): raise NotImplementedError
    def adaptive_avg_pool2d(self, x, output_size): raise NotImplementedError
    def adaptive_avg_pool2d_backward(self, g, x_shape): raise NotImplementedError
    def adaptive_max_pool2d(self, x, output_size): raise NotImplementedError  # -> (y, indices)
    # cross_map_lrn2d: PyTorch's legacy nn.CrossMapLRN2d on (N,C,H,W) -> (y, scale); its
    # backward is PyTorch's formula (not the forward's derivative)
    def cross_map_lrn2d(self, x, size, alpha, beta, k): raise NotImplementedError
    def cross_map_lrn2d_backward(self, g, x, y, scale, size, alpha, beta):
        raise NotImplementedError
    # fractional_max_pool: (N,C,*S) or (C,*S), S 2-D or 3-D; samples (>=N, C, len(S)) in x's
    # dtype, as PyTorch's CPU kernel reads them -> (y, int64 flat indices in S); backward:
    # scatter-add
    def fractional_max_pool(self, x, samples, kernel, output_size): raise NotImplementedError
    def fractional_max_pool_backward(self, g, indices, x_shape, dims): raise NotImplementedError
    # upsample_nearest2d: src = floor(dst * in / out)
    def upsample_nearest2d(self, x, out_hw): raise NotImplementedError
    def upsample_nearest2d_backward(self, g, x_shape): raise NotImplementedError
    def upsample_bilinear2d(self, x, out_hw, align_corners): raise NotImplementedError
    def upsample_bilinear2d_backward(self, g, x_shape, align_corners): raise NotImplementedError
    # interpolate: F.interpolate's separable modes (linear, cubic, nearest, nearest-exact,
    # area, linear-aa, cubic-aa, lanczos-aa) from x's last len(outs) dims to sizes outs;
    # scales: PyTorch's in/out coordinate ratio per dim. interpolate_backward: its adjoint.
    def interpolate(self, x, outs, mode, align_corners, scales): raise NotImplementedError
    def interpolate_backward(self, g, sizes, mode, align_corners, scales):
        raise NotImplementedError
    # affine_sample: (N,C,H,W) read at matrices (N,2,3) @ (col, row, 1); NOTE [Affine resampling]
    def affine_sample(self, x, matrices, interpolation, fill_mode, fill_value):
        raise NotImplementedError
    # grid_sample: (N,C,*S) read at grid (N,*S_out,dims) in [-1, 1] -> (N,C,*S_out); NOTE [Grid
    # sampling as taps]. Its backward -> (grad_x, grad_grid); grad_grid 0 for 'nearest'
    def grid_sample(self, x, grid, mode, padding_mode, align_corners): raise NotImplementedError
    def grid_sample_backward(self, g, x, grid, mode, padding_mode, align_corners):
        raise NotImplementedError
    # batch_norm: -> (y, mean, invstd); running_* in place
    def batch_norm(self, x, weight, bias, running_mean, running_var, training, momentum, eps):
        raise NotImplementedError
    # batch_norm_backward: -> (gx, gw, gb)
    def batch_norm_backward(self, g, x, weight, save_mean, save_invstd, training):
        raise NotImplementedError
    # layer_norm: -> (y, mean, invstd) keepdims
    def layer_norm(self, x, normalized_ndim, weight, bias, eps): raise NotImplementedError
    # layer_norm_backward: -> (gx, gw, gb)
    def layer_norm_backward(self, g, x, weight, mean, invstd, normalized_ndim):
        raise NotImplementedError
    # rms_norm: -> (y, invrms) keepdims; invrms = 1/sqrt(mean(x²) + eps) over the trailing dims
    def rms_norm(self, x, normalized_ndim, weight, eps): raise NotImplementedError
    # rms_norm_backward: -> (gx, gw)
    def rms_norm_backward(self, g, x, weight, invrms, normalized_ndim):
        raise NotImplementedError

    # --- nn: recurrent cells, one time step's gate arithmetic ---------------------------------
    # gi, gh: the step's input and hidden projections (B, G*H), PyTorch's gate blocks of H
    # columns: LSTM (i, f, g, o), GRU (r, z, n); every result is (B, H) unless it says gates.
    # rnn_cell: nonlinearity "tanh" | "relu", applied to gi + gh
    def rnn_cell(self, gi, gh, nonlinearity): raise NotImplementedError
    def rnn_cell_backward(self, g, h, nonlinearity): raise NotImplementedError  # dL/d(gi + gh)
    # lstm_cell: -> (h, c, gates activated (B, 4H), tanh(c)); c = f c_prev + i g, h = o tanh(c)
    def lstm_cell(self, gi, gh, c_prev): raise NotImplementedError
    # lstm_cell_backward: -> (dL/d(gi + gh) (B, 4H), dL/dc_prev)
    def lstm_cell_backward(self, grad_h, grad_c, gates, tanh_c, c_prev): raise NotImplementedError
    # gru_cell: -> (h, gates activated (B, 3H)); n = tanh(gi_n + r gh_n), h = n + z (h_prev - n)
    def gru_cell(self, gi, gh, h_prev): raise NotImplementedError
    # gru_cell_backward: -> (dL/dgi, dL/dgh, dL/dh_prev)
    def gru_cell_backward(self, grad_h, gates, gh, h_prev): raise NotImplementedError
    # recurrence_backward: Recurrence's backward (one layer, one direction, all steps) ->
    # (dL/dgi, dL/dh0, dL/dc0, dL/dw_hh, dL/db_hh, dL/dw_hr); composite
    def recurrence_backward(self, mode, grad_output, grad_state, gi, h0, c0, w_hh, b_hh, w_hr,
                            steps, batch_sizes, reverse, cells=None): raise NotImplementedError
    # one_thread: a context manager; the kernels of a loop of small dependent kernels (the
    # steps of a recurrence) run inside it, whole, on the calling thread. Composite: a no-op
    # except on the CPU (NOTE [Loops of small kernels] in threads.py)
    def one_thread(self): raise NotImplementedError
    # beside: start task() and return a function giving its result: on the CPU on a worker
    # thread while the caller's loop goes on (the recurrences' weight gradients); composite:
    # at once
    def beside(self, task): raise NotImplementedError

    # --- optim: fused in-place parameter updates ---------------------------------------------
    # Each updates param and its state arrays in place, following torch.optim's single-tensor
    # maths; scalars are Python numbers, `step` counts from 1, unused state arrays are None.
    def sgd_step_(self, param, grad, momentum_buffer, lr, momentum, dampening, weight_decay,
                  nesterov, maximize, first_step): raise NotImplementedError  # first: buf = grad
    def adam_step_(self, param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, step, lr, beta1, beta2,
                   eps, weight_decay, amsgrad, maximize,
                   decoupled_weight_decay): raise NotImplementedError  # AdamW: decoupled
    def adamax_step_(self, param, grad, exp_avg, exp_inf, step, lr, beta1, beta2, eps,
                     weight_decay, maximize): raise NotImplementedError
    def nadam_step_(self, param, grad, exp_avg, exp_avg_sq, step, mu, mu_next, mu_product, lr,
                    beta1, beta2, eps, weight_decay,
                    maximize): raise NotImplementedError  # mu_product already includes mu
    def rmsprop_step_(self, param, grad, square_avg, momentum_buffer, grad_avg, lr, alpha, eps,
                      weight_decay, momentum, centered, maximize): raise NotImplementedError
    def adagrad_step_(self, param, grad, state_sum, step, lr, lr_decay, weight_decay, eps,
                      maximize): raise NotImplementedError
    def adadelta_step_(self, param, grad, square_avg, acc_delta, lr, rho, eps, weight_decay,
                       maximize): raise NotImplementedError
    # optim (RAdam, Rprop, ASGD): same conventions; Rprop's step_size is per element, ASGD's
    # eta and mu are Python numbers (the optimizer keeps their 0-d tensors)
    def radam_step_(self, param, grad, exp_avg, exp_avg_sq, step, lr, beta1, beta2, eps,
                    weight_decay, maximize, decoupled_weight_decay): raise NotImplementedError
    def rprop_step_(self, param, grad, prev, step_size, etaminus, etaplus, step_size_min,
                    step_size_max, maximize): raise NotImplementedError
    def asgd_step_(self, param, grad, ax, eta, mu, lambd, weight_decay,
                   maximize): raise NotImplementedError
    # Adafactor: row_var and col_var for a parameter of 2+ dims, variance for one of 0 or 1
    # (the other None); step is the count as a float, eps1 already resolved from the dtype
    def adafactor_step_(self, param, grad, row_var, col_var, variance, step, lr, beta2_decay,
                        eps1, eps2, d, weight_decay, maximize): raise NotImplementedError
