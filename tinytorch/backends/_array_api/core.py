"""Creation, conversion and elementwise kernels written once over ``xp``."""

import math
import operator

from tinytorch.backends import _format


# NOTE [linspace's rounding]
# PyTorch computes linspace's i-th value as start + step * i for the first half and
# end - step * (steps - 1 - i) for the rest, with step = (end - start) / (steps - 1) in the
# dtype (in double for integers, each value then truncated). Its CPU kernels are compiled with
# FMA contraction, so each value is rounded once: float32 values are computed here in double
# (the product of a float32 step and an index below 2^29 is exact there), float64 ones in
# NumPy's long double (x86's 64-bit significand); CuPy has none, so CUDA's float64 and integer
# values may differ in the last bit. float16 and bfloat16 round after every operation, as
# c10's Half and BFloat16 do (the index itself converted to the dtype first). NumPy's own
# linspace (start + i * step in double, no halves) differed from PyTorch's in a third of
# float64 values and a fifth of float32 ones.
#
# NOTE [arange's rounding]
# PyTorch's CPU arange computes a floating-point value as start + step * i in double (float
# for float16 and bfloat16) and rounds it to the dtype, but in 256-bit vectors (8 float32, 4
# float64 or 16 16-bit lanes, on AVX2 and AVX-512 CPUs alike), two at a time: each vector's
# first value is rounded to the dtype, and its lanes are that base + step * lane, again in
# double; the last elements, which fill no pair of vectors, one at a time. Each expression is
# one FMA (as in NOTE [linspace's rounding]). NumPy's arange (float32 arithmetic from the
# second value on) differed from PyTorch's in one of arange(0, 1, 0.1)'s ten values and in
# most of a long range's. Above 32768 elements PyTorch's threads split the range, each part's
# vectors starting at its own first element: values may then differ in the last bit, as they
# do on CUDA (which computes in float).
def _fma_type(xp, native):
    """The type whose arithmetic rounds ``native``'s ``a + b * i`` once."""
    if native == xp.float32:
        return xp.float64
    return getattr(xp, "longdouble", xp.float64)


def _c_pow(base, x):
    """C's pow(base, x) for Python floats (math.pow raises where C returns inf or NaN)."""
    try:
        return math.pow(base, x)
    except OverflowError:
        return math.inf if base > 0 or x % 2 != 1 else -math.inf
    except ValueError:
        return math.nan


class ArrayCoreKernels:
    """Mixin: the subclass sets ``xp`` (numpy or cupy)."""

    xp = None
    _natives = {}  # tinytorch dtype -> xp dtype (NumPy and CuPy share dtype objects)

    # --- dtypes, creation and conversion -----------------------------------------------------
    def native_dtype(self, dtype):
        native = self._natives.get(dtype)
        if native is None:
            native = self._natives[dtype] = self._new_native(dtype)
        return native

    def _new_native(self, dtype):
        return self.xp.dtype(dtype.name)

    def asarray(self, data, dtype=None):
        native = None if dtype is None else self.native_dtype(dtype)
        return self.xp.array(data, dtype=native, copy=True)

    def astype(self, a, dtype):
        return a.astype(self.native_dtype(dtype))

    def view_dtype(self, a, dtype):
        return a.view(self.native_dtype(dtype))

    def copy(self, a):
        return self.xp.array(a, copy=True, order="C")

    def clone(self, a):  # PyTorch's preserve_format: a transposed clone stays transposed
        return a.copy(order="K" if _dense(a.shape, a.strides, a.itemsize) else "C")

    def to_array(self, a):
        return self.xp.asarray(a)

    def empty(self, shape, dtype):
        return self.xp.empty(shape, dtype=self.native_dtype(dtype))

    def zeros(self, shape, dtype):
        return self.xp.zeros(shape, dtype=self.native_dtype(dtype))

    def ones(self, shape, dtype):
        out = self.xp.empty(shape, dtype=self.native_dtype(dtype))
        out.fill(1)
        return out

    def ones_like(self, a):
        out = self.xp.empty(a.shape, a.dtype)  # not empty_like: a Python-level function
        out.fill(1)
        return out

    def full(self, shape, value, dtype):
        return self.xp.full(shape, value, dtype=self.native_dtype(dtype))

    def logspace(self, start, end, steps, base, dtype):
        """PyTorch's CPU values, bit for bit: C's ``pow(base, x)`` in double (truncated for
        integers) of x as in its linspace from start and end in the dtype, their difference
        taken in the dtype, the rest in double without FMA (its logspace is a plain loop; NumPy's
        vectorized power differed from C's in the last bit of 5 % of float64 values)."""
        xp, native = self.xp, self.native_dtype(dtype)
        if steps <= 1:
            return xp.full(steps, _c_pow(float(base), float(start))).astype(native)
        if native.kind in "iu":
            start, end = int(start), int(end)
        else:
            start, end = native.type(start), native.type(end)
        index = xp.arange(steps)
        step = float(end - start) / (steps - 1)
        exponents = xp.where(index < steps // 2, float(start) + step * index,
                             float(end) - step * (steps - 1 - index))
        powers = [_c_pow(float(base), x) for x in exponents.tolist()]  # C's pow, not SIMD's
        powers = xp.asarray(powers, dtype=xp.float64)
        if native.kind not in "iu" and native.itemsize < 4:  # c10's Half(float(double))
            powers = powers.astype(xp.float32)
        return powers.astype(native)

    def _integer_arange(self, start, end, step, native):
        """PyTorch's integer arange: start, end and step truncated toward zero (C++'s
        conversion), the values start + i step computed in int64 and wrapped to the dtype; the
        count from the truncated values for int64 (where a step truncated to 0 is PyTorch's
        ValueError), from the numbers as given for the narrower integers."""
        xstart, xend, xstep = int(start), int(end), int(step)
        if native.itemsize == 8:
            if xstep == 0:
                raise ValueError("step must be nonzero")
            span = xend - xstart + xstep - (1 if xstep > 0 else -1)
            n = abs(span) // abs(xstep) * (1 if (span >= 0) == (xstep > 0) else -1)
        else:
            n = math.ceil((float(end) - float(start)) / float(step))
        xp = self.xp
        return (xp.arange(max(n, 0), dtype=xp.int64) * xstep + xstart).astype(native)

    def arange(self, start, end, step, dtype):
        """PyTorch's CPU values, bit for bit up to 32768 elements (see NOTE [arange's
        rounding])."""
        xp, native = self.xp, self.native_dtype(dtype)
        if native.kind not in "fV":
            return self._integer_arange(start, end, step, native)
        n = max(0, math.ceil((float(end) - float(start)) / float(step)))
        acc = xp.float64 if native.itemsize >= 4 else xp.float32  # PyTorch's acc_type
        wide, index = _fma_type(xp, acc), xp.arange(n)
        start, step = wide(acc(start)), wide(acc(step))
        width = 32 // native.itemsize  # a 256-bit vector's lanes
        vectors = n // (2 * width) * (2 * width)
        lane = index[:vectors] % width
        base = (start + step * (index[:vectors] - lane)).astype(acc).astype(native)
        values = xp.concatenate([base.astype(wide) + step * lane, start + step * index[vectors:]])
        return values.astype(acc).astype(native)

    def linspace(self, start, end, steps, dtype):
        """PyTorch's values, bit for bit (see NOTE [linspace's rounding])."""
        xp, native = self.xp, self.native_dtype(dtype)
        if steps <= 1 or native.kind not in "fiuV":
            return xp.full(steps, start, dtype=native)
        index = xp.arange(steps)
        first = index < steps // 2
        if native.kind in "iu":  # the step in double, each value truncated
            start, end, wide = int(start), int(end), _fma_type(xp, xp.float64)
            step = (float(end) - float(start)) / (steps - 1)
        elif native.itemsize >= 4:  # float32 or float64: one rounding per value (an FMA)
            start, end = native.type(start), native.type(end)
            step = (end - start) / native.type(steps - 1)
            wide = _fma_type(xp, native)
        else:  # float16, bfloat16: every operation rounded to the dtype
            start, end = native.type(start), native.type(end)
            step = (end - start) / native.type(steps - 1)
            head = start + step * index.astype(native)
            tail = end - step * (steps - 1 - index).astype(native)
            return xp.where(first, head, tail)
        start, end, step = wide(start), wide(end), wide(step)
        values = xp.where(first, start + step * index, end - step * (steps - 1 - index))
        if native.kind in "iu":  # the FMA's double, then truncated
            values = values.astype(xp.float64)
        return values.astype(native)

    def eye(self, n, m, dtype):
        return self.xp.eye(n, m, dtype=self.native_dtype(dtype))

    def is_contiguous(self, a):
        return a.flags.c_contiguous

    def ascontiguous(self, a):
        return a if a.flags.c_contiguous else self.xp.ascontiguousarray(a)

    def resize(self, a, shape):
        n, flat = math.prod(shape), self.ascontiguous(a).reshape(-1)
        if n <= flat.size:
            return flat[:n].reshape(shape)
        out = self.xp.zeros(n, dtype=a.dtype)
        out[:flat.size] = flat
        return out.reshape(shape)

    def run_blocks(self, fn, n, size):
        """``fn(s)`` for blocks ``s`` of range(n) that cover it (``size``: the elements the
        kernel moves in all). One block here; the CPU backend runs a block per thread."""
        fn(slice(0, n))

    def format_tensor(self, a, suffix):
        return _format.format_tensor(self.to_host(a), suffix)

    def is_owner(self, a):
        return a.base is None

    def preserve_format(self, a, v, reuse):
        if v.flags.c_contiguous or not _dense(v.shape, v.strides, v.itemsize):
            return a if reuse and a.flags.c_contiguous else self.copy(a)
        if reuse and all(  # PyTorch's obeys_layout_contract, in elements
                s * v.itemsize == vs * a.itemsize if n != 1 else s != 0
                for n, s, vs in zip(a.shape, a.strides, v.strides)):
            return a
        out = self.xp.empty_like(v, dtype=a.dtype)  # order 'K': v's layout
        out[...] = a
        return out

    def pointwise_layout(self, out, *inputs):
        a = next((a for a in inputs if getattr(a, "shape", None) == out.shape), None)
        if a is None or a.flags.c_contiguous or out.ndim < 2:
            return out
        like = self.xp.empty_like(a, dtype=out.dtype)  # order 'K': a's stride order
        if like.strides == out.strides:
            return out
        like[...] = out
        return like

    # PyTorch's memory-overlap statuses (at::has_internal_overlap, get_overlap_status), from
    # the arrays' layouts; see NOTE [Overlapping writes] in tinytorch/_ops/inplace.py.
    def internal_overlap(self, a):
        strides = a.strides  # an empty array has no element to repeat (NumPy's strides are 0)
        return (0 in strides and any(s == 0 and n > 1 for n, s in zip(a.shape, strides))
                and a.size > 0)

    def mem_overlap(self, a, b, shape=None):
        if not a.size or not b.size:
            return "no"
        la = (a.shape, a.strides)
        lb = (b.shape, b.strides) if shape is None else expanded_layout(b, tuple(shape))
        if not (_dense(*la, a.itemsize) and _dense(*lb, b.itemsize)):
            return "too_hard"
        (a0, a1), (b0, b1) = self._span(a, *la), self._span(b, *lb)
        if (a0, a1) == (b0, b1):
            return "full" if la[1] == lb[1] else "partial"
        return "partial" if a0 < b1 and b0 < a1 else "no"

    def _span(self, a, shape, strides):
        """[first, last) byte addresses of a's elements (NumPy strides may be negative)."""
        start = self._address(a) + sum((n - 1) * s for n, s in zip(shape, strides) if s < 0)
        return start, start + math.prod(shape) * a.itemsize

    @staticmethod
    def _address(a):
        return a.__array_interface__["data"][0]

    # --- elementwise, binary -----------------------------------------------------------------
    # The array's own operators, called as C functions: a Python method around `a * b` costs
    # more than the multiplication itself on small arrays.
    add = staticmethod(operator.add)
    sub = staticmethod(operator.sub)
    mul = staticmethod(operator.mul)
    div = staticmethod(operator.truediv)

    def _integer_division(self, a, b):
        """Whether a / b divides integers; PyTorch's error for a zero divisor there (NumPy
        gives 0 and warns)."""
        if self.xp.result_type(a, b).kind not in "iub":
            return False
        if bool(self.xp.any(self.xp.asarray(b) == 0)):
            raise RuntimeError("ZeroDivisionError")
        return True

    def floordiv(self, a, b):
        self._integer_division(a, b)
        return self.xp.floor_divide(a, b)

    def truncdiv(self, a, b):
        if not self._integer_division(a, b):
            return self.xp.trunc(self.xp.true_divide(a, b))
        q = self.xp.floor_divide(a, b)  # one less than the truncation where signs differ
        return q + ((self.xp.remainder(a, b) != 0) & ((self.xp.asarray(a) < 0)
                                                       != (self.xp.asarray(b) < 0)))

    def remainder(self, a, b):
        self._integer_division(a, b)
        r = self.xp.remainder(a, b)
        if getattr(r, "dtype", None) is None or r.dtype.kind != "f":
            return r
        # A zero result keeps the dividend's sign, as PyTorch's fmod-based remainder
        # (0.0 % -2.0 is 0.0 there; NumPy, like Python, gives the divisor's sign: -0.0).
        return self.xp.where(r == 0, self.xp.copysign(r, a), r)

    def fmod(self, a, b):
        self._integer_division(a, b)
        return self.xp.fmod(a, b)

    def pow(self, a, b):
        xp, b_kind = self.xp, getattr(getattr(b, "dtype", None), "kind", "f")
        if (b_kind == "i" and getattr(getattr(a, "dtype", None), "kind", "f") in "iu"
                and (b < 0).any()):
            # PyTorch's integer pow (NumPy raises): x ** -n is 1 for x = 1, ±1 for x = -1, else 0
            r = xp.power(a, xp.where(b < 0, 0, b))
            ones = xp.where(a == -1, xp.where(b % 2 == 1, -1, 1), xp.where(a == 1, 1, 0))
            return xp.where(b < 0, ones, r).astype(r.dtype, copy=False)
        return xp.power(a, b)

    def maximum(self, a, b):
        return self.xp.maximum(a, b)

    def minimum(self, a, b):
        return self.xp.minimum(a, b)

    def eq(self, a, b):
        return self.xp.equal(a, b)

    def ne(self, a, b):
        return self.xp.not_equal(a, b)

    def lt(self, a, b):
        return self.xp.less(a, b)

    def le(self, a, b):
        return self.xp.less_equal(a, b)

    def gt(self, a, b):
        return self.xp.greater(a, b)

    def ge(self, a, b):
        return self.xp.greater_equal(a, b)

    def logical_and(self, a, b):
        return self.xp.logical_and(a, b)

    def logical_or(self, a, b):
        return self.xp.logical_or(a, b)

    def logical_xor(self, a, b):
        return self.xp.logical_xor(a, b)

    def bitwise_and(self, a, b):
        return self.xp.bitwise_and(a, b)

    def gcd(self, a, b):
        return self.xp.gcd(a, b)

    def lcm(self, a, b):
        return self.xp.lcm(a, b)

    def frexp(self, a):
        # bfloat16 (a structured dtype to NumPy) through float32: its mantissa stays exact
        mantissa, exponent = self.xp.frexp(a.astype(self.xp.float32) if a.dtype.kind == "V"
                                           else a)
        return mantissa.astype(a.dtype), exponent.astype(self.xp.int32)

    def bitwise_or(self, a, b):
        return self.xp.bitwise_or(a, b)

    def bitwise_xor(self, a, b):
        return self.xp.bitwise_xor(a, b)

    def left_shift(self, a, b):
        return self.xp.left_shift(a, b)

    def right_shift(self, a, b):
        return self.xp.right_shift(a, b)

    def where(self, cond, a, b):
        return self.xp.where(cond, a, b)

    def lerp(self, a, b, w):
        # PyTorch's two forms: exact at both ends (a + 1 * (b - a) may miss b by an ulp), and
        # an infinite end gives what PyTorch's gives
        d = b - a
        if getattr(w, "shape", ()) == ():
            return a + w * d if abs(w) < 0.5 else b - d * (1 - w)
        return self.xp.where(abs(w) < 0.5, a + w * d, b - d * (1 - w))

    add_ = staticmethod(operator.iadd)  # out += b: in place, returns out

    def copy_(self, out, src):
        out[...] = src
        return out

    # --- elementwise, unary ------------------------------------------------------------------
    neg = staticmethod(operator.neg)

    def abs(self, a):
        return self.xp.abs(a)

    def sign(self, a):
        if a.dtype.kind in "fV":  # NaN's sign is 0 in PyTorch (NumPy's is NaN); V: bfloat16
            return self.xp.where(self.xp.isnan(a), a.dtype.type(0), self.xp.sign(a))
        if a.dtype.kind == "b":  # PyTorch: a bool's sign is itself (NumPy has no bool loop)
            return a.copy()
        return self.xp.sign(a)

    def exp(self, a):
        return self.xp.exp(a)

    def log(self, a):
        return self.xp.log(a)

    def log1p(self, a):
        return self.xp.log1p(a)

    def expm1(self, a):
        return self.xp.expm1(a)

    def sqrt(self, a):
        return self.xp.sqrt(a)

    def rsqrt(self, a):
        return 1 / self.xp.sqrt(a)

    def square(self, a):
        return self.xp.square(a)

    def reciprocal(self, a):
        return self.xp.reciprocal(a) if a.dtype.kind == "f" else 1.0 / a

    def sin(self, a):
        return self.xp.sin(a)

    def cos(self, a):
        return self.xp.cos(a)

    def tanh(self, a):
        return self.xp.tanh(a)

    def sigmoid(self, a):
        return self._sigmoid(a)

    def _exp_(self, a):
        """e^a in place, an overflow to inf without a warning (CuPy never warns; the CPU
        backend's override also splits the work over its threads)."""
        self.xp.exp(a, out=a)

    def _sigmoid(self, a, out=None, minus_factor=-1):
        """σ(factor · a) into ``out`` (a new array by default; may be ``a``), as PyTorch
        computes it, 1 / (1 + e^(-factor · a)): where the exponent overflows to inf, σ is 0,
        and every other value is within a few roundings of σ, relatively, also where σ is
        tiny. (0.5 + 0.5 tanh(a / 2) never overflows, but its cancellation gave σ(-20) = 0 in
        float32, where σ is 2e-9, and 0.1 % off at σ(-10).)"""
        # an ``out`` array always: a 0-d product would be a NumPy scalar, which exp cannot fill
        e = self.xp.multiply(a, minus_factor, out=self.xp.empty_like(a) if out is None else out)
        self._exp_(e)
        e += 1
        return self.xp.reciprocal(e, out=e)

    def relu(self, a):
        return self.maximum(a, 0)

    def floor(self, a):
        return self.xp.floor(a)

    def ceil(self, a):
        return self.xp.ceil(a)

    def trunc(self, a):
        return self.xp.trunc(a)

    def round(self, a, decimals=0):
        return self.xp.round(a, decimals)

    def clip(self, a, lo, hi):
        # A number bound: PyTorch's std::min(std::max(a, lo), hi), where a tie keeps a (so
        # -0.0 stays against the bound 0; a tie with any other number is the same value). An
        # array bound: NumPy's maximum/minimum, a tie giving the bound, as PyTorch's
        # vectorized loop does (its scalar loop, on short tails, keeps a).
        if lo is not None:
            a = self._tie_keeps(a, lo, self.maximum(a, lo))
        if hi is not None:
            a = self._tie_keeps(a, hi, self.minimum(a, hi))
        return a

    def _tie_keeps(self, a, bound, result):
        if isinstance(bound, (int, float)) and bound == 0:
            return self.xp.where(a == 0, a, result)
        return result

    def logical_not(self, a):
        return self.xp.logical_not(a)

    def bitwise_not(self, a):
        return self.xp.invert(a)

    def isnan(self, a):
        return self.xp.isnan(a)

    def isinf(self, a):
        return self.xp.isinf(a)

    def isfinite(self, a):
        return self.xp.isfinite(a)


def _dense(shape, strides, itemsize):
    """PyTorch's is_non_overlapping_and_dense: the elements fill their span exactly once."""
    expect = itemsize
    for stride, n in sorted((abs(s), n) for n, s in zip(shape, strides) if n > 1):
        if stride != expect:
            return False
        expect *= n
    return True


def expanded_layout(a, shape):
    """(shape, strides) of ``a`` as PyTorch's expand lays it out (inferExpandGeometry): a
    new leading dim takes the stride of the dims after it, a broadcast one stride 0, and
    every dim of an expanded 0-d tensor stride 0."""
    strides = [0] * len(shape)
    if a.ndim == 0:
        return shape, tuple(strides)
    offset = len(shape) - a.ndim
    for i in range(len(shape) - 1, -1, -1):
        dim = i - offset
        size = a.shape[dim] if dim >= 0 else 1
        if size != shape[i]:
            strides[i] = 0
        elif dim >= 0:
            strides[i] = a.strides[dim]
        else:
            strides[i] = shape[i + 1] * strides[i + 1] if i + 1 < len(shape) else a.itemsize
    return shape, tuple(strides)
