"""``tinytorch.Tensor``: an array on a device plus what autograd needs.

Every method is one line that calls the op layer; nothing here knows NumPy or CuPy.
"""

from tinytorch import _dtype
from tinytorch._ops import arithmetic as _ar
from tinytorch._ops import compare as _cmp
from tinytorch._ops import conversion as _cv
from tinytorch._ops import indexing as _ix
from tinytorch._ops import inplace as _ip
from tinytorch._ops import join as _jn
from tinytorch._ops import linalg as _la
from tinytorch._ops import pointwise as _pw
from tinytorch._ops import reduction as _rd
from tinytorch._ops import shape as _sh


class Tensor:
    """A multi-dimensional array with autograd, on the CPU (NumPy) or a CUDA device (CuPy).

    Create tensors with :func:`tinytorch.tensor`, :func:`tinytorch.zeros` and friends.

    >>> import tinytorch
    >>> x = tinytorch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> (x * x).sum().backward()
    >>> x.grad
    tensor([[2., 4.],
            [6., 8.]])
    """

    __slots__ = ("_data", "_backend", "_requires_grad", "grad", "grad_fn", "_output_nr", "_vc",
                 "_hooks", "_retains_grad", "_view_src", "_view_version", "__weakref__")
    __array_ufunc__ = None  # NumPy defers to our reflected operators (ndarray * Tensor)

    @classmethod
    def _make(cls, data, backend, requires_grad=False, grad_fn=None, output_nr=0, vc=None):
        if not data.ndim:  # NumPy gives scalars for 0-d results; a Tensor always holds an array
            data = backend.to_array(data)
        t = object.__new__(cls)
        t._data = data
        t._backend = backend
        t._requires_grad = requires_grad
        t.grad = None
        t.grad_fn = grad_fn
        t._output_nr = output_nr
        t._vc = [0] if vc is None else vc
        t._hooks = None
        t._retains_grad = False
        t._view_src = None  # (parent, view op, its other args, options, output nr) for views
        return t

    def __new__(cls, *args, device=None):
        """PyTorch's legacy constructor: ``Tensor(data)`` copies data as float32,
        ``Tensor(2, 3)`` (or a ``Size``) is an uninitialised float32 tensor of that size."""
        from tinytorch import _creation
        if len(args) == 1 and not isinstance(args[0], (int, _cv.Size)):
            return _creation.tensor(args[0], dtype=_dtype.float32, device=device)
        return _creation.empty(*(args or (0,)), dtype=_dtype.float32, device=device)

    def __init__(self, *args, **kwargs):
        pass  # __new__ built the tensor

    # --- attributes ---------------------------------------------------------------------------
    shape = property(lambda self: _cv.Size(self._data.shape), doc="The size of each dimension.")
    ndim = property(lambda self: self._data.ndim, doc="Number of dimensions.")
    dtype = property(lambda self: _dtype.from_native(self._data.dtype), doc="Element type.")
    device = property(lambda self: self._backend.device, doc="Where the data lives.")
    is_cuda = property(lambda self: self._backend.device.type == "cuda")
    is_leaf = property(lambda self: self.grad_fn is None, doc="True unless an op made it.")
    _version = property(lambda self: self._vc[0], doc="In-place modification counter.")
    T = property(lambda self: _sh.permute(self, tuple(range(self.ndim - 1, -1, -1))))
    mT = property(lambda self: _sh.transpose(self, -2, -1))
    requires_grad = property(lambda self: self._requires_grad, _cv.set_requires_grad)
    data = property(_cv.data, _cv.set_data, doc="A detached tensor sharing storage.")
    retains_grad = property(lambda self: self._retains_grad)

    def size(self, dim=None): return _cv.size(self, dim)
    def dim(self): return self._data.ndim
    def numel(self): return _cv.numel(self)
    def nelement(self): return _cv.numel(self)
    def element_size(self): return self.dtype.itemsize
    def is_floating_point(self): return self.dtype.is_floating_point
    def is_contiguous(self): return self._backend.is_contiguous(self._data)
    def __len__(self): return _cv.length(self)
    def __repr__(self): return _cv.tensor_repr(self)
    def __format__(self, spec): return _cv.tensor_format(self, spec)
    def __hash__(self): return id(self)
    def __iter__(self): return iter(_jn.unbind(self, 0))
    def __bool__(self): return bool(_cv.scalar(self, "bool"))
    def __float__(self): return float(_cv.scalar(self, "float"))
    def __int__(self): return int(_cv.scalar(self, "int"))
    def __index__(self): return _cv.index_value(self)

    # --- conversion ------------------------------------------------------------------------------
    def item(self): return _cv.item(self)
    def tolist(self): return _cv.tolist(self)
    def numpy(self, *, force=False): return _cv.numpy(self, force)
    def __array__(self, dtype=None, copy=None): return _cv.array(self, dtype)
    def __dlpack__(self, stream=None, *, max_version=None, dl_device=None, copy=None):
        return _cv.dlpack(self, stream, max_version=max_version, dl_device=dl_device, copy=copy)
    def __dlpack_device__(self): return _cv.dlpack_device(self)
    def to(self, *args, **kwargs): return _cv.to(self, *args, **kwargs)
    def cpu(self): return _cv.to(self, "cpu")
    def cuda(self, device=None, non_blocking=False): return _cv.to(self, _cv.cuda_device(device))
    def float(self): return _cv.to(self, _dtype.float32)
    def double(self): return _cv.to(self, _dtype.float64)
    def half(self): return _cv.to(self, _dtype.float16)
    def long(self): return _cv.to(self, _dtype.int64)
    def int(self): return _cv.to(self, _dtype.int32)
    def bool(self): return _cv.to(self, _dtype.bool_)
    def type(self, dtype=None): return _cv.type_(self, dtype)
    def type_as(self, other): return _cv.to(self, other.dtype)
    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "tensor", data, dtype, device, requires_grad)
    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "zeros", size, dtype, device, requires_grad)
    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "ones", size, dtype, device, requires_grad)
    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "empty", size, dtype, device, requires_grad)
    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "full", (size, fill_value), dtype, device, requires_grad)

    # --- autograd -------------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        return _cv.backward(self, gradient, retain_graph, create_graph, inputs)
    def detach(self): return _cv.detach(self)
    def detach_(self): return _cv.detach_(self)
    def requires_grad_(self, requires_grad=True): return _cv.requires_grad_(self, requires_grad)
    def retain_grad(self): return _cv.retain_grad(self)
    def register_hook(self, hook): return _cv.register_hook(self, hook)

    # --- arithmetic ------------------------------------------------------------------------------
    def add(self, other, *, alpha=1): return _ar.add(self, other, alpha=alpha)
    def sub(self, other, *, alpha=1): return _ar.sub(self, other, alpha=alpha)
    def mul(self, other): return _ar.mul(self, other)
    def div(self, other, *, rounding_mode=None):
        return _ar.div(self, other, rounding_mode=rounding_mode)
    def true_divide(self, other): return _ar.div(self, other)
    def floor_divide(self, other): return _ar.floor_divide(self, other)
    def remainder(self, other): return _ar.remainder(self, other)
    def fmod(self, other): return _ar.fmod(self, other)
    def pow(self, exponent): return _ar.pow(self, exponent)
    def neg(self): return _ar.neg(self)
    def abs(self): return _ar.abs(self)
    def maximum(self, other): return _ar.maximum(self, other)
    def minimum(self, other): return _ar.minimum(self, other)
    def lerp(self, end, weight): return _ar.lerp(self, end, weight)
    def where(self, condition, other): return _ar.where(condition, self, other)
    def __add__(self, other): return _ar.add(self, other)
    def __radd__(self, other): return _ar.add(self, other)
    def __sub__(self, other): return _ar.sub(self, other)
    def __rsub__(self, other): return _ar.rsub(self, other)
    def __mul__(self, other): return _ar.mul(self, other)
    def __rmul__(self, other): return _ar.mul(self, other)
    def __truediv__(self, other): return _ar.div(self, other)
    def __rtruediv__(self, other): return _ar.rdiv(self, other)
    def __floordiv__(self, other): return _ar.floor_divide(self, other)
    def __rfloordiv__(self, other): return _ar.rfloor_divide(self, other)
    def __mod__(self, other): return _ar.remainder(self, other)
    def __rmod__(self, other): return _ar.rremainder(self, other)
    def __pow__(self, other): return _ar.pow(self, other)
    def __rpow__(self, other): return _ar.rpow(self, other)
    def __matmul__(self, other): return _la.matmul(self, other)
    def __rmatmul__(self, other): return _la.rmatmul(self, other)
    def __neg__(self): return _ar.neg(self)
    def __pos__(self): return self
    def __abs__(self): return _ar.abs(self)
    def __invert__(self): return _cmp.bitwise_not(self)
    def __and__(self, other): return _cmp.bitwise_and(self, other)
    def __or__(self, other): return _cmp.bitwise_or(self, other)
    def __xor__(self, other): return _cmp.bitwise_xor(self, other)

    # --- pointwise math --------------------------------------------------------------------------
    def exp(self): return _pw.exp(self)
    def log(self): return _pw.log(self)
    def log1p(self): return _pw.log1p(self)
    def expm1(self): return _pw.expm1(self)
    def sqrt(self): return _pw.sqrt(self)
    def rsqrt(self): return _pw.rsqrt(self)
    def square(self): return _pw.square(self)
    def reciprocal(self): return _pw.reciprocal(self)
    def sin(self): return _pw.sin(self)
    def cos(self): return _pw.cos(self)
    def tanh(self): return _pw.tanh(self)
    def sigmoid(self): return _pw.sigmoid(self)
    def relu(self): return _pw.relu(self)
    def clamp(self, min=None, max=None): return _pw.clamp(self, min, max)
    def clip(self, min=None, max=None): return _pw.clamp(self, min, max)
    def sign(self): return _pw.sign(self)
    def floor(self): return _pw.floor(self)
    def ceil(self): return _pw.ceil(self)
    def round(self, *, decimals=0): return _pw.round(self, decimals=decimals)
    def softmax(self, dim): return _pw.softmax(self, dim)
    def log_softmax(self, dim): return _pw.log_softmax(self, dim)

    # --- comparison and logic (no gradient) --------------------------------------------------
    def eq(self, other): return _cmp.eq(self, other)
    def ne(self, other): return _cmp.ne(self, other)
    def lt(self, other): return _cmp.lt(self, other)
    def le(self, other): return _cmp.le(self, other)
    def gt(self, other): return _cmp.gt(self, other)
    def ge(self, other): return _cmp.ge(self, other)
    def __eq__(self, other): return _cmp.operator(_cmp.eq, self, other)
    def __ne__(self, other): return _cmp.operator(_cmp.ne, self, other)
    def __lt__(self, other): return _cmp.operator(_cmp.lt, self, other)
    def __le__(self, other): return _cmp.operator(_cmp.le, self, other)
    def __gt__(self, other): return _cmp.operator(_cmp.gt, self, other)
    def __ge__(self, other): return _cmp.operator(_cmp.ge, self, other)
    def logical_and(self, other): return _cmp.logical_and(self, other)
    def logical_or(self, other): return _cmp.logical_or(self, other)
    def logical_xor(self, other): return _cmp.logical_xor(self, other)
    def logical_not(self): return _cmp.logical_not(self)
    def isnan(self): return _cmp.isnan(self)
    def isinf(self): return _cmp.isinf(self)
    def isfinite(self): return _cmp.isfinite(self)
    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _cmp.allclose(self, other, rtol, atol, equal_nan)
    def equal(self, other): return _cmp.equal(self, other)

    # --- reductions -------------------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return _rd.sum(self, dim, keepdim, dtype=dtype)
    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return _rd.mean(self, dim, keepdim, dtype=dtype)
    def prod(self, dim=None, keepdim=False, *, dtype=None):
        return _rd.prod(self, dim, keepdim, dtype=dtype)
    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _rd.var(self, dim, unbiased, keepdim, correction=correction)
    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _rd.std(self, dim, unbiased, keepdim, correction=correction)
    def max(self, dim=None, keepdim=False): return _rd.max(self, dim, keepdim)
    def min(self, dim=None, keepdim=False): return _rd.min(self, dim, keepdim)
    def amax(self, dim=(), keepdim=False): return _rd.amax(self, dim, keepdim)
    def amin(self, dim=(), keepdim=False): return _rd.amin(self, dim, keepdim)
    def argmax(self, dim=None, keepdim=False): return _rd.argmax(self, dim, keepdim)
    def argmin(self, dim=None, keepdim=False): return _rd.argmin(self, dim, keepdim)
    def logsumexp(self, dim, keepdim=False): return _rd.logsumexp(self, dim, keepdim)
    def cumsum(self, dim, *, dtype=None): return _rd.cumsum(self, dim, dtype=dtype)
    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        return _rd.norm(self, p, dim, keepdim, dtype)
    def all(self, dim=None, keepdim=False): return _rd.all(self, dim, keepdim)
    def any(self, dim=None, keepdim=False): return _rd.any(self, dim, keepdim)

    # --- linear algebra --------------------------------------------------------------------------
    def matmul(self, other): return _la.matmul(self, other)
    def mm(self, mat2): return _la.mm(self, mat2)
    def bmm(self, mat2): return _la.bmm(self, mat2)
    def dot(self, other): return _la.dot(self, other)
    def outer(self, vec2): return _la.outer(self, vec2)
    def t(self): return _sh.t(self)

    # --- shape -----------------------------------------------------------------------------------
    def reshape(self, *shape): return _sh.reshape(self, shape)
    def view(self, *shape): return _sh.view(self, shape)
    def view_as(self, other): return _sh.view(self, other.shape)
    def reshape_as(self, other): return _sh.reshape(self, other.shape)
    def flatten(self, start_dim=0, end_dim=-1): return _sh.flatten(self, start_dim, end_dim)
    def unflatten(self, dim, sizes): return _sh.unflatten(self, dim, sizes)
    def squeeze(self, dim=None): return _sh.squeeze(self, dim)
    def unsqueeze(self, dim): return _sh.unsqueeze(self, dim)
    def transpose(self, dim0, dim1): return _sh.transpose(self, dim0, dim1)
    def swapaxes(self, axis0, axis1): return _sh.transpose(self, axis0, axis1)
    def swapdims(self, dim0, dim1): return _sh.transpose(self, dim0, dim1)
    def permute(self, *dims): return _sh.permute(self, dims)
    def expand(self, *sizes): return _sh.expand(self, sizes)
    def expand_as(self, other): return _sh.expand(self, other.shape)
    def broadcast_to(self, size): return _sh.expand(self, size)
    def repeat(self, *sizes): return _sh.repeat(self, sizes)
    def tile(self, dims): return _sh.tile(self, dims)
    def split(self, split_size, dim=0): return _jn.split(self, split_size, dim)
    def chunk(self, chunks, dim=0): return _jn.chunk(self, chunks, dim)
    def unbind(self, dim=0): return _jn.unbind(self, dim)
    def flip(self, dims): return _sh.flip(self, dims)
    def roll(self, shifts, dims=None): return _sh.roll(self, shifts, dims)
    def tril(self, diagonal=0): return _sh.tril(self, diagonal)
    def triu(self, diagonal=0): return _sh.triu(self, diagonal)
    def contiguous(self): return _sh.contiguous(self)
    def clone(self): return _sh.clone(self)

    # --- indexing --------------------------------------------------------------------------------
    def __getitem__(self, index): return _ix.getitem(self, index)
    def __setitem__(self, index, value): _ix.setitem(self, index, value)
    def gather(self, dim, index): return _ix.gather(self, dim, index)
    def take_along_dim(self, indices, dim=None): return _ix.take_along_dim(self, indices, dim)
    def scatter(self, dim, index, src=None, *, value=None):
        return _ix.scatter(self, dim, index, src, value=value)
    def scatter_add(self, dim, index, src): return _ix.scatter_add(self, dim, index, src)
    def index_select(self, dim, index): return _ix.index_select(self, dim, index)
    def masked_fill(self, mask, value): return _ix.masked_fill(self, mask, value)
    def nonzero(self, *, as_tuple=False): return _ix.nonzero(self, as_tuple=as_tuple)

    # --- in place (see NOTE [In-place ops] in _ops/inplace.py) ----------------------------
    def add_(self, other, *, alpha=1): return _ip.add_(self, other, alpha)
    def sub_(self, other, *, alpha=1): return _ip.add_(self, other, alpha, subtract=True)
    def mul_(self, other): return _ip.inplace(self, _ar.mul, other)
    def div_(self, other, *, rounding_mode=None):
        return _ip.inplace(self, _ar.div, other, rounding_mode=rounding_mode)
    def pow_(self, exponent): return _ip.inplace(self, _ar.pow, exponent)
    def neg_(self): return _ip.inplace(self, _ar.neg)
    def abs_(self): return _ip.inplace(self, _ar.abs)
    def exp_(self): return _ip.inplace(self, _pw.exp)
    def log_(self): return _ip.inplace(self, _pw.log)
    def sqrt_(self): return _ip.inplace(self, _pw.sqrt)
    def tanh_(self): return _ip.inplace(self, _pw.tanh)
    def sigmoid_(self): return _ip.inplace(self, _pw.sigmoid)
    def relu_(self): return _ip.inplace(self, _pw.relu)
    def clamp_(self, min=None, max=None): return _ip.inplace(self, _pw.clamp, min, max)
    def clip_(self, min=None, max=None): return _ip.inplace(self, _pw.clamp, min, max)
    def lerp_(self, end, weight): return _ip.inplace(self, _ar.lerp, end, weight)
    def masked_fill_(self, mask, value): return _ip.inplace(self, _ix.masked_fill, mask, value)
    def scatter_(self, dim, index, src=None, *, value=None):
        return _ip.inplace(self, _ix.scatter, dim, index, src, value=value)
    def scatter_add_(self, dim, index, src):
        return _ip.inplace(self, _ix.scatter_add, dim, index, src)
    def copy_(self, src, non_blocking=False): return _ip.copy_(self, src)
    def zero_(self): return _ip.fill_(self, 0)
    def fill_(self, value): return _ip.fill_(self, value)
    def uniform_(self, a=0.0, b=1.0, *, generator=None): return _ip.uniform_(self, a, b, generator)
    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        return _ip.normal_(self, mean, std, generator)
    def __iadd__(self, other): return _ip.add_(self, other)
    def __isub__(self, other): return _ip.add_(self, other, subtract=True)
    def __imul__(self, other): return _ip.inplace(self, _ar.mul, other)
    def __itruediv__(self, other): return _ip.inplace(self, _ar.div, other)
