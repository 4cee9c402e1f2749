"""The CUDA backend: CuPy arrays, the array-API kernels over ``xp = cupy``, and our raw
kernels (``kernels/*.cu``) overriding the ones where fusing pays."""

import cupy

from tinytorch import _dtype
from tinytorch._device import device
from tinytorch.backends._array_api import ArrayAPIBackend
from tinytorch.backends.cuda import runtime
from tinytorch.backends.cuda.activation import CudaActivationKernels
from tinytorch.backends.cuda.indexing import CudaIndexingKernels
from tinytorch.backends.cuda.nn_attention import CudaAttentionKernels
from tinytorch.backends.cuda.nn_conv import CudaConvKernels
from tinytorch.backends.cuda.nn_norm import CudaNormKernels
from tinytorch.backends.cuda.nn_pool import CudaPoolKernels
from tinytorch.backends.cuda.nn_rnn import CudaRNNKernels
from tinytorch.backends.cuda.optim import CudaOptimKernels
from tinytorch.backends.cuda.random import CudaRandomKernels
from tinytorch.backends.cuda.softmax import CudaSoftmaxKernels

_NO_BFLOAT16 = ("bfloat16 tensors are not supported on cuda: CuPy has no bfloat16 type. Keep "
                "bfloat16 tensors on the CPU, or use float16 on cuda (autocast('cuda') defaults "
                "to it)")

# NOTE [Current device]
# CuPy allocates and launches on its *current* device. The backend for cuda:i switches to
# device i around allocation, random draws and our raw kernels (the launch helper uses the
# device of its array arguments). CuPy's own elementwise and reduction kernels run on the
# current device, as in CuPy itself: work on cuda:i with i > 0 inside
# ``tinytorch.cuda.device(i)`` or after ``tinytorch.cuda.set_device(i)``.


class CUDABackend(CudaActivationKernels, CudaSoftmaxKernels, CudaConvKernels, CudaPoolKernels,
                  CudaNormKernels, CudaRNNKernels, CudaOptimKernels, CudaIndexingKernels,
                  CudaRandomKernels, CudaAttentionKernels, ArrayAPIBackend):
    """CuPy implementation of the backend contract for one CUDA device."""

    xp = cupy
    _natives = {}  # not the CPU backend's cache, which maps bfloat16

    def __init__(self, index):
        self.index = index
        self.device = device("cuda", index)
        self._cupy_device = cupy.cuda.Device(index)
        runtime.install_allocator()

    # --- allocation and transfer on this backend's device (see NOTE [Current device]) ------
    def asarray(self, data, dtype=None):
        with self._cupy_device:
            return super().asarray(data, dtype)

    def empty(self, shape, dtype):
        with self._cupy_device:
            return super().empty(shape, dtype)

    def zeros(self, shape, dtype):
        with self._cupy_device:
            return super().zeros(shape, dtype)

    def ones(self, shape, dtype):
        with self._cupy_device:
            return super().ones(shape, dtype)

    def ones_like(self, a):
        with self._cupy_device:
            return super().ones_like(a)

    def full(self, shape, value, dtype):
        with self._cupy_device:
            return super().full(shape, value, dtype)

    def arange(self, start, end, step, dtype):
        with self._cupy_device:
            return super().arange(start, end, step, dtype)

    def linspace(self, start, end, steps, dtype):
        with self._cupy_device:
            return super().linspace(start, end, steps, dtype)

    def logspace(self, start, end, steps, base, dtype):
        with self._cupy_device:
            return super().logspace(start, end, steps, base, dtype)

    def eye(self, n, m, dtype):
        with self._cupy_device:
            return super().eye(n, m, dtype)

    def _new_native(self, dtype):
        if dtype is _dtype.bfloat16:
            raise TypeError(_NO_BFLOAT16)
        return super()._new_native(dtype)

    def from_host(self, array):
        if array.dtype.kind == "V":  # bfloat16: see NOTE [bfloat16 arrays] in cpu_bfloat16.py
            raise TypeError(_NO_BFLOAT16)
        with self._cupy_device:
            return cupy.asarray(array)

    @staticmethod
    def _address(a):  # see ArrayCoreKernels.mem_overlap
        return a.data.ptr

    def to_host(self, a):
        return a.get()

    def from_dlpack(self, capsule_owner):
        with self._cupy_device:
            return cupy.from_dlpack(capsule_owner)
