"""Core kernels of the graph backend (see NOTE [Double backward]): arithmetic, pointwise,
reductions, linear algebra, shapes and indexing, each written with tinytorch ops."""


def _ops():
    from tinytorch._ops import arithmetic, linalg, pointwise, reduction, shape
    return arithmetic, linalg, pointwise, reduction, shape


def _const(base, value):
    """A Python scalar stays a scalar; an array becomes a constant Tensor."""
    from tinytorch import _tensor
    if isinstance(value, (int, float, bool)) or isinstance(value, _tensor.Tensor):
        return value
    return _tensor.Tensor._make(value, base)


class CoreKernels:
    """Mixin: arithmetic, pointwise, reduction, linear-algebra, shape and indexing kernels.
    The class it is mixed into sets ``base`` (the device backend)."""

    base = None

    def _c(self, value):
        return _const(self.base, value)

    def _binary(self, kernel, a, b):
        if not _t(a) and not _t(b):
            return getattr(self.base, kernel)(a, b)
        return getattr(_ops()[0], kernel)(self._c(a), self._c(b))

    def add(self, a, b):
        return self._binary("add", a, b)

    def sub(self, a, b):
        return self._binary("sub", a, b)

    def mul(self, a, b):
        return self._binary("mul", a, b)

    def div(self, a, b):
        return self._binary("div", a, b)

    def neg(self, a):
        return _ops()[0].neg(a)

    def pow(self, a, b):
        return self._binary("pow", a, b)

    def exp(self, a):
        return _ops()[2].exp(a)

    def log(self, a):
        return _ops()[2].log(a)

    def abs(self, a):
        return _ops()[0].abs(a)

    def sign(self, a):
        return _ops()[2].sign(a)

    def cos(self, a):
        return _ops()[2].cos(a)

    def sin(self, a):
        return _ops()[2].sin(a)

    def tanh(self, a):
        return _ops()[2].tanh(a)

    def sigmoid(self, a):
        return _ops()[2].sigmoid(a)

    def maximum(self, a, b):
        return self._binary("maximum", a, b)

    def minimum(self, a, b):
        return self._binary("minimum", a, b)

    def sigmoid_backward(self, g, y):
        return g * y * (1 - y)

    def tanh_backward(self, g, y):
        return g * (1 - y * y)

    def relu_backward(self, g, y):
        # The mask (y > 0) is piecewise constant in y: d/dy contributes nothing.
        return _ops()[0].mul(g, (y.detach() > 0).to(g.dtype))

    def where(self, cond, a, b):
        return _ops()[0].where(self._c(cond), self._c(a), self._c(b))

    def gt(self, a, b):
        return self._c(a).detach() > b

    def lt(self, a, b):
        return self._c(a).detach() < b

    def eq(self, a, b):
        return self._c(a).detach() == b

    def ge(self, a, b):
        return self._c(a).detach() >= b

    def le(self, a, b):
        return self._c(a).detach() <= b

    def astype(self, a, dtype):
        return a.to(dtype)

    def matmul(self, a, b):
        return _ops()[1].matmul(a, b)

    def transpose(self, a, axes):
        return _ops()[4].permute(a, axes)

    def reshape(self, a, shape):
        return _ops()[4].reshape(a, shape)

    def expand_dims(self, a, axis):
        shape = list(a.shape)
        n = len(shape) + (1 if isinstance(axis, int) else len(axis))
        for ax in sorted(d % n for d in ((axis,) if isinstance(axis, int) else axis)):
            shape.insert(ax, 1)
        return _ops()[4].reshape(a, tuple(shape))

    def broadcast_to(self, a, shape):
        if not _t(a):  # an index array, not part of the graph
            return self.base.broadcast_to(a, shape)
        return _ops()[4].expand(a, shape)

    def sum_to(self, a, shape):
        if tuple(a.shape) == tuple(shape):
            return a
        lead = a.ndim - len(shape)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(shape) if n == 1 and a.shape[lead + i] != 1)
        return _ops()[4].reshape(_ops()[3].sum(a, axes, True), shape)

    def sum(self, a, axis=None, keepdims=False, dtype=None):
        return _ops()[3].sum(a, axis, keepdims)

    def mean(self, a, axis=None, keepdims=False):
        return _ops()[3].mean(a, axis, keepdims)

    def zeros(self, shape, dtype):
        return self._c(self.base.zeros(shape, dtype))

    def ones(self, shape, dtype):
        return self._c(self.base.ones(shape, dtype))

    def eye(self, n, m, dtype):
        return self._c(self.base.eye(n, m, dtype))

    def einsum(self, subscripts, *operands):
        return _ops()[1].einsum(subscripts, *(self._c(o) for o in operands))

    def getitem(self, a, index):
        from tinytorch._ops import indexing
        return indexing.Index.apply(a, _plain_index(index))

    def copy(self, a):
        return _ops()[4].clone(a)

    def setitem_(self, a, index, value):
        """a[index] = value in place, as the device kernel: the write is recorded on a."""
        from tinytorch._ops import indexing
        from tinytorch._ops import inplace
        return inplace.commit(a, indexing.IndexPut.apply(a, self._c(value), _plain_index(index)))

    def index_select(self, a, axis, indices):
        from tinytorch._ops import indexing
        return indexing.index_select(self._c(a), axis, self._c(indices))

    def bincount(self, a, minlength):
        """Counts of integer indices: a constant of the recorded backward."""
        return self._c(self.base.bincount(a._data if _t(a) else a, minlength))

    def index_add(self, shape, index, value, dtype):
        from tinytorch._ops import indexing
        return indexing.IndexAdd.apply(value, shape, _plain_index(index), dtype)

    def scatter_add(self, a, axis, indices, src):
        from tinytorch._ops import indexing
        return indexing.ScatterAdd.apply(self._c(a), src, indices, axis)

    def take_along_axis(self, a, indices, axis):
        from tinytorch._ops import indexing
        return indexing.Gather.apply(a, indices, axis)

    def squeeze(self, a, axis):
        return _ops()[4].reshape(a, tuple(n for d, n in enumerate(a.shape) if d not in axis))

    def split(self, a, indices, axis):
        from tinytorch._ops import join
        n = a.shape[axis]
        if isinstance(indices, int):
            return join.Split.apply(a, (n // indices,) * indices, axis)
        bounds = [0] + list(indices) + [n]
        return join.Split.apply(a, tuple(e - b for b, e in zip(bounds, bounds[1:])), axis)

    def concatenate(self, arrays, axis):
        from tinytorch._ops import join
        return join.Cat.apply(*(self._c(x) for x in arrays), axis=axis)

    def stack(self, arrays, axis):
        from tinytorch._ops import join
        return join.Stack.apply(*(self._c(x) for x in arrays), axis=axis)

    def pad(self, a, pad_width, value):
        from tinytorch._ops import nn_misc
        return nn_misc.ConstantPad.apply(a, tuple(tuple(w) for w in pad_width), value)

    def flip(self, a, axes):
        return _ops()[4].Flip.apply(a, axes)

    def roll(self, a, shifts, axes):
        return _ops()[4].Roll.apply(a, shifts, axes)

    def tril(self, a, k):
        return _ops()[4].Triangle.apply(a, k, False)

    def triu(self, a, k):
        return _ops()[4].Triangle.apply(a, k, True)


def _t(x):
    from tinytorch import _tensor
    return isinstance(x, _tensor.Tensor)


def _plain_index(index):
    """An index with its Tensors (saved index arrays, constants here) as the arrays the
    device kernels take: op arguments inside a tuple are not unwrapped by Op.apply."""
    if isinstance(index, tuple):
        return tuple(i._data if _t(i) else i for i in index)
    return index._data if _t(index) else index

