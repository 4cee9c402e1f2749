"""CPU kernels split over tinytorch's threads (NOTE [CPU threads] in threads.py).

Each kernel here runs its array API version unchanged below a size where handing a part to
another thread (a few microseconds) would cost more than it saves. Above it, the result is
allocated once and each thread computes a fixed block of it: a GEMM's rows, columns or batch
entries, an elementwise kernel's run of elements, a copy's slab along its first axis that
holds enough entries. Every block is computed with the same arithmetic as the whole, so the
result does not depend on the thread count's timing (and, for elementwise kernels and
copies, not on the thread count at all).
"""

import functools
import math
import operator

import numpy as np

from tinytorch.backends import cpu_bfloat16
from tinytorch.backends import threads
from tinytorch.backends.base import Backend

# Sizes below which a kernel runs on one thread. Handing a part to a worker and waiting for
# it cost 50-80 us in a loop of kernels on the 2-core EPYC KVM guest (2026-12-05): a float32
# multiply of two arrays gained from the split from ~512K elements (1M: 0.41 ms against
# 0.88), tanh and exp, at 7 and 3.6 ns an element, from ~32K (64K: 0.28 against 0.44 ms).
_MIN_ARITHMETIC = 1 << 19  # elementwise arithmetic, comparisons, min and max
_MIN_TRANSCENDENTAL = 1 << 15  # exp and tanh
_MIN_ELEMENTS = 1 << 15  # copies and the blocked nn kernels (strided: more per element)
_MIN_GEMM = 1 << 22  # multiply-adds below which a GEMM runs on one thread
_MIN_SIDE = 8  # rows or columns of the result per thread, at least, in a split GEMM
_STEP_BLOCK = 1 << 17  # elements per block of a blocked optimizer update (NOTE [Blocked steps])


def _blocks(n, parts):
    """``parts`` contiguous slices covering range(n), as even as possible."""
    edges = [n * i // parts for i in range(parts + 1)]
    return [slice(lo, hi) for lo, hi in zip(edges, edges[1:]) if hi > lo]


def _parts(size, floor):
    """How many threads a kernel of ``size`` work units gets: one below ``floor`` or inside
    ``threads.one_thread()``."""
    return 1 if size < floor else min(threads.available(), size // (floor >> 1))


def _operand(x, shape, dtype):
    """A flat view of array operand x (None if it cannot be split with the others), or x
    itself when it is a Python number."""
    if type(x) in (int, float):
        return x
    if type(x) is np.ndarray and x.shape == shape and x.dtype == dtype and x.flags.c_contiguous:
        return x.reshape(-1)
    return None


def _split_flat(ufunc, operands, shape, dtype, floor):
    """``ufunc(*operands)`` into a new array of ``shape``, each thread computing one run of
    its elements (see ``_parts`` for ``floor``); an operand is a flat array of that many
    elements or a Python number."""
    out = np.empty(shape, dtype)
    flat, size = out.reshape(-1), out.size

    def part(s):
        ufunc(*(x[s] if type(x) is np.ndarray else x for x in operands), out=flat[s])
    threads.parallel([lambda s=s: part(s) for s in _blocks(size, _parts(size, floor))])
    return out


# NOTE [Min and max with a number]
# NumPy vectorises float maximum and minimum for two arrays only: against a number (a stride-0
# operand) its loop takes one element at a time. float32 on a Zen 1 core: 1.2 ns an element
# against 0.25 for two arrays (ReLU's max(x, 0) on 128x512: 73 us against 14 us; 2.6 against
# 1.7 ms on 2.2M elements, where memory bounds both). So these two kernels compare with an
# array of the number instead: a cached read-only run of _FILL elements, which stays in the
# cache, against x's whole runs of _FILL elements in one call (x viewed as rows of _FILL, the
# run broadcast down them: NumPy's loop over the rows, not Python's; 34 -> 17 us on 128x512),
# then against x's last partial run. Same ufunc, same operand values: the same values, NaN
# included (only a zero's sign may differ from NumPy's one-at-a-time loop where x is ±0 and
# the number 0; NumPy's vector loop gives x's, as PyTorch's relu(-0.0) = -0.0).
_FILL = 1 << 14


@functools.lru_cache(maxsize=16)
def _filled(value, dtype, sign):
    """_FILL elements of ``value`` (``sign`` keeps -0.0 and 0.0 apart in the cache)."""
    a = np.full(_FILL, value, dtype)
    a.flags.writeable = False
    return a


def _against_numbers(ufunc):
    """``ufunc`` (np.maximum or np.minimum), except that a contiguous float array against a
    Python number runs against _filled arrays of the number (NOTE [Min and max with a
    number])."""
    def run(a, b, out=None):
        x, value = (b, a) if type(a) in (int, float) else (a, b)
        if (type(value) not in (int, float) or type(x) is not np.ndarray
                or x.dtype.char not in "fd" or not x.flags.c_contiguous or x.size < 1024):
            return ufunc(a, b) if out is None else ufunc(a, b, out=out)
        flat = x.reshape(-1)
        result = np.empty_like(flat) if out is None else out
        fill = _filled(value, x.dtype, math.copysign(1, value))
        whole = flat.size - flat.size % _FILL
        if whole:
            rows = (whole // _FILL, _FILL)
            ufunc(fill, flat[:whole].reshape(rows), out=result[:whole].reshape(rows))
        if whole < flat.size:
            ufunc(fill[:flat.size - whole], flat[whole:], out=result[whole:])
        return result.reshape(x.shape) if out is None else out
    return run


def _elementwise(ufunc, serial=None, out_dtype=None):
    """A binary ufunc kernel split by runs of elements when its operands are contiguous float
    arrays of one shape and dtype, or one of them is a Python number; otherwise ``serial``
    (the array API kernel: for add/sub/mul/div Python's operator, which keeps two Python
    numbers a Python number where the ufunc would make a NumPy scalar, and a NumPy int64
    exponent would turn a float32 pow into float64)."""
    serial = serial or ufunc

    def kernel(a, b):
        arr = a if type(a) is np.ndarray else b
        if type(arr) is not np.ndarray or arr.size < _MIN_ARITHMETIC or arr.dtype.char not in "fd":
            return serial(a, b)
        fa, fb = _operand(a, arr.shape, arr.dtype), _operand(b, arr.shape, arr.dtype)
        if fa is None or fb is None:
            return serial(a, b)
        return _split_flat(ufunc, (fa, fb), arr.shape, out_dtype or arr.dtype,
                           _MIN_ARITHMETIC)
    return staticmethod(kernel)


def _unary(ufunc, floor):
    """A unary ufunc kernel split by runs of elements of a contiguous float array of ``floor``
    elements or more."""

    def kernel(self, a):
        if a.size < floor or a.dtype.char not in "fd" or not a.flags.c_contiguous:
            return ufunc(a)
        return _split_flat(ufunc, (a.reshape(-1),), a.shape, a.dtype, floor)
    return kernel


def _quiet_exp_(a):
    """e^a in place; an overflow to inf does not warn."""
    with np.errstate(over="ignore"):
        np.exp(a, out=a)


def _split_axis(shape, parts):
    """The first axis with at least ``parts`` entries (None if there is none)."""
    return next((i for i, n in enumerate(shape) if n >= parts), None)


# NOTE [Blocked steps]
# An optimizer update is a chain of elementwise NumPy calls (Adadelta's is eleven), each
# reading and writing whole arrays, and each result a new temporary: on a large parameter
# every call streams megabytes through memory. Run on blocks of _STEP_BLOCK elements instead,
# the same chain keeps its operands and temporaries in the L2 cache, and the blocks are shared
# among the threads (each a contiguous run of them). Adadelta on PyTorch's MNIST example's
# 9216x128 weight, float32, on a 2-core EPYC: 13.4 ms whole, 6.9 ms in blocks on one thread,
# 4.3 ms on two; blocks of 16K elements lose on two threads (each block's dozen Python calls
# hold the GIL), blocks of 64K held the gain. Each thread gets as many blocks as the others
# (7 blocks of a 401K parameter had one thread run 4 while the other ran 3), and blocks of
# 128K beat 64K on the Zen 4 guest, 2026-12-07, in paired rounds of whole steps: the MLP's
# (SGD, 401K) 0.977, PyTorch's MNIST example (Adadelta, 1.18M) 0.991, the Transformer step
# (Adam, 131K) 1.000. The arithmetic per element is the kernel's own, so the result is the
# same bits as the whole-array call.
def _blocked_step(name, min_size):
    """The optimizer kernel ``name`` run block by block over threads when its parameter has
    ``min_size`` elements or more and every array it updates or reads is contiguous (see
    NOTE [Blocked steps])."""
    wholes = {}  # the backend class -> its whole-array kernel, the next one in its MRO

    def kernel(self, param, grad, *args, **hyper):
        # looked up once per class: super() and its bound method cost more than a small
        # parameter's update (the dense step's four: 1.4 us a parameter of ~4)
        whole = wholes.get(type(self)) or wholes.setdefault(
            type(self), getattr(super(CPUParallelKernels, self), name).__func__)
        if param.size < min_size or param.dtype.char not in "fd" or not all(
                a.flags.c_contiguous and a.size == param.size
                for a in (param, grad) + args if type(a) is np.ndarray):
            return whole(self, param, grad, *args, **hyper)
        flat = [a.reshape(-1) if type(a) is np.ndarray else a for a in (param, grad) + args]
        parts = threads.available()
        blocks = _blocks(param.size, -(-param.size // (_STEP_BLOCK * parts)) * parts)

        def run(runs):  # the state arguments are arrays or None, the hyperparameters numbers
            for s in blocks[runs]:
                whole(self, *(a[s] if type(a) is np.ndarray else a for a in flat), **hyper)
        threads.parallel([lambda r=r: run(r) for r in _blocks(len(blocks), parts)])
    functools.update_wrapper(kernel, getattr(Backend, name))  # the contract's signature
    kernel.__qualname__ = f"CPUParallelKernels.{name}"
    return kernel


# The parameter size from which each update runs in blocks. Plain SGD is two passes (p -= lr *
# g): alone in a loop, with the parameter in the last-level cache, 401K elements ran faster
# whole (0.19 ms against 0.27 in blocks), but inside a training step the parameter and its
# fresh gradient come from memory: the MLP's 784x512 weight's update took 0.41-0.47 ms whole
# and 0.38-0.42 in blocks (1.54 against 0.87 ms at 1.18M). Adam gains from 128K (0.48 -> 0.38
# ms; 2.8 -> 1.5 at 401K).
_OPTIMIZER_STEPS = {"sgd_step_": 1 << 18, "adam_step_": 1 << 17, "adamax_step_": 1 << 17,
                    "nadam_step_": 1 << 17, "rmsprop_step_": 1 << 17, "adagrad_step_": 1 << 17,
                    "adadelta_step_": 1 << 17}


class CPUParallelKernels:
    """Mixin of the CPU backend: the kernels of NOTE [CPU threads]."""

    add = _elementwise(np.add, operator.add)
    sub = _elementwise(np.subtract, operator.sub)
    mul = _elementwise(np.multiply, operator.mul)
    div = _elementwise(np.true_divide, operator.truediv)
    gt = _elementwise(np.greater, out_dtype=np.bool_)

    maximum = _elementwise(_against_numbers(np.maximum))
    minimum = _elementwise(_against_numbers(np.minimum))
    exp = _unary(np.exp, _MIN_TRANSCENDENTAL)
    tanh = _unary(np.tanh, _MIN_TRANSCENDENTAL)

    def matmul(self, a, b):
        """``a @ b`` split by batch entries, else by the longer side of the result (columns:
        each thread packs only its block of b, so two blocks run about as fast as the whole
        GEMM on two BLAS threads; rows repack all of b per thread); each part a one-thread
        GEMM into its block of the result (see NOTE [CPU threads])."""
        if a.dtype.char in cpu_bfloat16.LOW:  # see NOTE [bfloat16 on the CPU]
            return cpu_bfloat16.matmul(self, a, b)
        if a.ndim == 2 and b.ndim == 2:  # the common case, without broadcast_shapes' ~4 us
            (m, k), n, batch = a.shape, b.shape[1], ()
        elif a.ndim < 2 or b.ndim < 2:
            return np.matmul(a, b)
        else:
            (m, k), n = a.shape[-2:], b.shape[-1]
            batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        parts = _parts(math.prod(batch) * m * n * k, _MIN_GEMM)
        if parts == 1 or a.dtype != b.dtype or a.dtype.char not in "fd":
            return np.matmul(a, b)
        out = np.empty(batch + (m, n), a.dtype)
        if batch and batch[0] >= parts:  # batch entries (a and b broadcast along the rest)
            def pick(x, s):
                return x[s] if x.ndim == out.ndim and x.shape[0] > 1 else x
            tasks = [lambda s=s: np.matmul(pick(a, s), pick(b, s), out=out[s])
                     for s in _blocks(batch[0], parts)]
        elif n >= m and n >= _MIN_SIDE * parts:  # each thread packs its own part of b
            tasks = [lambda s=s: np.matmul(a, b[..., s], out=out[..., s])
                     for s in _blocks(n, parts)]
        elif m >= _MIN_SIDE * parts:
            tasks = [lambda s=s: np.matmul(a[..., s, :], b, out=out[..., s, :])
                     for s in _blocks(m, parts)]
        else:
            return np.matmul(a, b, out=out)
        threads.parallel(tasks)
        return out

    # NOTE [Masks as products of bits]
    # where(mask, g, 0) keeps g where the mask holds and zeroes the rest: the backward of ReLU,
    # hardtanh and every where. NumPy's where against a number runs element by element (6.8
    # ms on the book CNN's 1.8M float32 against 1.0 for g times the mask), but g times the mask
    # is NaN where g is inf or NaN and the mask 0, where PyTorch's gradient is 0. So a
    # contiguous float array against 0 is multiplied as unsigned integers, its bits by the
    # mask's 0 or 1: exactly where's result (g's bits, or +0.0), as fast as the product, and
    # split over the threads as the product is.
    def where(self, cond, a, b):
        """``np.where(cond, a, b)``; see NOTE [Masks as products of bits] for a contiguous
        float array ``a`` against the number 0."""
        if (type(b) in (int, float) and b == 0 and math.copysign(1, b) > 0
                and type(a) is np.ndarray and a.dtype.char in "fd" and a.flags.c_contiguous
                and type(cond) is np.ndarray and cond.dtype == np.bool_
                and cond.shape == a.shape and cond.flags.c_contiguous):
            bits = a.view(np.uint32 if a.dtype.char == "f" else np.uint64).reshape(-1)
            return _split_flat(np.multiply, (bits, cond.reshape(-1)), a.shape, bits.dtype,
                               _MIN_ARITHMETIC).view(a.dtype)
        return super().where(cond, a, b)

    def one_thread(self):
        """See NOTE [Loops of small kernels] in threads.py."""
        return threads.one_thread()

    def beside(self, task):
        """See NOTE [Weight gradients beside the loop] in composite.py."""
        return threads.beside(task)

    def _exp_(self, a):
        """e^a in place (σ's, the recurrent cells'), split over the threads like ``exp``: a
        contiguous array in flat blocks, a strided matrix by rows; an overflow gives inf
        without NumPy's warning (each part sets its own errstate: NumPy's is per thread)."""
        parts = _parts(a.size, _MIN_TRANSCENDENTAL)
        if parts > 1 and a.flags.c_contiguous:
            a = a.reshape(-1)
        elif parts == 1 or a.ndim != 2 or a.shape[0] < parts:
            return _quiet_exp_(a)
        threads.parallel([lambda s=s: _quiet_exp_(a[s]) for s in _blocks(a.shape[0], parts)])

    def ascontiguous(self, a):
        """``a`` itself when C-contiguous, else a contiguous copy split into slabs along the
        first axis with enough entries."""
        if a.flags.c_contiguous:
            return a
        parts = _parts(a.size, _MIN_ELEMENTS)
        axis = _split_axis(a.shape, parts)
        if parts == 1 or axis is None:
            return np.ascontiguousarray(a)
        out = np.empty(a.shape, a.dtype)
        lead = (slice(None),) * axis
        threads.parallel([lambda s=s: np.copyto(out[lead + (s,)], a[lead + (s,)])
                          for s in _blocks(a.shape[axis], parts)])
        return out

    def run_blocks(self, fn, n, size):
        """``fn(s)`` for contiguous blocks ``s`` of range(n), one per thread when the kernel
        moves ``size`` elements in all."""
        parts = max(1, min(_parts(size, _MIN_ELEMENTS), n))  # n may be 0: no block at all
        threads.parallel([lambda s=s: fn(s) for s in _blocks(n, parts)])


for _name, _min_size in _OPTIMIZER_STEPS.items():
    setattr(CPUParallelKernels, _name, _blocked_step(_name, _min_size))
