"""Core kernels of the graph backend (see NOTE [Double backward]): arithmetic, pointwise,
reductions, linear algebra, shapes and indexing, each written with tinytorch ops."""

from tinytorch import _tensor
from tinytorch._ops import arithmetic
from tinytorch._ops import compare
from tinytorch._ops import diagonal
from tinytorch._ops import indexing
from tinytorch._ops import inplace
from tinytorch._ops import join
from tinytorch._ops import linalg
from tinytorch._ops import nn_misc
from tinytorch._ops import pointwise
from tinytorch._ops import reduction
from tinytorch._ops import scatter_reduce
from tinytorch._ops import shape as shape_ops


def _const(base, value):
    """A Python scalar stays a scalar; an array becomes a constant Tensor."""
    if isinstance(value, (int, float, bool)) or isinstance(value, _tensor.Tensor):
        return value
    return _tensor.Tensor._make(value, base)


class GraphCoreKernels:
    """Mixin: arithmetic, pointwise, reduction, linear-algebra, shape and indexing kernels.
    The class it is mixed into sets ``base`` (the device backend)."""

    base = None

    def _c(self, value):
        return _const(self.base, value)

    def _binary(self, device_kernel, op, a, b):
        """``op`` on Tensors (constants made Tensors); the device kernel when neither is one."""
        if not _t(a) and not _t(b):
            return device_kernel(a, b)
        return op(self._c(a), self._c(b))

    def add(self, a, b):
        return self._binary(self.base.add, arithmetic.add, a, b)

    def sub(self, a, b):
        return self._binary(self.base.sub, arithmetic.sub, a, b)

    def mul(self, a, b):
        return self._binary(self.base.mul, arithmetic.mul, a, b)

    def div(self, a, b):
        return self._binary(self.base.div, arithmetic.div, a, b)

    def floordiv(self, a, b):  # piecewise constant: a zero-gradient op
        return self._binary(self.base.floordiv, arithmetic.floor_divide, a, b)

    def truncdiv(self, a, b):
        return self._binary(self.base.truncdiv,
                            lambda x, y: arithmetic.div(x, y, rounding_mode="trunc"), a, b)

    def neg(self, a):
        return arithmetic.neg(a)

    def pow(self, a, b):
        return self._binary(self.base.pow, arithmetic.pow, a, b)

    def exp(self, a):
        return pointwise.exp(a)

    def log(self, a):
        return pointwise.log(a)

    def log1p(self, a):
        return pointwise.log1p(a)

    def abs(self, a):
        return arithmetic.abs(a)

    def sign(self, a):
        return pointwise.sign(a)

    def cos(self, a):
        return pointwise.cos(a)

    def sin(self, a):
        return pointwise.sin(a)

    def tanh(self, a):
        return pointwise.tanh(a)

    def sigmoid(self, a):
        return pointwise.sigmoid(a)

    def maximum(self, a, b):
        return self._binary(self.base.maximum, arithmetic.maximum, a, b)

    def minimum(self, a, b):
        return self._binary(self.base.minimum, arithmetic.minimum, a, b)

    def where(self, cond, a, b):
        return arithmetic.where(self._c(cond), self._c(a), self._c(b))

    def gt(self, a, b):
        return self._c(a).detach() > b

    def lt(self, a, b):
        return self._c(a).detach() < b

    def eq(self, a, b):
        return self._c(a).detach() == b

    def ne(self, a, b):
        return self._c(a).detach() != b

    def ge(self, a, b):
        return self._c(a).detach() >= b

    def le(self, a, b):
        return self._c(a).detach() <= b

    def logical_and(self, a, b):
        return compare.logical_and(a, b)

    def logical_or(self, a, b):
        return compare.logical_or(a, b)

    def logical_not(self, a):
        return compare.logical_not(a)

    def astype(self, a, dtype):
        return a.to(dtype)

    def matmul(self, a, b):  # a constant: the zeros materialised for an unused output
        return linalg.matmul(self._c(a), self._c(b))

    def transpose(self, a, axes):
        return shape_ops.permute(a, axes)

    def reshape(self, a, shape):
        return shape_ops.reshape(a, shape)

    def expand_dims(self, a, axis):
        shape = list(a.shape)
        n = len(shape) + (1 if isinstance(axis, int) else len(axis))
        for ax in sorted(d % n for d in ((axis,) if isinstance(axis, int) else axis)):
            shape.insert(ax, 1)
        return shape_ops.reshape(a, tuple(shape))

    def broadcast_to(self, a, shape):
        if not _t(a):  # an index array, not part of the graph
            return self.base.broadcast_to(a, shape)
        return shape_ops.expand(a, shape)

    def sum(self, a, axis=None, keepdims=False, dtype=None):
        return reduction.sum(a, axis, keepdims)

    def mean(self, a, axis=None, keepdims=False):
        return reduction.mean(a, axis, keepdims)

    def zeros(self, shape, dtype):
        return self._c(self.base.zeros(shape, dtype))

    def ones(self, shape, dtype):
        return self._c(self.base.ones(shape, dtype))

    def eye(self, n, m, dtype):
        return self._c(self.base.eye(n, m, dtype))

    def einsum(self, subscripts, *operands):
        return linalg.einsum(subscripts, *(self._c(o) for o in operands))

    def getitem(self, a, index):
        return indexing.Index.apply(a, _plain_index(index))

    def copy(self, a):
        return shape_ops.clone(a)

    def setitem_(self, a, index, value):
        """a[index] = value in place, as the device kernel: the write is recorded on a."""
        return inplace.commit(a, indexing.IndexPut.apply(a, self._c(value), _plain_index(index)))

    def index_select(self, a, axis, indices):
        return indexing.index_select(self._c(a), axis, self._c(indices))

    def bincount(self, a, minlength):
        """Counts of integer indices: a constant of the recorded backward."""
        return self._c(self.base.bincount(a._data if _t(a) else a, minlength))

    def index_add(self, shape, index, value, dtype):
        return indexing.IndexAdd.apply(value, shape, _plain_index(index), dtype)

    def cumsum(self, a, axis):
        return reduction.CumSum.apply(self._c(a), axis)

    def flip_cumsum(self, a, axis):
        return self.flip(self.cumsum(self.flip(a, (axis,)), axis), (axis,))

    def cumprod(self, a, axis):
        return diagonal.cumprod(self._c(a), axis)

    def scatter(self, a, axis, indices, src):
        return indexing.Scatter.apply(self._c(a), src, indices, axis)

    def scatter_add(self, a, axis, indices, src):
        return indexing.ScatterAdd.apply(self._c(a), src, indices, axis)

    def scatter_reduce(self, a, axis, indices, src, reduce):
        return scatter_reduce.ScatterReduce.apply(self._c(a), self._c(src), indices, axis, reduce,
                                                  True, None)

    def take_along_axis(self, a, indices, axis):
        return indexing.Gather.apply(a, indices, axis)

    def squeeze(self, a, axis):
        return shape_ops.reshape(a, tuple(n for d, n in enumerate(a.shape) if d not in axis))

    def split(self, a, indices, axis):
        n = a.shape[axis]
        if isinstance(indices, int):
            return join.Split.apply(a, (n // indices,) * indices, axis)
        bounds = [0] + list(indices) + [n]
        return join.Split.apply(a, tuple(e - b for b, e in zip(bounds, bounds[1:])), axis)

    def concatenate(self, arrays, axis):
        return join.Cat.apply(*(self._c(x) for x in arrays), axis=axis)

    def stack(self, arrays, axis):
        return join.Stack.apply(*(self._c(x) for x in arrays), axis=axis)

    def pad(self, a, pad_width, value):
        return nn_misc.ConstantPad.apply(a, tuple(tuple(w) for w in pad_width), value)

    def flip(self, a, axes):
        return shape_ops.Flip.apply(a, axes)

    def roll(self, a, shifts, axes):
        return shape_ops.Roll.apply(a, shifts, axes)

    def tril(self, a, k):
        return shape_ops.Triangle.apply(a, k, False)

    def triu(self, a, k):
        return shape_ops.Triangle.apply(a, k, True)


def _t(x):
    return isinstance(x, _tensor.Tensor)


def _plain_index(index):
    """An index with its Tensors (saved index arrays, constants here) as the arrays the
    device kernels take: op arguments inside a tuple are not unwrapped by Op.apply."""
    if isinstance(index, tuple):
        return tuple(i._data if _t(i) else i for i in index)
    return index._data if _t(index) else index

