"""``Tensor``'s methods added for PyTorch scripts (tensorM): samplers, windows, index puts,
bitwise ops. A base class of ``Tensor`` (no state: ``__slots__ = ()``) so that
``tinytorch/_tensor.py`` stays within the size limit; each method is one line, as there."""

from tinytorch import _creation
from tinytorch import _removed
from tinytorch._ops import compare as _cmp
from tinytorch._ops import conversion as _cv
from tinytorch._ops import inplace as _ip
from tinytorch._ops import linalg_legacy as _ll
from tinytorch._ops import linalg_more as _lm
from tinytorch._ops import math_binary as _mb
from tinytorch._ops import math_bessel as _mbes
from tinytorch._ops import math_cephes as _mce
from tinytorch._ops import math_more as _mx
from tinytorch._ops import math_numeric as _mn
from tinytorch._ops import math_special as _ms
from tinytorch._ops import mathops as _mo
from tinytorch._ops import mathops_misc as _mm
from tinytorch._ops import nn_activation_extra as _nae
from tinytorch._ops import random_fill as _rf
from tinytorch._ops import real_views as _rv
from tinytorch._ops import scatter_reduce as _sr
from tinytorch._ops import strided as _sd
from tinytorch._ops import shape as _sh
from tinytorch._ops import tensor_more as _tm
from tinytorch._ops._util import operator_form, sized


def _inplace(name, unary):
    """The in-place form of method ``name``: ``self = self.<name>(...)`` written into self
    (NOTE [In-place ops]); its docstring is in ``_tensor_docs_tensG.py``."""
    if unary:
        def method(self):
            return _ip.inplace(self, getattr(type(self), name))
    else:
        def method(self, *args, **kwargs):
            return _ip.inplace(self, getattr(type(self), name), *args, **kwargs)
    method.__name__ = method.__qualname__ = name + "_"
    return method


# methods whose in-place forms are _inplace's (PyTorch has each; they raised AttributeError)
UNARY_INPLACE = ("ceil", "floor", "cos", "sin", "expm1", "log1p", "reciprocal", "rsqrt",
                 "sign", "square", "bitwise_not")
INPLACE_FORMS = UNARY_INPLACE + ("round", "cumsum", "tril", "triu", "logical_and",
                                 "logical_or", "logical_xor", "eq", "renorm", "addbmm",
                                 "addmv", "addr", "baddbmm")


class TensorMore:
    """Methods of :class:`tinytorch.Tensor` (see there); not used on its own."""

    __slots__ = ()

    # --- random samplers (tinytorch's generators; see _ops/random_fill.py) ---------------------
    multinomial = _creation.multinomial
    bernoulli = _rf.bernoulli
    bernoulli_ = _rf.bernoulli_
    exponential_ = _rf.exponential_
    random_ = _rf.random_
    cauchy_ = _rf.cauchy_
    log_normal_ = _rf.log_normal_
    geometric_ = _rf.geometric_

    __deepcopy__ = _cv.deepcopy

    # --- new tensors of self's dtype and device (size: *size, or PyTorch's size= keyword) ---
    def new_zeros(self, *args, size=None, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "zeros", sized(args, size, "new_zeros", "size"), dtype, device,
                       requires_grad)

    def new_ones(self, *args, size=None, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "ones", sized(args, size, "new_ones", "size"), dtype, device,
                       requires_grad)

    def new_empty(self, *args, size=None, dtype=None, device=None, requires_grad=False):
        return _cv.new(self, "empty", sized(args, size, "new_empty", "size"), dtype, device,
                       requires_grad)

    # --- shape, index, layout ----------------------------------------------------------------
    unfold = _tm.unfold
    fliplr = _tm.fliplr
    flipud = _tm.flipud
    t_ = _tm.t_
    fill_diagonal_ = _tm.fill_diagonal_
    index_put = _tm.tensor_index_put
    index_put_ = _tm.index_put_
    put = _tm.put
    put_ = _tm.put_
    data_ptr = _tm.data_ptr
    _base = property(_sh.view_base, doc="The tensor a view shares storage with (its root base); "
                     "None for a tensor that is no view.")
    _is_view = _sh.is_view
    resize_ = _tm.resize_
    resize_as_ = _tm.resize_as_
    apply_ = _tm.apply_
    map_ = _tm.map_

    # the older linear-algebra spellings (see _ops/linalg_legacy.py)
    lu = _ll.lu
    lu_solve = _ll.lu_solve
    triangular_solve = _ll.triangular_solve
    cholesky_solve = _ll.cholesky_solve
    cholesky_inverse = _ll.cholesky_inverse

    # the methods PyTorch removed in 1.9: they raise its RuntimeError (see _removed.py)
    solve = _removed.METHODS["solve"]
    lstsq = _removed.METHODS["lstsq"]
    eig = _removed.METHODS["eig"]
    symeig = _removed.METHODS["symeig"]

    # --- reductions, products, logic ------------------------------------------------------------
    aminmax = _mx.aminmax
    nanmedian = _mo.nanmedian
    vdot = _mx.vdot
    unique_consecutive = _mx.unique_consecutive
    renorm = _mx.renorm
    qr = _mx.qr
    conj = resolve_conj = resolve_neg = conj_physical = conj_physical_ = _rv.conj
    angle = _rv.angle
    nonzero_static = _rv.nonzero_static
    dim_order = _sd.dim_order
    is_conj = _rv.is_conj
    is_neg = _rv.is_neg
    adjoint = _rv.adjoint
    mT = property(_rv.m_t, doc="The last two dimensions swapped (a batch of matrices "
                               "transposed).")
    mH = property(_rv.m_h, doc="The conjugate transpose of the last two dims (real: their "
                               "transpose).")
    H = property(_rv.h, doc="The conjugate transpose of a matrix (real: its transpose).")
    real = property(lambda self: self, doc="The real part: the tensor itself (it is real).")
    imag = property(_rv.imag, doc="The imaginary part: an error, as for a real PyTorch tensor.")
    output_nr = property(lambda self: self._output_nr or 0,
                         doc="Which output of its grad_fn this tensor is (0 for a leaf).")
    is_meta = is_sparse = is_quantized = is_mkldnn = is_nested = is_mps = is_xpu = property(
        lambda self: False, doc="False: tinytorch has no such tensors.")
    split_with_sizes = _rv.split_with_sizes
    unsafe_split = _rv.unsafe_split
    unsafe_chunk = _rv.unsafe_chunk
    bitwise_and = _cmp.bitwise_and
    gcd = _cmp.gcd
    lcm = _cmp.lcm
    cov = _mn.cov
    corrcoef = _mn.corrcoef
    frexp = _mn.frexp
    histogram = _mn.histogram
    bitwise_or = _cmp.bitwise_or
    bitwise_xor = _cmp.bitwise_xor
    bitwise_not = _cmp.bitwise_not
    bitwise_left_shift = _cmp.bitwise_left_shift
    bitwise_right_shift = _cmp.bitwise_right_shift
    __lshift__, __rshift__ = operator_form(bitwise_left_shift), operator_form(bitwise_right_shift)
    __rand__ = _cmp.reflected(_cmp.bitwise_and)
    __ror__ = _cmp.reflected(_cmp.bitwise_or)
    __rxor__ = _cmp.reflected(_cmp.bitwise_xor)
    __rlshift__ = _cmp.reflected(_cmp.bitwise_left_shift)
    __rrshift__ = _cmp.reflected(_cmp.bitwise_right_shift)

    def squeeze_(self, dim=None):
        """In-place :meth:`squeeze`: ``self`` loses its size-1 dims (or ``dim``, if size 1);
        its shape and strides change, not its storage.

        Args:
            dim (int or tuple of ints, optional): the dims to remove. Default: all size-1.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.zeros(2, 1, 3).squeeze_().shape
        torch.Size([2, 3])
        """
        return _tm.restride_(self, type(self).squeeze, *(() if dim is None else (dim,)))

    def unsqueeze_(self, dim):
        """In-place :meth:`unsqueeze`: a size-1 dim inserted at ``dim``.

        Args:
            dim (int): where the new dim goes.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.zeros(2, 3).unsqueeze_(1).shape
        torch.Size([2, 1, 3])
        """
        return _tm.restride_(self, type(self).unsqueeze, dim)

    def transpose_(self, dim0, dim1):
        """In-place :meth:`transpose`: dims ``dim0`` and ``dim1`` swapped (shape and strides).

        Args:
            dim0 (int): one dim.
            dim1 (int): the other.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.zeros(2, 3).transpose_(0, 1).shape
        torch.Size([3, 2])
        """
        return _tm.restride_(self, type(self).transpose, dim0, dim1)

    swapaxes_ = swapdims_ = transpose_

    def gcd_(self, other):
        """In-place :meth:`gcd`.

        Args:
            other (Tensor): integers, broadcast to ``self``.

        Returns:
            Tensor: ``self``.

        >>> x = tinytorch.tensor([4, 9])
        >>> x.gcd_(tinytorch.tensor([6, 6]))
        tensor([2, 3])
        """
        return _ip.inplace(self, _cmp.gcd, other)

    def lcm_(self, other):
        """In-place :meth:`lcm`.

        Args:
            other (Tensor): integers, broadcast to ``self``.

        Returns:
            Tensor: ``self``.

        >>> x = tinytorch.tensor([4, 9])
        >>> x.lcm_(tinytorch.tensor([6, 6]))
        tensor([12, 18])
        """
        return _ip.inplace(self, _cmp.lcm, other)

    def bitwise_and_(self, other):
        """In-place :meth:`bitwise_and`: ``self &= other``.

        Args:
            other (Tensor or int or bool): the other operand.

        Returns:
            Tensor: ``self``.

        >>> x = tinytorch.tensor([12, 10])
        >>> x &= 6
        >>> x
        tensor([4, 2])
        """
        return _ip.inplace(self, _cmp.bitwise_and, other)

    def bitwise_or_(self, other):
        """In-place :meth:`bitwise_or`: ``self |= other``.

        Args:
            other (Tensor or int or bool): the other operand.

        Returns:
            Tensor: ``self``.

        >>> x = tinytorch.tensor([12, 10])
        >>> x |= 1
        >>> x
        tensor([13, 11])
        """
        return _ip.inplace(self, _cmp.bitwise_or, other)

    def bitwise_xor_(self, other):
        """In-place :meth:`bitwise_xor`: ``self ^= other``.

        Args:
            other (Tensor or int or bool): the other operand.

        Returns:
            Tensor: ``self``.

        >>> x = tinytorch.tensor([True, False])
        >>> x ^= True
        >>> x
        tensor([False,  True])
        """
        return _ip.inplace(self, _cmp.bitwise_xor, other)

    def bitwise_left_shift_(self, other):
        """In-place :meth:`bitwise_left_shift`: ``self <<= other``.

        Args:
            other (Tensor or int): the shift.

        Returns:
            Tensor: ``self``.

        >>> x = tinytorch.tensor([1, 3])
        >>> x <<= 2
        >>> x
        tensor([ 4, 12])
        """
        return _ip.inplace(self, _cmp.bitwise_left_shift, other)

    def bitwise_right_shift_(self, other):
        """In-place :meth:`bitwise_right_shift`: ``self >>= other``.

        Args:
            other (Tensor or int): the shift.

        Returns:
            Tensor: ``self``.

        >>> x = tinytorch.tensor([8, -8])
        >>> x >>= 2
        >>> x
        tensor([ 2, -2])
        """
        return _ip.inplace(self, _cmp.bitwise_right_shift, other)

    __iand__, __ior__ = operator_form(bitwise_and_), operator_form(bitwise_or_)
    __ixor__ = operator_form(bitwise_xor_)
    __ilshift__ = operator_form(bitwise_left_shift_)
    __irshift__ = operator_form(bitwise_right_shift_)

    # --- the gamma family (specialE; _ops/math_special.py) --------------------------------------
    lgamma = _ms.lgamma
    digamma = _ms.digamma

    def polygamma(self, n):
        """:func:`tinytorch.polygamma` of ``self``: the ``n``-th derivative of digamma.

        Args:
            n (int): the order, ``n >= 0``.

        Returns:
            Tensor: the result, of ``self``'s shape.

        >>> tinytorch.tensor([1.0]).polygamma(1)
        tensor([1.6449])
        """
        return _ms.polygamma(n, self)

    def mvlgamma(self, p):
        """:func:`tinytorch.mvlgamma` of ``self``: the multivariate log-gamma of dimension
        ``p``.

        Args:
            p (int): the number of dimensions, ``p >= 1``.

        Returns:
            Tensor: the result, of ``self``'s shape.

        >>> tinytorch.tensor([2.0]).mvlgamma(2)
        tensor([0.4516])
        """
        return _ms.mvlgamma(self, p)

    def lgamma_(self):
        """In-place :func:`tinytorch.lgamma`: ``self = log|Γ(self)|``.

        Returns:
            Tensor: ``self``.

        Raises:
            RuntimeError: ``self`` is an integer tensor (the result is float).

        >>> tinytorch.tensor([3.0]).lgamma_()
        tensor([0.6931])
        """
        return _ip.inplace(self, _ms.lgamma)

    def digamma_(self):
        """In-place :func:`tinytorch.digamma`: ``self = ψ(self)``.

        Returns:
            Tensor: ``self``.

        Raises:
            RuntimeError: ``self`` is an integer tensor (the result is float).

        >>> tinytorch.tensor([1.0]).digamma_()
        tensor([-0.5772])
        """
        return _ip.inplace(self, _ms.digamma)

    def polygamma_(self, n):
        """In-place :func:`tinytorch.polygamma`: ``self = ψ⁽ⁿ⁾(self)``.

        Args:
            n (int): the order, ``n >= 0``.

        Returns:
            Tensor: ``self``.

        Raises:
            RuntimeError: ``self`` is an integer tensor (the result is float).

        >>> tinytorch.tensor([1.0]).polygamma_(1)
        tensor([1.6449])
        """
        return _ip.inplace(self, lambda x: _ms.polygamma(n, x))

    def mvlgamma_(self, p):
        """In-place :func:`tinytorch.mvlgamma`: the multivariate log-gamma of dimension ``p``.

        Args:
            p (int): the number of dimensions, ``p >= 1``.

        Returns:
            Tensor: ``self``.

        Raises:
            RuntimeError: ``self`` is an integer tensor (the result is float).

        >>> tinytorch.tensor([2.0]).mvlgamma_(2)
        tensor([0.4516])
        """
        return _ip.inplace(self, _ms.mvlgamma, p)

    # --- the incomplete gamma functions (specT; _ops/math_cephes.py) ------------------------
    igamma = _mce.igamma
    igammac = _mce.igammac

    def igamma_(self, other):
        """In-place :func:`tinytorch.igamma`: ``self = P(self, other)``, the regularized lower
        incomplete gamma function.

        Args:
            other (Tensor): x, the upper limit of the integral.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.tensor([1.0]).igamma_(tinytorch.tensor([1.0]))
        tensor([0.6321])
        """
        return _ip.inplace(self, _mce.igamma, other)

    def igammac_(self, other):
        """In-place :func:`tinytorch.igammac`: ``self = Q(self, other) = 1 - P(self, other)``.

        Args:
            other (Tensor): x, the lower limit of the integral.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.tensor([1.0]).igammac_(tinytorch.tensor([1.0]))
        tensor([0.3679])
        """
        return _ip.inplace(self, _mce.igammac, other)

    def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
        """In-place :func:`tinytorch.nan_to_num`: NaN, +inf and -inf replaced.

        Args:
            nan (float): the value for NaN. Default: 0.
            posinf (float, optional): the value for +inf. Default: the dtype's largest.
            neginf (float, optional): the value for -inf. Default: the dtype's lowest.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.tensor([float("nan"), 1.0]).nan_to_num_(nan=-1.0)
        tensor([-1.,  1.])
        """
        return _ip.inplace(self, _mm.nan_to_num, nan, posinf, neginf)

    def logical_not_(self):
        """In-place :func:`tinytorch.logical_not`: 1 where ``self`` is 0, else 0, in
        ``self``'s dtype.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.tensor([1.0, 0.0]).logical_not_()
        tensor([0., 1.])
        """
        return _ip.inplace(self, _cmp.logical_not)

    def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
        """In-place :func:`tinytorch.addmm`: ``self = beta * self + alpha * mat1 @ mat2``.

        Args:
            mat1 (Tensor): (n, m).
            mat2 (Tensor): (m, p); ``self`` must be (n, p).
            beta (number): the factor of ``self``. Default: 1.
            alpha (number): the factor of the product. Default: 1.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.ones(1, 1).addmm_(tinytorch.ones(1, 2), tinytorch.ones(2, 1), beta=2)
        tensor([[4.]])
        """
        return _ip.inplace(self, _mo.addmm, mat1, mat2, beta=beta, alpha=alpha)

    # --- apiS: Bessel functions, strided views, index_reduce, nextafter ------------------------
    i0 = _mbes.i0

    def i0_(self):
        """In-place :func:`tinytorch.i0`: ``self = I0(self)``.

        Returns:
            Tensor: ``self``.

        Raises:
            RuntimeError: ``self`` is an integer tensor (the result is float).

        >>> tinytorch.tensor([0.0, 1.0]).i0_()
        tensor([1.0000, 1.2661])
        """
        return _ip.inplace(self, _mbes.i0)

    nextafter = _mb.nextafter
    is_inference = _tm.is_inference
    as_strided = _sd.as_strided
    new_empty_strided = _sd.new_empty_strided
    index_reduce = _sr.index_reduce

    def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
        """In-place :func:`tinytorch.index_reduce`: ``self = self.index_reduce(...)``.

        Args:
            dim (int): the dim ``index`` indexes.
            index (Tensor): 1-D int64 or int32, one entry per slice of ``source``.
            source (Tensor): the values, of ``self``'s dtype.
            reduce (str): "prod", "mean", "amax" or "amin".
            include_self (bool): whether ``self``'s values take part. Default: True.

        Returns:
            Tensor: ``self``.

        >>> tinytorch.ones(2).index_reduce_(0, tinytorch.tensor([0, 0]),
        ...                                 tinytorch.tensor([2., 3.]), "amax")
        tensor([3., 1.])
        """
        return _ip.inplace(self, _sr.index_reduce, dim, index, source, reduce,
                           include_self=include_self)
    hardshrink = _nae.hardshrink
    prelu = _nae.prelu
    matrix_exp = _lm.matrix_exp

    def nextafter_(self, other):
        """In-place :func:`tinytorch.nextafter`: ``self = nextafter(self, other)``.

        Args:
            other (Tensor): the directions, broadcastable to ``self``.

        Returns:
            Tensor: ``self``.

        >>> (tinytorch.tensor([1.0]).nextafter_(tinytorch.tensor([2.0])) - 1).item() > 0
        True
        """
        return _ip.inplace(self, _mb.nextafter, other)


for _name in INPLACE_FORMS:
    setattr(TensorMore, _name + "_", _inplace(_name, _name in UNARY_INPLACE))
