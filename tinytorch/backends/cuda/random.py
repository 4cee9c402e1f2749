"""Random kernels on CUDA: CuPy's Generator (XORWOW) for draws, and a counter-based hash
(``kernels/random.cu``) for dropout masks so they are reproducible under ``manual_seed``."""

import cupy
import numpy

from tinytorch.backends.cuda import _launch


_NO_STATE = ("tinytorch cannot save or restore the state of a cuda generator yet (CuPy's "
             "Generator keeps it in device memory); seed it with tinytorch.cuda.manual_seed "
             "instead")


class CudaRng:
    """The generator state ``make_rng`` returns: CuPy's Generator plus the seed and the
    running offset of the counter-based stream used by ``bernoulli_mask``."""

    __slots__ = ("generator", "seed", "offset", "device")

    def __init__(self, seed, device):
        self.device = device
        with device:
            self.generator = cupy.random.default_rng(seed)
        self.seed = numpy.uint64(seed & ((1 << 64) - 1))
        self.offset = 0


class CudaRandomKernels:
    """Mixin overriding ArrayRandomKernels where CuPy's Generator differs from NumPy's (the
    inherited ``uniform_``/``normal_`` call these ``rand``/``randn``)."""

    def make_rng(self, seed):
        return CudaRng(int(seed), self._cupy_device)

    def rng_state(self, rng):
        raise RuntimeError(_NO_STATE)

    def rng_from_state(self, state):
        raise RuntimeError(_NO_STATE)

    def rand(self, rng, shape, dtype):
        with rng.device:
            return super().rand(rng.generator, shape, dtype)

    def randn(self, rng, shape, dtype):
        with rng.device:
            return super().randn(rng.generator, shape, dtype)

    def randint(self, rng, low, high, shape, dtype):
        with rng.device:
            return super().randint(rng.generator, low, high, shape, dtype)

    def multinomial(self, rng, probs, num_samples, replacement):
        with rng.device:
            return super().multinomial(rng.generator, probs, num_samples, replacement)

    def poisson(self, rng, rate):
        with rng.device:
            return super().poisson(rng.generator, rate)

    def binomial(self, rng, count, prob):
        with rng.device:
            return super().binomial(rng.generator, count, prob)

    def standard_gamma(self, rng, alpha):
        with rng.device:
            return super().standard_gamma(rng.generator, alpha)

    def randperm(self, rng, n, dtype):
        # CuPy's Generator has no permutation: argsort uniform keys (53 random bits each;
        # a tie only orders two elements by index, the result is still a permutation).
        with rng.device:
            keys = rng.generator.random(n, dtype=cupy.float64)
            return cupy.argsort(keys).astype(self.native_dtype(dtype))

    def bernoulli_mask(self, rng, shape, p, dtype):
        native = self.native_dtype(dtype)
        out_dtype = native if native.name in _launch.CTYPES else cupy.dtype(cupy.float32)
        with rng.device:
            mask = cupy.empty(shape, dtype=out_dtype)
        n = mask.size
        _launch.launch("random", "tt_bernoulli_mask", out_dtype, _launch.blocks(n),
                       (mask, n, rng.seed, numpy.uint64(rng.offset), float(p)))
        rng.offset += n
        return mask if out_dtype == native else mask.astype(native)
