"""Random kernels over ``xp.random`` Generators (PCG64 on NumPy)."""

from tinytorch import _dtype


class ArrayRandomKernels:
    """Mixin: the subclass sets ``xp``. The rng state is an ``xp.random.Generator``."""

    xp = None

    def make_rng(self, seed):
        return self.xp.random.default_rng(seed)

    def rand(self, rng, shape, dtype):
        native = self.native_dtype(dtype)
        if native.itemsize < 4:
            return rng.random(shape, dtype=self.xp.float32).astype(native)
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
        a[...] = self.rand(rng, a.shape, self._tt_dtype(a)) * (high - low) + low
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

    def _tt_dtype(self, a):
        return _dtype.from_native(a.dtype)
