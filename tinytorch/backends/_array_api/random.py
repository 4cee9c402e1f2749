"""Random kernels over ``xp.random`` Generators (PCG64 on NumPy)."""

from tinytorch import _dtype


class ArrayRandomKernels:
    """Mixin: the subclass sets ``xp``. The rng state is an ``xp.random.Generator``."""

    xp = None

    def make_rng(self, seed):
        return self.xp.random.default_rng(seed)

    def rand(self, rng, shape, dtype):
        native = self.native_dtype(dtype)
        if native.itemsize < 4:  # k / 2^digits on the dtype's own grid, as PyTorch draws:
            # exact in float16 (11 digits) and bfloat16 (8), so never rounded up to 1
            digits = 11 if native == self.xp.float16 else 8
            k = rng.integers(0, 1 << digits, size=shape, dtype=self.xp.int32)
            return (k.astype(self.xp.float32) * (1.0 / (1 << digits))).astype(native)
        return rng.random(shape, dtype=native)

    def randn(self, rng, shape, dtype):
        native = self.native_dtype(dtype)
        if native.itemsize < 4:
            return rng.standard_normal(shape, dtype=self.xp.float32).astype(native)
        return rng.standard_normal(shape, dtype=native)

    def randint(self, rng, low, high, shape, dtype):
        return rng.integers(low, high, size=shape).astype(self.native_dtype(dtype))

    def randperm(self, rng, n, dtype):
        return rng.permutation(n).astype(self.native_dtype(dtype))

    def uniform_(self, rng, a, low, high):
        u = self.rand(rng, a.shape, self._tt_dtype(a))
        if u.dtype.itemsize < 4:  # scaled in float32, then rounded once
            u = u.astype(self.xp.float32)
        value = (u * (high - low) + low).astype(a.dtype)
        a[...] = self.xp.where(value == high, low, value)  # rounded up to high: [low, high)
        return a

    def normal_(self, rng, a, mean, std):
        a[...] = self.randn(rng, a.shape, self._tt_dtype(a)) * std + mean
        return a

    def bernoulli_mask(self, rng, shape, p, dtype):
        return (rng.random(shape, dtype=self.xp.float32) >= p).astype(self.native_dtype(dtype))

    def multinomial(self, rng, probs, num_samples, replacement):
        xp = self.xp
        p = probs.reshape(-1, probs.shape[-1]).astype(xp.float64)
        rows, n = p.shape
        if replacement:  # inverse CDF; row offsets let one searchsorted serve every row
            cdf = xp.cumsum(p, axis=1)
            cdf /= cdf[:, -1:]
            offset = xp.arange(rows, dtype=xp.float64)[:, None]
            u = rng.random((rows, num_samples)) + offset
            pos = xp.searchsorted((cdf + offset).ravel(), u.ravel(), side="right")
            idx = pos.reshape(rows, num_samples) - (offset * n).astype(xp.int64)
            idx = xp.minimum(idx, n - 1)
        else:  # Gumbel top-k: the k largest log p + Gumbel noise, without replacement
            logp = xp.where(p > 0, xp.log(xp.where(p > 0, p, 1.0)), -xp.inf)
            keys = logp - xp.log(-xp.log(rng.random((rows, n)) + 1e-300))
            idx = xp.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
        return idx.reshape(probs.shape[:-1] + (num_samples,)).astype(xp.int64)

    def poisson(self, rng, rate):
        return rng.poisson(rate).astype(rate.dtype)

    def binomial(self, rng, count, prob):
        return rng.binomial(count.astype(self.xp.int64), prob).astype(count.dtype)

    def standard_gamma(self, rng, alpha):
        # float64 draws: float32 ones from NumPy's generator would take another stream
        return rng.standard_gamma(alpha.astype(self.xp.float64)).astype(alpha.dtype)

    # tensorM: PyTorch's in-place samplers, each a transform of uniform (or normal) draws
    # taken through rand/randn, so the CUDA backend's overrides of those serve them too.
    def _uniform_for(self, rng, a):
        """U[0, 1) in a's shape: float64 for float64, else float32 (half types round late)."""
        wide = _dtype.float64 if a.dtype == self.xp.float64 else _dtype.float32
        return self.rand(rng, a.shape, wide)

    def exponential_(self, rng, a, lambd):
        a[...] = -self.xp.log1p(-self._uniform_for(rng, a)) / lambd
        return a

    def cauchy_(self, rng, a, median, sigma):
        a[...] = median + sigma * self.xp.tan(self.xp.pi * (self._uniform_for(rng, a) - 0.5))
        return a

    def log_normal_(self, rng, a, mean, std):
        wide = _dtype.float64 if a.dtype == self.xp.float64 else _dtype.float32
        a[...] = self.xp.exp(self.randn(rng, a.shape, wide) * std + mean)
        return a

    def geometric_(self, rng, a, p):
        trials = self.xp.ceil(self.xp.log1p(-self._uniform_for(rng, a)) / self.xp.log1p(-p))
        a[...] = self.xp.maximum(trials, 1)
        return a

    def random_(self, rng, a, low, high):
        a[...] = self.randint(rng, low, high, a.shape, _dtype.int64)
        return a

    def bernoulli_(self, rng, a, p):
        a[...] = self._uniform_for(rng, a) < p
        return a

    def _tt_dtype(self, a):
        return _dtype.from_native(a.dtype)
