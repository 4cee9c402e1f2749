"""A NumPy stand-in for CuPy that runs our raw kernels through the emulator library
(``TT_CUDA_EMU_LIB``, built by ../build.py). Only what tinytorch uses; see ../run.sh.

Arrays are an ``ndarray`` subclass with CuPy's extras (``get()``, ``device``, ``data``);
every NumPy function reached through this module returns that subclass, and reductions
return 0-d arrays as CuPy does. Each new array's memory is allocated through the current
allocator (``cuda.set_allocator``; by default the pool ``get_default_memory_pool``) and given
back when the NumPy array owning it is freed, so the pool counts bytes as CuPy's does.
``RawModule`` kernels run in the emulator; they assert that every array argument is
C-contiguous, as a raw CUDA kernel silently assumes.
"""

import ctypes
import functools
import importlib
import os
import weakref

import numpy as _np

__version__ = "0.0-emulator"
_CTYPES = {_np.float32: ctypes.c_float, _np.float64: ctypes.c_double,
           _np.int64: ctypes.c_longlong, _np.uint64: ctypes.c_ulonglong, _np.int32: ctypes.c_int}


@functools.lru_cache(maxsize=None)
def _library():
    lib = ctypes.CDLL(os.environ["TT_CUDA_EMU_LIB"])  # loaded on the first launch
    lib.tt_emu_launch.argtypes = [ctypes.c_char_p, ctypes.c_uint,
                                  ctypes.POINTER(ctypes.c_void_p)]
    return lib


class _Allocation:
    def __init__(self, a):
        while isinstance(a.base, _np.ndarray):
            a = a.base
        self.ptr = a.__array_interface__["data"][0]
        self.size = a.nbytes


class _Pointer:
    def __init__(self, a):
        self.mem = _Allocation(a)
        self.ptr = a.__array_interface__["data"][0]


class _Device:
    id = 0


_blocks = {}  # id of a NumPy array owning device memory -> (weak reference to it, its block)


def _allocate(owner):
    """Take the bytes of ``owner`` (owning its memory) from the current allocator once."""
    key = id(owner)
    if key not in _blocks:
        block = cuda._allocator[0](owner.nbytes)
        _blocks[key] = (weakref.ref(owner, functools.partial(_free, key)), block)


def _free(key, ref):
    _blocks.pop(key)[1].free()


class ndarray(_np.ndarray):
    _owns = False  # a stand-in over a NumPy array that owns its memory (see base)

    def __array_finalize__(self, obj):  # new memory made by a method (copy, astype), not views
        if self.flags.owndata:
            _allocate(self)

    def __array_wrap__(self, arr, context=None, return_scalar=False):
        return _as_standin(_np.asarray(arr))

    @property
    def base(self):  # None where CuPy's would be: the stand-in is a view of the real array
        return None if self._owns else _np.ndarray.base.__get__(self)

    def __getitem__(self, index):  # CuPy gives 0-d views where NumPy gives scalars
        index = _unwrap(index)
        out = super().__getitem__(index)
        if isinstance(out, _np.generic):
            out = super().__getitem__((index if type(index) is tuple else (index,)) + (...,))
        return _wrap(out)

    def get(self):
        return _np.array(self, copy=True).view(_np.ndarray)

    @property
    def device(self):
        return _Device()

    @property
    def data(self):
        return _Pointer(self)


def _as_standin(x):
    if x.flags.owndata:
        _allocate(x)
    out = x.view(ndarray)
    out._owns = x.base is None
    return out


def _wrap(x):
    if isinstance(x, _np.generic):
        return _as_standin(_np.asarray(x))
    if isinstance(x, _np.ndarray) and not isinstance(x, ndarray):
        return _as_standin(x)
    if hasattr(x, "_fields"):  # NumPy's linalg results are named tuples
        return type(x)(*(_wrap(v) for v in x))
    if isinstance(x, (tuple, list)):
        return type(x)(_wrap(v) for v in x)
    return x


def _unwrap(x):
    if isinstance(x, ndarray):
        return x.view(_np.ndarray)
    if isinstance(x, (tuple, list)):
        return type(x)(_unwrap(v) for v in x)
    return x


class _StrideTricks:
    @staticmethod
    def as_strided(x, shape=None, strides=None):  # CuPy's signature; keeps the subclass
        return _np.lib.stride_tricks.as_strided(x, shape, strides, subok=True)


class lib:  # noqa: N801  (cupy.lib)
    stride_tricks = _StrideTricks


def _wrapped(f):
    """NumPy's ``f`` taking and returning stand-ins."""
    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        return _wrap(f(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()}))
    return wrapped


def __getattr__(name):
    f = getattr(_np, name)
    if not callable(f) or isinstance(f, type):
        return f
    return _wrapped(f)


class _Linalg:
    """cupy.linalg: NumPy's, returning stand-ins (LinAlgError is NumPy's, as CuPy's is)."""

    LinAlgError = _np.linalg.LinAlgError

    def __getattr__(self, name):
        return _wrapped(getattr(_np.linalg, name))


linalg = _Linalg()


def asarray(a, dtype=None, order=None):
    """CuPy's asarray returns a CuPy array of the same dtype as it is (no new object)."""
    if isinstance(a, ndarray) and (dtype is None or _np.dtype(dtype) == a.dtype):
        return a
    return _wrap(_np.asarray(_unwrap(a), dtype=dtype, order=order))


class _Add:
    def __call__(self, *args, **kwargs):
        return _wrap(_np.add(*_unwrap(args), **kwargs))

    def at(self, a, index, values):
        _np.add.at(a, _unwrap(index), _unwrap(values))


add = _Add()
dtype = _np.dtype
float32, float64, int64, int32, bool_ = _np.float32, _np.float64, _np.int64, _np.int32, _np.bool_


def _argument(v):
    if isinstance(v, _np.ndarray):
        return ctypes.c_void_p(v.__array_interface__["data"][0])  # .ctypes makes cycles
    return _CTYPES[type(v)](v)


class _Function:
    def __init__(self, expression):
        self.expression = expression

    def __call__(self, grid, block, args):
        assert block == (256,), block
        for a in args:
            assert not isinstance(a, _np.ndarray) or a.flags.c_contiguous, self.expression
        values = [_argument(a) for a in args]  # kept alive for the call
        # Addresses as plain ints: ctypes.cast would leave a reference cycle per argument,
        # which the training-memory test (run with gc disabled) counts as a leak.
        pointers = (ctypes.c_void_p * len(values))(*[ctypes.addressof(v) for v in values])
        assert _library().tt_emu_launch(self.expression.encode(), grid[0], pointers) == 0


class RawModule:
    def __init__(self, code, options, name_expressions):
        self.names = set(name_expressions)

    def get_function(self, expression):
        assert expression in self.names, expression
        return _Function(expression)


def get_default_memory_pool():
    return cuda._default_pool


def get_default_pinned_memory_pool():
    return cuda._pinned_pool


cuda = importlib.import_module("cupy.cuda")
random = importlib.import_module("cupy.random")
