"""``tinytorch.Tensor``: an array on a device plus what autograd needs.

Every method is one line that calls the op layer, or is the op layer's function itself where
the two signatures agree (one Python call fewer per op); nothing here knows NumPy or CuPy.
"""

from operator import attrgetter

import tinytorch
from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch import _hooks
from tinytorch import _memory_format as _mf
from tinytorch import _shared
from tinytorch._ops import arithmetic as _ar
from tinytorch._ops import diagonal as _dg  # tensG
from tinytorch._ops import compare as _cmp
from tinytorch._ops import conversion as _cv
from tinytorch._ops import counting as _co
from tinytorch._ops import indexing as _ix
from tinytorch._ops import index_extra as _ie  # tensG
from tinytorch._ops import inplace as _ip
from tinytorch._ops import join as _jn
from tinytorch._ops import linalg as _la
from tinytorch._ops import math_binary as _mb
from tinytorch._ops import math_composite as _mc
from tinytorch._ops import math_unary as _mu
from tinytorch._ops import linalg_api as _lapi  # linalgH
from tinytorch._ops import linalg_products as _lprod  # linalgH
from tinytorch._ops import linalg_spectral as _lspec  # linalgH
from tinytorch._ops import mathops as _mo
from tinytorch._ops import mathops_misc as _mm
from tinytorch._ops import pointwise as _pw
from tinytorch._ops import random_fill as _rf
from tinytorch._ops import reduction as _rd
from tinytorch._ops import scatter_legacy as _sl
from tinytorch._ops import scatter_reduce as _sr  # tensG
from tinytorch._ops import shape as _sh
from tinytorch._ops import statistics as _st
from tinytorch._ops import sorting as _so
from tinytorch._ops import stacking as _stk  # tensG
from tinytorch._ops import tensor_extra as _te  # tensG
from tinytorch._ops._util import operator_form as _op, sized as _sized
from tinytorch._tensor_more import TensorMore  # tensorM

_new_size = tuple.__new__  # a Size from an array's shape, which holds ints already


class Tensor(TensorMore):
    """A multi-dimensional array with autograd, on the CPU (NumPy) or a CUDA device (CuPy).

    Create tensors with :func:`tinytorch.tensor`, :func:`tinytorch.zeros` and friends; the
    constructor itself is PyTorch's legacy one.

    Args:
        *args: ``Tensor(data)`` copies ``data`` (nested lists, numbers, arrays) as float32;
            ``Tensor(2, 3)`` or ``Tensor(size)`` is an uninitialised float32 tensor of that
            size; ``Tensor()`` an empty one.
        device (str or tinytorch.device, optional): where the tensor lives. Default: the CPU.

    >>> import tinytorch
    >>> x = tinytorch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> (x * x).sum().backward()
    >>> x.grad
    tensor([[2., 4.],
            [6., 8.]])
    """

    # A dict gives the public slots their docstrings.
    __slots__ = {"_data": None, "_backend": None, "_requires_grad": None, "_grad": None,
                 "_grad_fn": None, "_output_nr": None, "_vc": None, "_hooks": None,
                 "_retains_grad": None, "_view_src": None, "_view_version": None,
                 "__weakref__": None}
    __array_priority__ = 1000  # ndarray * Tensor: NumPy defers to our reflected operators

    @classmethod
    def _make(cls, data, backend, requires_grad=False, grad_fn=None, output_nr=0, vc=None):
        if not data.ndim:  # NumPy gives scalars for 0-d results; a Tensor always holds an array
            data = backend.to_array(data)
        t = object.__new__(cls)
        t._data = data
        t._backend = backend
        t._requires_grad = requires_grad
        t._grad = None
        t._grad_fn = grad_fn
        t._output_nr = output_nr
        t._vc = vc if vc is not None else (  # NOTE [Inference tensors], NOTE [Inference flag]
            _grad_mode.InferenceVersion((0, True))
            if _grad_mode.inference_on and _grad_mode._state.inference else [0])
        t._hooks = None
        t._retains_grad = False
        t._view_src = None  # (parent, view op, its other args, options, output nr) for views
        return t

    def __new__(cls, *args, device=None):
        """PyTorch's legacy constructor: ``Tensor(data)`` copies data as float32,
        ``Tensor(2, 3)`` (or a ``Size``) is an uninitialised float32 tensor of that size;
        ``Tensor(t)`` is an alias of tensor ``t``, whatever its dtype."""
        if len(args) == 1 and isinstance(args[0], Tensor):
            return args[0][...]
        if len(args) == 1 and not isinstance(args[0], (int, _cv.Size)):
            return _creation.tensor(args[0], dtype=_dtype.float32, device=device)
        return _creation.empty(*(args or (0,)), dtype=_dtype.float32, device=device)

    def __init__(self, *args, **kwargs):
        pass  # __new__ built the tensor

    # --- attributes ---------------------------------------------------------------------------
    # (attrgetter: a C-level getter, no Python call per read)
    shape = property(lambda self: _new_size(_cv.Size, self._data.shape), doc="Dim sizes.")
    ndim = property(attrgetter("_data.ndim"), doc="Number of dimensions.")
    dtype = property(lambda self: _dtype.from_native(self._data.dtype), doc="Element type.")
    device = property(attrgetter("_backend.device"), doc="Where the data lives.")
    is_cuda = property(lambda self: self._backend.device.type == "cuda",
                       doc="True if the tensor is on a CUDA device.")
    is_leaf = property(lambda self: self._grad_fn is None, doc="True unless an op made it.")
    grad_fn = property(_ip.current_grad_fn, doc="The graph node that made this tensor (None "
                       "for a leaf); a view whose base was written in place since is re-derived "
                       "first, as PyTorch regenerates a view's grad_fn (AsStridedBackward0).")
    _version = property(_cv.version, doc="In-place modification counter.")
    T = property(_sh.numpy_T, doc="All dimensions reversed (PyTorch warns outside 2-D).")
    grad = property(_cv.get_grad, _cv.set_grad, doc="The gradient accumulated by "
                    "backward (None until then); one assigned must fit the tensor.")
    requires_grad = property(attrgetter("_requires_grad"), _cv.set_requires_grad,
                             doc="Whether autograd records operations on this tensor.")
    data = property(_cv.data, _cv.set_data, doc="A detached tensor sharing storage.")
    retains_grad = property(attrgetter("_retains_grad"),
                            doc="True if a non-leaf tensor keeps its .grad (retain_grad()).")

    def size(self, dim=None): return _cv.size(self, dim)
    def dim(self): return self._data.ndim
    def numel(self): return _cv.numel(self)
    def nelement(self): return _cv.numel(self)
    def element_size(self): return self.dtype.itemsize
    def is_floating_point(self): return self.dtype.is_floating_point
    def is_contiguous(self, memory_format=_mf.contiguous_format):
        return _mf.is_contiguous(self, memory_format)
    def __len__(self): return _cv.length(self)
    def __repr__(self): return _cv.tensor_repr(self)
    def __format__(self, spec): return _cv.tensor_format(self, spec)
    def __hash__(self): return id(self)
    def __iter__(self):
        if not self.ndim:
            raise TypeError("iteration over a 0-d tensor")
        return iter(_jn.unbind(self, 0))
    def __bool__(self): return bool(_cv.scalar(self, "bool"))
    def __contains__(self, element): return _cv.contains(self, element)
    def __float__(self): return float(_cv.scalar(self, "float"))
    def __int__(self): return int(_cv.scalar(self, "int"))
    def __index__(self): return _cv.index_value(self)

    # --- conversion ------------------------------------------------------------------------------
    def item(self): return _cv.item(self)
    def tolist(self): return _cv.tolist(self)
    def numpy(self, *, force=False): return _cv.numpy(self, force)
    def __array__(self, dtype=None, copy=None): return _cv.array(self, dtype)
    def __array_wrap__(self, array, context=None, return_scalar=False): return _cv.wrap(array)
    def __dlpack__(self, stream=None, *, max_version=None, dl_device=None, copy=None):
        return _cv.dlpack(self, stream, max_version=max_version, dl_device=dl_device, copy=copy)
    def __dlpack_device__(self): return _cv.dlpack_device(self)
    def to(self, *args, **kwargs): return _cv.to(self, *args, **kwargs)
    def cpu(self): return _cv.to(self, "cpu")
    def cuda(self, device=None, non_blocking=False): return _cv.to(self, _cv.cuda_device(device))
    def float(self): return _cv.to(self, _dtype.float32)
    def double(self): return _cv.to(self, _dtype.float64)
    def half(self): return _cv.to(self, _dtype.float16)
    def bfloat16(self): return _cv.to(self, _dtype.bfloat16)
    def long(self): return _cv.to(self, _dtype.int64)
    def int(self): return _cv.to(self, _dtype.int32)
    def bool(self): return _cv.to(self, _dtype.bool_)
    def type(self, dtype=None, non_blocking=False): return _cv.type_(self, dtype, non_blocking)
    def type_as(self, other): return _cv.to(self, other.dtype)
    def new(self, *args, **kwargs): return _cv.legacy_new(self, args, kwargs)
    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "tensor", data, dtype, device, requires_grad)
    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "full", (size, fill_value), dtype, device, requires_grad)
    share_memory_ = _shared.share_memory_
    is_shared = _shared.is_shared
    pin_memory = _shared.pin_memory
    is_pinned = _shared.is_pinned

    # --- autograd -------------------------------------------------------------------------------
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        # The engine sits above Tensor (docs/architecture.md, "Layers"): reached through the
        # package when called, as torch/_tensor.py reaches torch.autograd.
        return tinytorch.autograd.backward(self, gradient, retain_graph, create_graph, inputs)
    def detach(self): return _cv.detach(self)
    def detach_(self): return _cv.detach_(self)
    def requires_grad_(self, requires_grad=True): return _cv.requires_grad_(self, requires_grad)
    def retain_grad(self): return _hooks.retain_grad(self)
    def register_hook(self, hook): return _hooks.register_hook(self, hook)
    def register_post_accumulate_grad_hook(self, hook):
        return _hooks.register_post_accumulate_grad_hook(self, hook)

    # --- arithmetic ------------------------------------------------------------------------------
    add = _ar.add
    sub = _ar.sub
    mul = _ar.mul
    def div(self, other, *, rounding_mode=None):
        return _ar.div(self, other, rounding_mode=rounding_mode)
    def true_divide(self, other): return _ar.div(self, other)
    floor_divide = _ar.floor_divide
    remainder = _ar.remainder
    fmod = _ar.fmod
    pow = _ar.pow
    neg = _ar.neg
    abs = _ar.abs
    maximum = _ar.maximum
    minimum = _ar.minimum
    lerp = _ar.lerp
    def where(self, condition, other): return _ar.where(condition, self, other)
    # binary operators: NotImplemented for an operand they refuse (see _util.operator_form)
    __add__ = __radd__ = _op(_ar.add)
    __sub__, __rsub__ = _op(_ar.sub), _op(_ar.rsub)
    __mul__ = __rmul__ = _op(_ar.mul)
    __truediv__, __rtruediv__ = _op(_ar.div), _op(_ar.rdiv)
    __floordiv__, __rfloordiv__ = _op(_ar.floor_divide), _op(_ar.rfloor_divide)
    __mod__, __rmod__ = _op(_ar.remainder), _op(_ar.rremainder)
    __pow__, __rpow__ = _op(_ar.pow), _op(_ar.rpow)
    __matmul__, __rmatmul__ = _op(_la.matmul), _op(_la.rmatmul)
    __neg__ = _ar.neg
    __pos__ = _mc.positive
    __abs__ = _ar.abs
    __invert__ = _cmp.invert
    __and__, __or__, __xor__ = _op(_cmp.bitwise_and), _op(_cmp.bitwise_or), _op(_cmp.bitwise_xor)

    # --- pointwise math --------------------------------------------------------------------------
    exp = _pw.exp
    log = _pw.log
    log1p = _pw.log1p
    expm1 = _pw.expm1
    sqrt = _pw.sqrt
    rsqrt = _pw.rsqrt
    square = _pw.square
    reciprocal = _pw.reciprocal
    sin = _pw.sin
    cos = _pw.cos
    tanh = _pw.tanh
    sigmoid = _pw.sigmoid
    relu = _pw.relu
    clamp = _pw.clamp
    clip = _pw.clamp
    sign = _pw.sign
    floor = _pw.floor
    ceil = _pw.ceil
    round = _pw.round
    def softmax(self, dim, dtype=None): return _pw.softmax(self, dim, dtype)
    def log_softmax(self, dim, dtype=None): return _pw.log_softmax(self, dim, dtype)

    # --- comparison and logic (no gradient) --------------------------------------------------
    eq = _cmp.eq
    ne = _cmp.ne
    lt = _cmp.lt
    le = _cmp.le
    gt = _cmp.gt
    ge = _cmp.ge
    def __eq__(self, other): return _cmp.operator(_cmp.eq, self, other)
    def __ne__(self, other): return _cmp.operator(_cmp.ne, self, other)
    def __lt__(self, other): return _cmp.operator(_cmp.lt, self, other)
    def __le__(self, other): return _cmp.operator(_cmp.le, self, other)
    def __gt__(self, other): return _cmp.operator(_cmp.gt, self, other)
    def __ge__(self, other): return _cmp.operator(_cmp.ge, self, other)
    logical_and = _cmp.logical_and
    logical_or = _cmp.logical_or
    logical_xor = _cmp.logical_xor
    logical_not = _cmp.logical_not
    isnan = _cmp.isnan
    isinf = _cmp.isinf
    isfinite = _cmp.isfinite
    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _cmp.allclose(self, other, rtol, atol, equal_nan)
    equal = _cmp.equal

    # --- reductions -------------------------------------------------------------------------------
    sum = _rd.sum
    mean = _rd.mean
    def prod(self, dim=None, keepdim=False, *, dtype=None):
        return _rd.prod(self, dim, keepdim, dtype=dtype)
    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _rd.var(self, dim, unbiased, keepdim, correction=correction)
    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _rd.std(self, dim, unbiased, keepdim, correction=correction)
    max = _rd.max
    min = _rd.min
    def amax(self, dim=(), keepdim=False): return _rd.amax(self, dim, keepdim)
    def amin(self, dim=(), keepdim=False): return _rd.amin(self, dim, keepdim)
    argmax = _rd.argmax
    argmin = _rd.argmin
    logsumexp = _rd.logsumexp
    cumsum = _rd.cumsum
    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        return _rd.norm(self, p, dim, keepdim, dtype)
    all = _rd.all
    any = _rd.any
    sort = _so.sort
    argsort = _so.argsort
    msort = _so.msort
    topk = _so.topk
    unique = _co.unique
    bincount = _co.bincount
    repeat_interleave = _co.repeat_interleave
    count_nonzero = _co.count_nonzero
    argwhere = _co.argwhere
    kthvalue = _mo.kthvalue
    median = _mo.median
    diff = _mo.diff
    dist = _mo.dist
    addmm = _mo.addmm
    addmv = _mo.addmv
    baddbmm = _mo.baddbmm
    nan_to_num = _mm.nan_to_num
    kron = _mm.kron
    rot90 = _mm.rot90
    mode = _st.mode
    cummax = _st.cummax
    cummin = _st.cummin
    quantile = _st.quantile
    nanquantile = _st.nanquantile
    histc = _st.histc

    # --- linear algebra --------------------------------------------------------------------------
    matmul = _la.matmul
    mm = _la.mm
    bmm = _la.bmm
    dot = _la.dot
    outer = _la.outer
    t = _sh.t
    # linear algebra (linalgH)
    inverse = _lapi.inv
    det = _lapi.det
    logdet = _lapi.logdet
    slogdet = _lapi.slogdet_legacy
    cholesky = _lapi.cholesky_legacy
    matrix_power = _lprod.matrix_power
    mv = _lprod.mv
    inner = _lprod.inner
    ger = _la.outer
    addr = _lprod.addr
    addbmm = _lprod.addbmm
    pinverse = _lspec.pinverse
    svd = _lspec.svd_legacy

    # --- shape -----------------------------------------------------------------------------------
    def reshape(self, *args, shape=None):
        return _sh.reshape(self, _sized(args, shape, "reshape", "shape"))
    def view(self, *args, size=None): return _sh.view(self, _sized(args, size, "view", "size"))
    def view_as(self, other): return _sh.view(self, other.shape)
    def reshape_as(self, other): return _sh.reshape(self, other.shape)
    flatten = _sh.flatten
    unflatten = _sh.unflatten
    def squeeze(self, *args, dim=None):
        return _sh.squeeze(self, _sh.varargs(args, dim, "squeeze", "dim"))
    unsqueeze = _sh.unsqueeze
    transpose = _sh.transpose
    def swapaxes(self, axis0, axis1): return _sh.transpose(self, axis0, axis1)
    swapdims = _sh.transpose
    def permute(self, *args, dims=None):
        return _sh.permute(self, _sized(args, dims, "permute", "dims"))
    def expand(self, *args, size=None):
        return _sh.expand(self, _sized(args, size, "expand", "size"))
    def expand_as(self, other): return _sh.expand(self, other.shape)
    def broadcast_to(self, *sizes): return _sh.expand(self, sizes)
    def repeat(self, *args, repeats=None):
        return _sh.repeat(self, _sized(args, repeats, "repeat", "repeats"))
    def tile(self, *args, dims=None): return _sh.tile(self, _sh.varargs(args, dims, "tile", "dims"))
    def split(self, split_size, dim=0): return _jn.split(self, split_size, dim)
    chunk = _jn.chunk
    narrow = _jn.narrow
    unbind = _jn.unbind
    def flip(self, *args, dims=None): return _sh.flip(self, _sh.varargs(args, dims, "flip", "dims"))
    roll = _sh.roll
    tril = _sh.tril
    triu = _sh.triu
    def contiguous(self, memory_format=_mf.contiguous_format):
        return _mf.contiguous(self, memory_format)
    clone = _mf.clone
    layout = property(lambda self: _mf.strided, doc="The layout: always tinytorch.strided.")

    # --- indexing --------------------------------------------------------------------------------
    __getitem__ = _ix.getitem
    def __setitem__(self, index, value): _ix.setitem(self, index, value)
    gather = _ix.gather
    take_along_dim = _ie.take_along_dim
    def scatter(self, dim, index, src=None, *, value=None, reduce=None):
        return _ix.scatter(self, dim, index, src, value=value, reduce=reduce)
    scatter_add = _ix.scatter_add
    index_select = _ix.index_select
    masked_fill = _ix.masked_fill
    nonzero = _ix.nonzero

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
    def masked_fill_(self, mask, value):
        return _ip.fill_where(self, _ix.masked_fill, lambda: mask, "masked_fill", mask, value)
    def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
        _ip.refuse_source_overlap(self, src)
        return _ip.inplace(self, _sl.scatter_, dim, index, src, value=value, reduce=reduce)
    def scatter_add_(self, dim, index, src):
        _ip.refuse_source_overlap(self, src)
        return _ip.inplace(self, _ix.scatter_add, dim, index, src)
    def copy_(self, src, non_blocking=False): return _ip.copy_(self, src)
    def zero_(self): return _ip.fill_(self, 0)
    def fill_(self, value): return _ip.fill_(self, value)
    def uniform_(self, a=0.0, b=1.0, *, generator=None): return _rf.uniform_(self, a, b, generator)
    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        return _rf.normal_(self, mean, std, generator)
    def floor_divide_(self, other): return _ip.inplace(self, _ar.floor_divide, other)
    def remainder_(self, other): return _ip.inplace(self, _ar.remainder, other)
    def fmod_(self, other): return _ip.inplace(self, _ar.fmod, other)
    __iadd__, __isub__, __imul__, __itruediv__ = _op(add_), _op(sub_), _op(mul_), _op(div_)
    __ifloordiv__, __imod__, __ipow__ = _op(floor_divide_), _op(remainder_), _op(pow_)

    # --- pointwise math (mathD): PyTorch's names, aliases and in-place forms ------------------
    log2 = _mu.log2
    log10 = _mu.log10
    exp2 = _mu.exp2
    tan = _mu.tan
    asin = arcsin = _mu.asin
    acos = arccos = _mu.acos
    atan = arctan = _mu.atan
    sinh = _mu.sinh
    cosh = _mu.cosh
    asinh = arcsinh = _mu.asinh
    acosh = arccosh = _mu.acosh
    atanh = arctanh = _mu.atanh
    erf = _mu.erf
    erfc = _mu.erfc
    erfinv = _mu.erfinv
    sinc = _mu.sinc
    logit = _mu.logit
    atan2 = arctan2 = _mb.atan2
    hypot = _mb.hypot
    logaddexp = _mb.logaddexp
    logaddexp2 = _mb.logaddexp2
    xlogy = _mb.xlogy
    copysign = _mb.copysign
    fmax = _mb.fmax
    fmin = _mb.fmin
    heaviside = _mb.heaviside
    deg2rad = _mc.deg2rad
    rad2deg = _mc.rad2deg
    frac = _mc.frac
    fix = trunc = _pw.trunc
    sgn = _pw.sign
    positive = _mc.positive
    negative = _ar.neg
    absolute = _ar.abs
    float_power = _mc.float_power
    ldexp = _mb.ldexp
    signbit = _mc.signbit
    isposinf = _mc.isposinf
    isneginf = _mc.isneginf
    isreal = _mc.isreal
    isclose = _mc.isclose
    nansum = _mc.nansum
    nanmean = _mc.nanmean
    divide = div
    multiply = _ar.mul
    subtract = _ar.sub
    greater = _cmp.gt
    less = _cmp.lt
    greater_equal = _cmp.ge
    less_equal = _cmp.le
    not_equal = _cmp.ne
    def log2_(self): return _ip.inplace(self, _mu.log2)
    def log10_(self): return _ip.inplace(self, _mu.log10)
    def exp2_(self): return _ip.inplace(self, _mu.exp2)
    def tan_(self): return _ip.inplace(self, _mu.tan)
    def asin_(self): return _ip.inplace(self, _mu.asin)
    def acos_(self): return _ip.inplace(self, _mu.acos)
    def atan_(self): return _ip.inplace(self, _mu.atan)
    def sinh_(self): return _ip.inplace(self, _mu.sinh)
    def cosh_(self): return _ip.inplace(self, _mu.cosh)
    def asinh_(self): return _ip.inplace(self, _mu.asinh)
    def acosh_(self): return _ip.inplace(self, _mu.acosh)
    def atanh_(self): return _ip.inplace(self, _mu.atanh)
    def erf_(self): return _ip.inplace(self, _mu.erf)
    def erfc_(self): return _ip.inplace(self, _mu.erfc)
    def erfinv_(self): return _ip.inplace(self, _mu.erfinv)
    def sinc_(self): return _ip.inplace(self, _mu.sinc)
    def logit_(self, eps=None): return _ip.inplace(self, _mu.logit, eps)
    def atan2_(self, other): return _ip.inplace(self, _mb.atan2, other)
    def hypot_(self, other): return _ip.inplace(self, _mb.hypot, other)
    def xlogy_(self, other): return _ip.inplace(self, _mb.xlogy, other)
    def copysign_(self, other): return _ip.inplace(self, _mb.copysign, other)
    def heaviside_(self, values): return _ip.inplace(self, _mb.heaviside, values)
    def deg2rad_(self): return _ip.inplace(self, _mc.deg2rad)
    def rad2deg_(self): return _ip.inplace(self, _mc.rad2deg)
    def frac_(self): return _ip.inplace(self, _mc.frac)
    def trunc_(self): return _ip.inplace(self, _pw.trunc)
    def sgn_(self): return _ip.inplace(self, _pw.sign)
    float_power_ = _mc.float_power_
    def ldexp_(self, other): return _ip.inplace(self, _mb.ldexp, other)
    def true_divide_(self, other): return _ip.inplace(self, _ar.div, other)
    def gt_(self, other): return _ip.inplace(self, _cmp.gt, other)
    def lt_(self, other): return _ip.inplace(self, _cmp.lt, other)
    def ge_(self, other): return _ip.inplace(self, _cmp.ge, other)
    def le_(self, other): return _ip.inplace(self, _cmp.le, other)
    def ne_(self, other): return _ip.inplace(self, _cmp.ne, other)
    arcsin_, arccos_, arctan_, arctan2_ = asin_, acos_, atan_, atan2_
    arcsinh_, arccosh_, arctanh_ = asinh_, acosh_, atanh_
    fix_, negative_, absolute_ = trunc_, neg_, abs_
    divide_, multiply_, subtract_ = div_, mul_, sub_
    greater_, less_, greater_equal_, less_equal_, not_equal_ = gt_, lt_, ge_, le_, ne_
    # --- tensG: shape, index and construction ops, conveniences (docs/pytorch_drop_in.md) ---
    is_cpu = property(lambda self: self._backend.device.type == "cpu",
                      doc="True if the tensor is on the CPU.")
    itemsize = property(lambda self: self.dtype.itemsize, doc="Bytes per element.")
    nbytes = property(lambda self: self.numel() * self.dtype.itemsize,
                      doc="Bytes of the elements (numel() * itemsize).")
    def is_signed(self): return self.dtype.is_signed
    def is_complex(self): return False
    def is_same_size(self, other): return self.shape == other.shape
    def ndimension(self): return self._data.ndim
    def byte(self): return _cv.to(self, _dtype.uint8)
    def char(self): return _cv.to(self, _dtype.int8)
    def short(self): return _cv.to(self, _dtype.int16)
    stride = _te.stride
    storage_offset = _te.storage_offset
    is_nonzero = _te.is_nonzero
    get_device = _te.get_device
    sum_to_size = _te.sum_to_size
    addcmul = _te.addcmul
    addcdiv = _te.addcdiv
    clamp_min = _te.clamp_min
    clamp_max = _te.clamp_max
    def addcmul_(self, tensor1, tensor2, *, value=1):
        return _ip.inplace(self, _te.addcmul, tensor1, tensor2, value=value)
    def addcdiv_(self, tensor1, tensor2, *, value=1):
        return _ip.inplace(self, _te.addcdiv, tensor1, tensor2, value=value)
    def clamp_min_(self, min): return _ip.inplace(self, _te.clamp_min, min)
    def clamp_max_(self, max): return _ip.inplace(self, _te.clamp_max, max)
    diagonal = _dg.diagonal
    diag = _dg.diag
    diag_embed = _dg.diag_embed
    diagflat = _dg.diagflat
    trace = _dg.trace
    cross = _dg.cross
    def cumprod(self, dim, *, dtype=None): return _dg.cumprod(self, dim, dtype=dtype)
    logcumsumexp = _dg.logcumsumexp
    def cumprod_(self, dim, *, dtype=None):
        return _ip.inplace(self, _dg.cumprod, dim, dtype=dtype)
    diagonal_scatter = _dg.diagonal_scatter
    movedim = _sh.movedim
    moveaxis = _sh.movedim
    ravel = _stk.ravel
    select = _stk.select
    narrow_copy = _stk.narrow_copy
    tensor_split = _stk.tensor_split
    hsplit = _stk.hsplit
    vsplit = _stk.vsplit
    dsplit = _stk.dsplit
    def index_add(self, dim, index, source, *, alpha=1):
        return _ie.index_add(self, dim, index, source, alpha=alpha)
    def index_add_(self, dim, index, source, *, alpha=1):
        _ip.refuse_source_overlap(self, source)
        return _ip.inplace(self, _ie.index_add, dim, index, source, alpha=alpha)
    index_copy = _ie.index_copy
    def index_copy_(self, dim, index, source):
        _ip.refuse_source_overlap(self, source)
        return _ip.inplace(self, _ie.index_copy, dim, index, source)
    index_fill = _ie.index_fill
    index_fill_ = _ie.index_fill_
    masked_select = _ie.masked_select
    masked_scatter = _ie.masked_scatter
    def masked_scatter_(self, mask, source):
        return _ip.inplace(self, _ie.masked_scatter, mask, source)
    take = _ie.take
    select_scatter = _ie.select_scatter
    slice_scatter = _ie.slice_scatter
    def scatter_reduce(self, dim, index, src, reduce, *, include_self=True):
        return _sr.scatter_reduce(self, dim, index, src, reduce, include_self=include_self)
    def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
        _ip.refuse_source_overlap(self, src)
        return _ip.inplace(self, _sr.scatter_reduce, dim, index, src, reduce,
                           include_self=include_self)
